import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import OpenAI from 'openai'
import { useFakeBackend } from './support/backend.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { runEngine } from './support/engine.js'
import { azureOpenAI, emulatorFetch } from './support/openai.js'
import { tempDir, writeTree } from './support/temp.js'

// Issue 14: the v1 API served next to the dated versions. Its own API id and version set at
// `openai/v1`; `v1` is the set's Original (reached without api-version), `preview` the version
// `?api-version=preview` names (docs/v1.md).
const t = useEmulator()
const backend = useFakeBackend()

/** A v1-shaped spec: no api-version needed (optional), paths below /openai/v1. */
function v1Spec(version: string, extra: Record<string, unknown> = {}): string {
  const apiVersion = {
    in: 'query',
    name: 'api-version',
    required: false,
    schema: { type: 'string' }
  }
  const op = (operationId: string) => ({
    operationId,
    parameters: [apiVersion],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { type: 'object' } } }
    },
    responses: { '200': { description: 'OK' } }
  })
  return JSON.stringify(
    {
      openapi: '3.0.0',
      info: { title: 'Azure OpenAI v1', version },
      paths: {
        '/chat/completions': { post: op('createChatCompletion') },
        '/embeddings': { post: op('createEmbedding') },
        ...extra
      }
    },
    null,
    2
  )
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8'
  }).trim()
}

/** The openai package's OpenAI client on the v1 path, the subscription key in `api-key`. */
function v1Client(query: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    baseURL: `${t.emulator.gatewayUrl}/openai/v1`,
    apiKey: 'not-used',
    defaultHeaders: { 'api-key': t.emulator.subscriptionKey },
    defaultQuery: query,
    maxRetries: 0,
    fetch: emulatorFetch(t)
  })
}

async function chat(client: OpenAI): Promise<number> {
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

const workspace = tempDir()
const dated = () => ({
  'spec-folder': 'specs/azure-openai',
  'api-id': 'aoai',
  'api-path': 'openai',
  'service-url': `${backend.url()}/openai`
})
const v1 = () => ({
  'spec-folder': 'specs/azure-openai-v1',
  'api-id': 'aoai-v1',
  'api-path': 'openai/v1',
  'original-version': 'v1',
  'service-url': `${backend.url()}/openai/v1`
})

beforeAll(() => {
  writeTree(workspace, {
    'specs/azure-openai/2024-10-21/openapi.json': miniSpec('2024-10-21'),
    'specs/azure-openai-v1/v1/azure-v1-v1-generated.json': v1Spec('v1'),
    'specs/azure-openai-v1/preview/azure-v1-preview-generated.json': v1Spec('preview')
  })
  git(workspace, 'init', '-q')
  git(workspace, 'add', '.')
  git(workspace, 'commit', '-qm', 'specs')
})

describe('the v1 API next to the dated versions', () => {
  it('answers /openai/v1 without api-version (v1) and with api-version=preview; dated clients are unchanged', async () => {
    const first = await runEngine(t, workspace, dated())
    const second = await runEngine(t, workspace, v1())
    expect(first.failure).toBeUndefined()
    expect(second.failure).toBeUndefined()
    expect(second.run.plan.versions.map((v) => [v.version, v.action, v.apiId])).toEqual([
      ['v1', 'import', 'aoai-v1-v1'],
      ['preview', 'import', 'aoai-v1-preview']
    ])
    const original = await t.client.api.get(t.rg, t.svc, 'aoai-v1-v1')
    expect([original.apiVersion ?? '', original.path]).toEqual(['', 'openai/v1'])

    let before = backend.seen.length
    expect(await chat(v1Client())).toBe(200)
    expect(backend.seen[before]).toMatchObject({ path: '/openai/v1/chat/completions', query: {} })

    before = backend.seen.length
    expect(await chat(v1Client({ 'api-version': 'preview' }))).toBe(200)
    expect(backend.seen[before]).toMatchObject({
      path: '/openai/v1/chat/completions',
      query: { 'api-version': 'preview' }
    })

    before = backend.seen.length
    const azure = azureOpenAI(t, { apiVersion: '2024-10-21' })
    await azure.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }]
    })
    expect(backend.seen[before]).toMatchObject({
      path: '/openai/deployments/gpt-4o/chat/completions',
      query: { 'api-version': '2024-10-21' }
    })
  })

  it('revises v1 alone when its content changes in place; the release notes name the added operation', async () => {
    const file = path.join(workspace, 'specs/azure-openai-v1/v1/azure-v1-v1-generated.json')
    fs.writeFileSync(
      file,
      v1Spec('v1', {
        '/responses': {
          post: {
            operationId: 'createResponse',
            responses: { '200': { description: 'OK' } }
          }
        }
      })
    )
    git(workspace, 'commit', '-qam', 'v1 regenerated upstream')
    const plan = await runEngine(t, workspace, v1(), false)
    expect(plan.run.plan.versions.map((v) => [v.version, v.action])).toEqual([
      ['v1', 'revise'],
      ['preview', 'unchanged']
    ])
    const datedPlan = await runEngine(t, workspace, dated(), false)
    expect(datedPlan.run.plan.hasChanges).toBe(false)

    const applied = await runEngine(t, workspace, v1())
    expect(applied.result?.versions[0]).toMatchObject({
      version: 'v1',
      status: 'done',
      revision: 2
    })
    const current = await t.client.api.get(t.rg, t.svc, 'aoai-v1-v1')
    expect(current.apiRevision).toBe('2')
    const notes: string[] = []
    for await (const release of t.client.apiRelease.listByService(t.rg, t.svc, 'aoai-v1-v1'))
      notes.push(release.notes ?? '')
    expect(notes.join('\n')).toContain('POST /responses')
    // Still reached without api-version after the revision.
    expect(await chat(v1Client())).toBe(200)
  })
})
