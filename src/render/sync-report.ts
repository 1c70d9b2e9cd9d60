import path from 'node:path'
import type { SpecVersion } from '../specs/analyze.js'
import { analyzeFolders } from '../specs/analysis-worker.js'
import { changelogHeadline, diffSpecs, type Changelog } from '../specs/changelog.js'
import { isMovingVersion } from '../specs/versions.js'
import { renderChangelogMarkdown } from './changelog.js'
import { code, escapeMarkdown } from './escape.js'
import type { SyncedVersion, UpstreamSource } from '../sync/upstream.js'
import { COMMENT_LIMIT } from './plan-comment.js'
import { versionTimeline } from './timeline.js'

/** The branch of a sync pull request, before the spec folder that names it (see syncBranch). */
export const SYNC_BRANCH = 'apim-version-action/sync-upstream'

/** GitHub accepts 1 MiB of job summary per step. */
const SUMMARY_LIMIT = 1_000_000

/** Lists longer than this are folded into a <details> in the pull request body. */
const SHOWN_ITEMS = 10

/**
 * The sync pull request's branch: fixed for a spec folder, so each run updates one pull request
 * instead of opening another, and two syncs into two folders (the dated API and v1) keep two
 * pull requests: `apim-version-action/sync-upstream-specs-azure-openai-v1`.
 */
export function syncBranch(specFolder: string, workspace = process.cwd()): string {
  const absolute = path.resolve(workspace, specFolder)
  const relative = path.relative(path.resolve(workspace), absolute)
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative
  const slug = shown
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '')
  return slug ? `${SYNC_BRANCH}-${slug}` : SYNC_BRANCH
}

export function syncTitle(synced: SyncedVersion[]): string {
  const names = synced.map((s) => s.version)
  const added = synced.filter((s) => s.kind === 'new').length
  const updated = synced.length - added
  if (names.length === 1) return `${added ? 'Add' : 'Update'} API version ${names[0]} from upstream`
  if (updated === 0) return `Add ${names.length} API versions from upstream: ${names.join(', ')}`
  if (added === 0) return `Update ${names.length} API versions from upstream: ${names.join(', ')}`
  return `Add ${added} and update ${updated} API versions from upstream: ${names.join(', ')}`
}

/** The `synced-versions` output: each version without its change log, with its headline. */
export function syncedVersionsJson(synced: SyncedVersion[]): string {
  return JSON.stringify(
    synced.map(({ changes, ...rest }) =>
      changes ? { ...rest, changeSummary: changelogHeadline(changes) } : rest
    )
  )
}

/**
 * The sync's report, from one read of the folder: `body` for the pull request (long lists
 * folded, cut at GitHub's 65,536 characters) and `summary` for the job summary (complete).
 * Both open with the folder's versions after the sync as a Mermaid timeline (new ones marked
 * `new`, changed ones `revised`), then each synced version: file, upstream commit, patch
 * summary and its change log: a changed version against the content it replaced, a new one
 * against the newest older version of the folder.
 */
export async function syncReport(
  synced: SyncedVersion[],
  source: UpstreamSource,
  specFolder: string,
  cwd: string
): Promise<{ body: string; summary: string }> {
  const [{ versions }] = await analyzeFolders([{ folder: specFolder, options: { cwd } }])
  const render = (fold: boolean, limit: number) => {
    const body = [...head(synced, source, specFolder, cwd, versions)]
    for (const s of synced) body.push(...versionSection(s, versions, fold))
    return cut(body.join('\n'), limit)
  }
  return { body: render(true, COMMENT_LIMIT), summary: render(false, SUMMARY_LIMIT) }
}

function head(
  synced: SyncedVersion[],
  source: UpstreamSource,
  specFolder: string,
  cwd: string,
  versions: SpecVersion[]
): string[] {
  const kinds = new Set(synced.map((s) => s.kind))
  const what = kinds.has('changed') ? (kinds.has('new') ? 'New and updated' : 'Updated') : 'New'
  const folder = path.relative(cwd, specFolder) || '.'
  const marks = new Map(
    synced.map((s) => [s.version.toLowerCase(), s.kind === 'new' ? 'new' : 'revised'])
  )
  const timeline = versionTimeline(
    versions.map((v) => ({
      version: v.version,
      channel: v.channel,
      moving: isMovingVersion(v.id),
      mark: marks.get(v.version.toLowerCase()) as 'new' | 'revised' | undefined
    })),
    `API versions in ${folder}`
  )
  return [
    `${what} API versions from ${code(`${source.owner}/${source.repo}`)} (${code(source.path)} at ${code(source.ref)}), found by apim-version-action.`,
    '',
    `The versions in ${code(folder)} after this sync:`,
    '',
    timeline,
    ''
  ]
}

function versionSection(s: SyncedVersion, versions: SpecVersion[], fold: boolean): string[] {
  const lines = [`### ${escapeMarkdown(s.version)} (${s.kind})`, '']
  lines.push(
    `- file: ${code(s.file)}`,
    `- upstream commit: ${code(s.upstreamCommit)}`,
    `- patch: ${escapeMarkdown(s.patchSummary)}`,
    ''
  )
  const log = changeLog(s, versions)
  if (typeof log === 'string') lines.push(log, '')
  else {
    const text = renderChangelogMarkdown(log, { heading: '####' })
    lines.push(fold ? foldLongLists(text) : text)
  }
  return lines
}

/** A changed version's log against what it replaced; a new one's against the version before it. */
function changeLog(s: SyncedVersion, versions: SpecVersion[]): Changelog | string {
  if (s.kind === 'changed') {
    return (
      s.changes ?? 'The file it replaces was not there or not a spec: no change log against it.'
    )
  }
  const index = versions.findIndex((v) => v.version.toLowerCase() === s.version.toLowerCase())
  if (index < 0) return 'Not read back from the folder (see the warnings): no change log.'
  if (index === 0) return 'The oldest version in the folder.'
  const [previous, current] = [versions[index - 1], versions[index]]
  return diffSpecs(
    { root: previous.patch.value, label: previous.version },
    { root: current.patch.value, label: current.version }
  )
}

/**
 * Folds each list of the change log longer than SHOWN_ITEMS into a <details> (the headline and
 * each list's count stay in view). Lists are `**Title (n)**` then `- ` items, or
 * `**Title (n)**: a, b, c` on one line, as renderChangelogMarkdown writes them.
 */
export function foldLongLists(markdown: string): string {
  const lines = markdown.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const title = /^\*\*([^*]+ \((\d+)\))\*\*(?:: (.*))?$/.exec(lines[i])
    if (!title || Number(title[2]) <= SHOWN_ITEMS) {
      out.push(lines[i])
      continue
    }
    const open = `<details><summary>${title[1]}</summary>`
    if (title[3] !== undefined) {
      out.push(open, '', title[3], '', '</details>')
      continue
    }
    let end = i + 1
    while (end < lines.length && lines[end] === '') end++
    while (end < lines.length && lines[end].startsWith('- ')) end++
    out.push(open, '', ...lines.slice(i + 1, end).filter((l) => l !== ''), '', '</details>')
    i = end - 1
  }
  return out.join('\n')
}

function cut(body: string, limit: number): string {
  if (body.length <= limit) return body
  const shown =
    limit === COMMENT_LIMIT ? "GitHub's 65,536-character limit" : 'the 1 MiB job summary'
  return `${body.slice(0, limit - 100)}\n\n_…cut at ${shown}._`
}
