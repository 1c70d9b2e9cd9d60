import { describe, expect, it } from '@jest/globals'
import { miniSpec, useEmulator, type RawResponse } from './support/emulator.js'

// Issue 16: the emulator answers with the shapes real APIM writes, nulls included. Each
// expectation names its evidence: recorded sessions of real APIM (Azure/azure-cli
// src/azure-cli/azure/cli/command_modules/apim/tests/latest/recordings, api-versions 2019-12-01
// and 2021-08-01; Azure/azure-sdk-for-net apimanagement SessionRecords; Azure/azure-sdk-assets
// go/sdk/resourcemanager/apimanagement/armapimanagement/testdata/recordings, 2022-08-01) and
// Microsoft's 2024-05-01 examples (__fixtures__/apim-examples). docs/emulator.md, "Fidelity".

const t = useEmulator()
const V2024 = 'api-version=2024-05-01'
const V2022 = 'api-version=2022-08-01'
const at = (route: string, version = V2024) => `${t.service}/${route}?${version}`

async function send(method: string, route: string, body?: unknown, version = V2024) {
  const headers: Record<string, string> = ['PATCH', 'DELETE'].includes(method)
    ? { 'if-match': '*' }
    : {}
  return t.raw(method, at(route, version), { body, headers })
}

async function ok(res: Promise<RawResponse>, ...statuses: number[]): Promise<any> {
  const answer = await res
  if (!statuses.includes(answer.status))
    throw new Error(`expected ${statuses.join('/')}, got ${answer.status}: ${answer.text}`)
  return answer.text ? answer.json() : undefined
}

const NO_AUTH = { oAuth2: null, openid: null }

describe('APIs: nulls, paths, revisions and releases', () => {
  it('writes unset description and serviceUrl as null and both auth forms, on PUT, GET, list and PATCH', async () => {
    const put = await ok(send('PUT', 'apis/plain', { properties: { path: 'plain' } }), 201)
    const get = await ok(send('GET', 'apis/plain'), 200)
    const list = await ok(send('GET', 'apis'), 200)
    const patched = await ok(send('PATCH', 'apis/plain', { properties: { displayName: 'P' } }), 200)
    for (const answer of [put, get, list.value.find((a: any) => a.name === 'plain'), patched]) {
      expect(answer.properties).toMatchObject({
        description: null,
        serviceUrl: null,
        authenticationSettings: NO_AUTH,
        subscriptionKeyParameterNames: {
          header: 'Ocp-Apim-Subscription-Key',
          query: 'subscription-key'
        }
      })
    }
    // Azure/azure-cli#19727: a set form keeps the other one, null.
    const oAuth2 = { authorizationServerId: 'as1', scope: 's' }
    await ok(
      send('PATCH', 'apis/plain', { properties: { authenticationSettings: { oAuth2 } } }),
      200
    )
    const secured = await ok(send('GET', 'apis/plain'), 200)
    expect(secured.properties.authenticationSettings).toEqual({
      oAuth2,
      openid: null,
      oAuth2AuthenticationSettings: [oAuth2]
    })
  })

  it('ends every list with nextLink null and keeps an absolute nextLink while pages remain', async () => {
    await ok(send('PUT', 'apis/second', { properties: { path: 'second' } }), 201)
    for (const route of ['apis', 'apiVersionSets', 'products', 'subscriptions', 'tags', 'backends'])
      expect((await ok(send('GET', route), 200)).nextLink).toBeNull()
    expect((await ok(send('GET', 'apis/plain/policies'), 200)).nextLink).toBeNull()
    const paged = await ok(t.raw('GET', `${t.service}/apis?${V2024}&$top=1`), 200)
    expect(paged.nextLink).toMatch(/^https:\/\/.*\$skip=1/)
  })

  it('strips a leading slash from path on PUT, on an import, and on PATCH', async () => {
    const put = await ok(send('PUT', 'apis/slashed', { properties: { path: '/api/x' } }), 201)
    expect(put.properties.path).toBe('api/x')
    const imported = await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'imported',
      { format: 'openapi+json', value: miniSpec('v1'), path: '/imp/v1' },
      { updateIntervalInMs: 10 }
    )
    expect(imported.path).toBe('imp/v1')
    expect((await t.client.api.get(t.rg, t.svc, 'imported')).path).toBe('imp/v1')
    const patched = await ok(send('PATCH', 'apis/slashed', { properties: { path: '/api/y' } }), 200)
    expect(patched.properties.path).toBe('api/y')
    // The stored form is what the path rules compare: '/imp/v1' is the same path as 'imp/v1'.
    const clash = await send('PUT', 'apis/clash', { properties: { path: 'imp/v1' } })
    expect([clash.status, clash.json().error.details[0].target]).toEqual([400, 'path'])
  })

  it('lists revisions with id, description, the short apiId and privateUrl (;rev=N only when not current)', async () => {
    await ok(send('PUT', 'apis/revved', { properties: { path: 'revved', displayName: 'R' } }), 201)
    await ok(
      send('PUT', 'apis/revved;rev=2', {
        properties: { sourceApiId: '/apis/revved', apiRevisionDescription: 'second' }
      }),
      201
    )
    const list = await ok(send('GET', 'apis/revved/revisions'), 200)
    const stamps = { createdDateTime: expect.any(String), updatedDateTime: expect.any(String) }
    expect(list).toEqual({
      value: [
        {
          id: '/apis/revved;rev=2/revisions/revved;rev=2',
          apiId: '/apis/revved;rev=2',
          apiRevision: '2',
          ...stamps,
          description: 'second',
          privateUrl: '/revved;rev=2',
          isOnline: true,
          isCurrent: false
        },
        {
          id: '/apis/revved;rev=1/revisions/revved;rev=1',
          apiId: '/apis/revved;rev=1',
          apiRevision: '1',
          ...stamps,
          description: null,
          privateUrl: '/revved',
          isOnline: true,
          isCurrent: true
        }
      ],
      count: 2,
      nextLink: null
    })
    // Key order as APIM writes it (recordings above).
    expect(Object.keys(list.value[0])).toEqual([
      'id',
      'apiId',
      'apiRevision',
      'createdDateTime',
      'updatedDateTime',
      'description',
      'privateUrl',
      'isOnline',
      'isCurrent'
    ])
  })

  it("copies a PATCH of the current revision's displayName, description and path to the others", async () => {
    const change = { displayName: 'Renamed', description: 'Now described', path: '/moved' }
    await ok(send('PATCH', 'apis/revved', { properties: change }), 200)
    const other = await ok(send('GET', 'apis/revved;rev=2'), 200)
    expect(other.properties).toMatchObject({
      displayName: 'Renamed',
      description: 'Now described',
      path: 'moved'
    })
    const list = await ok(send('GET', 'apis/revved/revisions'), 200)
    expect(list.value.map((r: any) => r.privateUrl)).toEqual(['/moved;rev=2', '/moved'])
    // Unchanged, so a non-current revision may repeat them.
    await ok(send('PUT', 'apis/revved;rev=2', { properties: { path: 'moved' } }), 200)
  })

  it('copies a PUT of the current revision the same way', async () => {
    await ok(
      send('PUT', 'apis/revved', {
        properties: { displayName: 'Put', description: 'Put too', path: 'put-path' }
      }),
      200
    )
    const other = await ok(send('GET', 'apis/revved;rev=2'), 200)
    expect(other.properties).toMatchObject({
      displayName: 'Put',
      description: 'Put too',
      path: 'put-path'
    })
    await ok(send('PATCH', 'apis/revved', { properties: { path: 'moved' } }), 200)
  })

  it('names the API, not the revision, in a release; a listed release has no apiId', async () => {
    const created = await ok(
      send('PUT', 'apis/revved/releases/rel-2', {
        properties: { apiId: '/apis/revved;rev=2', notes: 'second is current' }
      }),
      201
    )
    const apiId = `${t.service}/apis/revved`
    expect(created.properties).toEqual({
      apiId,
      createdDateTime: expect.any(String),
      updatedDateTime: expect.any(String),
      notes: 'second is current'
    })
    expect((await ok(send('GET', 'apis/revved/releases/rel-2'), 200)).properties.apiId).toBe(apiId)
    const listed = await ok(send('GET', 'apis/revved/releases'), 200)
    expect(listed.value[0].properties).not.toHaveProperty('apiId')
    expect(listed.nextLink).toBeNull()
    expect((await t.client.api.get(t.rg, t.svc, 'revved')).apiRevision).toBe('2')
  })
})

describe('version sets', () => {
  it('writes unset description and version names as null; the type of the recordings up to 2022-08-01', async () => {
    const put = await ok(
      send('PUT', 'apiVersionSets/vs-q', {
        properties: { displayName: 'Q', versioningScheme: 'Query', versionQueryName: 'api-version' }
      }),
      201
    )
    const expected = {
      displayName: 'Q',
      description: null,
      versioningScheme: 'Query',
      versionQueryName: 'api-version',
      versionHeaderName: null
    }
    expect(put.properties).toEqual(expected)
    expect(put.type).toBe('Microsoft.ApiManagement/service/api-version-sets')
    const old = await ok(send('GET', 'apiVersionSets/vs-q', undefined, V2022), 200)
    expect([old.type, old.properties]).toEqual([
      'Microsoft.ApiManagement/service/apiVersionSets',
      expected
    ])
    const listed = await ok(send('GET', 'apiVersionSets', undefined, V2022), 200)
    expect(listed.value.find((v: any) => v.name === 'vs-q').properties).toEqual(expected)
  })
})

describe('products, product APIs and subscriptions', () => {
  it('writes a product with its nulls; the PUT that creates it names its group, a PATCH none', async () => {
    const created = await ok(
      send('PUT', 'products/gold', { properties: { displayName: 'Gold' } }),
      201
    )
    const base = {
      displayName: 'Gold',
      description: null,
      terms: null,
      subscriptionRequired: true,
      approvalRequired: false,
      subscriptionsLimit: null,
      state: 'notPublished'
    }
    expect(created.properties).toEqual({
      ...base,
      groups: [
        expect.objectContaining({
          id: `${t.service}/groups/administrators`,
          name: 'Administrators',
          builtIn: true,
          type: 'system',
          externalId: null
        })
      ]
    })
    expect((await ok(send('GET', 'products/gold'), 200)).properties).toEqual(base)
    const patched = await ok(send('PATCH', 'products/gold', { properties: { terms: 'T' } }), 200)
    expect(patched.properties).toEqual({ ...base, terms: 'T', groups: [] })
    expect((await ok(send('PUT', 'products/gold', { properties: base }), 200)).properties).toEqual(
      base
    )
    const open = await ok(
      send('PUT', 'products/open', {
        properties: { displayName: 'Open', subscriptionRequired: false }
      }),
      201
    )
    expect(open.properties).toMatchObject({ subscriptionRequired: false, approvalRequired: null })
  })

  it('answers product APIs with their codes; listed, without auth settings and key names', async () => {
    const first = await send('PUT', 'products/gold/apis/plain')
    const again = await send('PUT', 'products/gold/apis/plain')
    expect([first.status, again.status]).toEqual([201, 200])
    // The 2024-05-01 example answers the API itself…
    expect(first.json()).toMatchObject({
      id: `${t.service}/apis/plain`,
      type: 'Microsoft.ApiManagement/service/apis'
    })
    // …the 2022-08-01 recording the API below the product, protocols and auth names null.
    const old = await ok(send('PUT', 'products/gold/apis/plain', undefined, V2022), 200)
    expect(old).toMatchObject({
      id: `${t.service}/products/gold/apis/plain`,
      type: 'Microsoft.ApiManagement/service/products/apis',
      properties: {
        protocols: null,
        authenticationSettings: null,
        subscriptionKeyParameterNames: null
      }
    })
    const listed = await ok(send('GET', 'products/gold/apis'), 200)
    expect(listed.value[0]).toMatchObject({
      type: 'Microsoft.ApiManagement/service/products/apis',
      properties: {
        protocols: ['https'],
        authenticationSettings: null,
        subscriptionKeyParameterNames: null
      }
    })
    expect(listed.nextLink).toBeNull()
    expect((await send('HEAD', 'products/gold/apis/plain')).status).toBe(204)
    expect((await send('DELETE', 'products/gold/apis/plain')).status).toBe(200)
    expect((await send('DELETE', 'products/gold/apis/plain')).status).toBe(204)
    expect((await send('HEAD', 'products/gold/apis/plain')).status).toBe(404)
  })

  it('writes subscriptions with their nulls; keys only in the answers to PUT and PATCH', async () => {
    const created = await ok(
      send('PUT', 'subscriptions/team', {
        properties: { scope: '/products/gold', displayName: 'Team', state: 'active' }
      }),
      201
    )
    const shape = {
      scope: `${t.service}/products/gold`,
      displayName: 'Team',
      state: 'active',
      createdDate: expect.any(String),
      startDate: expect.any(String),
      expirationDate: null,
      endDate: null,
      notificationDate: null,
      stateComment: null
    }
    const keys = { primaryKey: expect.any(String), secondaryKey: expect.any(String) }
    expect(created.properties).toEqual({ ...shape, ...keys })
    expect((await ok(send('GET', 'subscriptions/team'), 200)).properties).toEqual(shape)
    const patched = await ok(send('PATCH', 'subscriptions/team', { properties: {} }), 200)
    expect(patched.properties).toEqual({ ...shape, ...keys })
    // The one made with the product: the administrator's, no name, started that day, no tracing.
    const listed = await ok(send('GET', 'subscriptions'), 200)
    const made = listed.value.find(
      (s: any) => s.properties.scope === `${t.service}/products/gold` && s.name !== 'team'
    )
    expect(made.properties).toEqual({
      ownerId: `${t.service}/users/1`,
      scope: `${t.service}/products/gold`,
      displayName: null,
      state: 'active',
      createdDate: expect.any(String),
      startDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00Z$/),
      expirationDate: null,
      endDate: null,
      notificationDate: null,
      stateComment: null,
      allowTracing: false
    })
    const master = listed.value.find((s: any) => s.name === 'master')
    expect(master.properties).not.toHaveProperty('ownerId')
    expect(master.properties).toMatchObject({ scope: `${t.service}/`, allowTracing: false })
  })
})

describe('named values, backends and the service', () => {
  it('answers a named value as the recording does', async () => {
    await t.client.namedValue.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'nv',
      { displayName: 'nv-name', value: 'v', tags: ['a'], secret: false },
      { updateIntervalInMs: 10 }
    )
    const read = await ok(send('GET', 'namedValues/nv'), 200)
    expect(read.properties).toEqual({
      displayName: 'nv-name',
      value: 'v',
      tags: ['a'],
      secret: false
    })
  })

  it('writes an unset backend title as null and a pool without url and protocol', async () => {
    const created = await ok(
      send('PUT', 'backends/one', {
        properties: { url: 'https://one.example/', protocol: 'http' }
      }),
      201
    )
    expect(created.properties).toEqual({
      title: null,
      url: 'https://one.example/',
      protocol: 'http'
    })
    const pool = await ok(
      send('PUT', 'backends/pool', {
        properties: { type: 'Pool', pool: { services: [{ id: `${t.service}/backends/one` }] } }
      }),
      201
    )
    expect(pool.properties).toMatchObject({ title: null, type: 'Pool', url: null, protocol: null })
    expect((await send('PUT', 'backends/one', { properties: created.properties })).status).toBe(200)
    expect((await send('DELETE', 'backends/pool')).status).toBe(200)
    expect((await send('DELETE', 'backends/pool')).status).toBe(204)
  })

  it('reads the service with the nulls of the recordings, its flags spelled per api-version', async () => {
    const service = await ok(t.raw('GET', `${t.service}?${V2024}`), 200)
    expect(service.zones).toBeNull()
    expect(service.properties.publicIpAddressId).toBeNull()
    expect(service.properties.hostnameConfigurations).toEqual([
      {
        type: 'Proxy',
        hostName: expect.any(String),
        encodedCertificate: null,
        keyVaultId: null,
        certificatePassword: null,
        negotiateClientCertificate: false,
        certificate: null,
        defaultSslBinding: true,
        identityClientId: null,
        certificateSource: 'BuiltIn',
        certificateStatus: null
      }
    ])
    const flags = (s: any) => new Set(Object.values(s.properties.customProperties))
    expect(flags(service)).toEqual(new Set(['false']))
    expect(flags(await ok(t.raw('GET', `${t.service}?${V2022}`), 200))).toEqual(new Set(['False']))
  })
})
