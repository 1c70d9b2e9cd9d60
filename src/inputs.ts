/**
 * The action's inputs (action.yml) and the CLI's flags for plan/apply/sync-upstream, with the
 * CLI's help for each: one table, so both stay in step. A test checks it against action.yml.
 */
export const INPUT_HELP: Record<string, string> = {
  mode: "versions | plan | apply | verify | sync-upstream | matrix (default plan); matrix: the config's (api, environment) pairs as the matrix output",
  config:
    'a config file of APIs and APIM services (e.g. apim-versions.yaml, in the workspace): with api and environment it gives every other input (docs/config-file.md)',
  api: 'config: the API to run, a key under apis: (default: the only one)',
  environment:
    'config: the APIM service to run against, a key under environments: (none: the API without a service)',
  'matrix-filter':
    'matrix: all | changed (default all): every pair, or those whose spec folder the pull request or push changed',
  'spec-folder': 'the folder of version folders (default specs)',
  'spec-file': 'file names to prefer when a version folder holds several specs',
  'include-previews': 'include preview versions (default true)',
  'min-version': 'leave out versions older than this',
  'keep-examples': 'keep x-ms-examples that refer to other files (default false)',
  importable:
    'patch | check | off (default patch): patch what APIM cannot import where a faithful rewrite exists (recursion cut, OpenAPI 3.1 forms), or only check; a version APIM would refuse is blocked',
  'api-id':
    "plan and apply: base id of the APIs (required): letters, digits, - and _, at most 60 characters; each version's id is <api-id>-<version>",
  'api-display-name': 'display name of the APIs and the version set (default api-id)',
  'api-path':
    'URL path of the APIs (default api-id): segments of letters, digits, ., _, ~ and - joined by /',
  'versioning-scheme': 'Query | Header | Segment (default Query)',
  'original-version':
    "the version callers reach without a version identifier (APIM's Original), e.g. v1 for the v1 API (default: none; every version needs its identifier)",
  'version-parameter': 'query parameter or header the versions are routed on (default api-version)',
  'service-url': 'backend URL; {version} is replaced by each version',
  'subscription-key-header': 'header clients send the subscription key in (default api-key)',
  'subscription-required': 'require a subscription key (default true)',
  'policy-file': 'API policy template ({fragment-id}, {version}, {api-id}, {version-parameter})',
  'fragment-id': 'the shared policy fragment (default <api-id>-common)',
  'fragment-file':
    'the fragment XML (default: give the backend the version parameter or header routing removed; nothing for Segment)',
  'on-spec-change': 'revision | reimport | ignore (default revision)',
  prune: 'delete versions that are not in the folder (default false)',
  concurrency: 'versions applied at once, 1-32 (default 4)',
  products:
    'product ids every version is added to, comma or newline separated (they must exist; memberships are never removed)',
  'backend-id':
    'create or update this backend entity at service-url and route every version to it (set-backend-service backend-id)',
  'backend-auth':
    "none | managed-identity (default none): the gateway signs in to the backend with its managed identity and drops the caller's key",
  'backend-client-id':
    'managed-identity: the client id of a user-assigned identity (default: system-assigned)',
  'backend-resource':
    'managed-identity: the token audience (default https://cognitiveservices.azure.com)',
  'token-limit': 'azure-openai-token-limit: tokens per minute per subscription (default: no limit)',
  'emit-token-metric': 'azure-openai-emit-token-metric to Application Insights (default false)',
  verify:
    'none | gateway (default none): after apply, call each version once through the gateway and fail if one is not routed',
  'gateway-url': "verify: the gateway URL (default: the service's gatewayUrl)",
  'verify-key': 'verify: a subscription key as callers use it (masked)',
  'verify-subscription': 'verify: a subscription id whose primary key is read from APIM',
  'keep-revisions':
    'after a release, delete non-current revisions beyond the newest N (default: keep all; never the current one)',
  'subscription-id': 'Azure subscription of the APIM service',
  'resource-group': 'resource group of the APIM service',
  'service-name': 'name of the APIM service',
  'azure-cloud': 'public | china | usgov (default public)',
  'arm-endpoint': 'ARM endpoint to call instead of the cloud default',
  'client-id': 'app registration for OIDC sign-in (with tenant-id)',
  'tenant-id': 'tenant for OIDC sign-in (with client-id)',
  'access-token':
    'an ARM access token to use as is (CLI: better in APIM_ACCESS_TOKEN; every process can read argv)',
  'github-token':
    'token for the pull-request plan comment and the release (default: the workflow token)',
  upstream:
    'sync-upstream: azure-openai-inference | azure-openai-v1 | custom (default azure-openai-inference): where Azure OpenAI publishes its dated versions, or its v1 API (two flat files, v1 and preview, regenerated in place)',
  'upstream-repo':
    "sync-upstream: the repository to take versions from (default: the preset's, Azure/azure-rest-api-specs)",
  'upstream-ref': 'sync-upstream: branch, tag or commit (default main)',
  'upstream-path':
    "sync-upstream: the upstream folder (default: the preset's, e.g. specification/cognitiveservices/data-plane/AzureOpenAI/inference)",
  'upstream-layout':
    'sync-upstream: folders (<version>/<file>, the default) | flat (files in the folder, each one version)',
  'upstream-files':
    'sync-upstream: folders: file names to take, most preferred first (default inference.json); flat: file=version pairs',
  'update-changed':
    'sync-upstream: also update dated versions whose upstream file changed (default false; versions named like v1 or preview are always updated)',
  'release-notes': 'github-release | none (default: github-release on push events, else none)'
}

export const INPUT_NAMES = Object.keys(INPUT_HELP)

/**
 * Which inputs belong together, so each CLI command takes (and its help lists) only its own:
 * `plan`/`apply` take config, spec, api, gateway and azure; `sync-upstream` takes its spec inputs, upstream and
 * github-token. `action` inputs are the action's alone. A test checks every input is in one group.
 */
export const INPUT_GROUPS = {
  action: ['mode', 'release-notes'],
  config: ['config', 'api', 'environment', 'matrix-filter'],
  spec: [
    'spec-folder',
    'spec-file',
    'include-previews',
    'min-version',
    'keep-examples',
    'importable',
    'version-parameter'
  ],
  api: [
    'api-id',
    'api-display-name',
    'api-path',
    'versioning-scheme',
    'original-version',
    'service-url',
    'subscription-key-header',
    'subscription-required',
    'policy-file',
    'fragment-id',
    'fragment-file',
    'on-spec-change',
    'prune',
    'keep-revisions',
    'concurrency'
  ],
  gateway: [
    'products',
    'backend-id',
    'backend-auth',
    'backend-client-id',
    'backend-resource',
    'token-limit',
    'emit-token-metric',
    'verify',
    'gateway-url',
    'verify-key',
    'verify-subscription'
  ],
  azure: [
    'subscription-id',
    'resource-group',
    'service-name',
    'azure-cloud',
    'arm-endpoint',
    'client-id',
    'tenant-id',
    'access-token'
  ],
  upstream: [
    'upstream',
    'upstream-repo',
    'upstream-ref',
    'upstream-path',
    'upstream-layout',
    'upstream-files',
    'update-changed',
    'github-token'
  ]
} as const satisfies Record<string, readonly string[]>

/**
 * action.yml's defaults: the runner passes each as if it were given. With `config`, an input at
 * its default is taken as not given (the file decides). A test checks them against action.yml.
 */
export const ACTION_DEFAULTS: Record<string, string> = {
  mode: 'plan',
  'matrix-filter': 'all',
  'spec-folder': 'specs',
  'spec-file': 'inference.json,openapi.json,openapi.yaml,inference.yaml',
  'include-previews': 'true',
  'keep-examples': 'false',
  importable: 'patch',
  'versioning-scheme': 'Query',
  'version-parameter': 'api-version',
  'subscription-key-header': 'api-key',
  'subscription-required': 'true',
  'on-spec-change': 'revision',
  prune: 'false',
  concurrency: '4',
  'backend-auth': 'none',
  'emit-token-metric': 'false',
  verify: 'none',
  'azure-cloud': 'public',
  'github-token': '${{ github.token }}',
  upstream: 'azure-openai-inference',
  'upstream-ref': 'main',
  'update-changed': 'false'
}

/** Inputs that are on/off switches with default off: flags without a value on the CLI. */
export const SWITCH_INPUTS: readonly string[] = ['keep-examples']
