import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ensureCommit } from './history.js'

const run = promisify(execFile)

/**
 * Writes the spec folder as it is at commit `sha` into a temp folder (git archive, so nothing
 * in the workspace changes), fetching the commit first when a shallow checkout lacks it.
 * Returns the folder and a cleanup; the folder is empty when the base had no spec folder.
 */
export async function specFolderAtCommit(
  workspace: string,
  sha: string,
  specFolder: string
): Promise<{ root: string; folder: string; cleanup: () => void }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-base-'))
  const cleanup = () => fs.rmSync(root, { recursive: true, force: true })
  try {
    await ensureCommit(workspace, sha)
    const relative = path
      .relative(workspace, path.resolve(workspace, specFolder))
      .split(path.sep)
      .join('/')
    const listed = await run('git', ['ls-tree', '-d', '--name-only', sha, '--', relative], {
      cwd: workspace
    })
    if (listed.stdout.trim()) {
      const archive = path.join(root, 'base.tar')
      await run('git', ['archive', '--format=tar', '-o', archive, sha, '--', relative], {
        cwd: workspace
      })
      await run('tar', ['-xf', archive, '-C', root])
      fs.rmSync(archive)
    }
    const folder = path.join(root, relative)
    fs.mkdirSync(folder, { recursive: true })
    return { root, folder, cleanup }
  } catch (err) {
    cleanup()
    throw new Error(
      `cannot read ${specFolder} at the base commit ${sha.slice(0, 7)}: ${(err as Error).message.split('\n')[0]}`,
      {
        cause: err
      }
    )
  }
}
