import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** True when `target` is `root` or below it. A string check: give it real paths (see `confine`). */
export function isInside(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep)
}

/** Where a path really leads, or why it may not be used. */
export type Confined = { real: string; problem?: undefined } | { problem: string; real?: undefined }

/**
 * Where `target` really is: the part of the path that exists with every symlink resolved, then the
 * part that does not exist yet. A problem when that place is outside `root` (whose real path is
 * taken too), or when a broken symlink is on the way (writing through it would create its target,
 * wherever it points). `what` names the root in the problem ("the spec folder").
 */
export function confine(target: string, root: string, what: string): Confined {
  const realRoot = realPath(path.resolve(root))
  if (realRoot.problem !== undefined) return realRoot
  const real = realPath(path.resolve(target))
  if (real.problem !== undefined) return real
  if (!isInside(real.real, realRoot.real)) {
    const byPath = isInside(path.resolve(target), path.resolve(root))
    return {
      problem: byPath
        ? `a symlink leads outside ${what} (to ${real.real}); not followed`
        : `it is outside ${what} (${real.real})`
    }
  }
  return real
}

function realPath(absolute: string): Confined {
  const missing: string[] = []
  let existing = absolute
  for (;;) {
    try {
      return { real: path.join(fs.realpathSync(existing), ...missing) }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ELOOP') return { problem: `a symlink loop at ${existing}` }
      if (code !== 'ENOENT')
        return { problem: `cannot resolve ${existing}: ${code ?? String(err)}` }
      if (fs.lstatSync(existing, { throwIfNoEntry: false })?.isSymbolicLink()) {
        return { problem: `${existing} is a broken symlink; not followed` }
      }
      const parent = path.dirname(existing)
      if (parent === existing) return { real: absolute }
      missing.unshift(path.basename(existing))
      existing = parent
    }
  }
}

/**
 * Writes `bytes` to `target` without leaving `root`: the folder is resolved (symlinks included) and
 * must lie inside `root`; the bytes go to a fresh temp file in that real folder, then replace the
 * final name, so a symlink there is replaced, never followed. Returns a problem instead of writing.
 */
export function writeInside(
  target: string,
  bytes: Uint8Array,
  root: string,
  what: string
): string | undefined {
  const folder = confine(path.dirname(target), root, what)
  if (folder.problem !== undefined) return folder.problem
  fs.mkdirSync(folder.real, { recursive: true })
  // The folder exists now: check again, in case a symlink appeared on the way meanwhile.
  const made = confine(folder.real, root, what)
  if (made.problem !== undefined) return made.problem
  const final = path.join(made.real, path.basename(target))
  const temp = path.join(
    made.real,
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  )
  // 'wx' creates a new file and fails on anything already there (a symlink included).
  fs.writeFileSync(temp, bytes, { flag: 'wx' })
  try {
    fs.renameSync(temp, final)
  } catch (err) {
    fs.rmSync(temp, { force: true })
    throw err
  }
  return undefined
}
