import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { planApply, runFailure, type ApimAccess } from '../src/pipeline.js'
import { parseProvenance } from '../src/plan/desired.js'
import { readSettings, type RawInputs } from '../src/settings.js'
import { useEmulator, type TestEmulator } from './support/emulator.js'
import { FAST_RETRY, gatewayFor } from './support/engine.js'
import { tempDir, writeTree } from './support/temp.js'

// Two things the plan learns from APIM's records, through the pipeline, the real SDK and the
// emulator: an API id that is not ours to write is a conflict, and a revision says what it
// changes against the spec its current revision was imported from (read from git).

function spec(operations: string[]): string {
  const paths = Object.fromEntries(
    operations.map((op) => [
      `/${op}`,
      {
        post: {
          operationId: op,
          parameters: [
            { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } }
          ],
          responses: { '200': { description: 'ok' } }
        }
      }
    ])
  )
  return JSON.stringify({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths }, null, 2)
}

function access(t: TestEmulator): ApimAccess {
  const apim = gatewayFor(t)
  return {
    getIdToken: () => Promise.reject(new Error('no OIDC here')),
    withoutAzure: async () => ({
      apim,
      service: apim.description,
      close: async () => undefined,
      retry: FAST_RETRY
    })
  }
}

const quiet = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, w: () => Promise<T>) => w()
}

function run(t: TestEmulator, workspace: string, inputs: RawInputs, mode: 'plan' | 'apply') {
  const settings = readSettings({ 'service-url': 'http://127.0.0.1:9/x', ...inputs, mode })
  return planApply(settings, workspace, access(t), quiet)
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8'
  }).trim()
}

describe('an API id that is not ours', () => {
  const t = useEmulator()

  it('is a conflict, never taken over: the other versions go on and the run fails naming it', async () => {
    // Made by hand, outside any version set, with the id this folder's 2024-02-01 would get.
    await t.client.api.beginCreateOrUpdateAndWait(t.rg, t.svc, 'own-2024-02-01', {
      displayName: 'by hand',
      path: 'by-hand',
      protocols: ['https']
    })
    const workspace = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': spec(['a']),
      'specs/2024-02-01/openapi.json': spec(['a'])
    })
    const outcome = await run(t, workspace, { 'api-id': 'own' }, 'apply')
    const steps = outcome.plan.run.plan.versions.map((v) => [v.version, v.action])
    expect(steps).toEqual([
      ['2024-01-01', 'import'],
      ['2024-02-01', 'conflict']
    ])
    expect(outcome.plan.run.plan.versions[1].reason).toContain(
      "APIM already has an API 'own-2024-02-01' outside any version set"
    )
    expect(outcome.applied?.imported).toEqual(['2024-01-01'])
    const kept = await t.client.api.get(t.rg, t.svc, 'own-2024-02-01')
    expect([kept.displayName, kept.apiVersionSetId ?? null]).toEqual(['by hand', null])
    expect(runFailure(outcome)).toMatch(/^1 version is in conflict, left alone:\n2024-02-01: /)
  })

  it('is a conflict when its provenance names another api-id, even inside this version set', async () => {
    const workspace = writeTree(tempDir(), { 'specs/2024-03-01/openapi.json': spec(['a']) })
    await run(t, workspace, { 'api-id': 'mine' }, 'apply')
    const description = (await t.client.api.get(t.rg, t.svc, 'mine-2024-03-01'))
      .apiRevisionDescription!
    expect(parseProvenance(description)?.apiId).toBe('mine')
    await t.client.api.update(t.rg, t.svc, 'mine-2024-03-01', '*', {
      apiRevisionDescription: description.replace(' api=mine ', ' api=theirs ')
    })
    const outcome = await run(t, workspace, { 'api-id': 'mine' }, 'plan')
    expect(outcome.plan.run.plan.versions.map((v) => [v.version, v.action])).toEqual([
      ['2024-03-01', 'conflict']
    ])
    expect(outcome.plan.run.plan.versions[0].reason).toContain("names api-id 'theirs'")
  })
})

describe("a revision's change log", () => {
  const t = useEmulator()

  it('is against the spec the current revision was imported from (its commit), then the version log', async () => {
    const workspace = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': spec(['chat']),
      'specs/2024-06-01/openapi.json': spec(['chat', 'embeddings'])
    })
    git(workspace, 'init', '-q')
    git(workspace, 'add', '.')
    git(workspace, 'commit', '-qm', 'first')
    const first = git(workspace, 'rev-parse', 'HEAD')
    await run(t, workspace, { 'api-id': 'rev' }, 'apply')
    const description = (await t.client.api.get(t.rg, t.svc, 'rev-2024-06-01'))
      .apiRevisionDescription
    expect(parseProvenance(description)).toMatchObject({
      commit: first,
      file: 'specs/2024-06-01/openapi.json'
    })

    fs.writeFileSync(
      path.join(workspace, 'specs/2024-06-01/openapi.json'),
      spec(['chat', 'embeddings', 'images'])
    )
    git(workspace, 'commit', '-qam', 'second')
    const outcome = await run(t, workspace, { 'api-id': 'rev' }, 'plan')
    const step = outcome.plan.run.plan.versions.find((v) => v.version === '2024-06-01')!
    expect(step.action).toBe('revise')
    expect(step.changes).toBe(
      'this revision: 1 operation added; 2 operations added (since 2024-01-01)'
    )
    const d = outcome.plan.run.desired.versions.find((v) => v.version === '2024-06-01')!
    expect(d.revisionChangelog?.from).toBe(`2024-06-01 at ${first.slice(0, 7)}`)
    expect(d.revisionChangelog?.operations.added.map((o) => o.path)).toEqual(['/images'])

    // Apply: revision 2 is made current, and its APIM release notes say the revision's change first.
    const applied = await run(t, workspace, { 'api-id': 'rev' }, 'apply')
    expect(applied.applied?.revised).toEqual(['2024-06-01'])
    const notes: string[] = []
    for await (const r of t.client.apiRelease.listByService(t.rg, t.svc, 'rev-2024-06-01'))
      notes.push(r.notes ?? '')
    const latest = notes.find((n) => n.includes('Changes in this revision'))!
    expect(latest).toContain(
      `Changes in this revision, against 2024-06-01 at ${first.slice(0, 7)}: 1 operation added.`
    )
    expect(latest.indexOf('/images')).toBeGreaterThan(0)
    expect(latest.indexOf('/images')).toBeLessThan(latest.indexOf('#### 2024-01-01 →'))
  })

  it('is left out when the recorded commit cannot be read (not a git checkout)', async () => {
    const workspace = writeTree(tempDir(), { 'specs/2024-01-01/openapi.json': spec(['chat']) })
    await run(t, workspace, { 'api-id': 'nogit' }, 'apply')
    fs.writeFileSync(path.join(workspace, 'specs/2024-01-01/openapi.json'), spec(['chat', 'x']))
    const outcome = await run(t, workspace, { 'api-id': 'nogit' }, 'plan')
    const d = outcome.plan.run.desired.versions[0]
    expect([outcome.plan.run.plan.versions[0].action, d.revisionChangelog]).toEqual([
      'revise',
      undefined
    ])
  })
})
