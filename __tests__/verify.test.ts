import { describe, expect, it } from '@jest/globals'
import { renderVerifyMarkdown, renderVerifyText, verifyJson } from '../src/render/verify.js'
import {
  classify,
  noAnswer,
  probeFor,
  verifyFailure,
  verifyVersions,
  verifyWarnings,
  type ProbeApi,
  type VerifyResult
} from '../src/verify/index.js'

const QUERY: ProbeApi = {
  path: 'openai',
  scheme: 'Query',
  versionParameter: 'api-version',
  keyHeader: 'api-key'
}
const HEADER: ProbeApi = { ...QUERY, scheme: 'Header' }
const SEGMENT: ProbeApi = { ...QUERY, scheme: 'Segment' }

const apiVersion = { in: 'query', name: 'api-version', required: false, schema: { type: 'string' } }
const chat = {
  post: {
    operationId: 'ChatCompletions_Create',
    parameters: [
      { in: 'path', name: 'deployment-id', required: true, schema: { type: 'string' } },
      apiVersion
    ],
    requestBody: { required: true, content: { 'application/json': { schema: {} } } },
    responses: { '200': { description: 'OK' } }
  }
}
const models = { get: { parameters: [apiVersion], responses: { '200': { description: 'OK' } } } }

/** A patched Azure OpenAI-like spec (api-version optional) with the given paths. */
function spec(paths: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, ...extra }
}

describe('probeFor', () => {
  it('prefers a GET: Query puts the version in its parameter', () => {
    const probe = probeFor(
      {
        version: '2024-10-21',
        spec: spec({ '/deployments/{deployment-id}/chat/completions': chat, '/models': models })
      },
      QUERY
    )
    expect(probe).toEqual({
      version: '2024-10-21',
      method: 'GET',
      pathAndQuery: '/openai/models?api-version=2024-10-21',
      headers: {},
      operation: 'GET /models'
    })
  })

  it('takes the first operation when no GET goes without a body; POST sends {} as JSON', () => {
    const probe = probeFor(
      {
        version: '2024-10-21',
        spec: spec({ '/deployments/{deployment-id}/chat/completions': chat })
      },
      QUERY
    )
    expect(probe).toEqual({
      version: '2024-10-21',
      method: 'POST',
      pathAndQuery: '/openai/deployments/verify/chat/completions?api-version=2024-10-21',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      operation: 'POST /deployments/{deployment-id}/chat/completions'
    })
  })

  it('Header puts the version in the header; Segment in the path, after the API path', () => {
    const both = spec({ '/models': models })
    expect(probeFor({ version: '2024-10-21', spec: both }, HEADER)).toMatchObject({
      pathAndQuery: '/openai/models',
      headers: { 'api-version': '2024-10-21' }
    })
    expect(
      probeFor({ version: 'v2', spec: both }, { ...HEADER, versionParameter: 'X-Api-Version' })
        .headers
    ).toEqual({ 'x-api-version': 'v2' })
    expect(probeFor({ version: '2024-10-21', spec: both }, SEGMENT)).toMatchObject({
      pathAndQuery: '/openai/2024-10-21/models',
      headers: {}
    })
    expect(probeFor({ version: 'v1', spec: both }, { ...SEGMENT, path: '' }).pathAndQuery).toBe(
      '/v1/models'
    )
    expect(probeFor({ version: 'v1', spec: both }, { ...QUERY, path: '/' }).pathAndQuery).toBe(
      '/models?api-version=v1'
    )
  })

  it('fills path and required query parameters: numbers 1, enums their first value, else verify', () => {
    const probe = probeFor(
      {
        version: '2024-10-21',
        spec: spec(
          {
            '/files/{file-id}/parts/{part}/{kind}': {
              parameters: [{ $ref: '#/components/parameters/FileId' }],
              get: {
                parameters: [
                  { in: 'path', name: 'part', required: true, schema: { type: 'integer' } },
                  {
                    in: 'path',
                    name: 'kind',
                    required: true,
                    schema: { $ref: '#/components/schemas/Kind' }
                  },
                  { in: 'query', name: 'limit', required: true, schema: { type: 'number' } },
                  { in: 'query', name: 'order', required: true, schema: { enum: ['asc', 'desc'] } },
                  { in: 'query', name: 'after', required: false, schema: { type: 'string' } },
                  { in: 'header', name: 'x-ms-client', required: true, schema: { type: 'string' } },
                  { in: 'header', name: 'api-key', required: true, schema: { type: 'string' } }
                ],
                responses: {}
              }
            }
          },
          {
            components: {
              parameters: {
                FileId: { in: 'path', name: 'file-id', required: true, schema: { type: 'string' } }
              },
              schemas: { Kind: { type: 'string', enum: ['raw data', 'text'] } }
            }
          }
        )
      },
      QUERY
    )
    expect(probe.pathAndQuery).toBe(
      '/openai/files/verify/parts/1/raw%20data?api-version=2024-10-21&limit=1&order=asc'
    )
    // The key header is set at send time only, never as a placeholder.
    expect(probe.headers).toEqual({ 'x-ms-client': 'verify' })
  })

  it('sets a required version parameter the spec kept to the version, never twice', () => {
    const required = { ...apiVersion, required: true }
    const kept = spec({ '/models': { get: { parameters: [required], responses: {} } } })
    expect(probeFor({ version: '2024-10-21', spec: kept }, QUERY).pathAndQuery).toBe(
      '/openai/models?api-version=2024-10-21'
    )
    expect(probeFor({ version: '2024-10-21', spec: kept }, SEGMENT).pathAndQuery).toBe(
      '/openai/2024-10-21/models?api-version=2024-10-21'
    )
  })

  it('reads Swagger 2 (type on the parameter, a required body parameter) and x-ms-paths', () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {
        '/search': {
          get: {
            parameters: [{ in: 'body', name: 'q', required: true, schema: {} }],
            responses: {}
          }
        }
      },
      'x-ms-paths': {
        '/items/{id}?view=full': {
          get: {
            parameters: [{ in: 'path', name: 'id', required: true, type: 'integer' }],
            responses: {}
          }
        }
      }
    }
    expect(probeFor({ version: 'v1', spec: swagger }, QUERY)).toMatchObject({
      method: 'GET',
      pathAndQuery: '/openai/items/1?view=full&api-version=v1',
      operation: 'GET /items/{id}?view=full'
    })
  })

  it('a spec without operations is probed at the API root, which nothing answers', () => {
    expect(probeFor({ version: 'v1', spec: spec({}) }, QUERY)).toEqual({
      version: 'v1',
      method: 'GET',
      pathAndQuery: '/openai/?api-version=v1',
      headers: {},
      operation: '(the spec has no operations)'
    })
  })
})

const apim = (status: number, message: string) => JSON.stringify({ statusCode: status, message })

describe('classify', () => {
  it("tells APIM's own 404 and 401 from the backend's", () => {
    expect(classify(404, {}, apim(404, 'Resource not found'))).toEqual({
      classification: 'not-routed',
      detail: 'APIM 404: Resource not found'
    })
    const invalid =
      'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
    expect(classify(401, {}, apim(401, invalid))).toEqual({
      classification: 'key-refused',
      detail: `APIM 401: ${invalid}`
    })
    // Azure OpenAI's own answers, passed through by APIM: the version was routed.
    const aoai401 = JSON.stringify({
      error: {
        code: '401',
        message: 'Access denied due to invalid subscription key or wrong API endpoint.'
      }
    })
    expect(classify(401, {}, aoai401)).toEqual({
      classification: 'routed',
      detail: 'the backend answered 401 (401)'
    })
    const aoai404 = JSON.stringify({ error: { code: '404', message: 'Resource not found' } })
    expect(classify(404, {}, aoai404).classification).toBe('routed')
    expect(
      classify(404, {}, JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'x' } }))
        .detail
    ).toBe('the backend answered 404 (DeploymentNotFound)')
    expect(classify(404, {}, '<html>Not Found</html>')).toEqual({
      classification: 'routed',
      detail: 'the backend answered 404'
    })
    // Other frameworks' bodies look alike but carry more, or another status.
    const nest = { statusCode: 404, message: 'Cannot GET /x', error: 'Not Found' }
    expect(classify(404, {}, JSON.stringify(nest)).classification).toBe('routed')
    expect(classify(404, {}, apim(400, 'Resource not found')).classification).toBe('routed')
    expect(classify(200, {}, '{"data":[]}')).toEqual({
      classification: 'routed',
      detail: 'the backend answered 200'
    })
  })

  it('429 is throttled from anyone; APIM 5xx and its other refusals are gateway errors', () => {
    expect(
      classify(
        429,
        { 'retry-after': '5' },
        apim(429, 'Rate limit is exceeded. Try again in 5 seconds.')
      )
    ).toEqual({
      classification: 'throttled',
      detail: '429 from APIM: Rate limit is exceeded. Try again in 5 seconds.; retry after 5 s'
    })
    expect(classify(429, {}, '{"error":{"code":"429"}}')).toEqual({
      classification: 'throttled',
      detail: '429 from the backend'
    })
    const timeout = { statusCode: 500, message: 'Internal server error', activityId: 'a-1' }
    expect(classify(500, {}, JSON.stringify(timeout))).toEqual({
      classification: 'gateway-error',
      detail: 'APIM 500: Internal server error'
    })
    expect(classify(403, {}, apim(403, 'Forbidden')).classification).toBe('gateway-error')
    expect(classify(502, {}, 'Bad gateway from nginx').classification).toBe('routed')
  })

  it('keeps a detail on one short line', () => {
    const detail = classify(404, {}, apim(404, `line one\nline two ${'x'.repeat(400)}`)).detail
    expect(detail).not.toContain('\n')
    expect(detail.length).toBe(200)
    expect(detail.endsWith('…')).toBe(true)
  })

  it('no answer is a gateway error: past the deadline, or a failed connection', () => {
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' })
    expect(noAnswer(timeout, 30_000)).toEqual({
      classification: 'gateway-error',
      detail: 'no answer within 30 s'
    })
    const refused = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9')
    })
    expect(noAnswer(refused, 30_000).detail).toBe('no answer: connect ECONNREFUSED 127.0.0.1:9')
  })
})

function result(
  version: string,
  classification: VerifyResult['classification'],
  detail: string,
  status?: number
): VerifyResult {
  return {
    version,
    operation: 'GET /models',
    method: 'GET',
    url: `https://gw.example/openai/models?api-version=${version}`,
    ...(status !== undefined ? { status } : {}),
    classification,
    detail,
    ms: 12
  }
}

describe('verifyFailure and verifyWarnings', () => {
  it('fails on not-routed, key-refused and gateway-error; throttled only warns', () => {
    const fine = [
      result('v1', 'routed', 'the backend answered 200', 200),
      result('v2', 'throttled', '429 from the backend', 429)
    ]
    expect(verifyFailure(fine)).toBeUndefined()
    expect(verifyWarnings(fine)).toEqual(['v2: throttled, not verified: 429 from the backend'])
    const bad = [
      ...fine,
      result('v3', 'not-routed', 'APIM 404: Resource not found', 404),
      result('v4', 'gateway-error', 'no answer within 30 s')
    ]
    expect(verifyFailure(bad)).toBe(
      '2 versions do not answer through the gateway:\n' +
        'v3: not-routed: APIM 404: Resource not found (GET https://gw.example/openai/models?api-version=v3)\n' +
        'v4: gateway-error: no answer within 30 s (GET https://gw.example/openai/models?api-version=v4)'
    )
    expect(verifyFailure([result('v5', 'key-refused', 'APIM 401: x', 401)])).toMatch(
      /^1 version does not answer through the gateway:\nv5: key-refused/
    )
  })
})

describe('verifyVersions', () => {
  const probes = ['v1', 'v2', 'v3', 'v4', 'v5'].map((version) =>
    probeFor({ version, spec: spec({ '/models': models }) }, QUERY)
  )

  it('sends one request per probe, the key in its header, bounded, results in probe order', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    let inFlight = 0
    let most = 0
    const fake = (async (url: string, init: RequestInit) => {
      seen.push({ url, init })
      inFlight++
      most = Math.max(most, inFlight)
      // Later probes answer first: the results keep the probes' order anyway.
      await new Promise((resolve) => setTimeout(resolve, 50 - seen.length * 8))
      inFlight--
      const version = new URL(url).searchParams.get('api-version')
      if (version === 'v2') return new Response(apim(404, 'Resource not found'), { status: 404 })
      // A backend that echoes the request's headers: the key must not reach the result.
      const echoed = (init.headers as Record<string, string>)['api-key']
      if (version === 'v4')
        return new Response(JSON.stringify({ error: { code: `bad ${echoed}` } }), { status: 400 })
      return new Response('{"data":[]}', { status: 200 })
    }) as unknown as typeof fetch
    const results = await verifyVersions(
      probes,
      { gatewayUrl: 'https://gw.example/', key: 'SECRET-KEY', keyHeader: 'Api-Key' },
      { fetch: fake, concurrency: 2 }
    )
    expect(most).toBe(2)
    expect(seen).toHaveLength(5)
    expect(seen[0].url).toBe('https://gw.example/openai/models?api-version=v1')
    expect(seen[0].init).toMatchObject({
      method: 'GET',
      headers: { 'api-key': 'SECRET-KEY' },
      redirect: 'manual'
    })
    expect(results.map((r) => [r.version, r.status, r.classification])).toEqual([
      ['v1', 200, 'routed'],
      ['v2', 404, 'not-routed'],
      ['v3', 200, 'routed'],
      ['v4', 400, 'routed'],
      ['v5', 200, 'routed']
    ])
    expect(results[3].detail).toBe('the backend answered 400 (bad ***)')
    expect(results[0]).toEqual({
      version: 'v1',
      operation: 'GET /models',
      method: 'GET',
      url: 'https://gw.example/openai/models?api-version=v1',
      status: 200,
      classification: 'routed',
      detail: 'the backend answered 200',
      ms: expect.any(Number)
    })
    expect(JSON.stringify(results)).not.toContain('SECRET-KEY')
  })

  it('gives up on a request at its deadline, and reports a failed connection', async () => {
    const fake = ((url: string, init: RequestInit) =>
      url.includes('v1')
        ? new Promise((_, reject) =>
            init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
          )
        : Promise.reject(
            new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND gw.example') })
          )) as unknown as typeof fetch
    const results = await verifyVersions(
      probes.slice(0, 2),
      { gatewayUrl: 'https://gw.example', keyHeader: 'api-key' },
      { fetch: fake, timeoutMs: 50 }
    )
    expect(results.map((r) => [r.status, r.classification, r.detail])).toEqual([
      [undefined, 'gateway-error', 'no answer within 50 ms'],
      [undefined, 'gateway-error', 'no answer: getaddrinfo ENOTFOUND gw.example']
    ])
    expect(results[0].ms).toBeGreaterThanOrEqual(40)
  })

  it('reads at most 64 KB of a body', async () => {
    const big = 'x'.repeat(1024 * 1024)
    const fake = (async () => new Response(big, { status: 200 })) as unknown as typeof fetch
    const [r] = await verifyVersions(
      probes.slice(0, 1),
      { gatewayUrl: 'https://gw.example', keyHeader: 'api-key' },
      { fetch: fake }
    )
    expect(r.classification).toBe('routed')
  })
})

describe('rendering', () => {
  const results = [
    result('2024-10-21', 'routed', 'the backend answered 200', 200),
    {
      ...result('2024-05-01-preview', 'not-routed', 'APIM 404: Resource not found', 404),
      operation: 'POST /deployments/{deployment-id}/chat/completions'
    },
    result('v1', 'gateway-error', 'no answer within 30 s')
  ]

  it('prints a text table for the CLI', () => {
    expect(renderVerifyText(results)).toBe(
      [
        'Verify through the gateway: 1 routed · 1 not-routed · 1 gateway-error',
        '  VERSION             OPERATION                                           STATUS  RESULT         DETAIL',
        '  2024-10-21          GET /models                                         200     routed         the backend answered 200',
        '  2024-05-01-preview  POST /deployments/{deployment-id}/chat/completions  404     not-routed     APIM 404: Resource not found',
        '  v1                  GET /models                                         -       gateway-error  no answer within 30 s',
        ''
      ].join('\n')
    )
    expect(renderVerifyText([result('v\u001b[31m', 'routed', 'ok\u0007', 200)])).toContain(
      'v\\x1b[31m'
    )
  })

  it('writes an escaped markdown table for the job summary', () => {
    const md = renderVerifyMarkdown(results)
    expect(md).toContain('1 routed · 1 not-routed · 1 gateway-error')
    expect(md).toContain('| Version | Operation | Status | Result | Detail |')
    expect(md).toContain(
      '| `2024-05-01-preview` | `POST /deployments/{deployment-id}/chat/completions` | 404 | ❌ not-routed | APIM 404: Resource not found |'
    )
    expect(md).toContain('| `v1` | `GET /models` | — | ❌ gateway-error | no answer within 30 s |')
    const hostile = renderVerifyMarkdown([
      {
        ...result(
          'v|2',
          'not-routed',
          'APIM 404: <img src=x> @team [x](https://evil.example) | y',
          404
        ),
        operation: 'GET /a|b`<!--'
      }
    ])
    const row = hostile.split('\n').find((l) => l.startsWith('| `v'))!
    // Five cells: no `|` from the spec or APIM opens another.
    expect(row.split(/(?<!\\)\|/).length).toBe(7)
    expect(row).not.toContain('<img')
    expect(row).not.toContain('<!--')
    expect(row).not.toContain('@team')
    expect(row).not.toContain('](https://evil')
    expect(renderVerifyMarkdown([])).toContain('No version to verify.')
  })

  it('verifyJson is the results as data', () => {
    expect(verifyJson(results)).toEqual(results)
    expect(verifyJson(results)[0]).not.toBe(results[0])
  })
})
