import type { DesiredState } from '../plan/desired.js'
import type { Plan } from '../plan/planner.js'
import { countsLine } from './plan.js'
import { code, escapeHtml, escapeMarkdown } from './escape.js'
import { renderChangelogMarkdown } from './changelog.js'
import type { Problem } from '../specs/errors.js'

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536

/** The hidden marker that finds this API's and service's comment again. */
export function commentMarker(apiId: string, service: string): string {
  return `<!-- apim-version-action:plan api=${encodeURIComponent(apiId)} service=${encodeURIComponent(service)} -->`
}

export interface PlanCommentInput {
  apiId: string
  service: string
  plan: Plan
  desired: DesiredState
  problems: Problem[]
  runUrl?: string
  /** Set when APIM was not consulted (a plan from the folder alone). */
  offlineNote?: string
}

/**
 * The sticky plan comment: title, counts (outside any collapsible), problems first, a table per
 * version, then a <details> per new or changed version with its change log and patch summary.
 * Kept under GitHub's limit by cutting details last-first, with a note saying so.
 */
export function renderPlanComment(input: PlanCommentInput, limit = COMMENT_LIMIT): string {
  const { plan, desired } = input
  const head: string[] = [
    commentMarker(input.apiId, input.service),
    `### APIM plan: ${code(input.apiId)} on ${code(input.service)}`,
    '',
    `**${countsLine(plan)}**`,
    ''
  ]
  if (input.offlineNote) head.push(`> ${escapeMarkdown(input.offlineNote)}`, '')
  const errors = input.problems.filter((p) => p.severity === 'error')
  if (errors.length > 0) {
    head.push(`**${errors.length} invalid spec${errors.length === 1 ? '' : 's'}** (left out):`, '')
    for (const p of errors)
      head.push(`- ${code(p.line ? `${p.file}:${p.line}` : p.file)}: ${escapeMarkdown(p.message)}`)
    head.push('')
  }
  head.push('| version | channel | action | operations | spec file |', '|---|---|---|---:|---|')
  for (const v of plan.versions) {
    head.push(
      `| ${code(v.version)} | ${escapeMarkdown(v.channel ?? '—')} | **${v.action}** | ${v.operations ?? '—'} | ${v.file ? code(v.file) : '—'} |`
    )
  }
  head.push('')
  const footer = input.runUrl ? ['', `[Workflow run](${input.runUrl})`] : []

  const byVersion = new Map(desired.versions.map((d) => [d.version, d]))
  const details = plan.versions
    .filter((v) => ['import', 'revise', 'reimport', 'repair'].includes(v.action))
    .map((v) => {
      const d = byVersion.get(v.version)
      const summary = `${v.version}: ${v.action}, ${v.changes ?? ''}`
      const body = [
        `<details><summary>${escapeHtml(summary)}</summary>`,
        '',
        `${escapeMarkdown(v.reason)}.`,
        '',
        `Patch: ${escapeMarkdown(v.patch ?? '')}.`,
        '',
        ...patchReport(d?.patchEntries ?? []),
        d?.changelog
          ? renderChangelogMarkdown(d.changelog, { heading: '####' })
          : 'The first version in the folder.',
        '',
        '</details>',
        ''
      ]
      return body.join('\n')
    })

  const cutNote = (n: number) =>
    `\n_${n} version detail${n === 1 ? '' : 's'} cut to stay within GitHub's ${limit.toLocaleString('en-US')}-character limit; the job summary has them._\n`
  let text = head.join('\n')
  // Room for the details: what the head and footer leave, less the note that may follow them.
  let budget = limit - text.length - footer.join('\n').length - cutNote(details.length).length
  let kept = 0
  for (const block of details) {
    if (block.length > budget) break
    text += block
    budget -= block.length
    kept++
  }
  if (kept < details.length) text += cutNote(details.length - kept)
  text += footer.join('\n')
  // The table alone may pass the limit with thousands of versions: cut it too, visibly.
  return text.length <= limit
    ? text
    : `${text.slice(0, limit - 80)}\n\n_…cut at GitHub's comment limit; the job summary has the whole plan._`
}

/** The first edits of a version's patch report, one line each, and how many more there are. */
function patchReport(
  entries: { kind: string; line: number; pointer: string; change: string }[]
): string[] {
  const edits = entries.filter((e) => e.kind !== 'parameter-missing')
  if (edits.length === 0) return []
  const shown = edits
    .slice(0, 10)
    .map((e) => `- line ${e.line}: ${escapeMarkdown(e.change)} at ${code(e.pointer)}`)
  if (edits.length > shown.length) shown.push(`- … and ${edits.length - shown.length} more edits`)
  return ['Patch report:', '', ...shown, '']
}
