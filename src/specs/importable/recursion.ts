import { getAt, isObject, parseLocalRef, toPointer, type PathSegment } from '../pointer.js'
import type { RefUse } from './references.js'
import type { Finding } from './types.js'

// "API import restrictions and known issues" (learn.microsoft.com, API Management): APIM does
// not support recursive definitions, i.e. schemas that refer to themselves.

interface Edge {
  target: string
  use: RefUse
}

const NAMED_SCHEMA_HOLDERS: PathSegment[][] = [['components', 'schemas'], ['definitions']]

/** The named schema a path lies in ("#/components/schemas/Pet"), if any. */
function namedSchemaOf(path: readonly PathSegment[]): string | undefined {
  for (const holder of NAMED_SCHEMA_HOLDERS) {
    if (path.length > holder.length && holder.every((seg, i) => path[i] === seg))
      return '#' + toPointer(path.slice(0, holder.length + 1))
  }
  return undefined
}

/**
 * Cycles among named schemas, each broken at one reference: a depth-first walk over the named
 * schemas in document order, following their references in document order, and cutting every
 * reference that leads back to a schema still being walked (a back edge). Without the back
 * edges no cycle is left. A reference to a part of schema A counts as a reference to A;
 * `$recursiveRef` and `$dynamicRef` refer to the named schema they sit in.
 */
export function recursionFindings(root: Record<string, unknown>, uses: RefUse[]): Finding[] {
  const edges = new Map<string, Edge[]>()
  for (const holder of NAMED_SCHEMA_HOLDERS) {
    const schemas = getAt(root, holder)
    if (!isObject(schemas)) continue
    for (const name of Object.keys(schemas)) edges.set('#' + toPointer([...holder, name]), [])
  }
  for (const use of uses) {
    const source = namedSchemaOf(use.path)
    if (source === undefined) continue
    const target = use.keyword === '$ref' ? referencedSchema(root, use.ref) : source
    if (target !== undefined && edges.has(target)) edges.get(source)?.push({ target, use })
  }

  const findings: Finding[] = []
  const state = new Map<string, 'walking' | 'done'>()
  for (const start of edges.keys()) {
    if (state.has(start)) continue
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }]
    state.set(start, 'walking')
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const out = edges.get(frame.name) ?? []
      if (frame.next >= out.length) {
        state.set(frame.name, 'done')
        stack.pop()
        continue
      }
      const edge = out[frame.next++]
      const seen = state.get(edge.target)
      if (seen === 'walking') {
        const from = stack.findIndex((f) => f.name === edge.target)
        const cycle = [...stack.slice(from).map((f) => f.name), edge.target]
        findings.push(cutFinding(edge.use, cycle))
      } else if (seen === undefined) {
        state.set(edge.target, 'walking')
        stack.push({ name: edge.target, next: 0 })
      }
    }
  }
  return findings
}

function referencedSchema(root: unknown, ref: string): string | undefined {
  const path = parseLocalRef(ref)
  if (path === undefined || getAt(root, path) === undefined) return undefined
  return namedSchemaOf(path)
}

function cutFinding(use: RefUse, cycle: string[]): Finding {
  const names = cycle.map((ref) =>
    ref
      .slice(ref.lastIndexOf('/') + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~')
  )
  const schema = names[names.length - 2]
  const shown =
    names.length === 2
      ? `schema '${schema}' refers to itself`
      : `schema '${schema}' refers back to '${names[0]}' (${names.join(' → ')})`
  const original =
    use.keyword === '$ref' ? use.ref : `${cycle[cycle.length - 1]} (${use.keyword} '${use.ref}')`
  const standIn = {
    type: 'object',
    description:
      `Recursive reference to ${original} cut for API Management, which does not import ` +
      'recursive schemas (apim-version-action)'
  }
  return {
    rule: 'recursion',
    path: use.path,
    at: [...use.path, use.keyword],
    message:
      `${shown} through ${use.keyword} '${use.ref}'; APIM does not import recursive schemas. ` +
      'In patch mode (the default) this reference becomes an open object schema; to keep the ' +
      'structure, flatten the recursion in the spec to the depth clients use.',
    fix: {
      kind: 'recursion-cut',
      change: `{"${use.keyword}": "${use.ref}"} → {"type": "object", "description": "Recursive reference … cut …"}`,
      reason: `${shown} (${use.keyword} '${use.ref}'); APIM does not import recursive schemas`,
      rewrites: [{ op: 'replace', path: use.path, value: standIn, text: { render: true } }]
    }
  }
}
