import { describe, expect, it } from '@jest/globals'
import { miniSpec, useEmulator, type TestEmulator } from './support/emulator.js'

// API operations written one by one (PUT/PATCH/GET/HEAD/DELETE …/apis/{api}/operations/{op}).
// Codes: ApiOperation_* in stable/2022-08-01 and 2024-05-01 apimapis.json (the same in both);
// the wire: Azure/azure-cli recordings/test_apim_api_operation.yaml (api-version 2019-12-01).

const t = useEmulator()
const VERSIONS = ['2022-08-01', '2024-05-01']

const opUrl = (t: TestEmulator, api: string, op: string, apiVersion = '2024-05-01') =>
  `${t.service}/apis/${encodeURIComponent(api)}/operations/${op}?api-version=${apiVersion}`
const listUrl = (t: TestEmulator, api: string, apiVersion = '2024-05-01') =>
  `${t.service}/apis/${encodeURIComponent(api)}/operations?api-version=${apiVersion}`

/** The recording's `apim api operation create` body. */
const SESSION_OP = {
  properties: {
    templateParameters: [
      { name: 'id', description: 'Format - int32.', type: 'integer', required: true },
      { name: 'oname', description: 'oid name', type: 'string', required: true }
    ],
    description: 'This is Description',
    displayName: 'GetSPSession',
    method: 'GET',
    urlTemplate: '/session/{id}/oid/{oname}'
  }
}

async function api(id: string, apiVersion = '2024-05-01') {
  const res = await t.raw('PUT', `${t.service}/apis/${id}?api-version=${apiVersion}`, {
    body: { properties: { path: id, displayName: id } }
  })
  expect(res.status).toBeLessThan(300)
}

describe.each(VERSIONS)('operations at api-version %s', (apiVersion) => {
  const apiId = `ops-${apiVersion}`

  it('PUT creates (201 with the OperationContract and its ETag) and the list shows it', async () => {
    await api(apiId, apiVersion)
    const empty = await t.raw('GET', listUrl(t, apiId, apiVersion))
    expect(empty.json()).toMatchObject({ value: [], count: 0 })

    const put = await t.raw('PUT', opUrl(t, apiId, 'testOperation', apiVersion), {
      body: SESSION_OP,
      headers: { 'if-match': '*' }
    })
    expect(put.status).toBe(201)
    expect(put.headers.etag).toMatch(/^"/)
    expect(put.headers.location).toBeUndefined()
    expect(put.json()).toEqual({
      id: `${t.service}/apis/${apiId}/operations/testOperation`,
      type: 'Microsoft.ApiManagement/service/apis/operations',
      name: 'testOperation',
      properties: {
        displayName: 'GetSPSession',
        method: 'GET',
        urlTemplate: '/session/{id}/oid/{oname}',
        templateParameters: [
          { ...SESSION_OP.properties.templateParameters[0], values: [] },
          { ...SESSION_OP.properties.templateParameters[1], values: [] }
        ],
        description: 'This is Description',
        request: { queryParameters: [], headers: [], representations: [] },
        responses: [],
        policies: null
      }
    })
    const list = await t.raw('GET', listUrl(t, apiId, apiVersion))
    expect(list.json().count).toBe(1)
    // Listed, an operation shows `request` only when it has something (recordings
    // test_apim_api_operation.yaml, 2021-08-01; azure-sdk-assets TestApimapisTestSuite, 2022-08-01).
    const { request: _request, ...listed } = put.json().properties
    expect(list.json().value[0]).toEqual({ ...put.json(), properties: listed })
    const get = await t.raw('GET', opUrl(t, apiId, 'testOperation', apiVersion))
    expect([get.status, get.headers.etag]).toEqual([200, put.headers.etag])
    const head = await t.raw('HEAD', opUrl(t, apiId, 'testOperation', apiVersion))
    expect([head.status, head.headers.etag, head.text]).toEqual([200, put.headers.etag, ''])
  })

  it('PUT again replaces it (200, a new ETag); a stale If-Match is 412', async () => {
    const before = await t.raw('GET', opUrl(t, apiId, 'testOperation', apiVersion))
    const body = {
      properties: { ...SESSION_OP.properties, displayName: 'GetSPSession2', method: 'PUT' }
    }
    const put = await t.raw('PUT', opUrl(t, apiId, 'testOperation', apiVersion), { body })
    expect([put.status, put.json().properties.method]).toEqual([200, 'PUT'])
    expect(put.headers.etag).not.toBe(before.headers.etag)
    const stale = await t.raw('PUT', opUrl(t, apiId, 'testOperation', apiVersion), {
      body,
      headers: { 'if-match': String(before.headers.etag) }
    })
    expect([stale.status, stale.json().error.code]).toEqual([412, 'PreconditionFailed'])
    const current = await t.raw('PUT', opUrl(t, apiId, 'testOperation', apiVersion), {
      body,
      headers: { 'if-match': String(put.headers.etag) }
    })
    expect(current.status).toBe(200)
  })

  it('PATCH needs If-Match and changes only what it gives', async () => {
    const url = opUrl(t, apiId, 'testOperation', apiVersion)
    const body = { properties: { description: 'patched' } }
    expect((await t.raw('PATCH', url, { body })).status).toBe(400)
    const patch = await t.raw('PATCH', url, { body, headers: { 'if-match': '*' } })
    expect(patch.status).toBe(200)
    expect(patch.json().properties).toMatchObject({
      description: 'patched',
      displayName: 'GetSPSession2',
      urlTemplate: '/session/{id}/oid/{oname}'
    })
    const query = [{ name: 'q', type: 'string', required: false, values: [] }]
    await t.raw('PATCH', url, {
      body: { properties: { request: { queryParameters: query } } },
      headers: { 'if-match': '*' }
    })
    const described = await t.raw('PATCH', url, {
      body: { properties: { request: { description: 'the body' } } },
      headers: { 'if-match': '*' }
    })
    expect(described.json().properties.request).toEqual({
      description: 'the body',
      queryParameters: query,
      headers: [],
      representations: []
    })
    expect((await t.raw('PATCH', opUrl(t, apiId, 'nope', apiVersion), { body })).status).toBe(404)
  })

  it('DELETE needs If-Match: 200 with no body, then 204; the list is empty again', async () => {
    const url = opUrl(t, apiId, 'testOperation', apiVersion)
    expect((await t.raw('DELETE', url)).status).toBe(400)
    const del = await t.raw('DELETE', url, { headers: { 'if-match': '*' } })
    expect([del.status, del.text]).toEqual([200, ''])
    expect((await t.raw('GET', url)).status).toBe(404)
    expect((await t.raw('DELETE', url, { headers: { 'if-match': '*' } })).status).toBe(204)
    expect((await t.raw('GET', listUrl(t, apiId, apiVersion))).json().count).toBe(0)
  })
})

describe('what an operation PUT refuses', () => {
  it('template parameters that do not match the URL template, in APIM words (Azure/azure-sdk-for-net#35802)', async () => {
    await api('ops-rules')
    const res = await t.raw('PUT', opUrl(t, 'ops-rules', 'orders'), {
      body: {
        properties: {
          displayName: 'OperationName',
          method: 'GET',
          urlTemplate: '/customers/{cid}/orders/{oid}/?date={date}'
        }
      }
    })
    expect(res.status).toBe(400)
    expect(res.json().error).toEqual({
      code: 'ValidationError',
      message: 'One or more fields contain incorrect values:',
      details: [
        {
          code: 'ValidationError',
          target: '',
          message:
            "All template parameters used in the UriTemplate must be defined in the Operation 'OperationName', and vice-versa."
        }
      ]
    })
    const param = (name: string) => ({ name, type: 'string', required: true })
    const ok = await t.raw('PUT', opUrl(t, 'ops-rules', 'orders'), {
      body: {
        properties: {
          displayName: 'OperationName',
          method: 'GET',
          urlTemplate: '/customers/{cid}/orders/{oid}/?date={date}',
          templateParameters: [param('cid'), param('oid'), param('date')]
        }
      }
    })
    expect(ok.status).toBe(201)
  })

  it('a missing displayName, method or urlTemplate; an operation of a missing API', async () => {
    const base = { displayName: 'x', method: 'GET', urlTemplate: '/x' }
    for (const missing of ['displayName', 'method', 'urlTemplate'] as const) {
      const properties: Record<string, string> = { ...base }
      delete properties[missing]
      const res = await t.raw('PUT', opUrl(t, 'ops-rules', 'x'), { body: { properties } })
      expect([res.status, res.json().error.details[0].target]).toEqual([400, missing])
    }
    const orphan = await t.raw('PUT', opUrl(t, 'no-such-api', 'x'), {
      body: { properties: base }
    })
    expect([orphan.status, orphan.json().error.code]).toEqual([404, 'ResourceNotFound'])
  })
})

describe('operations of imported APIs and revisions, through the SDK', () => {
  it('adds, changes and removes operations of an import; a revision keeps its own', async () => {
    await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'ops-sdk',
      { format: 'openapi+json', value: miniSpec('v1'), path: 'ops-sdk' },
      { updateIntervalInMs: 10 }
    )
    await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'ops-sdk;rev=2',
      { sourceApiId: '/apis/ops-sdk' },
      { updateIntervalInMs: 10 }
    )
    const names = async (apiId: string) => {
      const found: string[] = []
      for await (const op of t.client.apiOperation.listByApi(t.rg, t.svc, apiId))
        found.push(op.name!)
      return found.sort()
    }
    expect(await names('ops-sdk;rev=2')).toEqual(['chatcompletions-create', 'models-list'])
    const created = await t.client.apiOperation.createOrUpdate(
      t.rg,
      t.svc,
      'ops-sdk;rev=2',
      'embeddings',
      { displayName: 'Embeddings', method: 'POST', urlTemplate: '/embeddings' }
    )
    expect([created.name, created.method]).toEqual(['embeddings', 'POST'])
    await t.client.apiOperation.delete(t.rg, t.svc, 'ops-sdk;rev=2', 'models-list', '*')
    expect(await names('ops-sdk;rev=2')).toEqual(['chatcompletions-create', 'embeddings'])
    expect(await names('ops-sdk')).toEqual(['chatcompletions-create', 'models-list'])
    const got = await t.client.apiOperation.get(t.rg, t.svc, 'ops-sdk;rev=2', 'embeddings')
    expect(got.displayName).toBe('Embeddings')
    const filtered = await t.raw(
      'GET',
      `${listUrl(t, 'ops-sdk;rev=2')}&$filter=${encodeURIComponent("method eq 'POST'")}`
    )
    expect(
      filtered
        .json()
        .value.map((op: { name: string }) => op.name)
        .sort()
    ).toEqual(['chatcompletions-create', 'embeddings'])
  })
})
