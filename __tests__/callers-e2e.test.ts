import tls from 'node:tls'
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { AzureOpenAI } from 'openai'
import { useFakeBackend } from './support/backend.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { runEngine, verifyEngine } from './support/engine.js'
import { azureOpenAI } from './support/openai.js'
import { tempDir, writeTree } from './support/temp.js'

// Issue 13's acceptance: callable in production. Products P1 and P2, a backend entity reached
// with the gateway's managed identity, verify through the gateway; the real SDK over HTTPS to the
// emulator and the real `openai` client through its gateway.
const t = useEmulator()
const backend = useFakeBackend()
const VERSIONS = ['2024-02-01', '2024-06-01', '2024-10-21']
const WRITES = /^(PUT|PATCH|DELETE|POST)$/

function openai(apiVersion: string, apiKey: string): AzureOpenAI {
  return azureOpenAI(t, { apiVersion, apiKey })
}

async function chat(client: AzureOpenAI): Promise<number> {
  try {
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }]
    })
    return 200
  } catch (err) {
    return (err as { status?: number }).status ?? 0
  }
}

async function product(id: string): Promise<void> {
  await t.client.product.createOrUpdate(t.rg, t.svc, id, {
    displayName: id,
    subscriptionRequired: true,
    state: 'published'
  })
}

/** An active subscription to `scope`; its primary key. */
async function subscription(id: string, scope: string): Promise<string> {
  await t.client.subscription.createOrUpdate(t.rg, t.svc, id, {
    scope,
    displayName: id,
    state: 'active'
  })
  return (await t.client.subscription.listSecrets(t.rg, t.svc, id)).primaryKey!
}

async function members(productId: string): Promise<string[]> {
  const ids: string[] = []
  for await (const api of t.client.productApi.listByProduct(t.rg, t.svc, productId))
    ids.push(api.name!)
  return ids.sort()
}

const workspace = tempDir()
const inputs = (extra: Record<string, string> = {}) => ({
  'api-id': 'aoai',
  'api-path': 'openai',
  'service-url': `${backend.url()}/openai`,
  products: 'P1,P2',
  'backend-id': 'aoai-backend',
  'backend-auth': 'managed-identity',
  'verify-subscription': 'sub-p1',
  ...extra
})
let p1Key = ''
let otherKey = ''

beforeAll(async () => {
  // verify calls the gateway with the plain fetch: trust the emulator's CA in this process.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), t.emulator.caCert])
  await Promise.all([product('P1'), product('P2'), product('P3')])
  p1Key = await subscription('sub-p1', '/products/P1')
  otherKey = await subscription('sub-p3', '/products/P3')
  writeTree(
    workspace,
    Object.fromEntries(VERSIONS.map((v) => [`specs/${v}/openapi.json`, miniSpec(v)]))
  )
})

describe('products, a backend with managed identity, and verify through the gateway', () => {
  it('puts every version in both products; a P1 key reaches each one, the backend sees a bearer token and no key', async () => {
    const { run, result } = await runEngine(t, workspace, inputs({ verify: 'gateway' }))
    expect(run.plan.backend).toEqual({ id: 'aoai-backend', action: 'create or update' })
    expect(run.plan.versions.map((v) => v.addToProducts)).toEqual(VERSIONS.map(() => ['P1', 'P2']))
    expect(run.warnings).toEqual([])
    expect(result?.versions.every((v) => v.status === 'done')).toBe(true)
    const ids = VERSIONS.map((v) => `aoai-${v}`).sort()
    expect(await members('P1')).toEqual(ids)
    expect(await members('P2')).toEqual(ids)

    for (const version of VERSIONS) {
      const before = backend.seen.length
      expect([version, await chat(openai(version, p1Key))]).toEqual([version, 200])
      const seen = backend.seen[before]
      expect(seen.path).toBe('/openai/deployments/gpt-4o/chat/completions')
      expect(seen.query['api-version']).toBe(version)
      expect(seen.headers.authorization).toMatch(/^Bearer \S+$/)
      expect(seen.headers['api-key']).toBeUndefined()
      expect(JSON.stringify(seen.headers)).not.toContain(p1Key)
    }
    // A key of a product without these APIs is refused by the gateway.
    const before = backend.seen.length
    expect(await chat(openai('2024-10-21', otherKey))).toBe(401)
    expect(backend.seen.length).toBe(before)
  })

  it('sees a membership removed behind its back: plan shows it, verify names the version, apply restores it', async () => {
    await t.client.productApi.delete(t.rg, t.svc, 'P1', 'aoai-2024-06-01')
    const plan = await runEngine(t, workspace, inputs(), false)
    expect(plan.run.plan.hasChanges).toBe(true)
    expect(plan.run.plan.products).toEqual([
      { id: 'P1', add: ['aoai-2024-06-01'], others: [] },
      { id: 'P2', add: [], others: [] }
    ])
    expect(plan.run.plan.versions.find((v) => v.version === '2024-06-01')).toMatchObject({
      action: 'unchanged',
      addToProducts: ['P1']
    })

    const broken = await verifyEngine(t, workspace, inputs())
    expect(broken.verified?.results.map((r) => [r.version, r.classification])).toEqual([
      ['2024-02-01', 'routed'],
      ['2024-06-01', 'key-refused'],
      ['2024-10-21', 'routed']
    ])
    expect(broken.failure).toContain('2024-06-01')

    const applied = await runEngine(t, workspace, inputs({ verify: 'gateway' }))
    expect(applied.result?.versions.find((v) => v.version === '2024-06-01')).toMatchObject({
      status: 'done'
    })
    expect(await members('P1')).toContain('aoai-2024-06-01')
    expect(applied.verified?.results.every((r) => r.classification === 'routed')).toBe(true)
    expect(applied.failure).toBeUndefined()
  })

  it('keeps a no-op plan at 3 + one request per product, with no write', async () => {
    await t.clearRequests()
    const { run } = await runEngine(t, workspace, inputs(), false)
    expect(run.plan.hasChanges).toBe(false)
    const requests = await t.requests()
    expect(requests.filter((r) => WRITES.test(r.method))).toEqual([])
    expect(requests.length).toBeLessThanOrEqual(3 + 2)
  })

  it('token-limit: 100 makes the gateway answer 429 once a subscription used 100 tokens in the minute', async () => {
    const limited = tempDir()
    writeTree(limited, { 'specs/2024-10-21/openapi.json': miniSpec('2024-10-21') })
    await runEngine(t, limited, {
      'api-id': 'limited',
      'api-path': 'limited/openai',
      'service-url': `${backend.url()}/openai`,
      products: 'P1',
      'token-limit': '100'
    })
    backend.setTotalTokens(80)
    const client = azureOpenAI(t, { apiVersion: '2024-10-21', apiKey: p1Key, path: 'limited' })
    const statuses = [await chat(client), await chat(client), await chat(client)]
    backend.setTotalTokens(6)
    // 80 tokens, then 160 (the limit is checked before a call), then refused.
    expect(statuses).toEqual([200, 200, 429])
  })
})
