import * as core from '@actions/core'
import path from 'node:path'
import { ACTION_DEFAULTS, INPUT_GROUPS, INPUT_NAMES } from '../inputs.js'
import {
  listVersions,
  planApply,
  planOffline,
  runFailure,
  specFailure,
  syncUpstream,
  verifyOnly,
  type Reporter,
  type RunOutcome
} from '../pipeline.js'
import type { VerifyOutcome } from '../verify/gateway-check.js'
import { renderPlanText } from '../render/plan.js'
import { renderVersionsSummary } from '../render/versions-report.js'
import { versionRecord } from '../render/report.js'
import { readSettings, UsageError, type RawInputs, type Settings } from '../settings.js'
import { isInside } from '../specs/confine.js'
import { annotate } from './annotations.js'
import { commentOnPullRequest, githubClient, planView, publishRelease } from './github.js'

/** The action's log: lines, warnings and collapsible groups of the workflow log. */
const reporter: Reporter = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  group: (title, work) => core.group(title, work),
  secret: (value) => core.setSecret(value)
}

/** The action: inputs → settings → pipeline → outputs, annotations and the job summary. */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = Object.fromEntries(
      INPUT_NAMES.map((name) => [name, core.getInput(name)])
    )
    for (const secret of ['access-token', 'github-token', 'verify-key'])
      if (raw[secret]) core.setSecret(raw[secret])
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const mode = raw.mode?.trim() || 'plan'
    if (mode === 'matrix') {
      const { runMatrix } = await import('./matrix.js')
      return await runMatrix(raw, workspace)
    }
    if (mode === 'plan' && raw.config?.trim() && !raw.api?.trim() && !raw.environment?.trim()) {
      // Every (api, environment) pair of the config in this one job: one comment for them all.
      const { loadConfig, pairsOf } = await import('../config/index.js')
      if (pairsOf(loadConfig(raw.config.trim(), workspace)).length > 0) {
        const { runPlanEveryPair } = await import('./matrix.js')
        return failIf(await runPlanEveryPair(raw, workspace, reporter))
      }
    }
    const settings = INPUT_GROUPS.config.some((name) => raw[name]?.trim())
      ? await configSettings(raw, workspace)
      : readSettings(raw)
    if (!isInside(path.resolve(workspace, settings.specs.specFolder), workspace)) {
      throw new UsageError(
        `spec-folder: '${settings.specs.specFolder}' is outside the workspace (${workspace})`
      )
    }
    if (settings.mode === 'versions') await runVersions(settings, workspace)
    else if (settings.mode === 'sync-upstream') await runSync(settings, workspace)
    else if (settings.mode === 'verify') await runVerify(settings, workspace)
    else await runPlanApply(settings, workspace)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

/**
 * `config` (with `api` and `environment`): the settings the file gives that pair. The runner
 * passes action.yml's defaults as if given, so an input at its default is taken as not given.
 */
async function configSettings(raw: RawInputs, workspace: string): Promise<Settings> {
  const config = await import('../config/resolve.js')
  const { settings, pair } = config.configSettings({
    given: raw,
    isGiven: (name) => Boolean(raw[name]?.trim()) && raw[name] !== ACTION_DEFAULTS[name],
    label: (name) => `input ${name}`,
    workspace,
    needsEnvironment: ['apply', 'verify']
  })
  core.info(
    `${raw.config}: api ${pair.api}${pair.environment ? `, environment ${pair.environment}` : ''}${settings.promoteFrom ? ` (promoted from ${settings.promoteFrom.environment})` : ''}`
  )
  return settings
}

async function runVersions(settings: Settings, workspace: string): Promise<void> {
  const analysis = await listVersions(settings.specs, workspace)
  core.startGroup(`Reading ${settings.specs.specFolder}`)
  for (const v of analysis.versions) {
    core.info(
      `${v.version}: ${v.file} (${v.format} ${v.syntax}, ${v.operations} operations) ${v.fingerprint}; ${v.patch.summary}`
    )
  }
  core.endGroup()
  annotate(analysis.problems)
  core.setOutput('versions', JSON.stringify(analysis.versions.map(versionRecord)))
  core.setOutput('problems', JSON.stringify(analysis.problems))
  await core.summary.addRaw(renderVersionsSummary(analysis, settings.specs.specFolder)).write()
  failIf(specFailure(analysis.problems))
}

/**
 * Plan (and apply): the log, outputs, annotations and job summary first, so nothing GitHub's API
 * does afterwards (the comment, the release) can lose the plan; the step's result is the plan's
 * and the apply's.
 */
async function runPlanApply(settings: Settings, workspace: string): Promise<void> {
  const outcome = settings.azure
    ? await planApply(settings, workspace, { getIdToken: (a) => core.getIDToken(a) }, reporter)
    : await planWithoutAzure(settings, workspace)
  const { run, service, json, offlineNote } = outcome.plan
  core.startGroup('Plan')
  core.info(renderPlanText(run.plan, service))
  core.endGroup()
  core.setOutput('plan', JSON.stringify(json))
  core.setOutput('has-changes', String(run.plan.hasChanges))
  if (offlineNote) core.notice(offlineNote)

  const { renderPlanSummary } = await import('../render/plan-comment.js')
  let summary = renderPlanSummary(await planView(settings, outcome.plan))
  const applied = outcome.applied
  if (applied) {
    const { renderApplyMarkdown } = await import('../render/plan.js')
    summary += '\n' + renderApplyMarkdown(applied.result)
  }
  const blockers = run.plan.versions.flatMap((v) => v.blockers ?? [])
  if (outcome.verified) summary += '\n' + (await reportVerify(outcome.verified))
  annotate([...(applied?.failures ?? []), ...blockers, ...run.problems])
  core.setOutput('imported-versions', JSON.stringify(applied?.imported ?? []))
  core.setOutput('revised-versions', JSON.stringify(applied?.revised ?? []))
  core.setOutput('failed-versions', JSON.stringify(applied?.failed ?? []))
  await core.summary.addRaw(summary).write()
  failIf(runFailure(outcome))

  if (settings.mode === 'plan') await commentOnPullRequest(settings, outcome.plan)
  if (applied) {
    const link = await publishRelease(settings, applied.result, outcome.plan)
    if (link) await core.summary.addRaw(link).write()
  }
}

/** `mode: verify`: each version of the folder called once through the gateway; nothing written. */
async function runVerify(settings: Settings, workspace: string): Promise<void> {
  const verified = await verifyOnly(
    settings,
    workspace,
    { getIdToken: (a) => core.getIDToken(a) },
    reporter
  )
  await core.summary.addRaw(await reportVerify(verified)).write()
  const { verifyFailure } = await import('../verify/classify.js')
  failIf(verifyFailure(verified.results))
}

/** The verify table in the log, its warnings, the `verify` output; the markdown for the summary. */
async function reportVerify(verified: VerifyOutcome): Promise<string> {
  const [{ renderVerifyMarkdown, renderVerifyText, verifyJson }, { verifyWarnings }] =
    await Promise.all([import('../render/verify.js'), import('../verify/classify.js')])
  core.startGroup(`Verify through ${verified.gatewayUrl}`)
  core.info(renderVerifyText(verified.results))
  core.endGroup()
  for (const warning of verifyWarnings(verified.results)) core.warning(warning)
  core.setOutput('verify', JSON.stringify(verifyJson(verified.results)))
  return renderVerifyMarkdown(verified.results)
}

/**
 * `mode: plan` without Azure (a fork's pull request, a first try): the pull request's spec folder
 * against its base commit. `mode: apply` needs Azure.
 */
async function planWithoutAzure(settings: Settings, workspace: string): Promise<RunOutcome> {
  if (settings.mode === 'apply') {
    throw new UsageError(
      'mode apply needs the APIM service: set subscription-id, resource-group and service-name'
    )
  }
  const { context } = await import('@actions/github')
  const base = context.payload.pull_request?.base as { sha?: string } | undefined
  if (!base?.sha) {
    throw new UsageError(
      'mode plan without Azure coordinates compares a pull request with its base commit: run it on pull_request events, ' +
        'or set subscription-id, resource-group and service-name'
    )
  }
  return planOffline(settings, workspace, base.sha)
}

/**
 * `mode: sync-upstream`: new upstream versions written into the spec folder, and what
 * peter-evans/create-pull-request needs to propose them (title, fixed branch, body).
 */
async function runSync(settings: Settings, workspace: string): Promise<void> {
  const report = await import('../render/sync-report.js')
  const { source, result } = await syncUpstream(
    settings,
    workspace,
    await githubClient(settings),
    reporter
  )
  const hasChanges = result.synced.length > 0
  const folder = path.resolve(workspace, settings.specs.specFolder)
  core.setOutput('synced-versions', report.syncedVersionsJson(result.synced))
  core.setOutput('has-changes', String(hasChanges))
  core.setOutput('pr-branch', report.syncBranch(folder, workspace))
  core.setOutput('pr-title', hasChanges ? report.syncTitle(result.synced) : '')
  const { body, summary } = hasChanges
    ? await report.syncReport(result.synced, source, folder, workspace)
    : { body: '', summary: '' }
  core.setOutput('pr-body', body)
  await core.summary
    .addRaw(
      hasChanges
        ? `## ${report.syncTitle(result.synced)}\n\n${summary}`
        : `No new API versions in ${source.owner}/${source.repo}/${source.path} at ${source.ref}.\n`
    )
    .write()
}

function failIf(message: string | undefined): void {
  if (message) core.setFailed(message)
}
