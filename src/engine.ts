import fs from 'node:fs'
import path from 'node:path'
import { applyPlan, type ApplyResult } from './apply/apply.js'
import type { RetryOptions } from './apply/retry.js'
import { DEFAULT_POLICY_TEMPLATE, defaultFragment, xmlProblem } from './apim/policy.js'
import type { ApimGateway } from './apim/types.js'
import { buildDesired, type DesiredState } from './plan/desired.js'
import { planChanges, type ActualState, type Plan } from './plan/planner.js'
import { analyzeOptions, type Settings } from './settings.js'
import { analyzeFolder, type FolderAnalysis } from './specs/analyze.js'
import { isInside } from './specs/discover.js'
import { SpecError, type Problem } from './specs/errors.js'

export interface PlanRun {
  analysis: FolderAnalysis
  desired: DesiredState
  actual: ActualState
  plan: Plan
  problems: Problem[]
}

/** Reads the policy template and fragment files (or the defaults), checked before any call. */
export function readPolicyTexts(
  settings: Settings,
  workspace: string
): { policyTemplate: string; fragment: string } {
  const read = (input: string, file: string | undefined) => {
    if (!file) return undefined
    const absolute = path.resolve(workspace, file)
    if (!isInside(absolute, workspace))
      throw new SpecError(file, `${input} is outside the workspace`)
    let text: string
    try {
      text = fs.readFileSync(absolute, 'utf8')
    } catch (err) {
      throw new SpecError(
        file,
        `cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
      )
    }
    const problem = xmlProblem(text)
    if (problem) throw new SpecError(file, `${input} is not well-formed XML: ${problem}`)
    return text
  }
  const policyTemplate = read('policy-file', settings.policyFile) ?? DEFAULT_POLICY_TEMPLATE
  const fragment =
    read('fragment-file', settings.fragmentFile) ?? defaultFragment(settings.api.versionParameter)
  if (!/^\s*<fragment[\s>]/.test(fragment)) {
    throw new SpecError(
      settings.fragmentFile ?? 'fragment',
      'a policy fragment must have <fragment> as its root element'
    )
  }
  return { policyTemplate, fragment }
}

/**
 * What APIM holds for this API: three reads (version set, one paged list of current APIs,
 * fragment). They need only ids from the settings, so they run while the specs are read.
 */
export async function readActual(
  apim: ApimGateway,
  ids: { versionSetId: string; fragmentId: string }
): Promise<ActualState> {
  const [versionSet, apis, fragment] = await Promise.all([
    apim.getVersionSet(ids.versionSetId),
    apim.listCurrentApis(),
    apim.getFragment(ids.fragmentId)
  ])
  const setId = ids.versionSetId.toLowerCase()
  // APIM's $filter has no apiVersionSetId: keep our set's APIs here.
  const ours = apis.filter(
    (a) => /\/apiVersionSets\/([^/]+)$/i.exec(a.apiVersionSetId ?? '')?.[1]?.toLowerCase() === setId
  )
  return { versionSet, fragment, apis: ours }
}

export async function planFolder(
  settings: Settings,
  workspace: string,
  apim: ApimGateway,
  texts: { policyTemplate: string; fragment: string }
): Promise<PlanRun> {
  const reading = readActual(apim, {
    versionSetId: settings.api.id,
    fragmentId: settings.fragmentId
  })
  // A failed read is awaited below; keep it from being reported as unhandled meanwhile.
  reading.catch(() => undefined)
  // Let the SDK put the reads on the wire before the (synchronous) spec analysis holds the thread.
  await new Promise((resolve) => setImmediate(resolve))
  const analysis = analyzeFolder(
    path.resolve(workspace, settings.specs.specFolder),
    analyzeOptions(settings.specs, workspace)
  )
  const problems = [...analysis.problems]
  const usable = analysis.versions.filter((v) => {
    if (v.format === 'swagger 2.0' && v.syntax === 'yaml') {
      problems.push({
        severity: 'error',
        file: v.file,
        message: 'APIM imports Swagger 2.0 only as JSON; this version is left out'
      })
      return false
    }
    return true
  })
  const desired = buildDesired(usable, settings, texts)
  const actual = await reading
  const plan = planChanges(desired, actual, {
    onSpecChange: settings.onSpecChange,
    prune: settings.prune
  })
  return { analysis, desired, actual, plan, problems: dedupe(problems) }
}

export async function applyFolder(
  run: PlanRun,
  apim: ApimGateway,
  options: { concurrency: number; retry: RetryOptions; log: (line: string) => void }
): Promise<ApplyResult> {
  return applyPlan(run.plan, run.desired, apim, options)
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
export function planAgainstFolder(
  settings: Settings,
  workspace: string,
  baseFolder: string,
  texts: { policyTemplate: string; fragment: string }
): PlanRun {
  const options = analyzeOptions(settings.specs, workspace)
  const analysis = analyzeFolder(path.resolve(workspace, settings.specs.specFolder), options)
  const base = analyzeFolder(baseFolder, { ...options, cwd: baseFolder })
  const desired = buildDesired(analysis.versions, settings, texts)
  const before = buildDesired(base.versions, settings, texts)
  const actual: ActualState = {
    versionSet: desired.versionSet.props,
    fragment: desired.fragment.value,
    apis: before.versions.map((d) => ({
      name: d.apiId,
      apiVersion: d.version,
      apiRevision: 1,
      path: settings.api.path,
      apiRevisionDescription: d.provenance
    }))
  }
  const plan = planChanges(desired, actual, {
    onSpecChange: settings.onSpecChange,
    prune: settings.prune
  })
  return { analysis, desired, actual, plan, problems: dedupe(analysis.problems) }
}
