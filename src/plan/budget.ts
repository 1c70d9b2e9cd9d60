import { withSteps, type Plan, type VersionStep } from './planner.js'

/**
 * API operations a service may hold, by pricing tier (`sku.name`). learn.microsoft.com
 * "API Management service limits" (2026 update): "When counting the number of API-related
 * resources (such as API operations and tags), API Management also includes API versions and
 * revisions." Tiers the page does not list (Isolated) have no limit here.
 */
export const OPERATION_LIMITS: Readonly<Record<string, number>> = {
  consumption: 3_000,
  developer: 3_000,
  basic: 10_000,
  basicv2: 10_000,
  standard: 50_000,
  standardv2: 50_000,
  premium: 75_000,
  premiumv2: 75_000
}

/** Past this share of the limit the plan warns. */
export const BUDGET_WARNING = 0.8

/** What the service holds now: its tier and the operations of each API entity (`name;rev=N` too). */
export interface ServiceLoad {
  sku: string
  operations: Map<string, number>
}

export interface OperationBudget {
  sku: string
  /** Undefined when the tier has no published limit. */
  limit?: number
  /** Operations in the service now, every API and revision. */
  before: number
  /** After the plan's imports, new revisions and deletions. */
  after: number
  warning?: string
}

/**
 * The plan with the service's operation budget: each step's operations counted in plan order;
 * a step whose additions would take the service past its tier's limit is blocked (deletions are
 * not credited until they are done, as apply runs versions side by side).
 */
export function applyBudget(plan: Plan, load: ServiceLoad): Plan {
  const limit = OPERATION_LIMITS[load.sku.toLowerCase()]
  const ops = (name: string) => load.operations.get(name.toLowerCase()) ?? 0
  const revisionsOf = (apiId: string) =>
    [...load.operations.entries()]
      .filter(
        ([name]) => name === apiId.toLowerCase() || name.startsWith(`${apiId.toLowerCase()};rev=`)
      )
      .reduce((sum, [, n]) => sum + n, 0)
  const before = [...load.operations.values()].reduce((sum, n) => sum + n, 0)
  let peak = before
  let after = before
  const versions = plan.versions.map((step): VersionStep => {
    const { added, removed } = effect(step, ops, revisionsOf, load)
    if (added === 0 && removed === 0) return step
    if (limit !== undefined && peak + added > limit) {
      const { addToProducts: _notAdded, ...rest } = step
      return {
        ...rest,
        action: 'blocked',
        reason:
          `its ${step.operations} operations would take the service to ${fmt(peak + added)}, past the ${load.sku} tier's limit of ${fmt(limit)} ` +
          '(versions and revisions count): leave versions out (min-version, include-previews), keep fewer revisions (keep-revisions) or move to a larger tier'
      }
    }
    peak += added
    after += added - removed
    return step
  })
  const budget: OperationBudget = { sku: load.sku, limit, before, after }
  if (limit !== undefined && Math.max(peak, after) > limit * BUDGET_WARNING) {
    budget.warning = `the service will hold ${fmt(Math.max(peak, after))} of the ${fmt(limit)} operations its ${load.sku} tier allows (${Math.round((100 * Math.max(peak, after)) / limit)} %)`
  }
  return withSteps({ ...plan, budget }, versions)
}

/**
 * Operations a step adds to the service and removes from it. APIM lists the current revision of
 * an API by its name and the others as `name;rev=N`.
 */
function effect(
  step: VersionStep,
  ops: (name: string) => number,
  revisionsOf: (apiId: string) => number,
  load: ServiceLoad
): { added: number; removed: number } {
  const own = step.operations ?? 0
  const revisionOps = (r: number) =>
    r === step.revision ? ops(step.apiId) : ops(`${step.apiId};rev=${r}`)
  const pruned = (step.deleteRevisions ?? []).reduce((sum, r) => sum + revisionOps(r), 0)
  switch (step.action) {
    case 'import':
      return { added: own, removed: 0 }
    case 'revise': {
      // A revision an interrupted run left above the current one is reused (apply does so):
      // the import replaces its operations.
      const leftover = leftoverRevision(step, load)
      const replaced = leftover === undefined ? 0 : revisionOps(leftover)
      return { added: Math.max(0, own - replaced), removed: Math.max(0, replaced - own) + pruned }
    }
    case 'reimport':
    case 'repair': {
      // The import replaces the current revision's operations.
      const current = ops(step.apiId)
      return { added: Math.max(0, own - current), removed: Math.max(0, current - own) }
    }
    case 'delete':
      return { added: 0, removed: revisionsOf(step.apiId) }
    default:
      return { added: 0, removed: 0 }
  }
}

/** The highest revision above the current one, when an interrupted run left one. */
function leftoverRevision(step: VersionStep, load: ServiceLoad): number | undefined {
  const prefix = `${step.apiId.toLowerCase()};rev=`
  const above = [...load.operations.keys()]
    .filter((name) => name.startsWith(prefix))
    .map((name) => Number(name.slice(prefix.length)))
    .filter((r) => Number.isInteger(r) && r > (step.revision ?? 1))
  return above.length > 0 ? Math.max(...above) : undefined
}

function fmt(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * The revisions to delete after a release so that at most `keep` non-current ones remain, the
 * newest kept. Every revision but `becomesCurrent` (the one the release makes current) is
 * non-current then, the one current before it included.
 */
export function revisionsToDelete(
  revisions: { revision: number; isCurrent: boolean }[],
  becomesCurrent: number,
  keep: number
): number[] {
  return revisions
    .map((r) => r.revision)
    .filter((r) => r !== becomesCurrent)
    .sort((a, b) => b - a)
    .slice(keep)
    .sort((a, b) => a - b)
}

/** The revision a revise makes current: a leftover above the current one is reused (as apply does). */
export function nextRevision(
  revisions: { revision: number; isCurrent: boolean }[],
  current = revisions.find((r) => r.isCurrent)?.revision ?? 1
): number {
  const highest = Math.max(current, ...revisions.map((r) => r.revision))
  return highest > current ? highest : highest + 1
}
