import fs from 'node:fs'
import { diffSpecs, type Changelog } from '../specs/changelog.js'
import { SpecError } from '../specs/errors.js'
import type { ImportableMode } from '../specs/importable/index.js'
import { checkSize, decodeSpecBytes, parseSpec, syntaxOf } from '../specs/load.js'
import { patchSpec } from '../specs/patch.js'

/** How downloads are patched: as the plan patches the folder (analyzeOptions), so they compare alike. */
export interface SyncPatchOptions {
  parameter: string
  removeExternalExamples?: boolean
  importable?: ImportableMode
}

export type Checked =
  { summary: string; value: Record<string, unknown>; problem?: undefined } | { problem: string }

/**
 * Decodes, parses and patches a spec's bytes. Any problem with it (a SpecError, or anything
 * else the engine throws) is this file's problem, named with its line where known.
 */
export function checkSpec(
  bytes: Buffer,
  shown: string,
  fileName: string,
  options: SyncPatchOptions
): Checked {
  try {
    checkSize(bytes.length, shown)
    const text = decodeSpecBytes(bytes, shown)
    const patched = patchSpec(parseSpec(text, shown, syntaxOf(fileName, text)), {
      parameter: options.parameter,
      removeExternalExamples: options.removeExternalExamples,
      importable: options.importable
    })
    return { summary: patched.summary, value: patched.value }
  } catch (err) {
    if (err instanceof SpecError)
      return { problem: `${shown}${err.line ? `:${err.line}` : ''}: ${err.message}` }
    return { problem: `${shown}: cannot be read as a spec (${(err as Error).message ?? err})` }
  }
}

/**
 * What the new content of a version changes against the local file it replaces, both patched
 * alike; undefined when there is no local file or it cannot be read as a spec (nothing to say
 * it changed from).
 */
export function changesAgainst(
  localFile: string,
  shown: string,
  next: Record<string, unknown>,
  labels: { from: string; to: string },
  options: SyncPatchOptions
): Changelog | undefined {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(localFile)
  } catch {
    return undefined
  }
  const before = checkSpec(bytes, shown, localFile, options)
  if (before.problem !== undefined) return undefined
  return diffSpecs({ root: before.value, label: labels.from }, { root: next, label: labels.to })
}
