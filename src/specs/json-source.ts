import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { MAX_NESTING, nestingError } from './depth.js'
import { SpecError } from './errors.js'
import { countMembers, JsonLocator, outline } from './json-scan.js'
import type { PathSegment } from './pointer.js'
import {
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
  const { members, tooDeepAt } = outline(text, MAX_NESTING)
  if (tooDeepAt !== undefined) throw nestingError(file, lines.positionAt(tooDeepAt))
  let value: unknown
  try {
    value = /\d{16}/.test(text) ? JSON.parse(text, keepLongIntegers) : JSON.parse(text)
  } catch (err) {
    throw syntaxError(text, file, lines, err as Error)
  }
  // JSON.parse keeps the last of two equal keys: fewer members in the data than in the text.
  if (countMembers(value) !== members) throw duplicateKeyError(text, file, lines)
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

/** Integers past 2^53 as bigint, from their own digits (JSON.parse would round them). */
function keepLongIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value))
    return value
  const source = context?.source
  return source !== undefined && /^-?\d+$/.test(source) ? exactInteger(source) : value
}

/** What is wrong with text JSON.parse refused, where: jsonc-parser names the fault and its offset. */
function syntaxError(text: string, file: string, lines: LineIndex, thrown: Error): SpecError {
  const errors: ParseError[] = []
  parseTree(text, errors, STRICT)
  const first = errors[0]
  // jsonc-parser accepts a few characters as space that JSON does not (form feed, NBSP…).
  const offset = first?.offset ?? v8Offset(thrown.message) ?? 0
  const code = first ? printParseErrorCode(first.error) : 'InvalidSymbol'
  return new SpecError(
    file,
    `invalid JSON: ${PARSE_ERROR_HINTS[code] ?? code}. Fix the syntax (a JSON linter shows the exact spot).`,
    lines.positionAt(offset)
  )
}

/** V8 words a JSON.parse failure "… at position 12 (line 1 column 13)". */
function v8Offset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message)
  return match ? Number(match[1]) : undefined
}

/** The second of two equal keys in one object, found on the parse tree (an error path only). */
function duplicateKeyError(text: string, file: string, lines: LineIndex): SpecError {
  const pending: Node[] = [parseTree(text, [], STRICT)!]
  for (let node = pending.pop(); node; node = pending.pop()) {
    const keys = new Map<string, Node>()
    for (const child of node.children ?? []) {
      if (node.type === 'object') {
        const [key, value] = child.children ?? []
        if (!key || !value) continue
        const name = key.value as string
        const first = keys.get(name)
        if (first) return duplicateKey(name, first, key, { file, lines })
        keys.set(name, key)
        pending.push(value)
      } else pending.push(child)
    }
  }
  throw new Error(`internal error: ${file} reads as fewer members than its text has`)
}

/** Readers disagree on which of two equal keys counts (the patch would edit the other): refuse. */
function duplicateKey(
  name: string,
  first: Node,
  second: Node,
  context: { file: string; lines: LineIndex }
): SpecError {
  const { file, lines } = context
  return new SpecError(
    file,
    `invalid JSON: duplicate key ${JSON.stringify(name)} (first at line ${lines.positionAt(first.offset).line}); ` +
      'keys must be unique within an object, and readers disagree on which one counts. Keep one of them.',
    lines.positionAt(second.offset)
  )
}
