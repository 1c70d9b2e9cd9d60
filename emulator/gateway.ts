import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import { PolicyExecutionError, runSection, type PolicyContext } from './policy.js'
import type { ApiEntity, OperationEntity, RevisionEntity, StateStore } from './state.js'

const HOP_BY_HOP = new Set([
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

export const PREFIX = '/gateway'

function sendGatewayError(res: ServerResponse, status: number, message: string): number {
  const body = JSON.stringify({ statusCode: status, message })
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
  return status
}

interface Route {
  api: ApiEntity
  revision: RevisionEntity
  /** The request path after the API's path (and the version segment, for Segment). */
  rest: string
  url: URL
  headers: Record<string, string>
}

/**
 * Routes client calls as APIM's gateway does: API by path, version by the version set's scheme
 * (the version parameter is removed once used), subscription key, operation by method and URL
 * template (required query template parameters included), then the API policy and the backend.
 */
export class Gateway {
  constructor(private readonly store: StateStore) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value
    }
    const route = this.route(url, headers)
    if (!route) return sendGatewayError(res, 404, 'Resource not found')
    const props = route.revision.properties

    if (props.subscriptionRequired) {
      const keyNames = props.subscriptionKeyParameterNames
      const given =
        route.headers[keyNames.header.toLowerCase()] ?? route.url.searchParams.get(keyNames.query)
      if (!given) {
        return sendGatewayError(
          res,
          401,
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
        )
      }
      if (given !== this.store.state.identity.subscriptionKey) {
        return sendGatewayError(
          res,
          401,
          'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
        )
      }
    }

    const operation = matchOperation(
      route.revision.operations,
      req.method ?? 'GET',
      route.rest,
      route.url
    )
    if (!operation) return sendGatewayError(res, 404, 'Resource not found')

    const forward = new URL(url.toString())
    forward.pathname = route.rest
    forward.search = route.url.search
    const context: PolicyContext = {
      originalUrl: url,
      url: forward,
      headers: route.headers,
      apiVersion: props.apiVersion
    }
    const fragments = this.store.state.fragments
    try {
      runSection(route.revision.policy?.value, 'inbound', context, (id) => fragments[id]?.value)
    } catch (err) {
      if (err instanceof PolicyExecutionError) return sendGatewayError(res, 500, err.message)
      throw err
    }
    const base = context.backendBaseUrl ?? props.serviceUrl
    if (!base)
      return sendGatewayError(
        res,
        500,
        'The API has no backend: set its serviceUrl or a set-backend-service policy.'
      )
    const target = new URL(base.replace(/\/+$/, '') + context.url.pathname + context.url.search)
    return this.forward(req, res, target, context, route.revision)
  }

  private route(url: URL, headers: Record<string, string>): Route | undefined {
    const path = url.pathname.slice(PREFIX.length) || '/'
    const lower = path.toLowerCase()
    let best: { apis: { api: ApiEntity; revision: RevisionEntity }[]; length: number } | undefined
    for (const api of Object.values(this.store.state.apis)) {
      const revision = api.revisions[String(api.current)]
      const apiPath = revision.properties.path.replace(/^\/+|\/+$/g, '').toLowerCase()
      const prefix = apiPath ? `/${apiPath}` : ''
      if (lower !== prefix && !lower.startsWith(`${prefix}/`) && prefix !== '') continue
      if (!best || prefix.length > best.length)
        best = { apis: [{ api, revision }], length: prefix.length }
      else if (prefix.length === best.length) best.apis.push({ api, revision })
    }
    if (!best) return undefined
    let rest = path.slice(best.length) || '/'
    const requestUrl = new URL(url.toString())
    const requestHeaders = { ...headers }

    const sets = this.store.state.versionSets
    const setOf = (revision: RevisionEntity) => {
      const name = revision.properties.apiVersionSetId
        ? /\/apiVersionSets\/([^/]+)$/i.exec(revision.properties.apiVersionSetId)?.[1]
        : undefined
      return name ? sets[name] : undefined
    }
    const versioned = best.apis.filter((a) => setOf(a.revision))
    const plain = best.apis.filter((a) => !setOf(a.revision))
    if (versioned.length === 0) {
      return plain.length === 1
        ? { ...plain[0], rest, url: requestUrl, headers: requestHeaders }
        : undefined
    }
    const set = setOf(versioned[0].revision)!
    let version: string | null = null
    if (set.versioningScheme === 'Query') {
      version = requestUrl.searchParams.get(set.versionQueryName ?? '')
      requestUrl.searchParams.delete(set.versionQueryName ?? '')
    } else if (set.versioningScheme === 'Header') {
      const name = (set.versionHeaderName ?? '').toLowerCase()
      version = requestHeaders[name] ?? null
      delete requestHeaders[name]
    } else {
      const segment = /^\/([^/]+)(\/.*)?$/.exec(rest)
      if (segment) {
        const candidate = decodeURIComponent(segment[1])
        if (
          versioned.some(
            (a) =>
              (a.revision.properties.apiVersion ?? '').toLowerCase() === candidate.toLowerCase()
          )
        ) {
          version = candidate
          rest = segment[2] ?? '/'
        }
      }
    }
    const wanted = (version ?? '').toLowerCase()
    const match = versioned.find(
      (a) => (a.revision.properties.apiVersion ?? '').toLowerCase() === wanted
    )
    return match ? { ...match, rest, url: requestUrl, headers: requestHeaders } : undefined
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    target: URL,
    context: PolicyContext,
    revision: RevisionEntity
  ): Promise<number> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(context.headers))
      if (!HOP_BY_HOP.has(name)) headers[name] = value
    const client = target.protocol === 'https:' ? https : http
    return new Promise((resolve) => {
      const upstream = client.request(target, { method: req.method, headers }, (backend) => {
        const responseHeaders: Record<string, string> = {}
        for (const [name, value] of Object.entries(backend.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name))
            responseHeaders[name] = Array.isArray(value) ? value.join(',') : value
        }
        const outbound: PolicyContext = { ...context, headers: responseHeaders }
        try {
          runSection(
            revision.policy?.value,
            'outbound',
            outbound,
            (id) => this.store.state.fragments[id]?.value
          )
        } catch {
          // Outbound expressions outside the supported subset leave the response as it is.
        }
        res.writeHead(backend.statusCode ?? 502, outbound.headers)
        backend.pipe(res)
        backend.on('end', () => resolve(backend.statusCode ?? 502))
      })
      upstream.on('error', (err) => {
        resolve(
          sendGatewayError(res, 502, `The backend ${target.origin} did not answer: ${err.message}`)
        )
      })
      req.pipe(upstream)
    })
  }
}

/** The operation whose method and URL template match; literal segments beat parameters. */
export function matchOperation(
  operations: OperationEntity[],
  method: string,
  path: string,
  url: URL
): OperationEntity | undefined {
  const segments = path.split('/').filter(Boolean)
  let best: { op: OperationEntity; score: number } | undefined
  for (const op of operations) {
    if (op.method.toUpperCase() !== method.toUpperCase()) continue
    const [template, query] = op.urlTemplate.split('?')
    const parts = template.split('/').filter(Boolean)
    if (parts.length !== segments.length) continue
    let score = 0
    const matches = parts.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[i] !== ''
      score++
      return part.toLowerCase() === decodeURIComponent(segments[i]).toLowerCase()
    })
    if (!matches) continue
    // Query parameters in the template are required: `api-version={api-version}` needs api-version.
    const required = (query ?? '')
      .split('&')
      .filter(Boolean)
      .map((pair) => pair.split('='))
    const queryOk = required.every(([name, value]) =>
      /^\{[^}]+\}$/.test(value ?? '')
        ? url.searchParams.has(name)
        : url.searchParams.get(name) === (value ?? '')
    )
    if (!queryOk) continue
    if (!best || score > best.score) best = { op, score }
  }
  return best?.op
}
