import type { Edit } from './edit.js'
import type { PathSegment } from './pointer.js'

export interface Position {
  /** 1-based */
  line: number
  /** 1-based */
  column: number
}

/** [start, end) offsets into the document text. */
export type Range = [number, number]

/**
 * A parsed JSON or YAML document that remembers where every value came from, so that patches can
 * edit the original text in place and errors can name a line.
 */
export interface SourceDocument {
  readonly syntax: 'json' | 'yaml'
  readonly text: string
  /** Plain data; integers beyond 2^53 are bigint so that no digit is lost. */
  readonly value: unknown
  /**
   * True when the text repeats some of its nodes (YAML aliases): an edit under an anchor then
   * shows in the data at each alias as well.
   */
  readonly repeats: boolean
  /**
   * Where the value at `path` is declared: its key when it is an object property, else where the
   * value starts; undefined when there is no such value.
   */
  position(path: readonly PathSegment[]): Position | undefined
  /** The text of the value at `path` (a scalar's token, or a whole object). */
  valueRange(path: readonly PathSegment[]): Range | undefined
  /**
   * The text to cut so that the property at `path` (the last segment is its key) disappears and
   * the rest stays well formed, and what to put in its place. `alsoRemoved` names the sibling
   * keys whose removal is asked for too: each removal then takes the separator on the side that
   * keeps the removals of one object from overlapping.
   */
  propertyRemoval(
    path: readonly PathSegment[],
    alsoRemoved?: (key: string) => boolean
  ): Edit | undefined
  /** Renames the property at `path` to `key`, keeping its value and the key's quoting style. */
  keyReplacement(path: readonly PathSegment[], key: string): Edit | undefined
  /**
   * Puts `text` (a value in this document's syntax) in place of the value at `path`. Undefined
   * when that cannot be done in place without changing other values (a YAML anchor, tag, alias).
   */
  valueReplacement(path: readonly PathSegment[], text: string): Edit | undefined
  /**
   * Adds the property `key: text` right after the property at `path`, in the same object and
   * its style (own line and indentation, or inline).
   */
  propertyInsertion(path: readonly PathSegment[], key: string, text: string): Edit | undefined
  /**
   * The source text of the value at `path` when it can be written elsewhere as it is (`inFlow`:
   * inside `[ ]`); undefined when it would read differently there (a YAML block collection).
   */
  portableText(path: readonly PathSegment[], inFlow: boolean): string | undefined
  positionAt(offset: number): Position
}

/**
 * Which separator the removal of entry `index` of a `,`-separated list (a JSON object, a YAML
 * flow map) takes with it, when the entries `removed` says go too: `before` (the one before
 * it), `after` (the one after it), `none` (the last of a list that loses every entry) or `only`
 * (the list's one entry). Removals of neighbouring entries then meet without overlapping, and no
 * comma is left without an entry on each side. `prefer` is the side taken when both would do.
 */
export function separatorSide(
  count: number,
  index: number,
  removed: (i: number) => boolean,
  prefer: 'before' | 'after'
): 'before' | 'after' | 'none' | 'only' {
  if (count === 1) return 'only'
  let keptBefore = false
  let keptAfter = false
  for (let i = 0; i < count; i++) {
    if (i === index || removed(i)) continue
    if (i < index) keptBefore = true
    else keptAfter = true
  }
  if (keptBefore && (prefer === 'before' || !keptAfter)) return 'before'
  if (keptAfter) return 'after'
  return index < count - 1 ? 'after' : 'none'
}

/** Maps offsets to 1-based lines and columns; built once per document on first use. */
export class LineIndex {
  private starts: number[] | undefined

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    const starts = (this.starts ??= computeLineStarts(this.text))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid] <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - starts[low] + 1 }
  }

  lineStart(offset: number): number {
    const newline = this.text.lastIndexOf('\n', offset - 1)
    return newline + 1
  }

  /** The offset just past the newline that ends the line holding `offset` (or the text's end). */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset)
    return newline === -1 ? this.text.length : newline + 1
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  let at = text.indexOf('\n')
  while (at !== -1) {
    starts.push(at + 1)
    at = text.indexOf('\n', at + 1)
  }
  return starts
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Integers stay numbers while they are exact; larger ones stay bigint (int64 bounds in AOAI specs). */
export function exactInteger(raw: string): number | bigint {
  return narrowInteger(BigInt(raw))
}

export function narrowInteger(big: bigint): number | bigint {
  return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big
}

/** Sets a property without letting a "__proto__" key change the object's prototype. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  } else {
    target[key] = value
  }
}
