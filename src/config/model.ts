import { readSettings, UsageError, type RawInputs } from '../settings.js'
import { closest } from './validate.js'

/** A line and column in the config file, 1-based. */
export interface Position {
  line: number
  col: number
}

/** One APIM service of the file. */
export interface ConfigEnvironment {
  /** Its own inputs: the service coordinates and sign-in (the `azure` group but access-token). */
  inputs: RawInputs
  /** `promote-from`: another environment of the file. */
  promoteFrom?: string
  /** Per-API overrides for this service, by api-id: the keys of an API entry. */
  apis: Record<string, RawInputs>
}

/**
 * A loaded, valid config file. Every value is a string as action inputs are (`true`, `8`, a list
 * joined by commas), so the settings reader takes the file and the inputs alike.
 */
export interface ConfigFile {
  /** The file as messages name it: relative to the workspace. */
  file: string
  /** The APIs by api-id, each with its inputs. */
  apis: Record<string, RawInputs>
  environments: Record<string, ConfigEnvironment>
  /** Where each key (`apis.azure-openai`) and value (`apis.azure-openai.api-path`) is. */
  positions: Record<string, Position>
}

/** An API and the environment it runs against; without one, the API alone (no APIM service). */
export interface ConfigPair {
  api: string
  environment?: string
}

/** Every (api, environment) of the file, in the file's order: each API with each environment. */
export function pairsOf(config: ConfigFile): { api: string; environment: string }[] {
  const environments = Object.keys(config.environments)
  return Object.keys(config.apis).flatMap((api) =>
    environments.map((environment) => ({ api, environment }))
  )
}

/** "one of a, b" / "it has none": for messages about a name the file does not have. */
export function listOf(names: string[]): string {
  return names.length === 0 ? 'the file has none' : `the file has ${names.join(', ')}`
}

/**
 * The inputs of one pair, as action inputs: the API entry, then the environment's own inputs,
 * then its overrides for that API; `api-id` is the API's key. Throws for a name not in the file.
 */
export function inputsFor(config: ConfigFile, pair: ConfigPair): RawInputs {
  const api = config.apis[pair.api]
  if (!Object.hasOwn(config.apis, pair.api) || !api)
    throw new UsageError(
      `api: '${pair.api}' is not an API of ${config.file} (${listOf(Object.keys(config.apis))})`
    )
  if (pair.environment === undefined) return { ...api, 'api-id': pair.api }
  const environment = Object.hasOwn(config.environments, pair.environment)
    ? config.environments[pair.environment]
    : undefined
  if (!environment)
    throw new UsageError(
      `environment: '${pair.environment}' is not an environment of ${config.file} (${listOf(Object.keys(config.environments))})`
    )
  return {
    ...api,
    ...environment.inputs,
    ...(environment.apis[pair.api] ?? {}),
    'api-id': pair.api
  }
}

/** Where the file sets an input for a pair (the most specific place), as a dotted path. */
export function sourceOf(config: ConfigFile, pair: ConfigPair, name: string): string | undefined {
  if (name === 'api-id') return `apis.${pair.api}`
  const environment =
    pair.environment === undefined ? undefined : config.environments[pair.environment]
  if (environment?.apis[pair.api]?.[name] !== undefined)
    return `environments.${pair.environment}.apis.${pair.api}.${name}`
  if (environment?.inputs[name] !== undefined) return `environments.${pair.environment}.${name}`
  if (config.apis[pair.api]?.[name] !== undefined) return `apis.${pair.api}.${name}`
  return undefined
}

/** `file:line:column` of a dotted path (or of the nearest place above it that has one). */
export function where(config: ConfigFile, dotted: string): string {
  for (let path = dotted; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
    const at = config.positions[path]
    if (at) return `${config.file}:${at.line}:${at.col}`
  }
  return config.file
}

const HEAD = /^([a-z][a-z0-9-]*(?:(?:, | and )[a-z][a-z0-9-]*)*): /

/**
 * A settings message about a pair, prefixed with where its value is in the file:
 * "concurrency: expected …" → "apim-versions.yaml:7:18: apis.azure-openai.concurrency: expected …".
 * A message about an input the run gave (`inputs`), not the file, stays as it is.
 */
export function placeProblem(
  config: ConfigFile,
  pair: ConfigPair,
  message: string,
  inputs: ReadonlySet<string> = new Set()
): string {
  const head = HEAD.exec(message)
  const names = head ? head[1].split(/, | and /) : []
  for (const name of names) {
    const path = sourceOf(config, pair, name)
    if (!path) continue
    if (names.length === 1 && name !== 'api-id')
      return `${where(config, path)}: ${path}: ${message.slice(head![0].length)}`
    return `${where(config, path)}: ${path.slice(0, path.lastIndexOf('.'))}: ${message}`
  }
  if (names.some((name) => inputs.has(name))) return message
  const context = `apis.${pair.api}${pair.environment ? ` with environments.${pair.environment}` : ''}`
  return `${where(config, `apis.${pair.api}`)}: ${context}: ${message}`
}

/**
 * The settings problems of every API, alone and with each environment, as the file gives them
 * (what a run adds, such as a verify-key, is assumed given): each message once, placed in the file.
 */
export function settingsProblems(config: ConfigFile): string[] {
  const problems = new Set<string>()
  const pairs: ConfigPair[] = [
    ...Object.keys(config.apis).map((api) => ({ api })),
    ...pairsOf(config)
  ]
  for (const pair of pairs) {
    const inputs = inputsFor(config, pair)
    try {
      readSettings({
        ...inputs,
        mode: 'plan',
        // A key can only come from the run (a secret); here it is taken as given.
        ...(inputs['verify-subscription'] ? {} : { 'verify-key': 'from-the-run' })
      })
    } catch (err) {
      if (!(err instanceof UsageError)) throw err
      for (const line of err.message.split('\n')) problems.add(placeProblem(config, pair, line))
    }
  }
  return [...problems]
}

/** Names that must name something else in the file: per-API overrides and promote-from. */
export function referenceProblems(config: ConfigFile): { at: Position; message: string }[] {
  const problems: { at: Position; message: string }[] = []
  const apis = Object.keys(config.apis)
  const environments = Object.keys(config.environments)
  const position = (key: string) => config.positions[key] ?? { line: 1, col: 1 }
  for (const [name, environment] of Object.entries(config.environments)) {
    for (const api of Object.keys(environment.apis)) {
      if (apis.includes(api)) continue
      const near = closest(api, apis)
      problems.push({
        at: position(`environments.${name}.apis.${api}`),
        message: `environments.${name}.apis: '${api}' is not an API of apis: (${near ? `did you mean ${near}? ` : ''}${listOf(apis)})`
      })
    }
    const from = environment.promoteFrom
    if (from === undefined) continue
    const key = `environments.${name}.promote-from`
    if (from === name) {
      problems.push({
        at: position(key),
        message: `${key}: an environment cannot promote from itself`
      })
    } else if (!environments.includes(from)) {
      const near = closest(from, environments)
      problems.push({
        at: position(key),
        message: `${key}: '${from}' is not an environment of the file (${near ? `did you mean ${near}? ` : ''}${listOf(environments)})`
      })
    } else {
      const chain = [name]
      for (
        let next: string | undefined = from;
        next;
        next = config.environments[next]?.promoteFrom
      ) {
        if (chain.includes(next)) {
          if (next === name)
            problems.push({
              at: position(key),
              message: `${key}: ${[...chain, next].join(' → ')} is a cycle: the first environment of a chain promotes from none`
            })
          break
        }
        chain.push(next)
      }
      problems.push(...fingerprintDrift(config, name, from, position))
    }
  }
  return problems
}

/**
 * Inputs that change what a version's fingerprint is taken from (the patched spec) or which
 * version is the Original: with different values in an environment and the one it promotes
 * from, the same spec would never match and its versions would wait forever.
 */
const FINGERPRINT_INPUTS = [
  'spec-file',
  'version-parameter',
  'keep-examples',
  'importable',
  'original-version'
]

function fingerprintDrift(
  config: ConfigFile,
  name: string,
  from: string,
  position: (key: string) => Position
): { at: Position; message: string }[] {
  const problems: { at: Position; message: string }[] = []
  for (const api of Object.keys(config.apis)) {
    const here = inputsFor(config, { api, environment: name })
    const there = inputsFor(config, { api, environment: from })
    for (const input of FINGERPRINT_INPUTS) {
      if ((here[input] ?? '') === (there[input] ?? '')) continue
      const key =
        config.environments[name]?.apis[api]?.[input] !== undefined
          ? `environments.${name}.apis.${api}.${input}`
          : `environments.${from}.apis.${api}.${input}`
      problems.push({
        at: position(key),
        message: `${key}: ${name} promotes from ${from}, and ${input} differs between them for ${api}: its versions' fingerprints would never match and they would wait forever. Give both the same ${input}`
      })
    }
  }
  return problems
}
