import { Draft, type Edit } from '../edit.js'
import type { PathSegment } from '../pointer.js'
import type { SourceDocument } from '../source.js'
import { isPlainSafe } from '../yaml-edits.js'
import type { Fix, Rewrite, ValueText } from './types.js'

/** Says whether a property (by its path) is to be removed by some fix. */
export type Removing = (path: readonly PathSegment[]) => boolean

/**
 * The text edits of a fix on the original text, or undefined when one of them cannot be made.
 * `removing` names every property some fix removes, so that removals in one object meet
 * without overlapping.
 */
export function fixEdits(
  source: SourceDocument,
  fix: Fix,
  removing?: Removing
): Edit[] | undefined {
  const edits: Edit[] = []
  for (const rewrite of fix.rewrites) {
    const made = rewriteEdits(source, rewrite, removing)
    if (!made) return undefined
    edits.push(...made)
  }
  return edits
}

/** The data after the fixes: what their edits make the text parse to. Linear in the changes. */
export function applyFixesToValue<T>(value: T, fixes: readonly Fix[]): T {
  const draft = new Draft(value)
  for (const fix of fixes) {
    for (const rewrite of fix.rewrites) {
      switch (rewrite.op) {
        case 'replace':
          draft.set(rewrite.path, rewrite.value)
          break
        case 'insert':
          draft.insertAfter(rewrite.path, rewrite.key, rewrite.value)
          break
        case 'remove':
          draft.delete(rewrite.path)
          break
        case 'rename':
          draft.rename(rewrite.path, rewrite.key, rewrite.value)
          break
      }
    }
  }
  return draft.value
}

function rewriteEdits(
  source: SourceDocument,
  rewrite: Rewrite,
  removing: Removing | undefined
): Edit[] | undefined {
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
      const parent = rewrite.path.slice(0, -1)
      const edit = source.propertyRemoval(
        rewrite.path,
        removing && ((key) => removing([...parent, key]))
      )
      return edit && [edit]
    }
    case 'rename': {
      const key = source.keyReplacement(rewrite.path, rewrite.key)
      if (keepsValue(rewrite)) return key && [key]
      const value = source.valueReplacement(rewrite.path, valueText(source, rewrite))
      return key && value && [key, value]
    }
  }
}

/** A rename whose value is its own text, as written: only the key changes. */
function keepsValue(rewrite: Rewrite & { op: 'rename' }): boolean {
  const { text, path } = rewrite
  return (
    'copyOf' in text &&
    !text.wrap &&
    text.copyOf.length === path.length &&
    text.copyOf.every((seg, i) => String(seg) === String(path[i]))
  )
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
