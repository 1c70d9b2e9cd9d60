import { ArmError } from './http.js'
import type { ServiceState } from './state.js'

// The rules an OpenAPI import follows for each operation, from learn.microsoft.com "API import
// restrictions and known issues" (MicrosoftDocs/azure-docs
// articles/api-management/api-management-api-import-restrictions.md) unless said otherwise.

const NAME_LENGTH = 76
const MAX_SUFFIX = 999

/**
 * "Normalization rules for operationId": lower case; each sequence of non-alphanumeric
 * characters → one dash (`GET-/foo/{bar}?buzz={quix}` → `get-foo-bar-buzz-quix-`); trim dashes
 * on both sides; truncate to 76 characters. '' when nothing alphanumeric is left.
 */
export function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_LENGTH)
}

/**
 * The operation's resource name: the normalised operationId or, when it is absent, null or
 * empty, HTTP method and template combined the same way (`get-foo`; the docs' example
 * `GET-/foo/{bar}?buzz={quix}` includes the query part of the template).
 */
export function operationName(
  operationId: unknown,
  method: string,
  urlTemplate: string,
  taken: Set<string>
): string {
  const fromId = typeof operationId === 'string' ? normalizeName(operationId) : ''
  return uniqueName(fromId || normalizeName(`${method}-${urlTemplate}`), taken)
}

/**
 * Identical operationIds are a reader error, not something the suffixes resolve
 * (microsoftgraph/msgraph-sdk-powershell#2649: "Parsing error(s): Cannot have multiple operations
 * with the same operationId: group_DeleteAcceptedSenderGraphBPreRef"); the suffixes are for ids
 * that differ but normalise alike, and for operations without one.
 */
export function duplicateOperationId(operationIds: unknown[]): string | undefined {
  const seen = new Set<string>()
  for (const id of operationIds) {
    if (typeof id !== 'string' || id === '') continue
    if (seen.has(id))
      return `Parsing error(s): Cannot have multiple operations with the same operationId: ${id}`
    seen.add(id)
  }
  return undefined
}

/** "Use remaining four characters for a de-duplication suffix … `-1, -2, ..., -999`." */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base
  for (let i = 1; taken.has(name); i++) {
    if (i > MAX_SUFFIX) {
      throw importError(
        `Importing API has more than ${MAX_SUFFIX + 1} operations named '${base}' once normalised; APIM de-duplicates names with -1 … -${MAX_SUFFIX} only.`
      )
    }
    name = `${base}-${i}`
  }
  taken.add(name)
  return name
}

/**
 * What makes two operations the same to APIM: the method and the lower-cased template with the
 * parameter names left out (`/items/{id}` and `/items/{name}` clash: Azure/apim-lab#129,
 * umbraco/Umbraco-CMS#17300), plus the query: an `x-ms-paths` query and the required query
 * parameters turned into template parameters, by name.
 */
export function signatureOf(method: string, path: string, templatedQuery: string[]): string {
  const [route, fixedQuery] = path.split('?')
  const blank = (text: string) => text.toLowerCase().replace(/\{[^}]*\}/g, '{}')
  const query = [
    ...(fixedQuery ? fixedQuery.split('&').map(blank) : []),
    ...templatedQuery.map((name) => name.toLowerCase())
  ].sort()
  return `${method.toUpperCase()} ${blank(route)}${query.length > 0 ? `?${query.join('&')}` : ''}`
}

/** Azure/apiops#670, on the import's poll: "Importing API has duplicate signature operations: …". */
export function duplicateSignatureError(signature: string, count: number): ArmError {
  return importError(
    `Importing API has duplicate signature operations: ${count} operations with signature '${signature}'`
  )
}

/**
 * "URL template requirements": a defined URL (path) parameter must be part of the URL
 * template, and required path and query parameters need names unique within the whole URL
 * template, case-insensitively ("Names are case-insensitive", docs.azure.cn's copy).
 */
export function checkUrlTemplate(
  method: string,
  path: string,
  urlTemplate: string,
  pathParameters: string[],
  templatedQuery: string[]
): void {
  const operation = `${method.toUpperCase()} ${path}`
  const inTemplate = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1])
  const known = new Set(inTemplate.map((name) => name.toLowerCase()))
  for (const name of pathParameters) {
    if (!known.has(name.toLowerCase())) {
      throw importError(
        `Parameter '${name}' of operation '${operation}' is defined in path but is not part of the URL template '${path}'.`
      )
    }
  }
  const seen = new Set<string>()
  for (const name of [...inTemplate, ...templatedQuery]) {
    const key = name.toLowerCase()
    if (seen.has(key)) {
      throw importError(
        `Parameter names must be unique within the URL template (case-insensitively): '${name}' appears more than once in '${urlTemplate}' (operation '${operation}').`
      )
    }
    seen.add(key)
  }
}

/**
 * "API operations" per service, versions and revisions included (learn.microsoft.com
 * api-management service-limits, 2026 update). Isolated is not listed: no limit.
 */
export const OPERATION_LIMITS: Record<string, number> = {
  consumption: 3000,
  developer: 3000,
  basic: 10000,
  basicv2: 10000,
  standard: 50000,
  standardv2: 50000,
  premium: 75000,
  premiumv2: 75000
}

/**
 * Refuses a revision whose operations would take the service (all APIs, all revisions) past
 * its tier's limit. Only growth is refused: a write that adds no operations always passes.
 * Worded as APIM's BasicV2 refusal ("You've reached the maximum number of Operations (100) in
 * API.", learn.microsoft.com Q&A 5859937).
 */
export function checkOperationLimit(
  state: ServiceState,
  sku: string,
  apiName: string,
  revision: number,
  operations: number
): void {
  const limit = OPERATION_LIMITS[sku.toLowerCase()]
  if (limit === undefined) return
  let total = 0
  let replaced = 0
  for (const api of Object.values(state.apis)) {
    for (const [number, entity] of Object.entries(api.revisions)) {
      if (api.name === apiName && number === String(revision)) replaced = entity.operations.length
      else total += entity.operations.length
    }
  }
  total += operations
  if (operations > replaced && total > limit) {
    throw importError(
      `You've reached the maximum number of Operations (${limit}) in the service for the ${sku} tier: this would bring it to ${total} operations across all APIs, versions and revisions.`
    )
  }
}

function importError(message: string): ArmError {
  return new ArmError(400, 'ValidationError', message)
}
