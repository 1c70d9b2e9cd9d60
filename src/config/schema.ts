import { INPUT_GROUPS, INPUT_HELP } from '../inputs.js'
import { AZURE_CLOUDS } from '../settings-azure.js'
import { BACKEND_AUTHS, VERIFY_KINDS } from '../settings-gateway.js'
import { API_ID, IMPORTABLE_MODES, MAX_API_ID, ON_SPEC_CHANGES, SCHEMES } from '../settings.js'

/**
 * The JSON Schema of the config file (draft-07: what Ajv's default build and the YAML and JSON
 * language servers of editors support best), made from the inputs' table so that a new input is
 * a key of the file with its help as the description. `npm run schema` writes it to
 * schema/apim-versions.schema.json and Ajv's validating code for it to validator.generated.js;
 * a test checks the committed files are these.
 */

/** Where editors fetch the schema from (the `# yaml-language-server: $schema=` line). */
export const SCHEMA_URL =
  'https://raw.githubusercontent.com/org/apim-version-action/v1/schema/apim-versions.schema.json'

export type JsonSchema = { [key: string]: unknown }

/**
 * Inputs that are never keys of the file, and why: what to do instead. Secrets stay in GitHub
 * secrets; the run's own inputs (mode, release notes, the GitHub token) stay with the run.
 */
export const NOT_IN_FILE: Record<string, string> = {
  'api-id': 'the api-id is the key of the entry under apis:',
  'access-token':
    'a secret never goes in a file: give it as the access-token input (CLI: APIM_ACCESS_TOKEN), or sign in with client-id and tenant-id',
  'verify-key':
    'a secret never goes in a file: give it as the verify-key input (from a GitHub secret), or name verify-subscription',
  'github-token': 'a secret never goes in a file: give it as the github-token input',
  mode: 'the run says what to do: give mode as an input (CLI: the command)',
  'release-notes': 'a setting of the run: give it as the release-notes input',
  config: 'the file is named by the config input (CLI: --config)',
  api: 'the API is chosen by the api input (CLI: --api)',
  environment: 'the environment is chosen by the environment input (CLI: --environment)'
}

/** The keys of an API entry (and of an environment's per-API overrides). */
export const API_KEYS: readonly string[] = [
  ...INPUT_GROUPS.spec,
  ...INPUT_GROUPS.api,
  ...INPUT_GROUPS.gateway
].filter((name) => !(name in NOT_IN_FILE))

/** The inputs an environment takes itself: the APIM service and how to sign in to it. */
export const ENVIRONMENT_INPUTS: readonly string[] = INPUT_GROUPS.azure.filter(
  (name) => !(name in NOT_IN_FILE)
)

/** The service coordinates every environment needs. */
export const SERVICE_KEYS = ['subscription-id', 'resource-group', 'service-name'] as const

/** Inputs read as true/false (settings-values.ts `bool`). */
export const BOOLEAN_INPUTS: readonly string[] = [
  'include-previews',
  'keep-examples',
  'subscription-required',
  'prune',
  'emit-token-metric'
]

/** Inputs read as whole numbers, and the ranges readSettings accepts (a test holds them equal). */
export const INTEGER_INPUTS: Record<string, { minimum: number; maximum: number }> = {
  concurrency: { minimum: 1, maximum: 32 },
  'keep-revisions': { minimum: 0, maximum: 9999 },
  'token-limit': { minimum: 1, maximum: 999_999_999 }
}

/** Inputs read as lists (settings-values.ts `list`): a YAML list, or the comma string inputs take. */
export const LIST_INPUTS: readonly string[] = ['spec-file', 'products']

/** Inputs that take one of a few values, as the settings readers check them. */
export const CHOICES: Record<string, readonly string[]> = {
  importable: IMPORTABLE_MODES,
  'versioning-scheme': SCHEMES,
  'on-spec-change': ON_SPEC_CHANGES,
  'backend-auth': BACKEND_AUTHS,
  verify: VERIFY_KINDS,
  'azure-cloud': AZURE_CLOUDS
}

/**
 * An api-id as readSettings takes it (API_ID, at most MAX_API_ID characters), as one pattern: the
 * length in the pattern rather than `maxLength`, which would need Ajv's runtime beside the
 * precompiled validator. A test holds the two equal.
 */
export const API_NAME = `^${API_ID.source.slice(1, -2)}{0,${MAX_API_ID - 1}}$`

/** The names of environments: what GitHub environments, job names and matrix values take well. */
export const ENVIRONMENT_NAME = '^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$'

/** The schema of one input's value. */
export function inputSchema(name: string): JsonSchema {
  const description = INPUT_HELP[name]
  if (description === undefined) throw new Error(`internal error: no input '${name}'`)
  if (BOOLEAN_INPUTS.includes(name)) return { description, type: 'boolean' }
  if (name in INTEGER_INPUTS) return { description, type: 'integer', ...INTEGER_INPUTS[name] }
  if (name in CHOICES) return { description, type: 'string', enum: [...CHOICES[name]] }
  if (LIST_INPUTS.includes(name))
    return { description, type: ['array', 'string'], items: { type: 'string' } }
  return { description, type: 'string' }
}

function inputsSchema(names: readonly string[]): JsonSchema {
  return Object.fromEntries(names.map((name) => [name, inputSchema(name)]))
}

/** The whole schema, as schema/apim-versions.schema.json holds it. */
export function configSchema(): JsonSchema {
  const apiNames = { pattern: API_NAME }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'apim-versions config',
    description:
      'APIs (by api-id) and the APIM services (environments) apim-version-action keeps in step with their spec folders. Generated from src/inputs.ts by script/config-schema.mjs.',
    type: 'object',
    additionalProperties: false,
    required: ['apis'],
    properties: {
      $schema: { description: 'the JSON Schema of this file, for editors', type: 'string' },
      apis: {
        description:
          'the APIs, each under its api-id (letters, digits, - and _, at most 60 characters): its spec folder and how APIM serves it',
        type: 'object',
        minProperties: 1,
        propertyNames: apiNames,
        additionalProperties: { $ref: '#/definitions/api' }
      },
      environments: {
        description:
          'the APIM services (dev, test, prod…), each with its coordinates, sign-in and per-API overrides',
        type: 'object',
        propertyNames: { pattern: ENVIRONMENT_NAME },
        additionalProperties: { $ref: '#/definitions/environment' }
      }
    },
    definitions: {
      api: {
        description:
          'an API: the inputs of the spec, api and gateway groups, by the same names (api-id is the key)',
        type: 'object',
        additionalProperties: false,
        properties: inputsSchema(API_KEYS)
      },
      environment: {
        description:
          'an APIM service: subscription-id, resource-group and service-name, how to sign in, and per-API overrides',
        type: 'object',
        additionalProperties: false,
        required: [...SERVICE_KEYS],
        properties: {
          ...inputsSchema(ENVIRONMENT_INPUTS),
          'promote-from': {
            description:
              'another environment: only versions (and revisions) live there are planned here; the rest wait for it',
            type: 'string',
            pattern: ENVIRONMENT_NAME
          },
          apis: {
            description:
              'per-API overrides for this service (service-url, backend-id, products…): the keys of an API entry',
            type: 'object',
            propertyNames: apiNames,
            additionalProperties: { $ref: '#/definitions/api' }
          }
        }
      }
    }
  }
}
