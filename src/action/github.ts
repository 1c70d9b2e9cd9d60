import * as core from '@actions/core'
import type { ApplyResult } from '../apply/apply.js'
import type { Octokit } from '../github/octokit.js'
import type { PlanOutcome } from '../pipeline.js'
import type { Settings } from '../settings.js'

/** Octokit for the `github-token` input, against the workflow's GitHub (GITHUB_API_URL). */
export async function githubClient(settings: Settings): Promise<Octokit> {
  const { createOctokit } = await import('../github/octokit.js')
  return createOctokit(settings.githubToken ?? '', {
    baseUrl: process.env.GITHUB_API_URL,
    log: (line) => core.info(line)
  })
}

function runUrl(context: typeof import('@actions/github').context): string {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`
}

/**
 * On a pull request, the plan becomes one sticky comment (created once, then edited in place).
 * Without permission to comment (fork pull requests) the plan stays in the job summary and a
 * notice says why; the step does not fail for it.
 */
export async function commentOnPullRequest(settings: Settings, plan: PlanOutcome): Promise<void> {
  const { context } = await import('@actions/github')
  const pr = context.payload.pull_request
  if (!pr || !context.eventName.startsWith('pull_request')) return
  if (!settings.githubToken) {
    core.notice('No github-token: the plan is in the job summary only.')
    return
  }
  const [{ upsertStickyComment, CommentPermissionError }, { commentMarker, renderPlanComment }] =
    await Promise.all([import('../github/comment.js'), import('../render/plan-comment.js')])
  // An offline plan's comment is found again whatever the base commit.
  const service = plan.offlineNote ? 'offline' : plan.service
  const body = renderPlanComment({
    apiId: settings.api.id,
    service,
    plan: plan.run.plan,
    desired: plan.run.desired,
    problems: plan.run.problems,
    runUrl: runUrl(context),
    offlineNote: plan.offlineNote
  })
  try {
    const result = await upsertStickyComment(
      await githubClient(settings),
      { owner: context.repo.owner, repo: context.repo.repo, issueNumber: pr.number as number },
      commentMarker(settings.api.id, service),
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
 * After an apply that changed something: its release notes, returned for the job summary, and
 * as a GitHub release (`release-notes: github-release`, the default on push events): one per
 * workflow run, tagged `apim-<api-id>-run-<run id>`, updated when the run is re-run.
 */
export async function publishRelease(
  settings: Settings,
  result: ApplyResult,
  plan: PlanOutcome
): Promise<string> {
  core.setOutput('release-url', '')
  if (!result.versions.some((v) => v.status === 'done')) return ''
  const [{ context }, { renderReleaseBody }, { releaseTag, upsertRelease }] = await Promise.all([
    import('@actions/github'),
    import('../render/release-notes.js'),
    import('../github/release.js')
  ])
  const apiId = settings.api.id
  const body = renderReleaseBody(result, plan.run.desired, { apiId, service: plan.service })
  const choice = settings.releaseNotes ?? (context.eventName === 'push' ? 'github-release' : 'none')
  if (choice !== 'github-release' || !settings.githubToken || !context.runId) return `\n${body}`
  const tag = releaseTag(apiId, context.runId)
  try {
    const release = await upsertRelease(await githubClient(settings), {
      owner: context.repo.owner,
      repo: context.repo.repo,
      tag,
      sha: context.sha,
      name: `APIM ${apiId}: run ${context.runNumber || context.runId}`,
      body
    })
    core.info(`release ${tag} ${release.action}: ${release.url}`)
    core.setOutput('release-url', release.url)
  } catch (err) {
    const status = (err as { status?: number }).status
    if (status !== 403 && status !== 404) throw err
    core.notice(
      `cannot write the GitHub release ${tag} (HTTP ${status}): the token lacks contents: write; the notes are in the job summary.`
    )
  }
  return `\n${body}`
}
