import type { PathSegment } from './pointer.js'
import { defineKey, type Range } from './source.js'

/** One replacement in the original text: `range` of the original becomes `replacement`. */
export interface Edit {
  range: Range
  replacement: string
}

/**
 * The text with every edit applied. Edits are on the original text and must not overlap; an
 * insertion (empty range) at the offset where a replacement starts goes before it.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || width(a) - width(b))
  let result = ''
  let at = 0
  for (const { range, replacement } of sorted) {
    if (range[0] < at)
      throw new Error(`internal error: overlapping patch edits at offset ${range[0]}`)
    result += text.slice(at, range[0]) + replacement
    at = range[1]
  }
  return result + text.slice(at)
}

/** True when `edit` would collide with one of `accepted` (share text, or insert inside it). */
export function overlapsAny(edit: Edit, accepted: readonly Edit[]): boolean {
  const [start, end] = edit.range
  return accepted.some(({ range: [s, e] }) => {
    if (start === end) return s < start && start < e
    if (s === e) return start < s && s < end
    return start < e && s < end
  })
}

function width(edit: Edit): number {
  return edit.range[1] - edit.range[0]
}

/** Copy-on-write update: only the objects along `path` are copied. */
export function setIn<T>(root: T, path: readonly PathSegment[], leaf: unknown): T {
  if (path.length === 0) return leaf as T
  const [head, ...rest] = path
  if (Array.isArray(root)) {
    const copy = [...root]
    copy[Number(head)] = setIn(copy[Number(head)], rest, leaf)
    return copy as T
  }
  const copy = { ...(root as Record<string, unknown>) }
  defineKey(copy, String(head), setIn(copy[String(head)], rest, leaf))
  return copy as T
}

export function deleteIn<T>(root: T, path: readonly PathSegment[]): T {
  return updateObject(root, path.slice(0, -1), (entries) =>
    entries.filter(([key]) => key !== String(path[path.length - 1]))
  )
}

/** Adds `key: value` to the object holding `after` (a property path), right after that property. */
export function insertAfterIn<T>(
  root: T,
  after: readonly PathSegment[],
  key: string,
  value: unknown
): T {
  const anchor = String(after[after.length - 1])
  return updateObject(root, after.slice(0, -1), (entries) =>
    entries.flatMap((entry) => (entry[0] === anchor ? [entry, [key, value]] : [entry]))
  )
}

/** The property at `path` becomes `key: value`, in the same place among its siblings. */
export function renameIn<T>(root: T, path: readonly PathSegment[], key: string, value: unknown): T {
  const old = String(path[path.length - 1])
  return updateObject(root, path.slice(0, -1), (entries) =>
    entries.map((entry) => (entry[0] === old ? [key, value] : entry))
  )
}

type Entry = [string, unknown]

/** Rebuilds the object at `objectPath` from its edited entries, keeping their order. */
function updateObject<T>(
  root: T,
  objectPath: readonly PathSegment[],
  change: (entries: Entry[]) => Entry[]
): T {
  let target: unknown = root
  for (const seg of objectPath) target = (target as Record<string, unknown>)[String(seg)]
  const rebuilt: Record<string, unknown> = {}
  for (const [key, value] of change(Object.entries(target as Record<string, unknown>)))
    defineKey(rebuilt, key, value)
  return setIn(root, objectPath, rebuilt)
}
