/**
 * The action's inputs (action.yml) and the CLI's flags for plan/apply: one list, so both stay in
 * step. A test checks it against action.yml.
 */
export const INPUTS: { name: string; help: string }[] = [
  { name: 'mode', help: 'versions | plan | apply | sync-upstream (default plan)' },
  { name: 'spec-folder', help: 'the folder of version folders (default specs)' },
  { name: 'spec-file', help: 'file names to prefer when a version folder holds several specs' },
  { name: 'include-previews', help: 'include preview versions (default true)' },
  { name: 'min-version', help: 'leave out versions older than this' },
  { name: 'keep-examples', help: 'keep x-ms-examples that refer to other files (default false)' },
  {
    name: 'api-id',
    help: "plan and apply: base id of the APIs (required); each version's id is <api-id>-<version>"
  },
  {
    name: 'api-display-name',
    help: 'display name of the APIs and the version set (default api-id)'
  },
  { name: 'api-path', help: 'URL path of the APIs (default api-id)' },
  { name: 'versioning-scheme', help: 'Query | Header | Segment (default Query)' },
  {
    name: 'version-parameter',
    help: 'query parameter or header the versions are routed on (default api-version)'
  },
  { name: 'service-url', help: 'backend URL; {version} is replaced by each version' },
  {
    name: 'subscription-key-header',
    help: 'header clients send the subscription key in (default api-key)'
  },
  { name: 'subscription-required', help: 'require a subscription key (default true)' },
  {
    name: 'policy-file',
    help: 'API policy template ({fragment-id}, {version}, {api-id}, {version-parameter})'
  },
  { name: 'fragment-id', help: 'the shared policy fragment (default <api-id>-common)' },
  {
    name: 'fragment-file',
    help: 'the fragment XML (default: re-add the version parameter for the backend)'
  },
  { name: 'on-spec-change', help: 'revision | reimport | ignore (default revision)' },
  { name: 'prune', help: 'delete versions that are not in the folder (default false)' },
  { name: 'concurrency', help: 'versions applied at once, 1-32 (default 4)' },
  { name: 'subscription-id', help: 'Azure subscription of the APIM service' },
  { name: 'resource-group', help: 'resource group of the APIM service' },
  { name: 'service-name', help: 'name of the APIM service' },
  { name: 'azure-cloud', help: 'public | china | usgov (default public)' },
  { name: 'arm-endpoint', help: 'ARM endpoint to call instead of the cloud default' },
  { name: 'client-id', help: 'app registration for OIDC sign-in (with tenant-id)' },
  { name: 'tenant-id', help: 'tenant for OIDC sign-in (with client-id)' },
  { name: 'access-token', help: 'an ARM access token to use as is' },
  {
    name: 'github-token',
    help: 'token for the pull-request plan comment and the release (default: the workflow token)'
  },
  {
    name: 'upstream-repo',
    help: 'sync-upstream: the repository to take versions from (default Azure/azure-rest-api-specs)'
  },
  { name: 'upstream-ref', help: 'sync-upstream: branch, tag or commit (default main)' },
  {
    name: 'upstream-path',
    help: 'sync-upstream: its folder of version folders (default specification/cognitiveservices/data-plane/AzureOpenAI/inference)'
  },
  {
    name: 'upstream-files',
    help: 'sync-upstream: file names to take, most preferred first (default inference.json)'
  },
  {
    name: 'update-changed',
    help: 'sync-upstream: also update versions whose upstream file changed (default false)'
  },
  {
    name: 'release-notes',
    help: 'github-release | none (default: github-release on push events, else none)'
  }
]
