import type { FolderAnalysis, SpecVersion } from '../specs/analyze.js'
import type { Problem } from '../specs/errors.js'
import { code, codeCell, escapeMarkdown } from './escape.js'

/**
 * Import problems listed per blocked version; the rest are counted. A spec can have thousands
 * (a recursion cut per schema), and the job summary is limited to 1 MB.
 */
export const PROBLEMS_PER_VERSION = 20

/** GitHub shows at most 10 annotations of each type per step. */
export const ANNOTATIONS_PER_TYPE = 10

/** The job summary of `mode: versions`: what the folder holds and what the patch does. */
export function renderVersionsSummary(analysis: FolderAnalysis, folder: string): string {
  const { versions, discovery } = analysis
  const blocked = versions.filter((v) => v.importProblems.length > 0)
  // Import problems are listed per version below, not again among the problems.
  const problems = analysis.problems.filter((p) => !isImportProblem(p, blocked))
  const errors = problems.filter((p) => p.severity === 'error')
  const lines = [
    `## API versions in ${code(folder)}`,
    '',
    `${versions.length} valid version${versions.length === 1 ? '' : 's'} · ${errors.length} error${errors.length === 1 ? '' : 's'}` +
      (blocked.length > 0 ? ` · ${blocked.length} blocked` : '') +
      ` · layout ${discovery.layout}`,
    ''
  ]
  if (blocked.length > 0) {
    lines.push('### Blocked versions', '', 'APIM would refuse to import these as they stand:', '')
    for (const v of blocked) {
      for (const p of v.importProblems.slice(0, PROBLEMS_PER_VERSION)) {
        lines.push(
          `- ${code(v.version)} blocked: ${code(p.rule)} at ${code(`${v.file}:${p.line}`)} — ${escapeMarkdown(p.message)}`
        )
      }
      const rest = v.importProblems.length - PROBLEMS_PER_VERSION
      if (rest > 0) {
        lines.push(
          `- ${code(v.version)}: ${rest} more import problem${rest === 1 ? '' : 's'} not listed ` +
            `(${code(`apim-versions patch ${v.file} -o /dev/null`)} lists them all)`
        )
      }
    }
    lines.push('')
  }
  if (problems.length > 0) {
    lines.push('### Problems', '')
    for (const p of sortProblems(problems)) {
      lines.push(`- **${p.severity}** ${code(where(p))}: ${escapeMarkdown(p.message)}`)
    }
    lines.push('')
  }
  if (versions.length > 0) {
    lines.push(
      '| version | channel | file | format | operations | fingerprint | patch |',
      '|---|---|---|---|---:|---|---|'
    )
    for (const v of versions) {
      const blockedBy = v.importProblems.length
      const cells = [
        codeCell(v.version),
        escapeMarkdown(v.channel ?? '—'),
        codeCell(v.file),
        `${v.format} (${v.syntax})`,
        String(v.operations),
        codeCell(v.fingerprint),
        escapeMarkdown(v.patch.summary) +
          (blockedBy > 0
            ? ` · **blocked** (${blockedBy} import problem${blockedBy === 1 ? '' : 's'})`
            : '')
      ]
      lines.push(`| ${cells.join(' | ')} |`)
    }
    lines.push('')
  }
  for (const f of discovery.filtered)
    lines.push(`- ${code(f.version)} left out: ${escapeMarkdown(f.reason)}`)
  return lines.join('\n').trimEnd() + '\n'
}

/** Errors before warnings, each group in file order, so the annotations GitHub keeps matter most. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0)
  )
}

/** The problems to annotate (at most 10 of each type) and a line for the rest. */
export function planAnnotations(problems: Problem[]): {
  annotate: Problem[]
  rest: string | undefined
} {
  const sorted = sortProblems(problems)
  const annotate: Problem[] = []
  const left: Record<string, number> = { error: 0, warning: 0 }
  for (const p of sorted) {
    if (annotate.filter((a) => a.severity === p.severity).length < ANNOTATIONS_PER_TYPE)
      annotate.push(p)
    else left[p.severity]++
  }
  const parts = Object.entries(left)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} more ${type}${n === 1 ? '' : 's'}`)
  return {
    annotate,
    rest: parts.length > 0 ? `${parts.join(' and ')} not annotated; see the job summary` : undefined
  }
}

/** A version's import problem as the folder's problems carry it (same file, line and message). */
function isImportProblem(problem: Problem, blocked: SpecVersion[]): boolean {
  return blocked.some(
    (v) =>
      v.file === problem.file &&
      v.importProblems.some((p) => p.line === problem.line && problem.message.endsWith(p.message))
  )
}

function where(p: Problem): string {
  return p.line === undefined
    ? p.file
    : `${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`
}
