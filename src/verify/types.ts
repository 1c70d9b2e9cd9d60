/** One request that proves a version answers through the gateway (the key is added at send time). */
export interface Probe {
  version: string
  /** Upper case, as sent: `GET`, `POST`… */
  method: string
  /** What follows the gateway URL: `/openai/models?api-version=2024-10-21`. */
  pathAndQuery: string
  /** Request headers without the subscription key (the version header for the Header scheme). */
  headers: Record<string, string>
  /** `{}` for POST, PUT and PATCH. */
  body?: string
  /** The spec operation it calls: `POST /deployments/{deployment-id}/chat/completions`. */
  operation: string
}

/**
 * What the answer says about the version:
 * - `routed`: the backend answered (whatever its status): APIM found the API and the operation;
 * - `not-routed`: APIM answered 404 itself: no API or operation matches the request;
 * - `key-refused`: APIM answered 401 itself: the subscription key is missing, wrong or out of scope;
 * - `throttled`: 429, from APIM or the backend: the request proves nothing either way;
 * - `gateway-error`: APIM answered another error itself (5xx, a policy), or nothing answered.
 */
export type VerifyClassification =
  'routed' | 'not-routed' | 'key-refused' | 'throttled' | 'gateway-error'

export interface Classification {
  classification: VerifyClassification
  /** One line: APIM's message, or the backend's status. */
  detail: string
}

/** One version's probe and its answer (the `verify` output's items). Never holds the key. */
export interface VerifyResult extends Classification {
  version: string
  operation: string
  method: string
  /** The URL requested, without the key (which travels in a header). */
  url: string
  /** The HTTP status, when an answer came. */
  status?: number
  ms: number
}

/** The classifications that fail a run: the version does not answer through the gateway. */
export const FAILING: readonly VerifyClassification[] = [
  'not-routed',
  'key-refused',
  'gateway-error'
]
