import { describe, expect, it } from '@jest/globals'
import {
  applyBudget,
  nextRevision,
  OPERATION_LIMITS,
  revisionsToDelete,
  type ServiceLoad
} from '../src/plan/budget.js'
import {
  apiIdFor,
  provenanceOf,
  type DesiredState,
  type DesiredVersion
} from '../src/plan/desired.js'
import { planChanges, type ActualState } from '../src/plan/planner.js'
import { renderPlanText } from '../src/render/plan.js'
import { renderPlanComment } from '../src/render/plan-comment.js'
import { readSettings } from '../src/settings.js'

const FP = 'a'.repeat(16)
const CFG = 'b'.repeat(12)

const version = (
  v: string,
  operations = 10,
  extra: Partial<DesiredVersion> = {}
): DesiredVersion => ({
  version: v,
  apiId: apiIdFor('aoai', v),
  file: `specs/${v}/inference.json`,
  fingerprint: FP,
  configHash: CFG,
  provenance: provenanceOf(FP, CFG, `specs/${v}/inference.json`),
  importProps: {} as never,
  policyXml: '<policies />',
  operations,
  patchSummary: 'api-version optional',
  patchEntries: [],
  ...extra
})

const desired = (...versions: DesiredVersion[]): DesiredState => ({
  versionSet: {
    id: 'aoai',
    props: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: {
    id: 'aoai-common',
    value: '<fragment/>',
    description: 'Managed by apim-version-action'
  },
  products: [],
  versions
})

const actual = (...apis: { version: string; fingerprint?: string }[]): ActualState => ({
  versionSet: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' },
  fragment: '<fragment/>',
  fragmentDescription: 'Managed by apim-version-action',
  apis: apis.map((a) => ({
    name: apiIdFor('aoai', a.version),
    apiVersion: a.version,
    apiVersionSetId: '/apiVersionSets/aoai',
    apiRevision: 2,
    path: 'openai',
    apiRevisionDescription: provenanceOf(a.fingerprint ?? FP, CFG, 'x')
  }))
})

const plan = (d: DesiredState, a: ActualState) =>
  planChanges(d, a, { onSpecChange: 'revision', prune: false })

const load = (sku: string, entries: Record<string, number>): ServiceLoad => ({
  sku,
  operations: new Map(Object.entries(entries))
})

describe('a version APIM would refuse is blocked', () => {
  const blocker = {
    severity: 'error' as const,
    file: 'specs/2025-03-01-preview/inference.json',
    line: 13063,
    message: 'recursion: CompoundFilter refers to itself'
  }

  it('is planned as blocked with its problems, never as an import or a revision', () => {
    const p = plan(
      desired(
        version('2024-10-21'),
        version('2025-03-01-preview', 12, { blockers: [blocker] }),
        version('2024-06-01', 10, { fingerprint: 'c'.repeat(16), blockers: [blocker] })
      ),
      actual({ version: '2024-06-01' })
    )
    const [ga, preview, existing] = p.versions
    expect(ga.action).toBe('import')
    expect(preview).toMatchObject({ action: 'blocked', blockers: [blocker] })
    expect(preview.reason).toContain('specs/2025-03-01-preview/inference.json:13063')
    // In APIM already, with a spec that changed into one APIM refuses: APIM keeps what it has.
    expect(existing).toMatchObject({ action: 'blocked', apiId: 'aoai-2024-06-01', revision: 2 })
    expect(existing.reason).toContain('APIM keeps what it has')
    expect(p.counts).toMatchObject({ import: 1, blocked: 2, revise: 0 })
    expect(p.hasChanges).toBe(true)
  })

  it('shows the blockers in the text plan and the comment, at file:line', () => {
    const p = plan(desired(version('2025-03-01-preview', 12, { blockers: [blocker] })), actual())
    const text = renderPlanText(p, 'svc')
    expect(text).toContain('1 blocked')
    expect(text).toContain('specs/2025-03-01-preview/inference.json:13063: recursion')
    const comment = renderPlanComment({
      apiId: 'aoai',
      service: 'svc',
      plan: p,
      desired: desired(),
      problems: []
    })
    expect(comment).toContain('**1 blocked**')
    expect(comment).toContain('`specs/2025-03-01-preview/inference.json:13063`')
    expect(comment).toMatch(/\| `2025-03-01-preview` \| .* \| \*\*blocked\*\* \|/)
  })
})

describe('the plan comment', () => {
  it('shows the versions as a Mermaid timeline, new and revised marked, moving versions in their own lane', () => {
    const p = plan(
      desired(version('2024-10-21'), version('v1', 10, { fingerprint: 'e'.repeat(16) })),
      actual({ version: 'v1' })
    )
    const comment = renderPlanComment({
      apiId: 'aoai',
      service: 'svc',
      plan: p,
      desired: desired(),
      problems: []
    })
    expect(comment).toContain('```mermaid\ntimeline')
    expect(comment).toContain('section stable')
    expect(comment).toContain('2024-10-21 (new)')
    expect(comment).toContain('section moving')
    expect(comment).toContain('v1 (revised)')
  })
})

describe('the operation budget', () => {
  it('knows the published limits of every tier (Isolated has none)', () => {
    expect(OPERATION_LIMITS.developer).toBe(3000)
    expect(OPERATION_LIMITS.standardv2).toBe(50000)
    expect(OPERATION_LIMITS.isolated).toBeUndefined()
  })

  it('counts what the plan adds and blocks the version that would cross the limit', () => {
    const p = plan(
      desired(version('2024-02-01', 900), version('2024-06-01', 900), version('2024-10-21', 900)),
      actual()
    )
    const budgeted = applyBudget(p, load('Developer', { other: 1000, 'other;rev=2': 150 }))
    expect(budgeted.versions.map((v) => v.action)).toEqual(['import', 'import', 'blocked'])
    expect(budgeted.versions[2].reason).toContain("past the Developer tier's limit of 3,000")
    expect(budgeted.budget).toMatchObject({
      sku: 'Developer',
      limit: 3000,
      before: 1150,
      after: 2950
    })
    expect(budgeted.budget?.warning).toContain('2,950 of the 3,000')
    expect(budgeted.counts).toMatchObject({ import: 2, blocked: 1 })
  })

  it('says nothing past 80 % and credits deleted revisions after the release', () => {
    const p = plan(
      desired(version('2024-10-21', 40)),
      actual({ version: '2024-10-21', fingerprint: 'd'.repeat(16) })
    )
    const revise = { ...p, versions: p.versions.map((s) => ({ ...s, deleteRevisions: [1] })) }
    const budgeted = applyBudget(
      revise,
      load('Standard', { 'aoai-2024-10-21': 40, 'aoai-2024-10-21;rev=1': 38 })
    )
    expect(budgeted.versions[0].action).toBe('revise')
    expect(budgeted.budget).toMatchObject({ before: 78, after: 80, limit: 50000 })
    expect(budgeted.budget?.warning).toBeUndefined()
  })

  it('counts a reused leftover revision once, and credits the old current revision keep-revisions deletes', () => {
    const p = plan(
      desired(version('2024-10-21', 1000)),
      actual({ version: '2024-10-21', fingerprint: 'd'.repeat(16) })
    )
    // Current revision 2 (listed by its name) and a revision 3 an interrupted run left behind.
    const step = { ...p.versions[0], deleteRevisions: [2] }
    const budgeted = applyBudget(
      { ...p, versions: [step] },
      load('Consumption', { 'aoai-2024-10-21': 1000, 'aoai-2024-10-21;rev=3': 1000, other: 900 })
    )
    // The import into revision 3 adds nothing; deleting the old current revision 2 frees 1,000.
    expect(budgeted.versions[0].action).toBe('revise')
    expect(budgeted.budget).toMatchObject({ before: 2900, after: 1900 })
  })

  it('has no limit for a tier the limits page does not list', () => {
    const p = plan(desired(version('2024-10-21', 99999)), actual())
    const budgeted = applyBudget(p, load('Isolated', {}))
    expect(budgeted.versions[0].action).toBe('import')
    expect(budgeted.budget).toMatchObject({ limit: undefined, after: 99999 })
  })
})

describe('keep-revisions', () => {
  const revisions = (current: number, ...numbers: number[]) =>
    numbers.map((revision) => ({ revision, isCurrent: revision === current }))

  it('keeps the newest N non-current revisions once the new one is current', () => {
    // Revisions 1-4, 4 current: the release makes 5 current; 4, 3 kept with N = 2.
    expect(nextRevision(revisions(4, 1, 2, 3, 4))).toBe(5)
    expect(revisionsToDelete(revisions(4, 1, 2, 3, 4), 5, 2)).toEqual([1, 2])
    expect(revisionsToDelete(revisions(4, 1, 2, 3, 4), 5, 0)).toEqual([1, 2, 3, 4])
    expect(revisionsToDelete(revisions(1, 1), 2, 3)).toEqual([])
  })

  it('reuses a revision an interrupted run left above the current one, and never deletes it', () => {
    expect(nextRevision(revisions(2, 1, 2, 3))).toBe(3)
    expect(revisionsToDelete(revisions(2, 1, 2, 3), 3, 1)).toEqual([1])
  })

  it('is read from the input: a whole number, 0 or more', () => {
    const base = { mode: 'plan', 'api-id': 'aoai' }
    expect(readSettings(base).keepRevisions).toBeUndefined()
    expect(readSettings({ ...base, 'keep-revisions': '3' }).keepRevisions).toBe(3)
    expect(readSettings({ ...base, 'keep-revisions': '0' }).keepRevisions).toBe(0)
    expect(() => readSettings({ ...base, 'keep-revisions': 'all' })).toThrow(
      /keep-revisions: expected a whole number/
    )
    expect(() => readSettings({ ...base, 'keep-revisions': '-1' })).toThrow(/keep-revisions/)
  })

  it('importable is patch, check or off', () => {
    const base = { mode: 'plan', 'api-id': 'aoai' }
    expect(readSettings(base).specs.importable).toBe('patch')
    expect(readSettings({ ...base, importable: 'CHECK' }).specs.importable).toBe('check')
    expect(() => readSettings({ ...base, importable: 'fix' })).toThrow(
      /importable: 'fix' is not one of patch, check, off/
    )
  })
})
