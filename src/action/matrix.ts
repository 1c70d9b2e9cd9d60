import * as core from '@actions/core'
import { ACTION_DEFAULTS } from '../inputs.js'
import type { Reporter } from '../pipeline.js'
import { UsageError, type RawInputs } from '../settings.js'
import { annotate } from './annotations.js'
import { bestEffort, planView, runUrl } from './github.js'

/**
 * `mode: matrix`: the config's (api, environment) pairs as the `matrix` output for
 * `strategy.matrix`; with `matrix-filter: changed`, those whose spec folder the pull request
 * (against its base) or the push (against `before`) changed.
 */
export async function runMatrix(raw: RawInputs, workspace: string): Promise<void> {
  const file = raw.config?.trim()
  if (!file) throw new UsageError('mode matrix needs config: the file of APIs and environments')
  const filter = (raw['matrix-filter'] ?? 'all').trim() || 'all'
  if (filter !== 'all' && filter !== 'changed')
    throw new UsageError(`matrix-filter: '${filter}' is not one of all, changed`)
  const { context } = await import('@actions/github')
  const base =
    filter === 'changed'
      ? ((context.payload.pull_request?.base as { sha?: string } | undefined)?.sha ??
        (context.payload.before as string | undefined))
      : undefined
  const { configMatrix } = await import('../matrix/run.js')
  const { matrix, all, filtered } = await configMatrix(file, workspace, base)
  if (filter === 'changed' && !filtered)
    core.notice(
      'matrix-filter changed: git could not say what changed here, so every pair is listed'
    )
  core.setOutput('matrix', JSON.stringify(matrix))
  const rows = matrix.include.map((p) => `| \`${p.api}\` | \`${p.environment}\` |`)
  await core.summary
    .addRaw(
      [
        `## APIM matrix: ${matrix.include.length} of ${all.length} pairs`,
        '',
        '| api | environment |',
        '|---|---|',
        ...rows,
        ''
      ].join('\n')
    )
    .write()
}

/**
 * `mode: plan` with a config and neither api nor environment: every pair planned, one job
 * summary and one pull request comment with a table of them all.
 */
export async function runPlanEveryPair(
  raw: RawInputs,
  workspace: string,
  reporter: Reporter
): Promise<string | undefined> {
  const [{ planEveryPair }, { renderMatrixComment, matrixCommentMarker }, { runFailure }] =
    await Promise.all([
      import('../matrix/run.js'),
      import('../render/matrix-comment.js'),
      import('../pipeline.js')
    ])
  const results = await planEveryPair(
    {
      given: raw,
      isGiven: (name) => Boolean(raw[name]?.trim()) && raw[name] !== ACTION_DEFAULTS[name],
      label: (name) => `input ${name}`,
      workspace
    },
    { getIdToken: (audience) => core.getIDToken(audience) },
    reporter
  )
  const planned = results.filter((r) => r.outcome && r.settings)
  const views = await Promise.all(
    planned.map(async (r) => ({
      api: r.pair.api,
      environment: r.pair.environment,
      view: await planView(r.settings!, r.outcome!.plan)
    }))
  )
  const configFile = raw.config!.trim()
  const failures = results.flatMap((r) => {
    const failure = r.error ?? (r.outcome ? runFailure(r.outcome) : undefined)
    return failure ? [`${r.pair.api} on ${r.pair.environment}: ${failure}`] : []
  })
  annotate(planned.flatMap((r) => r.outcome!.plan.run.problems))
  core.setOutput(
    'plan',
    JSON.stringify(planned.map((r) => ({ ...r.pair, plan: r.outcome!.plan.json })))
  )
  core.setOutput('has-changes', String(planned.some((r) => r.outcome!.plan.run.plan.hasChanges)))
  const summary = renderMatrixComment(views, { configFile, marker: false }, 1_000_000)
  await core.summary.addRaw(summary + failures.map((f) => `\n- ❌ ${f}`).join('')).write()

  const { context } = await import('@actions/github')
  const pr = context.payload.pull_request
  const settings = planned[0]?.settings
  if (pr && settings?.githubToken) {
    const { upsertStickyComment } = await import('../github/comment.js')
    const number = pr.number as number
    const body = renderMatrixComment(views, { configFile, runUrl: runUrl(context) })
    const result = await bestEffort(
      settings,
      `the plan comment on pull request #${number}`,
      'pull-requests: write',
      (octokit) =>
        upsertStickyComment(
          octokit,
          { owner: context.repo.owner, repo: context.repo.repo, issueNumber: number },
          matrixCommentMarker(configFile),
          body
        )
    )
    if (result) core.setOutput('comment-url', result.url)
  }
  return failures.length > 0 ? failures.join('\n') : undefined
}
