/**
 * Reads the structure of JSON text without building it: how deeply it nests and how many object
 * members it has (one pass, nothing allocated), and where the value at a path sits (each object
 * or array on the way indexed once, on first use). A parse tree with the offsets of every value
 * is about ten times the text; specs need offsets only for what a patch edits or an error names.
 * Apart from `outline`, which also meets broken text, the text is one `JSON.parse` accepted.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

export interface JsonOutline {
  /** Object members (`"key": value`) in the whole text: one per colon outside strings. */
  members: number
  /** Whether some key has an escape (`\\`) in its text. */
  escapedKeys: boolean
  /** Where nesting first goes deeper than the limit, if it does. */
  tooDeepAt?: number
}

export function outline(text: string, maxNesting: number): JsonOutline {
  let members = 0
  let depth = 0
  let escapedKeys = false
  let stringStart = 0
  let stringEnd = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      stringStart = i
      i = stringEnd = closingQuote(text, i)
    } else if (c === COLON) {
      members++
      // The string before a colon is a key (in text JSON.parse accepts).
      if (!escapedKeys) escapedKeys = hasBackslash(text, stringStart, stringEnd)
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxNesting) return { members, escapedKeys, tooDeepAt: i }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--
  }
  return { members, escapedKeys }
}

function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === BACKSLASH) return true
  return false
}

/** Object members in parsed data, counted as `outline` counts them in its text. */
export function countMembers(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0
  let count = 0
  if (Array.isArray(value)) {
    for (const item of value) count += countMembers(item)
  } else {
    const record = value as Record<string, unknown>
    for (const key in record) count += 1 + countMembers(record[key])
  }
  return count
}

/** The offset of the quote closing the string that opens at `open` (the text's end if none). */
function closingQuote(text: string, open: number): number {
  let from = open + 1
  for (;;) {
    const quote = text.indexOf('"', from)
    if (quote === -1) return text.length
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return quote
    from = quote + 1
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++
  return at
}

/** The offset just past the value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at)
  if (first === QUOTE) return closingQuote(text, at) + 1
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) i = closingQuote(text, i)
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1
    }
    return text.length
  }
  let end = at
  while (end < text.length) {
    const c = text.charCodeAt(end)
    if (isSpace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break
    end++
  }
  return end
}

/** One value's text `[start, end)`; for an object member also its key's. */
export interface Slot {
  start: number
  end: number
  /** The member's key (decoded) and its quoted text's range; absent for array items and the root. */
  key?: string
  keyStart?: number
  keyEnd?: number
}

/** An object or array: its text's range and its members or items in text order. */
export interface Container {
  start: number
  end: number
  kind: 'object' | 'array'
  slots: Slot[]
}

export interface Located {
  slot: Slot
  /** The object or array holding it, and its index there; absent for the root. */
  parent?: Container
  index?: number
}

/** Finds values of one JSON text by path, indexing each object and array on the way once. */
export class JsonLocator {
  private readonly containers = new Map<number, Container>()
  private readonly byKey = new Map<number, Map<string, number>>()
  private rootSlot: Slot | undefined

  constructor(private readonly text: string) {}

  root(): Slot {
    if (!this.rootSlot) {
      const start = skipSpace(this.text, 0)
      this.rootSlot = { start, end: valueEnd(this.text, start) }
    }
    return this.rootSlot
  }

  find(path: readonly (string | number)[]): Located | undefined {
    let located: Located = { slot: this.root() }
    for (const segment of path) {
      const container = this.container(located.slot)
      if (!container) return undefined
      const index =
        container.kind === 'array' ? arrayIndex(segment) : this.keyIndex(container, String(segment))
      const slot = index === undefined ? undefined : container.slots[index]
      if (!slot) return undefined
      located = { slot, parent: container, index }
    }
    return located
  }

  /** The object or array whose text is `slot`; undefined for a scalar. */
  container(slot: Slot): Container | undefined {
    const known = this.containers.get(slot.start)
    if (known) return known
    const first = this.text.charCodeAt(slot.start)
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return undefined
    const made = this.index(slot.start, first === OPEN_BRACE ? 'object' : 'array')
    this.containers.set(slot.start, made)
    return made
  }

  private keyIndex(container: Container, key: string): number | undefined {
    let keys = this.byKey.get(container.start)
    if (!keys) {
      keys = new Map()
      for (let i = 0; i < container.slots.length; i++) keys.set(container.slots[i].key!, i)
      this.byKey.set(container.start, keys)
    }
    return keys.get(key)
  }

  private index(start: number, kind: 'object' | 'array'): Container {
    const text = this.text
    const slots: Slot[] = []
    let at = skipSpace(text, start + 1)
    const close = kind === 'object' ? CLOSE_BRACE : CLOSE_BRACKET
    while (at < text.length && text.charCodeAt(at) !== close) {
      let key: string | undefined
      let keyStart: number | undefined
      let keyEnd: number | undefined
      if (kind === 'object') {
        keyStart = at
        keyEnd = closingQuote(text, at) + 1
        const raw = text.slice(at + 1, keyEnd - 1)
        key = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : raw
        at = skipSpace(text, skipSpace(text, keyEnd) + 1)
      }
      const end = valueEnd(text, at)
      slots.push(kind === 'object' ? { start: at, end, key, keyStart, keyEnd } : { start: at, end })
      at = skipSpace(text, end)
      if (text.charCodeAt(at) === COMMA) at = skipSpace(text, at + 1)
    }
    return { start, end: at + 1, kind, slots }
  }
}

function arrayIndex(segment: string | number): number | undefined {
  const index =
    typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN
  return Number.isInteger(index) ? index : undefined
}
