import { INPUT_GROUPS } from '../../inputs.js'
import { planApply, runFailure, type ApimSession, type Reporter } from '../../pipeline.js'
import {
  readSettings,
  UsageError,
  type Mode,
  type RawInputs,
  type Settings
} from '../../settings.js'
import { formatProblem } from '../../specs/errors.js'
import {
  HELP_FLAG,
  inputFlags,
  JSON_FLAG,
  specFolderInputs,
  type CliIo,
  type Command,
  type Flag,
  type FlagValues
} from '../command.js'

/** The environment variable the ARM access token can come from (argv is visible to every process). */
export const ACCESS_TOKEN_ENV = 'APIM_ACCESS_TOKEN'

const EMULATOR_FLAG: Flag = {
  type: 'boolean',
  help: 'use the embedded APIM emulator (state in .apim-emulator/ of the working folder)',
  group: 'APIM service'
}

export const options = (json: string): Record<string, Flag> => ({
  ...inputFlags(INPUT_GROUPS.config, 'Config file (docs/config-file.md)'),
  ...inputFlags(INPUT_GROUPS.spec, 'Spec folder'),
  ...inputFlags(INPUT_GROUPS.api, 'APIM APIs'),
  ...inputFlags(INPUT_GROUPS.gateway, 'Callers: products, backend, AI gateway, verify'),
  ...inputFlags(INPUT_GROUPS.azure, 'APIM service'),
  emulator: EMULATOR_FLAG,
  json: JSON_FLAG(json),
  help: HELP_FLAG
})

export const planCommand: Command = {
  summary: 'show what apply would change in APIM for a spec folder',
  usage:
    'apim-versions plan [DIR] --api-id ID [--service-url URL] [--json] [--emulator | Azure flags…] | plan --config FILE [--api ID] [--environment ENV]',
  options: options('print the plan as JSON'),
  run: (positionals, values, io) => planOrApply('plan', positionals, values, io)
}

export const applyCommand: Command = {
  summary: 'make APIM match a spec folder (idempotent; safe to re-run)',
  usage:
    'apim-versions apply [DIR] --api-id ID [--service-url URL] [--json] [--emulator | Azure flags…] | apply --config FILE [--api ID] [--environment ENV]',
  options: options('print the plan and results as JSON'),
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

/**
 * Where plan/apply go: Azure when any Azure flag is given (then the service must be complete:
 * never a silent fall-back to the emulator), the embedded emulator with --emulator or when no
 * Azure flag is given at all. The token may come from APIM_ACCESS_TOKEN instead of argv.
 */
export function targetInputs(raw: RawInputs, values: FlagValues, io: CliIo): { embedded: boolean } {
  const azureFlags = INPUT_GROUPS.azure.filter((name) => values[name] !== undefined)
  if (values.emulator) {
    if (azureFlags.length > 0)
      throw new UsageError(
        `--emulator and ${azureFlags.map((n) => `--${n}`).join(', ')}: choose the embedded emulator or an Azure APIM service, not both`
      )
    return { embedded: true }
  }
  if (azureFlags.length === 0) return { embedded: true }
  const envToken = (io.env ?? process.env)[ACCESS_TOKEN_ENV]
  if (values['access-token'] === undefined && envToken !== undefined && !values['client-id']) {
    if (envToken.trim() === '')
      throw new UsageError(
        `${ACCESS_TOKEN_ENV} is set but empty: give it the ARM access token, or unset it to sign in another way`
      )
    raw['access-token'] = envToken
  }
  return { embedded: false }
}

/**
 * The settings of plan, apply and verify, from flags or from a config file (`--config` with
 * `--api` and `--environment`), and whether they run against the embedded emulator.
 */
export async function cliSettings(
  mode: Mode,
  positionals: string[],
  values: FlagValues,
  io: CliIo
): Promise<{ settings: Settings; embedded: boolean }> {
  const raw = specFolderInputs(positionals, values, mode)
  if (INPUT_GROUPS.config.some((name) => values[name] !== undefined))
    return configCliSettings(raw, positionals, values, io)
  const { embedded } = targetInputs(raw, values, io)
  const settings = readSettings(raw, { emptyIsError: true })
  if (!embedded && !settings.azure)
    throw new UsageError(
      'Azure flags were given but not the APIM service: give --subscription-id, --resource-group and --service-name (or --emulator, without Azure flags)'
    )
  return { settings, embedded }
}

/**
 * With --config: the file's API against its --environment's APIM service (Azure), or without
 * --environment against the embedded emulator (as plan/apply without Azure flags).
 */
async function configCliSettings(
  raw: RawInputs,
  positionals: string[],
  values: FlagValues,
  io: CliIo
): Promise<{ settings: Settings; embedded: boolean }> {
  const azureFlags = INPUT_GROUPS.azure.filter((name) => values[name] !== undefined)
  if (values.emulator && (values.environment !== undefined || azureFlags.length > 0))
    throw new UsageError(
      `--emulator and ${[...(values.environment !== undefined ? ['environment'] : []), ...azureFlags].map((n) => `--${n}`).join(', ')}: choose the embedded emulator or an APIM service, not both`
    )
  const { configSettings } = await import('../../config/resolve.js')
  const { settings } = configSettings({
    given: raw,
    isGiven: (name) => raw[name] !== undefined,
    label: (name) =>
      name === 'spec-folder' && positionals[0] !== undefined
        ? `the folder '${positionals[0]}'`
        : `--${name}`,
    workspace: io.cwd,
    emptyIsError: true
  })
  if (!settings.azure) return { settings, embedded: true }
  const envToken = (io.env ?? process.env)[ACCESS_TOKEN_ENV]
  if (!settings.azure.accessToken && !settings.azure.clientId && envToken !== undefined) {
    if (envToken.trim() === '')
      throw new UsageError(
        `${ACCESS_TOKEN_ENV} is set but empty: give it the ARM access token, or unset it to sign in another way`
      )
    settings.azure.accessToken = envToken.trim()
  }
  return { settings, embedded: false }
}

async function planOrApply(
  mode: 'plan' | 'apply',
  positionals: string[],
  values: FlagValues,
  io: CliIo
): Promise<number> {
  const { settings, embedded } = await cliSettings(mode, positionals, values, io)
  const { getIDToken } = await import('@actions/core')
  const outcome = await planApply(
    settings,
    io.cwd,
    {
      getIdToken: (audience) => getIDToken(audience),
      ...(embedded ? { withoutAzure: () => startEmbedded(io, values) } : {})
    },
    stderrReporter(io)
  )
  const { run, service, json } = outcome.plan
  const blockers = run.plan.versions.flatMap((v) => v.blockers ?? [])
  for (const p of [...blockers, ...run.problems]) io.stderr(formatProblem(p) + '\n')
  if (!values.json) {
    const { renderPlanText } = await import('../../render/plan.js')
    io.stdout(renderPlanText(run.plan, service))
  }
  const applied = outcome.applied
  if (values.json)
    io.stdout(
      JSON.stringify(
        { ...json, result: applied?.result, verify: outcome.verified?.results },
        null,
        2
      ) + '\n'
    )
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
  if (outcome.verified && !values.json) {
    const { renderVerifyText } = await import('../../render/verify.js')
    io.stdout(`Gateway: ${outcome.verified.gatewayUrl}\n`)
    io.stdout(renderVerifyText(outcome.verified.results))
  }
  return runFailure(outcome) ? 1 : 0
}

/** The embedded emulator (--emulator, or no Azure flag at all), in process. */
export async function startEmbedded(io: CliIo, values: FlagValues): Promise<ApimSession> {
  const { startEmbeddedEmulator } = await import('../../apim/embedded.js')
  const emulator = await startEmbeddedEmulator(io.cwd)
  // With --json, stdout carries only the JSON.
  const notice = values.json ? io.stderr : io.stdout
  notice(
    `${values.emulator ? '--emulator' : 'No Azure flags given'}: using the embedded APIM emulator (state in ${emulator.stateFile}), not Azure.\n`
  )
  return { apim: emulator.apim, service: emulator.apim.description, close: emulator.stop }
}
