import type { SpecFormat } from '../load.js'
import type { PathSegment } from '../pointer.js'
import { forEachRef, missingTarget } from '../refs.js'
import type { Finding } from './types.js'

export type RefKeyword = '$ref' | '$recursiveRef' | '$dynamicRef'

/** One reference the document makes, and the path of the object that holds it. */
export interface RefUse {
  keyword: RefKeyword
  ref: string
  path: PathSegment[]
}

/** Every `$ref`, `$recursiveRef` and `$dynamicRef` outside data and extensions, in order. */
export function collectRefs(root: unknown, format: SpecFormat): RefUse[] {
  const uses: RefUse[] = []
  forEachRef(root, format, (ref, path, keyword) => uses.push({ keyword, ref, path: [...path] }), [
    '$ref',
    '$recursiveRef',
    '$dynamicRef'
  ])
  return uses
}

/**
 * References APIM cannot follow: to another file, which an import of one document cannot read
 * ("API import restrictions and known issues": external references are not supported), and to
 * nothing at all (the reader fails to resolve them, e.g. `#/components/schemas/includable/description`
 * in a 2025-04-01-preview inference spec).
 */
export function referenceFindings(root: unknown, uses: readonly RefUse[]): Finding[] {
  const findings: Finding[] = []
  const missing = new Map<string, string | undefined>()
  for (const { keyword, ref, path } of uses) {
    if (keyword !== '$ref') continue
    const at = [...path, '$ref']
    if (!ref.startsWith('#')) {
      findings.push({
        rule: 'external-ref',
        path: at,
        message:
          `$ref '${ref}' points at another file; APIM imports one document and cannot follow ` +
          'it. Bundle the spec into one file first (e.g. `redocly bundle`).'
      })
      continue
    }
    if (!missing.has(ref)) missing.set(ref, missingTarget(root, ref))
    const reason = missing.get(ref)
    if (reason === undefined) continue
    findings.push({
      rule: 'dangling-ref',
      path: at,
      message:
        `$ref '${ref}' points at nothing: ${reason}; APIM refuses a reference it cannot ` +
        'resolve. Add the missing definition or fix the reference.'
    })
  }
  return findings
}
