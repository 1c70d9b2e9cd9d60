import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { MAX_NESTING, nestingError } from './depth.js'
import { SpecError } from './errors.js'
import { countMembers, JsonLocator, outline } from './json-scan.js'
import type { PathSegment } from './pointer.js'
import {
  defineKey,
  exactInteger,
  LineIndex,
  separatorSide,
  type Range,
  type SourceDocument
} from './source.js'

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }

const PARSE_ERROR_HINTS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes (is there a trailing comma?)',
  ValueExpected: 'expected a value (is there a trailing comma or a missing value?)',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between values",
  CloseBraceExpected: "expected '}' (is a closing brace missing?)",
  CloseBracketExpected: "expected ']' (is a closing bracket missing?)",
  EndOfFileExpected: 'unexpected content after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'invalid character (control characters must be escaped inside strings)'
}

/**
 * Parses strict JSON. Throws SpecError with line and column, also for nesting deeper than
 * MAX_NESTING and for a key that appears twice in one object. The data comes from JSON.parse
 * (integers past 2^53 kept exact); offsets are found when a patch or an error asks for them.
 */
export function parseJsonSource(text: string, file: string): SourceDocument {
  const lines = new LineIndex(text)
  const { members, tooDeepAt, escapedKeys } = outline(text, MAX_NESTING)
  if (tooDeepAt !== undefined) throw nestingError(file, lines.positionAt(tooDeepAt))
  const value = escapedKeys
    ? valueFromTree(text, file, lines)
    : parsedValue(text, file, lines, members)
  const locator = new JsonLocator(text)
  const find = (path: readonly PathSegment[]) => locator.find(path)

  return {
    syntax: 'json',
    text,
    value,
    repeats: false,
    positionAt: (offset) => lines.positionAt(offset),
    position(path) {
      const found = find(path)
      return found && lines.positionAt(found.slot.keyStart ?? found.slot.start)
    },
    valueRange(path) {
      const slot = find(path)?.slot
      return slot && [slot.start, slot.end]
    },
    propertyRemoval(path, alsoRemoved) {
      const found = find(path)
      const object = found?.parent
      if (!found || object?.kind !== 'object' || found.index === undefined) return undefined
      const siblings = object.slots
      const index = found.index
      const property = { start: found.slot.keyStart!, end: found.slot.end }
      const removed = (i: number) => alsoRemoved?.(siblings[i].key!) === true
      let range: Range
      switch (separatorSide(siblings.length, index, removed, 'before')) {
        case 'before':
          range = [siblings[index - 1].end, property.end]
          break
        case 'after':
          range = [property.start, siblings[index + 1].keyStart!]
          break
        case 'none':
          range = [property.start, property.end]
          break
        case 'only':
          range = [object.start + 1, object.end - 1]
      }
      return { range, replacement: '' }
    },
    keyReplacement(path, key) {
      const slot = find(path)?.slot
      if (slot?.keyStart === undefined) return undefined
      return { range: [slot.keyStart, slot.keyEnd!], replacement: JSON.stringify(key) }
    },
    valueReplacement(path, replacement) {
      const slot = find(path)?.slot
      return slot && { range: [slot.start, slot.end], replacement }
    },
    propertyInsertion(path, key, valueText) {
      const slot = find(path)?.slot
      if (slot?.keyStart === undefined) return undefined
      const indent = text.slice(lines.lineStart(slot.keyStart), slot.keyStart)
      const separator = indent.trim() === '' ? '\n' + indent : ' '
      const colon = text.slice(slot.keyEnd, slot.start)
      return {
        range: [slot.end, slot.end],
        replacement: `,${separator}${JSON.stringify(key)}${colon}${valueText}`
      }
    },
    portableText(path) {
      const slot = find(path)?.slot
      return slot && text.slice(slot.start, slot.end)
    }
  }
}

/**
 * JSON.parse's data (integers past 2^53 kept exact). Text it refuses, or whose data has fewer
 * object members than the text (JSON.parse keeps the last of two equal keys), is read from the
 * tree instead, which says what is wrong and where.
 */
function parsedValue(text: string, file: string, lines: LineIndex, members: number): unknown {
  let value: unknown
  try {
    value = /\d{16}/.test(text) ? JSON.parse(text, keepLongIntegers) : JSON.parse(text)
  } catch {
    return valueFromTree(text, file, lines)
  }
  return countMembers(value) === members ? value : valueFromTree(text, file, lines)
}

/** Integers past 2^53 as bigint, from their own digits (JSON.parse would round them). */
function keepLongIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value))
    return value
  const source = context?.source
  return source !== undefined && /^-?\d+$/.test(source) ? exactInteger(source) : value
}

/**
 * The data read from jsonc-parser's tree, which is ten times the text: for errors (where, and a
 * duplicate key, the first in document order), and for text with an escape in a key, which
 * V8's JSON.parse can decode as another key it met before (nodejs/node#63785).
 */
function valueFromTree(text: string, file: string, lines: LineIndex): unknown {
  const errors: ParseError[] = []
  const root = parseTree(text, errors, STRICT)
  if (errors.length > 0 || root === undefined) {
    const first = errors[0]
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected'
    throw new SpecError(
      file,
      `invalid JSON: ${PARSE_ERROR_HINTS[code] ?? code}. Fix the syntax (a JSON linter shows the exact spot).`,
      lines.positionAt(first?.offset ?? 0)
    )
  }
  return toValue(root, { text, file, lines })
}

interface Context {
  text: string
  file: string
  lines: LineIndex
}

/** The node as plain data; its depth is bounded by MAX_NESTING (checked on the text first). */
function toValue(node: Node, context: Context): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {}
      const keys = new Map<string, Node>()
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? []
        if (!key || !child) continue
        const name = key.value as string
        const first = keys.get(name)
        if (first) throw duplicateKey(name, first, key, context)
        keys.set(name, key)
        defineKey(result, name, toValue(child, context))
      }
      return result
    }
    case 'array':
      return (node.children ?? []).map((child) => toValue(child, context))
    case 'number': {
      const n = node.value as number
      if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
        const raw = context.text.slice(node.offset, node.offset + node.length)
        if (/^-?\d+$/.test(raw)) return exactInteger(raw)
      }
      return n
    }
    default:
      return node.value
  }
}

/** Readers disagree on which of two equal keys counts (the patch would edit the other): refuse. */
function duplicateKey(name: string, first: Node, second: Node, context: Context): SpecError {
  const { file, lines } = context
  return new SpecError(
    file,
    `invalid JSON: duplicate key ${JSON.stringify(name)} (first at line ${lines.positionAt(first.offset).line}); ` +
      'keys must be unique within an object, and readers disagree on which one counts. Keep one of them.',
    lines.positionAt(second.offset)
  )
}
