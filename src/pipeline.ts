import path from 'node:path'
import { readPolicyTexts } from './apim/policy-files.js'
import { headCommit } from './git/history.js'
import type { ApimGateway } from './apim/types.js'
import type { ApplyResult } from './apply/apply.js'
import type { RetryOptions } from './apim/retry.js'
import type { Octokit } from './github/octokit.js'
import type { PlanRun } from './plan/folder.js'
import type { PlanJson } from './render/plan.js'
import { analyzeOptions, UsageError, type Settings, type SpecSettings } from './settings.js'
import type { FolderAnalysis, SpecVersion } from './specs/analyze.js'
import { analyzeFolders } from './specs/analysis-worker.js'
import { formatProblem, type Problem } from './specs/errors.js'
import type { SyncResult, UpstreamSource } from './sync/upstream.js'
import type { VersionAction } from './plan/planner.js'
import { verifyFailure } from './verify/classify.js'
import type { VerifyOutcome } from './verify/gateway-check.js'

/**
 * The use cases (versions, plan, apply, sync-upstream) that both faces run: the action
 * (src/action) and the CLI (src/cli). Nothing here knows which face called; each face turns
 * inputs or flags into Settings, implements Reporter, and renders what comes back.
 */

/** How the pipeline tells whoever runs it what it is doing. */
export interface Reporter {
  info(line: string): void
  warning(line: string): void
  /** A titled section of the log (a collapsible group in a workflow log). */
  group<T>(title: string, work: () => Promise<T>): Promise<T>
  /** A secret read during the run (a subscription key): masked wherever the face logs. */
  secret?(value: string): void
}

/** An open APIM: its gateway, its name in reports, and how to let it go. */
export interface ApimSession {
  apim: ApimGateway
  service: string
  close(): Promise<void>
  /** How patient to be with this APIM (default: DEFAULT_RETRY, paced for Azure). */
  retry?: RetryOptions
}

/** How to reach APIM. */
export interface ApimAccess {
  /** The workflow's OIDC token for an audience (OIDC federation with client-id/tenant-id). */
  getIdToken: (audience: string) => Promise<string>
  /** Opens an APIM when the settings name no Azure service; without it, that is an error. */
  withoutAzure?: () => Promise<ApimSession>
  /**
   * Opens the APIM of the environment a plan is promoted from (`promote-from`), given its
   * settings; without it, that environment's service is opened as this one is.
   */
  sessionFor?: (settings: Settings, environment: string) => Promise<ApimSession>
}

export interface PlanOutcome {
  run: PlanRun
  service: string
  json: PlanJson
  /** Set when APIM was not consulted (a plan from the folder against its base commit). */
  offlineNote?: string
}

export interface ApplyOutcome {
  result: ApplyResult
  imported: string[]
  revised: string[]
  failed: string[]
  /** Each failed version as an error on its spec file (for annotations). */
  failures: Problem[]
}

export interface RunOutcome {
  plan: PlanOutcome
  /** Set in mode apply. */
  applied?: ApplyOutcome
  /** Set in mode apply with verify: gateway. */
  verified?: VerifyOutcome
}

/**
 * `versions`: the spec folder read, patched and checked; no APIM. What APIM would refuse in a
 * version is among the problems (errors at file and line), as the plan would block it.
 */
export async function listVersions(
  specs: SpecSettings,
  workspace: string
): Promise<FolderAnalysis> {
  const [analysis] = await analyzeFolders([
    { folder: path.resolve(workspace, specs.specFolder), options: analyzeOptions(specs, workspace) }
  ])
  const refused = analysis.versions.flatMap((v) =>
    v.importProblems.map((p): Problem => ({
      severity: 'error',
      file: v.file,
      line: p.line,
      ...(p.column !== undefined ? { column: p.column } : {}),
      message: `${v.version} is blocked: ${p.rule}: ${p.message}`
    }))
  )
  return { ...analysis, problems: [...analysis.problems, ...refused] }
}

/** `plan` and `apply`: policy files checked, then APIM read, planned and (apply) written. */
export async function planApply(
  settings: Settings,
  workspace: string,
  access: ApimAccess,
  reporter: Reporter
): Promise<RunOutcome> {
  // Loaded while APIM is opened: each import is a chunk of the bundle, and the first ARM
  // request waits for the slowest of them.
  const planning = Promise.all([import('./plan/folder.js'), import('./render/plan.js')])
  const commit = headCommit(workspace)
  // Local files first: a bad policy file fails before any call to Azure.
  const texts = readPolicyTexts(settings, workspace)
  const session = await openApim(settings, access, reporter)
  try {
    const [{ planFolder }, { planJson }] = await planning
    // Loaded with folder.js already (it reads the source).
    const { withPromotionSource } = await import('./plan/promotion-source.js')
    const openSource = (source: Settings, environment: string) =>
      access.sessionFor?.(source, environment) ?? openApim(source, access, reporter)
    const run = await withPromotionSource(settings, openSource, reporter, (promoteFrom) =>
      planFolder(settings, workspace, session.apim, texts, {
        commit,
        retry: session.retry,
        ...(promoteFrom ? { promoteFrom } : {})
      })
    )
    const { describeRevisionsFromGit } = await import('./plan/revisions-git.js')
    await describeRevisionsFromGit(run, settings, workspace)
    for (const warning of run.warnings) reporter.warning(warning)
    const plan: PlanOutcome = {
      run,
      service: session.service,
      json: planJson(run.plan, {
        service: session.service,
        problems: run.problems,
        warnings: run.warnings
      })
    }
    if (settings.mode !== 'apply') return { plan }
    const applied = await applyRun(run, settings, session, reporter)
    if (settings.gateway.verify !== 'gateway') return { plan, applied }
    const verified = await reporter.group('Verify through the gateway', () =>
      verifyApplied(run, applied, settings, session, reporter)
    )
    return { plan, applied, verified }
  } finally {
    await session.close()
  }
}

/** After an apply: each version that is in APIM as the folder says, called once. */
async function verifyApplied(
  run: PlanRun,
  applied: ApplyOutcome,
  settings: Settings,
  session: ApimSession,
  reporter: Reporter
): Promise<VerifyOutcome> {
  const { verifyThroughGateway } = await import('./verify/gateway-check.js')
  const inApim = new Set(
    run.plan.versions
      .filter((s) => DEPLOYED.includes(s.action) && !applied.failed.includes(s.version))
      .map((s) => s.version)
  )
  const versions = run.analysis.versions
    .filter((v) => inApim.has(v.version))
    .map((v) => deployed(v, settings))
  return verifyThroughGateway(versions, settings, session.apim, reporter.secret)
}

/** A version as verify calls it: its patched spec, and whether it is the set's Original. */
function deployed(v: SpecVersion, settings: Settings) {
  const original = settings.api.originalVersion?.toLowerCase() === v.version.toLowerCase()
  return { version: v.version, spec: v.patch.value, ...(original ? { original } : {}) }
}

/** Plan actions after which the version's API holds the folder's spec. */
const DEPLOYED: VersionAction[] = ['import', 'revise', 'reimport', 'repair', 'unchanged']

/**
 * `verify`: every version of the folder that APIM can take, called once through the gateway
 * (no plan, no writes).
 */
export async function verifyOnly(
  settings: Settings,
  workspace: string,
  access: ApimAccess,
  reporter: Reporter
): Promise<VerifyOutcome> {
  const analysis = await listVersions(settings.specs, workspace)
  const session = await openApim(settings, access, reporter)
  try {
    const { verifyThroughGateway } = await import('./verify/gateway-check.js')
    const versions = analysis.versions
      .filter((v) => v.importProblems.length === 0)
      .map((v) => deployed(v, settings))
    return await verifyThroughGateway(versions, settings, session.apim, reporter.secret)
  } finally {
    await session.close()
  }
}

async function openApim(
  settings: Settings,
  access: ApimAccess,
  reporter: Reporter
): Promise<ApimSession> {
  const azure = settings.azure
  if (!azure) {
    if (access.withoutAzure) return access.withoutAzure()
    throw new UsageError(
      `mode ${settings.mode} needs the APIM service: set subscription-id, resource-group and service-name`
    )
  }
  const [{ ArmApimGateway }, { chooseCredential }] = await Promise.all([
    import('./apim/arm.js'),
    import('./apim/credentials.js')
  ])
  const { credential, kind } = await chooseCredential(azure, { getIdToken: access.getIdToken })
  const apim = new ArmApimGateway(credential, azure)
  reporter.info(`APIM: ${apim.description} via ${azure.endpoint}, signed in with ${kind}`)
  return { apim, service: apim.description, close: async () => undefined }
}

async function applyRun(
  run: PlanRun,
  settings: Settings,
  session: ApimSession,
  reporter: Reporter
): Promise<ApplyOutcome> {
  const [{ applyPlan }, { DEFAULT_RETRY }, { apimReleaseNotes }] = await Promise.all([
    import('./apply/apply.js'),
    import('./apim/retry.js'),
    import('./render/release-notes.js')
  ])
  const result = await reporter.group('Apply', () =>
    applyPlan(run.plan, run.desired, session.apim, {
      concurrency: settings.concurrency,
      retry: session.retry ?? DEFAULT_RETRY,
      log: (line) => reporter.info(line),
      releaseNotes: apimReleaseNotes
    })
  )
  const outcome: ApplyOutcome = { result, imported: [], revised: [], failed: [], failures: [] }
  for (const v of result.versions) {
    if (v.status === 'failed') {
      outcome.failed.push(v.version)
      outcome.failures.push({
        severity: 'error',
        file:
          run.desired.versions.find((d) => d.version === v.version)?.file ??
          settings.specs.specFolder,
        message: `${v.version} (${v.action}) failed at ${v.error!.step}: ${v.error!.code}: ${v.error!.message}`
      })
    } else if (v.status === 'done' && v.action === 'import') outcome.imported.push(v.version)
    else if (v.status === 'done' && (v.action === 'revise' || v.action === 'reimport'))
      outcome.revised.push(v.version)
  }
  return outcome
}

/**
 * `plan` without APIM (a fork's pull request): the spec folder against its state at `baseSha`,
 * which stands for what APIM holds, with a note saying APIM was not consulted.
 */
export async function planOffline(
  settings: Settings,
  workspace: string,
  baseSha: string
): Promise<RunOutcome> {
  const texts = readPolicyTexts(settings, workspace)
  const [{ specFolderAtCommit }, { planAgainstFolder }, { planJson }] = await Promise.all([
    import('./git/base-snapshot.js'),
    import('./plan/folder.js'),
    import('./render/plan.js')
  ])
  const snapshot = await specFolderAtCommit(workspace, baseSha, settings.specs.specFolder)
  try {
    const short = baseSha.slice(0, 7)
    const offlineNote = `APIM was not consulted: no Azure coordinates are configured. This plan compares the pull request's spec folder with its base commit ${short}.`
    const run = await planAgainstFolder(settings, workspace, snapshot.folder, texts)
    const service = `offline (base ${short})`
    return {
      plan: {
        run,
        service,
        offlineNote,
        json: planJson(run.plan, { service, problems: run.problems, warnings: run.warnings })
      }
    }
  } finally {
    snapshot.cleanup()
  }
}

/** What made a run fail, as one message; undefined when it succeeded. */
export function runFailure(outcome: RunOutcome): string | undefined {
  const applied = outcome.applied
  if (applied?.result.blocked) {
    const { step, code, message } = applied.result.blocked
    return `apply stopped before any version: the ${step} failed: ${code}: ${message}`
  }
  if (applied && applied.failed.length > 0) {
    const n = applied.failed.length
    return `${n} version${n === 1 ? '' : 's'} failed: ${applied.failed.join(', ')}`
  }
  if (outcome.verified) {
    const failed = verifyFailure(outcome.verified.results)
    if (failed) return failed
  }
  const conflicts = outcome.plan.run.plan.versions.filter((v) => v.action === 'conflict')
  if (conflicts.length > 0) {
    const n = conflicts.length
    return `${n} version${n === 1 ? ' is' : 's are'} in conflict, left alone:\n${conflicts.map((v) => `${v.version}: ${v.reason}`).join('\n')}`
  }
  const blocked = outcome.plan.run.plan.versions.filter((v) => v.action === 'blocked')
  if (blocked.length > 0) {
    const n = blocked.length
    return `${n} version${n === 1 ? ' is' : 's are'} blocked (APIM would refuse ${n === 1 ? 'it' : 'them'}), not sent:\n${blocked.map((v) => `${v.version}: ${v.reason}`).join('\n')}`
  }
  return specFailure(outcome.plan.run.problems)
}

/** The spec errors of a run as one message; warnings alone are no failure. */
export function specFailure(problems: Problem[]): string | undefined {
  const errors = problems.filter((p) => p.severity === 'error')
  if (errors.length === 0) return undefined
  return `${errors.length} spec problem${errors.length === 1 ? '' : 's'}:\n${errors.map(formatProblem).join('\n')}`
}

export interface SyncOutcome {
  source: UpstreamSource
  result: SyncResult
}

/** `sync-upstream`: versions published upstream that the folder lacks, written into it. */
export async function syncUpstream(
  settings: Settings,
  workspace: string,
  github: Octokit,
  reporter: Reporter
): Promise<SyncOutcome> {
  const { syncFromSettings } = await import('./sync/upstream.js')
  const { owner, repo, ref, path: upstreamPath } = settings.upstream
  const folder = path.resolve(workspace, settings.specs.specFolder)
  const outcome = await reporter.group(
    `Reading ${owner}/${repo}/${upstreamPath} at ${ref}`,
    async () => {
      const outcome = await syncFromSettings(github, settings, folder, workspace)
      for (const s of outcome.result.synced)
        reporter.info(`${s.version}: ${s.kind}, written to ${s.file}`)
      return outcome
    }
  )
  for (const w of outcome.result.warnings) reporter.warning(w)
  return outcome
}
