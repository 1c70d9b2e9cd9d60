import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { expect } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../../emulator/index.js'

// The replay of Microsoft's published request/response examples for __tests__/emulator-conformance.test.ts.

export const EXAMPLES_DIR = path.join(process.cwd(), '__fixtures__', 'apim-examples')
const QUERY = [
  'format',
  'expandApiVersionSet',
  'deleteRevisions',
  'deleteSubscriptions',
  '$filter',
  '$top',
  '$skip'
]

export type Example = { parameters: Record<string, any>; responses: Record<string, any> }
export type Seed = (s: Seeder, ex: Example) => Promise<void>
export interface Case {
  /** Method and route below the service, with the example's parameter names. */
  op: string
  seed?: Seed
  skip?: string
  /** Key paths our answer may lack, each with the reason (to tell the lead). */
  pending?: Record<string, string>
  /** Why the example's `type` is not compared. */
  typeDiffers?: string
}

export interface Answer {
  status: number
  headers: Record<string, unknown>
  json: () => any
}

/** Raw HTTPS to one emulator, with helpers that create what an example presupposes. */
export class Seeder {
  private readonly agent: https.Agent
  private readonly sets = new Set<string>()
  private readonly products = new Set<string>()
  readonly service: string

  constructor(readonly emulator: RunningEmulator) {
    this.agent = new https.Agent({ ca: emulator.caCert })
    this.service = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.ApiManagement/service/${emulator.serviceName}`
  }

  request(method: string, url: string, payload?: unknown, headers = {}): Promise<Answer> {
    const text = payload === undefined ? undefined : JSON.stringify(payload)
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(url, this.emulator.armEndpoint),
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.emulator.token}`,
            ...(text ? { 'content-type': 'application/json' } : {}),
            ...headers
          }
        },
        (res) => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (data += chunk))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              json: () => JSON.parse(data)
            })
          )
        }
      )
      req.on('error', reject)
      req.end(text)
    })
  }

  /** A PUT below the service that must succeed. */
  async put(route: string, properties?: Record<string, unknown>): Promise<void> {
    const url = `${this.service}/${route.split('/').map(encodeURIComponent).join('/')}?api-version=2024-05-01`
    const res = await this.request('PUT', url, properties && { properties })
    if (res.status >= 300)
      throw new Error(`seeding PUT ${route}: ${res.status} ${JSON.stringify(res.json())}`)
  }

  versionSet(id: string, props: Record<string, unknown>): Promise<void> {
    const scheme = props.versioningScheme ?? 'Segment'
    return this.put(`apiVersionSets/${id}`, {
      displayName: id,
      versionQueryName: scheme === 'Query' ? 'api-version' : undefined,
      versionHeaderName: scheme === 'Header' ? 'api-version' : undefined,
      ...props,
      versioningScheme: scheme
    })
  }

  tag(id: string): Promise<void> {
    return this.put(`tags/${id}`, { displayName: 'tag1' })
  }

  /** An API (path: its name) or, for `name;rev=N`, a revision copied from the current one. */
  api(id: string, props: Record<string, unknown> = {}): Promise<void> {
    const [root, rev] = id.split(';rev=')
    return this.put(
      `apis/${id}`,
      rev ? { sourceApiId: `/apis/${root}`, ...props } : { path: id, ...props }
    )
  }

  /** The API (or revision, after its API) of an example's answer, from its settable properties. */
  async apiLike(item: { name: string; properties: Record<string, any> }): Promise<void> {
    const {
      apiRevision: _r,
      isCurrent: _c,
      isOnline: _o,
      apiRevisionDescription,
      ...props
    } = item.properties
    const setName = /\/apiVersionSets\/([^/]+)$/.exec(props.apiVersionSetId ?? '')?.[1]
    if (setName && !this.sets.has(setName)) {
      await this.versionSet(setName, {})
      this.sets.add(setName)
    }
    const [root, rev] = item.name.split(';rev=')
    if (rev) await this.api(root, props)
    await this.api(item.name, { ...(rev ? {} : props), apiRevisionDescription })
  }

  /** A product, published as the examples' products are unless `props` says otherwise. */
  product(id: string, props: Record<string, unknown> = {}): Promise<void> {
    return this.put(`products/${id}`, { displayName: id, state: 'published', ...props })
  }

  /** An API (with a backend URL) in a product, the product created first. */
  async productApi(productId: string, apiId: string, props: Record<string, unknown> = {}) {
    await this.product(productId)
    await this.api(apiId, { serviceUrl: 'https://contoso.com/apis/echo', ...props })
    await this.put(`products/${productId}/apis/${apiId}`)
  }

  /**
   * A subscription from an example's properties, its scope in the short form (the example's ids
   * name another service); the product that scope names is created first.
   */
  async subscription(id: string, props: Record<string, unknown>): Promise<void> {
    const scope = String(props.scope ?? '').replace(/^.*\/service\/[^/]+/, '')
    const product = /^\/products\/([^/]+)$/.exec(scope)?.[1]
    if (product && !this.products.has(product)) {
      await this.product(product)
      this.products.add(product)
    }
    const { createdDate: _c, startDate: _s, notificationDate: _n, ...settable } = props
    await this.put(`subscriptions/${id}`, { displayName: id, ...settable, scope })
  }

  /** Deletes the built-in `master` subscription (for a list example that has none). */
  async deleteMaster(): Promise<void> {
    const url = `${this.service}/subscriptions/master?api-version=2024-05-01`
    const res = await this.request('DELETE', url, undefined, { 'if-match': '*' })
    if (res.status !== 200) throw new Error(`deleting master: ${res.status}`)
  }

  /** A backend with an example's properties (`url` and `protocol` filled when missing). */
  backend(id: string, props: Record<string, unknown> = {}): Promise<void> {
    return this.put(`backends/${id}`, {
      url: `https://${id}.example.com/`,
      protocol: 'http',
      ...props
    })
  }

  /** A named value with an example's properties. */
  namedValue(id: string, props: Record<string, unknown> = {}): Promise<void> {
    const { provisioningState: _p, ...settable } = props
    return this.put(`namedValues/${id}`, { displayName: id, value: 'propValue', ...settable })
  }

  /** An operation written on its own (PUT …/operations/{id}), its API created first. */
  async operation(apiId: string, operationId: string, props: Record<string, unknown> = {}) {
    await this.api(apiId)
    await this.put(`apis/${apiId}/operations/${operationId}`, {
      displayName: operationId,
      method: 'GET',
      urlTemplate: `/${operationId}`,
      ...props
    })
  }

  /** An API whose import gives operations with these names and display names. */
  importOperations(apiId: string, ops: { name: string; properties: any }[]): Promise<void> {
    const paths = Object.fromEntries(
      ops.map((op) => [
        `/${op.name}`,
        {
          [op.properties.method.toLowerCase()]: {
            operationId: op.name,
            summary: op.properties.displayName,
            ...(op.properties.request?.description
              ? {
                  requestBody: {
                    description: op.properties.request.description,
                    content: { 'application/json': { schema: { type: 'object' } } }
                  }
                }
              : {}),
            responses: { '200': { description: 'OK' } }
          }
        }
      ])
    )
    const doc = { openapi: '3.0.0', info: { title: apiId, version: '1' }, paths }
    return this.api(apiId, { format: 'openapi+json', value: JSON.stringify(doc) })
  }
}

/** Paths of the keys `theirs` has and `ours` lacks, `depth` levels down (arrays: first items). */
function missingKeys(theirs: unknown, ours: unknown, depth = 3, at = ''): string[] {
  if (Array.isArray(theirs)) {
    return Array.isArray(ours) && theirs.length > 0 && ours.length > 0
      ? missingKeys(theirs[0], ours[0], depth, `${at}[0]`)
      : []
  }
  if (depth === 0 || !isObject(theirs) || !isObject(ours)) return []
  return Object.entries(theirs).flatMap(([key, value]) => {
    const where = at ? `${at}.${key}` : key
    if (value === null) return []
    if (!(key in ours)) return [where]
    // Tags are the owner's own names, not part of the resource's shape.
    return key === 'tags' ? [] : missingKeys(value, ours[key], depth - 1, where)
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export async function replay(file: string, c: Case): Promise<void> {
  const ex = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Example
  // The examples answer as their api-version's contract says, whatever APIM_EMULATOR_LRO_STYLE is.
  const emulator = await startEmulator({ lroMs: 0, lroStyle: 'contract' })
  try {
    const s = new Seeder(emulator)
    await c.seed?.(s, ex)
    const p = ex.parameters
    const [method, route] = c.op.split(' ')
    const segments = route
      .split('/')
      .filter(Boolean)
      .map((part) => encodeURIComponent(part.startsWith('{') ? p[part.slice(1, -1)] : part))
    const query = new URLSearchParams({ 'api-version': p['api-version'] })
    for (const name of QUERY) if (p[name] !== undefined) query.set(name, String(p[name]))
    const theirService = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ApiManagement/service/${p.serviceName}`
    const payload =
      p.parameters === undefined
        ? undefined
        : JSON.parse(JSON.stringify(p.parameters).replaceAll(theirService, s.service))
    const url = [s.service, ...segments].join('/') + `?${query.toString()}`
    const res = await s.request(
      method,
      url,
      payload,
      p['If-Match'] ? { 'if-match': p['If-Match'] } : {}
    )

    expect(Object.keys(ex.responses)).toContain(String(res.status))
    const want = ex.responses[String(res.status)]
    for (const header of Object.keys(want.headers ?? {}))
      expect(res.headers).toHaveProperty(header.toLowerCase())
    if (want.body) {
      const ours = res.json()
      const list = Array.isArray(want.body.value)
      expect(missingKeys(want.body, ours, 1)).toEqual([])
      const [theirItem, ourItem] = list ? [want.body.value[0], ours.value[0]] : [want.body, ours]
      if (theirItem.type && !c.typeDiffers) expect(ourItem.type).toBe(theirItem.type)
      const missing = missingKeys(theirItem, ourItem)
      expect(missing.filter((key) => !c.pending?.[key])).toEqual([])
      // A pending key that is no longer missing is a stale entry: remove it.
      expect(Object.keys(c.pending ?? {}).filter((key) => !missing.includes(key))).toEqual([])
    }
    const poll = res.headers['azure-asyncoperation']
    if (typeof poll === 'string') {
      // ARM's Azure-AsyncOperation status: {"status": "InProgress" | "Succeeded" | "Failed", …}
      const status = await s.request('GET', new URL(poll).pathname + new URL(poll).search)
      expect([status.status, status.json().status]).toEqual([200, 'Succeeded'])
    }
  } finally {
    await emulator.stop()
  }
}

/** What the examples presuppose, by kind. */
export const body = (ex: Example, status = '200') => ex.responses[status].body
export const vs = (id: string) => (s: Seeder, ex: Example) =>
  s.versionSet(id, ex.responses['200']?.body?.properties ?? {})
export const api =
  (id: string, props = {}) =>
  (s: Seeder) =>
    s.api(id, props)
export const tagged = (apiId: string, tagId: string) => async (s: Seeder) => {
  await s.api(apiId)
  await s.tag(tagId)
  await s.put(`apis/${apiId}/tags/${tagId}`)
}
export const released = (apiId: string, releaseId: string) => async (s: Seeder) => {
  await s.api(apiId)
  await s.put(`apis/${apiId}/releases/${releaseId}`, { apiId: `/apis/${apiId}`, notes: 'n' })
}
export const withPolicy = (apiId: string) => async (s: Seeder) => {
  await s.api(apiId)
  await s.put(`apis/${apiId}/policies/policy`, { format: 'xml', value: '<policies />' })
}
export const fragment = (s: Seeder) =>
  s.put('policyFragments/policyFragment1', {
    format: 'rawxml',
    description: 'A policy fragment example',
    value:
      '<fragment><set-header name="a" exists-action="skip"><value>b</value></set-header></fragment>'
  })
export const operations: Seed = (s, ex) =>
  s.importOperations('57d2ef278aa04f0888cba3f3', body(ex).value ?? [body(ex)])
/** The example's operation, written as its answer shows it. */
export const operationAsShown: Seed = (s, ex) =>
  s.operation(ex.parameters.apiId, body(ex).name, body(ex).properties)
