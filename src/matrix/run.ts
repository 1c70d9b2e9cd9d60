import { loadConfig } from '../config/load.js'
import { inputsFor, pairsOf } from '../config/model.js'
import { configSettings, type ConfigRun } from '../config/resolve.js'
import { changedFiles } from '../git/history.js'
import { planApply, type ApimAccess, type Reporter, type RunOutcome } from '../pipeline.js'
import type { Settings } from '../settings.js'
import { changedPairs, matrixOf, type Matrix, type Pair } from './pairs.js'

/**
 * `matrix`: the config's (api, environment) pairs for `strategy.matrix`; with `changedSince` (the
 * pull request's base, the push's `before`), only the pairs whose spec folder has a changed file.
 * When git cannot tell what changed (a shallow clone without the commit, a first push), every
 * pair, and `filtered` says so.
 */
export async function configMatrix(
  configFile: string,
  workspace: string,
  changedSince?: string
): Promise<{ matrix: Matrix; all: Pair[]; filtered: boolean }> {
  const config = loadConfig(configFile, workspace)
  const all = pairsOf(config)
  const changed = changedSince ? await changedFiles(workspace, changedSince) : undefined
  const filesOf = (pair: Pair) => {
    const inputs = inputsFor(config, pair)
    const own = [inputs['policy-file'], inputs['fragment-file']].filter((f): f is string => !!f)
    return { folder: inputs['spec-folder'] ?? 'specs', files: own }
  }
  return {
    matrix: matrixOf(changedPairs(all, filesOf, changed, configFile)),
    all,
    filtered: changed !== undefined
  }
}

/** One pair's plan in a run over every pair: its settings and outcome, or why it has none. */
export interface PairOutcome {
  pair: Pair
  settings?: Settings
  outcome?: RunOutcome
  error?: string
}

/**
 * `plan` over every pair of a config, one after another, each against its own APIM service
 * (what one pull request comment shows). A pair that cannot be planned (its service refuses the
 * sign-in, a product is missing) is reported and the others go on.
 */
export async function planEveryPair(
  run: Omit<ConfigRun, 'given'> & { given: Record<string, string | undefined> },
  access: ApimAccess,
  reporter: Reporter
): Promise<PairOutcome[]> {
  const config = loadConfig(run.given.config ?? '', run.workspace)
  const results: PairOutcome[] = []
  for (const pair of pairsOf(config)) {
    try {
      const { settings } = configSettings({
        ...run,
        given: { ...run.given, api: pair.api, environment: pair.environment, mode: 'plan' }
      })
      const outcome = await reporter.group(`Plan ${pair.api} on ${pair.environment}`, () =>
        planApply(settings, run.workspace, access, reporter)
      )
      results.push({ pair, settings, outcome })
    } catch (err) {
      results.push({ pair, error: (err as Error).message ?? String(err) })
    }
  }
  return results
}
