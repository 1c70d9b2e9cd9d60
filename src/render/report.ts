import type { SpecVersion } from '../specs/analyze.js'
import type { PatchEntry } from '../specs/patch.js'

/** The `versions --json` record of one version (documented in docs/cli.md). */
export interface VersionRecord {
  version: string
  channel: string | null
  file: string
  format: string
  syntax: string
  operations: number
  fingerprint: string
  patch: string
  chosenBy: string
  candidates: string[]
  /** What APIM would refuse in the (patched) spec; empty when it can be imported. */
  blocked: { rule: string; line: number; column?: number; message: string }[]
}

export function versionRecord(v: SpecVersion): VersionRecord {
  return {
    version: v.version,
    channel: v.channel ?? null,
    file: v.file,
    format: v.format,
    syntax: v.syntax,
    operations: v.operations,
    fingerprint: v.fingerprint,
    patch: v.patch.summary,
    chosenBy: v.chosenBy,
    candidates: v.candidates,
    blocked: v.importProblems.map(({ rule, line, column, message }) => ({
      rule,
      line,
      ...(column !== undefined ? { column } : {}),
      message
    }))
  }
}

/** The `patch --report` file: one object per edit or note. */
export function patchReportJson(entries: PatchEntry[]): string {
  return (
    JSON.stringify(
      entries.map(({ pointer, line, change, reason, kind, operations }) => ({
        pointer,
        line,
        change,
        reason,
        kind,
        operations
      })),
      null,
      2
    ) + '\n'
  )
}

/** Fixed-width text table; the last column is left unpadded. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
