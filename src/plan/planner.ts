import type { ApimApi, VersionSetProps } from '../apim/types.js'
import type { OnSpecChange } from '../settings.js'
import { changelogHeadline } from '../specs/changelog.js'
import { compareVersions } from '../specs/versions.js'
import type { Problem } from '../specs/errors.js'
import type { OperationBudget } from './budget.js'
import { planMemberships, type ProductPlan } from './memberships.js'
import { parseProvenance, type DesiredState, type DesiredVersion } from './desired.js'

/** What APIM holds, read with three calls: the version set, the current APIs, the fragment. */
export interface ActualState {
  versionSet?: VersionSetProps
  fragment?: string
  /** The fragment's description: where the action records what it last made of the backend. */
  fragmentDescription?: string
  /** Current APIs in our version set. */
  apis: ApimApi[]
  /** The service's other current APIs: an id of ours taken by one of them is a conflict. */
  others?: ApimApi[]
  /** The API ids in each product the settings name (one read per product). */
  productApis?: Map<string, string[]>
}

export type VersionAction =
  | 'import'
  | 'revise'
  | 'reimport'
  | 'repair'
  | 'unchanged'
  | 'orphan'
  | 'delete'
  | 'conflict'
  | 'blocked'
  /** promote-from: the version (or its new spec) is not live in the source environment yet. */
  | 'waiting'

export const VERSION_ACTIONS: VersionAction[] = [
  'import',
  'revise',
  'reimport',
  'repair',
  'unchanged',
  'orphan',
  'delete',
  'conflict',
  'blocked',
  'waiting'
]
export type ResourceAction = 'create' | 'update' | 'unchanged'

export interface VersionStep {
  version: string
  apiId: string
  action: VersionAction
  reason: string
  channel?: string
  file?: string
  fingerprint?: string
  operations?: number
  patch?: string
  /** One line: what this version changes against the previous one. */
  changes?: string
  /** APIM's current revision, when the API exists. */
  revision?: number
  /** Blocked: what APIM would refuse, at file and line. */
  blockers?: Problem[]
  /** Non-current revisions deleted after the release (keep-revisions). */
  deleteRevisions?: number[]
  /** Products this version's API is added to (missing memberships). */
  addToProducts?: string[]
}

export interface Plan {
  versionSet: { id: string; action: ResourceAction }
  fragment: { id: string; action: ResourceAction }
  versions: VersionStep[]
  counts: Record<VersionAction, number>
  hasChanges: boolean
  /** The service's operations against its tier's limit; read only when the plan adds some. */
  budget?: OperationBudget
  /** The backend entity, known unchanged from the fragment's description. */
  backend?: { id: string; action: 'create or update' | 'unchanged' }
  /** Per product: the memberships to add, and other APIs of the set in it. */
  products?: ProductPlan[]
  /** promote-from: the environment whose live versions this plan waits for. */
  promotedFrom?: string
}

/** A repair's reason when the API has no provenance: its import puts the folder's spec in. */
export const NO_PROVENANCE =
  'in APIM without provenance (an earlier run stopped half-way, or it was made by hand)'

export const WRITING_ACTIONS: VersionAction[] = ['import', 'revise', 'reimport', 'repair', 'delete']

/** The plan: a pure function of the desired and actual state. Deterministic order. */
export function planChanges(
  desired: DesiredState,
  actual: ActualState,
  options: { onSpecChange: OnSpecChange; prune: boolean }
): Plan {
  const byVersion = new Map(actual.apis.map((a) => [(a.apiVersion ?? '').toLowerCase(), a]))
  const byName = new Map(actual.apis.map((a) => [a.name.toLowerCase(), a]))
  const othersById = new Map((actual.others ?? []).map((a) => [a.name.toLowerCase(), a]))
  /** Our set's APIs a desired version claims (by identifier, or by its API id): never orphans. */
  const claimed = new Set<string>()
  const versions: VersionStep[] = desired.versions.map((d) => {
    const base = {
      version: d.version,
      channel: d.channel,
      file: d.file,
      fingerprint: d.fingerprint,
      operations: d.operations,
      patch: d.patchSummary,
      changes: d.changelog
        ? `${changelogHeadline(d.changelog)} (since ${d.changelog.from})`
        : 'first version'
    }
    const existing = byVersion.get(apimVersionOf(d).toLowerCase())
    if (existing) claimed.add(existing.name.toLowerCase())
    const sameId = byName.get(d.apiId.toLowerCase())
    if (!existing && sameId) {
      // The API is there under another version identifier: original-version was switched on or
      // off for it. APIM keeps an API's identifier; importing over it or deleting it as an
      // orphan would both be wrong, so it is left alone and the run says what to do.
      claimed.add(sameId.name.toLowerCase())
      const now = sameId.apiVersion
        ? `version identifier '${sameId.apiVersion}'`
        : 'no version identifier (the Original)'
      const wanted = d.original
        ? 'no identifier (original-version)'
        : `the identifier '${d.version}'`
      return {
        ...base,
        apiId: sameId.name,
        revision: sameId.apiRevision,
        action: 'conflict',
        reason: `APIM holds it with ${now}, the settings want ${wanted}: delete the API ${sameId.name} in APIM (its callers lose it until the next apply), then apply again`
      }
    }
    if (d.blockers && d.blockers.length > 0) {
      return {
        ...base,
        apiId: existing?.name ?? d.apiId,
        ...(existing ? { revision: existing.apiRevision } : {}),
        action: 'blocked',
        reason: blockedReason(d, existing !== undefined),
        blockers: d.blockers
      }
    }
    if (!existing) {
      const taken = othersById.get(d.apiId.toLowerCase())
      if (taken) return { ...base, apiId: d.apiId, action: 'conflict', reason: takenBy(taken) }
      return { ...base, apiId: d.apiId, action: 'import', reason: 'not in APIM' }
    }
    const step = { ...base, apiId: existing.name, revision: existing.apiRevision }
    const recorded = parseProvenance(existing.apiRevisionDescription)
    if (recorded?.apiId && recorded.apiId !== desired.versionSet.id) {
      return {
        ...step,
        action: 'conflict',
        reason: `its provenance names api-id '${recorded.apiId}', not '${desired.versionSet.id}': this run does not take over another api-id's APIs`
      }
    }
    if (!recorded) {
      return {
        ...step,
        action: 'repair',
        reason: NO_PROVENANCE
      }
    }
    if (recorded.fingerprint !== d.fingerprint) {
      if (options.onSpecChange === 'ignore') {
        return {
          ...step,
          action: 'unchanged',
          reason: `spec changed (${recorded.fingerprint} → ${d.fingerprint}); on-spec-change is ignore`
        }
      }
      return {
        ...step,
        action: options.onSpecChange === 'reimport' ? 'reimport' : 'revise',
        reason: `spec changed (${recorded.fingerprint} → ${d.fingerprint})`
      }
    }
    if (recorded.configHash !== d.configHash) {
      return {
        ...step,
        action: 'repair',
        reason: 'its settings or policy differ from the desired ones'
      }
    }
    return { ...step, action: 'unchanged', reason: 'up to date' }
  })
  const orphans = actual.apis
    .filter((a) => !claimed.has(a.name.toLowerCase()))
    .sort((a, b) => compareVersions(a.apiVersion ?? '', b.apiVersion ?? ''))
    .map((a): VersionStep => ({
      version: a.apiVersion || '(original)',
      apiId: a.name,
      revision: a.apiRevision,
      action: options.prune ? 'delete' : 'orphan',
      reason: options.prune
        ? 'not in the folder; prune is true'
        : 'not in the folder (deleted only with prune: true)'
    }))
  const all = [...versions, ...orphans]
  const versionSet = {
    id: desired.versionSet.id,
    action: compareVersionSet(desired.versionSet.props, actual.versionSet)
  }
  const describedAsWanted = actual.fragmentDescription === desired.fragment.description
  const fragment = {
    id: desired.fragment.id,
    action: (actual.fragment === undefined
      ? 'create'
      : normalizeXml(actual.fragment) === normalizeXml(desired.fragment.value) && describedAsWanted
        ? 'unchanged'
        : 'update') as ResourceAction
  }
  // The fragment's description records the backend the action last wrote (id and URL hash).
  const backend = desired.backend && {
    id: desired.backend.id,
    action: (describedAsWanted ? 'unchanged' : 'create or update') as
      'create or update' | 'unchanged'
  }
  const { steps, products } = planMemberships(desired, actual, all)
  return withSteps(
    {
      versionSet,
      fragment,
      ...(backend ? { backend } : {}),
      ...(products.length > 0 ? { products } : {})
    },
    steps
  )
}

/** The plan with these steps, its counts and hasChanges recomputed. */
export function withSteps(
  plan: Pick<Plan, 'versionSet' | 'fragment' | 'budget' | 'backend' | 'products' | 'promotedFrom'>,
  versions: VersionStep[]
): Plan {
  const counts = Object.fromEntries(
    VERSION_ACTIONS.map((a) => [a, versions.filter((s) => s.action === a).length])
  ) as Record<VersionAction, number>
  const hasChanges =
    plan.versionSet.action !== 'unchanged' ||
    plan.fragment.action !== 'unchanged' ||
    (plan.backend !== undefined && plan.backend.action !== 'unchanged') ||
    versions.some((s) => WRITING_ACTIONS.includes(s.action) || s.addToProducts !== undefined)
  return { ...plan, versions, counts, hasChanges }
}

function blockedReason(d: DesiredVersion, inApim: boolean): string {
  const [first, ...rest] = d.blockers!
  const where = first.line ? `${first.file}:${first.line}` : first.file
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : ''
  const kept = inApim ? '; APIM keeps what it has' : ''
  return `APIM would refuse it: ${where}: ${first.message}${more}${kept}`
}

/** The version identifier APIM holds for a version: none for the set's Original. */
function apimVersionOf(d: DesiredVersion): string {
  return d.original ? '' : d.version
}

/**
 * Whether an API is in the version set `setId`: the last segment of its apiVersionSetId, any case
 * (APIM's `$filter` has no apiVersionSetId, so the set is matched here).
 */
export function inVersionSet(api: ApimApi, setId: string): boolean {
  const set = /\/apiVersionSets\/([^/]+)$/i.exec(api.apiVersionSetId ?? '')?.[1]
  return set !== undefined && set.toLowerCase() === setId.toLowerCase()
}

/** Why an API id we would import is not ours to write. */
function takenBy(api: ApimApi): string {
  const set = /\/apiVersionSets\/([^/]+)$/i.exec(api.apiVersionSetId ?? '')?.[1]
  const where = set ? `in version set '${set}'` : 'outside any version set'
  return `APIM already has an API '${api.name}' ${where}; importing would take it over. Choose another api-id, or move or delete that API in APIM`
}

function compareVersionSet(
  want: VersionSetProps,
  have: VersionSetProps | undefined
): ResourceAction {
  if (!have) return 'create'
  const same =
    have.displayName === want.displayName &&
    have.versioningScheme === want.versioningScheme &&
    (have.versionQueryName ?? '') === (want.versionQueryName ?? '') &&
    (have.versionHeaderName ?? '') === (want.versionHeaderName ?? '')
  return same ? 'unchanged' : 'update'
}

function normalizeXml(xml: string): string {
  return xml.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim()
}
