import type { Scheme } from '../settings.js'
import {
  effectiveParameters,
  listOperations,
  operationLabel,
  type OperationRef,
  type SpecData
} from '../specs/operations.js'
import { isObject } from '../specs/pointer.js'
import { deref } from '../specs/refs.js'
import type { Probe } from './types.js'

/** What a probe needs of the API's settings (`ApiSettings` has it all). */
export interface ProbeApi {
  path: string
  scheme: Scheme
  versionParameter: string
  keyHeader: string
}

const SENDS_BODY = new Set(['post', 'put', 'patch'])
/** Headers a probe sets itself: never a spec's required header placeholder. */
const OWN_HEADERS = new Set(['content-type', 'content-length', 'host'])

/**
 * The request that proves one version answers through the gateway: one operation of its patched
 * spec (the first GET that needs no body, else the first operation in document order), addressed
 * the way APIM routes the version set's scheme (Microsoft's "Versions in Azure API Management",
 * https://learn.microsoft.com/azure/api-management/api-management-versions): Query
 * `/{apiPath}/{operation}?{parameter}={version}`, Header `{parameter}: {version}`, Segment
 * `/{apiPath}/{version}/{operation}`. Path parameters and required query (and header) parameters
 * get placeholders, so APIM's operation matching, which needs them, can match.
 */
export function probeFor(
  version: { version: string; spec: Record<string, unknown>; original?: boolean },
  api: ProbeApi
): Probe {
  // The set's Original is reached without a version identifier (api-management-versions).
  const named = !version.original
  const spec: SpecData = { root: version.spec }
  const operations = listOperations(spec)
  const chosen =
    operations.find((op) => op.method === 'get' && !requiresBody(spec, op)) ?? operations[0]
  const apiPath = api.path.replace(/^\/+|\/+$/g, '')
  const segments = [
    apiPath,
    named && api.scheme === 'Segment' ? encodeURIComponent(version.version) : ''
  ]
  const prefix = segments
    .filter(Boolean)
    .map((s) => `/${s}`)
    .join('')
  const query: [string, string][] =
    named && api.scheme === 'Query' ? [[api.versionParameter, version.version]] : []
  const headers: Record<string, string> = {}
  if (named && api.scheme === 'Header')
    headers[api.versionParameter.toLowerCase()] = version.version

  if (!chosen) {
    // APIM imports a spec without operations as an API without operations: nothing can answer,
    // and the probe's 404 says so.
    return {
      version: version.version,
      method: 'GET',
      pathAndQuery: `${prefix}/${queryString(query, '')}`,
      headers,
      operation: '(the spec has no operations)'
    }
  }

  const parameters = effectiveParameters(spec, chosen).map((p) => p.value)
  const valueOf = (parameter: Record<string, unknown> | undefined, name: string): string =>
    name === api.versionParameter ? version.version : placeholder(spec, parameter)
  const declared = (where: string, name: string) =>
    parameters.find((p) => p.in === where && p.name === name)

  // Azure's x-ms-paths keys may carry a literal query (`/files/{id}?content`): kept as written.
  const [template, literalQuery = ''] = splitOnce(chosen.path, '?')
  const fill = (text: string) =>
    text.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(valueOf(declared('path', name) ?? declared('query', name), name))
    )
  const operationPath = fill(template)
  const literal = fill(literalQuery)
  const literalNames = new Set(literal.split('&').map((pair) => splitOnce(pair, '=')[0]))

  for (const p of parameters) {
    if (p.required !== true || typeof p.name !== 'string') continue
    if (!named && p.name === api.versionParameter) continue
    if (p.in === 'query' && !literalNames.has(p.name) && !query.some(([n]) => n === p.name))
      query.push([p.name, valueOf(p, p.name)])
    const header = p.name.toLowerCase()
    if (
      p.in === 'header' &&
      !Object.hasOwn(headers, header) &&
      !OWN_HEADERS.has(header) &&
      header !== api.keyHeader.toLowerCase()
    )
      headers[header] = valueOf(p, p.name)
  }

  const method = chosen.method.toUpperCase()
  const withBody = SENDS_BODY.has(chosen.method)
  if (withBody) headers['content-type'] = 'application/json'
  return {
    version: version.version,
    method,
    pathAndQuery: `${prefix}${operationPath}${queryString(query, literal)}`,
    headers,
    ...(withBody ? { body: '{}' } : {}),
    operation: operationLabel(chosen)
  }
}

/** `?literal&a=1&b=2`, or nothing when there is no query. */
function queryString(query: [string, string][], literal: string): string {
  const pairs = [
    ...(literal ? [literal] : []),
    ...query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  ]
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator)
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)]
}

/**
 * A value the parameter's schema accepts, as far as a probe cares: the first enum value, `1` for
 * numbers, `true` for booleans, else `verify`. Swagger 2 puts the type on the parameter itself.
 */
function placeholder(spec: SpecData, parameter: Record<string, unknown> | undefined): string {
  if (!parameter) return 'verify'
  const { value: schema } = deref(spec.root, parameter.schema ?? parameter, [])
  if (!isObject(schema)) return 'verify'
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum[0] !== null)
    return String(schema.enum[0])
  if (schema.type === 'integer' || schema.type === 'number') return '1'
  if (schema.type === 'boolean') return 'true'
  return 'verify'
}

/** An OpenAPI 3 `requestBody` or a Swagger 2 body/formData parameter marked required. */
function requiresBody(spec: SpecData, op: OperationRef): boolean {
  const { value: body } = deref(spec.root, op.operation.requestBody, [])
  if (isObject(body) && body.required === true) return true
  return effectiveParameters(spec, op).some(
    (p) => (p.value.in === 'body' || p.value.in === 'formData') && p.value.required === true
  )
}
