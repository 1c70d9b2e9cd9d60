import * as core from '@actions/core'
import path from 'node:path'
import { planAnnotations, renderVersionsSummary } from './github/versions-report.js'
import { analyzeOptions, readSpecSettings, UsageError, type RawInputs } from './settings.js'
import { analyzeFolder } from './specs/analyze.js'
import { isInside } from './specs/discover.js'
import { formatProblem } from './specs/errors.js'
import { versionRecord } from './specs/report.js'

/** Every input of action.yml; read once, here, into one validated settings object. */
export const ACTION_INPUTS = [
  'mode',
  'spec-folder',
  'spec-file',
  'include-previews',
  'min-version',
  'version-parameter',
  'keep-examples'
] as const

const MODES = ['versions'] as const

/** The action: inputs → settings → engine → outputs, annotations and the job summary. */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = Object.fromEntries(
      ACTION_INPUTS.map((name) => [name, core.getInput(name)])
    )
    const mode = raw.mode?.trim() || 'versions'
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`mode: '${mode}' is not one of ${MODES.join(', ')}`)
    }
    const settings = readSpecSettings(raw)
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd())
    const folder = path.resolve(workspace, settings.specFolder)
    if (!isInside(folder, workspace)) {
      throw new UsageError(
        `spec-folder: '${settings.specFolder}' is outside the workspace (${workspace})`
      )
    }

    core.startGroup(`Reading ${settings.specFolder}`)
    const analysis = analyzeFolder(folder, analyzeOptions(settings, workspace))
    for (const v of analysis.versions) {
      core.info(
        `${v.version}: ${v.file} (${v.format} ${v.syntax}, ${v.operations} operations) ${v.fingerprint}; ${v.patch.summary}`
      )
    }
    core.endGroup()

    const { annotate, rest } = planAnnotations(analysis.problems)
    for (const p of annotate) {
      const properties = {
        file: p.file,
        startLine: p.line,
        startColumn: p.column,
        title: 'apim-version-action'
      }
      if (p.severity === 'error') core.error(p.message, properties)
      else core.warning(p.message, properties)
    }
    if (rest) core.notice(rest)

    core.setOutput('versions', JSON.stringify(analysis.versions.map(versionRecord)))
    core.setOutput('problems', JSON.stringify(analysis.problems))
    await core.summary.addRaw(renderVersionsSummary(analysis, settings.specFolder)).write()

    const errors = analysis.problems.filter((p) => p.severity === 'error')
    if (errors.length > 0) {
      core.setFailed(
        `${errors.length} spec problem${errors.length === 1 ? '' : 's'}:\n${errors.map(formatProblem).join('\n')}`
      )
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
