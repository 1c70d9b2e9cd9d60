import { SpecError } from './errors.js'
import type { LoadedSpec, SpecFormat } from './load.js'
import { getAt, isObject, parseLocalRef, toPointer, type PathSegment } from './pointer.js'

export interface Resolved {
  path: PathSegment[]
  value: unknown
}

/**
 * Follows a local `$ref` and any `$ref` its target holds in turn, to the value at the end.
 * Throws a plain Error naming the problem (missing target or a circular chain).
 */
export function resolveRefChain(root: unknown, ref: string): Resolved {
  const seen = new Set<string>()
  let current = ref
  for (;;) {
    if (seen.has(current)) {
      throw new Error(`circular $ref chain: ${[...seen, current].join(' → ')}`)
    }
    seen.add(current)
    const path = parseLocalRef(current)
    if (path === undefined) throw new Error(`'${current}' is not a reference inside this document`)
    const value = getAt(root, path)
    if (value === undefined)
      throw new Error(`'${current}' points at nothing: ${missingPart(root, path)}`)
    if (isObject(value) && typeof value.$ref === 'string') {
      current = value.$ref
      continue
    }
    return { path, value }
  }
}

/**
 * When `value` is a `{$ref}` object, its resolved target (value undefined when the reference
 * leads nowhere: the importability check reports that); else the value itself at `path`.
 */
export function deref(root: unknown, value: unknown, path: PathSegment[]): Resolved {
  if (isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#')) {
    try {
      return resolveRefChain(root, value.$ref)
    } catch {
      return { path, value: undefined }
    }
  }
  return { path, value }
}

function missingPart(root: unknown, path: string[]): string {
  for (let i = 1; i <= path.length; i++) {
    if (getAt(root, path.slice(0, i)) === undefined) {
      const parent = i === 1 ? 'the document root' : toPointer(path.slice(0, i - 1))
      return `there is no '${path[i - 1]}' in ${parent}`
    }
  }
  return 'the target is missing'
}

/**
 * Refuses a chain of local `$ref`s that leads back to itself without reaching a definition: the
 * document is malformed, and following it would never end. A reference that points at nothing
 * or at another file is an importability problem (see importable/), not a reason to stop here.
 */
export function checkReferences(spec: LoadedSpec): void {
  const checked = new Set<string>()
  forEachRef(spec.root, spec.format, (ref, path) => {
    if (!ref.startsWith('#') || checked.has(ref)) return
    checked.add(ref)
    try {
      resolveRefChain(spec.root, ref)
    } catch (err) {
      const message = (err as Error).message
      if (!message.startsWith('circular')) return
      throw new SpecError(
        spec.file,
        `${message}: the references lead back to themselves and never reach a definition. Point one of them at a real definition.`,
        spec.source.position([...path, '$ref'])
      )
    }
  })
}

/** The reason a local `$ref` resolves to nothing ("there is no 'x' in /components/schemas"). */
export function missingTarget(root: unknown, ref: string): string | undefined {
  const path = parseLocalRef(ref)
  if (path === undefined) return `'${ref}' is not a JSON pointer ('#/…')`
  return getAt(root, path) === undefined ? missingPart(root, path) : undefined
}

/** Keys whose values are data (examples, defaults), where a "$ref" key is not a reference. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const'])

/** Keys whose values map names to objects: there a key like `default` is a name, not data. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'schemas',
  'parameters',
  'responses',
  'requestBodies',
  'headers',
  'links',
  'callbacks',
  'paths',
  'webhooks',
  'pathItems',
  'content',
  'encoding'
])

/** What an object is: plain, a map of names, a map of Example Objects, or an Example Object. */
type Place = 'plain' | 'names' | 'exampleMap' | 'example'

/**
 * Calls `visit` for each `$ref` (or other `keywords`) the document really uses, in document
 * order, with the path of the object holding it (the array is reused: copy it to keep it).
 * Data is skipped: examples, defaults, enums, and extensions (`x-*`), which readers such as
 * APIM's keep as opaque values; the top-level `x-ms-paths` is walked, as APIM imports it.
 */
export function forEachRef<K extends string = '$ref'>(
  root: unknown,
  format: SpecFormat,
  visit: (ref: string, path: readonly PathSegment[], keyword: K) => void,
  keywords: readonly K[] = ['$ref' as K]
): void {
  const path: PathSegment[] = []
  const walk = (node: unknown, place: Place): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i)
        walk(node[i], 'plain')
        path.pop()
      }
      return
    }
    if (!isObject(node)) return
    const named = place === 'names' || place === 'exampleMap'
    if (!named) {
      for (const keyword of keywords) {
        const ref = node[keyword]
        if (typeof ref === 'string') visit(ref, path, keyword)
      }
    }
    for (const key of Object.keys(node)) {
      const child = node[key]
      let next: Place = place === 'exampleMap' ? 'example' : 'plain'
      if (!named) {
        if (key === '$ref' || DATA_KEYS.has(key)) continue
        // Extensions are opaque to the reader, but for `x-ms-paths`, which APIM imports as paths.
        if (key.startsWith('x-') && !(key === 'x-ms-paths' && path.length === 0)) continue
        if (place === 'example' && key === 'value') continue
        if (key === 'examples') {
          // Swagger 2 response examples and 3.1 schema examples are data; OpenAPI 3 Example
          // Objects may be references (but their `value` is data).
          if (format === 'swagger 2.0' || !isObject(child)) continue
          next = 'exampleMap'
        } else if ((NAME_MAPS.has(key) || key === 'x-ms-paths') && isObject(child)) next = 'names'
      }
      path.push(key)
      walk(child, next)
      path.pop()
    }
  }
  walk(root, 'plain')
}
