import { analyzeFolder } from '../specs/analyze.js'
import { diffSpecs } from '../specs/changelog.js'
import { renderChangelogMarkdown } from './changelog.js'
import { code, escapeMarkdown } from './escape.js'
import type { SyncedVersion, UpstreamSource } from '../sync/upstream.js'
import { COMMENT_LIMIT } from './plan-comment.js'

/** The fixed branch of the sync pull request, so one pull request is updated instead of many. */
export const SYNC_BRANCH = 'apim-version-action/sync-upstream'

export function syncTitle(synced: SyncedVersion[]): string {
  const names = synced.map((s) => s.version)
  return names.length === 1
    ? `Add API version ${names[0]} from upstream`
    : `Add ${names.length} API versions from upstream: ${names.join(', ')}`
}

/**
 * The sync pull request's body: each synced version with its change log against the newest
 * older version of the folder, its patch summary and the upstream commit; within GitHub's limit.
 */
export function syncBody(
  synced: SyncedVersion[],
  source: UpstreamSource,
  specFolder: string,
  cwd: string
): string {
  const analysis = analyzeFolder(specFolder, { cwd })
  const versions = analysis.versions
  const lines = [
    `New API versions from ${code(`${source.owner}/${source.repo}`)} (${code(source.path)} at ${code(source.ref)}), found by apim-version-action.`,
    ''
  ]
  for (const s of synced) {
    const index = versions.findIndex((v) => v.version === s.version)
    const current = versions[index]
    const previous = index > 0 ? versions[index - 1] : undefined
    lines.push(`### ${escapeMarkdown(s.version)} (${s.kind})`, '')
    lines.push(
      `- file: ${code(s.file)}`,
      `- upstream commit: ${code(s.upstreamCommit)}`,
      `- patch: ${escapeMarkdown(s.patchSummary)}`,
      ''
    )
    if (current && previous) {
      lines.push(
        renderChangelogMarkdown(
          diffSpecs(
            { root: previous.patch.value, label: previous.version },
            { root: current.patch.value, label: current.version }
          ),
          { heading: '####' }
        )
      )
    } else if (current) {
      lines.push('The oldest version in the folder.', '')
    }
  }
  const body = lines.join('\n')
  return body.length <= COMMENT_LIMIT
    ? body
    : `${body.slice(0, COMMENT_LIMIT - 100)}\n\n_…cut at GitHub's 65,536-character limit._`
}
