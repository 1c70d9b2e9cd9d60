import type { SpecFormat } from '../load.js'
import { getAt, isObject, parseLocalRef, toPointer, type PathSegment } from '../pointer.js'
import type { RefUse } from './references.js'
import type { Finding } from './types.js'

// "API import restrictions and known issues" (learn.microsoft.com, API Management): APIM does
// not support recursive definitions, i.e. schemas that refer to themselves.

interface Edge {
  target: string
  use: RefUse
}

/**
 * Where the named schemas are: `#/components/schemas` in OpenAPI 3 (a top-level `definitions`
 * there is no schema holder, only an extra field), `#/definitions` in Swagger 2.0.
 */
function holderOf(format: SpecFormat): PathSegment[] {
  return format === 'swagger 2.0' ? ['definitions'] : ['components', 'schemas']
}

/** The named schema a path lies in ("#/components/schemas/Pet"), if any. */
function namedSchemaOf(holder: PathSegment[], path: readonly PathSegment[]): string | undefined {
  if (path.length > holder.length && holder.every((seg, i) => path[i] === seg))
    return pointerOf(path.slice(0, holder.length + 1))
  return undefined
}

/**
 * True when the reference at `path` sits beside a `$ref` (in an object holding one, or deeper):
 * the reader takes a reference object's `$ref` and ignores the rest of it.
 */
function besideRef(root: unknown, path: readonly PathSegment[], from: number): boolean {
  let node = getAt(root, path.slice(0, from))
  for (let i = from; i < path.length; i++) {
    if (isObject(node) && typeof node.$ref === 'string') return true
    node = isObject(node) || Array.isArray(node) ? getAt(node, [path[i]]) : undefined
  }
  return false
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
export function recursionFindings(
  root: Record<string, unknown>,
  uses: RefUse[],
  format: SpecFormat
): Finding[] {
  const holder = holderOf(format)
  const named: string[] = []
  const schemas = getAt(root, holder)
  if (isObject(schemas))
    for (const name of Object.keys(schemas)) named.push(pointerOf([...holder, name]))
  const nameOf = (part: string) => schemaName(holder, part)
  // The references inside each named schema, with where each one sits and leads.
  const inSchema = new Map<string, { at: string; use: RefUse; target: string }[]>()
  for (const use of uses) {
    const source = namedSchemaOf(holder, use.path)
    if (source === undefined || besideRef(root, use.path, holder.length + 1)) continue
    const target = use.keyword === '$ref' ? referencedPart(root, use.ref) : source
    if (target === undefined || namedSchemaOf(holder, pathOf(target)) === undefined) continue
    const list = inSchema.get(source) ?? []
    list.push({ at: pointerOf(use.path), use, target })
    inSchema.set(source, list)
  }
  const edges = new Map<string, Edge[]>()
  const edgesOf = (part: string): Edge[] => {
    let out = edges.get(part)
    if (!out) {
      const schema = namedSchemaOf(holder, pathOf(part)) ?? part
      out = (inSchema.get(schema) ?? [])
        .filter((r) => r.at === part || r.at.startsWith(`${part}/`))
        .map((r) => ({ target: r.target, use: r.use }))
      edges.set(part, out)
    }
    return out
  }

  const findings: Finding[] = []
  const cut = new Set<RefUse>()
  const state = new Map<string, 'walking' | 'done'>()
  // Where each part being walked sits on the stack.
  const depth = new Map<string, number>()
  for (const start of named) {
    if (state.has(start)) continue
    const stack: { part: string; next: number }[] = [{ part: start, next: 0 }]
    state.set(start, 'walking')
    depth.set(start, 0)
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const out = edgesOf(frame.part)
      if (frame.next >= out.length) {
        state.set(frame.part, 'done')
        depth.delete(frame.part)
        stack.pop()
        continue
      }
      const edge = out[frame.next++]
      if (cut.has(edge.use)) continue
      const seen = state.get(edge.target)
      if (seen === 'walking') {
        const from = depth.get(edge.target)!
        const cycle = shownCycle(stack, from, edge.target, nameOf)
        cut.add(edge.use)
        findings.push(cutFinding(edge.use, cycle, edge.target))
      } else if (seen === undefined) {
        state.set(edge.target, 'walking')
        depth.set(edge.target, stack.length)
        stack.push({ part: edge.target, next: 0 })
      }
    }
  }
  return findings
}

/** The names shown for a cycle: all of a short one, the ends of a long one. */
interface Cycle {
  /** The schemas, first to last, with `…` for the ones left out. */
  names: string[]
  /** How many steps the cycle has. */
  length: number
}

const SHOWN_HEAD = 3
const SHOWN_TAIL = 2

/** The cycle from stack[from] back to `target`, its middle left out when long (messages stay short). */
function shownCycle(
  stack: { part: string }[],
  from: number,
  target: string,
  nameOf: (part: string) => string
): Cycle {
  const length = stack.length - from
  const at = (i: number) => nameOf(stack[from + i].part)
  if (length <= SHOWN_HEAD + SHOWN_TAIL + 1) {
    const names = stack.slice(from).map((f) => nameOf(f.part))
    return { names: [...names, nameOf(target)], length }
  }
  const head = Array.from({ length: SHOWN_HEAD }, (_, i) => at(i))
  const tail = Array.from({ length: SHOWN_TAIL }, (_, i) => at(length - SHOWN_TAIL + i))
  return { names: [...head, '…', ...tail, nameOf(target)], length }
}

function pointerOf(path: readonly PathSegment[]): string {
  return '#' + toPointer([...path])
}

function pathOf(pointer: string): PathSegment[] {
  return parseLocalRef(pointer) ?? []
}

/** The named schema a part of the document lies in, by its name ("Pet"). */
function schemaName(holder: PathSegment[], part: string): string {
  const schema = namedSchemaOf(holder, pathOf(part)) ?? part
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

function cutFinding(use: RefUse, cycle: Cycle, target: string): Finding {
  const { names, length } = cycle
  const schema = names[names.length - 2]
  const steps = names.length - 1 < length ? `; ${length} schemas` : ''
  const shown =
    length === 1
      ? `schema '${schema}' refers to itself`
      : `schema '${schema}' refers back to '${names[0]}' (${names.join(' → ')}${steps})`
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
