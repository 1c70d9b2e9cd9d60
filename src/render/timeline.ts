import { compareVersions, isPreview, parseVersionId, type VersionId } from '../specs/versions.js'

export interface TimelineEntry {
  version: string
  channel?: string
  /** A version expected to change in place (`isMovingVersion`): its own lane. */
  moving: boolean
  mark?: 'new' | 'revised'
}

/** At most this many versions per lane; the older rest are counted. */
export const TIMELINE_LANE_LIMIT = 30

const LANES = ['stable', 'preview', 'moving'] as const

/**
 * A folder's versions as a Mermaid `timeline` (GitHub renders ```mermaid blocks): one section
 * per lane (stable, preview, moving; empty lanes left out), oldest first. In each lane dated
 * versions are grouped by year and the others by major version (`v1`) or their own name, each
 * version an event, `(new)` or `(revised)` after it. A lane shows its newest 30 versions and
 * counts the rest.
 *
 * Mermaid's timeline lexer ends a period at `:` or `#`, starts a comment at `#`, and older
 * releases also stop at `;`: every text here is cut down to letters, digits, `.`, `_` and `-`
 * (versions are folder names; anything else becomes `_`), plus our own spaces and parentheses.
 */
export function versionTimeline(entries: TimelineEntry[], title: string): string {
  const lanes = new Map<(typeof LANES)[number], TimelineEntry[]>()
  for (const entry of entries) {
    const lane = laneOf(entry)
    lanes.set(lane, [...(lanes.get(lane) ?? []), entry])
  }
  const lines = ['```mermaid', 'timeline', `    title ${safeTitle(title)}`]
  for (const lane of LANES) {
    const all = (lanes.get(lane) ?? []).sort((a, b) => compareVersions(a.version, b.version))
    if (all.length === 0) continue
    lines.push(`    section ${lane}`)
    const shown = all.slice(-TIMELINE_LANE_LIMIT)
    const rest = all.length - shown.length
    if (rest > 0) lines.push(`        earlier : ${rest} older version${rest === 1 ? '' : 's'}`)
    let period: string | undefined
    for (const entry of shown) {
      const name = safeName(entry.version)
      const event = entry.mark ? `${name} (${entry.mark})` : name
      const group = periodOf(entry.version, name)
      if (group === period) lines.push(`             : ${event}`)
      else lines.push(`        ${group} : ${event}`)
      period = group
    }
  }
  lines.push('```')
  return lines.join('\n')
}

function laneOf(entry: TimelineEntry): (typeof LANES)[number] {
  if (entry.moving) return 'moving'
  const id = parseVersionId(entry.version)
  if (entry.channel?.toLowerCase() === 'preview' || (id && isPreview(id))) return 'preview'
  return 'stable'
}

/** The column a version sits in: its year, its major version, or its own name. */
function periodOf(version: string, name: string): string {
  const id: VersionId | undefined = parseVersionId(version)
  let period = name
  if (id?.kind === 'date') period = id.date.slice(0, 4)
  else if (id?.kind === 'number') period = `v${id.numbers[0]}`
  // A period starting with a keyword would be read as that keyword.
  return /^(timeline|title|section|acc)/i.test(period) ? `_${period}` : period
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_') || '_'
}

function safeTitle(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/[^A-Za-z0-9._\-/ ()]/g, '_')
      .trim() || 'versions'
  )
}
