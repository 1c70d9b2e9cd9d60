import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  analyzeOptions,
  readSettings,
  readSpecSettings,
  UsageError,
  type RawInputs
} from './settings.js'
import { analyzeFolder } from './specs/analyze.js'
import { diffSpecs, renderChangelogMarkdown } from './specs/changelog.js'
import { displayPath } from './specs/discover.js'
import { formatProblem, SpecError } from './specs/errors.js'
import { loadSpecFile } from './specs/load.js'
import { patchSpec } from './specs/patch.js'
import { patchReportJson, textTable, versionRecord } from './specs/report.js'
import type { ApimGateway } from './apim/types.js'
import { INPUTS } from './inputs.js'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
}

type Command = {
  summary: string
  usage: string
  options: Record<string, { type: 'string' | 'boolean'; short?: string; help: string }>
  run: (
    positionals: string[],
    values: Record<string, string | boolean | undefined>,
    io: CliIo
  ) => Promise<number>
}

const HELP = { type: 'boolean', short: 'h', help: 'show this help' } as const

const COMMANDS: Record<string, Command> = {
  versions: {
    summary: 'list the API versions of a spec folder, oldest first',
    usage:
      'apim-versions versions <folder> [--json] [--spec-file NAME,...] [--include-previews true|false] [--min-version V]',
    options: {
      json: { type: 'boolean', help: 'print a JSON array instead of a table' },
      'spec-file': {
        type: 'string',
        help: 'file names to prefer when a version folder holds several specs (default: inference.json,openapi.json,openapi.yaml,inference.yaml)'
      },
      'include-previews': { type: 'string', help: 'include preview versions (default true)' },
      'min-version': { type: 'string', help: 'leave out versions older than this' },
      param: { type: 'string', help: 'the version query parameter (default api-version)' },
      'keep-examples': {
        type: 'boolean',
        help: 'do not remove x-ms-examples that refer to other files'
      },
      help: HELP
    },
    run: versionsCommand
  },
  patch: {
    summary: 'patch one spec so APIM can route it (version parameter optional)',
    usage:
      'apim-versions patch <file> [--param api-version] [--keep-examples] [-o OUT] [--report REPORT.json]',
    options: {
      param: {
        type: 'string',
        help: 'the version query parameter to make optional (default api-version)'
      },
      'keep-examples': {
        type: 'boolean',
        help: 'do not remove x-ms-examples that refer to other files'
      },
      output: {
        type: 'string',
        short: 'o',
        help: 'write the patched spec here (default and `-`: stdout)'
      },
      report: { type: 'string', help: 'write the list of edits as JSON here (`-`: stdout)' },
      help: HELP
    },
    run: patchCommand
  },
  emulator: {
    summary: 'run the local APIM emulator (ARM management API and gateway over HTTPS)',
    usage:
      'apim-versions emulator [--port 0] [--state FILE] [--latency-ms N] [--lro-ms N] [--token T]',
    options: {
      port: { type: 'string', help: 'port on 127.0.0.1 (default 0: a free one)' },
      state: { type: 'string', help: 'keep the state in this JSON file (restored on start)' },
      'latency-ms': { type: 'string', help: 'latency added to every ARM request (default 0)' },
      'lro-ms': { type: 'string', help: 'how long imports stay InProgress (default 0)' },
      token: { type: 'string', help: 'the bearer token to require (default: random)' },
      help: HELP
    },
    run: emulatorCommand
  },
  plan: {
    summary: 'show what apply would change in APIM for a spec folder',
    usage:
      'apim-versions plan --spec-folder DIR --api-id ID [--service-url URL] [--json] [Azure flags…]',
    options: {
      ...engineFlags(),
      json: { type: 'boolean', help: 'print the plan as JSON' },
      help: HELP
    },
    run: (positionals, values, io) => planApplyCommand('plan', positionals, values, io)
  },
  apply: {
    summary: 'make APIM match a spec folder (idempotent; safe to re-run)',
    usage: 'apim-versions apply --spec-folder DIR --api-id ID [--service-url URL] [Azure flags…]',
    options: {
      ...engineFlags(),
      json: { type: 'boolean', help: 'print the plan and results as JSON' },
      help: HELP
    },
    run: (positionals, values, io) => planApplyCommand('apply', positionals, values, io)
  },
  'sync-upstream': {
    summary:
      'bring new upstream versions (Azure/azure-rest-api-specs by default) into a spec folder',
    usage:
      'apim-versions sync-upstream --spec-folder DIR [--upstream-repo O/R] [--upstream-ref REF] [--upstream-path P] [--json]',
    options: {
      ...engineFlags(),
      json: { type: 'boolean', help: 'print the synced versions as JSON' },
      help: HELP
    },
    run: syncCommand
  },
  diff: {
    summary: 'show what changed between two versions of a spec',
    usage: 'apim-versions diff <old-spec> <new-spec> [--json]',
    options: {
      json: { type: 'boolean', help: 'print the change log as JSON instead of markdown' },
      help: HELP
    },
    run: diffCommand
  }
}

function engineFlags(): Command['options'] {
  return Object.fromEntries(
    INPUTS.filter((i) => i.name !== 'mode').map((i) => [
      i.name,
      { type: 'string' as const, help: i.help }
    ])
  )
}

function mainHelp(): string {
  const names = Object.keys(COMMANDS)
  const width = Math.max(...names.map((n) => n.length))
  return [
    'apim-versions: keep Azure API Management API versions in step with a folder of OpenAPI specs',
    '',
    'Usage: apim-versions <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`),
    '',
    "Run 'apim-versions <command> --help' for a command's options.",
    ''
  ].join('\n')
}

function commandHelp(name: string): string {
  const command = COMMANDS[name]
  const rows = Object.entries(command.options).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : '    '}--${flag}${o.type === 'string' ? ' VALUE' : ''}`
    return [left, o.help]
  })
  const width = Math.max(...rows.map(([left]) => left.length))
  return [
    `${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    ''
  ].join('\n')
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp())
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr(`apim-versions: unknown command '${name}'\n\n${mainHelp()}`)
    return 2
  }
  try {
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({
        args: rest,
        options: Object.fromEntries(
          Object.entries(command.options).map(([k, o]) => [
            k,
            o.short ? { type: o.type, short: o.short } : { type: o.type }
          ])
        ),
        allowPositionals: true,
        strict: true
      })
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
    if (parsed.values.help) {
      io.stdout(commandHelp(name))
      return 0
    }
    return await command.run(
      parsed.positionals,
      parsed.values as Record<string, string | boolean | undefined>,
      io
    )
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

function expectPositionals(positionals: string[], names: string[]): void {
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

function flagInputs(values: Record<string, string | boolean | undefined>): RawInputs {
  const raw: RawInputs = {}
  for (const [key, value] of Object.entries(values)) {
    raw[key] = typeof value === 'boolean' ? String(value) : value
  }
  raw['version-parameter'] = raw.param
  return raw
}

async function versionsCommand(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  expectPositionals(positionals, ['folder'])
  const settings = readSpecSettings({ ...flagInputs(values), 'spec-folder': positionals[0] })
  const folder = path.resolve(io.cwd, settings.specFolder)
  const analysis = analyzeFolder(folder, analyzeOptions(settings, io.cwd))
  const { versions, problems, discovery } = analysis
  if (values.json) {
    io.stdout(JSON.stringify(versions.map(versionRecord), null, 2) + '\n')
  } else {
    const rows = versions.map((v) => [
      v.version,
      v.channel ?? '-',
      path.relative(discovery.root, v.absoluteFile),
      `${v.format} ${v.syntax}`,
      String(v.operations),
      v.fingerprint,
      v.patch.summary
    ])
    io.stdout(
      `${displayPath(folder, io.cwd)}: ${versions.length} version${versions.length === 1 ? '' : 's'} (layout ${discovery.layout})\n`
    )
    if (rows.length > 0) {
      io.stdout(
        textTable(['VERSION', 'CHANNEL', 'FILE', 'FORMAT', 'OPS', 'FINGERPRINT', 'PATCH'], rows)
      )
    }
    for (const v of versions) {
      if (v.candidates.length > 1) {
        const others = v.candidates.filter((c) => c !== path.basename(v.absoluteFile))
        io.stdout(
          `${v.version}: chose ${path.basename(v.absoluteFile)} over ${others.join(', ')} (spec-file precedence)\n`
        )
      }
    }
    for (const f of discovery.filtered) io.stdout(`${f.version}: left out, ${f.reason}\n`)
  }
  for (const problem of problems) io.stderr(formatProblem(problem) + '\n')
  return problems.some((p) => p.severity === 'error') ? 1 : 0
}

async function patchCommand(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  expectPositionals(positionals, ['file'])
  const settings = readSpecSettings(flagInputs(values))
  const absolute = path.resolve(io.cwd, positionals[0])
  const spec = await loadSpecFile(absolute, displayPath(absolute, io.cwd))
  const result = patchSpec(spec, {
    parameter: settings.versionParameter,
    removeExternalExamples: !settings.keepExamples
  })
  const output = typeof values.output === 'string' ? values.output : '-'
  await writeOutput(output === '-' ? '-' : path.resolve(io.cwd, output), result.text, io)
  if (typeof values.report === 'string') {
    const report = values.report === '-' ? '-' : path.resolve(io.cwd, values.report)
    await writeOutput(report, patchReportJson(result.entries), io)
  }
  io.stderr(
    `${spec.file}: ${result.summary} (${result.edits} edit${result.edits === 1 ? '' : 's'})\n`
  )
  return 0
}

async function planApplyCommand(
  mode: 'plan' | 'apply',
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`)
  const raw: RawInputs = { ...flagInputs(values), mode }
  if (positionals[0]) raw['spec-folder'] = positionals[0]
  const settings = readSettings(raw)
  const [
    { getIDToken },
    { DEFAULT_RETRY },
    { ArmApimGateway },
    { chooseCredential },
    { startEmbeddedEmulator },
    engine,
    render
  ] = await Promise.all([
    import('@actions/core'),
    import('./apply/retry.js'),
    import('./apim/arm.js'),
    import('./apim/credentials.js'),
    import('./embedded.js'),
    import('./engine.js'),
    import('./plan/render.js')
  ])
  const { applyFolder, planFolder, readPolicyTexts } = engine
  const { planJson, renderPlanText } = render
  const texts = readPolicyTexts(settings, io.cwd)
  const log = (line: string) => io.stderr(`${line}\n`)

  let apim: ApimGateway
  let stop = async () => {}
  if (settings.azure) {
    const { credential, kind } = await chooseCredential(settings.azure, {
      getIdToken: (audience) => getIDToken(audience)
    })
    apim = new ArmApimGateway(credential, settings.azure)
    log(`APIM: ${apim.description} via ${settings.azure.endpoint}, signed in with ${kind}`)
  } else {
    const embedded = await startEmbeddedEmulator(io.cwd)
    apim = embedded.apim
    stop = embedded.stop
    // With --json, stdout carries only the JSON.
    const notice = values.json ? io.stderr : io.stdout
    notice(
      `No Azure coordinates given: using the embedded APIM emulator (state in ${embedded.stateFile}).\n`
    )
  }
  try {
    const run = await planFolder(settings, io.cwd, apim, texts)
    for (const p of run.problems) io.stderr(formatProblem(p) + '\n')
    const json = planJson(run.plan, {
      service: apim.description,
      problems: run.problems
    }) as Record<string, unknown>
    if (!values.json) io.stdout(renderPlanText(run.plan, apim.description))
    if (mode === 'plan') {
      if (values.json) io.stdout(JSON.stringify(json, null, 2) + '\n')
      return run.problems.some((p) => p.severity === 'error') ? 1 : 0
    }
    const result = await applyFolder(run, apim, {
      concurrency: settings.concurrency,
      retry: DEFAULT_RETRY,
      log
    })
    const failed = result.versions.filter((v) => v.status === 'failed')
    if (values.json) io.stdout(JSON.stringify({ ...json, result }, null, 2) + '\n')
    else if (!result.blocked)
      io.stdout(
        `Applied: ${result.versions.filter((v) => v.status === 'done').length} done, ${failed.length} failed\n`
      )
    if (result.blocked)
      io.stderr(
        `apply stopped: the ${result.blocked.step} failed: ${result.blocked.code}: ${result.blocked.message}\n`
      )
    for (const v of failed)
      io.stderr(`${v.version} failed at ${v.error!.step}: ${v.error!.code}: ${v.error!.message}\n`)
    return result.blocked || failed.length > 0 || run.problems.some((p) => p.severity === 'error')
      ? 1
      : 0
  } finally {
    await stop()
  }
}

async function syncCommand(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`)
  const raw: RawInputs = { ...flagInputs(values), mode: 'sync-upstream' }
  if (positionals[0]) raw['spec-folder'] = positionals[0]
  const settings = readSettings(raw)
  const [{ createOctokit }, { syncFromSettings }, report] = await Promise.all([
    import('./github/comment.js'),
    import('./github/upstream.js'),
    import('./github/sync-report.js')
  ])
  const { owner, repo, ref, path: upstreamPath } = settings.upstream
  const token = settings.githubToken ?? process.env.GITHUB_TOKEN ?? ''
  const octokit = createOctokit(token, {
    baseUrl: process.env.GITHUB_API_URL,
    log: (line) => io.stderr(`${line}\n`)
  })
  const folder = path.resolve(io.cwd, settings.specs.specFolder)
  const { result } = await syncFromSettings(octokit, settings, folder)
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`)
  if (values.json) io.stdout(JSON.stringify(result.synced, null, 2) + '\n')
  else if (result.synced.length === 0)
    io.stdout(`No new API versions in ${owner}/${repo}/${upstreamPath} at ${ref}.\n`)
  else {
    io.stdout(`${report.syncTitle(result.synced)}\n`)
    for (const s of result.synced) io.stdout(`  ${s.version} (${s.kind}): ${s.file}\n`)
  }
  return 0
}

async function emulatorCommand(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  expectPositionals(positionals, [])
  const number = (name: string): number | undefined => {
    const raw = values[name]
    if (raw === undefined) return undefined
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`--${name} must be a whole number ≥ 0, got '${raw}'`)
    return n
  }
  const { startEmulator } = await import('../emulator/index.js')
  const emulator = await startEmulator({
    port: number('port'),
    stateFile: typeof values.state === 'string' ? path.resolve(io.cwd, values.state) : undefined,
    latencyMs: number('latency-ms'),
    lroMs: number('lro-ms'),
    token: typeof values.token === 'string' ? values.token : undefined
  })
  io.stdout(JSON.stringify(emulator.info()) + '\n')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await emulator.stop()
  return 0
}

async function diffCommand(
  positionals: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo
): Promise<number> {
  expectPositionals(positionals, ['old-spec', 'new-spec'])
  const [from, to] = await Promise.all(
    positionals.map(async (p) => {
      const absolute = path.resolve(io.cwd, p)
      const spec = await loadSpecFile(absolute, displayPath(absolute, io.cwd))
      return {
        root: spec.root,
        label: spec.infoVersion ? `${spec.infoVersion} (${spec.file})` : spec.file
      }
    })
  )
  const log = diffSpecs(from, to)
  io.stdout(values.json ? JSON.stringify(log, null, 2) + '\n' : renderChangelogMarkdown(log))
  return 0
}

/**
 * Writes an output file. A regular (or new) file is replaced atomically (temp file + rename);
 * anything else (`-o /dev/stdout`, a FIFO, a symlink) is written in place, never renamed over.
 */
async function writeOutput(target: string, text: string, io: CliIo): Promise<void> {
  if (target === '-') {
    io.stdout(text)
    return
  }
  const existing = await fs.lstat(target).catch(() => undefined)
  if (existing && !existing.isFile()) {
    await fs.writeFile(target, text)
    return
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`)
  await fs.writeFile(temp, text)
  await fs.rename(temp, target)
}
