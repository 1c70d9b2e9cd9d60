import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
/** Every git call has a deadline (a fetch goes over the network). */
const GIT_TIMEOUT_MS = 60_000

function git(workspace: string, args: string[]) {
  return run('git', args, {
    cwd: workspace,
    timeout: GIT_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'buffer'
  })
}

/** The commit checked out in the workspace; undefined outside a git work tree. */
export async function headCommit(workspace: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(workspace, ['rev-parse', '--verify', 'HEAD'])
    const sha = stdout.toString('utf8').trim()
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}

/** Makes `sha` available, fetching just that commit when a shallow checkout lacks it. */
export async function ensureCommit(workspace: string, sha: string): Promise<void> {
  const has = await git(workspace, ['cat-file', '-e', `${sha}^{commit}`]).then(
    () => true,
    () => false
  )
  if (!has) await git(workspace, ['fetch', '--no-tags', '--depth=1', 'origin', sha])
}

/**
 * A file's bytes at a commit (`path` relative to the workspace, `/`-separated); undefined when
 * the commit or the file cannot be had (not a git work tree, a commit no remote has, no file).
 */
export async function fileAtCommit(
  workspace: string,
  sha: string,
  path: string
): Promise<Buffer | undefined> {
  if (!/^[0-9a-f]{7,40}$/.test(sha) || path.startsWith('/') || path.split('/').includes('..'))
    return undefined
  try {
    await ensureCommit(workspace, sha)
    return (await git(workspace, ['show', `${sha}:${path}`])).stdout
  } catch {
    return undefined
  }
}

/**
 * The files that differ between `base` and the checked-out commit (`/`-separated, relative to
 * `workspace`), a renamed file under its old and its new path; undefined when git cannot say
 * (not a work tree, an unknown commit).
 */
export async function changedFiles(workspace: string, base: string): Promise<string[] | undefined> {
  if (!/^[0-9a-f]{7,40}$/.test(base)) return undefined
  try {
    await ensureCommit(workspace, base)
    const { stdout } = await git(workspace, [
      'diff',
      '--name-only',
      '--no-renames',
      '--relative',
      '-z',
      base,
      'HEAD'
    ])
    return stdout.toString('utf8').split('\0').filter(Boolean)
  } catch {
    return undefined
  }
}
