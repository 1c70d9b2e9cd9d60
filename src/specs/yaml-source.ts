import {
  visit,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Alias,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap
} from 'yaml'
import { nestingError, tooDeepPath } from './depth.js'
import { SpecError } from './errors.js'
import type { PathSegment } from './pointer.js'
import { LineIndex, narrowInteger, type Position, type SourceDocument } from './source.js'
import { yamlEditors } from './yaml-edits.js'

/**
 * Parses YAML with the 1.2 core schema (so `example: 2024-02-01` stays a string, unlike YAML 1.1
 * loaders), rejecting duplicate keys, keeping node ranges for in-place edits.
 */
export function parseYamlSource(text: string, file: string): SourceDocument {
  const lineCounter = new LineCounter()
  const lines = new LineIndex(text)
  const documents = parseAllDocuments(text, {
    schema: 'core',
    intAsBigInt: true,
    uniqueKeys: true,
    prettyErrors: true,
    lineCounter
  })
  const list = Array.isArray(documents) ? documents : []
  if (list.length !== 1) {
    const second = list[1]?.range?.[0]
    throw new SpecError(
      file,
      list.length === 0
        ? 'the YAML file is empty; a spec needs an `openapi` or `swagger` key'
        : 'the YAML file holds several documents (`---`); keep one spec per file',
      second !== undefined ? lines.positionAt(second) : undefined
    )
  }
  const doc = list[0]
  // The composer recurses per level and reports running out of stack as an error of its own.
  const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION')
  if (exhausted) {
    const at = exhausted.linePos?.[0]
    throw nestingError(file, at ? { line: at.line, column: at.col } : undefined)
  }
  const error = doc.errors[0]
  if (error) {
    const message = error.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '')
      .replace('Map keys must be unique', 'duplicate key (map keys must be unique)')
    throw new SpecError(file, `invalid YAML: ${message}. Fix the syntax at that spot.`, {
      line: error.linePos?.[0].line,
      column: error.linePos?.[0].col
    })
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 1000, reviver: narrowIntegers })
  } catch (err) {
    // Converting recurses per level: a YAML alias inside its own anchor never ends.
    if (err instanceof RangeError)
      throw aliasCycle(doc, file, lines) ?? nestingError(file, undefined)
    throw new SpecError(file, `cannot read the YAML: ${(err as Error).message}`)
  }

  const nodeAt = (path: readonly PathSegment[]): YamlNode | undefined => {
    let node: unknown = doc.contents
    for (const seg of path) {
      if (isMap(node)) node = findPair(node, seg)?.value
      else if (isSeq(node)) node = node.items[Number(seg)]
      else return undefined
    }
    return node as YamlNode | undefined
  }

  const pairAt = (path: readonly PathSegment[]): Pair | undefined => {
    const parent = path.length > 0 ? nodeAt(path.slice(0, -1)) : undefined
    return isMap(parent) ? findPair(parent, path[path.length - 1]) : undefined
  }

  const deep = tooDeepPath(value)
  if (deep) throw deepValueError(file, deep, nodeAt, lines)

  const aliased = aliasedAnchors(doc)
  return {
    syntax: 'yaml',
    text,
    value,
    repeats: aliased.size > 0,
    positionAt: (offset) => lines.positionAt(offset),
    position(path) {
      const key = pairAt(path)?.key as YamlNode | undefined
      const range = key?.range ?? nodeAt(path)?.range
      return range ? lines.positionAt(range[0]) : undefined
    },
    valueRange(path) {
      const range = nodeAt(path)?.range
      return range ? [range[0], range[1]] : undefined
    },
    ...yamlEditors({
      text,
      lines,
      contents: doc.contents,
      aliased,
      nodeAt,
      pairAt,
      findPair
    })
  }
}

/** The anchors that some alias refers to. */
function aliasedAnchors(doc: Document): Set<string> {
  const names = new Set<string>()
  visit(doc, {
    Alias(_, alias) {
      names.add(alias.source)
    }
  })
  return names
}

function aliasCycle(doc: Document, file: string, lines: LineIndex): SpecError | undefined {
  let found: Alias | undefined
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc)
      if (target?.range && alias.range && target.range[0] <= alias.range[0]) {
        if (alias.range[1] <= target.range[1]) {
          found = alias
          return visit.BREAK
        }
      }
    }
  })
  if (!found) return undefined
  return cycleError(file, found.range ? lines.positionAt(found.range[0]) : undefined)
}

function cycleError(file: string, position: Position | undefined): SpecError {
  return new SpecError(
    file,
    'a YAML alias (*name) refers to a node that contains it, so the value never ends. ' +
      'Replace the alias with a $ref or a copy of what it should hold.',
    position
  )
}

/** Where the too deep value sits: as far along its path as the nodes go (aliases end it). */
function deepValueError(
  file: string,
  deep: { path: PathSegment[]; cycle: boolean },
  nodeAt: (path: readonly PathSegment[]) => YamlNode | undefined,
  lines: LineIndex
): SpecError {
  let start: number | undefined
  for (let n = deep.path.length; n >= 0 && start === undefined; n--)
    start = nodeAt(deep.path.slice(0, n))?.range?.[0]
  const position = start !== undefined ? lines.positionAt(start) : undefined
  return deep.cycle ? cycleError(file, position) : nestingError(file, position)
}

// Each map's pairs by key, made on first use: a lookup in a map of thousands of schemas is
// then no scan of them all.
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>()

function findPair(map: YAMLMap, seg: PathSegment): Pair | undefined {
  let index = pairIndex.get(map)
  if (!index) {
    index = new Map()
    for (const pair of map.items) {
      const key = pair.key
      const name = isScalar(key) ? String(key.value) : String(key)
      if (!index.has(name)) index.set(name, pair)
    }
    pairIndex.set(map, index)
  }
  return index.get(String(seg))
}

function narrowIntegers(_key: unknown, value: unknown): unknown {
  return typeof value === 'bigint' ? narrowInteger(value) : value
}
