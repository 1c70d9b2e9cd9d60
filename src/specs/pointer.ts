/** RFC 6901 JSON pointers, as used by `$ref` ("#/components/parameters/x") and by patch reports. */

export type PathSegment = string | number

export function toPointer(path: readonly PathSegment[]): string {
  return path.map((seg) => '/' + String(seg).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

/** Parses the fragment of a local `$ref` ("#/a/b~1c") into path segments; undefined if not local. */
export function parseLocalRef(ref: string): string[] | undefined {
  if (!ref.startsWith('#')) return undefined
  const fragment = ref.slice(1)
  if (fragment === '') return []
  if (!fragment.startsWith('/')) return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(fragment)
  } catch {
    decoded = fragment
  }
  return decoded
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Follows path segments through plain objects and arrays; undefined when any step is missing. */
export function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = root
  for (const seg of path) {
    if (Array.isArray(node)) {
      const index = typeof seg === 'number' ? seg : /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : -1
      if (index < 0 || index >= node.length) return undefined
      node = node[index]
    } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, String(seg))) {
      node = node[String(seg)]
    } else {
      return undefined
    }
  }
  return node
}
