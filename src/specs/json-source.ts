import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { jsonTooDeepAt, nestingError } from './depth.js'
import { SpecError } from './errors.js'
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
 * Parses strict JSON, keeping every value's offsets. Throws SpecError with line and column, also
 * for nesting deeper than MAX_NESTING and for a key that appears twice in one object.
 */
export function parseJsonSource(text: string, file: string): SourceDocument {
  const errors: ParseError[] = []
  const lines = new LineIndex(text)
  const deep = jsonTooDeepAt(text)
  if (deep !== undefined) throw nestingError(file, lines.positionAt(deep))
  const root = parseTree(text, errors, STRICT)
  if (errors.length > 0 || root === undefined) {
    const first = errors[0]
    const offset = first?.offset ?? 0
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected'
    throw new SpecError(
      file,
      `invalid JSON: ${PARSE_ERROR_HINTS[code] ?? code}. Fix the syntax (a JSON linter shows the exact spot).`,
      lines.positionAt(offset)
    )
  }
  const value = toValue(root, { text, file, lines })

  // Each object's properties by key, made on first use: a lookup in a map of thousands of
  // schemas is then no scan of them all.
  const byKey = new WeakMap<Node, Map<string, Node>>()
  const nodeAt = (path: readonly PathSegment[]): Node | undefined => {
    let node: Node | undefined = root
    for (const seg of path) {
      if (node.type === 'array') node = node.children?.[Number(seg)]
      else if (node.type === 'object') {
        let index = byKey.get(node)
        if (!index) {
          index = new Map()
          for (const property of node.children ?? []) {
            const [key, child] = property.children ?? []
            if (key && child) index.set(String(key.value), child)
          }
          byKey.set(node, index)
        }
        node = index.get(String(seg))
      } else return undefined
      if (!node) return undefined
    }
    return node
  }

  return {
    syntax: 'json',
    text,
    value,
    repeats: false,
    positionAt: (offset) => lines.positionAt(offset),
    position(path) {
      const node = nodeAt(path)
      if (!node) return undefined
      const declaration = node.parent?.type === 'property' ? node.parent : node
      return lines.positionAt(declaration.offset)
    },
    valueRange(path) {
      const node = nodeAt(path)
      return node ? [node.offset, node.offset + node.length] : undefined
    },
    propertyRemoval(path, alsoRemoved) {
      const property = nodeAt(path)?.parent
      const object = property?.parent
      if (!property || property.type !== 'property' || !object?.children) return undefined
      const siblings = object.children
      const index = siblings.indexOf(property)
      const end = property.offset + property.length
      const keyOf = (i: number) => String(siblings[i].children?.[0]?.value)
      const removed = (i: number) => alsoRemoved?.(keyOf(i)) === true
      let range: Range
      switch (separatorSide(siblings.length, index, removed, 'before')) {
        case 'before': {
          const previous = siblings[index - 1]
          range = [previous.offset + previous.length, end]
          break
        }
        case 'after':
          range = [property.offset, siblings[index + 1].offset]
          break
        case 'none':
          range = [property.offset, end]
          break
        case 'only':
          range = [object.offset + 1, object.offset + object.length - 1]
      }
      return { range, replacement: '' }
    },
    keyReplacement(path, key) {
      const name = nodeAt(path)?.parent?.children?.[0]
      if (!name || name.parent?.type !== 'property') return undefined
      return { range: [name.offset, name.offset + name.length], replacement: JSON.stringify(key) }
    },
    valueReplacement(path, replacement) {
      const node = nodeAt(path)
      return node ? { range: [node.offset, node.offset + node.length], replacement } : undefined
    },
    propertyInsertion(path, key, valueText) {
      const node = nodeAt(path)
      const property = node?.parent
      const name = property?.children?.[0]
      if (!node || property?.type !== 'property' || !name) return undefined
      const indent = text.slice(lines.lineStart(property.offset), property.offset)
      const separator = indent.trim() === '' ? '\n' + indent : ' '
      const colon = text.slice(name.offset + name.length, node.offset)
      const end = node.offset + node.length
      return {
        range: [end, end],
        replacement: `,${separator}${JSON.stringify(key)}${colon}${valueText}`
      }
    },
    portableText(path) {
      const node = nodeAt(path)
      return node ? text.slice(node.offset, node.offset + node.length) : undefined
    }
  }
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
