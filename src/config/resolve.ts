import { readSettings, UsageError, type Mode, type RawInputs, type Settings } from '../settings.js'
import { loadConfig } from './load.js'
import {
  inputsFor,
  listOf,
  placeProblem,
  sourceOf,
  where,
  type ConfigFile,
  type ConfigPair
} from './model.js'

/** The inputs that choose from a config file rather than being in it. */
export const CONFIG_INPUTS = ['config', 'api', 'environment'] as const

/** What a run (the action's inputs, the CLI's flags) gives beside the config file. */
export interface ConfigRun {
  /** Every input the run has, by name (the action's include action.yml's defaults). */
  given: RawInputs
  /** Whether the user set an input (the action counts a value at its action.yml default as unset). */
  isGiven: (name: string) => boolean
  /** How messages name an input: `input concurrency`, `--concurrency`. */
  label: (name: string) => string
  workspace: string
  /** Modes that need an environment (the action's apply and verify; the CLI has the emulator). */
  needsEnvironment?: readonly Mode[]
  /** The CLI: a flag given with an empty value is an error (ReadOptions.emptyIsError). */
  emptyIsError?: boolean
}

export interface ConfigSettings {
  settings: Settings
  config: ConfigFile
  pair: ConfigPair
}

/** True when the run names a config file, or an API or environment of one. */
export function usesConfig(raw: RawInputs): boolean {
  return CONFIG_INPUTS.some((name) => (raw[name] ?? '').trim() !== '')
}

/**
 * The settings of a run with a config file: the file's inputs for its `api` and `environment`,
 * with what only the run gives (mode, release-notes, github-token, access-token, verify-key, and
 * inputs the file leaves unset). An input the file sets for this pair and the run gives too is an
 * error naming both places: one source of truth. `promoteFrom` carries the inputs of the
 * environment this one promotes from. Throws UsageError; nothing is called.
 */
export function configSettings(run: ConfigRun): ConfigSettings {
  const text = (name: string) => run.given[name]?.trim() || undefined
  const file = text('config')
  if (!file)
    throw new UsageError(
      `${CONFIG_INPUTS.filter(text)
        .map((n) => run.label(n))
        .join(' and ')}: they choose from a config file: give config too (docs/config-file.md)`
    )
  const empty = run.emptyIsError
    ? Object.entries(run.given)
        .filter(([, value]) => value !== undefined && value.trim() === '')
        .map(
          ([name]) =>
            `${run.label(name)}: given an empty value (if it came from a variable, that variable may be unset); give a value or leave it out`
        )
    : []
  if (empty.length > 0) throw new UsageError(empty.join('\n'))

  const config = loadConfig(file, run.workspace)
  const pair = choosePair(config, run)
  const inputs = inputsFor(config, pair)
  const both = Object.keys(inputs)
    .filter((name) => run.isGiven(name))
    .map((name) => {
      const source = sourceOf(config, pair, name)!
      return `${run.label(name)}: also set in ${where(config, source)} (${source}): give it in one place (the file, for every run)`
    })
  if (both.length > 0) throw new UsageError(both.join('\n'))

  const fromRun: RawInputs = {}
  for (const [name, value] of Object.entries(run.given)) {
    if (!(CONFIG_INPUTS as readonly string[]).includes(name)) fromRun[name] = value
  }
  const givenNames = new Set(Object.keys(fromRun).filter((name) => run.isGiven(name)))
  let settings: Settings
  try {
    settings = readSettings({ ...fromRun, ...inputs })
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    throw new UsageError(
      err.message
        .split('\n')
        .map((line) => placeProblem(config, pair, line, givenNames))
        .join('\n')
    )
  }
  const from = pair.environment ? config.environments[pair.environment].promoteFrom : undefined
  if (from) {
    settings.promoteFrom = {
      environment: from,
      inputs: inputsFor(config, { api: pair.api, environment: from })
    }
  }
  return { settings, config, pair }
}

/** The run's `api` (or the file's only one) and `environment` (if any), checked against the file. */
function choosePair(config: ConfigFile, run: ConfigRun): ConfigPair {
  const apis = Object.keys(config.apis)
  const environments = Object.keys(config.environments)
  const api = run.given.api?.trim() || (apis.length === 1 ? apis[0] : undefined)
  const problems: string[] = []
  if (!api)
    problems.push(
      `${run.label('api')}: required with ${config.file}, which has several APIs: name one (${listOf(apis)})`
    )
  else if (!apis.includes(api))
    problems.push(`${run.label('api')}: '${api}' is not an API of ${config.file} (${listOf(apis)})`)
  const environment = run.given.environment?.trim() || undefined
  const mode = (run.given.mode?.trim() || 'plan') as Mode
  if (environment && !environments.includes(environment))
    problems.push(
      `${run.label('environment')}: '${environment}' is not an environment of ${config.file} (${listOf(environments)})`
    )
  else if (!environment && run.needsEnvironment?.includes(mode))
    problems.push(
      `${run.label('environment')}: mode ${mode} needs the APIM service: name one of ${config.file}'s environments (${listOf(environments)})`
    )
  if (problems.length > 0) throw new UsageError(problems.join('\n'))
  return { api: api!, ...(environment ? { environment } : {}) }
}
