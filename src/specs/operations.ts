import { isObject, type PathSegment } from './pointer.js'
import { deref } from './refs.js'

/** The parts of a spec the operation helpers read: its data (original or patched). */
export interface SpecData {
  root: Record<string, unknown>
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface OperationRef {
  method: string
  path: string
  /** Where the operation object sits in the document. */
  location: PathSegment[]
  operation: Record<string, unknown>
  /** The path item's shared `parameters`, if any, and where they sit. */
  pathParameters: { location: PathSegment[]; list: unknown[] } | undefined
}

export function operationLabel(op: { method: string; path: string }): string {
  return `${op.method.toUpperCase()} ${op.path}`
}

/** Every operation under `paths` (and Azure's `x-ms-paths`), in document order. */
export function listOperations(spec: SpecData): OperationRef[] {
  const result: OperationRef[] = []
  for (const section of ['paths', 'x-ms-paths']) {
    const paths = spec.root[section]
    if (!isObject(paths)) continue
    for (const [route, rawItem] of Object.entries(paths)) {
      if (!route.startsWith('/')) continue
      const { value: item, path: itemLocation } = deref(spec.root, rawItem, [section, route])
      if (!isObject(item)) continue
      const shared = Array.isArray(item.parameters)
        ? { location: [...itemLocation, 'parameters'], list: item.parameters }
        : undefined
      for (const method of HTTP_METHODS) {
        const operation = item[method]
        if (!isObject(operation)) continue
        result.push({
          method,
          path: route,
          location: [...itemLocation, method],
          operation,
          pathParameters: shared
        })
      }
    }
  }
  return result
}

export interface ResolvedParameter {
  /** Where the parameter's definition sits (after following `$ref`s). */
  location: PathSegment[]
  /** Where the operation or path item lists it (its `$ref`, or the definition itself). */
  listedAt: PathSegment[]
  value: Record<string, unknown>
  fromPathItem: boolean
}

/**
 * The parameters an operation can receive: its own, plus the path item's that it does not
 * override (same `name` and `in`), each resolved through `$ref` chains.
 */
export function effectiveParameters(spec: SpecData, op: OperationRef): ResolvedParameter[] {
  const own = resolveList(spec, op.operation.parameters, [...op.location, 'parameters'], false)
  const ownKeys = new Set(own.map((p) => `${p.value.in}:${p.value.name}`))
  const shared = op.pathParameters
    ? resolveList(spec, op.pathParameters.list, op.pathParameters.location, true).filter(
        (p) => !ownKeys.has(`${p.value.in}:${p.value.name}`)
      )
    : []
  return [...shared, ...own]
}

function resolveList(
  spec: SpecData,
  list: unknown,
  location: PathSegment[],
  fromPathItem: boolean
): ResolvedParameter[] {
  if (!Array.isArray(list)) return []
  const result: ResolvedParameter[] = []
  list.forEach((entry, index) => {
    const listedAt = [...location, index]
    const { value, path } = deref(spec.root, entry, listedAt)
    // A reference that leads nowhere is skipped here; the importability check reports it.
    if (isObject(value)) result.push({ location: path, listedAt, value, fromPathItem })
  })
  return result
}
