import fs from 'node:fs'
import path from 'node:path'
import { confine } from '../specs/confine.js'
import { parseVersionId } from '../specs/versions.js'

export const SPEC_FOLDER = 'the spec folder'

export function shownLocal(target: string): string {
  return path.relative(process.cwd(), target) || target
}

/** The spec folder's real path, created when missing; it may not lead out of the workspace. */
export function specRoot(specFolder: string, workspace: string | undefined): string {
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

export interface LocalFolder {
  /** Version (lower case) → its folder. */
  versions: Map<string, string>
  /** Channel folders (lower case) at the top of the spec folder. */
  channels: Set<string>
}

/**
 * Version folders already in the local spec folder, read as discovery reads them: a top-level
 * `preview` (or `latest`) with version folders inside is a channel, else the version itself. A
 * symlinked folder counts when it stays inside the folder; one that leads out is not read.
 */
export function localVersions(root: string): LocalFolder {
  const versions = new Map<string, string>()
  const channels = new Set<string>()
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
    const id = parseVersionId(entry.name)
    const inside = id?.kind === 'date' || id?.kind === 'number' ? [] : folders(full)
    const nested = inside.filter((child) => parseVersionId(child.name))
    if (id && nested.length === 0) {
      versions.set(entry.name.toLowerCase(), full)
      continue
    }
    if (nested.length > 0) channels.add(entry.name.toLowerCase())
    for (const child of nested) versions.set(child.name.toLowerCase(), path.join(full, child.name))
  }
  return { versions, channels }
}
