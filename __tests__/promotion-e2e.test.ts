import { describe, expect, it } from '@jest/globals'
import { parseProvenance } from '../src/plan/desired.js'
import type { VersionStep } from '../src/plan/planner.js'
import { renderPlanText } from '../src/render/plan.js'
import { miniSpec, useEmulator, type TestEmulator } from './support/emulator.js'
import { runEngine, runPromoted } from './support/engine.js'
import { tempDir, writeTree } from './support/temp.js'

// promote-from against two emulators as dev and prod, through the real engine and SDK: prod takes
// only the versions (and, by fingerprint, the revisions) dev has live; the rest wait for dev and
// apply leaves them alone.

const dev = useEmulator()
const prod = useEmulator()

const inputs = { 'api-id': 'promo', 'service-url': 'http://127.0.0.1:9/x' }
const actions = (steps: VersionStep[]) => steps.map((s) => [s.version, s.action])

/** Version → the fingerprint its API's provenance records in this service. */
async function fingerprints(t: TestEmulator): Promise<Record<string, string | undefined>> {
  const found: Record<string, string | undefined> = {}
  for await (const api of t.client.api.listByService(t.rg, t.svc)) {
    if (!api.apiVersion) continue
    found[api.apiVersion] = parseProvenance(api.apiRevisionDescription)?.fingerprint
  }
  return found
}

/** The ARM requests a step makes to each service. */
async function requests(t: TestEmulator): Promise<string[]> {
  return (await t.requests())
    .filter((r) => r.kind === 'arm')
    .map((r) => `${r.method} ${r.path.replace(/^.*\/service\/[^/]+/, '').replace(/\?.*$/, '')}`)
}

describe('prod with promote-from: dev', () => {
  const source = { environment: 'dev', emulator: dev }

  it('waits for versions and revisions until dev has them live, then takes them', async () => {
    const workspace = writeTree(tempDir(), {
      'specs/2024-06-01/openapi.json': miniSpec('2024-06-01'),
      'specs/2024-10-21/openapi.json': miniSpec('2024-10-21')
    })

    // Nothing in dev: both wait, and prod's apply leaves them alone (its version set and
    // fragment are its own, written as for any plan).
    const first = await runPromoted(prod, source, workspace, inputs)
    expect(first.opened).toEqual([{ environment: 'dev', mode: 'apply' }])
    expect(actions(first.run.plan.versions)).toEqual([
      ['2024-06-01', 'waiting'],
      ['2024-10-21', 'waiting']
    ])
    expect(first.run.plan.versions[0].reason).toBe('waiting for dev: not in dev yet')
    expect(first.run.plan.counts).toMatchObject({ import: 0, waiting: 2 })
    expect(first.result?.versions.map((v) => v.status)).toEqual(['skipped', 'skipped'])
    expect(first.failure).toBeUndefined()
    expect(await fingerprints(prod)).toEqual({})
    const text = renderPlanText(first.run.plan, 'prod')
    expect(text).toContain('0 to import · 0 to revise · 2 waiting for dev')
    expect(text).toContain(
      'promoted from dev: versions and revisions wait until they are live there'
    )
    expect(first.log).toContain(
      'promote-from dev: versions and revisions wait until they are live in dev (apim-emulator (resource group rg-apim-emulator))'
    )

    // dev applies: prod's plan takes both.
    const devApply = await runEngine(dev, workspace, inputs)
    expect(actions(devApply.run.plan.versions)).toEqual([
      ['2024-06-01', 'import'],
      ['2024-10-21', 'import']
    ])
    expect(devApply.failure).toBeUndefined()
    const ready = await runPromoted(prod, source, workspace, inputs, false)
    expect(actions(ready.run.plan.versions)).toEqual([
      ['2024-06-01', 'import'],
      ['2024-10-21', 'import']
    ])
    const promoted = await runPromoted(prod, source, workspace, inputs)
    expect(promoted.result?.versions.map((v) => [v.version, v.status])).toEqual([
      ['2024-06-01', 'done'],
      ['2024-10-21', 'done']
    ])
    expect(await fingerprints(prod)).toEqual(await fingerprints(dev))

    // A changed spec: a revision for dev, waiting in prod until dev has it live.
    writeTree(workspace, {
      'specs/2024-10-21/openapi.json': miniSpec('2024-10-21', {
        '/files': {
          get: { operationId: 'Files_List', responses: { '200': { description: 'OK' } } }
        }
      })
    })
    const before = await fingerprints(dev)
    const waiting = await runPromoted(prod, source, workspace, inputs)
    expect(actions(waiting.run.plan.versions)).toEqual([
      ['2024-06-01', 'unchanged'],
      ['2024-10-21', 'waiting']
    ])
    const changed = waiting.run.plan.versions[1]
    expect(changed.revision).toBe(1)
    expect(changed.reason).toBe(
      `waiting for dev: dev has 2024-10-21 at fingerprint ${before['2024-10-21']!.slice(0, 8)}… (this folder: ${changed.fingerprint!.slice(0, 8)}…)`
    )
    expect(waiting.run.plan.hasChanges).toBe(false)
    expect(waiting.result?.versions.map((v) => v.status)).toEqual(['skipped', 'skipped'])
    expect(await fingerprints(prod)).toEqual(before)

    const devRevise = await runEngine(dev, workspace, inputs)
    expect(actions(devRevise.run.plan.versions)).toEqual([
      ['2024-06-01', 'unchanged'],
      ['2024-10-21', 'revise']
    ])
    const revise = await runPromoted(prod, source, workspace, inputs, false)
    expect(actions(revise.run.plan.versions)).toEqual([
      ['2024-06-01', 'unchanged'],
      ['2024-10-21', 'revise']
    ])
    const revised = await runPromoted(prod, source, workspace, inputs)
    expect(revised.result?.versions.map((v) => [v.version, v.status, v.revision])).toEqual([
      ['2024-06-01', 'skipped', undefined],
      ['2024-10-21', 'done', 2]
    ])
    expect(await fingerprints(prod)).toEqual(await fingerprints(dev))
    expect((await fingerprints(prod))['2024-10-21']).toBe(changed.fingerprint)

    // In step: prod's no-op plan reads its own three things, and dev's list of APIs once.
    await Promise.all([dev.clearRequests(), prod.clearRequests()])
    const noop = await runPromoted(prod, source, workspace, inputs, false)
    expect(noop.run.plan.hasChanges).toBe(false)
    expect(noop.run.plan.counts).toMatchObject({ unchanged: 2, waiting: 0 })
    expect((await requests(prod)).length).toBeLessThanOrEqual(3)
    expect(await requests(dev)).toEqual(['GET /apis'])
  })
})
