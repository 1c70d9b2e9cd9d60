import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkAccess, givenKey } from './gateway-access.js'
import {
  applyCredentials,
  BackendError,
  forward,
  resolveBackend,
  sendGatewayError,
  sendGatewayJson
} from './gateway-backend.js'
import { readBody } from './http.js'
import {
  PolicyExecutionError,
  PolicyResponse,
  runSection,
  type PolicyContext
} from './policy-run.js'
import type {
  ApiEntity,
  BackendEntity,
  OperationEntity,
  RevisionEntity,
  StateStore
} from './state.js'
import { TokenCounters } from './token-limit.js'

export const PREFIX = '/gateway'

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

  /** The token counters of azure-openai-token-limit (in memory: they last a minute anyway). */
  readonly tokens = new TokenCounters()

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value
    }
    const route = this.route(url, headers)
    if (!route) return sendGatewayError(res, 404, 'Resource not found')
    const props = route.revision.properties
    const state = this.store.state

    const access = checkAccess(state, route.api, props, givenKey(props, route.headers, route.url))
    if (!access.allowed) {
      // As the gateway answers it: "HTTP/1.1 401 Access Denied" and a WWW-Authenticate naming
      // the API's URL and key header (a captured APIM response, AzureApiManagementKey realm=…).
      const realm = `${url.origin}${PREFIX}/${props.path.replace(/^\/+/, '')}`
      const challenge = `AzureApiManagementKey realm="${realm}",name="${props.subscriptionKeyParameterNames.header}",type="header"`
      return sendGatewayError(
        res,
        401,
        access.message,
        { 'www-authenticate': challenge },
        'Access Denied'
      )
    }

    const operation = matchOperation(
      route.revision.operations,
      req.method ?? 'GET',
      route.rest,
      route.url
    )
    if (!operation) return sendGatewayError(res, 404, 'Resource not found')

    const body = await readBody(req)
    const forwardUrl = new URL(url.toString())
    forwardUrl.pathname = route.rest
    forwardUrl.search = route.url.search
    const namedValues = Object.values(state.namedValues)
    const context: PolicyContext = {
      originalUrl: url,
      url: forwardUrl,
      headers: route.headers,
      apiVersion: props.apiVersion,
      subscriptionId: access.subscription?.name,
      ipAddress: req.socket.remoteAddress,
      requestBody: body,
      namedValue: (name) => namedValues.find((nv) => nv.displayName === name)?.value,
      tokens: this.tokens,
      tokenLimits: []
    }
    const fragmentXml = (id: string) => state.fragments[id]?.value
    const policyXml = route.revision.policy?.value
    let backend: BackendEntity | undefined
    try {
      runSection(policyXml, 'inbound', context, fragmentXml)
      if (context.backendId !== undefined) backend = resolveBackend(state, context.backendId)
    } catch (err) {
      if (err instanceof PolicyResponse)
        return sendGatewayJson(res, err.status, err.body, err.headers)
      if (err instanceof PolicyExecutionError || err instanceof BackendError)
        return sendGatewayError(res, 500, err.message)
      throw err
    }
    const base = backend
      ? String(backend.properties.url)
      : (context.backendBaseUrl ?? props.serviceUrl)
    if (!base)
      return sendGatewayError(
        res,
        500,
        'The API has no backend: set its serviceUrl or a set-backend-service policy.'
      )
    const target = new URL(base.replace(/\/+$/, '') + context.url.pathname + context.url.search)
    if (backend) applyCredentials(backend, context, target)
    return forward(res, {
      method: req.method ?? 'GET',
      target,
      context,
      body,
      policyXml,
      fragmentXml,
      tokens: this.tokens
    })
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
