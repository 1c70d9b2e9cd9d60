import fs from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import type { AzureOpenAI } from 'openai'
import { Agent, fetch as undiciFetch } from 'undici'
import { parseSpec } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'
import { useFakeBackend } from './support/backend.js'
import { azureOpenAI } from './support/openai.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { describeShared, sharedFile } from './support/shared.js'

const t = useEmulator()
const backend = useFakeBackend()

/** The blog's policy: re-add api-version for the backend, which APIM removed after routing. */
const READD_VERSION =
  '<fragment><set-query-parameter name="api-version" exists-action="override"><value>@(context.Request.OriginalUrl.Query.GetValueOrDefault("api-version"))</value></set-query-parameter></fragment>'
const POLICY =
  '<policies><inbound><base /><include-fragment fragment-id="aoai-version" /></inbound><backend><base /></backend><outbound><base /></outbound></policies>'

function openai(apiVersion: string, apiKey = t.emulator.subscriptionKey): AzureOpenAI {
  return azureOpenAI(t, { apiVersion, apiKey })
}

async function chat(
  client: AzureOpenAI
): Promise<{ status: number; content?: string; message?: string }> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }]
    })
    return { status: 200, content: completion.choices[0].message.content ?? undefined }
  } catch (err) {
    const e = err as { status?: number; message: string }
    return { status: e.status ?? 0, message: e.message }
  }
}

async function importVersion(
  id: string,
  version: string,
  spec: string,
  set = 'aoai',
  path = 'openai'
) {
  await t.client.api.beginCreateOrUpdateAndWait(
    t.rg,
    t.svc,
    id,
    {
      format: 'openapi+json',
      value: spec,
      path,
      apiVersion: version,
      apiVersionSetId: `/apiVersionSets/${set}`,
      serviceUrl: `${backend.url()}/openai`,
      subscriptionKeyParameterNames: { header: 'api-key', query: 'subscription-key' }
    },
    { updateIntervalInMs: 10 }
  )
  await t.client.apiPolicy.createOrUpdate(t.rg, t.svc, id, 'policy', {
    format: 'rawxml',
    value: POLICY
  })
}

describeShared(
  "the blog's experiment, with the real 2024-02-01 spec and the openai package",
  () => {
    it('unpatched: 404; patched with the policy: a chat completion, and the backend sees api-version', async () => {
      await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'aoai', {
        displayName: 'Azure OpenAI',
        versioningScheme: 'Query',
        versionQueryName: 'api-version'
      })
      await t.client.policyFragment.beginCreateOrUpdateAndWait(
        t.rg,
        t.svc,
        'aoai-version',
        { format: 'rawxml', value: READD_VERSION },
        { updateIntervalInMs: 10 }
      )
      const text = fs.readFileSync(sharedFile('inference/stable/2024-02-01/inference.json'), 'utf8')

      await importVersion('aoai-2024-02-01', '2024-02-01', text)
      const unpatched = await chat(openai('2024-02-01'))
      expect(unpatched).toMatchObject({ status: 404 })
      expect(unpatched.message).toContain('Resource not found')
      expect(backend.seen).toHaveLength(0)

      const patched = patchSpec(parseSpec(text, 'inference.json', 'json')).text
      await importVersion('aoai-2024-02-01', '2024-02-01', patched)
      expect(await chat(openai('2024-02-01'))).toEqual({
        status: 200,
        content: 'Hello from the fake backend'
      })
      expect(backend.seen).toHaveLength(1)
      expect(backend.seen[0]).toMatchObject({
        method: 'POST',
        path: '/openai/deployments/gpt-4o/chat/completions',
        query: { 'api-version': '2024-02-01' }
      })

      const notImported = await chat(openai('2023-05-15'))
      expect(notImported.status).toBe(404)
      expect(backend.seen).toHaveLength(1)
    })
  }
)

describe('gateway routing', () => {
  const call = async (
    path: string,
    init: { method?: string; headers?: Record<string, string> } = {}
  ) => {
    const dispatcher = new Agent({ connect: { ca: t.emulator.caCert } })
    const res = await undiciFetch(`${t.emulator.gatewayUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: init.headers,
      dispatcher
    })
    return { status: res.status, body: await res.text() }
  }
  const key = () => ({ 'api-key': t.emulator.subscriptionKey })

  it('routes by Header and Segment schemes and strips the version before matching', async () => {
    await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'by-header', {
      displayName: 'h',
      versioningScheme: 'Header',
      versionHeaderName: 'x-api-version'
    })
    await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'by-segment', {
      displayName: 's',
      versioningScheme: 'Segment'
    })
    const optional = miniSpec('v1', {}, false)
    await t.client.policyFragment.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'aoai-version',
      { format: 'rawxml', value: READD_VERSION },
      { updateIntervalInMs: 10 }
    )
    await importVersion('h-v1', 'v1', optional, 'by-header', 'hdr')
    await importVersion('s-v1', 'v1', optional, 'by-segment', 'ml-model')
    await importVersion('s-v2', 'v2', optional, 'by-segment', 'ml-model')
    const before = backend.seen.length

    expect(
      (await call('/hdr/models', { headers: { ...key(), 'x-api-version': 'v1' } })).status
    ).toBe(200)
    expect(backend.seen[before].headers['x-api-version']).toBeUndefined()
    expect((await call('/hdr/models', { headers: key() })).status).toBe(404)
    expect((await call('/ml-model/v2/models', { headers: key() })).status).toBe(200)
    expect(backend.seen[before + 1].path).toBe('/openai/models')
    expect((await call('/ml-model/v3/models', { headers: key() })).status).toBe(404)
  })

  it('answers 404 Resource not found for unknown paths and operations, 401 for a missing or wrong key', async () => {
    expect(await call('/nowhere', { headers: key() })).toEqual({
      status: 404,
      body: '{"statusCode":404,"message":"Resource not found"}'
    })
    expect((await call('/ml-model/v1/unknown', { headers: key() })).status).toBe(404)
    expect((await call('/ml-model/v1/models', { method: 'DELETE', headers: key() })).status).toBe(
      404
    )
    const missing = await call('/ml-model/v1/models')
    expect(missing.status).toBe(401)
    expect(JSON.parse(missing.body).message).toMatch(
      /^Access denied due to missing subscription key/
    )
    const wrong = await call('/ml-model/v1/models', { headers: { 'api-key': 'nope' } })
    expect(JSON.parse(wrong.body).message).toMatch(/^Access denied due to invalid subscription key/)
    expect(
      (await call(`/ml-model/v1/models?subscription-key=${t.emulator.subscriptionKey}`)).status
    ).toBe(200)
  })

  it('runs the documented policy subset: set-header, literal set-query-parameter, set-backend-service', async () => {
    await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'policy-set', {
      displayName: 'p',
      versioningScheme: 'Query',
      versionQueryName: 'api-version'
    })
    await importVersion('p-v1', 'v1', miniSpec('v1', {}, false), 'policy-set', 'policied')
    await t.client.apiPolicy.createOrUpdate(t.rg, t.svc, 'p-v1', 'policy', {
      format: 'rawxml',
      value: `<policies><inbound><base /><set-backend-service base-url="${backend.url()}/elsewhere" /><set-header name="x-team" exists-action="override"><value>platform</value></set-header><set-header name="api-key" exists-action="delete" /><set-query-parameter name="fixed" exists-action="append"><value>1</value></set-query-parameter><set-query-parameter name="version-seen" exists-action="override"><value>@(context.Request.OriginalUrl.Query.GetValueOrDefault("api-version", "none"))</value></set-query-parameter></inbound></policies>`
    })
    const before = backend.seen.length
    expect((await call('/policied/models?api-version=v1', { headers: key() })).status).toBe(200)
    const seen = backend.seen[before]
    expect(seen.path).toBe('/elsewhere/models')
    expect(seen.query).toEqual({ fixed: '1', 'version-seen': 'v1' })
    expect(seen.headers['x-team']).toBe('platform')
    expect(seen.headers['api-key']).toBeUndefined()
  })

  it('answers 500 naming a policy expression outside the supported subset', async () => {
    await t.client.apiPolicy.createOrUpdate(t.rg, t.svc, 'p-v1', 'policy', {
      format: 'rawxml',
      value:
        '<policies><inbound><set-header name="x" exists-action="override"><value>@(context.User.Email)</value></set-header></inbound></policies>'
    })
    const res = await call('/policied/models?api-version=v1', { headers: key() })
    expect(res.status).toBe(500)
    expect(JSON.parse(res.body).message).toBe(
      'policy expression not supported by the emulator: @(context.User.Email)'
    )
  })

  it('logs gateway calls with their status', async () => {
    await t.clearRequests()
    await call('/nowhere', { headers: key() })
    expect(await t.requests()).toEqual([
      {
        kind: 'gateway',
        method: 'GET',
        path: '/gateway/nowhere',
        status: 404,
        ms: expect.any(Number),
        at: expect.any(Number)
      }
    ])
  })
})
