import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { renderPlanText } from '../src/render/plan.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { runEngine } from './support/engine.js'
import { tempDir, writeTree } from './support/temp.js'

// A Consumption service: 3,000 operations at most, every API and revision counted (learn.microsoft.com
// "API Management service limits"). The emulator keeps the same limit at import.
const t = useEmulator({ sku: 'Consumption' })

/** `count` GET operations besides the mini spec's two. */
function specWith(version: string, count: number, tweak = ''): string {
  const paths: Record<string, unknown> = {}
  for (let i = 0; i < count; i++) {
    paths[`/items${i}`] = {
      get: { operationId: `item${i}${tweak}`, responses: { '200': { description: 'OK' } } }
    }
  }
  return miniSpec(version, paths)
}

describe('the operation budget against the emulator', () => {
  it('imports what fits, blocks the version that would cross the tier limit, and warns past 80 %', async () => {
    const workspace = tempDir()
    writeTree(workspace, {
      'specs/2024-01-01/openapi.json': specWith('2024-01-01', 1298),
      'specs/2024-02-01/openapi.json': specWith('2024-02-01', 1298),
      'specs/2024-03-01/openapi.json': specWith('2024-03-01', 1298)
    })
    const inputs = { 'api-id': 'big', 'api-path': 'big' }
    const { run, result } = await runEngine(t, workspace, inputs)
    expect(run.plan.versions.map((v) => [v.version, v.action, v.operations])).toEqual([
      ['2024-01-01', 'import', 1300],
      ['2024-02-01', 'import', 1300],
      ['2024-03-01', 'blocked', 1300]
    ])
    expect(run.plan.versions[2].reason).toContain(
      "would take the service to 3,900, past the Consumption tier's limit of 3,000"
    )
    expect(run.plan.budget).toMatchObject({
      sku: 'Consumption',
      limit: 3000,
      before: 0,
      after: 2600
    })
    expect(run.plan.budget?.warning).toContain('2,600 of the 3,000 operations')
    expect(renderPlanText(run.plan, 'svc')).toContain(
      'Operations in the service: 0 → 2,600 of 3,000 (Consumption tier); warning:'
    )
    expect(result?.versions.map((v) => [v.version, v.status])).toEqual([
      ['2024-01-01', 'done'],
      ['2024-02-01', 'done'],
      ['2024-03-01', 'skipped']
    ])

    // The plan was right: the emulator refuses the third version as APIM would.
    const refused = t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      'big-2024-03-01',
      {
        format: 'openapi+json',
        value: specWith('2024-03-01', 1298),
        path: 'big3',
        displayName: 'big'
      },
      { updateIntervalInMs: 10 }
    )
    await expect(refused).rejects.toThrow(/maximum number of Operations \(3000\)/)

    // Nothing to import: no budget read, the plan stays at its three requests.
    fs.rmSync(path.join(workspace, 'specs/2024-03-01'), { recursive: true })
    await t.clearRequests()
    const noop = await runEngine(t, workspace, inputs, false)
    expect(noop.run.plan.budget).toBeUndefined()
    expect((await t.requests()).map((r) => r.method)).toEqual(['GET', 'GET', 'GET'])
  })
})

describe('keep-revisions against the emulator', () => {
  it('deletes the non-current revisions beyond the newest N after each release, as the plan lists', async () => {
    const workspace = tempDir()
    const inputs = { 'api-id': 'revs', 'api-path': 'revs', 'keep-revisions': '1' }
    const revisions = async () => {
      const all: number[] = []
      for await (const r of t.client.apiRevision.listByService(t.rg, t.svc, 'revs-2024-01-01'))
        all.push(Number(r.apiRevision))
      return all.sort((a, b) => a - b)
    }
    writeTree(workspace, { 'specs/2024-01-01/openapi.json': specWith('2024-01-01', 1) })
    await runEngine(t, workspace, inputs)

    // Revision 2: one non-current revision (1) is within the one kept.
    writeTree(workspace, { 'specs/2024-01-01/openapi.json': specWith('2024-01-01', 1, 'b') })
    const second = await runEngine(t, workspace, inputs)
    expect(second.run.plan.versions[0]).toMatchObject({ action: 'revise' })
    expect(second.run.plan.versions[0].deleteRevisions).toBeUndefined()
    expect(await revisions()).toEqual([1, 2])

    // Revision 3: revisions 1 and 2 become non-current; the newest (2) is kept, 1 deleted.
    writeTree(workspace, { 'specs/2024-01-01/openapi.json': specWith('2024-01-01', 1, 'c') })
    const third = await runEngine(t, workspace, inputs)
    expect(third.run.plan.versions[0]).toMatchObject({ action: 'revise', deleteRevisions: [1] })
    expect(renderPlanText(third.run.plan, 'svc')).toContain(
      'then deletes revision 1 (keep-revisions)'
    )
    expect(third.result?.versions[0]).toMatchObject({ status: 'done', revision: 3 })
    expect(await revisions()).toEqual([2, 3])
  })
})
