import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node as YamlNode,
  type Pair,
  type Scalar
} from 'yaml'
import type { PathSegment } from './pointer.js'
import type { LineIndex, SourceDocument } from './source.js'

type Editors = Pick<
  SourceDocument,
  'keyReplacement' | 'valueReplacement' | 'propertyInsertion' | 'portableText'
>

interface YamlTree {
  text: string
  lines: LineIndex
  nodeAt: (path: readonly PathSegment[]) => YamlNode | undefined
  pairAt: (path: readonly PathSegment[]) => Pair | undefined
}

/** In-place edits of a YAML text, each in the style of the text around it. */
export function yamlEditors({ text, lines, nodeAt, pairAt }: YamlTree): Editors {
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

  return {
    keyReplacement(path, key) {
      const name = pairAt(path)?.key as YamlNode | undefined
      if (!isScalar(name) || !name.range || name.anchor || name.tag) return undefined
      const quoted = name.type === 'QUOTE_DOUBLE' || name.type === 'QUOTE_SINGLE'
      return {
        range: [name.range[0], name.range[1]],
        replacement: quoted || !isPlainSafe(key) ? JSON.stringify(key) : key
      }
    },
    valueReplacement(path, replacement) {
      const node = nodeAt(path)
      if (!node?.range || isAlias(node) || node.anchor || node.tag) return undefined
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
      const end = contentEnd(pair.value ?? name)
      if (end === undefined) return undefined
      const property = `${isPlainSafe(key) ? key : JSON.stringify(key)}: ${valueText}`
      if (parent.flow) return { range: [end, end], replacement: `, ${property}` }
      const indent = ' '.repeat(name.range[0] - lines.lineStart(name.range[0]))
      const next = lines.lineEnd(end)
      return text[next - 1] === '\n'
        ? { range: [next, next], replacement: `${indent}${property}\n` }
        : { range: [next, next], replacement: `\n${indent}${property}` }
    },
    portableText(path, inFlow) {
      const node = nodeAt(path)
      if (!node?.range || isAlias(node) || node.tag) return undefined
      const source = text.slice(node.range[0], contentEnd(node))
      if (source.includes('\n')) return undefined
      if (isScalar(node)) return portableScalar(node, source, inFlow)
      return (isMap(node) || isSeq(node)) && node.flow ? source : undefined
    }
  }
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
