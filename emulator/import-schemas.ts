import { isObject, type SpecDocument } from './spec-document.js'

/** A Schema Object and its JSON pointer (`#/components/schemas/Pet/properties/id`). */
export interface SchemaAt {
  schema: Record<string, unknown>
  pointer: string
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** Keywords whose value is one subschema. The 2020-12 ones only appear in 3.1 documents. */
const ONE_SCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'additionalItems',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema'
]
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * Every schema and subschema, in document order. Only keyword positions are followed: a
 * property called `example` is a schema, the value of `example`, `default` or `enum` is data.
 * A `{$ref}` is visited but not entered (its target is visited where it sits).
 */
export function walkSchema(at: SchemaAt, visit: (at: SchemaAt) => void): void {
  const { schema, pointer } = at
  visit(at)
  if (typeof schema.$ref === 'string') return
  const into = (value: unknown, path: string) => {
    if (isObject(value)) walkSchema({ schema: value, pointer: path }, visit)
  }
  for (const key of ONE_SCHEMA) into(schema[key], `${pointer}/${key}`)
  for (const key of SCHEMA_LISTS) {
    const list = schema[key]
    if (Array.isArray(list)) list.forEach((item, i) => into(item, `${pointer}/${key}/${i}`))
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key]
    if (!isObject(map)) continue
    for (const [name, value] of Object.entries(map))
      into(value, `${pointer}/${key}/${pointerToken(name)}`)
  }
}

/**
 * The top-level schemas of a document: named ones (`components/schemas`, `definitions`) and the
 * ones inside parameters, headers, media types and responses, wherever those sit (components,
 * path items, operations, callbacks, Swagger 2's `parameters` and `responses`).
 */
export function schemaRoots(spec: SpecDocument): SchemaAt[] {
  const roots: SchemaAt[] = []
  const root = spec.root
  const schema = (value: unknown, pointer: string) => {
    if (isObject(value)) roots.push({ schema: value, pointer })
  }
  const each = (map: unknown, pointer: string, fn: (value: unknown, at: string) => void) => {
    if (isObject(map))
      for (const [key, value] of Object.entries(map)) fn(value, `${pointer}/${pointerToken(key)}`)
  }
  const list = (value: unknown, pointer: string, fn: (value: unknown, at: string) => void) => {
    if (Array.isArray(value)) value.forEach((item, i) => fn(item, `${pointer}/${i}`))
  }
  const notRef = (value: unknown): value is Record<string, unknown> =>
    isObject(value) && typeof value.$ref !== 'string'

  const header = (value: unknown, at: string) => {
    if (!notRef(value)) return
    schema(value.schema, `${at}/schema`)
    each(value.content, `${at}/content`, mediaType)
  }
  const mediaType = (value: unknown, at: string) => {
    if (!notRef(value)) return
    schema(value.schema, `${at}/schema`)
    each(value.encoding, `${at}/encoding`, (encoding, encodingAt) => {
      if (isObject(encoding)) each(encoding.headers, `${encodingAt}/headers`, header)
    })
  }
  // A parameter and a header read alike (`schema` or `content`); Swagger 2 body parameters
  // carry `schema` too.
  const parameter = header
  const response = (value: unknown, at: string) => {
    if (!notRef(value)) return
    schema(value.schema, `${at}/schema`)
    each(value.headers, `${at}/headers`, header)
    each(value.content, `${at}/content`, mediaType)
  }
  const requestBody = (value: unknown, at: string) => {
    if (notRef(value)) each(value.content, `${at}/content`, mediaType)
  }
  const pathItem = (value: unknown, at: string): void => {
    if (!notRef(value)) return
    list(value.parameters, `${at}/parameters`, parameter)
    for (const method of HTTP_METHODS) {
      const operation = value[method]
      if (!isObject(operation)) continue
      const opAt = `${at}/${method}`
      list(operation.parameters, `${opAt}/parameters`, parameter)
      requestBody(operation.requestBody, `${opAt}/requestBody`)
      each(operation.responses, `${opAt}/responses`, response)
      each(operation.callbacks, `${opAt}/callbacks`, callback)
    }
  }
  const callback = (value: unknown, at: string) => {
    if (notRef(value)) each(value, at, pathItem)
  }

  if (spec.kind === 'swagger') {
    each(root.definitions, '#/definitions', schema)
    each(root.parameters, '#/parameters', parameter)
    each(root.responses, '#/responses', response)
  } else if (isObject(root.components)) {
    const c = root.components
    each(c.schemas, '#/components/schemas', schema)
    each(c.parameters, '#/components/parameters', parameter)
    each(c.headers, '#/components/headers', header)
    each(c.responses, '#/components/responses', response)
    each(c.requestBodies, '#/components/requestBodies', requestBody)
    each(c.callbacks, '#/components/callbacks', callback)
    each(c.pathItems, '#/components/pathItems', pathItem)
  }
  each(root.paths, '#/paths', pathItem)
  each(root['x-ms-paths'], '#/x-ms-paths', pathItem)
  each(root.webhooks, '#/webhooks', pathItem)
  return roots
}
