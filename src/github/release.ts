import type { ApplyResult } from '../apply/apply.js'
import type { DesiredState } from '../plan/desired.js'
import { escapeMarkdown } from '../render/markdown.js'
import type { Octokit } from './comment.js'

/** GitHub's limit for a release body. */
export const RELEASE_BODY_LIMIT = 125_000

/** `apim-<api-id>-run-<run id>`: one release per workflow run; a re-run of the run updates it. */
export function releaseTag(apiId: string, runId: number | string): string {
  return `apim-${apiId}-run-${runId}`.replace(/[^A-Za-z0-9._-]+/g, '-')
}

/** The release notes of an apply run: per version imported or revised, its notes (change log and patch). */
export function renderReleaseBody(
  result: ApplyResult,
  desired: DesiredState,
  context: { apiId: string; service: string }
): string {
  const byVersion = new Map(desired.versions.map((d) => [d.version, d]))
  const lines = [`## ${escapeMarkdown(context.apiId)} on ${escapeMarkdown(context.service)}`, '']
  for (const v of result.versions) {
    if (v.status !== 'done' || v.action === 'delete') continue
    const verb = v.action === 'import' ? 'imported' : v.action === 'repair' ? 'repaired' : 'revised'
    lines.push(
      `### ${escapeMarkdown(v.version)}: ${verb}${v.revision ? ` (revision ${v.revision})` : ''}`,
      ''
    )
    // Notes are ours (the change log renderer escapes spec text), kept as markdown.
    lines.push(byVersion.get(v.version)?.notes ?? '', '')
  }
  const deleted = result.versions.filter((v) => v.status === 'done' && v.action === 'delete')
  if (deleted.length > 0)
    lines.push(`Deleted (prune): ${deleted.map((v) => escapeMarkdown(v.version)).join(', ')}`, '')
  const body = lines.join('\n')
  return body.length <= RELEASE_BODY_LIMIT
    ? body
    : `${body.slice(0, RELEASE_BODY_LIMIT - 80)}\n\n_…cut at GitHub's limit; the job summary has it all._`
}

/** Creates the run's release, or updates it when the same run is re-run. Returns its URL. */
export async function upsertRelease(
  octokit: Octokit,
  target: { owner: string; repo: string; tag: string; sha: string; name: string; body: string }
): Promise<{ action: 'created' | 'updated'; url: string }> {
  const { owner, repo, tag } = target
  let existing: { id: number } | undefined
  try {
    existing = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err
  }
  if (existing) {
    const { data } = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: existing.id,
      name: target.name,
      body: target.body
    })
    return { action: 'updated', url: data.html_url }
  }
  const { data } = await octokit.rest.repos.createRelease({
    owner,
    repo,
    tag_name: tag,
    target_commitish: target.sha,
    name: target.name,
    body: target.body
  })
  return { action: 'created', url: data.html_url }
}
