import type { DesiredState } from './desired.js'
import type { ActualState, VersionAction, VersionStep } from './planner.js'

/** One product's memberships: the versions to add, and the set's other APIs in it (reported). */
export interface ProductPlan {
  id: string
  /** API ids the apply adds to the product. */
  add: string[]
  /** APIs of this version set in the product that the folder does not hold: never removed. */
  others: string[]
}

/** Versions whose API is (or will be) in APIM as the folder says: they belong in every product. */
const MEMBER_ACTIONS: VersionAction[] = ['import', 'revise', 'reimport', 'repair', 'unchanged']

/**
 * Every version the folder holds is a member of each product: a new version of all of them, an
 * existing one of those whose API list lacks it. Memberships are read per product (one request
 * each), so the check costs nothing per version.
 */
export function planMemberships(
  desired: DesiredState,
  actual: ActualState,
  steps: VersionStep[]
): { steps: VersionStep[]; products: ProductPlan[] } {
  if (desired.products.length === 0) return { steps, products: [] }
  const members = (product: string) =>
    new Set((actual.productApis?.get(product) ?? []).map((id) => id.toLowerCase()))
  const byProduct = new Map(desired.products.map((p) => [p, members(p)]))
  const planned = steps.map((step) => {
    if (!MEMBER_ACTIONS.includes(step.action)) return step
    const missing = desired.products.filter(
      (p) => step.action === 'import' || !byProduct.get(p)!.has(step.apiId.toLowerCase())
    )
    return missing.length > 0 ? { ...step, addToProducts: missing } : step
  })
  const ours = new Set(actual.apis.map((a) => a.name.toLowerCase()))
  const wanted = new Set(
    planned.filter((s) => MEMBER_ACTIONS.includes(s.action)).map((s) => s.apiId.toLowerCase())
  )
  const products = desired.products.map((id) => ({
    id,
    add: planned.filter((s) => s.addToProducts?.includes(id)).map((s) => s.apiId),
    others: (actual.productApis?.get(id) ?? []).filter(
      (api) => ours.has(api.toLowerCase()) && !wanted.has(api.toLowerCase())
    )
  }))
  return { steps: planned, products }
}
