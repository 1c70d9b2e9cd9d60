import type { FolderAnalysis } from '../specs/analyze.js'
import type { Problem } from '../specs/errors.js'
import { code, codeCell, escapeMarkdown } from './escape.js'

/** GitHub shows at most 10 annotations of each type per step. */
export const ANNOTATIONS_PER_TYPE = 10

/** The job summary of `mode: versions`: what the folder holds and what the patch does. */
export function renderVersionsSummary(analysis: FolderAnalysis, folder: string): string {
  const { versions, problems, discovery } = analysis
  const errors = problems.filter((p) => p.severity === 'error')
  const lines = [
    `## API versions in ${code(folder)}`,
    '',
    `${versions.length} valid version${versions.length === 1 ? '' : 's'} · ${errors.length} error${errors.length === 1 ? '' : 's'} · layout ${discovery.layout}`,
    ''
  ]
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
      const cells = [
        codeCell(v.version),
        escapeMarkdown(v.channel ?? '—'),
        codeCell(v.file),
        `${v.format} (${v.syntax})`,
        String(v.operations),
        codeCell(v.fingerprint),
        escapeMarkdown(v.patch.summary)
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

function where(p: Problem): string {
  return p.line === undefined
    ? p.file
    : `${p.file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`
}
