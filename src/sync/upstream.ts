import fs from 'node:fs'
import path from 'node:path'
import type { Octokit } from '../github/octokit.js'
import type { Settings } from '../settings.js'
import type { Changelog } from '../specs/changelog.js'
import { confine, writeInside } from '../specs/confine.js'
import type { ImportableMode } from '../specs/importable/index.js'
import { compareVersionIds, isMovingVersion, isPreview, parseVersionId } from '../specs/versions.js'
import { changesAgainst, checkSpec } from './check.js'
import { gitBlobSha, listUpstream, type UpstreamSource, type UpstreamVersion } from './listing.js'
import { localVersions, shownLocal, SPEC_FOLDER, specRoot } from './local.js'

export { gitBlobSha, listUpstream } from './listing.js'
export type { UpstreamListing, UpstreamSource, UpstreamVersion } from './listing.js'

export interface SyncedVersion {
  version: string
  channel?: string
  file: string
  kind: 'new' | 'changed'
  upstreamCommit: string
  patchSummary: string
  /**
   * changed: what the new content changes against the local content it replaces (both patched
   * as the plan patches them); undefined for new versions, or when the old file was no spec.
   */
  changes?: Changelog
}

export interface SyncResult {
  synced: SyncedVersion[]
  warnings: string[]
}

export interface SyncOptions {
  specFolder: string
  includePreviews: boolean
  minVersion?: string
  /** Also update dated versions whose upstream blob differs (moving versions always are). */
  updateChanged: boolean
  parameter: string
  /** Patched as the plan patches: `keep-examples` negated, and `importable`. */
  removeExternalExamples?: boolean
  importable?: ImportableMode
  workspace?: string
}

/**
 * Brings upstream versions the local folder lacks into `specFolder`, in the same layout (flat
 * upstream files as `<version>/<file>`), and updates those whose upstream blob differs: moving
 * versions (`v1`, `preview`) always, dated ones only with updateChanged. Each download is checked
 * with the spec engine (decodes, is a spec, can be patched) before it is written; a bad one is
 * skipped and named. A changed version carries its change log against the file it replaces.
 * Nothing is read or written outside `specFolder` (nor the spec folder outside `workspace`, when
 * given), symlinks included: a path that a symlink leads out is skipped and named.
 */
export async function syncUpstream(
  octokit: Octokit,
  source: UpstreamSource,
  options: SyncOptions
): Promise<SyncResult> {
  const { commit, versions, skipped } = await listUpstream(octokit, source)
  const warnings = skipped.map((s) => `upstream ${s}; skipped`)
  const root = specRoot(options.specFolder, options.workspace)
  const local = localVersions(root)
  const minimum = options.minVersion ? parseVersionId(options.minVersion) : undefined
  const synced: SyncedVersion[] = []
  for (const v of versions) {
    if (!options.includePreviews && isPreview(v.id)) continue
    if (minimum && compareVersionIds(v.id, minimum) < 0) continue
    const shown = upstreamFile(source, v)
    const clash = layoutClash(v, local)
    if (clash) {
      warnings.push(`${shown}: not written: ${clash}`)
      continue
    }
    const existing = local.versions.get(v.version.toLowerCase())
    let target: string
    let replaced: string | undefined
    if (existing) {
      if (!options.updateChanged && !isMovingVersion(v.id)) continue
      target = path.join(existing, v.file)
      const current = confine(target, root, SPEC_FOLDER)
      if (current.problem !== undefined) {
        warnings.push(`${shown}: not written to ${shownLocal(target)}: ${current.problem}`)
        continue
      }
      if (fs.existsSync(current.real)) {
        if (gitBlobSha(fs.readFileSync(current.real)) === v.sha) continue
        replaced = current.real
      }
    } else {
      target = path.join(root, ...(v.channel ? [v.channel] : []), v.version, v.file)
    }
    const folder = confine(path.dirname(target), root, SPEC_FOLDER)
    if (folder.problem !== undefined) {
      warnings.push(`${shown}: not written to ${shownLocal(target)}: ${folder.problem}`)
      continue
    }
    const { data } = await octokit.rest.git.getBlob({
      owner: source.owner,
      repo: source.repo,
      file_sha: v.sha
    })
    const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8')
    const checked = checkSpec(bytes, shown, v.file, options)
    if (checked.problem !== undefined) {
      warnings.push(`${checked.problem}; not written`)
      continue
    }
    // Read before the write replaces it: the change log is against what the folder had.
    const changes = replaced
      ? changesAgainst(
          replaced,
          shownLocal(target),
          checked.value,
          { from: `${v.version} (current)`, to: `${v.version} (upstream ${commit.slice(0, 7)})` },
          options
        )
      : undefined
    const problem = writeInside(target, bytes, root, SPEC_FOLDER)
    if (problem !== undefined) {
      warnings.push(`${shown}: not written to ${shownLocal(target)}: ${problem}`)
      continue
    }
    synced.push({
      version: v.version,
      channel: v.channel,
      file: path.relative(process.cwd(), target),
      kind: existing ? 'changed' : 'new',
      upstreamCommit: commit,
      patchSummary: checked.summary,
      ...(changes ? { changes } : {})
    })
  }
  return { synced, warnings }
}

/** Where a version's file is upstream, as people see it (owner/repo/path/…/file). */
function upstreamFile(source: UpstreamSource, v: UpstreamVersion): string {
  const within = source.layout === 'flat' ? [] : [...(v.channel ? [v.channel] : []), v.version]
  return [`${source.owner}/${source.repo}`, source.path, ...within, v.file].join('/')
}

/**
 * A named version and a channel of the same name cannot share one spec folder: `preview/` is
 * either the v1 API's `preview` version or the dated tree's preview channel.
 */
function layoutClash(
  v: UpstreamVersion,
  local: ReturnType<typeof localVersions>
): string | undefined {
  const name = v.version.toLowerCase()
  if (local.channels.has(name)) {
    return `'${v.version}' is a channel of version folders in the spec folder; sync this upstream into a spec folder of its own`
  }
  if (
    v.channel !== undefined &&
    local.versions.has(v.channel.toLowerCase()) &&
    !local.channels.has(v.channel.toLowerCase())
  ) {
    return `'${v.channel}' is a version in the spec folder, not a channel; sync this upstream into a spec folder of its own`
  }
  return undefined
}

/** The sync the settings ask for (the action and the CLI run the same one). */
export async function syncFromSettings(
  octokit: Octokit,
  settings: Settings,
  specFolder: string,
  workspace?: string
): Promise<{ source: UpstreamSource; result: SyncResult }> {
  const {
    owner,
    repo,
    ref,
    path: upstreamPath,
    files,
    layout,
    flatFiles,
    updateChanged
  } = settings.upstream
  const source: UpstreamSource = { owner, repo, ref, path: upstreamPath, files, layout, flatFiles }
  const result = await syncUpstream(octokit, source, {
    specFolder,
    includePreviews: settings.specs.includePreviews,
    minVersion: settings.specs.minVersion,
    updateChanged,
    parameter: settings.specs.versionParameter,
    removeExternalExamples: !settings.specs.keepExamples,
    importable: settings.specs.importable,
    workspace
  })
  return { source, result }
}
