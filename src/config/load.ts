import fs from 'node:fs'
import path from 'node:path'
import {
  isAlias,
  isMap,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node as YamlNode
} from 'yaml'
import { UsageError, type RawInputs } from '../settings.js'
import { confine } from '../specs/confine.js'
import {
  referenceProblems,
  settingsProblems,
  type ConfigEnvironment,
  type ConfigFile,
  type Position
} from './model.js'
import { ENVIRONMENT_INPUTS } from './schema.js'
import { schemaProblems } from './validate.js'

/** A config file is a page of settings; anything this big is not one. */
const MAX_BYTES = 1024 * 1024

/**
 * Reads and checks a config file (YAML, or JSON, which YAML 1.2 reads too): inside the workspace
 * (symlinks resolved), well-formed, valid by the schema, its names referring to each other, and
 * every API's settings valid with each environment. Throws one UsageError naming file:line:column
 * for each problem; nothing else is read or called before this passes.
 */
export function loadConfig(file: string, workspace: string): ConfigFile {
  const absolute = path.resolve(workspace, file)
  const shown = path.relative(path.resolve(workspace), absolute) || file
  const confined = confine(absolute, workspace, 'the workspace')
  if (confined.problem !== undefined)
    throw new UsageError(`config: '${file}' is refused: ${confined.problem}`)
  const stat = fs.statSync(confined.real, { throwIfNoEntry: false })
  if (!stat) throw new UsageError(`config: '${file}' does not exist (in ${workspace})`)
  if (!stat.isFile()) throw new UsageError(`config: '${file}' is not a file`)
  if (stat.size > MAX_BYTES)
    throw new UsageError(`config: '${file}' is over ${MAX_BYTES / 1024} KB; is it the right file?`)
  return parseConfig(fs.readFileSync(confined.real, 'utf8'), shown)
}

/** Checks a config file's text; `file` is the name messages give it. */
export function parseConfig(text: string, file: string): ConfigFile {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: true,
    lineCounter
  })
  const list = Array.isArray(documents) ? documents : []
  const at = (offset: number | undefined): Position => {
    const pos = lineCounter.linePos(offset ?? 0)
    return { line: pos.line, col: pos.col }
  }
  const fail = (problems: { at: Position; message: string }[]): never => {
    const lines = problems
      .sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col)
      .map((p) => `${file}:${p.at.line}:${p.at.col}: ${p.message}`)
    throw new UsageError([...new Set(lines)].join('\n'))
  }
  if (list.length !== 1)
    fail([
      {
        at: at(list[1]?.range[0]),
        message:
          list.length === 0
            ? 'the file is empty: it needs apis: (see docs/config-file.md)'
            : 'the file holds several YAML documents (---): keep one'
      }
    ])
  const doc = list[0]
  const syntax = doc.errors[0]
  if (syntax) {
    const message = syntax.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '')
      .replace('Map keys must be unique', 'duplicate key (map keys must be unique)')
    fail([{ at: at(syntax.pos[0]), message: `invalid YAML: ${message}` }])
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    fail([{ at: at(0), message: `cannot read the file: ${(err as Error).message}` }])
  }
  const nodes = nodeFinder(doc)
  const written = (segments: string[]) => {
    const range = nodes.value(segments)?.range
    return range ? text.slice(range[0], range[1]) : undefined
  }
  const problems = schemaProblems(data, written).map((p) => ({
    at: at(nodes.offset(p.path, p.at)),
    message: p.message
  }))
  if (problems.length > 0) fail(problems)

  const config = build(data as RawFile, file, nodes, at)
  const references = referenceProblems(config)
  if (references.length > 0) fail(references)
  const settings = settingsProblems(config)
  if (settings.length > 0) throw new UsageError(settings.join('\n'))
  return config
}

type RawValue = string | number | boolean | string[]
type RawEntry = Record<string, RawValue>
interface RawFile {
  apis: Record<string, RawEntry>
  environments?: Record<
    string,
    Record<string, RawValue> & { 'promote-from'?: string; apis?: Record<string, RawEntry> }
  >
}

/** A value as an action input gives it: booleans and numbers as text, lists joined by commas. */
function inputValue(value: RawValue): string {
  return Array.isArray(value) ? value.join(',') : String(value)
}

function inputsOf(entry: RawEntry, names?: readonly string[]): RawInputs {
  return Object.fromEntries(
    Object.entries(entry)
      .filter(([name]) => !names || names.includes(name))
      .map(([name, value]) => [name, inputValue(value)])
  )
}

function build(
  data: RawFile,
  file: string,
  nodes: ReturnType<typeof nodeFinder>,
  at: (offset: number | undefined) => Position
): ConfigFile {
  const positions: Record<string, Position> = {}
  const mark = (segments: string[], entry: object) => {
    const key = nodes.key(segments)?.range?.[0]
    if (key !== undefined) positions[segments.join('.')] = at(key)
    for (const name of Object.keys(entry)) {
      const value = nodes.value([...segments, name])?.range?.[0]
      if (value !== undefined) positions[[...segments, name].join('.')] = at(value)
    }
  }
  const apis: Record<string, RawInputs> = {}
  for (const [api, entry] of Object.entries(data.apis)) {
    apis[api] = inputsOf(entry)
    mark(['apis', api], entry)
  }
  const environments: Record<string, ConfigEnvironment> = {}
  for (const [name, entry] of Object.entries(data.environments ?? {})) {
    mark(['environments', name], entry)
    const overrides: Record<string, RawInputs> = {}
    for (const [api, override] of Object.entries(entry.apis ?? {})) {
      overrides[api] = inputsOf(override)
      mark(['environments', name, 'apis', api], override)
    }
    environments[name] = {
      inputs: inputsOf(entry as RawEntry, ENVIRONMENT_INPUTS),
      ...(entry['promote-from'] !== undefined ? { promoteFrom: entry['promote-from'] } : {}),
      apis: overrides
    }
  }
  return { file, apis, environments, positions }
}

/** The YAML nodes at a data path: the value, or the key it stands under (for unknown keys). */
function nodeFinder(doc: Document) {
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node)
  const walk = (segments: readonly string[]): { key?: YamlNode; value?: YamlNode } => {
    let value: unknown = doc.contents
    let key: YamlNode | undefined
    for (const segment of segments) {
      value = resolve(value)
      if (isMap(value)) {
        const pair = value.items.find(
          (p) => String((p.key as { value?: unknown })?.value) === segment
        )
        if (!pair) return { key, value: value as YamlNode }
        key = pair.key as YamlNode
        value = pair.value
      } else if (isSeq(value)) {
        key = undefined
        value = value.items[Number(segment)]
      } else return { key, value: value as YamlNode }
    }
    return { key, value: (value ?? undefined) as YamlNode | undefined }
  }
  const start = (node: YamlNode | null | undefined) => node?.range?.[0]
  return {
    value: (segments: readonly string[]) => walk(segments).value,
    key: (segments: readonly string[]) => walk(segments).key,
    /** Where to point for a path: its key or value as asked, else the other, else the file's start. */
    offset(segments: readonly string[], at: 'key' | 'value'): number | undefined {
      if (segments.length === 0) return start(doc.contents as YamlNode | null)
      const found = walk(segments)
      const [first, second] = at === 'key' ? [found.key, found.value] : [found.value, found.key]
      return start(first) ?? start(second)
    }
  }
}
