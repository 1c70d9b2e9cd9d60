import type { SpecFormat } from '../load.js'
import { getAt, isObject, type PathSegment } from '../pointer.js'
import { forEachSchemaSite, SCHEMA_FIELDS, subschemas } from './schema-sites.js'
import {
  constFinding,
  examplesFinding,
  exclusiveBoundFinding,
  typeFinding
} from './schema-rewrites.js'
import type { Finding } from './types.js'

// APIM parses OpenAPI 3.x with an OpenAPI 3.0 reader (Microsoft.OpenApi's V3 reader): a field it
// does not know is an error ("… is not a valid property"), and so is an OpenAPI 3.1-only field
// (azure-docs #105288: info.summary; #123982: type lists; #119506: numeric exclusiveMinimum).

const DOCUMENT_FIELDS_31: { path: PathSegment[]; what: string }[] = [
  { path: ['info', 'summary'], what: '`info.summary`' },
  { path: ['info', 'license', 'identifier'], what: '`info.license.identifier`' },
  { path: ['webhooks'], what: 'top-level `webhooks`' },
  { path: ['jsonSchemaDialect'], what: '`jsonSchemaDialect`' },
  { path: ['components', 'pathItems'], what: '`components.pathItems`' }
]

/** The OpenAPI 3.0 schema's `type` enum (schemas/v3.0/schema.yaml): no 'null', no 'file'. */
const TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string'])

const RECURSIVE_REFS = ['$recursiveRef', '$dynamicRef']
const RECURSIVE_ANCHORS = ['$recursiveAnchor', '$dynamicAnchor']

/** Fields of OpenAPI 3.1 documents and schemas that APIM's OpenAPI 3.0 reader refuses. */
export function keywordFindings(root: Record<string, unknown>, format: SpecFormat): Finding[] {
  if (format === 'swagger 2.0') return []
  const findings: Finding[] = []
  for (const { path, what } of DOCUMENT_FIELDS_31) {
    if (getAt(root, path) === undefined) continue
    findings.push({
      rule: 'openapi-keyword',
      path,
      message:
        `${what} exists only in OpenAPI 3.1; APIM reads every spec as OpenAPI 3.0 and refuses ` +
        'it (azure-docs #105288). Remove it (its text can go into a description).'
    })
  }

  const anchors: Finding[] = []
  let strayRecursiveRef = false
  const check = (node: unknown, path: PathSegment[], inNamed: boolean): void => {
    if (!isObject(node)) return
    // The reader takes a reference object's `$ref` and ignores the rest of it.
    if (typeof node.$ref === 'string') return
    const recursive = RECURSIVE_REFS.some((k) => node[k] !== undefined)
    // Inside a named schema it is a cycle: the recursion rule reports (and cuts) it.
    if (recursive && inNamed) return
    for (const key of Object.keys(node)) {
      if (key.startsWith('x-')) continue
      const finding = keyFinding(node, path, key)
      if (!finding) continue
      if (RECURSIVE_ANCHORS.includes(key)) anchors.push(finding)
      else findings.push(finding)
      if (RECURSIVE_REFS.includes(key)) strayRecursiveRef = true
    }
    for (const [child, at] of subschemas(node, path)) check(child, at, inNamed)
  }
  forEachSchemaSite(root, (schema, path, named) => check(schema, path, named))

  // An anchor only serves a $recursiveRef / $dynamicRef; once every one of them is cut (they all
  // sit in named schemas), the anchor means nothing and can go.
  for (const finding of anchors) {
    if (!strayRecursiveRef)
      finding.fix = {
        kind: 'openapi-rewrite',
        change: `removed ${String(finding.path[finding.path.length - 1])}`,
        reason:
          'APIM reads every spec as OpenAPI 3.0, which has no such field; no recursive reference is left for it to serve',
        rewrites: [{ op: 'remove', path: finding.path }]
      }
    findings.push(finding)
  }
  return findings
}

function keyFinding(
  schema: Record<string, unknown>,
  path: PathSegment[],
  key: string
): Finding | undefined {
  const value = schema[key]
  if (key === 'type') {
    if (typeof value !== 'string') return typeFinding(schema, path)
    return TYPES.has(value) ? undefined : typeNameFinding(path, value)
  }
  if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum')
    return typeof value === 'boolean' ? undefined : exclusiveBoundFinding(schema, path, key)
  if (key === 'items' && !isObject(value)) {
    return {
      rule: 'openapi-keyword',
      path: [...path, key],
      message:
        '`items` must be one schema object in OpenAPI 3.0, which APIM reads every spec as. ' +
        'Use one schema (with `oneOf` for several kinds of item).'
    }
  }
  if (SCHEMA_FIELDS.has(key)) return undefined
  if (key === 'const') return constFinding(schema, path)
  if (key === 'examples') return examplesFinding(schema, path)
  if (RECURSIVE_ANCHORS.includes(key)) {
    return {
      rule: 'openapi-keyword',
      path: [...path, key],
      message:
        `\`${key}\` is not an OpenAPI 3.0 Schema Object field, and APIM reads every spec as ` +
        `OpenAPI 3.0 ("${key} is not a valid property"). It only serves recursive references, ` +
        'which APIM does not import either: patch mode removes it once they are cut.'
    }
  }
  const finding: Finding = {
    rule: 'openapi-keyword',
    path: [...path, key],
    message:
      `\`${key}\` is not an OpenAPI 3.0 Schema Object field; APIM reads every spec as OpenAPI ` +
      `3.0 and refuses it ("${key} is not a valid property"). Remove it, or rename it to ` +
      `\`x-${key.replace(/^\$/, '')}\` to keep it as an extension.`
  }
  const extension = `${SET_ASIDE_PREFIX}${key}`
  if (SET_ASIDE.has(key) && schema[extension] === undefined) {
    finding.fix = {
      kind: 'openapi-rewrite',
      change: `${key} → ${extension} (not enforced by APIM)`,
      reason:
        `APIM reads every spec as OpenAPI 3.0, which has no \`${key}\` and no way to say it; APIM ` +
        'drops extensions on import, so the API it holds is the one it would hold without the ' +
        'keyword, and a validate-content policy will not check it. The backend still does.',
      rewrites: [
        {
          op: 'rename',
          path: [...path, key],
          key: extension,
          value,
          text: { copyOf: [...path, key] }
        }
      ],
      setsAside: true
    }
  }
  return finding
}

/** A `type` name OpenAPI 3.0 does not have: 'null' (JSON Schema's), 'file' (Swagger 2.0's). */
function typeNameFinding(path: PathSegment[], name: string): Finding {
  const instead =
    name === 'null'
      ? 'Write `nullable: true` beside the `type` of the schema that may be null instead.'
      : name === 'file'
        ? 'Write `type: string` with `format: binary` (a file in OpenAPI 3.0).'
        : `Use one of ${[...TYPES].join(', ')}.`
  return {
    rule: 'openapi-keyword',
    path: [...path, 'type'],
    message:
      `\`type\` is '${name}', which is not one of ${[...TYPES].join(', ')}; APIM reads every ` +
      `spec as OpenAPI 3.0, whose schema allows only those, and refuses it. ${instead}`
  }
}

/**
 * JSON Schema keywords that only narrow what is valid (or annotate) and have no OpenAPI 3.0 form.
 * Patch mode sets them aside as extensions: APIM ignores extensions ("Custom extensions are
 * ignored on import", api-management-api-import-restrictions), so it imports the same API it
 * would without them. Keywords that change what a `$ref` means (`$id`, `$defs`, `$anchor`) or how
 * other keywords read (`prefixItems`) are never set aside: they stay problems.
 */
const SET_ASIDE = new Set([
  'propertyNames',
  'contains',
  'minContains',
  'maxContains',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'if',
  'then',
  'else',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  '$comment',
  '$schema'
])
const SET_ASIDE_PREFIX = 'x-jsonschema-'
