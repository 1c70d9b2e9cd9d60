import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { changelogHeadline, diffSpecs, isEmptyChangelog } from '../src/specs/changelog.js'
import { renderChangelogMarkdown } from '../src/render/changelog.js'
import { parseSpec, syntaxOf } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'
import { cli } from './support/cli.js'
import { describeShared, sharedFile } from './support/shared.js'

const DIR = path.join(process.cwd(), '__fixtures__', 'specs', 'changelog')

function load(file: string, label: string) {
  const spec = parseSpec(fs.readFileSync(file, 'utf8'), file, syntaxOf(file))
  return { root: spec.root, label }
}

describe('change log between two hand-written versions', () => {
  const log = diffSpecs(
    load(path.join(DIR, 'old.yaml'), 'old'),
    load(path.join(DIR, 'new.yaml'), 'new')
  )

  it('lists operations added and removed by method and path', () => {
    expect(log.operations.added.map((o) => [o.method, o.path])).toEqual([
      ['post', '/vector_stores']
    ])
    expect(log.operations.removed.map((o) => [o.method, o.path])).toEqual([['get', '/toys']])
  })

  it('matches operations across a renamed path parameter and ignores reworded docs', () => {
    expect(log.operations.changed.map((o) => `${o.method} ${o.path}`)).toEqual([
      'get /pets',
      'post /pets'
    ])
  })

  it('names parameters added, removed and changed', () => {
    const list = log.operations.changed.find((o) => o.method === 'get')!
    expect(list.parameters).toEqual({
      added: ['query cursor'],
      removed: ['query legacy'],
      changed: ['query limit']
    })
    expect(list.responses).toEqual({
      added: ['429'],
      removed: ['500'],
      changed: [{ status: '200', added: ['text/csv'], removed: [], changed: [] }]
    })
  })

  it('names request content types added, removed and changed, and response schema changes', () => {
    const create = log.operations.changed.find((o) => o.method === 'post')!
    expect(create.parameters).toEqual({ added: [], removed: [], changed: [] })
    expect(create.requestBody).toEqual({
      added: ['multipart/form-data'],
      removed: ['application/xml'],
      changed: ['application/json']
    })
    expect(create.responses.changed).toEqual([
      { status: '201', added: [], removed: [], changed: ['application/json'] }
    ])
  })

  it('lists component schemas added, removed and changed (a property named description is not a doc)', () => {
    expect(log.schemas).toEqual({ added: ['NewPet'], removed: ['Toy'], changed: ['Pet'] })
  })

  it('renders deterministic markdown with spec text escaped', () => {
    const markdown = renderChangelogMarkdown(log)
    expect(markdown).toBe(
      renderChangelogMarkdown(
        diffSpecs(load(path.join(DIR, 'old.yaml'), 'old'), load(path.join(DIR, 'new.yaml'), 'new'))
      )
    )
    expect(markdown).toContain(
      '1 operation added, 1 operation removed, 2 operations changed, 1 schema added, 1 schema removed, 1 schema changed.'
    )
    expect(markdown).toContain(
      '- `POST /vector_stores` — Create a \\`vector\\` store &lt;b&gt;now&lt;/b&gt;'
    )
    expect(markdown).toContain(
      '- `GET /pets`: parameters added `query cursor`; parameters removed `query legacy`; parameters changed `query limit`; responses added `429`; responses removed `500`; response `200` content types added `text/csv`'
    )
    expect(markdown).not.toContain('<b>')
  })

  it('finds no change between a spec and itself, or between its patched and unpatched forms', () => {
    const old = load(path.join(DIR, 'old.yaml'), 'a')
    expect(isEmptyChangelog(diffSpecs(old, old))).toBe(true)
    expect(changelogHeadline(diffSpecs(old, old))).toBe('no API changes')
  })

  it('handles Swagger 2.0 bodies and responses', () => {
    const swagger = (schema: string, extraPath = '') => ({
      root: JSON.parse(`{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/a": {"put": {"consumes": ["application/json"], "parameters": [{"name": "body", "in": "body", "schema": ${schema}}],
        "responses": {"200": {"description": "ok", "schema": ${schema}}}}}${extraPath}}}`),
      label: 'x'
    })
    const log = diffSpecs(
      swagger('{"type": "string"}'),
      swagger('{"type": "integer"}', ', "/b": {"get": {"responses": {}}}')
    )
    expect(log.operations.added.map((o) => o.path)).toEqual(['/b'])
    expect(log.operations.changed[0].requestBody.changed).toEqual(['application/json'])
    expect(log.operations.changed[0].responses.changed).toEqual([
      { status: '200', added: [], removed: [], changed: ['application/json'] }
    ])
  })

  it('is available as `apim-versions diff`, markdown and JSON', async () => {
    const md = await cli(['diff', 'old.yaml', 'new.yaml'], DIR)
    expect(md.code).toBe(0)
    expect(md.stdout).toMatch(/^### 2024-01-01 \(old.yaml\) → 2024-05-01-preview \(new.yaml\)\n/)
    const json = await cli(['diff', 'old.yaml', 'new.yaml', '--json'], DIR)
    expect(JSON.parse(json.stdout).schemas).toEqual({
      added: ['NewPet'],
      removed: ['Toy'],
      changed: ['Pet']
    })
  })
})

describeShared('change log on the real 2024-02-01 → 2024-05-01-preview pair', () => {
  it('shows the operations the preview added, vector stores among them', () => {
    const read = (file: string, label: string) => {
      const spec = parseSpec(fs.readFileSync(sharedFile(file), 'utf8'), file, 'json')
      return { root: patchSpec(spec).value, label }
    }
    const log = diffSpecs(
      read('inference/stable/2024-02-01/inference.json', '2024-02-01'),
      read('inference/preview/2024-05-01-preview/inference.json', '2024-05-01-preview')
    )
    const added = log.operations.added.map((o) => `${o.method.toUpperCase()} ${o.path}`)
    expect(added).toEqual(
      expect.arrayContaining([
        'POST /vector_stores',
        'GET /vector_stores/{vector_store_id}',
        'POST /vector_stores/{vector_store_id}/files',
        'POST /assistants',
        'POST /threads/{thread_id}/runs'
      ])
    )
    expect(log.operations.removed).toEqual([])
    expect(added.length).toBe(36)
    expect(log.schemas.added.length).toBeGreaterThan(50)
  })
})
