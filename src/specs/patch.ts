import { isDeepStrictEqual } from 'node:util'
import { applyEdits, Draft, type Edit } from './edit.js'
import { SpecError } from './errors.js'
import {
  makeImportable,
  sizeProblem,
  withoutRewrites,
  type ImportableMode,
  type ImportProblem
} from './importable/index.js'
import { parseJsonSource } from './json-source.js'
import type { LoadedSpec } from './load.js'
import { effectiveParameters, listOperations, operationLabel } from './operations.js'
import { plural } from './plural.js'
import { isObject, toPointer, type PathSegment } from './pointer.js'
import { parseYamlSource } from './yaml-source.js'

export { plural } from './plural.js'

export interface PatchOptions {
  /** The version query parameter APIM routes on; default `api-version`. */
  parameter?: string
  /** Remove `x-ms-examples` blocks that refer to other files; default true. */
  removeExternalExamples?: boolean
  /**
   * What to do about what APIM would refuse to import: rewrite what can be rewritten and report
   * the rest (`patch`, the default), report all (`check`), or nothing (`off`).
   */
  importable?: ImportableMode
}

export type PatchEntryKind =
  | 'parameter-optional'
  | 'examples-removed'
  | 'parameter-missing'
  /** A reference that closed a cycle of schemas, replaced by an open object schema. */
  | 'recursion-cut'
  /** An OpenAPI 3.1 construct written as its OpenAPI 3.0 equivalent. */
  | 'openapi-rewrite'

/** One line of a patch report: what changed (or was noticed), where, and why. */
export interface PatchEntry {
  kind: PatchEntryKind
  /** JSON pointer into the original document. */
  pointer: string
  /** 1-based line in the original text. */
  line: number
  change: string
  reason: string
  /** The operations this entry concerns ("POST /chat/completions"). */
  operations: string[]
  /** True for a shared definition (components/parameters, #/parameters) rather than one operation's. */
  shared?: boolean
}

export interface PatchResult {
  /** The patched text: the original with only the edited spans replaced. */
  text: string
  /** The patched document as data (what `text` parses to). */
  value: Record<string, unknown>
  entries: PatchEntry[]
  /** Number of text edits made (entries of kind parameter-missing are notes, not edits). */
  edits: number
  summary: string
  /** What still keeps APIM from importing the patched spec (none when `importable` is off). */
  problems: ImportProblem[]
}

export function patchSpec(spec: LoadedSpec, options: PatchOptions = {}): PatchResult {
  const parameter = options.parameter ?? 'api-version'
  const removeExamples = options.removeExternalExamples ?? true
  const { source } = spec
  const edits: Edit[] = []
  const entries: PatchEntry[] = []
  const draft = new Draft(spec.root)

  const lineOf = (path: PathSegment[]): number => source.position(path)?.line ?? 1

  // 1. The version parameter: edit each reachable declaration once, however many operations use it.
  const declarations = new Map<
    string,
    { path: PathSegment[]; operations: string[]; shared: boolean }
  >()
  const missing: { label: string; path: PathSegment[] }[] = []
  let alreadyOptional = 0
  for (const op of listOperations(spec)) {
    const label = operationLabel(op)
    const version = effectiveParameters(spec, op).find(
      (p) => p.value.in === 'query' && p.value.name === parameter
    )
    if (!version) {
      missing.push({ label, path: op.location })
      continue
    }
    const required = version.value.required
    if (required !== undefined && typeof required !== 'boolean') {
      throw notBoolean(spec, [...version.location, 'required'], parameter, required)
    }
    if (required !== true) {
      alreadyOptional++
      continue
    }
    const pointer = toPointer(version.location)
    const declaration = declarations.get(pointer)
    if (declaration) declaration.operations.push(label)
    else {
      const shared = version.location[0] !== 'paths' && version.location[0] !== 'x-ms-paths'
      declarations.set(pointer, { path: version.location, operations: [label], shared })
    }
  }
  for (const { path, operations, shared } of declarations.values()) {
    const requiredPath = [...path, 'required']
    const range = source.valueRange(requiredPath)
    if (!range) continue
    edits.push({ range, replacement: 'false' })
    draft.set(requiredPath, false)
    entries.push({
      kind: 'parameter-optional',
      pointer: toPointer(requiredPath),
      line: lineOf(requiredPath),
      change: 'required: true → false',
      reason:
        (shared ? `shared definition used by ${plural(operations.length, 'operation')}; ` : '') +
        `APIM routes on the '${parameter}' query parameter and removes it before matching ` +
        'operations, so while it is required no operation matches (404 Resource not found)',
      operations,
      shared
    })
  }

  // 2. x-ms-examples that point at other files, which an inline import cannot resolve.
  if (removeExamples) {
    for (const { path, refs, operations } of externalExampleBlocks(spec)) {
      const removal = source.propertyRemoval(path)
      if (!removal) continue
      edits.push(removal)
      draft.delete(path)
      entries.push({
        kind: 'examples-removed',
        pointer: toPointer(path),
        line: lineOf(path),
        change: `removed x-ms-examples (${plural(refs.length, 'external $ref')})`,
        reason: `it refers to other files (${refs[0]}${refs.length > 1 ? ', …' : ''}); APIM imports one document and cannot resolve them`,
        operations
      })
    }
  }

  for (const { label, path } of missing) {
    entries.push({
      kind: 'parameter-missing',
      pointer: toPointer(path),
      line: lineOf(path),
      change: 'none',
      reason: `the operation does not declare the '${parameter}' query parameter; nothing to patch`,
      operations: [label]
    })
  }

  // 3. What APIM would refuse: fixed where the fix keeps the API as it is, else reported.
  // Where YAML aliases repeat an edited node, the edit shows at each alias: read the text again.
  const before =
    source.repeats && edits.length > 0 ? reread(source.text, edits, source.syntax) : draft.value
  let importable = makeImportable(source, spec.format, before, options.importable ?? 'patch', edits)
  let text = applyEdits(source.text, [...edits, ...importable.edits])
  let value = importable.value
  if (importable.edits.length > 0) {
    // What is sent must read back as the data the fingerprint is taken from.
    const read = readBack(text, source.syntax, importable.value)
    if ('reason' in read) {
      importable = withoutRewrites(importable, before, read.reason, source)
      text = applyEdits(source.text, edits)
      value = before
    } else value = read.value
  }
  edits.push(...importable.edits)
  const fixes = importable.fixed.map((f) => ({ ...f, line: lineOf(f.at ?? f.path) }))
  for (const { fix, path, line } of fixes.sort((a, b) => a.line - b.line)) {
    if (!fix) continue
    entries.push({
      kind: fix.kind,
      pointer: toPointer(path),
      line,
      change: fix.change,
      reason: fix.reason,
      operations: []
    })
  }

  const tooBig = options.importable === 'off' ? undefined : sizeProblem(text)
  return {
    text,
    value,
    entries,
    edits: edits.length,
    summary: summarize(parameter, entries, alreadyOptional),
    problems: tooBig ? [...importable.problems, tooBig] : importable.problems
  }
}

/** The data of the text after `edits`, which keep it well formed. */
function reread(
  original: string,
  edits: readonly Edit[],
  syntax: 'json' | 'yaml'
): Record<string, unknown> {
  const text = applyEdits(original, edits)
  try {
    return (syntax === 'json' ? parseJsonSource : parseYamlSource)(text, 'the patched spec')
      .value as Record<string, unknown>
  } catch (err) {
    throw new Error(`internal error: the patched spec does not parse: ${(err as Error).message}`, {
      cause: err
    })
  }
}

/** The rewritten text read again: its data when that is `expected`, else why not. */
function readBack(
  text: string,
  syntax: 'json' | 'yaml',
  expected: unknown
): { value: Record<string, unknown> } | { reason: string } {
  let value: unknown
  try {
    value = (syntax === 'json' ? parseJsonSource : parseYamlSource)(text, 'the patched spec').value
  } catch (err) {
    return { reason: `the rewritten text would not parse (${(err as Error).message})` }
  }
  if (!isDeepStrictEqual(value, expected))
    return { reason: 'the rewritten text would not read as the rewrites mean it to' }
  return { value: value as Record<string, unknown> }
}

/** `required: "yes"` is neither true nor false: guessing would patch (or skip) the wrong thing. */
function notBoolean(
  spec: LoadedSpec,
  path: PathSegment[],
  parameter: string,
  value: unknown
): SpecError {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? 'an array'
        : isObject(value)
          ? 'an object'
          : String(value)
  return new SpecError(
    spec.file,
    `\`required\` of the '${parameter}' query parameter is ${shown}; it must be true or false ` +
      '(unquoted; YAML 1.2 reads yes/no as text). Write the boolean.',
    spec.source.position(path)
  )
}

function externalExampleBlocks(
  spec: LoadedSpec
): { path: PathSegment[]; refs: string[]; operations: string[] }[] {
  const found: { path: PathSegment[]; refs: string[]; operations: string[] }[] = []
  for (const op of listOperations(spec)) {
    const examples = op.operation['x-ms-examples']
    if (!isObject(examples)) continue
    const refs = collectRefs(examples).filter((ref) => !ref.startsWith('#'))
    if (refs.length > 0) {
      found.push({
        path: [...op.location, 'x-ms-examples'],
        refs,
        operations: [operationLabel(op)]
      })
    }
  }
  return found
}

function collectRefs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => collectRefs(child, into))
  else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string') into.push(child)
      else collectRefs(child, into)
    }
  }
  return into
}

function summarize(parameter: string, entries: PatchEntry[], alreadyOptional: number): string {
  const count = (kind: PatchEntryKind) => entries.filter((e) => e.kind === kind)
  const optional = count('parameter-optional')
  const parts: string[] = []
  if (optional.length > 0) {
    const operations = optional.reduce((n, e) => n + e.operations.length, 0)
    const shared = optional.filter((e) => e.shared).length
    const where =
      shared === optional.length
        ? plural(shared, 'shared definition')
        : `${plural(optional.length, 'declaration')}${shared > 0 ? `, ${shared} shared` : ''}`
    parts.push(
      `${parameter} optional in ${plural(operations, 'operation')}` +
        (optional.length === operations && shared === 0 ? '' : ` (${where})`)
    )
  } else if (alreadyOptional > 0) {
    parts.push(`${parameter} already optional`)
  }
  const examples = count('examples-removed').length
  if (examples > 0) parts.push(`${plural(examples, 'x-ms-examples block')} removed`)
  const missing = count('parameter-missing').length
  if (missing > 0) parts.push(`${plural(missing, 'operation')} without ${parameter}`)
  const cuts = count('recursion-cut').length
  if (cuts > 0) parts.push(plural(cuts, 'recursion cut'))
  const rewrites = count('openapi-rewrite').length
  if (rewrites > 0) parts.push(`${plural(rewrites, 'OpenAPI 3.1 construct')} rewritten`)
  return parts.length > 0 ? parts.join('; ') : 'nothing to patch'
}
