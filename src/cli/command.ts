import { INPUT_HELP } from '../inputs.js'
import { UsageError, type RawInputs } from '../settings.js'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
}

export type FlagValues = Record<string, string | boolean | undefined>

export interface Flag {
  type: 'string' | 'boolean'
  short?: string
  help: string
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

/** The action's inputs as flags (`--api-id` …), for the commands that run the pipeline. */
export function inputFlags(): Record<string, Flag> {
  return Object.fromEntries(
    Object.entries(INPUT_HELP)
      .filter(([name]) => name !== 'mode')
      .map(([name, help]) => [name, { type: 'string' as const, help }])
  )
}

/** Flag values as the settings reader takes them (booleans as 'true'/'false'; --param as version-parameter). */
export function flagInputs(values: FlagValues): RawInputs {
  const raw: RawInputs = {}
  for (const [key, value] of Object.entries(values)) {
    raw[key] = typeof value === 'boolean' ? String(value) : value
  }
  raw['version-parameter'] = raw.param
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
  if (positionals[0]) raw['spec-folder'] = positionals[0]
  return raw
}
