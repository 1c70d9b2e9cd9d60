import { changelogHeadline, diffShapes, specShape, type SpecShape } from '../specs/changelog.js'
import type { PlanRun } from './folder.js'

/**
 * The spec a version's current APIM revision was imported from: as data (`root`), or as what a
 * change log compares of it (`shape`, see specShape), which is far smaller.
 */
export type ImportedSpec = {
  version: string
  /** Names it in a change log, e.g. `2024-10-21 at 1a2b3c4`. */
  label: string
} & ({ root: Record<string, unknown> } | { shape: SpecShape })

const REVISING = new Set(['revise', 'reimport'])

/**
 * Gives each version the plan revises what changes against the spec its current revision came
 * from (`revisionChangelog`), and says so first in its step's `changes`. Versions whose imported
 * spec is not known keep the version-to-version log alone.
 */
export function describeRevisions(run: PlanRun, imported: ImportedSpec[]): void {
  const before = new Map(imported.map((i) => [i.version.toLowerCase(), i]))
  const specs = new Map(run.analysis.versions.map((v) => [v.version.toLowerCase(), v]))
  const desired = new Map(run.desired.versions.map((d) => [d.version.toLowerCase(), d]))
  for (const step of run.plan.versions) {
    if (!REVISING.has(step.action)) continue
    const key = step.version.toLowerCase()
    const [was, now, d] = [before.get(key), specs.get(key), desired.get(key)]
    if (!was || !now || !d) continue
    d.revisionChangelog = diffShapes(
      { ...('shape' in was ? was.shape : specShape(was)), label: was.label },
      { ...now.shape, label: `${now.version} in ${now.file}` }
    )
    step.changes = `this revision: ${changelogHeadline(d.revisionChangelog)}; ${step.changes ?? ''}`
  }
}
