import { createHash } from 'node:crypto'
import type { Octokit } from '../github/octokit.js'
import {
  compareVersionIds,
  parseVersionId,
  VERSION_FORMS,
  type VersionId
} from '../specs/versions.js'

/** Where the versions are upstream, and how its files map to versions. */
export interface UpstreamSource {
  owner: string
  repo: string
  ref: string
  /** The upstream folder: of version folders (`folders`) or of spec files (`flat`). */
  path: string
  /** folders: file names to take from each version folder, most preferred first. */
  files: string[]
  /**
   * `folders` (the default): `<version>/<file>` or `<channel>/<version>/<file>`, the dated tree;
   * `flat`: files directly in the folder, each one version (the v1 API's two files).
   */
  layout?: 'folders' | 'flat'
  /** flat: each file and the version it is (`azure-v1-v1-generated.json` → `v1`). */
  flatFiles?: { file: string; version: string }[]
}

export interface UpstreamVersion {
  version: string
  id: VersionId
  channel?: string
  file: string
  /** The git blob id upstream (compared with the local file's to notice changes). */
  sha: string
}

export interface UpstreamListing {
  commit: string
  versions: UpstreamVersion[]
  /** What was passed over, each as `<path>: <why>`. */
  skipped: string[]
}

type TreeEntry = { path: string; type: string; sha: string }
type ReadTree = (
  sha: string,
  recursive: boolean
) => Promise<{ tree: TreeEntry[]; truncated: boolean }>

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
 * The versions under the upstream path, read through the Git trees API: version folders (a
 * truncated recursive tree is walked folder by folder instead) or, in the flat layout, the
 * mapped files of the folder itself (one tree read, not recursive).
 */
export async function listUpstream(
  octokit: Octokit,
  source: UpstreamSource
): Promise<UpstreamListing> {
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
  const tree: ReadTree = async (sha, recursive) =>
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
  const listed =
    source.layout === 'flat'
      ? listFlat((await tree(sha, false)).tree, source.flatFiles ?? [])
      : listFolders(await folderEntries(tree, sha), source.files)
  listed.versions.sort((a, b) => compareVersionIds(a.id, b.id))
  return { commit, ...listed }
}

/** Every entry below the folder, paths relative to it; version folders at most two levels down. */
async function folderEntries(tree: ReadTree, sha: string): Promise<TreeEntry[]> {
  const full = await tree(sha, true)
  if (!full.truncated) return full.tree
  const entries: TreeEntry[] = []
  const walk = async (treeSha: string, prefix: string, depth: number): Promise<void> => {
    for (const e of (await tree(treeSha, false)).tree) {
      const p = prefix ? `${prefix}/${e.path}` : e.path
      entries.push({ ...e, path: p })
      // Version folders sit at most two levels down (<channel>/<version>); their examples are not needed.
      if (e.type === 'tree' && depth < 2 && e.path !== 'examples') await walk(e.sha, p, depth + 1)
    }
  }
  await walk(sha, '', 0)
  return entries
}

function listFolders(entries: TreeEntry[], files: string[]): Omit<UpstreamListing, 'commit'> {
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
  // A folder named `preview` that holds version folders is a channel, not the version `preview`.
  const channels = new Set(
    [...folders.keys()].filter((d) => d.includes('/')).map((d) => d.split('/')[0])
  )
  for (const [dir, inside] of folders) {
    const parts = dir.split('/')
    const name = parts[parts.length - 1]
    const id = parseVersionId(name)
    if (!id) continue
    if (id.kind === 'name' && parts.length === 1 && channels.has(name)) continue
    const channel = parts.length === 2 ? parts[0] : undefined
    if (!SAFE_NAME.test(name) || (channel !== undefined && !SAFE_NAME.test(channel))) {
      skipped.push(`${dir}: unsafe folder name`)
      continue
    }
    const chosen = files.map((f) => inside.find((x) => x.path === f)).find(Boolean)
    if (chosen) versions.push({ version: name, id, channel, file: chosen.path, sha: chosen.sha })
  }
  return { versions, skipped }
}

/** The flat layout: each mapped file of the folder is its version; a file not there is named. */
function listFlat(
  entries: TreeEntry[],
  flatFiles: { file: string; version: string }[]
): Omit<UpstreamListing, 'commit'> {
  const versions: UpstreamVersion[] = []
  const skipped: string[] = []
  for (const { file, version } of flatFiles) {
    if (!SAFE_NAME.test(file) || !SAFE_NAME.test(version)) {
      skipped.push(`${file}: unsafe name (file=version pairs are names only)`)
      continue
    }
    const id = parseVersionId(version)
    if (!id) {
      skipped.push(`${file}: '${version}' is not a version (expected ${VERSION_FORMS})`)
      continue
    }
    const entry = entries.find((e) => e.path === file && e.type === 'blob')
    if (!entry) {
      skipped.push(`${file}: not in the upstream folder (upstream-files maps it to ${version})`)
      continue
    }
    versions.push({ version, id, file, sha: entry.sha })
  }
  return { versions, skipped }
}
