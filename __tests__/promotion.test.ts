import { describe, expect, it } from '@jest/globals'
import type { ApimApi, ApimGateway } from '../src/apim/types.js'
import type { ApimSession } from '../src/pipeline.js'
import {
  apiIdFor,
  provenanceOf,
  type DesiredState,
  type DesiredVersion
} from '../src/plan/desired.js'
import { planChanges, type ActualState, type VersionStep } from '../src/plan/planner.js'
import { applyPromotion, liveKey } from '../src/plan/promotion.js'
import { readLive, withPromotionSource } from '../src/plan/promotion-source.js'
import { countsLine, planJson, renderPlanText } from '../src/render/plan.js'
import { renderPlanComment } from '../src/render/plan-comment.js'
import type { Settings } from '../src/settings.js'

// promote-from: a pure transform of the plan (what the source has live decides what goes ahead),
// the read of the source, and how the plan says so.

const FP = 'a'.repeat(16)
const NEW = 'c'.repeat(16)
const CFG = 'b'.repeat(12)

const version = (v: string, extra: Partial<DesiredVersion> = {}): DesiredVersion => ({
  version: v,
  apiId: apiIdFor('aoai', v),
  file: `specs/${v}/inference.json`,
  fingerprint: FP,
  configHash: CFG,
  provenance: provenanceOf(extra.fingerprint ?? FP, CFG, `specs/${v}/inference.json`),
  importProps: {} as never,
  policyXml: '<policies />',
  operations: 10,
  patchSummary: 'api-version optional',
  patchEntries: [],
  ...extra
})

const desired = (versions: DesiredVersion[], products: string[] = []): DesiredState => ({
  versionSet: {
    id: 'aoai',
    props: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: { id: 'aoai-common', value: '<fragment/>', description: 'Managed' },
  products,
  versions
})

const api = (v: string, description?: string, extra: Partial<ApimApi> = {}): ApimApi => ({
  name: apiIdFor('aoai', v),
  apiVersion: v,
  apiVersionSetId: '/subscriptions/s/apiVersionSets/aoai',
  apiRevision: 2,
  path: 'openai',
  apiRevisionDescription: description,
  ...extra
})

const actual = (apis: ApimApi[], productApis?: Map<string, string[]>): ActualState => ({
  versionSet: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' },
  fragment: '<fragment/>',
  fragmentDescription: 'Managed',
  apis,
  ...(productApis ? { productApis } : {})
})

const plan = (d: DesiredState, a: ActualState) =>
  planChanges(d, a, { onSpecChange: 'revision', prune: false })

const live = (entries: Record<string, string>) => ({
  environment: 'dev',
  live: new Map(Object.entries(entries))
})

const actions = (steps: VersionStep[]) => steps.map((s) => [s.version, s.action])

describe('applyPromotion', () => {
  const d = desired([version('2024-06-01'), version('2024-10-21')])

  it('holds a new version until the source has it live at the folder fingerprint', () => {
    const planned = plan(d, actual([]))
    const none = applyPromotion(planned, d, live({}))
    expect(actions(none.versions)).toEqual([
      ['2024-06-01', 'waiting'],
      ['2024-10-21', 'waiting']
    ])
    expect(none.versions[0].reason).toBe('waiting for dev: not in dev yet')
    expect(none.counts).toMatchObject({ import: 0, waiting: 2 })
    expect(none.promotedFrom).toBe('dev')

    const one = applyPromotion(planned, d, live({ '2024-06-01': FP, '2024-10-21': NEW }))
    expect(actions(one.versions)).toEqual([
      ['2024-06-01', 'import'],
      ['2024-10-21', 'waiting']
    ])
    expect(one.versions[1].reason).toBe(
      'waiting for dev: dev has 2024-10-21 at fingerprint cccccccc… (this folder: aaaaaaaa…)'
    )
    expect(one.counts).toMatchObject({ import: 1, waiting: 1 })

    const both = applyPromotion(planned, d, live({ '2024-06-01': FP, '2024-10-21': FP }))
    expect(both.versions).toEqual(planned.versions)
    expect(both.counts).toEqual(planned.counts)
  })

  it('holds a revision until the source fingerprint matches the folder', () => {
    const changed = desired([version('2024-10-21', { fingerprint: NEW })])
    const planned = plan(changed, actual([api('2024-10-21', provenanceOf(FP, CFG, 'x'))]))
    expect(actions(planned.versions)).toEqual([['2024-10-21', 'revise']])

    const old = applyPromotion(planned, changed, live({ '2024-10-21': FP }))
    expect(old.versions[0]).toMatchObject({
      action: 'waiting',
      apiId: 'aoai-2024-10-21',
      revision: 2,
      fingerprint: NEW
    })
    expect(old.versions[0].reason).toContain('dev has 2024-10-21 at fingerprint aaaaaaaa…')
    expect(old.counts).toMatchObject({ revise: 0, waiting: 1 })

    const caught = applyPromotion(planned, changed, live({ '2024-10-21': NEW }))
    expect(caught.versions[0].action).toBe('revise')

    const reimport = planChanges(changed, actual([api('2024-10-21', provenanceOf(FP, CFG, 'x'))]), {
      onSpecChange: 'reimport',
      prune: false
    })
    expect(applyPromotion(reimport, changed, live({})).versions[0].action).toBe('waiting')
  })

  it('leaves unchanged versions, settings repairs, orphans, conflicts and blocked versions alone', () => {
    const blocker = { severity: 'error' as const, file: 'x.json', message: 'recursion' }
    const mixed = desired([
      version('2024-02-01'),
      version('2024-06-01', { configHash: 'd'.repeat(12) }),
      version('2024-10-21', { blockers: [blocker] }),
      version('2025-01-01')
    ])
    const a = actual([
      api('2024-02-01', provenanceOf(FP, CFG, 'x')),
      api('2024-06-01', provenanceOf(FP, CFG, 'x')),
      api('2023-05-15', provenanceOf(FP, CFG, 'x'))
    ])
    a.others = [{ name: 'aoai-2025-01-01', apiRevision: 1, path: 'elsewhere' }]
    const planned = plan(mixed, a)
    expect(actions(planned.versions)).toEqual([
      ['2024-02-01', 'unchanged'],
      ['2024-06-01', 'repair'],
      ['2024-10-21', 'blocked'],
      ['2025-01-01', 'conflict'],
      ['2023-05-15', 'orphan']
    ])
    // dev has none of them: nothing here puts a spec into the service that dev lacks.
    const promoted = applyPromotion(planned, mixed, live({}))
    expect(promoted.versions).toEqual(planned.versions)
    expect(promoted.hasChanges).toBe(true) // the repair
  })

  it('holds the repair of an API without provenance: its import puts the folder spec in', () => {
    const planned = plan(d, actual([api('2024-06-01', 'made by hand'), api('2024-10-21')]))
    expect(actions(planned.versions)).toEqual([
      ['2024-06-01', 'repair'],
      ['2024-10-21', 'repair']
    ])
    const promoted = applyPromotion(planned, d, live({ '2024-06-01': FP }))
    expect(actions(promoted.versions)).toEqual([
      ['2024-06-01', 'repair'],
      ['2024-10-21', 'waiting']
    ])
  })

  it('recomputes counts and hasChanges: a plan of only waiting versions writes nothing', () => {
    const planned = plan(d, actual([]))
    expect(planned.hasChanges).toBe(true)
    const promoted = applyPromotion(planned, d, live({}))
    expect(promoted.hasChanges).toBe(false)
    expect(Object.values(promoted.counts).reduce((a, b) => a + b, 0)).toBe(2)
    // The version set and fragment are this environment's own: still written when missing.
    const fresh = plan(d, { apis: [] })
    expect(applyPromotion(fresh, d, live({})).hasChanges).toBe(true)
  })

  it('drops the memberships of a waiting import, keeps those of an API already there', () => {
    const changed = desired(
      [version('2024-06-01', { fingerprint: NEW }), version('2024-10-21')],
      ['P1']
    )
    const planned = plan(
      changed,
      actual([api('2024-06-01', provenanceOf(FP, CFG, 'x'))], new Map([['P1', []]]))
    )
    expect(planned.products).toEqual([
      { id: 'P1', add: ['aoai-2024-06-01', 'aoai-2024-10-21'], others: [] }
    ])
    const promoted = applyPromotion(planned, changed, live({}))
    expect(actions(promoted.versions)).toEqual([
      ['2024-06-01', 'waiting'],
      ['2024-10-21', 'waiting']
    ])
    expect(promoted.versions[0].addToProducts).toEqual(['P1'])
    expect(promoted.versions[1].addToProducts).toBeUndefined()
    expect(promoted.products).toEqual([{ id: 'P1', add: ['aoai-2024-06-01'], others: [] }])
    expect(promoted.hasChanges).toBe(true) // the membership of the API that is there
  })

  it("matches the set's Original by its missing version identifier", () => {
    const original = desired([version('2024-10-21', { original: true })])
    expect(liveKey(original.versions[0])).toBe('')
    const planned = plan(original, actual([]))
    expect(applyPromotion(planned, original, live({ '': FP })).versions[0].action).toBe('import')
    expect(applyPromotion(planned, original, live({ '2024-10-21': FP })).versions[0].action).toBe(
      'waiting'
    )
  })

  it('is pure: the plan given is not changed', () => {
    const planned = plan(d, actual([]))
    const copy = structuredClone(planned)
    applyPromotion(planned, d, live({}))
    expect(planned).toEqual(copy)
  })
})

describe('the plan of a promoted environment, rendered', () => {
  const d = desired([version('2024-06-01'), version('2024-10-21')])
  const promoted = applyPromotion(plan(d, actual([])), d, live({ '2024-06-01': FP }))

  it('counts and names the waiting versions, with the note under the counts', () => {
    expect(countsLine(promoted)).toBe(
      '1 to import · 0 to revise · 1 waiting for dev · 0 unchanged · 0 orphaned'
    )
    const text = renderPlanText(promoted, 'prod-apim')
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Plan for prod-apim: 1 to import · 0 to revise · 1 waiting for dev · 0 unchanged · 0 orphaned',
      '  promoted from dev: versions and revisions wait until they are live there'
    ])
    expect(text).toMatch(/2024-10-21 +waiting +aoai-2024-10-21: waiting for dev: not in dev yet/)
    expect(planJson(promoted, { service: 'prod', problems: [] })).toMatchObject({
      promotedFrom: 'dev',
      counts: { waiting: 1 }
    })
  })

  it('shows them in the comment: the note, a list with why, and the table', () => {
    const comment = renderPlanComment({
      apiId: 'aoai',
      service: 'prod-apim',
      plan: promoted,
      desired: d,
      problems: []
    })
    expect(comment).toContain('**1 to import · 0 to revise · 1 waiting for dev · 0 unchanged')
    expect(comment).toContain(
      '> promoted from dev: versions and revisions wait until they are live there'
    )
    expect(comment).toContain('**1 waiting for dev** (left alone here until it is live there):')
    expect(comment).toContain('- `2024-10-21` (new version): not in dev yet')
    expect(comment).toMatch(/\| `2024-10-21` \| .* \| \*\*waiting for dev\*\* \|/)
    expect(comment).toMatch(/\| `2024-06-01` \| .* \| \*\*import\*\* \|/)
    // Details only for what this run writes.
    expect(comment).toContain('<summary>2024-06-01: import')
    expect(comment).not.toContain('<summary>2024-10-21')
  })

  it('says nothing of promotion in a plan without it', () => {
    const alone = plan(d, actual([]))
    expect(renderPlanText(alone, 'dev')).not.toContain('promoted')
    expect(planJson(alone, { service: 'dev', problems: [] })).not.toHaveProperty('promotedFrom')
  })
})

describe('readLive', () => {
  const gateway = (apis: ApimApi[]) => {
    let calls = 0
    const apim = {
      description: 'dev-apim',
      listCurrentApis: async () => {
        calls++
        return apis
      }
    } as unknown as ApimGateway
    return { apim, calls: () => calls }
  }

  it("reads one list: the set's APIs with provenance, by version, the Original as ''", async () => {
    const { apim, calls } = gateway([
      api('2024-06-01', provenanceOf(FP, CFG, 'x', { apiId: 'aoai' })),
      api('2024-10-21', provenanceOf(NEW, CFG, 'x')),
      api('2025-01-01-Preview', provenanceOf(NEW, CFG, 'x'), {
        apiVersionSetId: '/apiVersionSets/AOAI'
      }),
      // Never finished by the action: not live.
      api('2025-02-01', 'made by hand'),
      api('2025-03-01'),
      // Another api-id's API, or another set: not ours.
      api('2025-04-01', provenanceOf(FP, CFG, 'x', { apiId: 'other' })),
      api('2025-05-01', provenanceOf(FP, CFG, 'x'), { apiVersionSetId: '/apiVersionSets/other' }),
      api('2025-06-01', provenanceOf(FP, CFG, 'x'), { apiVersionSetId: undefined }),
      { ...api('x', provenanceOf(NEW, CFG, 'x')), apiVersion: undefined, name: 'aoai-original' }
    ])
    const found = await readLive(apim, 'aoai')
    expect(calls()).toBe(1)
    expect([...found.entries()]).toEqual([
      ['2024-06-01', FP],
      ['2024-10-21', NEW],
      ['2025-01-01-preview', NEW],
      ['', NEW]
    ])
  })

  it('names the source in a failed read', async () => {
    const apim = {
      description: 'dev-apim',
      listCurrentApis: async () => {
        throw Object.assign(new Error('denied'), { statusCode: 403 })
      }
    } as unknown as ApimGateway
    await expect(
      readLive(apim, 'aoai', { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 })
    ).rejects.toThrow('reading the live versions of aoai in dev-apim from APIM: denied')
  })
})

describe('withPromotionSource', () => {
  const settings = { mode: 'plan' } as Settings
  const session = (log: string[]): ApimSession => ({
    apim: { description: 'dev-apim' } as ApimGateway,
    service: 'dev-apim',
    close: async () => void log.push('closed')
  })

  it('plans alone without promote-from: nothing is opened', async () => {
    const log: string[] = []
    const result = await withPromotionSource(
      settings,
      async () => {
        throw new Error('not to be opened')
      },
      { info: (l) => log.push(l) },
      async (source) => (source === undefined ? 'alone' : 'promoted')
    )
    expect(result).toBe('alone')
    expect(log).toEqual([])
  })

  it("opens the source with its own settings in this run's mode and closes it, even on failure", async () => {
    const log: string[] = []
    const promoting = {
      ...settings,
      mode: 'apply',
      promoteFrom: { environment: 'dev', inputs: { 'api-id': 'aoai', mode: 'plan' } }
    } as Settings
    const opened: [string, string][] = []
    const open = async (source: Settings, environment: string) => {
      opened.push([source.mode, environment])
      expect(source.api.id).toBe('aoai')
      return session(log)
    }
    const result = await withPromotionSource(
      promoting,
      open,
      { info: (l) => log.push(l) },
      async (source) => `${source?.environment} ${source?.apim.description}`
    )
    expect(result).toBe('dev dev-apim')
    expect(opened).toEqual([['apply', 'dev']])
    expect(log).toEqual([
      'promote-from dev: versions and revisions wait until they are live in dev-apim',
      'closed'
    ])
    await expect(
      withPromotionSource(promoting, open, { info: () => undefined }, async () => {
        throw new Error('plan failed')
      })
    ).rejects.toThrow('plan failed')
    expect(log.at(-1)).toBe('closed')
    expect(log.filter((l) => l === 'closed')).toHaveLength(2)
  })
})
