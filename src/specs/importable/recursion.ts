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
      return pointerOf(path.slice(0, holder.length + 1))
  }
  return undefined
}

/**
 * Cycles of references, each broken at one reference. A reference leads to the part of the
 * document it names, and on from every reference inside that part: `#/…/A/properties/label`
 * leads only where `label` does, not where the rest of A does, so A → B → A's `label` (a string)
 * is no recursion. `$recursiveRef` and `$dynamicRef` lead to the named schema they sit in. A
 * depth-first walk from the named schemas in document order, following references in document
 * order, cuts every reference that leads back to a part still being walked (a back edge);
 * without the back edges no cycle is left.
 */
export function recursionFindings(root: Record<string, unknown>, uses: RefUse[]): Finding[] {
  const named: string[] = []
  for (const holder of NAMED_SCHEMA_HOLDERS) {
    const schemas = getAt(root, holder)
    if (!isObject(schemas)) continue
    for (const name of Object.keys(schemas)) named.push(pointerOf([...holder, name]))
  }
  // The references inside each named schema, with where each one sits and leads.
  const inSchema = new Map<string, { at: string; use: RefUse; target: string }[]>()
  for (const use of uses) {
    const source = namedSchemaOf(use.path)
    if (source === undefined) continue
    const target = use.keyword === '$ref' ? referencedPart(root, use.ref) : source
    if (target === undefined || namedSchemaOf(pathOf(target)) === undefined) continue
    const list = inSchema.get(source) ?? []
    list.push({ at: pointerOf(use.path), use, target })
    inSchema.set(source, list)
  }
  const edges = new Map<string, Edge[]>()
  const edgesOf = (part: string): Edge[] => {
    let out = edges.get(part)
    if (!out) {
      const holder = namedSchemaOf(pathOf(part)) ?? part
      out = (inSchema.get(holder) ?? [])
        .filter((r) => r.at === part || r.at.startsWith(`${part}/`))
        .map((r) => ({ target: r.target, use: r.use }))
      edges.set(part, out)
    }
    return out
  }

  const findings: Finding[] = []
  const cut = new Set<RefUse>()
  const state = new Map<string, 'walking' | 'done'>()
  for (const start of named) {
    if (state.has(start)) continue
    const stack: { part: string; next: number }[] = [{ part: start, next: 0 }]
    state.set(start, 'walking')
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const out = edgesOf(frame.part)
      if (frame.next >= out.length) {
        state.set(frame.part, 'done')
        stack.pop()
        continue
      }
      const edge = out[frame.next++]
      if (cut.has(edge.use)) continue
      const seen = state.get(edge.target)
      if (seen === 'walking') {
        const from = stack.findIndex((f) => f.part === edge.target)
        const cycle = [...stack.slice(from).map((f) => nameOf(f.part)), nameOf(edge.target)]
        cut.add(edge.use)
        findings.push(cutFinding(edge.use, cycle, edge.target))
      } else if (seen === undefined) {
        state.set(edge.target, 'walking')
        stack.push({ part: edge.target, next: 0 })
      }
    }
  }
  return findings
}

function pointerOf(path: readonly PathSegment[]): string {
  return '#' + toPointer([...path])
}

function pathOf(pointer: string): PathSegment[] {
  return parseLocalRef(pointer) ?? []
}

/** The named schema a part of the document lies in, by its name ("Pet"). */
function nameOf(part: string): string {
  const schema = namedSchemaOf(pathOf(part)) ?? part
  return schema
    .slice(schema.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~')
}

/** The part of the document a local `$ref` names, as a pointer, when it exists. */
function referencedPart(root: unknown, ref: string): string | undefined {
  const path = parseLocalRef(ref)
  if (path === undefined || getAt(root, path) === undefined) return undefined
  return pointerOf(path)
}

function cutFinding(use: RefUse, names: string[], target: string): Finding {
  const schema = names[names.length - 2]
  const shown =
    names.length === 2
      ? `schema '${schema}' refers to itself`
      : `schema '${schema}' refers back to '${names[0]}' (${names.join(' → ')})`
  const original = use.keyword === '$ref' ? use.ref : `${target} (${use.keyword} '${use.ref}')`
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
