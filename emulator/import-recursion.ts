import { schemaRoots, walkSchema } from './import-schemas.js'
import { isObject, pointerTarget, type SpecDocument } from './spec-document.js'

/**
 * "API Management doesn't support definitions defined recursively. For example, schemas
 * referring to themselves." (learn.microsoft.com, API import restrictions and known issues,
 * "Unsupported extensions: Recursion"). A cycle of `$ref`s among the named schemas
 * (`components/schemas`, Swagger's `definitions`), or any `$recursiveRef`/`$dynamicRef` (JSON
 * Schema's own recursion, OpenAPI 3.1), is refused; the answer says which schema and how.
 */
export function recursionProblem(spec: SpecDocument): string | undefined {
  const prefix = spec.kind === 'swagger' ? '#/definitions/' : '#/components/schemas/'
  const nameOf = (pointer: string) => {
    if (!pointer.startsWith(prefix)) return pointer
    const [token] = pointer.slice(prefix.length).split('/')
    return token.replace(/~1/g, '/').replace(/~0/g, '~')
  }

  for (const root of schemaRoots(spec)) {
    let found: string | undefined
    walkSchema(root, ({ schema, pointer }) => {
      for (const keyword of ['$recursiveRef', '$dynamicRef']) {
        if (found === undefined && keyword in schema) found = `${keyword} at ${pointer}/${keyword}`
      }
    })
    if (found) return message(nameOf(root.pointer), `it uses ${found}`)
  }

  const edges = new Map<string, string[]>()
  const edgesOf = (pointer: string): string[] => {
    let targets = edges.get(pointer)
    if (targets) return targets
    targets = []
    let target: unknown
    try {
      target = pointerTarget(spec.root, pointer)
    } catch {
      target = undefined // A broken $ref is refused before this check (spec-document.ts).
    }
    if (isObject(target)) {
      walkSchema({ schema: target, pointer }, ({ schema }) => {
        if (typeof schema.$ref === 'string' && schema.$ref.startsWith(prefix))
          targets!.push(schema.$ref)
      })
    }
    edges.set(pointer, targets)
    return targets
  }

  const done = new Set<string>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const visit = (pointer: string): string[] | undefined => {
    if (done.has(pointer)) return undefined
    if (onStack.has(pointer)) return [...stack.slice(stack.indexOf(pointer)), pointer]
    stack.push(pointer)
    onStack.add(pointer)
    for (const next of edgesOf(pointer)) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    stack.pop()
    onStack.delete(pointer)
    done.add(pointer)
    return undefined
  }
  const named = spec.kind === 'swagger' ? spec.root.definitions : componentSchemas(spec.root)
  for (const name of isObject(named) ? Object.keys(named) : []) {
    const cycle = visit(`${prefix}${name.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    if (!cycle) continue
    const names = cycle.map(nameOf).filter((n, i, all) => i === 0 || n !== all[i - 1])
    if (names.length === 1) names.push(names[0])
    return message(names[0], `${names.join(' → ')}`)
  }
  return undefined
}

function componentSchemas(root: Record<string, unknown>): unknown {
  return isObject(root.components) ? root.components.schemas : undefined
}

function message(schema: string, how: string): string {
  return `Parsing error(s): The schema '${schema}' is recursive (${how}). API Management doesn't support recursive definitions (schemas referring to themselves).`
}
