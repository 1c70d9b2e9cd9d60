import type { Octokit } from './octokit.js'

/** `apim-<api-id>-run-<run id>`: one release per workflow run; a re-run of the run updates it. */
export function releaseTag(apiId: string, runId: number | string): string {
  return `apim-${apiId}-run-${runId}`.replace(/[^A-Za-z0-9._-]+/g, '-')
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
