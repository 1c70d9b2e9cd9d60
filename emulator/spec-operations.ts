import { deref, isObject } from './spec-document.js'

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface SpecOperation {
  method: string
  path: string
  operation: Record<string, unknown>
  /** The path item's parameters it does not override, then its own; `$ref`s followed. */
  parameters: Record<string, unknown>[]
}

/** Every operation under `paths` (and Azure's `x-ms-paths`), in document order. */
export function specOperations(root: Record<string, unknown>): SpecOperation[] {
  const result: SpecOperation[] = []
  for (const section of ['paths', 'x-ms-paths']) {
    const paths = root[section]
    if (!isObject(paths)) continue
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = deref(root, rawItem)
      if (!path.startsWith('/') || !isObject(item)) continue
      for (const method of HTTP_METHODS) {
        const operation = item[method]
        if (!isObject(operation)) continue
        const own = parameterList(root, operation.parameters)
        const overridden = new Set(own.map(parameterKey))
        const shared = parameterList(root, item.parameters).filter(
          (p) => !overridden.has(parameterKey(p))
        )
        result.push({ method, path, operation, parameters: [...shared, ...own] })
      }
    }
  }
  return result
}

/** A parameter is identified by its name and location (OpenAPI's rule for overriding). */
function parameterKey(parameter: Record<string, unknown>): string {
  return `${String(parameter.in)}:${String(parameter.name)}`
}

function parameterList(root: Record<string, unknown>, list: unknown): Record<string, unknown>[] {
  return Array.isArray(list) ? list.map((entry) => deref(root, entry)).filter(isObject) : []
}
