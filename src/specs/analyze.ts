import { createHash } from 'node:crypto'
import {
  discoverVersions,
  type DiscoveredVersion,
  type DiscoverOptions,
  type Discovery
} from './discover.js'
import { specShape, type SpecShape } from './changelog.js'
import { SpecError, type Problem } from './errors.js'
import { fingerprint } from './fingerprint.js'
import type { ImportProblem } from './importable/index.js'
import { parseJsonSource } from './json-source.js'
import { parseSpec, readSpecText, syntaxOf, type SpecFormat, type Syntax } from './load.js'
import { listOperations } from './operations.js'
import { patchSpec, type PatchOptions, type PatchResult } from './patch.js'
import { parseYamlSource } from './yaml-source.js'

/** One version of the folder, loaded, patched and fingerprinted: what APIM should have. */
export interface SpecVersion extends Omit<DiscoveredVersion, 'readError'> {
  format: SpecFormat
  syntax: Syntax
  operations: number
  fingerprint: string
  /** The spec's own `openapi`/`swagger` value, `info.title` and `info.version`. */
  specVersion: string
  title?: string
  infoVersion?: string
  /**
   * The patched text (what APIM imports) and data, and what the patch did. Only the text is
   * kept, as UTF-8 bytes: `patch.text` decodes it and `patch.value` reads it again when asked
   * (the data of 60 real specs and the texts its strings are cut from held 80 MB).
   */
  patch: PatchResult
  /** What change logs compare (see specShape): kept in place of the parsed spec. */
  shape: SpecShape
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

/** What a spec's text gives, whatever file it sits in: all but the parsed spec. */
interface Analyzed {
  format: SpecFormat
  syntax: Syntax
  specVersion: string
  title?: string
  infoVersion?: string
  patch: PatchResult
  operations: number
  fingerprint: string
  shape: SpecShape
}

/**
 * Discovers, loads, patches and fingerprints each version of the folder, one spec at a time: its
 * text, parsed document and patched data are let go once its fingerprint, shape, patch report
 * and patched text are taken, so memory holds those and not every parsed spec at once.
 */
export function analyzeFolder(folder: string, options: AnalyzeOptions = {}): FolderAnalysis {
  const discovery = discoverVersions(folder, options)
  const problems = [...discovery.problems]
  const versions: SpecVersion[] = []
  for (const found of discovery.versions) {
    try {
      if (found.readError) throw found.readError
      const text = readSpecText(found.absoluteFile, found.file)
      const syntax = syntaxOf(found.absoluteFile, text)
      // By a hash of the text: the text itself as the key would keep every file in memory.
      const key = options.reuse && `${syntax}:${sha256(text)}`
      let analyzed = key ? options.reuse?.get(key) : undefined
      if (!analyzed) {
        analyzed = analyze(text, found.file, syntax, options)
        if (key) options.reuse?.set(key, analyzed)
      }
      const { patch } = analyzed
      versions.push({
        version: found.version,
        id: found.id,
        channel: found.channel,
        file: found.file,
        absoluteFile: found.absoluteFile,
        chosenBy: found.chosenBy,
        candidates: found.candidates,
        format: analyzed.format,
        syntax: analyzed.syntax,
        operations: analyzed.operations,
        fingerprint: analyzed.fingerprint,
        specVersion: analyzed.specVersion,
        title: analyzed.title,
        infoVersion: analyzed.infoVersion,
        patch,
        shape: analyzed.shape,
        importProblems: [...patch.problems]
      })
      if (analyzed.format === 'swagger 2.0' && analyzed.syntax === 'yaml') {
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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** One spec parsed, patched, fingerprinted and shaped; only what is kept leaves this function. */
function analyze(text: string, file: string, syntax: Syntax, options: PatchOptions): Analyzed {
  const { about, patch } = parseAndPatch(text, file, syntax, options)
  const { text: patched, value, ...report } = patch
  // Names and paths taken from a spec are slices of its text, each keeping all of it in memory:
  // what is kept holds copies of its own.
  const kept = structuredClone({ about, report, shape: specShape({ root: value }) })
  return {
    ...kept.about,
    fingerprint: fingerprint(value),
    shape: kept.shape,
    patch: patchOf({ report: kept.report, held: hold(patched), syntax: kept.about.syntax, file })
  }
}

/**
 * The spec parsed and patched. The parsed source (several times the text's size, with the
 * position of every value) is let go on return: the fingerprint and shape need only the data.
 */
function parseAndPatch(text: string, file: string, syntax: Syntax, options: PatchOptions) {
  const spec = parseSpec(text, file, syntax)
  const patch = patchSpec(spec, options)
  const about = {
    format: spec.format,
    syntax: spec.source.syntax,
    specVersion: spec.specVersion,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ...(spec.infoVersion !== undefined ? { infoVersion: spec.infoVersion } : {}),
    operations: listOperations(spec).length
  }
  return { about, patch }
}

/** A patch as it can cross to another thread: its report and its text as held. */
export interface PatchParts {
  report: Omit<PatchResult, 'text' | 'value'>
  /** UTF-8 bytes, or the text itself when it has a lone surrogate (UTF-8 cannot carry it). */
  held: Uint8Array | string
  syntax: Syntax
  file: string
}

const PARTS = Symbol('patch parts')

/**
 * The patch with its text, and its data read from the text when asked (the same data: the
 * patch's text reads as its value), held while someone holds it.
 */
export function patchOf(parts: PatchParts): PatchResult {
  const { report, held, syntax, file } = parts
  let data: WeakRef<Record<string, unknown>> | undefined
  const value = () => {
    let read = data?.deref()
    if (!read) {
      read = (syntax === 'json' ? parseJsonSource : parseYamlSource)(patch.text, file)
        .value as Record<string, unknown>
      data = new WeakRef(read)
    }
    return read
  }
  const text = () =>
    typeof held === 'string'
      ? held
      : Buffer.from(held.buffer, held.byteOffset, held.byteLength).toString('utf8')
  const patch = Object.defineProperties(
    { ...report },
    {
      text: { get: text, enumerable: true },
      value: { get: value, enumerable: true },
      [PARTS]: { value: parts }
    }
  ) as PatchResult
  return patch
}

/** What `patchOf` made the patch of (undefined for a patch it did not make). */
export function partsOf(patch: PatchResult): PatchParts | undefined {
  return (patch as PatchResult & { [PARTS]?: PatchParts })[PARTS]
}

/**
 * The text as UTF-8 bytes, outside the JavaScript heap: a spec with one character past Latin-1
 * takes two bytes a character in the heap, and what the heap holds sets how far it grows.
 */
function hold(text: string): Uint8Array | string {
  return /\p{Cs}/u.test(text) ? text : Buffer.from(text, 'utf8')
}
