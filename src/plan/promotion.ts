import type { DesiredState, DesiredVersion } from './desired.js'
import {
  NO_PROVENANCE,
  withSteps,
  type Plan,
  type VersionAction,
  type VersionStep
} from './planner.js'

/** The environment a plan is promoted from (`promote-from`) and what it has live. */
export interface PromotionSource {
  /** Its name, e.g. `dev`. */
  environment: string
  /**
   * Version (lower case; '' for the version set's Original, which has no version identifier in
   * APIM) → the fingerprint of the spec live there (see `liveKey`).
   */
  live: Map<string, string>
}

/** Steps that put the folder's spec into the service: each waits until the source has it live. */
const PROMOTED: VersionAction[] = ['import', 'revise', 'reimport']

/** The key of a desired version in `PromotionSource.live`: the version APIM holds for it. */
export function liveKey(d: Pick<DesiredVersion, 'version' | 'original'>): string {
  return d.original ? '' : d.version.toLowerCase()
}

/**
 * The plan of an environment promoted from another: a step that would put a spec into the service
 * (import, revise, reimport, or the repair of an API without provenance, which imports the
 * folder's spec) goes ahead only when the source has that version live at the folder's
 * fingerprint; otherwise it is `waiting` and apply leaves it alone. A waiting import joins no
 * product (its API is not there). Unchanged versions, repairs of settings or policy (the spec
 * stays), orphans, deletions, conflicts and blocked versions are as the plan has them.
 */
export function applyPromotion(plan: Plan, desired: DesiredState, source: PromotionSource): Plan {
  const byVersion = new Map(desired.versions.map((d) => [d.version, d]))
  const env = source.environment
  const notJoining = new Set<string>()
  const versions = plan.versions.map((step): VersionStep => {
    const d = byVersion.get(step.version)
    if (!d || !putsSpec(step)) return step
    const live = source.live.get(liveKey(d))
    if (live === d.fingerprint) return step
    const { addToProducts, deleteRevisions: _notYet, ...rest } = step
    if (step.action === 'import' && addToProducts) notJoining.add(step.apiId.toLowerCase())
    return {
      ...rest,
      ...(step.action !== 'import' && addToProducts ? { addToProducts } : {}),
      action: 'waiting',
      reason:
        live === undefined
          ? `waiting for ${env}: not in ${env} yet`
          : `waiting for ${env}: ${env} has ${d.version} at fingerprint ${short(live)} (this folder: ${short(d.fingerprint)})`
    }
  })
  const products = plan.products?.map((p) => ({
    ...p,
    add: p.add.filter((id) => !notJoining.has(id.toLowerCase()))
  }))
  return withSteps(
    { ...plan, ...(products ? { products } : {}), promotedFrom: source.environment },
    versions
  )
}

/** Whether the step imports the folder's spec into the service. */
function putsSpec(step: VersionStep): boolean {
  return (
    PROMOTED.includes(step.action) || (step.action === 'repair' && step.reason === NO_PROVENANCE)
  )
}

/** A fingerprint's first 8 hex digits: enough to tell two apart in a reason. */
function short(fingerprint: string): string {
  return `${fingerprint.slice(0, 8)}…`
}
