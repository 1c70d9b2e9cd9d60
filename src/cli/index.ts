import { parseArgs } from 'node:util'
import { UsageError } from '../settings.js'
import { formatProblem, SpecError } from '../specs/errors.js'
import type { CliIo, Command } from './command.js'
import { diffCommand } from './commands/diff.js'
import { emulatorCommand } from './commands/emulator.js'
import { patchCommand } from './commands/patch.js'
import { applyCommand, planCommand } from './commands/plan-apply.js'
import { syncCommand } from './commands/sync.js'
import { versionsCommand } from './commands/versions.js'
import { commandHelp, mainHelp } from './help.js'

export type { CliIo } from './command.js'

const COMMANDS: Record<string, Command> = {
  versions: versionsCommand,
  patch: patchCommand,
  emulator: emulatorCommand,
  plan: planCommand,
  apply: applyCommand,
  'sync-upstream': syncCommand,
  diff: diffCommand
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp(COMMANDS))
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr(`apim-versions: unknown command '${name}'\n\n${mainHelp(COMMANDS)}`)
    return 2
  }
  try {
    const parsed = parseFlags(command, rest)
    if (parsed.values.help) {
      io.stdout(commandHelp(command))
      return 0
    }
    return await command.run(parsed.positionals, parsed.values, io)
  } catch (err) {
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

function parseFlags(command: Command, args: string[]) {
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
    throw new UsageError((err as Error).message)
  }
}

/** `apim-versions …` in this process: its arguments, its streams, its exit code. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd()
  })
}
