import * as core from '@actions/core'
import { planAnnotations } from '../render/versions-report.js'
import type { Problem } from '../specs/errors.js'

/** Problems as annotations on their files (GitHub shows ten of each kind; a notice counts the rest). */
export function annotate(problems: Problem[]): void {
  const { annotate: list, rest } = planAnnotations(problems)
  for (const p of list) {
    const properties = {
      file: p.file,
      startLine: p.line,
      startColumn: p.column,
      title: 'apim-version-action'
    }
    if (p.severity === 'error') core.error(p.message, properties)
    else core.warning(p.message, properties)
  }
  if (rest) core.notice(rest)
}
