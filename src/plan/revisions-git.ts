import { fileAtCommit } from '../git/history.js'
import type { Settings } from '../settings.js'
import { specShape } from '../specs/changelog.js'
import { fingerprint } from '../specs/fingerprint.js'
import * as load from '../specs/load.js'
import { patchSpec } from '../specs/patch.js'
import { parseProvenance } from './desired.js'
import type { PlanRun } from './folder.js'
import { describeRevisions } from './revisions.js'

/**
 * For each version the plan revises, the spec its current revision was imported from, read from
 * git at the commit its provenance names, so the revision's notes say what it changes. Trusted
 * only when it has the fingerprint APIM recorded; otherwise the notes keep the version log alone.
 */
export async function describeRevisionsFromGit(
  run: PlanRun,
  settings: Settings,
  workspace: string
) {
  const revising = run.plan.versions.filter((s) => s.action === 'revise' || s.action === 'reimport')
  if (revising.length === 0) return
  const imported = await Promise.all(
    revising.map(async (step) => {
      const api = run.actual.apis.find((a) => a.name === step.apiId)
      const recorded = parseProvenance(api?.apiRevisionDescription)
      const file = recorded?.file ?? step.file
      if (!recorded?.commit || !file) return undefined
      const bytes = await fileAtCommit(workspace, recorded.commit, file)
      if (!bytes) return undefined
      try {
        const text = load.decodeSpecBytes(bytes, file)
        const { value } = patchSpec(load.parseSpec(text, file, load.syntaxOf(file, text)), {
          parameter: settings.specs.versionParameter,
          removeExternalExamples: !settings.specs.keepExamples,
          importable: settings.specs.importable
        })
        if (fingerprint(value) !== recorded.fingerprint) return undefined
        // Its shape, not the spec: the others are read meanwhile.
        return {
          version: step.version,
          shape: specShape({ root: value }),
          label: `${step.version} at ${recorded.commit.slice(0, 7)}`
        }
      } catch {
        return undefined
      }
    })
  )
  describeRevisions(
    run,
    imported.filter((i) => i !== undefined)
  )
}
