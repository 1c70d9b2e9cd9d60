import { INPUT_HELP, SWITCH_INPUTS } from '../inputs.js'
import { UsageError, type RawInputs } from '../settings.js'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Data for stdout written as it is (a patched spec); default: `stdout`. */
  data?: (text: string) => void
  cwd: string
  /** The environment (APIM_ACCESS_TOKEN, GITHUB_TOKEN, GITHUB_API_URL); default process.env. */
  env?: Record<string, string | undefined>
}

export type FlagValues = Record<string, string | boolean | undefined>

export interface Flag {
  type: 'string' | 'boolean'
  short?: string
  help: string
  /** The heading the flag is listed under in the command's help (default Options). */
  group?: string
}

/** One `apim-versions <command>`: its help and what it runs; returns the exit code. */
export interface Command {
  summary: string
  usage: string
  options: Record<string, Flag>
  run: (positionals: string[], values: FlagValues, io: CliIo) => Promise<number>
}

export const HELP_FLAG: Flag = { type: 'boolean', short: 'h', help: 'show this help' }
export const JSON_FLAG = (help: string): Flag => ({ type: 'boolean', help })

/** Some of the action's inputs as flags (`--api-id` …), listed in help under `group`. */
export function inputFlags(names: readonly string[], group: string): Record<string, Flag> {
  return Object.fromEntries(
    names.map((name) => {
      const help = INPUT_HELP[name]
      if (help === undefined) throw new Error(`internal error: no input '${name}'`)
      const type = SWITCH_INPUTS.includes(name) ? ('boolean' as const) : ('string' as const)
      return [name, { type, help, group }]
    })
  )
}

/**
 * Flag values as the settings reader takes them: booleans as 'true'/'false'; `--param` (versions,
 * patch) is `version-parameter`, and giving both with different values is refused.
 */
export function flagInputs(values: FlagValues): RawInputs {
  const raw: RawInputs = {}
  for (const [key, value] of Object.entries(values)) {
    if (key === 'param' || key === 'json' || key === 'help' || key === 'emulator') continue
    raw[key] = typeof value === 'boolean' ? String(value) : value
  }
  const param = values.param
  if (typeof param === 'string') {
    const given = raw['version-parameter']
    if (given !== undefined && given !== param)
      throw new UsageError(
        `--param '${param}' and --version-parameter '${given}' differ: give one of them`
      )
    raw['version-parameter'] = param
  }
  return raw
}

export function expectPositionals(positionals: string[], names: string[]): void {
  if (positionals.length !== names.length) {
    throw new UsageError(
      positionals.length < names.length
        ? `missing ${names
            .slice(positionals.length)
            .map((n) => `<${n}>`)
            .join(' ')}`
        : `unexpected argument '${positionals[names.length]}'`
    )
  }
}

/** The one optional positional of plan/apply/sync-upstream: the spec folder. */
export function specFolderInputs(
  positionals: string[],
  values: FlagValues,
  mode: string
): RawInputs {
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`)
  const raw: RawInputs = { ...flagInputs(values), mode }
  if (positionals[0] !== undefined) {
    if (raw['spec-folder'] !== undefined && raw['spec-folder'] !== positionals[0])
      throw new UsageError(
        `the folder '${positionals[0]}' and --spec-folder '${raw['spec-folder']}' differ: give one of them`
      )
    raw['spec-folder'] = positionals[0]
  }
  return raw
}

/** A whole number flag, strictly (`1e1`, `0x10`, `+3`, ` 4` are refused). */
export function wholeNumber(
  values: FlagValues,
  name: string,
  max = 999_999_999
): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw))
    throw new UsageError(`--${name} must be a whole number ≥ 0 (digits only), got '${raw}'`)
  const n = Number(raw)
  if (n > max) throw new UsageError(`--${name} must be from 0 to ${max}, got '${raw}'`)
  return n
}
