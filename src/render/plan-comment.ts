import type { DesiredState } from '../plan/desired.js'
import type { Plan } from '../plan/planner.js'
import {
  BLOCKERS_SHOWN,
  budgetLine,
  countsLine,
  productLine,
  promotionNote,
  waitingFor
} from './plan.js'
import { code, codeCell, escapeHtml, escapeMarkdown } from './escape.js'
import { renderChangelogMarkdown } from './changelog.js'
import type { Problem } from '../specs/errors.js'
import { isMovingVersion, parseVersionId } from '../specs/versions.js'
import { versionTimeline } from './timeline.js'

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
  /** What the settings leave undone (shown as warnings under the counts). */
  warnings?: string[]
  runUrl?: string
  /** Set when APIM was not consulted (a plan from the folder alone). */
  offlineNote?: string
  /** The commit an offline plan compares with (the pull request's base). */
  baseCommit?: string
}

/**
 * The sticky plan comment: its hidden marker as the first line (the only place a marker counts),
 * then the plan as the job summary shows it, kept under GitHub's limit.
 */
export function renderPlanComment(input: PlanCommentInput, limit = COMMENT_LIMIT): string {
  return renderPlan(input, commentMarker(input.apiId, input.service), limit)
}

/** GitHub accepts 1 MiB of job summary per step: room for every version's details. */
const SUMMARY_LIMIT = 1_000_000

/** The plan in the job summary: as the comment shows it, without the marker or cut details. */
export function renderPlanSummary(input: PlanCommentInput): string {
  return renderPlan(input, undefined, SUMMARY_LIMIT)
}

/** `APIM plan: `api` on `service``, or against the base commit when APIM was not consulted. */
function title(input: PlanCommentInput): string {
  const against = input.offlineNote
    ? `against the base commit${input.baseCommit ? ` ${code(input.baseCommit.slice(0, 7))}` : ''}`
    : `on ${code(input.service)}`
  return `## APIM plan: ${code(input.apiId)} ${against}`
}

/**
 * Title, counts (outside any collapsible), problems first, a table per version, then a <details>
 * per new or changed version with its change log and patch summary. Kept under `limit` by
 * cutting details last-first, with a note saying so. One outline: `##` title, `###` inside.
 */
function renderPlan(input: PlanCommentInput, marker: string | undefined, limit: number): string {
  const { plan, desired } = input
  const head: string[] = [
    ...(marker ? [marker] : []),
    title(input),
    '',
    `**${countsLine(plan)}**`,
    ''
  ]
  const promoted = promotionNote(plan)
  if (promoted) head.push(`> ${escapeMarkdown(promoted)}`, '')
  if (input.offlineNote) head.push(`> ${escapeMarkdown(input.offlineNote)}`, '')
  for (const warning of input.warnings ?? []) head.push(`> ⚠️ ${escapeMarkdown(warning)}`, '')
  const errors = input.problems.filter((p) => p.severity === 'error')
  if (errors.length > 0) {
    head.push(`**${errors.length} invalid spec${errors.length === 1 ? '' : 's'}** (left out):`, '')
    for (const p of errors)
      head.push(`- ${code(p.line ? `${p.file}:${p.line}` : p.file)}: ${escapeMarkdown(p.message)}`)
    head.push('')
  }
  if (plan.backend) head.push(`Backend ${code(plan.backend.id)}: ${plan.backend.action}.`, '')
  for (const p of plan.products ?? []) head.push(`- ${escapeMarkdown(productLine(p))}`)
  if (plan.products?.length) head.push('')
  const operations = budgetLine(plan)
  if (operations) head.push(escapeMarkdown(operations), '')
  const blocked = plan.versions.filter((v) => v.action === 'blocked')
  if (blocked.length > 0) {
    head.push(
      `**${blocked.length} blocked** (APIM would refuse ${blocked.length === 1 ? 'it' : 'them'}; not sent, the other versions go on):`,
      ''
    )
    for (const v of blocked) {
      const blockers = v.blockers ?? []
      head.push(
        `- ${code(v.version)}: ${escapeMarkdown(blockers.length > 0 ? `${blockers.length} problem${blockers.length === 1 ? '' : 's'}` : v.reason)}`
      )
      for (const p of blockers.slice(0, BLOCKERS_SHOWN))
        head.push(
          `  - ${code(p.line ? `${p.file}:${p.line}` : p.file)}: ${escapeMarkdown(p.message)}`
        )
      if (blockers.length > BLOCKERS_SHOWN)
        head.push(`  - … and ${blockers.length - BLOCKERS_SHOWN} more (the job log lists them)`)
    }
    head.push('')
  }
  head.push(...waitingList(plan))
  head.push('| version | channel | action | operations | spec file |', '|---|---|---|---:|---|')
  for (const v of plan.versions) {
    const action = v.action === 'waiting' ? waitingFor(plan) : v.action
    head.push(
      `| ${codeCell(v.version)} | ${escapeMarkdown(v.channel ?? '—')} | **${escapeMarkdown(action)}** | ${v.operations ?? '—'} | ${v.file ? codeCell(v.file) : '—'} |`
    )
  }
  head.push('')
  const timeline = planTimeline(input)
  if (timeline) head.push(timeline, '')
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
        ...(v.deleteRevisions
          ? [
              `Then deletes revision${v.deleteRevisions.length === 1 ? '' : 's'} ${v.deleteRevisions.join(', ')} (keep-revisions).`,
              ''
            ]
          : []),
        `Patch: ${escapeMarkdown(v.patch ?? '')}.`,
        '',
        ...patchReport(d?.patchEntries ?? []),
        // A revision: first what it changes against the spec it replaces, then the version log.
        ...(d?.revisionChangelog
          ? [renderChangelogMarkdown(d.revisionChangelog, { heading: '###' })]
          : []),
        d?.changelog
          ? renderChangelogMarkdown(d.changelog, { heading: '###' })
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

/** promote-from: the versions and revisions left for a later run, each with why. */
function waitingList(plan: Plan): string[] {
  const waiting = plan.versions.filter((v) => v.action === 'waiting')
  if (waiting.length === 0) return []
  const lines = [
    `**${waiting.length} ${escapeMarkdown(waitingFor(plan))}** (left alone here until ${waiting.length === 1 ? 'it is' : 'they are'} live there):`,
    ''
  ]
  const prefix = `${waitingFor(plan)}: `
  for (const v of waiting) {
    const why = v.reason.startsWith(prefix) ? v.reason.slice(prefix.length) : v.reason
    lines.push(
      `- ${code(v.version)} (${v.revision ? 'changed spec' : 'new version'}): ${escapeMarkdown(why)}`
    )
  }
  return [...lines, '']
}

/** The versions as a Mermaid timeline (stable, preview and moving lanes; new and revised marked). */
function planTimeline(input: PlanCommentInput): string {
  const entries = input.plan.versions
    .filter((v) => v.action !== 'orphan' && v.action !== 'delete' && parseVersionId(v.version))
    .map((v) => ({
      version: v.version,
      channel: v.channel,
      moving: isMovingVersion(v.version),
      ...(v.action === 'import'
        ? { mark: 'new' as const }
        : v.action === 'revise' || v.action === 'reimport'
          ? { mark: 'revised' as const }
          : {})
    }))
  return entries.length > 0 ? versionTimeline(entries, `${input.apiId} versions`) : ''
}

/** The first edits of a version's patch report in line order, one line each, and how many more. */
function patchReport(
  entries: { kind: string; line: number; pointer: string; change: string }[]
): string[] {
  const edits = entries
    .filter((e) => e.kind !== 'parameter-missing')
    .sort((a, b) => a.line - b.line)
  if (edits.length === 0) return []
  const shown = edits
    .slice(0, 10)
    .map((e) => `- line ${e.line}: ${escapeMarkdown(e.change)} at ${code(e.pointer)}`)
  if (edits.length > shown.length) shown.push(`- … and ${edits.length - shown.length} more edits`)
  return ['Patch report:', '', ...shown, '']
}
