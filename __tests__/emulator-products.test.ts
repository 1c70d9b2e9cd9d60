import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { AzureOpenAI } from 'openai'
import { Agent, fetch as undiciFetch } from 'undici'
import { startEmulator } from '../emulator/index.js'
import { Seeder } from './support/apim-examples.js'
import { useFakeBackend } from './support/backend.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { tempDir } from './support/temp.js'
import { emulatorFetch } from './support/openai.js'

// Products, subscriptions, backends and named values through the real @azure/arm-apimanagement
// SDK, and the gateway behaviours real Azure OpenAI deployments use through the real `openai`
// package (docs/emulator.md).

const t = useEmulator()
const backend = useFakeBackend()
const POLL = { updateIntervalInMs: 10 }

/** A plain API (no version set) at `apiPath`, with the api-key header of Azure OpenAI. */
async function importApi(id: string, apiPath: string, policy?: string): Promise<void> {
  await t.client.api.beginCreateOrUpdateAndWait(
    t.rg,
    t.svc,
    id,
    {
      format: 'openapi+json',
      value: miniSpec('v1', {}, false),
      path: apiPath,
      serviceUrl: `${backend.url()}/openai`,
      subscriptionKeyParameterNames: { header: 'api-key', query: 'subscription-key' }
    },
    POLL
  )
  if (policy) await setPolicy(id, policy)
}

function setPolicy(apiId: string, inbound: string) {
  return t.client.apiPolicy.createOrUpdate(t.rg, t.svc, apiId, 'policy', {
    format: 'rawxml',
    value: `<policies><inbound><base />${inbound}</inbound><backend><base /></backend><outbound><base /></outbound></policies>`
  })
}

function openai(apiPath: string, apiKey: string): AzureOpenAI {
  return new AzureOpenAI({
    baseURL: `${t.emulator.gatewayUrl}/${apiPath}`,
    apiKey,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    fetch: emulatorFetch(t)
  })
}

async function chat(apiPath: string, apiKey: string) {
  try {
    const completion = await openai(apiPath, apiKey).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }]
    })
    return { status: 200, content: completion.choices[0].message.content }
  } catch (err) {
    const e = err as { status?: number; message: string; headers?: Headers }
    return { status: e.status ?? 0, message: e.message, headers: e.headers }
  }
}

/** A raw gateway call, for status codes, headers and bodies. */
async function call(apiPath: string, headers: Record<string, string> = {}) {
  const dispatcher = new Agent({ connect: { ca: t.emulator.caCert } })
  const res = await undiciFetch(`${t.emulator.gatewayUrl}/${apiPath}/models`, {
    headers,
    dispatcher
  })
  return { status: res.status, headers: res.headers, body: await res.text() }
}

async function subscribe(sid: string, scope: string, state: 'active' | 'suspended' = 'active') {
  await t.client.subscription.createOrUpdate(t.rg, t.svc, sid, { scope, displayName: sid, state })
  return (await t.client.subscription.listSecrets(t.rg, t.svc, sid)).primaryKey!
}

const arm = (p: string) => `${t.service}/${p}?api-version=2024-05-01`

describe('products, subscriptions, backends and named values through the SDK', () => {
  it('creates, reads, updates and deletes products and their APIs', async () => {
    const created = await t.client.product.createOrUpdate(t.rg, t.svc, 'starter', {
      displayName: 'Starter',
      description: 'For trying things'
    })
    expect(created).toMatchObject({
      id: `${t.service}/products/starter`,
      type: 'Microsoft.ApiManagement/service/products',
      subscriptionRequired: true,
      approvalRequired: false,
      state: 'notPublished'
    })
    const updated = await t.client.product.update(t.rg, t.svc, 'starter', '*', {
      state: 'published',
      terms: 'Be nice'
    })
    expect(updated).toMatchObject({ state: 'published', terms: 'Be nice', displayName: 'Starter' })
    await importApi('crud-api', 'crud')
    const first = await t.raw('PUT', arm('products/starter/apis/crud-api'))
    const again = await t.raw('PUT', arm('products/starter/apis/crud-api'))
    expect([first.status, again.status]).toEqual([201, 200])
    expect(first.json()).toMatchObject({
      name: 'crud-api',
      type: 'Microsoft.ApiManagement/service/apis'
    })
    await t.client.productApi.checkEntityExists(t.rg, t.svc, 'starter', 'crud-api')
    const apis = []
    for await (const api of t.client.productApi.listByProduct(t.rg, t.svc, 'starter'))
      apis.push(api)
    expect(apis.map((a) => [a.name, a.id])).toEqual([
      ['crud-api', `${t.service}/products/starter/apis/crud-api`]
    ])
    await t.client.productApi.delete(t.rg, t.svc, 'starter', 'crud-api')
    await expect(
      t.client.productApi.checkEntityExists(t.rg, t.svc, 'starter', 'crud-api')
    ).rejects.toMatchObject({ statusCode: 404 })
    expect((await t.raw('GET', arm('products/nope/apis'))).status).toBe(404)

    // Creating a product made a subscription to it, so a plain delete is refused (APIM's words).
    const subscriptions = []
    for await (const s of t.client.subscription.list(t.rg, t.svc)) subscriptions.push(s)
    expect(subscriptions.filter((s) => s.scope === `${t.service}/products/starter`)).toHaveLength(1)
    await expect(t.client.product.delete(t.rg, t.svc, 'starter', '*')).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        'Product cannot be deleted since it has existing subscriptions'
      )
    })
    await t.client.product.delete(t.rg, t.svc, 'starter', '*', { deleteSubscriptions: true })
    await expect(t.client.product.get(t.rg, t.svc, 'starter')).rejects.toMatchObject({
      statusCode: 404
    })
  })

  it('keeps subscription keys out of reads, shows them on listSecrets, and has the built-in one', async () => {
    await t.client.product.createOrUpdate(t.rg, t.svc, 'gold', { displayName: 'Gold' })
    const created = await t.client.subscription.createOrUpdate(t.rg, t.svc, 'team-a', {
      scope: '/products/gold',
      displayName: 'Team A',
      primaryKey: 'team-a-primary-key'
    })
    expect(created).toMatchObject({
      scope: `${t.service}/products/gold`,
      state: 'submitted',
      displayName: 'Team A'
    })
    // The answer to a PUT carries the keys, a GET never (Azure/azure-cli test_apim_Subscription.yaml).
    expect(created.primaryKey).toBe('team-a-primary-key')
    const read = await t.client.subscription.get(t.rg, t.svc, 'team-a')
    expect([read.primaryKey, read.secondaryKey]).toEqual([undefined, undefined])
    const secrets = await t.client.subscription.listSecrets(t.rg, t.svc, 'team-a')
    expect(secrets.primaryKey).toBe('team-a-primary-key')
    expect(secrets.secondaryKey).toMatch(/^[0-9a-f]{32}$/)
    await t.client.subscription.regenerateSecondaryKey(t.rg, t.svc, 'team-a')
    const regenerated = await t.client.subscription.listSecrets(t.rg, t.svc, 'team-a')
    expect(regenerated.secondaryKey).not.toBe(secrets.secondaryKey)
    const patched = await t.client.subscription.update(t.rg, t.svc, 'team-a', '*', {
      state: 'active'
    })
    expect(patched.state).toBe('active')

    const bad = await t.raw('PUT', arm('subscriptions/bad'), {
      body: { properties: { scope: '/users/1', displayName: 'bad' } }
    })
    expect(bad.json().error.details[0]).toEqual({
      code: 'ValidationError',
      target: 'scope',
      message:
        "Subscription scope should be one of '/apis', '/apis/{apiId}', '/products/{productId}'"
    })
    const master = await t.client.subscription.get(t.rg, t.svc, 'master')
    expect(master).toMatchObject({
      scope: `${t.service}/`,
      displayName: 'Built-in all-access subscription',
      state: 'active'
    })
    const masterKeys = await t.client.subscription.listSecrets(t.rg, t.svc, 'master')
    expect(masterKeys.primaryKey).toBe(t.emulator.subscriptionKey)
  })

  it('stores backends and named values; secrets only through listValue', async () => {
    const created = await t.client.backend.createOrUpdate(t.rg, t.svc, 'aoai', {
      url: 'https://example.openai.azure.com/openai',
      protocol: 'http',
      description: 'Azure OpenAI',
      tls: { validateCertificateChain: true, validateCertificateName: true }
    })
    expect(created).toMatchObject({
      type: 'Microsoft.ApiManagement/service/backends',
      url: 'https://example.openai.azure.com/openai',
      protocol: 'http'
    })
    const updated = await t.client.backend.update(t.rg, t.svc, 'aoai', '*', { title: 'AOAI' })
    expect(updated).toMatchObject({ title: 'AOAI', description: 'Azure OpenAI' })
    const missing = await t.raw('PUT', arm('backends/no-url'), {
      body: { properties: { protocol: 'http' } }
    })
    expect([missing.status, missing.json().error.details[0].target]).toEqual([400, 'url'])
    await t.client.backend.delete(t.rg, t.svc, 'aoai', '*')

    const nv = await t.client.namedValue.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'aoai-key',
      { displayName: 'aoai-key', value: 's3cret', secret: true, tags: ['aoai'] },
      POLL
    )
    expect(nv).toMatchObject({ displayName: 'aoai-key', secret: true, tags: ['aoai'] })
    expect(nv.value).toBeUndefined()
    expect((await t.client.namedValue.get(t.rg, t.svc, 'aoai-key')).value).toBeUndefined()
    expect(await t.client.namedValue.listValue(t.rg, t.svc, 'aoai-key')).toMatchObject({
      value: 's3cret'
    })
    const plain = await t.client.namedValue.beginUpdateAndWait(
      t.rg,
      t.svc,
      'aoai-key',
      '*',
      { secret: false },
      POLL
    )
    expect(plain.value).toBe('s3cret')
    // Another named value with the same display name fails the long-running operation.
    await expect(
      t.client.namedValue.beginCreateOrUpdateAndWait(
        t.rg,
        t.svc,
        'aoai-key-2',
        { displayName: 'aoai-key', value: 'x' },
        POLL
      )
    ).rejects.toThrow(/One or more fields contain incorrect values/)
  })
})

describe('the gateway: subscription scopes', () => {
  it('lets a product key reach the product’s APIs only, an all-APIs key everywhere, the built-in key too', async () => {
    await importApi('in-p1', 'in-p1')
    await importApi('not-in-p1', 'not-in-p1')
    await t.client.product.createOrUpdate(t.rg, t.svc, 'p1', { displayName: 'P1' })
    await t.client.productApi.createOrUpdate(t.rg, t.svc, 'p1', 'in-p1')
    const p1Key = await subscribe('p1-key', '/products/p1')
    const allKey = await subscribe('all-key', '/apis')
    const apiKey = await subscribe('api-key', `${t.service}/apis/not-in-p1`)

    expect(await chat('in-p1', p1Key)).toEqual({
      status: 200,
      content: 'Hello from the fake backend'
    })
    const denied = await call('not-in-p1', { 'api-key': p1Key })
    expect(denied.status).toBe(401)
    expect(JSON.parse(denied.body)).toEqual({
      statusCode: 401,
      message:
        'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
    })
    expect(denied.headers.get('www-authenticate')).toBe(
      `AzureApiManagementKey realm="${t.emulator.gatewayUrl}/not-in-p1",name="api-key",type="header"`
    )
    expect((await chat('not-in-p1', p1Key)).status).toBe(401)
    for (const key of [allKey, t.emulator.subscriptionKey]) {
      expect((await call('in-p1', { 'api-key': key })).status).toBe(200)
      expect((await call('not-in-p1', { 'api-key': key })).status).toBe(200)
    }
    expect((await call('not-in-p1', { 'api-key': apiKey })).status).toBe(200)
    expect((await call('in-p1', { 'api-key': apiKey })).status).toBe(401)

    // The key goes on to the backend unless a policy removes it (api-management-subscriptions).
    expect(backend.seen.at(-1)?.headers['api-key']).toBe(apiKey)
    const missing = await call('in-p1')
    expect(JSON.parse(missing.body).message).toBe(
      'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
    )
  })

  it('refuses the keys of a suspended subscription, and lets calls without a key into an open product', async () => {
    await importApi('suspended-api', 'suspended-api')
    const key = await subscribe('paused', '/apis/suspended-api', 'suspended')
    expect((await call('suspended-api', { 'api-key': key })).status).toBe(401)
    await t.client.subscription.update(t.rg, t.svc, 'paused', '*', { state: 'active' })
    expect((await call('suspended-api', { 'api-key': key })).status).toBe(200)

    await t.client.product.createOrUpdate(t.rg, t.svc, 'open', {
      displayName: 'Open',
      subscriptionRequired: false
    })
    await t.client.productApi.createOrUpdate(t.rg, t.svc, 'open', 'suspended-api')
    expect((await call('suspended-api')).status).toBe(200)
    // A key that covers nothing here is still refused (the docs' summary table).
    expect((await call('suspended-api', { 'api-key': 'not-a-key' })).status).toBe(401)
  })
})

describe('the gateway: the policies of Azure OpenAI deployments', () => {
  it('routes set-backend-service backend-id to the backend’s url, with its credentials', async () => {
    await t.client.namedValue.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'team',
      { displayName: 'team', value: 'platform' },
      POLL
    )
    await t.client.backend.createOrUpdate(t.rg, t.svc, 'aoai-east', {
      url: `${backend.url()}/via-backend`,
      protocol: 'http',
      credentials: { header: { 'x-backend-credential': ['{{team}}'] } }
    })
    await importApi('routed', 'routed', '<set-backend-service backend-id="aoai-east" />')
    const before = backend.seen.length
    expect(await chat('routed', t.emulator.subscriptionKey)).toMatchObject({ status: 200 })
    expect(backend.seen[before]).toMatchObject({
      path: '/via-backend/deployments/gpt-4o/chat/completions'
    })
    expect(backend.seen[before].headers['x-backend-credential']).toBe('platform')

    await expect(
      setPolicy('routed', '<set-backend-service backend-id="nowhere" />')
    ).rejects.toMatchObject({
      statusCode: 400,
      details: {
        error: {
          details: [
            expect.objectContaining({
              target: 'set-backend-service',
              message: expect.stringMatching(
                /^Error in element 'set-backend-service' on line 1, column \d+: Backend with id 'nowhere' could not be found\.$/
              )
            })
          ]
        }
      }
    })
  })

  it('sends a managed identity token instead of the caller’s key', async () => {
    await importApi(
      'identity',
      'identity',
      '<authentication-managed-identity resource="https://cognitiveservices.azure.com" client-id="11111111-2222-3333-4444-555555555555" /><set-header name="api-key" exists-action="delete" />'
    )
    const before = backend.seen.length
    expect(await chat('identity', t.emulator.subscriptionKey)).toMatchObject({ status: 200 })
    const seen = backend.seen[before]
    expect(seen.headers['api-key']).toBeUndefined()
    const [, payload] = String(seen.headers.authorization)
      .replace(/^Bearer /, '')
      .split('.')
    expect(String(seen.headers.authorization)).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/)
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      aud: 'https://cognitiveservices.azure.com',
      appid: '11111111-2222-3333-4444-555555555555'
    })
    expect(String(seen.headers.authorization)).not.toContain(t.emulator.subscriptionKey)
  })

  it('limits tokens per minute per subscription: 80 + 80 pass, the third call is 429', async () => {
    await importApi(
      'limited',
      'limited',
      '<azure-openai-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="100" estimate-prompt-tokens="false" remaining-tokens-header-name="x-remaining-tokens" tokens-consumed-header-name="x-consumed-tokens" /><azure-openai-emit-token-metric namespace="AzureOpenAI"><dimension name="Subscription ID" /></azure-openai-emit-token-metric>'
    )
    backend.setTotalTokens(80)
    try {
      const key = await subscribe('metered', '/apis/limited')
      const first = await call('limited', { 'api-key': key })
      expect([first.status, first.headers.get('x-consumed-tokens')]).toEqual([200, '80'])
      expect(first.headers.get('x-remaining-tokens')).toBe('20')
      const second = await call('limited', { 'api-key': key })
      expect([second.status, second.headers.get('x-remaining-tokens')]).toEqual([200, '0'])
      const before = backend.seen.length
      const third = await call('limited', { 'api-key': key })
      expect(third.status).toBe(429)
      const retryAfter = Number(third.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(JSON.parse(third.body)).toEqual({
        statusCode: 429,
        message: `Token limit is exceeded. Try again in ${retryAfter} seconds.`
      })
      expect(backend.seen.length).toBe(before)
      const viaSdk = await chat('limited', key)
      expect(viaSdk).toMatchObject({ status: 429 })
      expect(viaSdk.message).toContain('Token limit is exceeded')
      // The counter is the subscription's: another subscription still has its minute.
      expect((await call('limited', { 'api-key': t.emulator.subscriptionKey })).status).toBe(200)
    } finally {
      backend.setTotalTokens(6)
    }
  })

  it('with estimate-prompt-tokens="true", refuses a prompt that does not fit before calling the backend', async () => {
    await importApi(
      'estimated',
      'estimated',
      '<azure-openai-token-limit counter-key="estimated" tokens-per-minute="10" estimate-prompt-tokens="true" />'
    )
    const dispatcher = new Agent({ connect: { ca: t.emulator.caCert } })
    const post = (content: string) =>
      undiciFetch(
        `${t.emulator.gatewayUrl}/estimated/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
        {
          method: 'POST',
          headers: { 'api-key': t.emulator.subscriptionKey, 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content }] }),
          dispatcher
        }
      )
    const before = backend.seen.length
    const big = await post('x'.repeat(200))
    expect(big.status).toBe(429)
    expect(backend.seen.length).toBe(before)
    expect((await post('hi')).status).toBe(200)
    expect(JSON.parse(backend.seen[before].body)).toEqual({
      messages: [{ role: 'user', content: 'hi' }]
    })
  })

  it('replaces {{named values}} at run time and refuses a policy naming one that does not exist', async () => {
    await t.client.namedValue.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'deployment-header',
      { displayName: 'DeploymentHeader', value: 'gpt-4o-east', secret: true },
      POLL
    )
    await importApi(
      'named',
      'named',
      '<set-header name="x-deployment" exists-action="override"><value>{{DeploymentHeader}}</value></set-header>'
    )
    const before = backend.seen.length
    expect((await call('named', { 'api-key': t.emulator.subscriptionKey })).status).toBe(200)
    expect(backend.seen[before].headers['x-deployment']).toBe('gpt-4o-east')

    const policy = await t.raw('PUT', arm('apis/named/policies/policy'), {
      body: {
        properties: {
          format: 'rawxml',
          value:
            '<policies>\n  <inbound>\n    <set-header name="x" exists-action="override"><value>{{Nope}}</value></set-header>\n  </inbound>\n</policies>'
        }
      }
    })
    expect(policy.status).toBe(400)
    expect(policy.json().error.details[0]).toEqual({
      code: 'ValidationError',
      target: 'value',
      message: "Error in element 'value' on line 3, column 51: Cannot find a property 'Nope'"
    })
    // A fragment's references are checked by its long-running operation, which fails.
    await expect(
      t.client.policyFragment.beginCreateOrUpdateAndWait(
        t.rg,
        t.svc,
        'uses-nope',
        {
          format: 'rawxml',
          value: '<fragment><set-header name="{{Nope}}" exists-action="delete" /></fragment>'
        },
        POLL
      )
    ).rejects.toThrow(/long-running operation has failed\. ValidationError/)
    await expect(t.client.policyFragment.get(t.rg, t.svc, 'uses-nope')).rejects.toMatchObject({
      statusCode: 404
    })
    // A named value a policy uses cannot be deleted.
    const del = await t.raw('DELETE', arm('namedValues/deployment-header'), {
      headers: { 'if-match': '*' }
    })
    expect([del.status, del.json().error.message]).toEqual([
      400,
      "The Named Value 'DeploymentHeader' is used by the following entities:\r\n/apis/named/policies/policy\r\n"
    ])
  })
})

describe('tiers and state', () => {
  it('refuses azure-openai-token-limit on Consumption, which makes no product subscription', async () => {
    const emulator = await startEmulator({ sku: 'Consumption', lroMs: 0 })
    try {
      const s = new Seeder(emulator)
      await s.put('products/p', { displayName: 'P' })
      const list = await s.request('GET', `${s.service}/subscriptions?api-version=2024-05-01`)
      expect(list.json().value.map((x: { name: string }) => x.name)).toEqual(['master'])
      const res = await s.request(
        'PUT',
        `${s.service}/policyFragments/limit?api-version=2024-05-01`,
        {
          properties: {
            format: 'rawxml',
            value:
              '<fragment><azure-openai-token-limit counter-key="k" tokens-per-minute="1" estimate-prompt-tokens="false" /></fragment>'
          }
        }
      )
      expect(res.status).toBe(201)
      const poll = new URL(String(res.headers['azure-asyncoperation']))
      const status = (await s.request('GET', poll.pathname + poll.search)).json()
      expect([status.status, status.error.details[0].message]).toEqual([
        'Failed',
        "Error in element 'azure-openai-token-limit' on line 1, column 11: Policy is not allowed in 'Consumption' sku"
      ])
    } finally {
      await emulator.stop()
    }
  })

  it('keeps products, subscriptions, backends and named values in the state file', async () => {
    const stateFile = path.join(tempDir(), 'state.json')
    const first = await startEmulator({ stateFile, lroMs: 0 })
    try {
      const s = new Seeder(first)
      await s.product('kept')
      await s.put('subscriptions/kept', { scope: '/products/kept', displayName: 'kept' })
      await s.put('backends/kept', { url: 'https://kept.example.com', protocol: 'http' })
      await s.put('namedValues/kept', { displayName: 'kept', value: 'v' })
    } finally {
      await first.stop()
    }
    const second = await startEmulator({ stateFile, lroMs: 0 })
    try {
      const s = new Seeder(second)
      for (const route of [
        'products/kept',
        'subscriptions/kept',
        'backends/kept',
        'namedValues/kept'
      ])
        expect(
          (await s.request('GET', `${s.service}/${route}?api-version=2024-05-01`)).status
        ).toBe(200)
      expect(second.subscriptionKey).toBe(first.subscriptionKey)
    } finally {
      await second.stop()
    }
  })
})
