import {
  discoverVersions,
  type DiscoveredVersion,
  type DiscoverOptions,
  type Discovery
} from './discover.js'
import { SpecError, type Problem } from './errors.js'
import { fingerprint } from './fingerprint.js'
import type { ImportProblem } from './importable/index.js'
import { parseSpec, syntaxOf, type LoadedSpec, type SpecFormat, type Syntax } from './load.js'
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
export type AnalyzeOptions = DiscoverOptions &
  PatchOptions & {
    /**
     * Analyses to share between calls with the same options (a folder and its base commit):
     * a spec with the same syntax and text is parsed and patched once.
     */
    reuse?: Map<string, Analyzed>
  }

/** What a spec's text gives, whatever file it sits in. */
interface Analyzed {
  spec: LoadedSpec
  patch: PatchResult
  operations: number
  fingerprint: string
}

export function analyzeFolder(folder: string, options: AnalyzeOptions = {}): FolderAnalysis {
  const discovery = discoverVersions(folder, options)
  const problems = [...discovery.problems]
  const versions: SpecVersion[] = []
  for (const found of discovery.versions) {
    try {
      if (found.readError) throw found.readError
      const syntax = syntaxOf(found.absoluteFile, found.text)
      const key = `${syntax}\0${found.text ?? ''}`
      let analyzed = options.reuse?.get(key)
      if (!analyzed) {
        const parsed = parseSpec(found.text ?? '', found.file, syntax)
        const patched = patchSpec(parsed, options)
        analyzed = {
          spec: parsed,
          patch: patched,
          operations: listOperations(parsed).length,
          fingerprint: fingerprint(patched.value)
        }
        options.reuse?.set(key, analyzed)
      }
      const { spec, patch } = analyzed
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
        operations: analyzed.operations,
        fingerprint: analyzed.fingerprint,
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
