// sync-upstream from both layouts Azure OpenAI publishes: the dated inference folders and the
// v1 API's two flat files, regenerated in place, against a fake GitHub API.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { createOctokit } from '../src/github/octokit.js'
import { syncBranch, syncReport, syncTitle, syncedVersionsJson } from '../src/render/sync-report.js'
import { readSettings } from '../src/settings.js'
import { analyzeFolder } from '../src/specs/analyze.js'
import { syncFromSettings, syncUpstream } from '../src/sync/upstream.js'
import { useFakeGitHub } from './support/fake-github.js'
import { tempDir } from './support/temp.js'

const gh = useFakeGitHub()
const DATED = 'specification/cognitiveservices/data-plane/AzureOpenAI/inference'
const V1 = 'specification/ai/data-plane/OpenAI.v1'
const example = (file: string) =>
  fs.readFileSync(path.join(process.cwd(), 'examples/azure-openai', file))
const withVersion = (file: string, version: string) =>
  Buffer.from(
    example(file)
      .toString()
      .replace(/"version": "[^"]+"/, `"version": "${version}"`)
  )

/** A small spec shaped like the v1 API's: `api-version` optional, servers last. */
function v1Spec(
  version: string,
  options: { responses?: boolean; description?: string; more?: number } = {}
) {
  const apiVersion = {
    name: 'api-version',
    in: 'query',
    required: false,
    schema: { type: 'string', default: version }
  }
  const post = (operationId: string, summary: string, schema: string) => ({
    post: {
      operationId,
      summary,
      parameters: [apiVersion],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } }
      },
      responses: { '200': { description: 'OK' } }
    }
  })
  const paths: Record<string, unknown> = {
    '/chat/completions': post('createChatCompletion', 'Creates a chat completion', 'ChatRequest'),
    '/embeddings': post('createEmbedding', 'Creates an embedding', 'EmbeddingRequest')
  }
  const schemas: Record<string, unknown> = {
    ChatRequest: {
      type: 'object',
      description: options.description ?? 'A chat request',
      properties: { model: { type: 'string' }, messages: { type: 'array', items: {} } }
    },
    EmbeddingRequest: { type: 'object', properties: { input: { type: 'string' } } }
  }
  if (options.responses) {
    paths['/responses'] = post('createResponse', 'Creates a model response', 'ResponseRequest')
    schemas.ResponseRequest = { type: 'object', properties: { input: { type: 'string' } } }
  }
  for (let i = 0; i < (options.more ?? 0); i++)
    paths[`/extra${i}`] = post(`extra${i}`, `Extra operation ${i}`, 'EmbeddingRequest')
  const spec = {
    openapi: '3.0.0',
    info: { title: 'Azure OpenAI v1', version },
    paths,
    components: { schemas },
    servers: [{ url: '{endpoint}/openai/v1', variables: { endpoint: { default: '' } } }]
  }
  return Buffer.from(JSON.stringify(spec, null, 2) + '\n')
}

/** One upstream repository with both layouts, as Azure/azure-rest-api-specs has them. */
function seedUpstream() {
  const files = gh.upstream.files
  files.clear()
  files.set(
    `${DATED}/stable/2024-02-01/inference.json`,
    example('stable/2024-02-01/inference.json')
  )
  files.set(
    `${DATED}/stable/2024-10-21/inference.json`,
    withVersion('stable/2024-02-01/inference.json', '2024-10-21')
  )
  files.set(
    `${DATED}/preview/2024-05-01-preview/inference.json`,
    example('preview/2024-05-01-preview/inference.json')
  )
  files.set(`${DATED}/preview/2024-05-01-preview/examples/chat.json`, Buffer.from('{}'))
  files.set(`${V1}/azure-v1-v1-generated.json`, v1Spec('v1'))
  files.set(`${V1}/azure-v1-v1-generated.yaml`, Buffer.from('openapi: 3.0.0\n'))
  files.set(`${V1}/azure-v1-preview-generated.json`, v1Spec('preview', { responses: true }))
  files.set(`${V1}/azure-v1-preview-generated.yaml`, Buffer.from('openapi: 3.0.0\n'))
  files.set(`${V1}/readme.md`, Buffer.from('# OpenAI.v1'))
  files.set(`${V1}/examples/v1/chat.json`, Buffer.from('{}'))
}

const octokit = () =>
  createOctokit('workflow-token', {
    baseUrl: gh.url,
    pacing: { writeIntervalMs: 0, notifyingWriteIntervalMs: 0, retryAfterUnitMs: 10 }
  })

/** The sync as the action runs it: settings from inputs, then syncFromSettings. */
async function sync(workspace: string, inputs: Record<string, string>) {
  const settings = readSettings({ mode: 'sync-upstream', ...inputs })
  const folder = path.resolve(workspace, settings.specs.specFolder)
  const outcome = await syncFromSettings(octokit(), settings, folder, workspace)
  return { ...outcome, folder }
}

const DATED_INPUTS = { upstream: 'azure-openai-inference', 'spec-folder': 'specs/azure-openai' }
const V1_INPUTS = { upstream: 'azure-openai-v1', 'spec-folder': 'specs/azure-openai-v1' }

describe('sync-upstream from the dated folders and the v1 API flat files', () => {
  it('writes the missing dated versions and v1/preview, one sync per preset; a second sync does nothing', async () => {
    seedUpstream()
    const workspace = tempDir()
    fs.cpSync(
      path.join(process.cwd(), 'examples/azure-openai/stable/2024-02-01'),
      path.join(workspace, 'specs/azure-openai/stable/2024-02-01'),
      { recursive: true }
    )
    const dated = await sync(workspace, DATED_INPUTS)
    expect(dated.result.warnings).toEqual([])
    expect(dated.result.synced.map((s) => [s.version, s.channel, s.kind])).toEqual([
      ['2024-05-01-preview', 'preview', 'new'],
      ['2024-10-21', 'stable', 'new']
    ])

    gh.requests.length = 0
    const v1 = await sync(workspace, V1_INPUTS)
    expect(v1.source).toMatchObject({ path: V1, layout: 'flat' })
    expect(v1.result.warnings).toEqual([])
    expect(v1.result.synced.map((s) => [s.version, s.channel, s.kind, s.file])).toEqual([
      [
        'v1',
        undefined,
        'new',
        path.relative(process.cwd(), path.join(v1.folder, 'v1/azure-v1-v1-generated.json'))
      ],
      [
        'preview',
        undefined,
        'new',
        path.relative(
          process.cwd(),
          path.join(v1.folder, 'preview/azure-v1-preview-generated.json')
        )
      ]
    ])
    expect(fs.readFileSync(path.join(v1.folder, 'v1/azure-v1-v1-generated.json'))).toEqual(
      gh.upstream.files.get(`${V1}/azure-v1-v1-generated.json`)
    )
    expect(fs.readdirSync(v1.folder).sort()).toEqual(['preview', 'v1'])
    // The flat folder is read with trees that are never recursive: one per path segment, one for it.
    const trees = gh.requests.filter((r) => r.path.includes('/git/trees/'))
    expect(trees.map((r) => r.query)).toEqual(Array(V1.split('/').length + 1).fill(undefined))

    // The folder reads back as the versions v1 and preview, each from its one spec.
    const analysis = analyzeFolder(v1.folder, { cwd: workspace })
    expect(analysis.problems).toEqual([])
    expect(analysis.versions.map((v) => [v.version, v.chosenBy])).toEqual([
      ['v1', 'only-spec'],
      ['preview', 'only-spec']
    ])

    const stamp = (f: string) => fs.statSync(path.join(v1.folder, f)).mtimeMs
    const before = stamp('v1/azure-v1-v1-generated.json')
    const again = [await sync(workspace, DATED_INPUTS), await sync(workspace, V1_INPUTS)]
    expect(again.map((a) => a.result)).toEqual([
      { synced: [], warnings: [] },
      { synced: [], warnings: [] }
    ])
    expect(stamp('v1/azure-v1-v1-generated.json')).toBe(before)
  })

  it('updates v1 when upstream regenerates it (no update-changed), naming the added operation in the pull request', async () => {
    seedUpstream()
    const workspace = tempDir()
    await sync(workspace, V1_INPUTS)
    // Upstream regenerates v1 in place: one operation more, and a reworded description.
    gh.upstream.files.set(
      `${V1}/azure-v1-v1-generated.json`,
      v1Spec('v1', { responses: true, description: 'A request to chat' })
    )
    // A dated version changed upstream is left alone without update-changed.
    const dated = await sync(workspace, DATED_INPUTS)
    gh.upstream.files.set(
      `${DATED}/stable/2024-10-21/inference.json`,
      withVersion('stable/2024-02-01/inference.json', '2024-10-21 ')
    )
    expect((await sync(workspace, DATED_INPUTS)).result.synced).toEqual([])

    const { result, source, folder } = await sync(workspace, V1_INPUTS)
    expect(result.warnings).toEqual([])
    expect(result.synced.map((s) => [s.version, s.kind])).toEqual([['v1', 'changed']])
    const [v1] = result.synced
    expect(v1.changes?.operations.added.map((o) => [o.method, o.path, o.operationId])).toEqual([
      ['post', '/responses', 'createResponse']
    ])
    expect(v1.changes?.operations.changed).toEqual([])
    // The reworded description is no change; the new request schema is.
    expect(v1.changes?.schemas).toEqual({ added: ['ResponseRequest'], removed: [], changed: [] })
    expect(fs.readFileSync(path.join(folder, 'v1/azure-v1-v1-generated.json'))).toEqual(
      gh.upstream.files.get(`${V1}/azure-v1-v1-generated.json`)
    )

    expect(syncTitle(result.synced)).toBe('Update API version v1 from upstream')
    const { body, summary } = await syncReport(result.synced, source, folder, workspace)
    expect(body).toContain('Updated API versions from `Azure/azure-rest-api-specs`')
    expect(body).toContain('### v1 (changed)')
    expect(body).toContain('#### v1 (current) → v1 (upstream c0ffee0)')
    expect(body).toContain('1 operation added, 1 schema added.')
    expect(body).toContain('- `POST /responses` — Creates a model response')
    expect(body).toContain(
      [
        '```mermaid',
        'timeline',
        '    title API versions in specs/azure-openai-v1',
        '    section moving',
        '        v1 : v1 (revised)',
        '        preview : preview',
        '```'
      ].join('\n')
    )
    expect(summary).toContain('- `POST /responses` — Creates a model response')
    expect(JSON.parse(syncedVersionsJson(result.synced))).toEqual([
      expect.objectContaining({
        version: 'v1',
        kind: 'changed',
        changeSummary: '1 operation added, 1 schema added'
      })
    ])
    expect(JSON.parse(syncedVersionsJson(result.synced))[0]).not.toHaveProperty('changes')
    expect(dated.result.synced.length).toBeGreaterThan(0)
  })

  it('folds long lists of the change log in the pull request body; the job summary has them open', async () => {
    seedUpstream()
    const workspace = tempDir()
    await sync(workspace, V1_INPUTS)
    gh.upstream.files.set(`${V1}/azure-v1-v1-generated.json`, v1Spec('v1', { more: 14 }))
    const { result, source, folder } = await sync(workspace, V1_INPUTS)
    expect(result.synced.map((s) => [s.version, s.kind])).toEqual([['v1', 'changed']])
    const { body, summary } = await syncReport(result.synced, source, folder, workspace)
    expect(body).toContain('14 operations added.')
    expect(body).toContain(
      '<details><summary>Operations added (14)</summary>\n\n- `POST /extra0` — Extra operation 0\n'
    )
    expect(body).toMatch(/- `POST \/extra9` — Extra operation 9\n\n<\/details>/)
    expect(summary).not.toContain('<details>')
    expect(summary).toContain('**Operations added (14)**\n\n- `POST /extra0`')
  })

  it('names a mapped file that upstream lacks and a malformed one, and writes the rest', async () => {
    seedUpstream()
    gh.upstream.files.delete(`${V1}/azure-v1-preview-generated.json`)
    gh.upstream.files.set(`${V1}/azure-v1-v1-generated.json`, Buffer.from('{ "openapi": "3.0.0", '))
    gh.upstream.files.set(`${V1}/azure-v1-next-generated.json`, v1Spec('next'))
    const workspace = tempDir()
    const { result } = await sync(workspace, {
      ...V1_INPUTS,
      'upstream-files':
        'azure-v1-v1-generated.json=v1, azure-v1-preview-generated.json=preview, azure-v1-next-generated.json=v2'
    })
    expect(result.synced.map((s) => s.version)).toEqual(['v2'])
    expect(result.warnings).toEqual([
      `upstream azure-v1-preview-generated.json: not in the upstream folder (upstream-files maps it to preview); skipped`,
      expect.stringMatching(
        /^Azure\/azure-rest-api-specs\/specification\/ai\/data-plane\/OpenAI\.v1\/azure-v1-v1-generated\.json:1: invalid JSON: .*; not written$/
      )
    ])
    expect(fs.readdirSync(path.join(workspace, 'specs/azure-openai-v1'))).toEqual(['v2'])
  })

  it('leaves out preview with include-previews: false, and will not mix v1 preview with a dated preview channel', async () => {
    seedUpstream()
    const workspace = tempDir()
    const noPreviews = await sync(workspace, { ...V1_INPUTS, 'include-previews': 'false' })
    expect(noPreviews.result.synced.map((s) => s.version)).toEqual(['v1'])

    // Both upstreams into one folder: the dated preview channel and the version preview collide.
    const shared = { 'spec-folder': 'specs/one' }
    await sync(workspace, { ...DATED_INPUTS, ...shared })
    const v1 = await sync(workspace, { ...V1_INPUTS, ...shared })
    expect(v1.result.synced.map((s) => s.version)).toEqual(['v1'])
    expect(v1.result.warnings).toEqual([
      "Azure/azure-rest-api-specs/specification/ai/data-plane/OpenAI.v1/azure-v1-preview-generated.json: not written: 'preview' is a channel of version folders in the spec folder; sync this upstream into a spec folder of its own"
    ])
    expect(fs.readdirSync(path.join(workspace, 'specs/one/preview'))).toEqual([
      '2024-05-01-preview'
    ])
  })

  it('names each spec folder its own pull request branch', () => {
    const workspace = tempDir()
    expect(syncBranch(path.join(workspace, 'specs/azure-openai'), workspace)).toBe(
      'apim-version-action/sync-upstream-specs-azure-openai'
    )
    expect(syncBranch('specs/Azure OpenAI.v1/', workspace)).toBe(
      'apim-version-action/sync-upstream-specs-azure-openai-v1'
    )
    expect(syncBranch(workspace, workspace)).toBe('apim-version-action/sync-upstream')
  })

  it('syncs a source given without a layout as version folders (the default)', async () => {
    seedUpstream()
    const result = await syncUpstream(
      octokit(),
      {
        owner: 'Azure',
        repo: 'azure-rest-api-specs',
        ref: 'main',
        path: DATED,
        files: ['inference.json']
      },
      {
        specFolder: path.join(tempDir(), 'specs'),
        includePreviews: true,
        updateChanged: false,
        parameter: 'api-version'
      }
    )
    expect(result.synced.map((s) => s.version)).toEqual([
      '2024-02-01',
      '2024-05-01-preview',
      '2024-10-21'
    ])
  })
})
