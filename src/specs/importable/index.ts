import type { Edit } from '../edit.js'
import { formatBytes, MAX_SPEC_BYTES, type SpecFormat } from '../load.js'
import { toPointer, type PathSegment } from '../pointer.js'
import type { SourceDocument } from '../source.js'
import { applyFixToValue, fitsWith, fixEdits } from './apply.js'
import { keywordFindings } from './keywords.js'
import { recursionFindings } from './recursion.js'
import { collectRefs, referenceFindings } from './references.js'
import type { Finding, ImportableMode, ImportProblem } from './types.js'
import { urlTemplateFindings } from './url-template.js'

export type { Finding, Fix, ImportableMode, ImportProblem, ImportRule } from './types.js'

/**
 * Everything in the document that APIM would refuse to import, each with a fix when one can be
 * made without changing the API. `root` is the document as APIM would get it.
 */
export function findImportProblems(root: Record<string, unknown>, format: SpecFormat): Finding[] {
  const uses = collectRefs(root, format)
  return [
    ...recursionFindings(root, uses),
    ...referenceFindings(root, uses),
    ...urlTemplateFindings(root),
    ...keywordFindings(root, format)
  ]
}

export interface ImportableOutcome<T> {
  /** The data after the fixes (as it was in check mode). */
  value: T
  /** The fixes' edits on the original text. */
  edits: Edit[]
  /** The findings that were fixed, in the order their edits were made. */
  fixed: Finding[]
  /** What still blocks the import (the text's size aside: see sizeProblem). */
  problems: ImportProblem[]
}

/**
 * Checks `value` (the original document, already patched by `earlier` edits) and, in patch mode,
 * fixes what can be fixed; a fix whose edits cannot be made in place, or would touch another
 * edit, is left out and its finding stays a problem.
 */
export function makeImportable<T extends Record<string, unknown>>(
  source: SourceDocument,
  format: SpecFormat,
  value: T,
  mode: ImportableMode,
  earlier: readonly Edit[] = []
): ImportableOutcome<T> {
  if (mode === 'off') return { value, edits: [], fixed: [], problems: [] }
  const findings = findImportProblems(value, format)
  if (mode === 'check')
    return { value, edits: [], fixed: [], problems: toProblems(findings, source) }
  const edits: Edit[] = []
  const fixed: Finding[] = []
  let result = value
  for (const finding of findings) {
    if (!finding.fix) continue
    const made = fixEdits(source, finding.fix)
    if (!made || !fitsWith(made, [...earlier, ...edits])) continue
    edits.push(...made)
    result = applyFixToValue(result, finding.fix)
    fixed.push(finding)
  }
  // Checked again on the result, so that what is reported is what blocks the patched spec.
  const remaining = fixed.length > 0 ? findImportProblems(result, format) : findings
  return { value: result, edits, fixed, problems: toProblems(remaining, source) }
}

/** "API import restrictions and known issues": an inline import is limited to 4 MB. */
export function sizeProblem(text: string): ImportProblem | undefined {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes <= MAX_SPEC_BYTES) return undefined
  return {
    rule: 'inline-size',
    pointer: '',
    line: 1,
    column: 1,
    message:
      `the patched spec is ${formatBytes(bytes)}, over APIM's 4 MB limit for a spec imported ` +
      `inline (${MAX_SPEC_BYTES.toLocaleString('en-US')} bytes). Split the API or remove bulky examples.`
  }
}

/** Where a finding's line comes from: its own path, or the nearest enclosing one the text has. */
export function lineOf(
  source: SourceDocument,
  path: readonly PathSegment[]
): { line: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const position = source.position(path.slice(0, n))
    if (position) return position
  }
  return { line: 1 }
}

/** Findings as problems, in line order, each reported once. */
export function toProblems(findings: readonly Finding[], source: SourceDocument): ImportProblem[] {
  const seen = new Set<string>()
  const problems: ImportProblem[] = []
  for (const finding of findings) {
    const path = finding.at ?? finding.path
    const pointer = toPointer(path)
    const key = `${finding.rule} ${pointer} ${finding.message}`
    if (seen.has(key)) continue
    seen.add(key)
    const { line, column } = lineOf(source, path)
    problems.push({ rule: finding.rule, pointer, line, column, message: finding.message })
  }
  return problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0))
}
