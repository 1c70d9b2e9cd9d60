import { EditSet, type Edit } from '../edit.js'
import { formatBytes, MAX_SPEC_BYTES, type SpecFormat } from '../load.js'
import { toPointer, type PathSegment } from '../pointer.js'
import type { SourceDocument } from '../source.js'
import { applyFixesToValue, fixEdits } from './apply.js'
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
    ...recursionFindings(root, uses, format),
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
  /** The findings that were fixed, in document order. */
  fixed: Finding[]
  /** What still blocks the import (the text's size aside: see sizeProblem). */
  problems: ImportProblem[]
  /** Every finding on the document before the fixes. */
  findings: Finding[]
}

/**
 * Checks `value` (the original document, already patched by `earlier` edits) and, in patch mode,
 * fixes what can be fixed; a fix whose edits cannot be made in place, or would touch another
 * edit, is left out and its finding stays a problem. Keywords set aside as extensions go
 * first: a fix under one is not needed, APIM no longer reads there.
 */
export function makeImportable<T extends Record<string, unknown>>(
  source: SourceDocument,
  format: SpecFormat,
  value: T,
  mode: ImportableMode,
  earlier: readonly Edit[] = []
): ImportableOutcome<T> {
  if (mode === 'off') return { value, edits: [], fixed: [], problems: [], findings: [] }
  const findings = findImportProblems(value, format)
  if (mode === 'check')
    return { value, edits: [], fixed: [], problems: toProblems(findings, source), findings }
  const removals = new Set<string>()
  for (const finding of findings) {
    for (const rewrite of finding.fix?.rewrites ?? [])
      if (rewrite.op === 'remove') removals.add(toPointer(rewrite.path))
  }
  const removing = (path: readonly PathSegment[]) => removals.has(toPointer(path))
  const accepted = new EditSet(earlier)
  const edits: Edit[] = []
  const made = new Set<Finding>()
  const setAside = new Set<string>()
  const withFix = findings.filter((f) => f.fix)
  const ordered = [
    ...withFix.filter((f) => f.fix!.setsAside),
    ...withFix.filter((f) => !f.fix!.setsAside)
  ]
  for (const finding of ordered) {
    const fix = finding.fix!
    if (!fix.setsAside && fix.rewrites.every((r) => within(r.path, setAside))) continue
    const fixEdit = fixEdits(source, fix, removing)
    if (!fixEdit || !accepted.fits(fixEdit)) continue
    accepted.add(fixEdit)
    edits.push(...fixEdit)
    made.add(finding)
    if (fix.setsAside) for (const r of fix.rewrites) setAside.add(toPointer(r.path))
  }
  const fixed = findings.filter((f) => made.has(f))
  const result = applyFixesToValue(
    value,
    fixed.map((f) => f.fix!)
  )
  // Checked again on the result, so that what is reported is what blocks the patched spec.
  const remaining = fixed.length > 0 ? findImportProblems(result, format) : findings
  return { value: result, edits, fixed, problems: toProblems(remaining, source), findings }
}

/** True when `path` is one of `pointers` or lies inside one. */
function within(path: readonly PathSegment[], pointers: ReadonlySet<string>): boolean {
  if (pointers.size === 0) return false
  let pointer = ''
  for (const seg of path) {
    pointer += toPointer([seg])
    if (pointers.has(pointer)) return true
  }
  return false
}

/**
 * When the rewritten text would not read back as the rewrites mean it to (`reason`), none of
 * them is made: every finding is a problem, the ones patch mode meant to rewrite saying so.
 */
export function withoutRewrites<T>(
  outcome: ImportableOutcome<T>,
  before: T,
  reason: string,
  source: SourceDocument
): ImportableOutcome<T> {
  const findings = outcome.findings.map((f) =>
    f.fix
      ? {
          ...f,
          message:
            `${f.message} (Patch mode would rewrite this, but ${reason}, so it rewrote ` +
            'nothing in this spec: make the change in the spec by hand.)'
        }
      : f
  )
  return { value: before, edits: [], fixed: [], problems: toProblems(findings, source), findings }
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
