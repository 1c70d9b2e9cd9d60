import { parseAllDocuments } from 'yaml'
import { ArmError } from './http.js'

/** An inline OpenAPI 3.0/3.1 or Swagger 2.0 document, read as APIM's import reads it. */
export interface SpecDocument {
  root: Record<string, unknown>
  kind: 'openapi' | 'swagger'
  syntax: 'json' | 'yaml'
}

/** Keys whose values are data (examples, defaults), where a "$ref" key is not a reference. */
const DATA_KEYS = new Set(['example', 'x-ms-examples', 'default', 'enum', 'const'])

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses the document (strict JSON, or YAML 1.2 with unique keys) and refuses what APIM cannot
 * import: another format or version, `paths` that is not an object, an external `$ref`, one
 * that resolves to nothing or only to itself. Refusals are APIM's "Parsing error(s)" (400
 * ValidationError).
 */
export function readSpec(text: string, syntax: 'json' | 'yaml'): SpecDocument {
  const root = syntax === 'json' ? parseJson(text) : parseYaml(text)
  if (!isObject(root)) {
    throw parsingError(
      'not an OpenAPI or Swagger document: the top level must be an object with an `openapi` or `swagger` key'
    )
  }
  const kind = specKind(root)
  if (root.paths !== undefined && !isObject(root.paths))
    throw parsingError('`paths` must be an object mapping paths to operations')
  const refProblems = findRefProblems(root)
  if (refProblems.length > 0) {
    const more = refProblems.length > 1 ? ` (and ${refProblems.length - 1} more $ref problems)` : ''
    throw parsingError(`${refProblems[0]}${more}`)
  }
  return { root, kind, syntax }
}

/** When `value` is a local `{$ref}`, what it finally points at; else the value itself. */
export function deref(root: unknown, value: unknown): unknown {
  return isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#')
    ? resolveRef(root, value.$ref)
    : value
}

function parsingError(message: string): ArmError {
  return new ArmError(400, 'ValidationError', `Parsing error(s): ${message}`)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    // V8 quotes the start of the text in some messages: the position says enough.
    const message = (err as Error).message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '')
    throw parsingError(`invalid JSON: ${message}`)
  }
}

function parseYaml(text: string): unknown {
  const documents = [...parseAllDocuments(text, { schema: 'core', uniqueKeys: true })]
  if (documents.length === 0)
    throw parsingError('the YAML file is empty; a spec needs an `openapi` or `swagger` key')
  if (documents.length > 1)
    throw parsingError('the YAML file holds several documents (`---`); keep one spec per file')
  const [document] = documents
  if (document.errors.length > 0) {
    const [first] = document.errors
    const where = first.linePos
      ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})`
      : ''
    const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
    throw parsingError(`invalid YAML: ${message}${where}`)
  }
  try {
    return document.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    throw parsingError(`cannot read the YAML: ${(err as Error).message}`)
  }
}

function specKind(root: Record<string, unknown>): SpecDocument['kind'] {
  if ('openapi' in root) {
    const version = root.openapi
    if (typeof version !== 'string')
      throw parsingError('`openapi` must be a string such as "3.0.3" (quote it in YAML)')
    if (/^3\.[01]\.\d+$/.test(version)) return 'openapi'
    throw parsingError(
      `unsupported OpenAPI version "${version}": APIM imports Swagger 2.0, OpenAPI 3.0.x and 3.1.x`
    )
  }
  if ('swagger' in root) {
    if (root.swagger === '2.0') return 'swagger'
    throw parsingError(
      `unsupported Swagger version ${JSON.stringify(root.swagger)}: only "2.0" is supported`
    )
  }
  throw parsingError('not an OpenAPI or Swagger document: no top-level `openapi` or `swagger` key')
}

/** Every `$ref` outside data values that APIM could not follow, in document order. */
function findRefProblems(root: Record<string, unknown>): string[] {
  const problems: string[] = []
  const verdicts = new Map<string, string | undefined>()
  // `parentKey` is the key of the node's parent: under `examples`, a `value` is data.
  const visit = (node: unknown, key: string, parentKey: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, '', key))
    if (!isObject(node)) return
    if (typeof node.$ref === 'string') {
      const ref = node.$ref
      if (!verdicts.has(ref)) verdicts.set(ref, refProblem(root, ref))
      const problem = verdicts.get(ref)
      if (problem) problems.push(problem)
    }
    for (const [childKey, child] of Object.entries(node)) {
      if (childKey === '$ref' || DATA_KEYS.has(childKey)) continue
      // The reader keeps extensions as raw values (Azure's `x-ms-examples` point at files);
      // `x-ms-paths` is the one APIM reads as paths.
      if (childKey.startsWith('x-') && childKey !== 'x-ms-paths') continue
      if (childKey === 'value' && parentKey === 'examples') continue
      visit(child, childKey, key)
    }
  }
  visit(root, '', '')
  return problems
}

function refProblem(root: unknown, ref: string): string | undefined {
  if (!ref.startsWith('#')) {
    // "`$ref` pointers: Can't reference external files." (API import restrictions).
    return `$ref '${ref}' is an external reference (another file); APIM imports one document and cannot follow it. Bundle the spec into one file first.`
  }
  try {
    resolveRef(root, ref)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

/** Follows a local `$ref` through any `$ref` its target holds in turn. */
function resolveRef(root: unknown, ref: string): unknown {
  const seen: string[] = []
  let current = ref
  while (!seen.includes(current)) {
    seen.push(current)
    const target = pointerTarget(root, current)
    if (!isObject(target) || typeof target.$ref !== 'string') return target
    current = target.$ref
  }
  throw new Error(
    `$ref '${ref}' is recursive: ${[...seen, current].join(' → ')} lead back to themselves and never reach a definition.`
  )
}

/** The value an RFC 6901 fragment (`#/components/schemas/a~1b`) names in the document. */
export function pointerTarget(root: unknown, ref: string): unknown {
  if (ref !== '#' && !ref.startsWith('#/'))
    throw new Error(
      `$ref '${ref}' could not be resolved: it is not a reference inside this document.`
    )
  let fragment = ref.slice(2)
  try {
    fragment = decodeURIComponent(fragment)
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  let node = root
  for (const token of ref === '#' ? [] : fragment.split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    const index = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1
    if (Array.isArray(node) && index >= 0 && index < node.length) node = node[index]
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key]
    else throw new Error(`$ref '${ref}' could not be resolved: there is no '${key}'.`)
  }
  return node
}
