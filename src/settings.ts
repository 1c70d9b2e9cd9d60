import { apimPath } from './apim/normalize.js'
import type { AnalyzeOptions } from './specs/analyze.js'
import { DEFAULT_SPEC_FILES } from './specs/discover.js'
import type { ImportableMode } from './specs/importable/index.js'
import { parseVersionId, VERSION_FORMS } from './specs/versions.js'
import { readAzure, type AzureTarget } from './settings-azure.js'
import { readGatewaySettings, type GatewaySettings } from './settings-gateway.js'
import { readUpstreamSettings, type UpstreamSettings } from './settings-upstream.js'
import { bool, list, nonEmpty, oneOf } from './settings-values.js'

/** A problem with what the user asked for (an input or a flag); the CLI exits 2 on it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface SpecSettings {
  specFolder: string
  specFiles: string[]
  includePreviews: boolean
  minVersion?: string
  versionParameter: string
  keepExamples: boolean
  /** What to do with what APIM cannot import: patch it where faithful, only check, or neither. */
  importable: ImportableMode
}

/** Raw values by input name (`spec-folder`…), as action inputs or CLI flags give them. */
export type RawInputs = Record<string, string | undefined>

export function readSpecSettings(raw: RawInputs, options: ReadOptions = {}): SpecSettings {
  const problems = emptyProblems(raw, options, false)
  const specFolder = nonEmpty(raw['spec-folder']) ?? 'specs'
  const specFiles = list(raw['spec-file']) ?? DEFAULT_SPEC_FILES
  for (const name of specFiles) {
    if (name.includes('/') || name.includes('\\')) {
      problems.push(`spec-file: '${name}' must be a file name, not a path`)
    }
  }
  const includePreviews = bool(raw, 'include-previews', true, problems)
  const keepExamples = bool(raw, 'keep-examples', false, problems)
  const minVersion = nonEmpty(raw['min-version'])
  if (minVersion && !parseVersionId(minVersion)) {
    problems.push(`min-version: '${minVersion}' is not a version (expected ${VERSION_FORMS})`)
  }
  const versionParameter = nonEmpty(raw['version-parameter']) ?? 'api-version'
  if (!/^[A-Za-z0-9._~-]+$/.test(versionParameter)) {
    problems.push(`version-parameter: '${versionParameter}' is not a valid query parameter name`)
  }
  const importable = oneOf(raw, 'importable', IMPORTABLE_MODES, 'patch', problems)
  if (problems.length > 0) throw new UsageError(problems.join('\n'))
  return {
    specFolder,
    specFiles,
    includePreviews,
    minVersion,
    versionParameter,
    keepExamples,
    importable
  }
}

/** The engine's options for these settings; paths are shown relative to `cwd`. */
export function analyzeOptions(settings: SpecSettings, cwd: string): AnalyzeOptions {
  return {
    specFiles: settings.specFiles,
    includePreviews: settings.includePreviews,
    minVersion: settings.minVersion,
    parameter: settings.versionParameter,
    removeExternalExamples: !settings.keepExamples,
    importable: settings.importable,
    cwd
  }
}

/** The choices of the inputs that take one of a few values (the config file's schema lists them). */
export const MODES = ['versions', 'plan', 'apply', 'verify', 'sync-upstream', 'matrix'] as const
export const SCHEMES = ['Query', 'Header', 'Segment'] as const
export const ON_SPEC_CHANGES = ['revision', 'reimport', 'ignore'] as const
export const IMPORTABLE_MODES = [
  'patch',
  'check',
  'off'
] as const satisfies readonly ImportableMode[]
export const RELEASE_NOTES = ['github-release', 'none'] as const

export type Mode = (typeof MODES)[number]
export type Scheme = (typeof SCHEMES)[number]
export type OnSpecChange = (typeof ON_SPEC_CHANGES)[number]

export interface ApiSettings {
  /** Base id: each version's API id is `${id}-${version}`. */
  id: string
  displayName: string
  path: string
  scheme: Scheme
  /** Query parameter or header name the version set routes on (unused for Segment). */
  versionParameter: string
  /** The backend; `{version}` is replaced by each version. */
  serviceUrl?: string
  keyHeader: string
  subscriptionRequired: boolean
  /** The version callers reach without a version identifier (APIM's Original), e.g. v1. */
  originalVersion?: string
}

export interface Settings {
  mode: Mode
  specs: SpecSettings
  api: ApiSettings
  policyFile?: string
  fragmentId: string
  fragmentFile?: string
  onSpecChange: OnSpecChange
  prune: boolean
  /** After a release, keep at most this many non-current revisions (undefined: keep all). */
  keepRevisions?: number
  concurrency: number
  /** Undefined when no Azure coordinates are given (the CLI then uses the embedded emulator). */
  azure?: AzureTarget
  upstream: UpstreamSettings
  /** The `github-token` input (the CLI falls back to GITHUB_TOKEN). */
  githubToken?: string
  /** Products, backend, AI-gateway policies and the check through the gateway. */
  gateway: GatewaySettings
  /** `release-notes`; undefined: a GitHub release on push events, none otherwise. */
  releaseNotes?: (typeof RELEASE_NOTES)[number]
  /**
   * From a config file (`config` + `api` + `environment`) whose environment says `promote-from`:
   * that environment's name and its inputs for the same API, resolved as `inputsFor` gives them.
   */
  promoteFrom?: { environment: string; inputs: RawInputs }
}

const FRAGMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/

/**
 * APIM's rules for the ids we create (Microsoft.ApiManagement REST spec, apimapis.json /
 * apimanagement.json path parameters): an API id is 1-256 characters of `^[^*#&+:<>?]+$`, but the
 * same id is only 1-80 characters where revisions and releases take it (ApiIdParameter), and a
 * version set id is 1-80 of the same pattern. We take a conservative subset that needs no
 * escaping in URLs, XML or markdown and that no two spellings map onto: letters, digits, `-` and
 * `_`, starting with a letter or digit. `api-id` is at most 60 so `<api-id>-<version>` fits 80
 * for versions like 2025-03-01-preview; each version's id is checked by `versionApiIdProblem`.
 */
export const API_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/
export const MAX_API_ID = 60
const VERSION_API_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
export const MAX_VERSION_API_ID = 80

/** Why `<api-id>-<version>` cannot be an APIM API id as it is (it is never rewritten), or undefined. */
export function versionApiIdProblem(apiId: string): string | undefined {
  if (!VERSION_API_ID.test(apiId))
    return `the APIM API id '${apiId}' may only contain letters, digits, '.', '-' and '_'`
  if (apiId.length > MAX_VERSION_API_ID)
    return `the APIM API id '${apiId}' is longer than APIM's ${MAX_VERSION_API_ID} characters: use a shorter api-id`
  return undefined
}

/**
 * An API's URL path (API URL suffix): APIM allows 0-400 characters (REST spec `path`); we take
 * segments of URL-safe characters (letters, digits, `.`, `_`, `~`, `-`) joined by single `/`,
 * with no `.` or `..` segment, as terraform-provider-azurerm's validation does
 * (`^(?:|[\w]|[\w.][\w-/.:]{0,398}[\w-])$`) minus `:` and with `~`.
 */
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/

function pathProblem(path: string): string | undefined {
  if (path.length > 400) return 'at most 400 characters'
  if (path === '') return undefined
  const bad = path.split('/').find((s) => !PATH_SEGMENT.test(s) || s === '.' || s === '..')
  if (bad === undefined) return undefined
  return bad === ''
    ? 'has an empty segment (//)'
    : `segment '${bad}' must be letters, digits, '.', '_', '~' and '-' (not '.' or '..')`
}

/** Inputs whose values are secrets: a value of only whitespace is an error, never "not given". */
const SECRET_INPUTS = ['access-token', 'github-token', 'verify-key']

export interface ReadOptions {
  /**
   * The CLI: a flag given with an empty value (`--subscription-id "$SUB"` with SUB unset) is an
   * error, not "not given". The action's inputs are '' when not set, so it keeps the default.
   */
  emptyIsError?: boolean
}

/** Values given but empty (an error for CLI flags) or only whitespace (an error for secrets). */
function emptyProblems(raw: RawInputs, options: ReadOptions, secrets = true): string[] {
  const problems: string[] = []
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value.trim() !== '') continue
    if (options.emptyIsError) {
      problems.push(
        `--${name}: given an empty value (if it came from a variable, that variable may be unset); give a value or leave the flag out`
      )
    } else if (secrets && SECRET_INPUTS.includes(name) && value !== '') {
      problems.push(`${name}: only whitespace; give the token or leave the input empty`)
    }
  }
  return problems
}

/** Every input of the action (and flag of `plan`/`apply`), validated together: one message per problem. */
export function readSettings(raw: RawInputs, options: ReadOptions = {}): Settings {
  const problems = emptyProblems(raw, options)
  let specs: SpecSettings | undefined
  try {
    specs = readSpecSettings(raw)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    problems.push(...err.message.split('\n'))
  }
  const mode = oneOf(raw, 'mode', MODES, 'plan', problems)
  const needsApi = mode === 'plan' || mode === 'apply' || mode === 'verify'
  const id = nonEmpty(raw['api-id'])
  if (needsApi && !id)
    problems.push(
      "api-id: required for plan, apply and verify (the base of every version's API id, e.g. azure-openai)"
    )
  if (id && (!API_ID.test(id) || id.length > MAX_API_ID)) {
    problems.push(
      `api-id: '${id}' must be letters, digits, - and _ (starting with a letter or digit), at most ${MAX_API_ID} characters: it is the version set's id and, with -<version>, each API's id in APIM`
    )
  }
  const scheme = oneOf(raw, 'versioning-scheme', SCHEMES, 'Query', problems)
  const versionParameter = nonEmpty(raw['version-parameter']) ?? 'api-version'
  const serviceUrl = nonEmpty(raw['service-url'])
  if (serviceUrl && !/^https?:\/\/[^\s]+$/.test(serviceUrl))
    problems.push(`service-url: '${serviceUrl}' is not an http(s) URL`)
  const path = apimPath(nonEmpty(raw['api-path']) ?? id ?? '')
  const badPath = pathProblem(path)
  if (badPath) problems.push(`api-path: '${path}' ${badPath}`)
  const originalVersion = nonEmpty(raw['original-version'])
  if (originalVersion && !parseVersionId(originalVersion))
    problems.push(
      `original-version: '${originalVersion}' is not a version (expected ${VERSION_FORMS})`
    )
  const displayName = nonEmpty(raw['api-display-name'])
  if (displayName && displayName.length > 100)
    problems.push('api-display-name: at most 100 characters (the version set name limit)')
  const fragmentId = nonEmpty(raw['fragment-id']) ?? `${id ?? 'api'}-common`
  if (!FRAGMENT_ID.test(fragmentId) || fragmentId.endsWith('-') || fragmentId.length > 80) {
    problems.push(
      `fragment-id: '${fragmentId}' must be letters, digits, _ and - (not at the end), at most 80 characters`
    )
  }
  const onSpecChange = oneOf(raw, 'on-spec-change', ON_SPEC_CHANGES, 'revision', problems)
  const prune = bool(raw, 'prune', false, problems)
  const subscriptionRequired = bool(raw, 'subscription-required', true, problems)
  const keepText = nonEmpty(raw['keep-revisions'])
  const keepRevisions = keepText === undefined ? undefined : Number(keepText)
  if (keepText !== undefined && !(/^\d{1,4}$/.test(keepText) && keepRevisions! >= 0)) {
    problems.push(
      `keep-revisions: expected a whole number of non-current revisions to keep (0 or more), got '${keepText}'`
    )
  }
  const concurrencyText = nonEmpty(raw.concurrency) ?? '4'
  const concurrency = /^\d{1,2}$/.test(concurrencyText) ? Number(concurrencyText) : NaN
  if (!(concurrency >= 1 && concurrency <= 32)) {
    problems.push(`concurrency: expected a whole number from 1 to 32, got '${concurrencyText}'`)
  }
  const azure = readAzure(raw, problems)
  const upstream = readUpstreamSettings(raw, problems)
  const releaseNotes = nonEmpty(raw['release-notes'])
    ? oneOf(raw, 'release-notes', RELEASE_NOTES, 'none', problems)
    : undefined
  const gateway = readGatewaySettings(raw, serviceUrl, problems)
  if (
    (mode === 'verify' || gateway.verify === 'gateway') &&
    subscriptionRequired &&
    !gateway.verifyKey &&
    !gateway.verifySubscription
  ) {
    problems.push(
      'verify: the APIs require a subscription key: give verify-key (a key as callers use it) or verify-subscription (a subscription id whose key is read from APIM)'
    )
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'))
  return {
    mode,
    specs: specs!,
    gateway,
    api: {
      id: id ?? '',
      displayName: displayName ?? id ?? '',
      path,
      scheme,
      versionParameter,
      serviceUrl,
      keyHeader: nonEmpty(raw['subscription-key-header']) ?? 'api-key',
      subscriptionRequired,
      ...(originalVersion ? { originalVersion } : {})
    },
    policyFile: nonEmpty(raw['policy-file']),
    fragmentId,
    fragmentFile: nonEmpty(raw['fragment-file']),
    onSpecChange,
    prune,
    keepRevisions,
    concurrency,
    azure,
    githubToken: nonEmpty(raw['github-token']),
    releaseNotes,
    upstream
  }
}
