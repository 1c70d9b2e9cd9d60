import type { VerifyClassification, VerifyResult } from '../verify/types.js'
import { codeCell, escapeMarkdown, terminalSafe } from './escape.js'

const ORDER: VerifyClassification[] = [
  'routed',
  'throttled',
  'not-routed',
  'key-refused',
  'gateway-error'
]
const MARKS: Record<VerifyClassification, string> = {
  routed: '✅',
  throttled: '⚠️',
  'not-routed': '❌',
  'key-refused': '❌',
  'gateway-error': '❌'
}

/** `2 routed · 1 not-routed` (routed always; the others when they occur). */
export function verifyCounts(results: VerifyResult[]): string {
  return ORDER.map((c) => [c, results.filter((r) => r.classification === c).length] as const)
    .filter(([c, n]) => c === 'routed' || n > 0)
    .map(([c, n]) => `${n} ${c}`)
    .join(' · ')
}

/** The CLI's table: VERSION, OPERATION, STATUS, RESULT, DETAIL (spec text made terminal-safe). */
export function renderVerifyText(results: VerifyResult[]): string {
  const rows = results.map((r) => [
    r.version,
    r.operation,
    r.status === undefined ? '-' : String(r.status),
    r.classification,
    r.detail
  ])
  const head = ['VERSION', 'OPERATION', 'STATUS', 'RESULT', 'DETAIL']
  const safe = [head, ...rows].map((row) => row.map(terminalSafe))
  const widths = head.map((_, i) => Math.max(...safe.map((row) => row[i].length)))
  const lines = [`Verify through the gateway: ${verifyCounts(results)}`]
  for (const row of safe)
    lines.push(
      `  ${row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')}`.trimEnd()
    )
  return lines.join('\n') + '\n'
}

/** The job summary's table; versions, operations and details are escaped (spec text, APIM's words). */
export function renderVerifyMarkdown(results: VerifyResult[]): string {
  const lines = ['### Verify', '', verifyCounts(results), '']
  if (results.length === 0) return [...lines, 'No version to verify.', ''].join('\n')
  lines.push(
    '| Version | Operation | Status | Result | Detail |',
    '| --- | --- | --- | --- | --- |'
  )
  for (const r of results) {
    lines.push(
      `| ${codeCell(r.version)} | ${codeCell(r.operation)} | ${r.status ?? '—'} | ${MARKS[r.classification]} ${r.classification} | ${escapeMarkdown(r.detail)} |`
    )
  }
  return lines.join('\n') + '\n'
}

/** The `verify` output: one object per version (the key is never among them). */
export function verifyJson(results: VerifyResult[]): VerifyResult[] {
  return results.map((r) => ({ ...r }))
}
