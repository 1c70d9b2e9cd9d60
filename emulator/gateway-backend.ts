import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import { substituteNamedValues } from './policy-check.js'
import { runSection, type PolicyContext } from './policy-run.js'
import type { BackendEntity, ServiceState } from './state.js'
import { totalTokens, type TokenCounters } from './token-limit.js'

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'te',
  'trailer'
])

/** APIM's gateway error body `{statusCode, message}`, with extra headers (401's, 429's). */
export function sendGatewayError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  statusMessage?: string
): number {
  return sendGatewayJson(res, status, { statusCode: status, message }, headers, statusMessage)
}

export function sendGatewayJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  statusMessage?: string
): number {
  const text = JSON.stringify(body)
  const all = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers
  }
  if (statusMessage) res.writeHead(status, statusMessage, all)
  else res.writeHead(status, all)
  res.end(text)
  return status
}

export class BackendError extends Error {}

/**
 * The backend entity `set-backend-service backend-id` names: its `url`, or for a `Pool` the first
 * service of the lowest priority (the emulator does not balance load). A backend deleted since
 * the policy was saved is a 500 naming it, in the words APIM uses when the policy is saved.
 */
export function resolveBackend(state: ServiceState, id: string, depth = 0): BackendEntity {
  const backend = state.backends[id]
  if (!backend || depth > 1) throw new BackendError(`Backend with id '${id}' could not be found.`)
  if (backend.properties.type !== 'Pool') return backend
  const services = ((backend.properties.pool as { services?: unknown[] } | undefined)?.services ??
    []) as { id: string; priority?: number }[]
  const first = [...services].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))[0]
  const member = first ? /\/backends\/([^/]+)$/i.exec(first.id)?.[1] : undefined
  return resolveBackend(state, member ?? '', depth + 1)
}

/**
 * A backend entity's `credentials` go with each call routed to it: its headers and query
 * parameters (named values replaced) and `authorization` as the Authorization header
 * (learn.microsoft.com backends: "Backend credentials").
 */
export function applyCredentials(
  backend: BackendEntity,
  context: PolicyContext,
  target: URL
): void {
  const credentials = backend.properties.credentials as
    | {
        header?: Record<string, string[]>
        query?: Record<string, string[]>
        authorization?: { scheme: string; parameter: string }
      }
    | undefined
  if (!credentials) return
  const named = (text: string) =>
    context.namedValue ? substituteNamedValues(text, context.namedValue) : text
  for (const [name, values] of Object.entries(credentials.header ?? {}))
    context.headers[name.toLowerCase()] = values.map(named).join(',')
  for (const [name, values] of Object.entries(credentials.query ?? {})) {
    target.searchParams.delete(name)
    for (const v of values) target.searchParams.append(name, named(v))
  }
  if (credentials.authorization) {
    const { scheme, parameter } = credentials.authorization
    context.headers.authorization = `${scheme} ${named(parameter)}`
  }
}

export interface ForwardOptions {
  method: string
  target: URL
  context: PolicyContext
  body: Buffer
  policyXml?: string
  fragmentXml: (id: string) => string | undefined
  tokens: TokenCounters
}

/**
 * Sends the call to the backend over real HTTP(S), runs the outbound section on the answer and,
 * when a token limit let the call through, counts the answer's `usage.total_tokens` and adds the
 * policy's tokens-consumed and remaining-tokens headers. A streamed answer (text/event-stream)
 * passes as it comes and is not counted.
 */
export function forward(res: ServerResponse, options: ForwardOptions): Promise<number> {
  const { target, context, tokens } = options
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(context.headers))
    if (!HOP_BY_HOP.has(name)) headers[name] = value
  headers['content-length'] = String(options.body.length)
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    const upstream = client.request(
      target,
      { method: options.method, headers },
      (backend: IncomingMessage) => {
        const responseHeaders: Record<string, string> = {}
        for (const [name, value] of Object.entries(backend.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name))
            responseHeaders[name] = Array.isArray(value) ? value.join(',') : value
        }
        const outbound: PolicyContext = { ...context, headers: responseHeaders }
        try {
          runSection(options.policyXml, 'outbound', outbound, options.fragmentXml)
        } catch {
          // Outbound expressions outside the supported subset leave the response as it is.
        }
        const status = backend.statusCode ?? 502
        const limits = context.tokenLimits ?? []
        const streamed = /text\/event-stream/i.test(responseHeaders['content-type'] ?? '')
        if (limits.length === 0 || streamed) {
          res.writeHead(status, outbound.headers)
          backend.pipe(res)
          backend.on('end', () => resolve(status))
          return
        }
        const chunks: Buffer[] = []
        backend.on('data', (chunk: Buffer) => chunks.push(chunk))
        backend.on('end', () => {
          const body = Buffer.concat(chunks)
          const used = totalTokens(body) ?? 0
          const counted = new Set<string>()
          for (const limit of limits) {
            const remaining = counted.has(limit.counterKey)
              ? tokens.record(limit.counterKey, 0, limit.limit)
              : tokens.record(limit.counterKey, used, limit.limit)
            counted.add(limit.counterKey)
            if (limit.consumedHeader)
              outbound.headers[limit.consumedHeader.toLowerCase()] = String(used)
            if (limit.remainingHeader)
              outbound.headers[limit.remainingHeader.toLowerCase()] = String(remaining)
          }
          outbound.headers['content-length'] = String(body.length)
          res.writeHead(status, outbound.headers)
          res.end(body)
          resolve(status)
        })
      }
    )
    upstream.on('error', (err) => {
      resolve(
        sendGatewayError(res, 502, `The backend ${target.origin} did not answer: ${err.message}`)
      )
    })
    upstream.end(options.body)
  })
}
