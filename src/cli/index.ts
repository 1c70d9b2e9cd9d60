import { parseArgs } from 'node:util'
import pkg from '../../package.json' with { type: 'json' }
import { terminalSafe } from '../render/escape.js'
import { UsageError } from '../settings.js'
import { formatProblem, SpecError } from '../specs/errors.js'
import type { CliIo, Command } from './command.js'
import { diffCommand } from './commands/diff.js'
import { emulatorCommand } from './commands/emulator.js'
import { patchCommand } from './commands/patch.js'
import { applyCommand, planCommand } from './commands/plan-apply.js'
import { syncCommand } from './commands/sync.js'
import { matrixCommand } from './commands/matrix.js'
import { verifyCommand } from './commands/verify.js'
import { versionsCommand } from './commands/versions.js'
import { commandHelp, mainHelp } from './help.js'

export type { CliIo } from './command.js'

const COMMANDS: Record<string, Command> = {
  versions: versionsCommand,
  patch: patchCommand,
  emulator: emulatorCommand,
  plan: planCommand,
  apply: applyCommand,
  verify: verifyCommand,
  matrix: matrixCommand,
  'sync-upstream': syncCommand,
  diff: diffCommand
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.stderr(mainHelp(COMMANDS))
    return 2
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp(COMMANDS))
    return 0
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`apim-versions ${pkg.version}\n`)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr(
      name.startsWith('-')
        ? `apim-versions: unknown flag '${name}' (a command comes first: run 'apim-versions --help')\n`
        : `apim-versions: unknown command '${name}' (run 'apim-versions --help' for the commands)\n`
    )
    return 2
  }
  try {
    const parsed = parseFlags(name, command, rest)
    if (parsed.values.help) {
      io.stdout(commandHelp(command))
      return 0
    }
    return await command.run(parsed.positionals, parsed.values, io)
  } catch (err) {
    if (err instanceof FlagError) {
      io.stderr(`apim-versions ${name}: ${err.message}\n`)
      return 2
    }
    if (err instanceof UsageError) {
      io.stderr(
        `apim-versions ${name}: ${err.message}\nUsage: ${command.usage}\nRun 'apim-versions ${name} --help' for details.\n`
      )
      return 2
    }
    if (err instanceof SpecError) {
      io.stderr(formatProblem(err.toProblem()) + '\n')
      return 1
    }
    io.stderr(`apim-versions ${name}: ${(err as Error).message ?? err}\n`)
    return 1
  }
}

/** A flag problem, said in one line: the CLI prints it without the usage block. */
class FlagError extends UsageError {}

function parseFlags(name: string, command: Command, args: string[]) {
  try {
    const parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(command.options).map(([k, o]) =>
          o.short ? [k, { type: o.type, short: o.short }] : [k, { type: o.type }]
        )
      ),
      allowPositionals: true,
      strict: true
    })
    return {
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | undefined>
    }
  } catch (err) {
    throw new FlagError(flagProblem(name, command, err as Error & { code?: string }))
  }
}

/** parseArgs' multi-sentence errors as one line that names the flag and what to do. */
function flagProblem(name: string, command: Command, err: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? ''
  const help = `run 'apim-versions ${name} --help' for its flags`
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const elsewhere = Object.entries(COMMANDS).find(([, c]) => flag.slice(2) in c.options)?.[0]
    return `unknown flag ${flag}${elsewhere ? ` (it is a flag of ${elsewhere})` : ''}; ${help}`
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = command.options[flag.replace(/^-+/, '')]
    return option?.type === 'boolean'
      ? `${flag} takes no value; ${help}`
      : `${flag} needs a value (one starting with '-' as ${flag}=VALUE); ${help}`
  }
  return `${err.message.split('. ')[0]}; ${help}`
}

/** `apim-versions …` in this process: its arguments, its streams, its exit code. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(terminalSafe(text)),
    stderr: (text) => process.stderr.write(terminalSafe(text)),
    data: (text) => process.stdout.write(text),
    cwd: process.cwd(),
    env: process.env
  })
}
