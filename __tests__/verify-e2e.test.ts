import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Agent, fetch as undiciFetch } from 'undici'
import {
  probeFor,
  verifyFailure,
  verifyVersions,
  type ProbeApi,
  type VerifyResult
} from '../src/verify/index.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { runEngine } from './support/engine.js'
import { tempDir, writeTree } from './support/temp.js'

const t = useEmulator()
const VERSIONS = ['2024-02-01', '2024-06-01', '2024-10-21']

/**
 * An Azure OpenAI-like backend: under `/gone/` it answers 404 in Azure OpenAI's own shape (what a
 * backend without the deployment or route says), elsewhere 200.
 */
const seen: { path: string; query: Record<string, string> }[] = []
let backendUrl = ''
let backend: http.Server
beforeAll(async () => {
  backend = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend')
    seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) })
    req.resume()
    const gone = url.pathname.startsWith('/gone/')
    const body = gone
      ? JSON.stringify({ error: { code: '404', message: 'Resource not found' } })
      : JSON.stringify({ object: 'list', data: [] })
    res.writeHead(gone ? 404 : 200, { 'content-type': 'application/json' })
    res.end(body)
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
})
afterAll(async () => {
  backend.closeAllConnections()
  await new Promise((resolve) => backend.close(resolve))
})

/** undici's fetch trusting the emulator's CA, as the global fetch would trust Azure's. */
let dispatcher: Agent | undefined
function trustingFetch(): typeof fetch {
  dispatcher ??= new Agent({ connect: { ca: t.emulator.caCert } })
  const agent = dispatcher
  return ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as never)) as unknown as typeof fetch
}
afterAll(async () => {
  await dispatcher?.close()
})

/** Imports the three versions with the real engine; returns each version's probe. */
async function imported(
  id: string,
  extra: Record<string, string> = {}
): Promise<{ api: ProbeApi; probes: ReturnType<typeof probeFor>[] }> {
  const workspace = tempDir()
  writeTree(
    workspace,
    Object.fromEntries(VERSIONS.map((v) => [`specs/${v}/openapi.json`, miniSpec(v)]))
  )
  const inputs = { 'api-id': id, 'api-path': id, 'service-url': `${backendUrl}/openai`, ...extra }
  const { run, result } = await runEngine(t, workspace, inputs)
  expect(result!.versions.map((v) => [v.version, v.status])).toEqual(
    VERSIONS.map((v) => [v, 'done'])
  )
  const api: ProbeApi = {
    path: id,
    scheme: (extra['versioning-scheme'] ?? 'Query') as ProbeApi['scheme'],
    versionParameter: extra['version-parameter'] ?? 'api-version',
    keyHeader: 'api-key'
  }
  const probes = run.analysis.versions.map((v) =>
    probeFor({ version: v.version, spec: v.patch.value }, api)
  )
  return { api, probes }
}

/** The probes through the emulator's gateway, with its key unless told otherwise (null: no key). */
function verify(
  probes: ReturnType<typeof probeFor>[],
  key: string | null = t.emulator.subscriptionKey
) {
  return verifyVersions(
    probes,
    { gatewayUrl: t.emulator.gatewayUrl, key: key ?? undefined, keyHeader: 'api-key' },
    { fetch: trustingFetch(), timeoutMs: 10_000 }
  )
}

const summary = (results: VerifyResult[]) =>
  results.map((r) => [r.version, r.status, r.classification, r.detail])

describe('verify against the emulator', () => {
  it('every imported version answers through the gateway, the backend gets its api-version back', async () => {
    const { probes } = await imported('vq')
    expect(probes.map((p) => `${p.method} ${p.pathAndQuery}`)).toEqual(
      VERSIONS.map((v) => `GET /vq/models?api-version=${v}`)
    )
    const before = seen.length
    const results = await verify(probes)
    expect(summary(results)).toEqual(
      VERSIONS.map((v) => [v, 200, 'routed', 'the backend answered 200'])
    )
    expect(results[0]).toMatchObject({
      operation: 'GET /models',
      url: `${t.emulator.gatewayUrl}/vq/models?api-version=2024-02-01`
    })
    expect(verifyFailure(results)).toBeUndefined()
    expect(
      seen
        .slice(before)
        .map((s) => [s.path, s.query['api-version']])
        .sort()
    ).toEqual(VERSIONS.map((v) => ['/openai/models', v]))
    expect(JSON.stringify(results)).not.toContain(t.emulator.subscriptionKey)
  })

  it('routes the Header and Segment schemes too', async () => {
    for (const scheme of ['Header', 'Segment']) {
      const id = `v${scheme.toLowerCase()}`
      const { probes } = await imported(id, { 'versioning-scheme': scheme })
      const results = await verify(probes)
      expect([scheme, summary(results)]).toEqual([
        scheme,
        VERSIONS.map((v) => [v, 200, 'routed', 'the backend answered 200'])
      ])
    }
  })

  it('a wrong or missing key is refused by APIM itself', async () => {
    const { probes } = await imported('vkey')
    const before = seen.length
    const wrong = await verify(probes, 'not-the-key')
    expect(wrong.map((r) => [r.status, r.classification])).toEqual(
      VERSIONS.map(() => [401, 'key-refused'])
    )
    expect(wrong[0].detail).toBe(
      'APIM 401: Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
    )
    const missing = await verify(probes.slice(0, 1), null)
    expect(missing[0]).toMatchObject({ classification: 'key-refused' })
    expect(missing[0].detail).toContain('missing subscription key')
    expect(seen.length).toBe(before)
    expect(verifyFailure(wrong)).toMatch(/^3 versions do not answer through the gateway:\n/)
    expect(JSON.stringify(wrong)).not.toContain('not-the-key')
  })

  it("a version APIM lacks or holds unpatched is APIM's 404: not-routed, and the run fails", async () => {
    const { api, probes } = await imported('vgone')
    // Behind the engine's back: one version deleted, one re-imported as upstream publishes it
    // (api-version required), and a probe for a version never imported.
    await t.client.api.beginDeleteAndWait(t.rg, t.svc, 'vgone-2024-02-01', '*', {
      updateIntervalInMs: 10
    })
    await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'vgone-2024-06-01',
      {
        format: 'openapi+json',
        value: miniSpec('2024-06-01'),
        path: 'vgone',
        apiVersion: '2024-06-01',
        apiVersionSetId: '/apiVersionSets/vgone',
        serviceUrl: `${backendUrl}/openai`,
        subscriptionKeyParameterNames: { header: 'api-key', query: 'subscription-key' }
      },
      { updateIntervalInMs: 10 }
    )
    const never = probeFor({ version: '2099-01-01', spec: JSON.parse(miniSpec('2099-01-01')) }, api)
    const before = seen.length
    const results = await verify([...probes, never])
    expect(summary(results)).toEqual([
      ['2024-02-01', 404, 'not-routed', 'APIM 404: Resource not found'],
      ['2024-06-01', 404, 'not-routed', 'APIM 404: Resource not found'],
      ['2024-10-21', 200, 'routed', 'the backend answered 200'],
      ['2099-01-01', 404, 'not-routed', 'APIM 404: Resource not found']
    ])
    expect(seen.length).toBe(before + 1)
    expect(verifyFailure(results)).toBe(
      [
        '3 versions do not answer through the gateway:',
        `2024-02-01: not-routed: APIM 404: Resource not found (GET ${t.emulator.gatewayUrl}/vgone/models?api-version=2024-02-01)`,
        `2024-06-01: not-routed: APIM 404: Resource not found (GET ${t.emulator.gatewayUrl}/vgone/models?api-version=2024-06-01)`,
        `2099-01-01: not-routed: APIM 404: Resource not found (GET ${t.emulator.gatewayUrl}/vgone/models?api-version=2099-01-01)`
      ].join('\n')
    )
  })

  it("a backend's own 404 is routed; an unreachable backend is a gateway error", async () => {
    const gone = await imported('vbe', { 'service-url': `${backendUrl}/gone/openai` })
    const answered = await verify(gone.probes)
    expect(summary(answered)).toEqual(
      VERSIONS.map((v) => [v, 404, 'routed', 'the backend answered 404 (404)'])
    )
    expect(verifyFailure(answered)).toBeUndefined()

    const dead = await imported('vdead', { 'service-url': 'http://127.0.0.1:1/openai' })
    const unreachable = await verify(dead.probes.slice(0, 1))
    expect(unreachable[0]).toMatchObject({ status: 502, classification: 'gateway-error' })
    expect(unreachable[0].detail).toMatch(
      /^APIM 502: The backend http:\/\/127\.0\.0\.1:1 did not answer/
    )
  })

  it('a gateway that does not answer in time is a gateway error', async () => {
    const probe = probeFor(
      { version: 'v1', spec: JSON.parse(miniSpec('v1')) },
      { path: 'slow', scheme: 'Query', versionParameter: 'api-version', keyHeader: 'api-key' }
    )
    const silent = http.createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      // The global fetch, as the action uses it.
      const results = await verifyVersions(
        [probe],
        {
          gatewayUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
          key: t.emulator.subscriptionKey,
          keyHeader: 'api-key'
        },
        { timeoutMs: 200 }
      )
      expect(results[0]).toMatchObject({
        classification: 'gateway-error',
        detail: 'no answer within 200 ms'
      })
      expect(results[0].status).toBeUndefined()
    } finally {
      silent.closeAllConnections()
      await new Promise((resolve) => silent.close(resolve))
    }
  })
})
