import type { Plan, VersionAction } from '../plan/planner.js'
import { code, codeCell, escapeHtml } from './escape.js'
import { COMMENT_LIMIT, renderPlanSummary, type PlanCommentInput } from './plan-comment.js'
import { countsLine } from './plan.js'

/** One (api, environment) pair's plan, as the single-API renderers take it. */
export interface PairPlan {
  api: string
  environment: string
  view: PlanCommentInput
}

/** The hidden marker of a config's one plan comment (its first line, as for one API). */
export function matrixCommentMarker(configFile: string): string {
  return `<!-- apim-version-action:plan config=${encodeURIComponent(configFile)} -->`
}

const SHOWN: [VersionAction, string][] = [
  ['import', 'import'],
  ['revise', 'revise'],
  ['reimport', 're-import'],
  ['repair', 'repair'],
  ['delete', 'delete'],
  ['blocked', 'blocked'],
  ['conflict', 'conflict'],
  ['waiting', 'waiting']
]

/** `2 import · 1 revise`, or `no change`: a pair's plan in one table cell. */
export function pairCell(plan: Plan): string {
  const counts = plan.counts as Partial<Record<VersionAction, number>>
  const parts = SHOWN.filter(([action]) => (counts[action] ?? 0) > 0).map(
    ([action, word]) => `${counts[action]} ${word}`
  )
  const joins = (plan.products ?? []).reduce((n, p) => n + p.add.length, 0)
  if (joins > 0) parts.push(`${joins} product membership${joins === 1 ? '' : 's'}`)
  return parts.length > 0 ? parts.join(' · ') : plan.hasChanges ? 'settings' : 'no change'
}

/**
 * The one plan comment of a config: a table of every api × environment, then a collapsed section
 * per pair (the plan as the job summary shows it), details cut last-first to stay within GitHub's
 * limit, with a note pointing at the job summary.
 */
export function renderMatrixComment(
  pairs: PairPlan[],
  context: { configFile: string; runUrl?: string; marker?: boolean },
  limit = COMMENT_LIMIT
): string {
  const apis = [...new Set(pairs.map((p) => p.api))]
  const environments = [...new Set(pairs.map((p) => p.environment))]
  const cell = (api: string, environment: string) => {
    const pair = pairs.find((p) => p.api === api && p.environment === environment)
    return pair ? pairCell(pair.view.plan) : '—'
  }
  const head = [
    ...(context.marker === false ? [] : [matrixCommentMarker(context.configFile)]),
    `## APIM plan: ${code(context.configFile)}, ${pairs.length} pair${pairs.length === 1 ? '' : 's'}`,
    '',
    `| api | ${environments.map((e) => codeCell(e)).join(' | ')} |`,
    `|---|${environments.map(() => '---').join('|')}|`,
    ...apis.map(
      (api) => `| ${codeCell(api)} | ${environments.map((e) => cell(api, e)).join(' | ')} |`
    ),
    ''
  ].join('\n')
  const footer = context.runUrl ? `\n[Workflow run](${context.runUrl})` : ''
  const sections = pairs.map((pair) => {
    const summary = `${pair.api} on ${pair.environment}: ${countsLine(pair.view.plan)}`
    return [
      `<details><summary>${escapeHtml(summary)}</summary>`,
      '',
      renderPlanSummary(pair.view),
      '',
      '</details>',
      ''
    ].join('\n')
  })
  const cutNote = (n: number) =>
    `\n_${n} pair section${n === 1 ? '' : 's'} cut to stay within GitHub's ${limit.toLocaleString('en-US')}-character limit; the job summary has them._\n`
  let text = head + '\n'
  let room = limit - text.length - footer.length - cutNote(sections.length).length
  let kept = 0
  for (const section of sections) {
    if (section.length > room) break
    text += section
    room -= section.length
    kept++
  }
  if (kept < sections.length) text += cutNote(sections.length - kept)
  text += footer
  return text.length <= limit
    ? text
    : `${text.slice(0, limit - 80)}\n\n_…cut at GitHub's comment limit; the job summary has the whole plan._`
}
