import type { PathSegment } from '../pointer.js'

/** What APIM refuses to import (see docs/patch-and-fingerprint.md for the sources). */
export type ImportRule =
  | 'recursion'
  | 'external-ref'
  | 'dangling-ref'
  | 'duplicate-url-parameter'
  | 'parameter-not-in-template'
  | 'duplicate-signature'
  | 'duplicate-operation-id'
  | 'openapi-keyword'
  | 'inline-size'

/**
 * `patch` (default): rewrite what can be rewritten without changing the API, report the rest;
 * `check`: rewrite nothing, report everything; `off`: check nothing.
 */
export type ImportableMode = 'patch' | 'check' | 'off'

/** Something in a spec that APIM would refuse, where it is, and what to do about it. */
export interface ImportProblem {
  rule: ImportRule
  /** JSON pointer into the original document. */
  pointer: string
  /** 1-based line in the original text. */
  line: number
  column?: number
  /** What APIM refuses here, and what the user can do about it. */
  message: string
}

/**
 * One change to the document, by path in the original: the value at `path` replaced, a property
 * added after the property at `path`, the property at `path` removed or renamed.
 */
export type Rewrite =
  | { op: 'replace'; path: PathSegment[]; value: unknown; text: ValueText }
  | { op: 'insert'; path: PathSegment[]; key: string; value: unknown; text: ValueText }
  | { op: 'remove'; path: PathSegment[] }
  | { op: 'rename'; path: PathSegment[]; key: string; value: unknown; text: ValueText }

/**
 * How to write a new value: rendered from the data, or copied from the original text (so that
 * `1.0` stays `1.0`), or copied and wrapped in `[ ]`. A copy falls back to rendering when the
 * original text would read differently in its new place.
 */
export type ValueText =
  { render: true } | { copyOf: PathSegment[]; wrap?: boolean } | { literal: string }

/** A rewrite that makes one finding importable, and how the patch report describes it. */
export interface Fix {
  kind: 'recursion-cut' | 'openapi-rewrite'
  change: string
  reason: string
  rewrites: Rewrite[]
  /**
   * The fix renames a keyword to an extension (`x-jsonschema-…`): what is under it is no longer
   * read by APIM, so no other fix is needed there.
   */
  setsAside?: boolean
}

/** One problem as a rule finds it: where (by path), and the fix when one is safe. */
export interface Finding {
  rule: ImportRule
  /** The offending value. */
  path: PathSegment[]
  /** Where its line is taken from, when not `path` (the `$ref` key of a reference object). */
  at?: PathSegment[]
  message: string
  fix?: Fix
}
