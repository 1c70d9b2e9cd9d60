import fs from 'node:fs'
import path from 'node:path'
import { isInside } from './confine.js'
import { SpecError, type Problem } from './errors.js'
import { readSpecText } from './load.js'
import {
  compareVersionIds,
  isPreview,
  parseVersionId,
  VERSION_FORMS,
  type VersionId
} from './versions.js'

export const DEFAULT_SPEC_FILES = [
  'inference.json',
  'openapi.json',
  'openapi.yaml',
  'inference.yaml'
]
const SPEC_EXTENSIONS = new Set(['.json', '.yaml', '.yml'])

export interface DiscoverOptions {
  /** File names to prefer when a version folder holds several specs, most preferred first. */
  specFiles?: string[]
  includePreviews?: boolean
  minVersion?: string
  /** Paths are shown relative to this folder when inside it (default: the working folder). */
  cwd?: string
}

export interface DiscoveredVersion {
  version: string
  id: VersionId
  channel?: string
  /** The chosen spec file as shown to people, and its real path. */
  file: string
  absoluteFile: string
  /** Why this file: named in the precedence list, or the only spec in the folder. */
  chosenBy: 'precedence' | 'only-spec'
  /** Every spec-like file in the folder (names), the chosen one included. */
  candidates: string[]
  /** Why the chosen file could not be read (oversized, BOM, not UTF-8). */
  readError?: SpecError
}

export interface Discovery {
  root: string
  layout: 'channel/version/file' | 'version/file' | 'mixed' | 'none'
  versions: DiscoveredVersion[]
  /** Versions present but left out by include-previews / min-version. */
  filtered: { version: string; reason: string }[]
  problems: Problem[]
}

type Entry = { name: string; full: string; kind: 'dir' | 'file' }

/**
 * Finds the version folders under `folder` (`<channel>/<version>/<file>` or `<version>/<file>`)
 * and picks one spec file in each: the first of `specFiles` present, else the only spec whatever
 * its name (`v1/azure-v1-v1-generated.json`). A top-level folder named `preview` or `latest` is a
 * version when it holds a spec itself and no version folders, else a channel. Never follows a
 * symlink out of the folder.
 */
export function discoverVersions(folder: string, options: DiscoverOptions = {}): Discovery {
  const cwd = options.cwd ?? process.cwd()
  const show = (p: string) => displayPath(p, cwd)
  const problems: Problem[] = []
  const warn = (file: string, message: string) =>
    problems.push({ severity: 'warning', file, message })
  const fail = (file: string, message: string) =>
    problems.push({ severity: 'error', file, message })

  let root: string
  try {
    root = fs.realpathSync(folder)
  } catch {
    throw new SpecError(show(path.resolve(folder)), 'the spec folder does not exist')
  }
  checkFolderStaysInside(path.resolve(folder), root, cwd, show)
  if (!fs.statSync(root).isDirectory()) {
    throw new SpecError(
      show(root),
      'the spec folder is a file; give the folder that holds the version folders'
    )
  }

  // Folders where a link was refused: "holds no spec file" would only repeat that problem.
  const refused = new Set<string>()
  const list = (dir: string): Entry[] =>
    listEntries(dir, root, show, (file, message) => {
      refused.add(dir)
      fail(file, message)
    })
  const found: { id: VersionId; channel?: string; dir: string }[] = []

  for (const entry of list(root)) {
    if (entry.kind !== 'dir') continue
    const id = parseVersionId(entry.name)
    if (id && id.kind !== 'name') {
      found.push({ id, dir: entry.full })
      continue
    }
    const children = list(entry.full).filter((e) => e.kind === 'dir')
    // `preview` (or `latest`) is a version when it holds its spec itself and no version folders
    // (the v1 API's `preview/<file>`); otherwise it is a channel (`preview/2025-03-01-preview/`).
    if (id && !children.some((c) => parseVersionId(c.name)) && holdsSpecFiles(entry.full, root)) {
      found.push({ id, dir: entry.full })
      continue
    }
    const isChannel =
      children.some((c) => parseVersionId(c.name)) ||
      (!holdsSpecFiles(entry.full, root) && children.some((c) => holdsSpecFiles(c.full, root)))
    if (!isChannel) {
      if (holdsSpecFiles(entry.full, root)) {
        fail(
          show(entry.full),
          `folder '${entry.name}' holds a spec but its name is not a version (expected ${VERSION_FORMS}); skipped. Rename it to its version.`
        )
      } else {
        warn(
          show(entry.full),
          `ignored: '${entry.name}' is neither a version folder nor a channel of version folders`
        )
      }
      continue
    }
    for (const child of children) {
      const childId = parseVersionId(child.name)
      if (childId) found.push({ id: childId, channel: entry.name, dir: child.full })
      else if (holdsSpecFiles(child.full, root)) {
        fail(
          show(child.full),
          `folder '${child.name}' in channel '${entry.name}' is not a version (expected ${VERSION_FORMS}); skipped. Rename it to its version.`
        )
      } else {
        warn(
          show(child.full),
          `ignored: '${child.name}' in channel '${entry.name}' is not a version folder`
        )
      }
    }
  }

  // The same version in two places is ambiguous: report both, use neither.
  const byVersion = new Map<string, typeof found>()
  for (const f of found) {
    const key = f.id.raw.toLowerCase()
    byVersion.set(key, [...(byVersion.get(key) ?? []), f])
  }
  const unique = found.filter((f) => {
    const same = byVersion.get(f.id.raw.toLowerCase()) ?? []
    if (same.length === 1) return true
    if (same[0] === f) {
      fail(
        show(f.dir),
        `version ${f.id.raw} appears more than once: ${same.map((s) => show(s.dir)).join(' and ')}. Keep one of them.`
      )
    }
    return false
  })

  const versions: DiscoveredVersion[] = []
  const filtered: Discovery['filtered'] = []
  const minimum = options.minVersion ? parseVersionId(options.minVersion) : undefined
  if (options.minVersion && !minimum) {
    throw new SpecError(
      options.minVersion,
      `min-version is not a version (expected ${VERSION_FORMS})`
    )
  }
  for (const f of unique.sort((a, b) => compareVersionIds(a.id, b.id))) {
    if (options.includePreviews === false && isPreview(f.id)) {
      filtered.push({ version: f.id.raw, reason: 'preview (include-previews is false)' })
      continue
    }
    if (minimum && compareVersionIds(f.id, minimum) < 0) {
      filtered.push({ version: f.id.raw, reason: `older than min-version ${minimum.raw}` })
      continue
    }
    const chosen = chooseSpecFile(f.dir, list(f.dir), options.specFiles ?? DEFAULT_SPEC_FILES, show)
    if ('problem' in chosen) {
      if (!refused.has(f.dir)) problems.push(chosen.problem)
      continue
    }
    versions.push({ version: f.id.raw, id: f.id, channel: f.channel, ...chosen })
  }

  const channels = new Set(found.map((f) => f.channel !== undefined))
  const layout =
    found.length === 0
      ? 'none'
      : channels.size === 2
        ? 'mixed'
        : channels.has(true)
          ? 'channel/version/file'
          : 'version/file'
  if (found.length === 0 && problems.every((p) => p.severity !== 'error')) {
    fail(
      show(root),
      `no version folders found. Expected <version>/<file> or <channel>/<version>/<file>, with versions like ${VERSION_FORMS}.`
    )
  }
  return { root, layout, versions, filtered, problems }
}

/**
 * A spec folder inside the workspace by its path must stay there once symlinks are followed:
 * `specs -> /elsewhere` would read files from outside the repository.
 */
function checkFolderStaysInside(
  given: string,
  root: string,
  cwd: string,
  show: (p: string) => string
): void {
  if (!isInside(given, path.resolve(cwd))) return
  let workspace: string
  try {
    workspace = fs.realpathSync(cwd)
  } catch {
    return
  }
  if (!isInside(root, workspace)) {
    throw new SpecError(
      show(given),
      `the spec folder leads outside the workspace through a symlink (to ${root}); not followed. Keep the specs in the repository.`
    )
  }
}

type Sniffed = {
  name: string
  full: string
  verdict: 'spec' | 'not-spec' | 'unreadable'
  error?: SpecError
}

function chooseSpecFile(
  dir: string,
  entries: Entry[],
  precedence: string[],
  show: (p: string) => string
): Omit<DiscoveredVersion, 'version' | 'id' | 'channel'> | { problem: Problem } {
  const files = entries
    .filter((e) => e.kind === 'file' && SPEC_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => sniff(e, show))
  const candidates = files.filter((f) => f.verdict !== 'not-spec')
  const pick = (file: Sniffed, chosenBy: 'precedence' | 'only-spec') => ({
    file: show(file.full),
    absoluteFile: file.full,
    chosenBy,
    candidates: candidates.map((c) => c.name),
    readError: file.error
  })
  for (const name of precedence) {
    const match = candidates.find((c) => c.name === name)
    if (match) return pick(match, 'precedence')
  }
  if (candidates.length === 1) return pick(candidates[0], 'only-spec')
  if (candidates.length === 0) {
    return {
      problem: {
        severity: 'error',
        file: show(dir),
        message:
          files.length === 0
            ? 'the version folder holds no spec file (.json, .yaml or .yml with an `openapi` or `swagger` key)'
            : `the version folder holds no OpenAPI or Swagger spec (none of ${files.map((f) => f.name).join(', ')} has an \`openapi\` or \`swagger\` key)`
      }
    }
  }
  return {
    problem: {
      severity: 'error',
      file: show(dir),
      message: `several spec files and none named in spec-file (${precedence.join(', ')}): ${candidates
        .map((c) => c.name)
        .join(', ')}. Name the one to use with spec-file.`
    }
  }
}

/**
 * Decides by content (a top-level `openapi` or `swagger` key) whether a file is a spec. The text
 * is not kept: the analysis reads the chosen file again when its turn comes, so a folder's texts
 * are never all in memory at once.
 */
function sniff(entry: Entry, show: (p: string) => string): Sniffed {
  try {
    const text = readSpecText(entry.full, show(entry.full))
    return { name: entry.name, full: entry.full, verdict: looksLikeSpec(text, entry.name) }
  } catch (err) {
    return { name: entry.name, full: entry.full, verdict: 'unreadable', error: err as SpecError }
  }
}

function looksLikeSpec(text: string, name: string): Sniffed['verdict'] {
  // Nearly every spec starts with its `openapi` or `swagger` key: decide without parsing.
  if (/^\s*\{\s*"(openapi|swagger)"\s*:/.test(text)) return 'spec'
  if (/^\s*\{/.test(text)) {
    try {
      const value = JSON.parse(text) as unknown
      return typeof value === 'object' &&
        value !== null &&
        ('openapi' in value || 'swagger' in value)
        ? 'spec'
        : 'not-spec'
    } catch {
      // Broken JSON named like a spec is most likely a broken spec; let the loader say where.
      return /"(openapi|swagger)"\s*:/.test(text) ? 'spec' : 'not-spec'
    }
  }
  // A .json file that does not start as an object (a comment, stray text) but names the spec
  // key is a broken spec too: the loader says where.
  if (name.toLowerCase().endsWith('.json'))
    return /"(openapi|swagger)"\s*:/.test(text) ? 'spec' : 'not-spec'
  return /^["']?(openapi|swagger)["']?[ \t]*:/m.test(text) ? 'spec' : 'not-spec'
}

function holdsSpecFiles(dir: string, root: string): boolean {
  const entries = listEntries(
    dir,
    root,
    (p) => p,
    () => undefined
  )
  return entries.some(
    (e) =>
      e.kind === 'file' &&
      SPEC_EXTENSIONS.has(path.extname(e.name).toLowerCase()) &&
      sniff(e, (p) => p).verdict !== 'not-spec'
  )
}

/** Directory entries by name, symlinks resolved only when they stay inside `root`. */
function listEntries(
  dir: string,
  root: string,
  show: (p: string) => string,
  fail: (file: string, message: string) => void
): Entry[] {
  let dirents: fs.Dirent[]
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true })
  } catch (err) {
    fail(show(dir), `cannot read the folder: ${(err as NodeJS.ErrnoException).code ?? err}`)
    return []
  }
  const entries: Entry[] = []
  for (const dirent of dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (dirent.name.startsWith('.')) continue
    const full = path.join(dir, dirent.name)
    if (dirent.isDirectory()) entries.push({ name: dirent.name, full, kind: 'dir' })
    else if (dirent.isFile()) entries.push({ name: dirent.name, full, kind: 'file' })
    else if (dirent.isSymbolicLink()) {
      let target: string
      try {
        target = fs.realpathSync(full)
      } catch {
        fail(show(full), 'broken symlink (its target does not exist); skipped')
        continue
      }
      if (!isInside(target, root)) {
        fail(
          show(full),
          `symlink points outside the spec folder (to ${target}); not followed. Copy the file into the folder instead.`
        )
        continue
      }
      const stat = fs.statSync(target)
      if (stat.isDirectory()) entries.push({ name: dirent.name, full, kind: 'dir' })
      else if (stat.isFile()) entries.push({ name: dirent.name, full, kind: 'file' })
    }
  }
  return entries
}

export function displayPath(p: string, cwd: string): string {
  const relative = path.relative(cwd, p)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p
}
