import {
  changelogHeadline,
  type Changelog,
  type OperationChange,
  type OperationSummary
} from '../specs/changelog.js'
import { operationLabel } from '../specs/operations.js'
import { code, escapeMarkdown } from './escape.js'

/** A change log as markdown: headline, operations added/removed/changed, schemas. */
export function renderChangelogMarkdown(
  log: Changelog,
  options: { heading?: string } = {}
): string {
  const lines: string[] = []
  const heading = options.heading ?? '###'
  lines.push(`${heading} ${escapeMarkdown(log.from)} → ${escapeMarkdown(log.to)}`, '')
  lines.push(`${changelogHeadline(log)}.`, '')
  const { operations, schemas } = log
  const opLine = (op: OperationSummary) =>
    `- ${code(operationLabel(op))}${op.summary ? ` — ${escapeMarkdown(op.summary)}` : ''}`
  if (operations.added.length) {
    lines.push(
      `**Operations added (${operations.added.length})**`,
      '',
      ...operations.added.map(opLine),
      ''
    )
  }
  if (operations.removed.length) {
    lines.push(
      `**Operations removed (${operations.removed.length})**`,
      '',
      ...operations.removed.map(opLine),
      ''
    )
  }
  if (operations.changed.length) {
    lines.push(`**Operations changed (${operations.changed.length})**`, '')
    for (const op of operations.changed)
      lines.push(`- ${code(operationLabel(op))}: ${describeChange(op)}`)
    lines.push('')
  }
  const names = (list: string[]) => list.map((n) => code(n)).join(', ')
  if (schemas.added.length)
    lines.push(`**Schemas added (${schemas.added.length})**: ${names(schemas.added)}`, '')
  if (schemas.removed.length)
    lines.push(`**Schemas removed (${schemas.removed.length})**: ${names(schemas.removed)}`, '')
  if (schemas.changed.length)
    lines.push(`**Schemas changed (${schemas.changed.length})**: ${names(schemas.changed)}`, '')
  return lines.join('\n').trimEnd() + '\n'
}

function describeChange(op: OperationChange): string {
  const parts: string[] = []
  const list = (items: string[]) => items.map((i) => code(i)).join(', ')
  const { parameters: p, requestBody: b, responses: r } = op
  if (p.added.length) parts.push(`parameters added ${list(p.added)}`)
  if (p.removed.length) parts.push(`parameters removed ${list(p.removed)}`)
  if (p.changed.length) parts.push(`parameters changed ${list(p.changed)}`)
  if (b.added.length) parts.push(`request content types added ${list(b.added)}`)
  if (b.removed.length) parts.push(`request content types removed ${list(b.removed)}`)
  if (b.changed.length) parts.push(`request schema changed (${list(b.changed)})`)
  if (r.added.length) parts.push(`responses added ${list(r.added)}`)
  if (r.removed.length) parts.push(`responses removed ${list(r.removed)}`)
  for (const c of r.changed) {
    const what: string[] = []
    if (c.added.length) what.push(`content types added ${list(c.added)}`)
    if (c.removed.length) what.push(`content types removed ${list(c.removed)}`)
    if (c.changed.length) what.push(`schema changed (${list(c.changed)})`)
    parts.push(`response ${code(c.status)} ${what.join(', ')}`)
  }
  return parts.join('; ')
}
