import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultRegistry } from '../faults.js'
import { ArmError } from '../http.js'
import type { ServiceState, StateStore } from '../state.js'
import type { LongRunningOperations, LroStyle } from './long-running.js'

/** One ARM request and the service it addresses. */
export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  method: string
  apiVersion: string
  store: StateStore
  state: ServiceState
  faults: FaultRegistry
  operations: LongRunningOperations
  /** How this request's long-running operations answer (its api-version's contract, or the switch). */
  lroStyle: LroStyle
  /** `/subscriptions/…/service/{name}`: the prefix of every resource id. */
  servicePath: string
  /** `https://127.0.0.1:{port}`, for absolute links (nextLink, LRO headers). */
  baseUrl: string
}

/** The `{name}` segments of the route's URL pattern, percent-decoded. */
export type RouteParams = Record<string, string>

export type Handler = (ctx: RequestContext, params: RouteParams) => void | Promise<void>

export function methodNotAllowed(method: string): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`)
}

/** The `properties` object of an ARM request body, or `{}`. */
export function propertiesOf(body: Record<string, unknown>): Record<string, unknown> {
  const props = body.properties
  return typeof props === 'object' && props !== null && !Array.isArray(props)
    ? (props as Record<string, unknown>)
    : {}
}

/** The `keys` of `source` that have a value (neither undefined nor null). */
export function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of keys)
    if (source[key] !== undefined && source[key] !== null) result[key] = source[key]
  return result
}

export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key]
  return value
}
