import { plural } from '../plural.js'
import type { PathSegment } from '../pointer.js'
import type { Finding, Fix, Rewrite } from './types.js'

// APIM reads an OpenAPI 3.1 document with its OpenAPI 3.0 reader (MicrosoftDocs/azure-docs
// #123982: "The input OpenAPI file is not valid for the OpenAPI specification 3.0.1"). Each
// rewrite here says the same thing in OpenAPI 3.0 terms, so the API does not change.

const READER = 'APIM reads every OpenAPI 3.x spec with its OpenAPI 3.0 reader (azure-docs #123982)'

type Schema = Record<string, unknown>

/** `type` that is not one string: `[T, "null"]` and `[T]` are rewritten, the rest reported. */
export function typeFinding(schema: Schema, path: PathSegment[]): Finding {
  const typePath = [...path, 'type']
  const value = schema.type
  const finding: Finding = {
    rule: 'openapi-keyword',
    path: typePath,
    message:
      `\`type\` is ${describe(value)}, not one type name; APIM refuses it ("Cannot create a ` +
      'scalar value from this type of node"), because it reads the spec as OpenAPI 3.0. ' +
      'Use one type, with `nullable: true` for null, or `oneOf` with a schema per type.'
  }
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) return finding
  const nonNull = value.filter((t) => t !== 'null')
  const nulls = value.length - nonNull.length
  if (nonNull.length !== 1 || nulls > 1) return finding
  const index = value.indexOf(nonNull[0])
  const rewrites: Rewrite[] = [
    { op: 'replace', path: typePath, value: nonNull[0], text: { copyOf: [...typePath, index] } }
  ]
  if (nulls === 1 && schema.nullable === undefined) {
    const text = { literal: 'true' }
    rewrites.push({ op: 'insert', path: typePath, key: 'nullable', value: true, text })
  } else if (nulls === 1 && schema.nullable !== true) {
    const text = { literal: 'true' }
    rewrites.push({ op: 'replace', path: [...path, 'nullable'], value: true, text })
  }
  const shown = `[${value.map((t) => JSON.stringify(t)).join(', ')}]`
  finding.fix = {
    kind: 'openapi-rewrite',
    change:
      `type: ${shown} → type: ${JSON.stringify(nonNull[0])}` +
      (nulls === 1 ? ', nullable: true' : ''),
    reason: `${READER}, where \`type\` is one string${nulls === 1 ? ' and `nullable: true` admits null' : ''}`,
    rewrites
  }
  return finding
}

/** OpenAPI 3.1 (JSON Schema) numeric `exclusiveMinimum: n` is 3.0's `minimum: n` + `true`. */
export function exclusiveBoundFinding(
  schema: Schema,
  path: PathSegment[],
  key: 'exclusiveMinimum' | 'exclusiveMaximum'
): Finding {
  const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum'
  const value = schema[key]
  const keyPath = [...path, key]
  const finding: Finding = {
    rule: 'openapi-keyword',
    path: keyPath,
    message:
      `\`${key}\` is ${describe(value)}; OpenAPI 3.0, which APIM reads every spec as, takes ` +
      `true or false there (azure-docs #119506). Write \`${bound}: <n>\` and \`${key}: true\`.`
  }
  const numeric = typeof value === 'number' || typeof value === 'bigint'
  if (!numeric || schema[bound] !== undefined) {
    if (numeric)
      finding.message += ` (This schema already has \`${bound}\`: keep the stricter one.)`
    return finding
  }
  finding.fix = {
    kind: 'openapi-rewrite',
    change: `${key}: ${String(value)} → ${bound}: ${String(value)}, ${key}: true`,
    reason: `${READER}, where \`${key}\` is a flag on \`${bound}\``,
    rewrites: [
      { op: 'replace', path: keyPath, value: true, text: { literal: 'true' } },
      { op: 'insert', path: keyPath, key: bound, value, text: { copyOf: keyPath } }
    ]
  }
  return finding
}

/** `const: v` is `enum: [v]` in OpenAPI 3.0. */
export function constFinding(schema: Schema, path: PathSegment[]): Finding {
  const keyPath = [...path, 'const']
  const finding: Finding = {
    rule: 'openapi-keyword',
    path: keyPath,
    message:
      '`const` is not an OpenAPI 3.0 Schema Object field, and APIM reads every spec as 3.0. ' +
      'Write `enum: [<value>]` instead' +
      (schema.enum !== undefined ? ' (this schema has an `enum` already: merge the two).' : '.')
  }
  if (schema.enum !== undefined) return finding
  finding.fix = {
    kind: 'openapi-rewrite',
    change: 'const: v → enum: [v]',
    reason: `${READER}, which has no \`const\`; a one-value \`enum\` allows the same value`,
    rewrites: [
      {
        op: 'rename',
        path: keyPath,
        key: 'enum',
        value: [schema.const],
        text: { copyOf: keyPath, wrap: true }
      }
    ]
  }
  return finding
}

/** JSON Schema `examples: [a, …]` becomes OpenAPI 3.0's single `example: a`. */
export function examplesFinding(schema: Schema, path: PathSegment[]): Finding {
  const keyPath = [...path, 'examples']
  const value = schema.examples
  const finding: Finding = {
    rule: 'openapi-keyword',
    path: keyPath,
    message:
      "a schema's `examples` is not an OpenAPI 3.0 Schema Object field, and APIM reads every " +
      'spec as 3.0. Keep one of them as `example`.'
  }
  if (!Array.isArray(value)) return finding
  const keep = value.length > 0 && schema.example === undefined
  const dropped = keep ? value.length - 1 : value.length
  const note = dropped > 0 ? ` (${plural(dropped, 'example')} dropped)` : ''
  const fix: Fix = {
    kind: 'openapi-rewrite',
    change: keep
      ? `examples: [${value.length > 1 ? 'a, …' : 'a'}] → example: a${note}`
      : `examples removed${note}${schema.example !== undefined ? '; the schema has an `example`' : ''}`,
    reason: `${READER}, whose schemas take one \`example\`; examples do not change what the API accepts`,
    rewrites: keep
      ? [
          {
            op: 'rename',
            path: keyPath,
            key: 'example',
            value: value[0],
            text: { copyOf: [...keyPath, 0] }
          }
        ]
      : [{ op: 'remove', path: keyPath }]
  }
  finding.fix = fix
  return finding
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list (${value.map((v) => JSON.stringify(v)).join(', ')})`
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}`
}
