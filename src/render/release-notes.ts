import type { ApplyResult } from '../apply/apply.js'
import type { DesiredState, DesiredVersion } from '../plan/desired.js'
import { changelogHeadline } from '../specs/changelog.js'
import { renderChangelogMarkdown } from './changelog.js'
import { code, escapeMarkdown } from './escape.js'

/** GitHub's limit for a release body. */
export const RELEASE_BODY_LIMIT = 125_000
/** What we keep of a version's notes in its APIM release. */
const MAX_APIM_NOTES = 4000

/**
 * The notes of one version's APIM release: for a revision, what it changes against the spec it
 * replaces; then its change log against the previous version, and its patch.
 */
export function apimReleaseNotes(v: DesiredVersion): string {
  const { changelog, revisionChangelog: revision } = v
  const lines = [
    `${escapeMarkdown(v.version)} from ${code(v.file)} (fingerprint ${v.fingerprint}).`,
    ...(revision
      ? [
          `Changes in this revision, against ${escapeMarkdown(revision.from)}: ${changelogHeadline(revision)}.`
        ]
      : []),
    changelog
      ? `Changes since ${changelog.from}: ${changelogHeadline(changelog)}.`
      : 'The first version in the folder.',
    `Patch: ${v.patchSummary}.`,
    ...importRewrites(v)
  ]
  let notes = lines.join('\n')
  for (const log of [revision, changelog])
    if (log) notes += `\n\n${renderChangelogMarkdown(log, { heading: '####' })}`
  return notes.length > MAX_APIM_NOTES
    ? `${notes.slice(0, MAX_APIM_NOTES - 40)}\n… (cut; see the job summary)`
    : notes
}

/** Patch kinds of the api-version patch; every other kind is a rewrite that makes APIM import it. */
const VERSION_PATCH_KINDS = new Set(['parameter-optional', 'examples-removed', 'parameter-missing'])
const REWRITES_SHOWN = 10

/** The make-importable rewrites of a version's spec, one line each (the first ten). */
function importRewrites(v: DesiredVersion): string[] {
  const rewrites = v.patchEntries.filter((e) => !VERSION_PATCH_KINDS.has(e.kind))
  if (rewrites.length === 0) return []
  const lines = rewrites
    .slice(0, REWRITES_SHOWN)
    .map((e) => `- line ${e.line}: ${escapeMarkdown(e.change)} at ${code(e.pointer)}`)
  if (rewrites.length > REWRITES_SHOWN)
    lines.push(`- … and ${rewrites.length - REWRITES_SHOWN} more`)
  return ['Rewritten so APIM can import it:', ...lines]
}

/** The release notes of an apply run: per version imported or revised, its notes (change log and patch). */
export function renderReleaseBody(
  result: ApplyResult,
  desired: DesiredState,
  context: { apiId: string; service: string }
): string {
  const byVersion = new Map(desired.versions.map((d) => [d.version, d]))
  const lines = [`## ${escapeMarkdown(context.apiId)} on ${escapeMarkdown(context.service)}`, '']
  for (const v of result.versions) {
    if (v.status !== 'done' || v.action === 'delete') continue
    const verb = v.action === 'import' ? 'imported' : v.action === 'repair' ? 'repaired' : 'revised'
    lines.push(
      `### ${escapeMarkdown(v.version)}: ${verb}${v.revision ? ` (revision ${v.revision})` : ''}`,
      ''
    )
    // Notes are ours (the change log renderer escapes spec text), kept as markdown.
    const desiredVersion = byVersion.get(v.version)
    lines.push(desiredVersion ? apimReleaseNotes(desiredVersion) : '', '')
  }
  const deleted = result.versions.filter((v) => v.status === 'done' && v.action === 'delete')
  if (deleted.length > 0)
    lines.push(`Deleted (prune): ${deleted.map((v) => escapeMarkdown(v.version)).join(', ')}`, '')
  const body = lines.join('\n')
  return body.length <= RELEASE_BODY_LIMIT
    ? body
    : `${body.slice(0, RELEASE_BODY_LIMIT - 80)}\n\n_…cut at GitHub's limit; the job summary has it all._`
}
