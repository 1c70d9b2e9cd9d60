import { schemaRoots, walkSchema } from './import-schemas.js'
import { isObject, type SpecDocument } from './spec-document.js'

/**
 * APIM reads every OpenAPI 3.x document, 3.1 included, as OpenAPI 3.0.1 (Microsoft.OpenApi 1.x,
 * then the 3.0 JSON schema). MicrosoftDocs/azure-docs#123982 (a 3.1 `type: ["string","null"]`):
 *   Parsing error(s): Cannot create a scalar value from this type of node. [#/components/schemas/Test/properties/TestId/type]
 *   Parsing error(s): The input OpenAPI file is not valid for the OpenAPI specification https://github.com/OAI/OpenAPI-Specification/blob/master/versions/3.0.1.md (schema https://github.com/OAI/OpenAPI-Specification/blob/master/schemas/v3.0/schema.yaml).
 */
export const NOT_VALID_3_0_1 =
  'Parsing error(s): The input OpenAPI file is not valid for the OpenAPI specification https://github.com/OAI/OpenAPI-Specification/blob/master/versions/3.0.1.md (schema https://github.com/OAI/OpenAPI-Specification/blob/master/schemas/v3.0/schema.yaml).'

/** The Schema Object's fields in OpenAPI 3.0 (spec 3.0.3 §4.7.24; schemas/v3.0/schema.yaml). */
const SCHEMA_FIELDS = new Set([
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
  'deprecated'
])

/** OpenAPI 3.1 fields outside schemas that 3.0 does not have: [object, its pointer, field]. */
const FIELDS_3_1: [(root: Record<string, unknown>) => unknown, string, string][] = [
  [(root) => root, '#/', 'webhooks'],
  [(root) => root, '#/', 'jsonSchemaDialect'],
  // "Info: summary" is unsupported (the docs page's table; MicrosoftDocs/azure-docs#105288).
  [(root) => root.info, '#/info', 'summary'],
  [(root) => (isObject(root.info) ? root.info.license : undefined), '#/info/license', 'identifier'],
  [(root) => root.components, '#/components', 'pathItems']
]

const TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string'])
const MAX_REPORTED = 20

/**
 * What APIM's reader refuses in an OpenAPI 3.x document, each line as APIM words it:
 * `X is not a valid property at #/…` is Microsoft.OpenApi's message for a field it does not
 * know (`ParseMap`; seen from APIM in stephaneey/azure-apim-extension#62), a non-string
 * `type` is #123982's, and a numeric `exclusiveMinimum`/`exclusiveMaximum` (JSON Schema
 * 2020-12, MicrosoftDocs/azure-docs#119506) fails .NET's `bool.Parse`. The 3.0.1 line closes
 * the list, as in #123982. An empty list: nothing to refuse.
 */
export function openApi30Problems(spec: SpecDocument): string[] {
  if (spec.kind !== 'openapi') return []
  const problems: string[] = []
  for (const [objectOf, pointer, field] of FIELDS_3_1) {
    const object = objectOf(spec.root)
    if (isObject(object) && field in object) problems.push(notValid(field, pointer))
  }
  for (const root of schemaRoots(spec)) {
    walkSchema(root, ({ schema, pointer }) => {
      if (typeof schema.$ref === 'string') return // Siblings of $ref are ignored in 3.0.
      for (const key of Object.keys(schema)) {
        if (!SCHEMA_FIELDS.has(key) && !key.startsWith('x-')) problems.push(notValid(key, pointer))
      }
      if ('type' in schema && typeof schema.type !== 'string') {
        problems.push(`Cannot create a scalar value from this type of node. [${pointer}/type]`)
      } else if (typeof schema.type === 'string' && !TYPES.has(schema.type)) {
        // schemas/v3.0/schema.yaml: `type` is one of six (no 'null').
        problems.push(
          `Type '${schema.type}' is not one of ${[...TYPES].join(', ')}. [${pointer}/type]`
        )
      }
      for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
        const value = schema[key]
        if (key in schema && typeof value !== 'boolean')
          problems.push(
            `String '${typeof value === 'object' ? JSON.stringify(value) : String(value)}' was not recognized as a valid Boolean. [${pointer}/${key}]`
          )
      }
    })
  }
  if (problems.length === 0) return []
  const shown = problems.slice(0, MAX_REPORTED).map((line) => `Parsing error(s): ${line}`)
  if (problems.length > MAX_REPORTED)
    shown.push(`Parsing error(s): … and ${problems.length - MAX_REPORTED} more.`)
  return [...shown, NOT_VALID_3_0_1]
}

function notValid(field: string, pointer: string): string {
  return `${field} is not a valid property at ${pointer}`
}
