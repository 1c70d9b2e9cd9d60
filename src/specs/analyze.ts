import {
  discoverVersions,
  type DiscoveredVersion,
  type DiscoverOptions,
  type Discovery
} from './discover.js'
import { SpecError, type Problem } from './errors.js'
import { fingerprint } from './fingerprint.js'
import type { ImportProblem } from './importable/index.js'
import { parseSpec, syntaxOf, type SpecFormat, type Syntax } from './load.js'
import { listOperations } from './operations.js'
import { patchSpec, type PatchOptions, type PatchResult } from './patch.js'

/** One version of the folder, loaded, patched and fingerprinted: what APIM should have. */
export interface SpecVersion extends Omit<DiscoveredVersion, 'text' | 'readError'> {
  format: SpecFormat
  syntax: Syntax
  operations: number
  fingerprint: string
  /** The spec's own `openapi`/`swagger` value, `info.title` and `info.version`. */
  specVersion: string
  title?: string
  infoVersion?: string
  /** The patched text (what APIM imports) and data, and what the patch did. */
  patch: PatchResult
  /** What keeps APIM from importing the patched spec (a copy of patch.problems). */
  importProblems: ImportProblem[]
}

export interface FolderAnalysis {
  discovery: Discovery
  versions: SpecVersion[]
  /** Discovery problems plus one per version whose spec could not be used. */
  problems: Problem[]
}

/** Discovery and patch options; `importable` (patch, check or off) reaches the patch as it is. */
export type AnalyzeOptions = DiscoverOptions & PatchOptions

export function analyzeFolder(folder: string, options: AnalyzeOptions = {}): FolderAnalysis {
  const discovery = discoverVersions(folder, options)
  const problems = [...discovery.problems]
  const versions: SpecVersion[] = []
  for (const found of discovery.versions) {
    try {
      if (found.readError) throw found.readError
      const spec = parseSpec(found.text ?? '', found.file, syntaxOf(found.absoluteFile, found.text))
      const patch = patchSpec(spec, options)
      versions.push({
        version: found.version,
        id: found.id,
        channel: found.channel,
        file: found.file,
        absoluteFile: found.absoluteFile,
        chosenBy: found.chosenBy,
        candidates: found.candidates,
        format: spec.format,
        syntax: spec.source.syntax,
        operations: listOperations(spec).length,
        fingerprint: fingerprint(patch.value),
        specVersion: spec.specVersion,
        title: spec.title,
        infoVersion: spec.infoVersion,
        patch,
        importProblems: [...patch.problems]
      })
      if (spec.format === 'swagger 2.0' && spec.source.syntax === 'yaml') {
        problems.push({
          severity: 'warning',
          file: found.file,
          message:
            'APIM imports Swagger 2.0 only as JSON; convert this file to JSON before importing it'
        })
      }
    } catch (err) {
      // Whatever goes wrong with one spec is that version's problem; the others go on.
      problems.push(
        err instanceof SpecError
          ? err.toProblem()
          : {
              severity: 'error',
              file: found.file,
              message: `cannot use this spec: ${(err as Error)?.message ?? String(err)}`
            }
      )
    }
  }
  return { discovery, versions, problems }
}
