import https from 'node:https'
import { describe, expect, it } from '@jest/globals'
import { lroStyleFor } from '../emulator/arm/long-running.js'
import { LRO_STYLE_ENV, startEmulator } from '../emulator/index.js'
import { retryReason, withRetry } from '../src/apim/retry.js'
import type { ImportProps } from '../src/apim/types.js'
import { miniSpec, useEmulator, type RawResponse, type TestEmulator } from './support/emulator.js'
import { FAST_RETRY, gatewayFor } from './support/engine.js'

// The emulator's long-running answers per api-version's contract and per switch
// (docs/emulator.md, "Long-running answers"). The codes: stable/2022-08-01/apimapis.json
// (Api_CreateOrUpdate 201/202/200, Api_Delete 200/204), stable/2024-05-01/apimapis.json (201/200
// with ETag, location, Azure-AsyncOperation; Api_Delete 202/204); the wire of the older style:
// Azure/azure-cli recordings/test_apim_api.yaml (api-version 2019-12-01).

const FRAGMENT =
  '<fragment><set-header name="a" exists-action="skip"><value>b</value></set-header></fragment>'
const OLD = '2022-08-01'
const NEW = '2024-05-01'
const contract = useEmulator({ lroStyle: 'contract' })
const location = useEmulator({ lroStyle: 'location' })
const asyncOperation = useEmulator({ lroStyle: 'async-operation' })

const importBody = (path: string, version = 'v1') => ({
  properties: { format: 'openapi+json', value: miniSpec(version), path }
})
const url = (t: TestEmulator, route: string, apiVersion: string) =>
  `${t.service}/${route}?api-version=${apiVersion}`
/** GET of a Location header's URL (path and query; the emulator's host). */
const poll = (t: TestEmulator, res: RawResponse) => {
  const target = new URL(String(res.headers.location))
  return t.raw('GET', target.pathname + target.search)
}

function expectLocationOnly(res: RawResponse, t: TestEmulator, route: string, code: number) {
  expect([res.status, res.text]).toEqual([202, ''])
  expect(res.headers['azure-asyncoperation']).toBeUndefined()
  const target = new URL(String(res.headers.location))
  expect(target.pathname).toBe(`${t.service}/${route}`)
  expect(target.searchParams.get('asyncCode')).toBe(String(code))
  expect(target.searchParams.get('asyncId')).toMatch(/^[0-9a-f]{24}$/)
}

function expectAsyncOperation(res: RawResponse, t: TestEmulator, status: number) {
  expect(res.status).toBe(status)
  expect(new URL(String(res.headers['azure-asyncoperation'])).pathname).toMatch(
    new RegExp(`^${t.service}/tenant/operationResults/[0-9a-f]{24}$`)
  )
  expect(String(res.headers.location)).toContain('asyncId=')
}

describe('which contract a request gets', () => {
  it('location before 2023-05-01-preview, async-operation from it on; the switch overrides', () => {
    expect(lroStyleFor('contract', '2019-12-01')).toBe('location')
    expect(lroStyleFor('contract', OLD)).toBe('location')
    expect(lroStyleFor('contract', '2023-03-01-preview')).toBe('location')
    expect(lroStyleFor('contract', '2023-05-01-preview')).toBe('async-operation')
    expect(lroStyleFor('contract', NEW)).toBe('async-operation')
    expect(lroStyleFor('contract', 'latest')).toBe('async-operation')
    expect(lroStyleFor('location', NEW)).toBe('location')
    expect(lroStyleFor('async-operation', OLD)).toBe('async-operation')
  })

  it(`reads ${LRO_STYLE_ENV} when the options do not say, and refuses an unknown style`, async () => {
    const before = process.env[LRO_STYLE_ENV]
    try {
      process.env[LRO_STYLE_ENV] = 'location'
      const emulator = await startEmulator({ lroMs: 0 })
      try {
        const put = await fetchPut(emulator, `apis/env?api-version=${NEW}`, importBody('env'))
        expect(put.status).toBe(202)
      } finally {
        await emulator.stop()
      }
      process.env[LRO_STYLE_ENV] = 'sometimes'
      await expect(startEmulator()).rejects.toThrow(/unknown long-running answer style 'sometimes'/)
    } finally {
      if (before === undefined) delete process.env[LRO_STYLE_ENV]
      else process.env[LRO_STYLE_ENV] = before
    }
  })
})

/** A PUT with the emulator's token and CA, for an emulator started outside useEmulator. */
async function fetchPut(
  emulator: Awaited<ReturnType<typeof startEmulator>>,
  route: string,
  body: unknown
): Promise<{ status: number }> {
  const service = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.ApiManagement/service/${emulator.serviceName}`
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(`${service}/${route}`, emulator.armEndpoint),
      {
        method: 'PUT',
        ca: emulator.caCert,
        headers: {
          authorization: `Bearer ${emulator.token}`,
          'content-type': 'application/json'
        }
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
      }
    )
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

describe(`the ${OLD} contract: 202 with only Location (test_apim_api.yaml)`, () => {
  const t = contract

  it('an import answers 202, no body; its Location answers 201 with the API, then an update 200', async () => {
    const put = await t.raw('PUT', url(t, 'apis/old-import', OLD), { body: importBody('oi') })
    expectLocationOnly(put, t, 'apis/old-import', 201)
    expect(put.headers.etag).toBeUndefined()
    const done = await poll(t, put)
    expect(done.status).toBe(201)
    expect(done.json()).toMatchObject({ name: 'old-import', properties: { path: 'oi' } })
    expect(done.headers.etag).toMatch(/^"/)
    expect(done.json().properties.provisioningState).toBeUndefined()
    const ops = await t.raw('GET', url(t, 'apis/old-import/operations', OLD))
    expect(ops.json().count).toBe(2)

    const again = await t.raw('PUT', url(t, 'apis/old-import', OLD), { body: importBody('oi') })
    expectLocationOnly(again, t, 'apis/old-import', 200)
    expect((await poll(t, again)).status).toBe(200)
  })

  it('a plain PUT (no format) is done at once: 201 with the API and its ETag, no long-running headers', async () => {
    const body = { properties: { path: 'plain-old', displayName: 'Plain' } }
    const put = await t.raw('PUT', url(t, 'apis/plain-old', OLD), { body })
    expect(put.status).toBe(201)
    expect(put.headers.location).toBeUndefined()
    expect(put.headers['azure-asyncoperation']).toBeUndefined()
    expect(put.json()).toMatchObject({ name: 'plain-old', properties: { displayName: 'Plain' } })
    expect(put.json().properties.provisioningState).toBeUndefined()
    expect(put.headers.etag).toBe((await t.raw('GET', url(t, 'apis/plain-old', OLD))).headers.etag)
    const rev = await t.raw('PUT', url(t, 'apis/plain-old;rev=2', OLD), {
      body: { properties: { sourceApiId: '/apis/plain-old' } }
    })
    expect([rev.status, rev.json().name]).toEqual([201, 'plain-old;rev=2'])
    expect((await t.raw('PUT', url(t, 'apis/plain-old', OLD), { body })).status).toBe(200)
  })

  it('a broken document fails on the Location poll with 400 ValidationError and creates nothing', async () => {
    const put = await t.raw('PUT', url(t, 'apis/old-broken', OLD), {
      body: { properties: { format: 'openapi+json', value: '{"openapi": ', path: 'ob' } }
    })
    expectLocationOnly(put, t, 'apis/old-broken', 201)
    const failed = await poll(t, put)
    expect([failed.status, failed.json().error.code]).toEqual([400, 'ValidationError'])
    expect((await t.raw('GET', url(t, 'apis/old-broken', OLD))).status).toBe(404)
  })

  it('an injected lro-fail fails the poll: 500 InternalServerError by default, 400 for a ValidationError', async () => {
    await t.fault({ method: 'PUT', path: '/apis/old-fault$', response: 'lro-fail' })
    const put = await t.raw('PUT', url(t, 'apis/old-fault', OLD), { body: importBody('of') })
    expect(put.status).toBe(202)
    const failed = await poll(t, put)
    expect([failed.status, failed.json().error.code]).toEqual([500, 'InternalServerError'])
    await t.fault({
      method: 'PUT',
      path: '/apis/old-fault$',
      response: 'lro-fail',
      code: 'ValidationError'
    })
    const refused = await poll(
      t,
      await t.raw('PUT', url(t, 'apis/old-fault', OLD), { body: importBody('of') })
    )
    expect(refused.status).toBe(400)
  })

  it('DELETE of an API answers 200 with no body at once, then 204', async () => {
    await t.raw('PUT', url(t, 'apis/old-doomed', OLD), { body: { properties: { path: 'od' } } })
    const del = await t.raw('DELETE', url(t, 'apis/old-doomed', OLD), {
      headers: { 'if-match': '*' }
    })
    expect([del.status, del.text, del.headers.location]).toEqual([200, '', undefined])
    expect((await t.raw('GET', url(t, 'apis/old-doomed', OLD))).status).toBe(404)
    const gone = await t.raw('DELETE', url(t, 'apis/old-doomed', OLD), {
      headers: { 'if-match': '*' }
    })
    expect(gone.status).toBe(204)
  })

  it('fragment and named value writes answer 202 with Location; the poll answers the entity', async () => {
    const fragment = await t.raw('PUT', url(t, 'policyFragments/old-frag', OLD), {
      body: { properties: { format: 'rawxml', value: FRAGMENT } }
    })
    expectLocationOnly(fragment, t, 'policyFragments/old-frag', 201)
    const done = await poll(t, fragment)
    expect([done.status, done.json().name]).toEqual([201, 'old-frag'])

    const nv = await t.raw('PUT', url(t, 'namedValues/old-nv', OLD), {
      body: { properties: { displayName: 'oldnv', value: 'v1' } }
    })
    expectLocationOnly(nv, t, 'namedValues/old-nv', 201)
    expect((await poll(t, nv)).status).toBe(201)
    const patch = await t.raw('PATCH', url(t, 'namedValues/old-nv', OLD), {
      body: { properties: { value: 'v2' } },
      headers: { 'if-match': '*' }
    })
    expectLocationOnly(patch, t, 'namedValues/old-nv', 200)
    const patched = await poll(t, patch)
    expect([patched.status, patched.json().properties.value]).toEqual([200, 'v2'])
  })
})

describe(`the ${NEW} contract: 201/200 with Azure-AsyncOperation and Location`, () => {
  const t = contract

  it('an import answers 201 InProgress with both headers and the ETag; the Location poll answers 201', async () => {
    const put = await t.raw('PUT', url(t, 'apis/new-import', NEW), { body: importBody('ni') })
    expectAsyncOperation(put, t, 201)
    expect(put.json().properties.provisioningState).toBe('InProgress')
    expect(put.headers.etag).toMatch(/^"/)
    const status = new URL(String(put.headers['azure-asyncoperation']))
    const op = await t.raw('GET', status.pathname + status.search)
    expect([op.status, op.json().status]).toEqual([200, 'Succeeded'])
    expect((await poll(t, put)).status).toBe(201)
  })

  it('a plain PUT answers as ApiManagementCreateApi does: 201 InProgress with both headers', async () => {
    const put = await t.raw('PUT', url(t, 'apis/new-plain', NEW), {
      body: { properties: { path: 'np' } }
    })
    expectAsyncOperation(put, t, 201)
    expect(put.json().properties.provisioningState).toBe('InProgress')
  })

  it('2023-05-01-preview already answers this way', async () => {
    const put = await t.raw('PUT', url(t, 'apis/preview-import', '2023-05-01-preview'), {
      body: importBody('pi')
    })
    expectAsyncOperation(put, t, 201)
  })

  it('DELETE of an API answers 202 with both headers (asyncCode=204); the Location then answers 204', async () => {
    await t.raw('PUT', url(t, 'apis/new-doomed', NEW), { body: { properties: { path: 'nd' } } })
    const del = await t.raw('DELETE', url(t, 'apis/new-doomed', NEW), {
      headers: { 'if-match': '*' }
    })
    expectAsyncOperation(del, t, 202)
    expect(new URL(String(del.headers.location)).searchParams.get('asyncCode')).toBe('204')
    expect((await poll(t, del)).status).toBe(204)
    const gone = await t.raw('DELETE', url(t, 'apis/new-doomed', NEW), {
      headers: { 'if-match': '*' }
    })
    expect(gone.status).toBe(204)
  })
})

describe('the switch: one style for every api-version', () => {
  it(`location: a ${NEW} import answers 202 with only Location, a delete 200`, async () => {
    const t = location
    const put = await t.raw('PUT', url(t, 'apis/sw-loc', NEW), { body: importBody('sl') })
    expectLocationOnly(put, t, 'apis/sw-loc', 201)
    expect((await poll(t, put)).status).toBe(201)
    const del = await t.raw('DELETE', url(t, 'apis/sw-loc', NEW), {
      headers: { 'if-match': '*' }
    })
    expect(del.status).toBe(200)
  })

  it(`async-operation: a ${OLD} import answers 201 with both headers, a delete 202`, async () => {
    const t = asyncOperation
    const put = await t.raw('PUT', url(t, 'apis/sw-async', OLD), { body: importBody('sa') })
    expectAsyncOperation(put, t, 201)
    const del = await t.raw('DELETE', url(t, 'apis/sw-async', OLD), {
      headers: { 'if-match': '*' }
    })
    expectAsyncOperation(del, t, 202)
  })
})

describe('the SDK and the action converge on the location style', () => {
  const t = location

  it('the SDK polls the Location of an import, a fragment write and reads a 200 delete', async () => {
    const api = await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'sdk-loc',
      { format: 'openapi+json', value: miniSpec('v1'), path: 'sdk-loc' },
      { updateIntervalInMs: 10 }
    )
    expect([api.name, api.path]).toEqual(['sdk-loc', 'sdk-loc'])
    const fragment = await t.client.policyFragment.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'sdk_frag',
      { format: 'rawxml', value: FRAGMENT },
      { updateIntervalInMs: 10 }
    )
    expect(fragment.name).toBe('sdk_frag')
    await t.client.api.beginDeleteAndWait(t.rg, t.svc, 'sdk-loc', '*', { updateIntervalInMs: 10 })
    const log = (await t.requests()).filter((r) => r.path.endsWith('/apis/sdk-loc'))
    expect(log.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 202', 'GET 201', 'DELETE 200'])
  })

  it("the action's gateway imports, revises and deletes; a refused document is not retried, a server failure is", async () => {
    const apim = gatewayFor(t)
    await apim.putVersionSet('act', {
      displayName: 'Act',
      versioningScheme: 'Query',
      versionQueryName: 'api-version'
    })
    const props = (path: string, extra: Partial<ImportProps> = {}): ImportProps => ({
      format: 'openapi+json',
      value: miniSpec('v1'),
      path,
      displayName: path,
      apiVersion: path,
      apiVersionSetId: '/apiVersionSets/act',
      subscriptionRequired: true,
      subscriptionKeyHeader: 'api-key',
      ...extra
    })
    await apim.importApi('act-loc', props('act-loc'))
    await apim.importApi('act-loc;rev=2', props('act-loc', { sourceApiId: '/apis/act-loc' }))
    expect(await apim.listRevisions('act-loc')).toHaveLength(2)
    await apim.deleteRevision('act-loc', 2)
    expect(await apim.listRevisions('act-loc')).toHaveLength(1)

    const broken = await apim
      .importApi('act-broken', props('act-broken', { value: '{' }))
      .catch((err: unknown) => err)
    expect(broken).toMatchObject({ statusCode: 400, code: 'ValidationError' })
    expect(retryReason(broken)).toBeUndefined()

    await t.fault({ method: 'PUT', path: '/apis/act-flaky$', response: 'lro-fail' })
    const retried: string[] = []
    await withRetry(() => apim.importApi('act-flaky', props('act-flaky')), {
      ...FAST_RETRY,
      onRetry: ({ reason }) => retried.push(reason)
    })
    expect(retried).toEqual(['server error (500)'])
    await apim.deleteApi('act-loc')
    expect(await apim.listAllApiNames()).not.toContain('act-loc')
  })
})
