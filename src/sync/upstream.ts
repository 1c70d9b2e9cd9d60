import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Octokit } from '../github/octokit.js'
import type { Settings } from '../settings.js'
import { confine, writeInside } from '../specs/confine.js'
import { SpecError } from '../specs/errors.js'
import { checkSize, decodeSpecBytes, parseSpec, syntaxOf } from '../specs/load.js'
import { patchSpec } from '../specs/patch.js'
import { compareVersionIds, isPreview, parseVersionId, type VersionId } from '../specs/versions.js'

export interface UpstreamSource {
  owner: string
  repo: string
  ref: string
  /** The folder of version folders in the upstream repository. */
  path: string
  /** File names to take from each version folder, most preferred first. */
  files: string[]
}

export interface UpstreamVersion {
  version: string
  id: VersionId
  channel?: string
  file: string
  /** The git blob id upstream (compared with the local file's to notice changes). */
  sha: string
}

type TreeEntry = { path: string; type: string; sha: string }

const SAFE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/

/** The git blob id of a file's bytes: what GitHub's trees report for it. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

function notFound(source: UpstreamSource, what: string): Error {
  return new Error(
    `${what} not found in ${source.owner}/${source.repo} at '${source.ref}': check upstream-repo, upstream-ref and upstream-path`
  )
}

/**
 * The version folders under the upstream path, read through the Git trees API. A truncated
 * recursive tree is walked folder by folder instead.
 */
export async function listUpstream(
  octokit: Octokit,
  source: UpstreamSource
): Promise<{ commit: string; versions: UpstreamVersion[]; skipped: string[] }> {
  const { owner, repo } = source
  let commit: string
  try {
    commit = (await octokit.rest.repos.getCommit({ owner, repo, ref: source.ref })).data.sha
  } catch (err) {
    const status = (err as { status?: number }).status
    if (status === 404 || status === 422)
      throw Object.assign(notFound(source, `ref '${source.ref}'`), { cause: err })
    if (status === 403) {
      throw new Error(
        `GitHub refused to read ${owner}/${repo} (403): a private repository, or the rate limit; give github-token access`,
        { cause: err }
      )
    }
    throw err
  }
  const tree = async (sha: string, recursive: boolean) =>
    (
      await octokit.rest.git.getTree({
        owner,
        repo,
        tree_sha: sha,
        ...(recursive ? { recursive: 'true' } : {})
      })
    ).data as { tree: TreeEntry[]; truncated: boolean }

  // Walk down to the upstream folder one level at a time (cheap, never truncated).
  let sha = commit
  for (const segment of source.path.split('/').filter(Boolean)) {
    const entry = (await tree(sha, false)).tree.find((e) => e.path === segment && e.type === 'tree')
    if (!entry) throw notFound(source, `upstream-path '${source.path}'`)
    sha = entry.sha
  }
  let entries: TreeEntry[]
  const full = await tree(sha, true)
  if (!full.truncated) entries = full.tree
  else {
    entries = []
    const walk = async (treeSha: string, prefix: string, depth: number): Promise<void> => {
      for (const e of (await tree(treeSha, false)).tree) {
        const p = prefix ? `${prefix}/${e.path}` : e.path
        entries.push({ ...e, path: p })
        // Version folders sit at most two levels down (<channel>/<version>); their examples are not needed.
        if (e.type === 'tree' && depth < 2 && e.path !== 'examples') await walk(e.sha, p, depth + 1)
      }
    }
    await walk(sha, '', 0)
  }

  const versions: UpstreamVersion[] = []
  const skipped: string[] = []
  const folders = new Map<string, TreeEntry[]>()
  for (const e of entries) {
    if (e.type !== 'blob') continue
    if (e.path.startsWith('/') || e.path.split('/').some((p) => p === '..' || p === '')) {
      skipped.push(`${e.path}: unsafe path`)
      continue
    }
    const parts = e.path.split('/')
    if (parts.length < 2 || parts.length > 3) continue
    const dir = parts.slice(0, -1).join('/')
    folders.set(dir, [...(folders.get(dir) ?? []), { ...e, path: parts[parts.length - 1] }])
  }
  for (const [dir, files] of folders) {
    const parts = dir.split('/')
    const name = parts[parts.length - 1]
    const id = parseVersionId(name)
    if (!id) continue
    const channel = parts.length === 2 ? parts[0] : undefined
    if (!SAFE_NAME.test(name) || (channel !== undefined && !SAFE_NAME.test(channel))) {
      skipped.push(`${dir}: unsafe folder name`)
      continue
    }
    const chosen = source.files.map((f) => files.find((x) => x.path === f)).find(Boolean)
    if (chosen) versions.push({ version: name, id, channel, file: chosen.path, sha: chosen.sha })
  }
  versions.sort((a, b) => compareVersionIds(a.id, b.id))
  return { commit, versions, skipped }
}

export interface SyncedVersion {
  version: string
  channel?: string
  file: string
  kind: 'new' | 'changed'
  upstreamCommit: string
  patchSummary: string
}

export interface SyncResult {
  synced: SyncedVersion[]
  warnings: string[]
}

/**
 * Brings upstream versions the local folder lacks (and, with updateChanged, those whose upstream
 * blob differs) into `specFolder`, in the same layout. Each download is checked with the spec
 * engine (decodes, is a spec, can be patched) before it is written; a bad one is skipped and named.
 * Nothing is read or written outside `specFolder` (nor the spec folder outside `workspace`, when
 * given), symlinks included: a path that a symlink leads out is skipped and named.
 */
export async function syncUpstream(
  octokit: Octokit,
  source: UpstreamSource,
  options: {
    specFolder: string
    includePreviews: boolean
    minVersion?: string
    updateChanged: boolean
    parameter: string
    workspace?: string
  }
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
    const shown = `${source.owner}/${source.repo}/${source.path}/${v.channel ? `${v.channel}/` : ''}${v.version}/${v.file}`
    const existing = local.get(v.version.toLowerCase())
    let target: string
    if (existing) {
      if (!options.updateChanged) continue
      target = path.join(existing, v.file)
      const current = confine(target, root, SPEC_FOLDER)
      if (current.problem !== undefined) {
        warnings.push(`${shown}: not written to ${shownLocal(target)}: ${current.problem}`)
        continue
      }
      if (fs.existsSync(current.real) && gitBlobSha(fs.readFileSync(current.real)) === v.sha)
        continue
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
    const checked = checkDownload(bytes, shown, v.file, options.parameter)
    if ('problem' in checked) {
      warnings.push(`${checked.problem}; not written`)
      continue
    }
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
      patchSummary: checked.summary
    })
  }
  return { synced, warnings }
}

const SPEC_FOLDER = 'the spec folder'

function shownLocal(target: string): string {
  return path.relative(process.cwd(), target) || target
}

/**
 * Decodes, parses and patches a downloaded spec. Any problem with it (a SpecError, or anything
 * else the engine throws) is this file's problem, named with its line where known.
 */
function checkDownload(
  bytes: Buffer,
  shown: string,
  fileName: string,
  parameter: string
): { summary: string } | { problem: string } {
  try {
    checkSize(bytes.length, shown)
    const text = decodeSpecBytes(bytes, shown)
    return {
      summary: patchSpec(parseSpec(text, shown, syntaxOf(fileName, text)), { parameter }).summary
    }
  } catch (err) {
    if (err instanceof SpecError)
      return { problem: `${shown}${err.line ? `:${err.line}` : ''}: ${err.message}` }
    return { problem: `${shown}: cannot be read as a spec (${(err as Error).message ?? err})` }
  }
}

/** The spec folder's real path, created when missing; it may not lead out of the workspace. */
function specRoot(specFolder: string, workspace: string | undefined): string {
  let folder = path.resolve(specFolder)
  if (workspace !== undefined) {
    const inside = confine(folder, workspace, 'the workspace')
    if (inside.problem !== undefined) {
      throw new Error(`spec-folder '${specFolder}': ${inside.problem}`)
    }
    folder = inside.real
  }
  fs.mkdirSync(folder, { recursive: true })
  return fs.realpathSync(folder)
}

/**
 * Version folders already in the local spec folder: version (lower case) → folder. A symlinked
 * folder counts when it stays inside the folder; one that leads out is not read.
 */
function localVersions(root: string): Map<string, string> {
  const found = new Map<string, string>()
  const folders = (dir: string) =>
    fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => {
      if (entry.isDirectory()) return true
      if (!entry.isSymbolicLink()) return false
      const link = confine(path.join(dir, entry.name), root, SPEC_FOLDER)
      return (
        link.real !== undefined &&
        fs.statSync(link.real, { throwIfNoEntry: false })?.isDirectory() === true
      )
    })
  for (const entry of folders(root)) {
    const full = path.join(root, entry.name)
    if (parseVersionId(entry.name)) found.set(entry.name.toLowerCase(), full)
    else {
      for (const child of folders(full)) {
        if (parseVersionId(child.name))
          found.set(child.name.toLowerCase(), path.join(full, child.name))
      }
    }
  }
  return found
}

/** The sync the settings ask for (the action and the CLI run the same one). */
export async function syncFromSettings(
  octokit: Octokit,
  settings: Settings,
  specFolder: string,
  workspace?: string
): Promise<{ source: UpstreamSource; result: SyncResult }> {
  const { owner, repo, ref, path: upstreamPath, files, updateChanged } = settings.upstream
  const source = { owner, repo, ref, path: upstreamPath, files }
  const result = await syncUpstream(octokit, source, {
    specFolder,
    includePreviews: settings.specs.includePreviews,
    minVersion: settings.specs.minVersion,
    updateChanged,
    parameter: settings.specs.versionParameter,
    workspace
  })
  return { source, result }
}
