import { SpecError } from './errors.js'
import type { LoadedSpec } from './load.js'
import { getAt, isObject, parseLocalRef, toPointer, type PathSegment } from './pointer.js'

/** Keys whose values are data (examples, defaults), where a "$ref" key is not a reference. */
const DATA_KEYS = new Set(['example', 'x-ms-examples', 'default', 'enum', 'const'])

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

/** When `value` is a `{$ref}` object, its resolved target; else the value itself at `path`. */
export function deref(root: unknown, value: unknown, path: PathSegment[]): Resolved {
  if (isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#')) {
    return resolveRefChain(root, value.$ref)
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
 * Checks every `$ref` of the document: local ones must resolve without a cycle; references to
 * other files cannot work in an inline APIM import (x-ms-examples are the patcher's business).
 */
export function checkReferences(spec: LoadedSpec): void {
  const results = new Map<string, string | undefined>()
  const problems: { path: PathSegment[]; message: string }[] = []
  const path: PathSegment[] = []

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i)
        visit(node[i])
        path.pop()
      }
      return
    }
    if (!isObject(node)) return
    const ref = node.$ref
    if (typeof ref === 'string') {
      if (!results.has(ref)) results.set(ref, checkOne(spec.root, ref))
      const message = results.get(ref)
      if (message) problems.push({ path: [...path, '$ref'], message })
    }
    const inExamples = path[path.length - 2] === 'examples'
    for (const key of Object.keys(node)) {
      if (key === '$ref' || DATA_KEYS.has(key) || (inExamples && key === 'value')) continue
      path.push(key)
      visit(node[key])
      path.pop()
    }
  }
  visit(spec.root)

  if (problems.length > 0) {
    const [first] = problems
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more $ref problems)` : ''
    throw new SpecError(spec.file, `${first.message}${more}`, spec.source.position(first.path))
  }
}

function checkOne(root: unknown, ref: string): string | undefined {
  if (!ref.startsWith('#')) {
    return (
      `$ref '${ref}' points at another file; APIM imports one document and cannot follow it. ` +
      'Bundle the spec into one file first.'
    )
  }
  try {
    resolveRefChain(root, ref)
    return undefined
  } catch (err) {
    const message = (err as Error).message
    return message.startsWith('circular')
      ? `${message}: the references lead back to themselves and never reach a definition. Point one of them at a real definition.`
      : `broken $ref: ${message}. Add the missing component or fix the reference.`
  }
}
