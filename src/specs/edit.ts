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
  const sorted = [...edits].sort(byPlace)
  const parts: string[] = []
  let at = 0
  for (const { range, replacement } of sorted) {
    if (range[0] < at)
      throw new Error(`internal error: overlapping patch edits at offset ${range[0]}`)
    parts.push(text.slice(at, range[0]), replacement)
    at = range[1]
  }
  parts.push(text.slice(at))
  return parts.join('')
}

/** True when `edit` would collide with one of `accepted` (share text, or insert inside it). */
export function overlapsAny(edit: Edit, accepted: readonly Edit[]): boolean {
  return accepted.some((other) => collide(edit.range, other.range))
}

function collide([start, end]: Range, [s, e]: Range): boolean {
  if (start === end) return s < start && start < e
  if (s === e) return start < s && s < end
  return start < e && s < end
}

function byPlace(a: Edit, b: Edit): number {
  return a.range[0] - b.range[0] || width(a) - width(b)
}

function width(edit: Edit): number {
  return edit.range[1] - edit.range[0]
}

/**
 * Edits that do not collide, kept in text order so that a new one is checked against its
 * neighbours only (a binary search, not a scan of all of them). In that order their ends never
 * decrease, so the one edit before a new one's start is the only one that can reach over it.
 */
export class EditSet {
  private readonly sorted: Edit[] = []

  constructor(edits: readonly Edit[] = []) {
    for (const edit of edits) this.insert(edit)
  }

  /** True when none of `edits` collides with the set or with another of `edits`. */
  fits(edits: readonly Edit[]): boolean {
    return edits.every((edit, i) => !this.collides(edit) && !overlapsAny(edit, edits.slice(0, i)))
  }

  add(edits: readonly Edit[]): void {
    for (const edit of edits) this.insert(edit)
  }

  private collides(edit: Edit): boolean {
    const [start, end] = edit.range
    const list = this.sorted
    const first = this.firstAtOrAfter(start)
    if (first > 0 && list[first - 1].range[1] > start) return true
    if (start === end) return false
    for (let i = first; i < list.length && list[i].range[0] < end; i++) {
      if (collide(edit.range, list[i].range)) return true
    }
    return false
  }

  /** The index of the first edit starting at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let low = 0
    let high = this.sorted.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.sorted[mid].range[0] < offset) low = mid + 1
      else high = mid
    }
    return low
  }

  private insert(edit: Edit): void {
    const list = this.sorted
    let at = list.length
    if (at > 0 && byPlace(list[at - 1], edit) > 0) {
      at = this.firstAtOrAfter(edit.range[0])
      while (at < list.length && byPlace(list[at], edit) <= 0) at++
    }
    list.splice(at, 0, edit)
  }
}

type Container = Record<string, unknown> | unknown[]

/**
 * Copy-on-write changes to plain data: each object or array on the way to a change is copied
 * once, however many changes go through it, and the original is never modified. (Copying per
 * change copied a map of thousands of schemas once per rewrite.)
 */
export class Draft<T> {
  private readonly copies = new Set<unknown>()

  constructor(private current: T) {}

  get value(): T {
    return this.current
  }

  /** The value at `path` becomes `leaf`. */
  set(path: readonly PathSegment[], leaf: unknown): void {
    if (path.length === 0) {
      this.current = leaf as T
      return
    }
    const parent = this.writable(path.slice(0, -1))
    if (parent) put(parent, path[path.length - 1], leaf)
  }

  /** The property at `path` goes. */
  delete(path: readonly PathSegment[]): void {
    this.rebuild(path.slice(0, -1), (entries) =>
      entries.filter(([key]) => key !== String(path[path.length - 1]))
    )
  }

  /** Adds `key: value` to the object holding `after` (a property path), right after that property. */
  insertAfter(after: readonly PathSegment[], key: string, value: unknown): void {
    const anchor = String(after[after.length - 1])
    this.rebuild(after.slice(0, -1), (entries) =>
      entries.flatMap((entry) => (entry[0] === anchor ? [entry, [key, value]] : [entry]))
    )
  }

  /** The property at `path` becomes `key: value`, in the same place among its siblings. */
  rename(path: readonly PathSegment[], key: string, value: unknown): void {
    const old = String(path[path.length - 1])
    this.rebuild(path.slice(0, -1), (entries) =>
      entries.map((entry) => (entry[0] === old ? [key, value] : entry))
    )
  }

  /** The container at `path`, ours to change: it and every container above it copied once. */
  private writable(path: readonly PathSegment[]): Container | undefined {
    let node = this.own(this.current)
    if (!node) return undefined
    this.current = node as T
    for (const seg of path) {
      const child = this.own(get(node, seg))
      if (!child) return undefined
      put(node, seg, child)
      node = child
    }
    return node
  }

  private own(value: unknown): Container | undefined {
    if (typeof value !== 'object' || value === null) return undefined
    if (this.copies.has(value)) return value as Container
    const copy = Array.isArray(value) ? [...(value as unknown[])] : { ...value }
    this.copies.add(copy)
    return copy as Container
  }

  /** Rebuilds the object at `path` from its changed entries, keeping their order. */
  private rebuild(path: readonly PathSegment[], change: (entries: Entry[]) => Entry[]): void {
    const target = this.writable(path)
    if (!target || Array.isArray(target)) return
    const entries = change(Object.entries(target))
    for (const key of Object.keys(target)) delete target[key]
    for (const [key, value] of entries) defineKey(target, key, value)
  }
}

type Entry = [string, unknown]

function get(node: Container, seg: PathSegment): unknown {
  if (Array.isArray(node)) return node[Number(seg)]
  return Object.hasOwn(node, String(seg)) ? node[String(seg)] : undefined
}

function put(node: Container, seg: PathSegment, value: unknown): void {
  if (Array.isArray(node)) node[Number(seg)] = value
  else defineKey(node, String(seg), value)
}
