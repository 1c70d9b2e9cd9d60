import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  visit,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap
} from 'yaml'
import type { PathSegment } from './pointer.js'
import { separatorSide, type LineIndex, type SourceDocument } from './source.js'

type Editors = Pick<
  SourceDocument,
  'keyReplacement' | 'valueReplacement' | 'propertyInsertion' | 'portableText' | 'propertyRemoval'
>

interface YamlTree {
  text: string
  lines: LineIndex
  contents: unknown
  /** The anchors some alias refers to: text under them is read in more than one place. */
  aliased: ReadonlySet<string>
  nodeAt: (path: readonly PathSegment[]) => YamlNode | undefined
  pairAt: (path: readonly PathSegment[]) => Pair | undefined
  findPair: (map: YAMLMap, seg: PathSegment) => Pair | undefined
}

/**
 * In-place edits of a YAML text, each in the style of the text around it. An edit is refused
 * (undefined) where the text would not say what the data does after it: inside or around an
 * anchor an alias repeats elsewhere (the edit would change both places, the data one), and
 * at an explicit key (`? key`), whose lines an edit in the usual style would break.
 */
export function yamlEditors(tree: YamlTree): Editors {
  const { text, lines, nodeAt, pairAt } = tree

  /** Where a node's content ends: before trailing newlines, comments and blank lines. */
  const contentEnd = (node: unknown): number | undefined => {
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
      const last: unknown = node.items[node.items.length - 1]
      const inner = isMap(node) ? ((last as Pair).value ?? (last as Pair).key) : last
      const end = contentEnd(inner)
      if (end !== undefined) return end
    }
    const range = (node as YamlNode | null)?.range
    if (!range) return undefined
    let end = range[1]
    while (end > range[0] && /\s/.test(text[end - 1])) end--
    return end
  }

  const shared = sharedText(tree)
  const explicit = (pair: Pair) => explicitKey(text, pair)

  return {
    keyReplacement(path, key) {
      const pair = pairAt(path)
      const name = pair?.key as YamlNode | undefined
      if (!isScalar(name) || !name.range || name.anchor || name.tag) return undefined
      if (explicit(pair!) || shared(path, false)) return undefined
      const quoted = name.type === 'QUOTE_DOUBLE' || name.type === 'QUOTE_SINGLE'
      return {
        range: [name.range[0], name.range[1]],
        replacement: quoted || !isPlainSafe(key) ? JSON.stringify(key) : key
      }
    },
    valueReplacement(path, replacement) {
      const node = nodeAt(path)
      if (!node?.range || isAlias(node) || node.anchor || node.tag) return undefined
      if (shared(path, true)) return undefined
      const end = contentEnd(node)
      if (end === undefined) return undefined
      // A block value below its key: write the new (one-line) value on the key's line.
      const key = pairAt(path)?.key as YamlNode | undefined
      if (key?.range && (isMap(node) || isSeq(node)) && !node.flow) {
        const gap = text.slice(key.range[1], node.range[0])
        if (/^[ \t]*:\s*$/.test(gap)) {
          const colon = key.range[1] + gap.indexOf(':') + 1
          return { range: [colon, end], replacement: ' ' + replacement }
        }
      }
      return { range: [node.range[0], end], replacement }
    },
    propertyInsertion(path, key, valueText) {
      const parent = nodeAt(path.slice(0, -1))
      const pair = pairAt(path)
      const name = pair?.key as YamlNode | undefined
      if (!isMap(parent) || !pair || !name?.range) return undefined
      if (explicit(pair) || shared(path.slice(0, -1), false)) return undefined
      const end = contentEnd(pair.value ?? name)
      if (end === undefined) return undefined
      const property = `${isPlainSafe(key) ? key : JSON.stringify(key)}: ${valueText}`
      if (parent.flow) return { range: [end, end], replacement: `, ${property}` }
      // The key's column, or its anchor's or tag's when it has one (`&a key: v`).
      const column = propsStart(text, name.range[0])
      const indent = ' '.repeat(column - lines.lineStart(column))
      const next = lines.lineEnd(end)
      return text[next - 1] === '\n'
        ? { range: [next, next], replacement: `${indent}${property}\n` }
        : { range: [next, next], replacement: `\n${indent}${property}` }
    },
    propertyRemoval(path, alsoRemoved) {
      const parent = nodeAt(path.slice(0, -1))
      if (!isMap(parent)) return undefined
      const pair = tree.findPair(parent, path[path.length - 1])
      const keyRange = (pair?.key as YamlNode | undefined)?.range
      if (!pair || !keyRange || explicit(pair) || shared(path, true)) return undefined
      const valueEnd = (pair.value as YamlNode | null)?.range?.[1] ?? keyRange[1]
      const items = parent.items
      const index = items.indexOf(pair)
      const removed = (i: number) => alsoRemoved?.(keyText(items[i])) === true
      if (parent.flow) {
        const startOf = (i: number) => {
          const start = (items[i].key as YamlNode | null)?.range?.[0]
          return start === undefined ? undefined : propsStart(text, start)
        }
        const endOf = (i: number) =>
          ((items[i].value ?? items[i].key) as YamlNode | null)?.range?.[1]
        const side = separatorSide(items.length, index, removed, 'after')
        const range: [number | undefined, number | undefined] =
          side === 'after'
            ? [startOf(index), startOf(index + 1)]
            : side === 'before'
              ? [endOf(index - 1), valueEnd]
              : [startOf(index), valueEnd]
        const [start, end] = range
        return start === undefined || end === undefined
          ? undefined
          : { range: [start, end], replacement: '' }
      }
      const lineStart = lines.lineStart(keyRange[0])
      const before = text.slice(lineStart, keyRange[0])
      const end = text[valueEnd - 1] === '\n' ? valueEnd : lines.lineEnd(valueEnd)
      const all = items.every((_, i) => i === index || removed(i))
      if (items.length === 1 || (all && index === 0)) {
        // The only key (or the first of keys that all go): leave an empty flow mapping so the
        // parent keeps an object, not null.
        const keep = text[end - 1] === '\n' ? end - 1 : end
        return { range: [keyRange[0], keep], replacement: '{}' }
      }
      if (before.trim() === '') return { range: [lineStart, end], replacement: '' }
      // The first key of a map that begins on a `- ` line: cut the key, its value and the
      // spaces after the dash. The item's map then begins on the next line, where its other
      // keys are already indented past the dash.
      const dash = /-[ \t]+$/.exec(before)
      const contentStop = contentEnd(pair.value ?? pair.key)
      if (index !== 0 || !dash || contentStop === undefined) return undefined
      return { range: [lineStart + dash.index + 1, contentStop], replacement: '' }
    },
    portableText(path, inFlow) {
      const node = nodeAt(path)
      if (!node?.range || isAlias(node) || node.tag || anchorInside(node, tree.aliased))
        return undefined
      const source = text.slice(node.range[0], contentEnd(node))
      if (source.includes('\n')) return undefined
      if (isScalar(node)) return portableScalar(node, source, inFlow)
      return (isMap(node) || isSeq(node)) && node.flow ? source : undefined
    }
  }
}

/**
 * Whether the text at `path` is read in more than one place: a node on the way to it (or,
 * with `subtree`, inside it) carries an anchor that an alias repeats. Also true when the way
 * passes through an alias.
 */
function sharedText(tree: YamlTree): (path: readonly PathSegment[], subtree: boolean) => boolean {
  const { aliased } = tree
  const marked = (node: unknown) =>
    isNode(node) && node.anchor !== undefined && aliased.has(node.anchor)
  return (path, subtree) => {
    if (aliased.size === 0) return false
    let node: unknown = tree.contents
    if (marked(node)) return true
    for (const seg of path) {
      if (isMap(node)) {
        const pair = tree.findPair(node, seg)
        if (marked(pair?.key)) return true
        node = pair?.value
      } else if (isSeq(node)) node = node.items[Number(seg)]
      else return true
      if (marked(node)) return true
    }
    return subtree && anchorInside(node, aliased)
  }
}

function anchorInside(node: unknown, aliased: ReadonlySet<string>): boolean {
  if (aliased.size === 0 || !isNode(node)) return false
  let found = false
  visit(node, (_, inner) => {
    if (isNode(inner) && inner.anchor !== undefined && aliased.has(inner.anchor)) {
      found = true
      return visit.BREAK
    }
  })
  return found
}

/**
 * A key written `? key` (its value then follows on a `:` line of its own): edits made in the
 * style of `key: value` would put text between the two. Any key not followed on its line by
 * its colon counts.
 */
function explicitKey(text: string, pair: Pair): boolean {
  const range = (pair.key as YamlNode | null)?.range
  if (!range) return true
  let i = range[0] - 1
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--
  if (text[i] === '?' && (i === 0 || /[\s,[{-]/.test(text[i - 1]))) return true
  return !/^[ \t]*:/.test(text.slice(range[1], range[1] + 256))
}

/** Where a node written at `start` begins with its anchor and tag (`&a !t key`), if any. */
function propsStart(text: string, start: number): number {
  let at = start
  for (;;) {
    let end = at
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
    let token = end
    while (token > 0 && !/[\s,[\]{}]/.test(text[token - 1])) token--
    if (token === end || (text[token] !== '&' && text[token] !== '!')) return at
    at = token
  }
}

function keyText(pair: Pair): string {
  const key = pair.key
  return isScalar(key) ? String(key.value) : String(key)
}

function portableScalar(node: Scalar, source: string, inFlow: boolean): string | undefined {
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return source
  if (node.type !== 'PLAIN') return undefined
  // Inside [ ] a comma or bracket would end the scalar, and ": " would make it a pair.
  return inFlow && /[,[\]{}]|: /.test(source) ? undefined : source
}

/** A key or string YAML reads back as the same string without quotes. */
export function isPlainSafe(value: string): boolean {
  return (
    /^[A-Za-z$_][A-Za-z0-9$_.-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)
  )
}
