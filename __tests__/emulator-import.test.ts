import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { manyOperations, oas3, SPECS } from '../__fixtures__/emulator-import/specs.js'
import {
  checkOperationLimit,
  normalizeName,
  operationName,
  signatureOf,
  uniqueName
} from '../emulator/import-rules.js'
import type { ServiceState } from '../emulator/state.js'
import { useEmulator } from './support/emulator.js'
import { haveSharedSpecs, SHARED_SPECS } from './support/shared.js'

const t = useEmulator()

async function importApi(id: string, props: Record<string, unknown>) {
  return t.client.api.beginCreateOrUpdateAndWait(t.rg, t.svc, id, props as never, {
    updateIntervalInMs: 10
  })
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected the import to fail')
}

/** Imports `value` as API `id`; expects APIM's ValidationError on the poll and nothing stored. */
async function refused(id: string, value: string, extra: Record<string, unknown> = {}) {
  const format = JSON.parse(value).swagger ? 'swagger-json' : 'openapi+json'
  const err = await failure(importApi(id, { format, value, path: id, ...extra }))
  expect(err.message).toMatch(/^The long-running operation has failed\. ValidationError\. /)
  const gone = await failure(t.client.api.get(t.rg, t.svc, id))
  expect((gone as { statusCode?: number }).statusCode).toBe(404)
  return err.message.replace(/^The long-running operation has failed\. ValidationError\. /, '')
}

async function operationNames(apiId: string): Promise<string[]> {
  const names: string[] = []
  for await (const op of t.client.apiOperation.listByApi(t.rg, t.svc, apiId)) names.push(op.name!)
  return names
}

describe('operation names (API import restrictions: "Normalization rules for operationId")', () => {
  it('lower-cases, turns each run of other characters into one dash and trims dashes', () => {
    expect(normalizeName('ChatCompletions_Create')).toBe('chatcompletions-create')
    expect(normalizeName('GET-/foo/{bar}?buzz={quix}')).toBe('get-foo-bar-buzz-quix')
    expect(normalizeName('--Deployments  List__')).toBe('deployments-list')
    expect(normalizeName('!!!')).toBe('')
  })

  it('truncates to 76 characters (after trimming, so a dash can end the name)', () => {
    expect(normalizeName('a'.repeat(100))).toBe('a'.repeat(76))
    expect(normalizeName(`${'a'.repeat(75)}_b`)).toBe(`${'a'.repeat(75)}-`)
  })

  it('falls back to method and template when operationId is absent, null, empty or all punctuation', () => {
    for (const id of [undefined, null, '', '***']) {
      expect(operationName(id, 'GET', '/foo', new Set())).toBe('get-foo')
    }
    expect(operationName(undefined, 'GET', '/foo/{bar}?buzz={quix}', new Set())).toBe(
      'get-foo-bar-buzz-quix'
    )
  })

  it('de-duplicates with -1, -2 … -999, also after truncation', () => {
    const taken = new Set<string>()
    expect(['a', 'a', 'a'].map((n) => uniqueName(n, taken))).toEqual(['a', 'a-1', 'a-2'])
    const long = 'x'.repeat(76)
    expect(uniqueName(long, new Set([long]))).toBe(`${long}-1`)
    const full = new Set(['b', ...Array.from({ length: 999 }, (_, i) => `b-${i + 1}`)])
    expect(() => uniqueName('b', full)).toThrow(/more than 1000 operations named 'b'/)
  })
})

describe('signatures and the tier limit (unit)', () => {
  it('compares method and lower-cased template without parameter names, queries by name', () => {
    expect(signatureOf('get', '/Items/{itemId}', [])).toBe('GET /items/{}')
    expect(signatureOf('GET', '/items/{name}', [])).toBe('GET /items/{}')
    expect(signatureOf('GET', '/a', ['Z', 'api-version'])).toBe('GET /a?api-version&z')
    expect(signatureOf('GET', '/a?op=Run', [])).toBe('GET /a?op=run')
  })

  it('knows each tier: Developer 3,000, Basic 10,000, Premium v2 75,000, Isolated no limit', () => {
    const state = (ops: number) =>
      ({
        apis: {
          big: {
            name: 'big',
            revisions: { '1': { operations: new Array(ops) }, '2': { operations: [1] } }
          }
        }
      }) as unknown as ServiceState
    expect(() => checkOperationLimit(state(2998), 'Developer', 'new', 1, 1)).not.toThrow()
    expect(() => checkOperationLimit(state(2999), 'Developer', 'new', 1, 1)).toThrow(
      /maximum number of Operations \(3000\)/
    )
    expect(() => checkOperationLimit(state(9998), 'basic', 'new', 1, 1)).not.toThrow()
    expect(() => checkOperationLimit(state(9999), 'BasicV2', 'new', 1, 1)).toThrow(/\(10000\)/)
    expect(() => checkOperationLimit(state(75000), 'PremiumV2', 'new', 1, 1)).toThrow(/75000/)
    expect(() => checkOperationLimit(state(100000), 'Isolated', 'new', 1, 1)).not.toThrow()
    // Re-importing revision 1 of `big` replaces its operations; a write that adds none passes.
    expect(() => checkOperationLimit(state(2999), 'Developer', 'big', 1, 2999)).not.toThrow()
    expect(() => checkOperationLimit(state(5000), 'Developer', 'big', 1, 4000)).not.toThrow()
  })
})

describe('what the import refuses, through the SDK (failure on the poll, nothing stored)', () => {
  it.each([
    ['self', SPECS.selfRecursive, "The schema 'Node' is recursive (Node → Node)"],
    [
      'mutual',
      SPECS.mutuallyRecursive,
      "The schema 'Folder' is recursive (Folder → File → Folder)"
    ],
    ['anchor', SPECS.recursiveRef31, "The schema 'Filter' is recursive (it uses $recursiveRef"],
    ['swagger', SPECS.swaggerRecursive, "The schema 'E' is recursive (E → E)"]
  ])('recursion (%s)', async (id, spec, says) => {
    const message = await refused(`rec-${id}`, spec)
    expect(message).toContain(says)
    expect(message).toMatch(/^Parsing error\(s\): .*recursive/)
  })

  it('an external $ref, and a local one that resolves to nothing', async () => {
    expect(await refused('ext-ref', SPECS.externalRef)).toMatch(
      /^Parsing error\(s\): \$ref 'common\.json#\/components\/schemas\/Error' is an external reference/
    )
    expect(await refused('dangling-ref', SPECS.unresolvedRef)).toContain(
      "$ref '#/components/schemas/Missing' could not be resolved"
    )
  })

  it('path and required query parameters with one name (case-insensitive), unless kept as query', async () => {
    expect(await refused('dup-names', SPECS.duplicateUrlNames)).toContain(
      "Parameter names must be unique within the URL template (case-insensitively): 'ID' appears more than once in '/items/{id}?ID={ID}'"
    )
    const kept = await importApi('dup-names-q', {
      format: 'openapi+json',
      value: SPECS.duplicateUrlNames,
      path: 'dup-names-q',
      translateRequiredQueryParametersConduct: 'query'
    })
    expect(kept.name).toBe('dup-names-q')
  })

  it('a path parameter that is not part of the URL template', async () => {
    expect(await refused('stray-param', SPECS.pathParamNotInTemplate)).toBe(
      "Parameter 'itemId' of operation 'GET /items' is defined in path but is not part of the URL template '/items'."
    )
  })

  it('two operations with one signature (Azure/apiops#670) and two with one operationId', async () => {
    expect(await refused('dup-sig', SPECS.duplicateSignature)).toBe(
      "Importing API has duplicate signature operations: 2 operations with signature 'GET /items/{}'"
    )
    expect(await refused('dup-id', SPECS.duplicateOperationId)).toMatch(
      /^Parsing error\(s\): Cannot have multiple operations with the same operationId: Same\nParsing error\(s\): The input OpenAPI file is not valid for the OpenAPI specification https:\/\/github\.com\/OAI\/OpenAPI-Specification\/blob\/master\/versions\/3\.0\.1\.md/
    )
  })

  it.each([
    [
      'type-array',
      SPECS.typeArray,
      'Cannot create a scalar value from this type of node. [#/components/schemas/Test/properties/TestId/type]'
    ],
    [
      'type-null',
      SPECS.typeNull,
      "Type 'null' is not one of array, boolean, integer, number, object, string. [#/paths/~1things/get/responses/200/content/application~1json/schema/type]"
    ],
    [
      'const',
      SPECS.unknownKeyword,
      'const is not a valid property at #/paths/~1things/get/parameters/0/schema'
    ],
    [
      'exclusive',
      SPECS.numericExclusiveMinimum,
      "String '0' was not recognized as a valid Boolean. [#/components/schemas/Amount/exclusiveMinimum]"
    ],
    ['summary', SPECS.infoSummary, 'summary is not a valid property at #/info'],
    ['license', SPECS.licenseIdentifier, 'identifier is not a valid property at #/info/license'],
    ['webhooks', SPECS.webhooks, 'webhooks is not a valid property at #/'],
    ['dialect', SPECS.jsonSchemaDialect, 'jsonSchemaDialect is not a valid property at #/'],
    ['path-items', SPECS.componentPathItems, 'pathItems is not a valid property at #/components']
  ])('what OpenAPI 3.0.1 does not have (%s)', async (id, spec, line) => {
    const message = await refused(`oas301-${id}`, spec)
    expect(message.split('\n')).toEqual([
      `Parsing error(s): ${line}`,
      'Parsing error(s): The input OpenAPI file is not valid for the OpenAPI specification https://github.com/OAI/OpenAPI-Specification/blob/master/versions/3.0.1.md (schema https://github.com/OAI/OpenAPI-Specification/blob/master/schemas/v3.0/schema.yaml).'
    ])
  })

  it('reads keywords only where schemas are: property names and example data are not keywords', async () => {
    const api = await importApi('not-recursive', {
      format: 'openapi+json',
      value: SPECS.notRecursive,
      path: 'not-recursive'
    })
    expect(api.name).toBe('not-recursive')
  })
})

describe('the tier limit, names and what the document fills in', () => {
  it('refuses an import or a revision past the service limit (Developer: 3,000, revisions count)', async () => {
    await importApi('limit-a', {
      format: 'openapi+json',
      value: manyOperations(2000, 'a'),
      path: 'limit-a'
    })
    await importApi('limit-b', {
      format: 'openapi+json',
      value: manyOperations(990, 'b'),
      path: 'limit-b'
    })
    const over = await refused('limit-c', manyOperations(20, 'c'))
    expect(over).toMatch(
      /^You've reached the maximum number of Operations \(3000\) in the service for the Developer tier: this would bring it to 30\d\d operations/
    )
    const revision = await failure(importApi('limit-b;rev=2', { sourceApiId: '/apis/limit-b' }))
    expect(revision.message).toContain('maximum number of Operations (3000)')
    const noRevision = await failure(t.client.api.get(t.rg, t.svc, 'limit-b;rev=2'))
    expect((noRevision as { statusCode?: number }).statusCode).toBe(404)
    // Re-importing with fewer operations is fine, and frees room.
    await importApi('limit-a', {
      format: 'openapi+json',
      value: manyOperations(10, 'a'),
      path: 'limit-a'
    })
    await importApi('limit-b;rev=2', { sourceApiId: '/apis/limit-b' })
    await t.client.api.beginDeleteAndWait(t.rg, t.svc, 'limit-a', '*', {
      deleteRevisions: true,
      updateIntervalInMs: 10
    })
    await t.client.api.beginDeleteAndWait(t.rg, t.svc, 'limit-b', '*', {
      deleteRevisions: true,
      updateIntervalInMs: 10
    })
  })

  it('names operations from operationId, else method and template, de-duplicated with -1', async () => {
    const long = `Very${'Long'.repeat(25)}`
    await importApi('naming', {
      format: 'openapi+json',
      path: 'naming',
      value: oas3({
        '/foo': { get: { responses: {} }, post: { operationId: '', responses: {} } },
        '/bar/{id}': {
          get: {
            operationId: 'Bar_Get',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } }
            ],
            responses: {}
          },
          put: { operationId: 'bar-get', summary: 'Replaces a bar', responses: {} },
          delete: { operationId: 'BAR GET', responses: {} }
        },
        '/long': { get: { operationId: long, responses: {} } }
      })
    })
    expect(await operationNames('naming')).toEqual([
      'get-foo',
      'post-foo',
      'bar-get',
      'bar-get-1',
      'bar-get-2',
      long.toLowerCase().slice(0, 76)
    ])
    const put = await t.client.apiOperation.get(t.rg, t.svc, 'naming', 'bar-get-1')
    expect([put.displayName, put.urlTemplate]).toEqual(['Replaces a bar', '/bar/{id}'])
    const get = await t.client.apiOperation.get(t.rg, t.svc, 'naming', 'bar-get')
    expect([get.displayName, get.urlTemplate]).toEqual([
      'Bar_Get',
      '/bar/{id}?api-version={api-version}'
    ])
  })

  it('takes serviceUrl (first https server, else the first http one) and description from the document', async () => {
    const servers = (...urls: string[]) =>
      JSON.stringify({
        ...JSON.parse(oas3({})),
        info: { title: 'S', version: '1', description: 'From the spec' },
        servers: urls.map((url) => ({ url }))
      })
    const https = await importApi('url-https', {
      format: 'openapi+json',
      path: 'url-https',
      value: servers('http://a.example', 'https://b.example/x', 'https://c.example')
    })
    expect([https.serviceUrl, https.description]).toEqual(['https://b.example/x', 'From the spec'])
    const http = await importApi('url-http', {
      format: 'openapi+json',
      path: 'url-http',
      value: servers('/relative', 'http://a.example', 'http://b.example')
    })
    expect(http.serviceUrl).toBe('http://a.example')
    const relative = await importApi('url-relative', {
      format: 'openapi+json',
      path: 'url-relative',
      value: servers('/relative')
    })
    // APIM writes what is unset as null (docs/emulator.md, "Fidelity").
    expect(relative.serviceUrl).toBeNull()
    const given = await importApi('url-given', {
      format: 'openapi+json',
      path: 'url-given',
      value: servers('https://b.example'),
      serviceUrl: 'https://mine.example',
      description: 'Mine'
    })
    expect([given.serviceUrl, given.description]).toEqual(['https://mine.example', 'Mine'])
    const swagger = await importApi('url-swagger', {
      format: 'swagger-json',
      path: 'url-swagger',
      value: JSON.stringify({
        swagger: '2.0',
        info: { title: 'S', version: '1', description: 'Swagger text' },
        host: 'api.example',
        basePath: '/v2',
        schemes: ['http', 'https'],
        paths: {}
      })
    })
    expect([swagger.serviceUrl, swagger.description]).toEqual([
      'https://api.example/v2',
      'Swagger text'
    ])
  })

  it('answers a PUT from sourceApiId with the version set expanded', async () => {
    await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'echo', {
      displayName: 'Echo API2',
      versioningScheme: 'Segment'
    })
    await importApi('echo-v1', {
      format: 'openapi+json',
      value: oas3({}),
      path: 'echo',
      apiVersion: 'v1',
      apiVersionSetId: '/apiVersionSets/echo'
    })
    const put = await t.raw('PUT', `${t.service}/apis/echo-v2?api-version=2024-05-01`, {
      body: {
        properties: {
          sourceApiId: `${t.service}/apis/echo-v1`,
          apiVersion: 'v2',
          apiVersionSetId: `${t.service}/apiVersionSets/echo`
        }
      }
    })
    expect(put.status).toBe(201)
    expect(put.json().properties.apiVersionSet).toEqual({
      id: `${t.service}/apiVersionSets/echo`,
      name: 'Echo API2',
      versioningScheme: 'Segment'
    })
  })
})

const REAL_SPECS = haveSharedSpecs ? fs.globSync('**/*.json', { cwd: SHARED_SPECS }).sort() : []
const RECURSIVE: Record<string, string> = {
  'inference/preview/2025-03-01-preview/inference.json':
    "'CompoundFilter' is recursive (it uses $recursiveRef",
  'v1/v1/AIFoundryOpenAIV1.json':
    "'OpenAI.CompoundFilter' is recursive (OpenAI.CompoundFilter → OpenAI.CompoundFilter)",
  // Azure's error schema lists its details as errors: a schema referring to itself, like
  // CompoundFilter, so refused by the same rule.
  'authoring/preview/2024-10-01-preview/azureopenai.json': "'Error' is recursive (Error → Error)",
  'authoring/preview/2025-04-01-preview/azureopenai.json': "'Error' is recursive (Error → Error)",
  'inference/stable/2022-12-01/generated.json': "'Azure.Core.Foundations.Error' is recursive"
}

describe('the real Azure OpenAI specs in ../shared', () => {
  if (!haveSharedSpecs) {
    it.skip(`skipped: ${SHARED_SPECS} is absent (the real specs live in ../shared)`, () => {})
    console.log(`skipping the real specs: ${SHARED_SPECS} is absent`)
    return
  }
  it('holds the 13 specs this test knows', () => expect(REAL_SPECS).toHaveLength(13))

  it.each(REAL_SPECS.map((file, i) => [file, i] as const))('%s', async (file, i) => {
    const value = fs.readFileSync(path.join(SHARED_SPECS, file), 'utf8')
    const id = `real-${i}`
    if (RECURSIVE[file]) {
      expect(await refused(id, value)).toContain(RECURSIVE[file])
    } else {
      const format = JSON.parse(value).swagger ? 'swagger-json' : 'openapi+json'
      const api = await importApi(id, { format, value, path: id })
      expect(api.name).toBe(id)
      expect((await operationNames(id)).length).toBeGreaterThan(0)
    }
  })
})
