import pLimit from 'p-limit'
import { DEFAULT_RETRY, readApim, type RetryOptions } from '../apim/retry.js'
import type { ApimGateway } from '../apim/types.js'
import type { Settings } from '../settings.js'
import type { Problem } from '../specs/errors.js'
import { applyBudget, nextRevision, revisionsToDelete } from './budget.js'
import { withSteps, type Plan, type VersionAction } from './planner.js'

/** Steps that put operations into the service: only then are its tier and load read. */
const ADDING: VersionAction[] = ['import', 'revise', 'reimport']

/** Requests at once while counting the operations of each API entity. */
const COUNT_CONCURRENCY = 8

/**
 * The plan with what the service's size decides: the revisions keep-revisions deletes after each
 * new release, and the operation budget of the service's tier. Nothing is read when the plan adds
 * no operations, so a no-op plan stays at its three requests. A budget that cannot be read is a
 * warning, not a failure: the plan stands without it.
 */
export async function planWithServiceLoad(
  plan: Plan,
  settings: Settings,
  apim: ApimGateway,
  problems: Problem[],
  retry: RetryOptions = DEFAULT_RETRY
): Promise<Plan> {
  if (!plan.versions.some((s) => ADDING.includes(s.action))) return plan
  const limit = pLimit(COUNT_CONCURRENCY)
  const keep = settings.keepRevisions
  const versions = await Promise.all(
    plan.versions.map(async (step) => {
      if (step.action !== 'revise' || keep === undefined) return step
      const revisions = await limit(() =>
        readApim(`the revisions of ${step.apiId}`, () => apim.listRevisions(step.apiId), retry)
      )
      const next = nextRevision(
        revisions,
        revisions.find((r) => r.isCurrent)?.revision ?? step.revision
      )
      const deleteRevisions = revisionsToDelete(revisions, next, keep)
      return deleteRevisions.length > 0 ? { ...step, deleteRevisions } : step
    })
  )
  const withDeletions = withSteps(plan, versions)
  try {
    const [sku, names] = await Promise.all([
      readApim('the service tier', () => apim.getServiceSku(), retry),
      readApim('the list of API revisions', () => apim.listAllApiNames(), retry)
    ])
    const counts = await Promise.all(
      names.map((name) =>
        limit(() => readApim(`the operations of ${name}`, () => apim.countOperations(name), retry))
      )
    )
    const operations = new Map(names.map((name, i) => [name.toLowerCase(), counts[i]]))
    return applyBudget(withDeletions, { sku, operations })
  } catch (err) {
    problems.push({
      severity: 'warning',
      file: settings.specs.specFolder,
      message: `the service's operation budget was not checked: ${(err as Error).message}`
    })
    return withDeletions
  }
}
