import { canonicalJson, fingerprint } from './fingerprint.js'
import {
  effectiveParameters,
  HTTP_METHODS,
  listOperations,
  type OperationRef,
  type SpecData
} from './operations.js'
import { isObject } from './pointer.js'
import { deref } from './refs.js'

export interface OperationSummary {
  method: string
  path: string
  operationId?: string
  summary?: string
}

export interface OperationChange extends OperationSummary {
  parameters: { added: string[]; removed: string[]; changed: string[] }
  requestBody: { added: string[]; removed: string[]; changed: string[] }
  responses: {
    added: string[]
    removed: string[]
    changed: { status: string; added: string[]; removed: string[]; changed: string[] }[]
  }
}

export interface Changelog {
  from: string
  to: string
  operations: { added: OperationSummary[]; removed: OperationSummary[]; changed: OperationChange[] }
  schemas: { added: string[]; removed: string[]; changed: string[] }
}

/** Documentation keys left out of comparisons: a reworded description is not an API change. */
const DOC_KEYS = new Set([
  'description',
  'summary',
  'example',
  'examples',
  'x-ms-examples',
  'externalDocs'
])
/** Keys whose members are names (of properties, schemas…), never documentation keywords. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas'
])

/**
 * What changed from one version's spec to the next: operations added, removed and changed
 * (parameters, request body and responses by content type), and component schemas.
 * Documentation-only edits (descriptions, examples) are not changes.
 */
export function diffSpecs(
  from: SpecData & { label: string },
  to: SpecData & { label: string }
): Changelog {
  return diffShapes(
    { ...specShape(from), label: from.label },
    { ...specShape(to), label: to.label }
  )
}

/**
 * What a change log compares in one spec, without the spec: each operation's parameters, request
 * body and responses, and each component schema, as hashes of their canonical JSON (without
 * documentation keys). A few kilobytes where the parsed spec takes megabytes, so each version's
 * can be kept and compared with any other's after the spec itself is gone.
 */
export interface SpecShape {
  operations: Map<string, { summary: OperationSummary; shape: OperationShape }>
  schemas: Map<string, string>
}

export function specShape(spec: SpecData): SpecShape {
  const operations: SpecShape['operations'] = new Map()
  for (const op of listOperations(spec)) {
    // Path parameters may be renamed between versions ({deployment-id} vs {deploymentId}).
    const key = `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`
    operations.set(key, { summary: summarize(op), shape: shapeOf(spec, op) })
  }
  return { operations, schemas: componentSchemas(spec.root) }
}

/** The change log between two shapes (see specShape): what diffSpecs says of their specs. */
export function diffShapes(
  from: SpecShape & { label: string },
  to: SpecShape & { label: string }
): Changelog {
  const added: OperationSummary[] = []
  const removed: OperationSummary[] = []
  const changed: OperationChange[] = []
  for (const [key, op] of to.operations) {
    const old = from.operations.get(key)
    if (!old) added.push(op.summary)
    else {
      const change = compareOperations(old, op)
      if (change) changed.push(change)
    }
  }
  for (const [key, op] of from.operations) if (!to.operations.has(key)) removed.push(op.summary)

  return {
    from: from.label,
    to: to.label,
    operations: {
      added: added.map(copy).sort(byRoute),
      removed: removed.map(copy).sort(byRoute),
      changed: changed.sort(byRoute)
    },
    schemas: compareMaps(from.schemas, to.schemas)
  }
}

/** A summary of its own: a change log may be edited (escaped, cut) without touching the shape. */
function copy(summary: OperationSummary): OperationSummary {
  return { ...summary }
}

export function isEmptyChangelog(log: Changelog): boolean {
  const { operations, schemas } = log
  return (
    operations.added.length + operations.removed.length + operations.changed.length === 0 &&
    schemas.added.length + schemas.removed.length + schemas.changed.length === 0
  )
}

export function changelogHeadline(log: Changelog): string {
  const { operations: o, schemas: s } = log
  if (isEmptyChangelog(log)) return 'no API changes'
  const parts = [
    [o.added.length, 'operation', 'added'],
    [o.removed.length, 'operation', 'removed'],
    [o.changed.length, 'operation', 'changed'],
    [s.added.length, 'schema', 'added'],
    [s.removed.length, 'schema', 'removed'],
    [s.changed.length, 'schema', 'changed']
  ] as const
  return parts
    .filter(([n]) => n > 0)
    .map(([n, noun, verb]) => `${n} ${noun}${n === 1 ? '' : 's'} ${verb}`)
    .join(', ')
}

export interface OperationShape {
  parameters: Map<string, string>
  request: Map<string, string>
  responses: Map<string, Map<string, string>>
}

function summarize(op: OperationRef): OperationSummary {
  const { operationId, summary } = op.operation
  return {
    method: op.method,
    path: op.path,
    operationId: typeof operationId === 'string' ? operationId : undefined,
    summary: typeof summary === 'string' ? summary : undefined
  }
}

function compareOperations(
  from: { summary: OperationSummary; shape: OperationShape },
  to: { summary: OperationSummary; shape: OperationShape }
): OperationChange | undefined {
  const [a, b] = [from.shape, to.shape]
  // A path parameter renamed in the route ({petId} → {pet-id}) is the same parameter.
  const before = new Map(a.parameters)
  const oldNames = pathParameterNames(from.summary.path)
  pathParameterNames(to.summary.path).forEach((name, i) => {
    const old = before.get(`path ${oldNames[i]}`)
    if (oldNames[i] !== undefined && oldNames[i] !== name && old !== undefined) {
      before.delete(`path ${oldNames[i]}`)
      before.set(`path ${name}`, old)
    }
  })
  const parameters = compareMaps(before, b.parameters)
  const requestBody = compareMaps(a.request, b.request)
  const statuses = compareMaps(
    new Map([...a.responses].map(([k, v]) => [k, canonicalJson([...v])])),
    new Map([...b.responses].map(([k, v]) => [k, canonicalJson([...v])]))
  )
  const responses = {
    added: statuses.added,
    removed: statuses.removed,
    changed: statuses.changed.map((status) => ({
      status,
      ...compareMaps(a.responses.get(status) ?? new Map(), b.responses.get(status) ?? new Map())
    }))
  }
  const changed = [parameters, requestBody, statuses].some(
    (c) => c.added.length + c.removed.length + c.changed.length > 0
  )
  return changed ? { ...to.summary, parameters, requestBody, responses } : undefined
}

function shapeOf(spec: SpecData, op: OperationRef): OperationShape {
  const root = spec.root
  const parameters = new Map<string, string>()
  const request = new Map<string, string>()
  const consumes = mediaTypes(op.operation.consumes ?? root.consumes)
  const produces = mediaTypes(op.operation.produces ?? root.produces)
  for (const p of effectiveParameters(spec, op)) {
    if (p.value.in === 'body') {
      // Swagger 2.0: the body is a parameter; its schema applies to every `consumes` type.
      for (const type of consumes) request.set(type, digest(strip(p.value.schema)))
      continue
    }
    const { name, ...rest } = p.value
    // A path parameter's name is its place in the route; compare the rest.
    parameters.set(`${p.value.in} ${name}`, digest(strip(p.value.in === 'path' ? rest : p.value)))
  }
  const body = deref(root, op.operation.requestBody, []).value
  if (isObject(body) && isObject(body.content)) {
    for (const [type, media] of Object.entries(body.content)) {
      request.set(type, digest(strip(isObject(media) ? media.schema : undefined)))
    }
  }
  const responses = new Map<string, Map<string, string>>()
  if (isObject(op.operation.responses)) {
    for (const [status, raw] of Object.entries(op.operation.responses)) {
      if (status.startsWith('x-')) continue
      const response = deref(root, raw, []).value
      const byType = new Map<string, string>()
      if (isObject(response) && isObject(response.content)) {
        for (const [type, media] of Object.entries(response.content)) {
          byType.set(type, digest(strip(isObject(media) ? media.schema : undefined)))
        }
      } else if (isObject(response) && response.schema !== undefined) {
        for (const type of produces) byType.set(type, digest(strip(response.schema)))
      }
      responses.set(status, byType)
    }
  }
  return { parameters, request, responses }
}

function pathParameterNames(route: string): string[] {
  return [...route.matchAll(/\{([^}]*)\}/g)].map((m) => m[1])
}

function mediaTypes(value: unknown): string[] {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : ['application/json']
}

function componentSchemas(root: Record<string, unknown>): Map<string, string> {
  const map = new Map<string, string>()
  const holder = isObject(root.components) ? root.components.schemas : root.definitions
  if (isObject(holder)) {
    for (const [name, schema] of Object.entries(holder)) map.set(name, digest(strip(schema)))
  }
  return map
}

function compareMaps(
  before: Map<string, string>,
  after: Map<string, string>
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = []
  const removed: string[] = []
  const changed: string[] = []
  for (const [key, value] of after) {
    if (!before.has(key)) added.push(key)
    else if (before.get(key) !== value) changed.push(key)
  }
  for (const key of before.keys()) if (!after.has(key)) removed.push(key)
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() }
}

/** What is compared of a value: a hash of its canonical JSON (64 bits: no collision in practice). */
function digest(value: unknown): string {
  return fingerprint(value)
}

/** A copy without documentation keys (see DOC_KEYS), keeping names in property maps. */
function strip(value: unknown, namesHere = false): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v))
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    if (!namesHere && DOC_KEYS.has(key)) continue
    result[key] = namesHere ? strip(child) : strip(child, NAME_MAPS.has(key))
  }
  return result
}

const METHOD_ORDER = new Map(HTTP_METHODS.map((m, i) => [m, i]))

function byRoute(a: OperationSummary, b: OperationSummary): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1
  return (METHOD_ORDER.get(a.method) ?? 99) - (METHOD_ORDER.get(b.method) ?? 99)
}
