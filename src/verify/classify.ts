import { isObject } from '../specs/pointer.js'
import { FAILING, type Classification, type VerifyResult } from './types.js'

/** Response headers by lower-case name (what `Object.fromEntries(response.headers)` gives). */
export type ResponseHeaders = Record<string, string | undefined>

const DETAIL_MAX = 200

/**
 * What an answer through the gateway says about a version. APIM's gateway answers its own errors
 * with a JSON body `{"statusCode": <status>, "message": "<text>"}`; a backend's answer passes
 * through as the backend wrote it. Microsoft's "Azure API Management troubleshooting series"
 * (learn.microsoft.com, sources in MicrosoftDocs/SupportArticles-docs, support/azure/api-mgmt/availability/):
 * - 401, scenario 3 (unauthorized-errors-invoke-apis.md): `{"statusCode": 401, "message": "Access
 *   denied due to invalid subscription key. Make sure to provide a valid key for an active
 *   subscription."}`, or "…missing subscription key…": `key-refused`;
 * - 404, scenario 2 (soap-based-api-return-404-http-code.md): "Unable to identify Api or Operation
 *   for this request. Responding to the caller with 404 Resource Not Found." (a `configuration`
 *   error, reason `OperationNotFound`: Tech Community, "Azure API Management limitation workaround:
 *   return 404 instead of 405"), answered as `{"statusCode": 404, "message": "Resource not found"}`:
 *   `not-routed`, the failure this project exists for (an operation that still requires the
 *   version parameter APIM routed on and removed);
 * - 403 and 429, scenario 5 (request-throttling-http-403.md): `{"statusCode": 403, "message":
 *   "Forbidden"}` from an ip-filter policy, `{"statusCode": 429, "message": "Rate limit is exceeded.
 *   Try again in 5 seconds."}` from rate-limit-by-key;
 * - 5xx: the same shape with an `activityId` (`{"statusCode": 500, "message": "Internal server
 *   error", "activityId": "…"}` on a forward-request timeout, as published write-ups show).
 * A backend's own 401 or 404 is another shape (Azure OpenAI: `{"error": {"code": "401", …}}`), so
 * it is `routed`: the version answered. 429 is `throttled` whoever sent it: it proves nothing.
 */
export function classify(
  status: number,
  headers: ResponseHeaders,
  bodyText: string
): Classification {
  const apim = apimError(status, bodyText)
  if (status === 429) {
    const who = apim ? `APIM: ${apim.message}` : 'the backend'
    return { classification: 'throttled', detail: oneLine(`429 from ${who}${retryAfter(headers)}`) }
  }
  if (!apim) {
    return {
      classification: 'routed',
      detail: oneLine(`the backend answered ${status}${status >= 400 ? errorCode(bodyText) : ''}`)
    }
  }
  const detail = oneLine(`APIM ${status}: ${apim.message}`)
  if (status === 404) return { classification: 'not-routed', detail }
  if (status === 401) return { classification: 'key-refused', detail }
  // APIM's own 5xx, or another refusal of its own (an ip-filter's 403): the backend was not reached.
  return { classification: 'gateway-error', detail }
}

/** No answer: the deadline passed, or the connection failed. */
export function noAnswer(error: unknown, timeoutMs: number): Classification {
  const err = error as { name?: string; message?: string; cause?: { message?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { classification: 'gateway-error', detail: `no answer within ${seconds(timeoutMs)}` }
  }
  // fetch reports a failed connection as "fetch failed" with the reason in `cause`.
  const reason = err?.cause?.message ?? err?.message ?? String(error)
  return { classification: 'gateway-error', detail: oneLine(`no answer: ${reason}`) }
}

/**
 * APIM's own error body for this status: an object whose `statusCode` is the status and whose
 * `message` is text, with nothing else but an `activityId`. A backend that happens to answer
 * `{statusCode, message, error}` (NestJS does) is not APIM.
 */
export function apimError(status: number, bodyText: string): { message: string } | undefined {
  let body: unknown
  try {
    body = JSON.parse(bodyText)
  } catch {
    return undefined
  }
  if (!isObject(body) || body.statusCode !== status || typeof body.message !== 'string')
    return undefined
  if (Object.keys(body).some((key) => !['statusCode', 'message', 'activityId'].includes(key)))
    return undefined
  return { message: body.message }
}

/** Why the run fails: versions that do not answer through the gateway; undefined when all do. */
export function verifyFailure(results: VerifyResult[]): string | undefined {
  const failing = results.filter((r) => FAILING.includes(r.classification))
  if (failing.length === 0) return undefined
  const n = failing.length
  return `${n} version${n === 1 ? ' does' : 's do'} not answer through the gateway:\n${failing
    .map((r) => `${r.version}: ${r.classification}: ${r.detail} (${r.method} ${r.url})`)
    .join('\n')}`
}

/** Throttled versions: a warning each, since their routing is neither proven nor refuted. */
export function verifyWarnings(results: VerifyResult[]): string[] {
  return results
    .filter((r) => r.classification === 'throttled')
    .map((r) => `${r.version}: throttled, not verified: ${r.detail}`)
}

/** ` (DeploymentNotFound)`: the `error.code` of an Azure-style error body, if any. */
function errorCode(bodyText: string): string {
  try {
    const body: unknown = JSON.parse(bodyText)
    const code = isObject(body) && isObject(body.error) ? body.error.code : undefined
    return typeof code === 'string' || typeof code === 'number' ? ` (${String(code)})` : ''
  } catch {
    return ''
  }
}

function retryAfter(headers: ResponseHeaders): string {
  const value = headers['retry-after']?.trim()
  if (!value) return ''
  return /^\d+$/.test(value) ? `; retry after ${value} s` : `; retry after ${value}`
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}

/** One line of at most DETAIL_MAX characters (APIM messages and backend codes are untrusted). */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= DETAIL_MAX ? flat : `${flat.slice(0, DETAIL_MAX - 1)}…`
}
