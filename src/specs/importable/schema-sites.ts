import { HTTP_METHODS } from '../operations.js'
import { isObject, type PathSegment } from '../pointer.js'

export type SchemaVisitor = (schema: unknown, path: PathSegment[], named: boolean) => void

/**
 * Every place an OpenAPI 3 document holds a schema of its own: named schemas, and the schemas of
 * parameters, headers, request bodies, responses and media types' encoding headers, in
 * components, in the operations of `paths` and Azure's `x-ms-paths` (APIM imports both), and in
 * callbacks. APIM does not import callbacks ("Operation: callbacks" is unsupported), but its
 * reader parses the whole document first, so a callback's schema that OpenAPI 3.0 refuses fails
 * the import all the same. Reference objects are skipped (their target is visited where it is
 * defined). `named` marks the schemas under components.schemas.
 */
export function forEachSchemaSite(root: Record<string, unknown>, visit: SchemaVisitor): void {
  const components = isObject(root.components) ? root.components : {}
  const each = (
    holder: unknown,
    path: PathSegment[],
    fn: (value: unknown, at: PathSegment[]) => void
  ) => {
    if (!isObject(holder)) return
    for (const [name, value] of Object.entries(holder)) fn(value, [...path, name])
  }
  const notRef = (value: unknown): value is Record<string, unknown> =>
    isObject(value) && value.$ref === undefined
  const content = (holder: unknown, path: PathSegment[]) =>
    each(holder, path, (media, at) => {
      if (!notRef(media)) return
      if (media.schema !== undefined) visit(media.schema, [...at, 'schema'], false)
      each(media.encoding, [...at, 'encoding'], (encoding, encodingAt) => {
        if (isObject(encoding)) each(encoding.headers, [...encodingAt, 'headers'], parameter)
      })
    })
  const parameter = (value: unknown, path: PathSegment[]) => {
    if (!notRef(value)) return
    if (value.schema !== undefined) visit(value.schema, [...path, 'schema'], false)
    content(value.content, [...path, 'content'])
  }
  const parameterList = (list: unknown, path: PathSegment[]) => {
    if (Array.isArray(list)) list.forEach((p, i) => parameter(p, [...path, i]))
  }
  const body = (value: unknown, path: PathSegment[]) => {
    if (notRef(value)) content(value.content, [...path, 'content'])
  }
  const response = (value: unknown, path: PathSegment[]) => {
    if (!notRef(value)) return
    content(value.content, [...path, 'content'])
    each(value.headers, [...path, 'headers'], parameter)
  }
  const pathItem = (item: unknown, at: PathSegment[]): void => {
    if (!notRef(item)) return
    parameterList(item.parameters, [...at, 'parameters'])
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (!isObject(operation)) continue
      const base = [...at, method]
      parameterList(operation.parameters, [...base, 'parameters'])
      body(operation.requestBody, [...base, 'requestBody'])
      each(operation.responses, [...base, 'responses'], response)
      each(operation.callbacks, [...base, 'callbacks'], callback)
    }
  }
  const callback = (value: unknown, at: PathSegment[]) => {
    if (notRef(value)) each(value, at, pathItem)
  }

  each(components.schemas, ['components', 'schemas'], (schema, at) => visit(schema, at, true))
  each(components.parameters, ['components', 'parameters'], parameter)
  each(components.headers, ['components', 'headers'], parameter)
  each(components.requestBodies, ['components', 'requestBodies'], body)
  each(components.responses, ['components', 'responses'], response)
  each(components.callbacks, ['components', 'callbacks'], callback)
  each(root.paths, ['paths'], pathItem)
  each(root['x-ms-paths'], ['x-ms-paths'], pathItem)
}

/** The OpenAPI 3.0 Schema Object's fields: all that APIM's OpenAPI 3.0 reader accepts. */
export const SCHEMA_FIELDS = new Set([
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
  '$ref'
])

/**
 * The schemas directly inside `schema` (through properties, items, allOf/anyOf/oneOf, not and
 * additionalProperties), with their paths; never data such as examples or enums.
 */
export function subschemas(
  schema: Record<string, unknown>,
  path: PathSegment[]
): [unknown, PathSegment[]][] {
  const found: [unknown, PathSegment[]][] = []
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties))
      found.push([child, [...path, 'properties', name]])
  }
  for (const key of ['items', 'not', 'additionalProperties']) {
    if (isObject(schema[key])) found.push([schema[key], [...path, key]])
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key]
    if (Array.isArray(list)) list.forEach((child, i) => found.push([child, [...path, key, i]]))
  }
  return found
}
