/** Small specs for __tests__/emulator-import.test.ts, one APIM import restriction each. */

type Json = Record<string, unknown>

const ok = { '200': { description: 'OK' } }

/** An OpenAPI 3.0 document with these paths, components and extra top-level fields. */
export function oas3(paths: Json, components: Json = {}, extra: Json = {}): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Fixture', version: '1' },
    paths,
    components,
    ...extra
  })
}

/** One GET operation whose 200 answers `schema`. */
export function answering(schema: Json, path = '/things'): Json {
  return {
    [path]: {
      get: {
        operationId: 'Things_Get',
        responses: { '200': { description: 'OK', content: { 'application/json': { schema } } } }
      }
    }
  }
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

export const SPECS = {
  selfRecursive: oas3(answering(ref('Node')), {
    schemas: {
      Node: { type: 'object', properties: { children: { type: 'array', items: ref('Node') } } }
    }
  }),
  mutuallyRecursive: oas3(answering(ref('Folder')), {
    schemas: {
      Folder: { type: 'object', properties: { files: { type: 'array', items: ref('File') } } },
      File: { type: 'object', properties: { parent: ref('Folder') } }
    }
  }),
  recursiveRef31: JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1' },
    paths: answering(ref('Filter')),
    components: {
      schemas: {
        Filter: {
          $recursiveAnchor: true,
          type: 'object',
          properties: { filters: { type: 'array', items: { $recursiveRef: '#' } } }
        }
      }
    }
  }),
  swaggerRecursive: JSON.stringify({
    swagger: '2.0',
    info: { title: 'Fixture', version: '1' },
    paths: {
      '/things': {
        get: { responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/E' } } } }
      }
    },
    definitions: { E: { type: 'object', properties: { details: { items: { $ref: '#/definitions/E' }, type: 'array' } } } }
  }),
  /** Not recursive: a property named like a keyword, data that looks like schemas. */
  notRecursive: oas3(answering(ref('Holder')), {
    schemas: {
      Holder: {
        type: 'object',
        properties: {
          $ref: { type: 'string' },
          const: { type: 'string' },
          example: ref('Leaf'),
          items: { type: 'array', items: ref('Leaf') }
        },
        example: { $ref: '#/components/schemas/Holder', const: 1, type: ['a', 'b'] },
        default: { items: { $ref: '#/components/schemas/Holder' } },
        enum: [{ anything: true }]
      },
      Leaf: { type: 'string', 'x-note': { type: ['not', 'checked'] } }
    }
  }),
  externalRef: oas3(answering({ $ref: 'common.json#/components/schemas/Error' })),
  unresolvedRef: oas3(answering(ref('Missing'))),
  duplicateUrlNames: oas3({
    '/items/{id}': {
      get: {
        operationId: 'Items_Get',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'ID', in: 'query', required: true, schema: { type: 'string' } }
        ],
        responses: ok
      }
    }
  }),
  pathParamNotInTemplate: oas3({
    '/items': {
      get: {
        operationId: 'Items_List',
        parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: ok
      }
    }
  }),
  duplicateSignature: oas3({
    '/Items/{itemId}': { get: { operationId: 'A', responses: ok } },
    '/items/{name}': { get: { operationId: 'B', responses: ok } }
  }),
  duplicateOperationId: oas3({
    '/a': { get: { operationId: 'Same', responses: ok } },
    '/b': { get: { operationId: 'Same', responses: ok } }
  }),
  typeArray: oas3(answering(ref('Test')), {
    schemas: {
      Test: { type: 'object', properties: { TestId: { type: ['string', 'null'] } } }
    }
  }),
  typeNull: oas3(answering({ type: 'null' })),
  unknownKeyword: oas3({
    '/things': {
      get: {
        operationId: 'Things_Get',
        parameters: [{ name: 'q', in: 'query', schema: { type: 'string', const: 'x' } }],
        responses: ok
      }
    }
  }),
  numericExclusiveMinimum: oas3(answering(ref('Amount')), {
    schemas: { Amount: { type: 'number', exclusiveMinimum: 0 } }
  }),
  infoSummary: JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Fixture', summary: 'Short', version: '1' },
    paths: answering({ type: 'string' })
  }),
  licenseIdentifier: JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '1', license: { name: 'MIT', identifier: 'MIT' } },
    paths: answering({ type: 'string' })
  }),
  webhooks: oas3(answering({ type: 'string' }), {}, { webhooks: {} }),
  jsonSchemaDialect: oas3(answering({ type: 'string' }), {}, { jsonSchemaDialect: 'x' }),
  componentPathItems: oas3(answering({ type: 'string' }), { pathItems: {} })
}

/** `count` GET operations with distinct paths and ids. */
export function manyOperations(count: number, prefix: string): string {
  const paths: Json = {}
  for (let i = 0; i < count; i++) {
    paths[`/${prefix}/${i}`] = { get: { operationId: `${prefix}_${i}`, responses: ok } }
  }
  return oas3(paths)
}
