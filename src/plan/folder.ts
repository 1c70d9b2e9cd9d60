import path from 'node:path'
import type { PolicyTexts } from '../apim/policy-files.js'
import { DEFAULT_RETRY, readApim, type RetryOptions } from '../apim/retry.js'
import type { ApimApi, ApimGateway } from '../apim/types.js'
import { analyzeOptions, UsageError, versionApiIdProblem, type Settings } from '../settings.js'
import type { FolderAnalysis, SpecVersion } from '../specs/analyze.js'
import { analyzeFolders } from '../specs/analysis-worker.js'
import type { Problem } from '../specs/errors.js'
import { apiIdFor, buildDesired, type DesiredState } from './desired.js'
import { inVersionSet, planChanges, type ActualState, type Plan } from './planner.js'
import { applyPromotion } from './promotion.js'
import { readLive } from './promotion-source.js'
import { describeRevisions } from './revisions.js'
import { planWithServiceLoad } from './service-load.js'

export interface PlanRun {
  analysis: FolderAnalysis
  desired: DesiredState
  actual: ActualState
  plan: Plan
  problems: Problem[]
  /** What the settings leave undone (not a spec's problem): shown with the plan. */
  warnings: string[]
}

/**
 * What APIM holds for this API: three reads (version set, one paged list of current APIs,
 * fragment) and one per product (its APIs). They need only ids from the settings, so they run
 * while the specs are read. A product that does not exist is an error naming the ones that do.
 */
export async function readActual(
  apim: ApimGateway,
  ids: { versionSetId: string; fragmentId: string; products?: string[] },
  retry: RetryOptions = DEFAULT_RETRY
): Promise<ActualState> {
  const read = <T>(what: string, call: () => Promise<T>) => readApim(what, call, retry)
  const products = ids.products ?? []
  const [versionSet, apis, fragment, ...productApis] = await Promise.all([
    read(`the version set ${ids.versionSetId}`, () => apim.getVersionSet(ids.versionSetId)),
    read('the list of APIs', () => apim.listCurrentApis()),
    read(`the policy fragment ${ids.fragmentId}`, () => apim.getFragment(ids.fragmentId)),
    ...products.map((p) => read(`the APIs of product ${p}`, () => apim.listProductApis(p)))
  ])
  const missing = products.filter((_, i) => productApis[i] === undefined)
  if (missing.length > 0) {
    const existing = await read('the list of products', () => apim.listProducts())
    throw new UsageError(
      `products: ${missing.map((p) => `'${p}'`).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist in APIM; ` +
        `its products are: ${existing.length > 0 ? existing.join(', ') : 'none'}. Create ${missing.length === 1 ? 'it' : 'them'} first, or fix the product id (the name in its ARM id, not its display name)`
    )
  }
  // APIM's $filter has no apiVersionSetId: sort our set's APIs from the others here.
  const inOurSet = (a: ApimApi) => inVersionSet(a, ids.versionSetId)
  return {
    versionSet,
    fragment: fragment?.value,
    fragmentDescription: fragment?.description,
    apis: apis.filter(inOurSet),
    others: apis.filter((a) => !inOurSet(a)),
    ...(products.length > 0
      ? { productApis: new Map(products.map((p, i) => [p, productApis[i]!])) }
      : {})
  }
}

/** The source of `promote-from`: its name and its APIM (a second session, read once). */
export interface PromoteFrom {
  environment: string
  apim: ApimGateway
  /** How patient to be with the source's APIM (default: the plan's). */
  retry?: RetryOptions
}

export async function planFolder(
  settings: Settings,
  workspace: string,
  apim: ApimGateway,
  texts: PolicyTexts,
  options: {
    /** The commit the specs are imported from (recorded in provenance), when known. */
    commit?: Promise<string | undefined>
    retry?: RetryOptions
    /** promote-from: the environment whose live versions and revisions this plan waits for. */
    promoteFrom?: PromoteFrom
  } = {}
): Promise<PlanRun> {
  const source = options.promoteFrom
  const readingSource = source
    ? readLive(source.apim, settings.api.id, source.retry ?? options.retry)
    : undefined
  readingSource?.catch(() => undefined)
  const reading = readActual(
    apim,
    {
      versionSetId: settings.api.id,
      fragmentId: settings.fragmentId,
      products: settings.gateway.products
    },
    options.retry
  )
  // A failed read is awaited below; keep it from being reported as unhandled meanwhile.
  reading.catch(() => undefined)
  // Let the SDK put the reads on the wire before a (synchronous) analysis in this thread.
  await new Promise((resolve) => setImmediate(resolve))
  const [analysis] = await analyzeFolders([
    {
      folder: path.resolve(workspace, settings.specs.specFolder),
      options: analyzeOptions(settings.specs, workspace)
    }
  ])
  const problems = [...analysis.problems]
  const desired = desiredFor(analysis.versions, settings, texts, await options.commit)
  const actual = await reading
  const planned = planChanges(desired, actual, {
    onSpecChange: settings.onSpecChange,
    prune: settings.prune
  })
  // promote-from: what the source has not live waits (before the budget: waiting adds nothing).
  const promoted =
    source && readingSource
      ? applyPromotion(planned, desired, {
          environment: source.environment,
          live: await readingSource
        })
      : planned
  const plan = await planWithServiceLoad(promoted, settings, apim, problems, options.retry)
  return {
    analysis,
    desired,
    actual,
    plan,
    problems: dedupe(problems),
    warnings: settingsWarnings(settings)
  }
}

/** What the settings leave callers without: a product key gets 401 on an API in no product. */
export function settingsWarnings(settings: Settings): string[] {
  if (!settings.api.subscriptionRequired || settings.gateway.products.length > 0) return []
  return [
    "subscription-required is true and products is empty: these versions are in no product, so a product subscription's key gets 401 on them (only all-APIs and API-scoped subscriptions reach them). Set products to the products callers subscribe to"
  ]
}

/** The desired state of every version, each one APIM would refuse marked with why. */
function desiredFor(
  versions: SpecVersion[],
  settings: Settings,
  texts: PolicyTexts,
  commit?: string
): DesiredState {
  const desired = buildDesired(versions, settings, texts, commit)
  desired.versions.forEach((d, i) => {
    const blockers = blockersOf(versions[i], settings)
    if (blockers.length > 0) d.blockers = blockers
  })
  return desired
}

/** What APIM would refuse in this version: its id, its format, and the spec's import problems. */
function blockersOf(v: SpecVersion, settings: Settings): Problem[] {
  const at = (message: string, line?: number, column?: number): Problem => ({
    severity: 'error',
    file: v.file,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    message
  })
  const blockers: Problem[] = []
  const idProblem = versionApiIdProblem(apiIdFor(settings.api.id, v.version))
  if (idProblem) blockers.push(at(idProblem))
  if (v.format === 'swagger 2.0' && v.syntax === 'yaml') {
    blockers.push(at('APIM imports Swagger 2.0 only as JSON; convert this file to JSON'))
  }
  for (const p of v.importProblems) blockers.push(at(`${p.rule}: ${p.message}`, p.line, p.column))
  return blockers
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.severity}|${p.file}|${p.line}|${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * A plan without APIM: the folder at the pull request's base stands for what APIM holds (as if
 * an earlier apply had imported it), so the plan shows what this change adds, changes and removes.
 */
export async function planAgainstFolder(
  settings: Settings,
  workspace: string,
  baseFolder: string,
  texts: PolicyTexts
): Promise<PlanRun> {
  // Analysed together: files the pull request leaves alone read the same at its base, once.
  const options = analyzeOptions(settings.specs, workspace)
  const [analysis, base] = await analyzeFolders([
    { folder: path.resolve(workspace, settings.specs.specFolder), options },
    { folder: baseFolder, options: { ...options, cwd: baseFolder } }
  ])
  const problems = [...analysis.problems]
  const desired = desiredFor(analysis.versions, settings, texts)
  // What the base commit would have put in APIM: its versions APIM would not refuse.
  const before = desiredFor(base.versions, settings, texts).versions.filter((d) => !d.blockers)
  const actual: ActualState = {
    versionSet: desired.versionSet.props,
    fragment: desired.fragment.value,
    // As if the base commit's apply had done all of it: its backend, its memberships.
    fragmentDescription: desired.fragment.description,
    productApis: new Map(desired.products.map((p) => [p, before.map((d) => d.apiId)])),
    apis: before.map((d) => ({
      name: d.apiId,
      ...(d.original ? {} : { apiVersion: d.version }),
      apiRevision: 1,
      path: settings.api.path,
      apiRevisionDescription: d.provenance
    }))
  }
  const plan = planChanges(desired, actual, {
    onSpecChange: settings.onSpecChange,
    prune: settings.prune
  })
  const run = {
    analysis,
    desired,
    actual,
    plan,
    problems: dedupe(problems),
    warnings: settingsWarnings(settings)
  }
  describeRevisions(
    run,
    base.versions.map((v) => ({
      version: v.version,
      shape: v.shape,
      label: `${v.version} at the base commit`
    }))
  )
  return run
}
