import { planApply, runFailure, type ApimSession, type Reporter } from '../../pipeline.js'
import { readSettings } from '../../settings.js'
import { formatProblem } from '../../specs/errors.js'
import {
  HELP_FLAG,
  inputFlags,
  JSON_FLAG,
  specFolderInputs,
  type CliIo,
  type Command,
  type FlagValues
} from '../command.js'

export const planCommand: Command = {
  summary: 'show what apply would change in APIM for a spec folder',
  usage:
    'apim-versions plan --spec-folder DIR --api-id ID [--service-url URL] [--json] [Azure flags…]',
  options: { ...inputFlags(), json: JSON_FLAG('print the plan as JSON'), help: HELP_FLAG },
  run: (positionals, values, io) => planOrApply('plan', positionals, values, io)
}

export const applyCommand: Command = {
  summary: 'make APIM match a spec folder (idempotent; safe to re-run)',
  usage: 'apim-versions apply --spec-folder DIR --api-id ID [--service-url URL] [Azure flags…]',
  options: {
    ...inputFlags(),
    json: JSON_FLAG('print the plan and results as JSON'),
    help: HELP_FLAG
  },
  run: (positionals, values, io) => planOrApply('apply', positionals, values, io)
}

/** The CLI's log: progress on stderr, so stdout carries only the plan (or the JSON). */
export function stderrReporter(io: CliIo): Reporter {
  return {
    info: (line) => io.stderr(`${line}\n`),
    warning: (line) => io.stderr(`warning: ${line}\n`),
    group: (_title, work) => work()
  }
}

async function planOrApply(
  mode: 'plan' | 'apply',
  positionals: string[],
  values: FlagValues,
  io: CliIo
): Promise<number> {
  const settings = readSettings(specFolderInputs(positionals, values, mode))
  const { getIDToken } = await import('@actions/core')
  const outcome = await planApply(
    settings,
    io.cwd,
    { getIdToken: (audience) => getIDToken(audience), withoutAzure: () => embedded(io, values) },
    stderrReporter(io)
  )
  const { run, service, json } = outcome.plan
  for (const p of run.problems) io.stderr(formatProblem(p) + '\n')
  if (!values.json) {
    const { renderPlanText } = await import('../../render/plan.js')
    io.stdout(renderPlanText(run.plan, service))
  }
  const applied = outcome.applied
  if (values.json) io.stdout(JSON.stringify({ ...json, result: applied?.result }, null, 2) + '\n')
  if (applied) {
    const { result, failed } = applied
    if (result.blocked) {
      const { step, code, message } = result.blocked
      io.stderr(`apply stopped: the ${step} failed: ${code}: ${message}\n`)
    } else if (!values.json) {
      const done = result.versions.filter((v) => v.status === 'done').length
      io.stdout(`Applied: ${done} done, ${failed.length} failed\n`)
    }
    for (const v of result.versions.filter((v) => v.status === 'failed'))
      io.stderr(`${v.version} failed at ${v.error!.step}: ${v.error!.code}: ${v.error!.message}\n`)
  }
  return runFailure(outcome) ? 1 : 0
}

/** Without Azure coordinates the CLI plans and applies against the emulator, in process. */
async function embedded(io: CliIo, values: FlagValues): Promise<ApimSession> {
  const { startEmbeddedEmulator } = await import('../../apim/embedded.js')
  const emulator = await startEmbeddedEmulator(io.cwd)
  // With --json, stdout carries only the JSON.
  const notice = values.json ? io.stderr : io.stdout
  notice(
    `No Azure coordinates given: using the embedded APIM emulator (state in ${emulator.stateFile}).\n`
  )
  return { apim: emulator.apim, service: emulator.apim.description, close: emulator.stop }
}
