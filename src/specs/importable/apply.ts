import { deleteIn, insertAfterIn, overlapsAny, renameIn, setIn, type Edit } from '../edit.js'
import type { SourceDocument } from '../source.js'
import { isPlainSafe } from '../yaml-edits.js'
import type { Fix, Rewrite, ValueText } from './types.js'

/** The text edits of a fix on the original text, or undefined when one of them cannot be made. */
export function fixEdits(source: SourceDocument, fix: Fix): Edit[] | undefined {
  const edits: Edit[] = []
  for (const rewrite of fix.rewrites) {
    const made = rewriteEdits(source, rewrite)
    if (!made) return undefined
    edits.push(...made)
  }
  return edits
}

/** True when none of `edits` collides with `accepted` or with another of `edits`. */
export function fitsWith(edits: readonly Edit[], accepted: readonly Edit[]): boolean {
  return edits.every((edit, i) => !overlapsAny(edit, [...accepted, ...edits.slice(0, i)]))
}

/** The data after a fix: what its edits make the text parse to. */
export function applyFixToValue<T>(value: T, fix: Fix): T {
  let result = value
  for (const rewrite of fix.rewrites) {
    switch (rewrite.op) {
      case 'replace':
        result = setIn(result, rewrite.path, rewrite.value)
        break
      case 'insert':
        result = insertAfterIn(result, rewrite.path, rewrite.key, rewrite.value)
        break
      case 'remove':
        result = deleteIn(result, rewrite.path)
        break
      case 'rename':
        result = renameIn(result, rewrite.path, rewrite.key, rewrite.value)
        break
    }
  }
  return result
}

function rewriteEdits(source: SourceDocument, rewrite: Rewrite): Edit[] | undefined {
  switch (rewrite.op) {
    case 'replace': {
      const edit = source.valueReplacement(rewrite.path, valueText(source, rewrite))
      return edit && [edit]
    }
    case 'insert': {
      const text = valueText(source, rewrite)
      const edit = source.propertyInsertion(rewrite.path, rewrite.key, text)
      return edit && [edit]
    }
    case 'remove': {
      const edit = source.propertyRemoval(rewrite.path)
      return edit && [edit]
    }
    case 'rename': {
      const key = source.keyReplacement(rewrite.path, rewrite.key)
      const value = source.valueReplacement(rewrite.path, valueText(source, rewrite))
      return key && value && [key, value]
    }
  }
}

function valueText(
  source: SourceDocument,
  { text, value }: { text: ValueText; value: unknown }
): string {
  if ('literal' in text) return text.literal
  if ('copyOf' in text) {
    // YAML text is checked as if inside [ ], so that it reads the same wherever it lands.
    const copy = source.portableText(text.copyOf, true)
    if (copy !== undefined) return text.wrap ? `[${copy}]` : copy
  }
  return renderValue(value, source.syntax)
}

/**
 * A value written on one line: JSON, which YAML 1.2 reads too (simple YAML strings unquoted).
 * Integers beyond 2^53 are bigint and keep every digit.
 */
export function renderValue(value: unknown, syntax: 'json' | 'yaml'): string {
  const string = (s: string) => (syntax === 'yaml' && isPlainSafe(s) ? s : JSON.stringify(s))
  if (typeof value === 'string') return string(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return JSON.stringify(value)
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'
  }
  if (typeof value === 'boolean' || value === null || value === undefined)
    return String(value ?? null)
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v, syntax)).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([key, v]) => `${string(key)}: ${renderValue(v, syntax)}`
  )
  return `{${entries.join(', ')}}`
}
