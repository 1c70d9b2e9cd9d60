import type { ApplyResult } from '../apply/apply.js'
import { code, escapeMarkdown } from './escape.js'
import type { Problem } from '../specs/errors.js'
import type { ProductPlan } from '../plan/memberships.js'
import type { Plan, VersionAction } from '../plan/planner.js'

const ORDER: VersionAction[] = [
  'import',
  'revise',
  'reimport',
  'repair',
  'delete',
  'conflict',
  'blocked',
  'waiting',
  'unchanged',
  'orphan'
]
const VERBS: Record<VersionAction, string> = {
  import: 'to import',
  revise: 'to revise',
  reimport: 'to re-import',
  repair: 'to repair',
  delete: 'to delete',
  conflict: 'in conflict',
  blocked: 'blocked',
  waiting: 'waiting',
  unchanged: 'unchanged',
  orphan: 'orphaned'
}

/** How the counts name an action: `waiting for dev` with promote-from. */
function verb(action: VersionAction, plan: Pick<Plan, 'promotedFrom'>): string {
  return action === 'waiting' ? waitingFor(plan) : VERBS[action]
}

/** `waiting for dev`: what a waiting version waits for. */
export function waitingFor(plan: Pick<Plan, 'promotedFrom'>): string {
  return `waiting for ${plan.promotedFrom ?? 'the source environment'}`
}

/** The note under the counts of a promoted plan. */
export function promotionNote(plan: Pick<Plan, 'promotedFrom'>): string | undefined {
  return plan.promotedFrom
    ? `promoted from ${plan.promotedFrom}: versions and revisions wait until they are live there`
    : undefined
}

/** `2 to import · 1 to revise · 6 unchanged · 0 orphaned` (zero counts of rarer actions left out). */
export function countsLine(plan: Plan): string {
  return ORDER.filter(
    (a) =>
      plan.counts[a] > 0 || a === 'import' || a === 'revise' || a === 'unchanged' || a === 'orphan'
  )
    .map((a) => `${plan.counts[a]} ${verb(a, plan)}`)
    .concat(memberships(plan))
    .join(' · ')
}

/** `3 product memberships to add`, when any. */
function memberships(plan: Plan): string[] {
  const n = (plan.products ?? []).reduce((sum, p) => sum + p.add.length, 0)
  return n > 0 ? [`${n} product membership${n === 1 ? '' : 's'} to add`] : []
}

/** The plan as JSON (the `plan` output; documented in docs/plan-json.md). */
export interface PlanJson extends Pick<
  Plan,
  | 'versionSet'
  | 'fragment'
  | 'versions'
  | 'counts'
  | 'hasChanges'
  | 'budget'
  | 'backend'
  | 'products'
  | 'promotedFrom'
> {
  service: string
  problems: Problem[]
  /** What the settings leave undone, e.g. versions in no product while keys are required. */
  warnings: string[]
}

export function planJson(
  plan: Plan,
  context: { service: string; problems: Problem[]; warnings?: string[] }
): PlanJson {
  return {
    service: context.service,
    versionSet: plan.versionSet,
    fragment: plan.fragment,
    versions: plan.versions,
    counts: plan.counts,
    hasChanges: plan.hasChanges,
    ...(plan.backend ? { backend: plan.backend } : {}),
    ...(plan.products ? { products: plan.products } : {}),
    ...(plan.budget ? { budget: plan.budget } : {}),
    ...(plan.promotedFrom ? { promotedFrom: plan.promotedFrom } : {}),
    problems: context.problems,
    warnings: context.warnings ?? []
  }
}

/** `Operations: 1,204 → 1,391 of 3,000 (Developer tier)`, and the warning past 80 %. */
export function budgetLine(plan: Plan): string | undefined {
  const b = plan.budget
  if (!b) return undefined
  const n = (x: number) => x.toLocaleString('en-US')
  const of = b.limit !== undefined ? ` of ${n(b.limit)}` : ' (no published limit)'
  return `Operations in the service: ${n(b.before)} → ${n(b.after)}${of} (${b.sku} tier)${b.warning ? `; warning: ${b.warning}` : ''}`
}

/** `product P1: adds 2 versions; also holds orphan-api (not in the folder, left alone)` */
export function productLine(p: ProductPlan): string {
  const adds =
    p.add.length === 0
      ? 'every version is a member'
      : `adds ${p.add.length} version${p.add.length === 1 ? '' : 's'}`
  const others =
    p.others.length > 0 ? `; also holds ${p.others.join(', ')} (not in the folder, left alone)` : ''
  return `product ${p.id}: ${adds}${others}`
}

/** Blockers shown per blocked version before "… and N more". */
export const BLOCKERS_SHOWN = 5

export function renderPlanText(plan: Plan, service: string): string {
  const lines = [`Plan for ${service}: ${countsLine(plan)}`]
  const promoted = promotionNote(plan)
  if (promoted) lines.push(`  ${promoted}`)
  lines.push(
    `  version set ${plan.versionSet.id}: ${plan.versionSet.action}; fragment ${plan.fragment.id}: ${plan.fragment.action}`
  )
  if (plan.backend) lines.push(`  backend ${plan.backend.id}: ${plan.backend.action}`)
  for (const p of plan.products ?? []) lines.push(`  ${productLine(p)}`)
  const budget = budgetLine(plan)
  if (budget) lines.push(`  ${budget}`)
  const width = Math.max(7, ...plan.versions.map((v) => v.version.length))
  for (const v of plan.versions) {
    lines.push(`  ${v.version.padEnd(width)}  ${v.action.padEnd(9)}  ${v.apiId}: ${v.reason}`)
    if (v.addToProducts)
      lines.push(
        `      then joins product${v.addToProducts.length === 1 ? '' : 's'} ${v.addToProducts.join(', ')}`
      )
    if (v.deleteRevisions)
      lines.push(
        `      then deletes revision${v.deleteRevisions.length === 1 ? '' : 's'} ${v.deleteRevisions.join(', ')} (keep-revisions)`
      )
    const blockers = v.blockers ?? []
    for (const p of blockers.slice(0, BLOCKERS_SHOWN))
      lines.push(`      ${p.line ? `${p.file}:${p.line}` : p.file}: ${p.message}`)
    if (blockers.length > BLOCKERS_SHOWN)
      lines.push(`      … and ${blockers.length - BLOCKERS_SHOWN} more`)
  }
  return lines.join('\n') + '\n'
}

export function renderApplyMarkdown(result: ApplyResult): string {
  const lines = ['### Applied', '']
  if (result.blocked) {
    lines.push(
      `Stopped before any version: the ${result.blocked.step} failed: ${code(result.blocked.code)} ${escapeMarkdown(result.blocked.message)}`,
      ''
    )
    return lines.join('\n')
  }
  if (result.backend === 'failed') lines.push('- ❌ the backend entity was not written', '')
  const failed = result.versions.filter((v) => v.status === 'failed')
  const done = result.versions.filter((v) => v.status === 'done')
  lines.push(`${done.length} done · ${failed.length} failed`, '')
  for (const v of failed) {
    lines.push(
      `- ❌ ${code(v.version)} (${v.action}) failed at ${v.error!.step}: ${code(v.error!.code)} ${escapeMarkdown(v.error!.message)}`
    )
  }
  for (const v of done) {
    lines.push(
      `- ✅ ${code(v.version)} ${v.action}${v.revision ? ` (revision ${v.revision} current)` : ''} in ${duration(v.ms)}`
    )
  }
  return lines.join('\n') + '\n'
}

/** `850 ms` under a second, `12.3 s` above. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
