import * as core from '@actions/core'
import type { ApplyResult } from '../apply/apply.js'
import type { Octokit } from '../github/octokit.js'
import type { PlanOutcome } from '../pipeline.js'
import type { PlanCommentInput } from '../render/plan-comment.js'
import type { Settings } from '../settings.js'

/** Octokit for the `github-token` input, against the workflow's GitHub (GITHUB_API_URL). */
export async function githubClient(settings: Settings, signal?: AbortSignal): Promise<Octokit> {
  const { createOctokit } = await import('../github/octokit.js')
  return createOctokit(settings.githubToken ?? '', {
    baseUrl: process.env.GITHUB_API_URL,
    log: (line) => core.info(line),
    signal
  })
}

/** How long the comment, or the release, may take in all, retries included. */
export const GITHUB_DEADLINE_MS = 30_000

/**
 * One write to GitHub that must not cost the plan: bounded by GITHUB_DEADLINE_MS, and any
 * failure is a warning (a missing permission a notice) naming what to fix. Returns undefined
 * when it failed.
 */
export async function bestEffort<T>(
  settings: Settings,
  what: string,
  permission: string,
  work: (octokit: Octokit) => Promise<T>
): Promise<T | undefined> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new Error(`no answer within ${GITHUB_DEADLINE_MS / 1000} s`))
    }, GITHUB_DEADLINE_MS)
  })
  try {
    const octokit = await githubClient(settings, controller.signal)
    return await Promise.race([work(octokit), expired])
  } catch (err) {
    const status = (err as { status?: number }).status
    const message = err instanceof Error ? err.message : String(err)
    const api = process.env.GITHUB_API_URL || 'https://api.github.com'
    if (status === 403 || status === 404) {
      core.notice(
        `cannot write ${what} (HTTP ${status}): the github-token lacks ${permission} (fork pull requests never have it); the job summary has it.`
      )
    } else if (status === 401) {
      core.warning(
        `cannot write ${what} (HTTP 401): the github-token is invalid or expired; the job summary has it.`
      )
    } else {
      core.warning(
        `cannot write ${what}: ${message}${status ? ` (HTTP ${status})` : ''}. Check that ${api} is reachable from the runner and GitHub is up (https://www.githubstatus.com), then re-run the job; the job summary has it.`
      )
    }
    return undefined
  } finally {
    clearTimeout(timer)
  }
}

export function runUrl(context: typeof import('@actions/github').context): string {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
}

/**
 * What the plan's renderers need: the plan and, for a plan without APIM, the pull request's base
 * commit (its title names that instead of a service).
 */
export async function planView(settings: Settings, plan: PlanOutcome): Promise<PlanCommentInput> {
  const { context } = await import('@actions/github')
  const base = context.payload.pull_request?.base as { sha?: string } | undefined
  return {
    apiId: settings.api.id,
    service: plan.service,
    plan: plan.run.plan,
    desired: plan.run.desired,
    problems: plan.run.problems,
    warnings: plan.run.warnings,
    offlineNote: plan.offlineNote,
    ...(plan.offlineNote && base?.sha ? { baseCommit: base.sha } : {})
  }
}

/**
 * On a pull request, the plan becomes one sticky comment (created once, then edited in place).
 * Called after the job summary and outputs are written: when the comment cannot be written
 * (no permission, GitHub down) a notice or warning says why, and the step does not fail for it.
 */
export async function commentOnPullRequest(settings: Settings, plan: PlanOutcome): Promise<void> {
  const { context } = await import('@actions/github')
  const pr = context.payload.pull_request
  if (!pr || !context.eventName.startsWith('pull_request')) return
  core.setOutput('comment-url', '')
  if (!settings.githubToken) {
    core.notice('No github-token: the plan is in the job summary only.')
    return
  }
  const [{ upsertStickyComment }, { commentMarker, renderPlanComment }] = await Promise.all([
    import('../github/comment.js'),
    import('../render/plan-comment.js')
  ])
  // An offline plan's comment is found again whatever the base commit.
  const service = plan.offlineNote ? 'offline' : plan.service
  const view = { ...(await planView(settings, plan)), service, runUrl: runUrl(context) }
  const number = pr.number as number
  const result = await bestEffort(
    settings,
    `the plan comment on pull request #${number}`,
    'pull-requests: write',
    (octokit) =>
      upsertStickyComment(
        octokit,
        { owner: context.repo.owner, repo: context.repo.repo, issueNumber: number },
        commentMarker(settings.api.id, service),
        renderPlanComment(view)
      )
  )
  if (!result) return
  core.info(`plan comment ${result.action}: ${result.url}`)
  core.setOutput('comment-url', result.url)
}

/** Something was imported or revised: what release notes are about (a prune alone is not). */
export function changedSomething(result: ApplyResult): boolean {
  return result.versions.some(
    (v) => v.status === 'done' && ['import', 'revise', 'reimport', 'repair'].includes(v.action)
  )
}

/**
 * After an apply that imported or revised something, with `release-notes: github-release` (the
 * default on push events): its release notes as a GitHub release, one per workflow run, tagged
 * `apim-<api-id>-run-<run id>`, updated when the run is re-run. Returns a line for the job
 * summary linking to it ('' when there is none; the summary has the plan's change logs).
 */
export async function publishRelease(
  settings: Settings,
  result: ApplyResult,
  plan: PlanOutcome
): Promise<string> {
  core.setOutput('release-url', '')
  if (!changedSomething(result)) return ''
  const { context } = await import('@actions/github')
  const choice = settings.releaseNotes ?? (context.eventName === 'push' ? 'github-release' : 'none')
  if (choice !== 'github-release' || !settings.githubToken || !context.runId) return ''
  const [{ renderReleaseBody }, { releaseTag, upsertRelease }] = await Promise.all([
    import('../render/release-notes.js'),
    import('../github/release.js')
  ])
  const apiId = settings.api.id
  const tag = releaseTag(apiId, context.runId)
  const release = await bestEffort(
    settings,
    `the GitHub release ${tag}`,
    'contents: write',
    (octokit) =>
      upsertRelease(octokit, {
        owner: context.repo.owner,
        repo: context.repo.repo,
        tag,
        sha: context.sha,
        name: `APIM ${apiId}: run ${context.runNumber || context.runId}`,
        body: renderReleaseBody(result, plan.run.desired, { apiId, service: plan.service })
      })
  )
  if (!release) return ''
  core.info(`release ${tag} ${release.action}: ${release.url}`)
  core.setOutput('release-url', release.url)
  return `\nRelease notes: [\`${tag}\`](${release.url})\n`
}
