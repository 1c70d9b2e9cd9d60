import type { AnalyzeOptions } from './specs/analyze.js'
import { DEFAULT_SPEC_FILES } from './specs/discover.js'
import { parseVersionId, VERSION_FORMS } from './specs/versions.js'

/** A problem with what the user asked for (an input or a flag); the CLI exits 2 on it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface SpecSettings {
  specFolder: string
  specFiles: string[]
  includePreviews: boolean
  minVersion?: string
  versionParameter: string
  keepExamples: boolean
}

/** Raw values by input name (`spec-folder`…), as action inputs or CLI flags give them. */
export type RawInputs = Record<string, string | undefined>

export function readSpecSettings(raw: RawInputs): SpecSettings {
  const problems: string[] = []
  const specFolder = nonEmpty(raw['spec-folder']) ?? 'specs'
  const specFiles = list(raw['spec-file']) ?? DEFAULT_SPEC_FILES
  for (const name of specFiles) {
    if (name.includes('/') || name.includes('\\')) {
      problems.push(`spec-file: '${name}' must be a file name, not a path`)
    }
  }
  const includePreviews = bool(raw, 'include-previews', true, problems)
  const keepExamples = bool(raw, 'keep-examples', false, problems)
  const minVersion = nonEmpty(raw['min-version'])
  if (minVersion && !parseVersionId(minVersion)) {
    problems.push(`min-version: '${minVersion}' is not a version (expected ${VERSION_FORMS})`)
  }
  const versionParameter = nonEmpty(raw['version-parameter']) ?? 'api-version'
  if (!/^[A-Za-z0-9._~-]+$/.test(versionParameter)) {
    problems.push(`version-parameter: '${versionParameter}' is not a valid query parameter name`)
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'))
  return { specFolder, specFiles, includePreviews, minVersion, versionParameter, keepExamples }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
  return items && items.length > 0 ? items : undefined
}

function bool(raw: RawInputs, name: string, fallback: boolean, problems: string[]): boolean {
  const value = nonEmpty(raw[name])?.toLowerCase()
  if (value === undefined) return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  problems.push(`${name}: expected true or false, got '${raw[name]}'`)
  return fallback
}

/** The engine's options for these settings; paths are shown relative to `cwd`. */
export function analyzeOptions(settings: SpecSettings, cwd: string): AnalyzeOptions {
  return {
    specFiles: settings.specFiles,
    includePreviews: settings.includePreviews,
    minVersion: settings.minVersion,
    parameter: settings.versionParameter,
    removeExternalExamples: !settings.keepExamples,
    cwd
  }
}
