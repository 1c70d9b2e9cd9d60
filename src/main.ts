import * as core from '@actions/core'
import path from 'node:path'
import { planAnnotations, renderVersionsSummary } from './github/versions-report.js'
import { INPUTS } from './inputs.js'
import {
  analyzeOptions,
  readSettings,
  UsageError,
  type RawInputs,
  type Settings
} from './settings.js'
import { analyzeFolder } from './specs/analyze.js'
import { isInside } from './specs/discover.js'
import { formatProblem, type Problem } from './specs/errors.js'
import { versionRecord } from './specs/report.js'

/** Every input of action.yml (see src/inputs.ts). */
export const ACTION_INPUTS = INPUTS.map((i) => i.name)

/** The action: inputs → settings → engine → outputs, annotations and the job summary. */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = Object.fromEntries(
      ACTION_INPUTS.map((name) => [name, core.getInput(name)])
    )
    if (raw['access-token']) core.setSecret(raw['access-token'])
    const settings = readSettings(raw)
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const folder = path.resolve(workspace, settings.specs.specFolder)
    if (!isInside(folder, workspace)) {
      throw new UsageError(
        `spec-folder: '${settings.specs.specFolder}' is outside the workspace (${workspace})`
      )
    }
    if (settings.mode === 'versions') await runVersions(settings, folder, workspace)
    else if (settings.mode === 'sync-upstream') await runSync(settings, folder, workspace)
    else await runPlanApply(settings, workspace)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

async function runVersions(settings: Settings, folder: string, workspace: string): Promise<void> {
  core.startGroup(`Reading ${settings.specs.specFolder}`)
  const analysis = analyzeFolder(folder, analyzeOptions(settings.specs, workspace))
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
  failOnErrors(analysis.problems)
}

async function runPlanApply(settings: Settings, workspace: string): Promise<void> {
  const azure = settings.azure
  if (!azure) {
    if (settings.mode === 'plan') return runOfflinePlan(settings, workspace)
    throw new UsageError(
      'mode apply needs the APIM service: set subscription-id, resource-group and service-name'
    )
  }
  const [{ ArmApimGateway }, { chooseCredential }, engine, render, { DEFAULT_RETRY }] =
    await Promise.all([
      import('./apim/arm.js'),
      import('./apim/credentials.js'),
      import('./engine.js'),
      import('./plan/render.js'),
      import('./apply/retry.js')
    ])
  const texts = engine.readPolicyTexts(settings, workspace)
  const { credential, kind } = await chooseCredential(azure, {
    getIdToken: (audience) => core.getIDToken(audience)
  })
  const apim = new ArmApimGateway(credential, azure)
  core.info(`APIM: ${apim.description} via ${azure.endpoint}, signed in with ${kind}`)

  core.startGroup('Plan')
  const run = await engine.planFolder(settings, workspace, apim, texts)
  core.info(render.renderPlanText(run.plan, apim.description))
  core.endGroup()
  const planJson = render.planJson(run.plan, { service: apim.description, problems: run.problems })
  core.setOutput('plan', JSON.stringify(planJson))
  core.setOutput('has-changes', String(run.plan.hasChanges))
  let summary = await planSummary(run, settings.api.id, apim.description)
  if (settings.mode === 'plan') await commentOnPullRequest(run, apim.description, settings.api.id)

  const imported: string[] = []
  const revised: string[] = []
  const failed: string[] = []
  const failures: Problem[] = []
  let blocked: string | undefined
  if (settings.mode === 'apply') {
    core.startGroup('Apply')
    const result = await engine.applyFolder(run, apim, {
      concurrency: settings.concurrency,
      retry: DEFAULT_RETRY,
      log: (line) => core.info(line)
    })
    core.endGroup()
    for (const v of result.versions) {
      if (v.status === 'failed') {
        failed.push(v.version)
        // A failed version is an annotation on its spec, ahead of spec problems (GitHub keeps ten).
        failures.push({
          severity: 'error',
          file:
            run.desired.versions.find((d) => d.version === v.version)?.file ??
            settings.specs.specFolder,
          message: `${v.version} (${v.action}) failed at ${v.error!.step}: ${v.error!.code}: ${v.error!.message}`
        })
      } else if (v.status === 'done' && v.action === 'import') imported.push(v.version)
      else if (v.status === 'done' && (v.action === 'revise' || v.action === 'reimport'))
        revised.push(v.version)
    }
    if (result.blocked)
      blocked = `the ${result.blocked.step} failed: ${result.blocked.code}: ${result.blocked.message}`
    summary += '\n' + render.renderApplyMarkdown(result)
    summary += await releaseNotes(result, run, apim.description, settings.api.id)
  }
  annotate([...failures, ...run.problems])
  core.setOutput('imported-versions', JSON.stringify(imported))
  core.setOutput('revised-versions', JSON.stringify(revised))
  core.setOutput('failed-versions', JSON.stringify(failed))
  await core.summary.addRaw(summary).write()
  if (blocked) throw new Error(`apply stopped before any version: ${blocked}`)
  if (failed.length > 0)
    throw new Error(
      `${failed.length} version${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}`
    )
  failOnErrors(run.problems)
}

function annotate(problems: Problem[]): void {
  const { annotate: list, rest } = planAnnotations(problems)
  for (const p of list) {
    const properties = {
      file: p.file,
      startLine: p.line,
      startColumn: p.column,
      title: 'apim-version-action'
    }
    if (p.severity === 'error') core.error(p.message, properties)
    else core.warning(p.message, properties)
  }
  if (rest) core.notice(rest)
}

function failOnErrors(problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === 'error')
  if (errors.length > 0) {
    core.setFailed(
      `${errors.length} spec problem${errors.length === 1 ? '' : 's'}:\n${errors.map(formatProblem).join('\n')}`
    )
  }
}

/**
 * On a pull request, the plan becomes one sticky comment (created once, then edited in place).
 * Without permission to comment (fork pull requests) the plan stays in the job summary and a
 * notice says why; the step does not fail for it.
 */
async function commentOnPullRequest(
  run: import('./engine.js').PlanRun,
  service: string,
  apiId: string,
  offlineNote?: string
): Promise<void> {
  const github = await import('@actions/github')
  const { context } = github
  const pr = context.payload.pull_request
  if (!pr || !context.eventName.startsWith('pull_request')) return
  const token = core.getInput('github-token')
  if (!token) {
    core.notice('No github-token: the plan is in the job summary only.')
    return
  }
  const [
    { createOctokit, upsertStickyComment, CommentPermissionError },
    { commentMarker, renderPlanComment }
  ] = await Promise.all([import('./github/comment.js'), import('./github/plan-comment.js')])
  const runUrl = `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
  const body = renderPlanComment({
    apiId,
    service,
    plan: run.plan,
    desired: run.desired,
    problems: run.problems,
    runUrl,
    offlineNote
  })
  try {
    const octokit = createOctokit(token, {
      baseUrl: process.env.GITHUB_API_URL,
      log: (line) => core.info(line)
    })
    const result = await upsertStickyComment(
      octokit,
      { owner: context.repo.owner, repo: context.repo.repo, issueNumber: pr.number as number },
      commentMarker(apiId, service),
      body
    )
    core.info(`plan comment ${result.action}: ${result.url}`)
    core.setOutput('comment-url', result.url)
  } catch (err) {
    if (!(err instanceof CommentPermissionError)) throw err
    core.notice(`${err.message}; the plan is in the job summary instead.`)
    core.setOutput('comment-url', '')
  }
}

/**
 * After an apply that changed something: its release notes in the job summary always, and as a
 * GitHub release (`release-notes: github-release`, the default on push events): one per workflow
 * run, tagged `apim-<api-id>-run-<run id>`, updated when the run is re-run.
 */
async function releaseNotes(
  result: import('./apply/apply.js').ApplyResult,
  run: import('./engine.js').PlanRun,
  service: string,
  apiId: string
): Promise<string> {
  core.setOutput('release-url', '')
  const changed = result.versions.some((v) => v.status === 'done')
  if (!changed) return ''
  const { releaseTag, renderReleaseBody, upsertRelease } = await import('./github/release.js')
  const body = renderReleaseBody(result, run.desired, { apiId, service })
  const github = await import('@actions/github')
  const { context } = github
  const choice =
    core.getInput('release-notes').trim().toLowerCase() ||
    (context.eventName === 'push' ? 'github-release' : 'none')
  if (choice !== 'github-release' && choice !== 'none') {
    core.warning(`release-notes: '${choice}' is not github-release or none; no release made`)
    return `\n${body}`
  }
  const token = core.getInput('github-token')
  if (choice === 'github-release' && token && context.runId) {
    const { createOctokit } = await import('./github/comment.js')
    const tag = releaseTag(apiId, context.runId)
    try {
      const release = await upsertRelease(
        createOctokit(token, {
          baseUrl: process.env.GITHUB_API_URL,
          log: (line) => core.info(line)
        }),
        {
          owner: context.repo.owner,
          repo: context.repo.repo,
          tag,
          sha: context.sha,
          name: `APIM ${apiId}: run ${context.runNumber || context.runId}`,
          body
        }
      )
      core.info(`release ${tag} ${release.action}: ${release.url}`)
      core.setOutput('release-url', release.url)
    } catch (err) {
      const status = (err as { status?: number }).status
      if (status !== 403 && status !== 404) throw err
      core.notice(
        `cannot write the GitHub release ${tag} (HTTP ${status}): the token lacks contents: write; the notes are in the job summary.`
      )
    }
  }
  return `\n${body}`
}

/**
 * `mode: plan` without Azure (a fork's pull request, a first try): the pull request's spec folder
 * against its base commit, saying clearly that APIM was not consulted.
 */
async function runOfflinePlan(settings: Settings, workspace: string): Promise<void> {
  const [{ context }, engine, render, { specFolderAtCommit }] = await Promise.all([
    import('@actions/github'),
    import('./engine.js'),
    import('./plan/render.js'),
    import('./github/base-snapshot.js')
  ])
  const base = context.payload.pull_request?.base as { sha?: string } | undefined
  if (!base?.sha) {
    throw new UsageError(
      'mode plan without Azure coordinates compares a pull request with its base commit: run it on pull_request events, ' +
        'or set subscription-id, resource-group and service-name'
    )
  }
  const texts = engine.readPolicyTexts(settings, workspace)
  const snapshot = await specFolderAtCommit(workspace, base.sha, settings.specs.specFolder)
  try {
    const short = base.sha.slice(0, 7)
    const note = `APIM was not consulted: no Azure coordinates are configured. This plan compares the pull request's spec folder with its base commit ${short}.`
    core.notice(note)
    const run = engine.planAgainstFolder(settings, workspace, snapshot.folder, texts)
    const service = `offline (base ${short})`
    core.startGroup('Plan')
    core.info(render.renderPlanText(run.plan, service))
    core.endGroup()
    annotate(run.problems)
    core.setOutput(
      'plan',
      JSON.stringify(render.planJson(run.plan, { service, problems: run.problems }))
    )
    core.setOutput('has-changes', String(run.plan.hasChanges))
    await commentOnPullRequest(run, 'offline', settings.api.id, note)
    await core.summary.addRaw(await planSummary(run, settings.api.id, service, note)).write()
    failOnErrors(run.problems)
  } finally {
    snapshot.cleanup()
  }
}

/**
 * `mode: sync-upstream`: new upstream versions written into the spec folder, and what
 * peter-evans/create-pull-request needs to propose them (title, fixed branch, body).
 */
async function runSync(settings: Settings, folder: string, workspace: string): Promise<void> {
  const [{ createOctokit }, { syncFromSettings }, report] = await Promise.all([
    import('./github/comment.js'),
    import('./github/upstream.js'),
    import('./github/sync-report.js')
  ])
  const { owner, repo, ref, path: upstreamPath } = settings.upstream
  const octokit = createOctokit(core.getInput('github-token'), {
    baseUrl: process.env.GITHUB_API_URL,
    log: (line) => core.info(line)
  })
  core.startGroup(`Reading ${owner}/${repo}/${upstreamPath} at ${ref}`)
  const { source, result } = await syncFromSettings(octokit, settings, folder)
  for (const s of result.synced) core.info(`${s.version}: ${s.kind}, written to ${s.file}`)
  core.endGroup()
  for (const w of result.warnings) core.warning(w)
  const hasChanges = result.synced.length > 0
  core.setOutput('synced-versions', JSON.stringify(result.synced))
  core.setOutput('has-changes', String(hasChanges))
  core.setOutput('pr-branch', report.SYNC_BRANCH)
  core.setOutput('pr-title', hasChanges ? report.syncTitle(result.synced) : '')
  const body = hasChanges ? report.syncBody(result.synced, source, folder, workspace) : ''
  core.setOutput('pr-body', body)
  await core.summary
    .addRaw(
      hasChanges
        ? `## ${report.syncTitle(result.synced)}\n\n${body}`
        : `No new API versions in ${owner}/${repo}/${upstreamPath} at ${ref}.\n`
    )
    .write()
}

/** GitHub accepts 1 MiB of job summary per step: room for every version's details. */
const SUMMARY_LIMIT = 1_000_000

/** The job summary holds the plan as the comment shows it, with none of the details cut. */
async function planSummary(
  run: import('./engine.js').PlanRun,
  apiId: string,
  service: string,
  offlineNote?: string
): Promise<string> {
  const { renderPlanComment } = await import('./github/plan-comment.js')
  return renderPlanComment(
    { apiId, service, plan: run.plan, desired: run.desired, problems: run.problems, offlineNote },
    SUMMARY_LIMIT
  )
}
