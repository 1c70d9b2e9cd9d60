import { describe, expect, it } from '@jest/globals'
import { retryReason, withRetry } from '../src/apim/retry.js'
import { chooseCredential, StaticTokenCredential } from '../src/apim/credentials.js'
import { apiIdFor, parseProvenance, provenanceOf, type DesiredState } from '../src/plan/desired.js'
import { planChanges, type ActualState } from '../src/plan/planner.js'
import { readSettings, versionApiIdProblem } from '../src/settings.js'

const version = (v: string, fp = 'a'.repeat(16), cfg = 'b'.repeat(12)) => ({
  version: v,
  apiId: apiIdFor('aoai', v),
  file: `specs/${v}/inference.json`,
  fingerprint: fp,
  configHash: cfg,
  provenance: provenanceOf(fp, cfg, `specs/${v}/inference.json`),
  importProps: {} as never,
  policyXml: '<policies />',
  operations: 3,
  patchSummary: 'api-version optional in 3 operations',
  patchEntries: []
})

const desired = (...versions: ReturnType<typeof version>[]): DesiredState => ({
  versionSet: {
    id: 'aoai',
    props: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: {
    id: 'aoai-common',
    value: '<fragment>\n  <base/>\n</fragment>',
    description: 'Managed by apim-version-action'
  },
  products: [],
  versions
})

const api = (v: string, description?: string) => ({
  name: apiIdFor('aoai', v),
  apiVersion: v,
  apiRevision: 2,
  path: 'openai',
  apiRevisionDescription: description
})

const actual = (apis: ActualState['apis']): ActualState => ({
  versionSet: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' },
  fragment: '<fragment><base/></fragment>',
  fragmentDescription: 'Managed by apim-version-action',
  apis
})

describe('the planner (a pure function of desired and actual state)', () => {
  const d = desired(
    version('2024-02-01'),
    version('2024-05-01-preview', 'c'.repeat(16)),
    version('2024-06-01'),
    version('2024-10-21')
  )
  const a = actual([
    api('2024-02-01', provenanceOf('a'.repeat(16), 'b'.repeat(12), 'x')),
    api('2024-05-01-preview', provenanceOf('a'.repeat(16), 'b'.repeat(12), 'x')),
    api('2024-06-01', 'made by hand'),
    api('2023-05-15', provenanceOf('a'.repeat(16), 'b'.repeat(12), 'old')),
    api('2022-12-01')
  ])

  it('decides each version: unchanged, revise, repair, import, and orphans in version order', () => {
    const plan = planChanges(d, a, { onSpecChange: 'revision', prune: false })
    expect(plan.versions.map((v) => [v.version, v.action])).toEqual([
      ['2024-02-01', 'unchanged'],
      ['2024-05-01-preview', 'revise'],
      ['2024-06-01', 'repair'],
      ['2024-10-21', 'import'],
      ['2022-12-01', 'orphan'],
      ['2023-05-15', 'orphan']
    ])
    expect(plan.versionSet.action).toBe('unchanged')
    expect(plan.fragment.action).toBe('unchanged') // whitespace between elements is not a change
    expect(plan.counts).toEqual({
      import: 1,
      revise: 1,
      reimport: 0,
      repair: 1,
      unchanged: 1,
      orphan: 2,
      delete: 0,
      conflict: 0,
      blocked: 0,
      waiting: 0
    })
    expect(plan.hasChanges).toBe(true)
    expect(planChanges(d, a, { onSpecChange: 'revision', prune: false })).toEqual(plan)
  })

  it('follows on-spec-change and prune', () => {
    const reimport = planChanges(d, a, { onSpecChange: 'reimport', prune: true })
    expect(reimport.versions.find((v) => v.version === '2024-05-01-preview')?.action).toBe(
      'reimport'
    )
    expect(reimport.versions.filter((v) => v.action === 'delete').map((v) => v.apiId)).toEqual([
      'aoai-2022-12-01',
      'aoai-2023-05-15'
    ])
    const ignore = planChanges(d, a, { onSpecChange: 'ignore', prune: false })
    expect(ignore.versions.find((v) => v.version === '2024-05-01-preview')).toMatchObject({
      action: 'unchanged',
      reason: expect.stringContaining('ignore')
    })
  })

  it('repairs when the settings or policy hash differs, and creates or updates the version set and fragment', () => {
    const plan = planChanges(
      desired(version('2024-02-01', 'a'.repeat(16), 'd'.repeat(12))),
      { apis: [api('2024-02-01', provenanceOf('a'.repeat(16), 'b'.repeat(12), 'x'))] },
      { onSpecChange: 'revision', prune: false }
    )
    expect(plan.versions[0]).toMatchObject({
      action: 'repair',
      reason: expect.stringContaining('settings or policy')
    })
    expect([plan.versionSet.action, plan.fragment.action]).toEqual(['create', 'create'])
    const changed = planChanges(
      desired(),
      {
        ...actual([]),
        versionSet: { displayName: 'aoai', versioningScheme: 'Header', versionHeaderName: 'v' },
        fragment: '<fragment/>'
      },
      { onSpecChange: 'revision', prune: false }
    )
    expect([changed.versionSet.action, changed.fragment.action, changed.hasChanges]).toEqual([
      'update',
      'update',
      true
    ])
  })
})

describe('provenance', () => {
  it('fits APIM 256 characters, keeping the end of a long path, and parses back', () => {
    const long = `specs/${'deep/'.repeat(80)}inference.json`
    const text = provenanceOf('0123456789abcdef', '0123456789ab', long)
    expect(text.length).toBe(256)
    expect(text.endsWith('deep/inference.json')).toBe(true)
    expect(parseProvenance(text)).toEqual({
      fingerprint: '0123456789abcdef',
      configHash: '0123456789ab'
    })
    expect(parseProvenance('edited by hand')).toBeUndefined()
    expect(parseProvenance(undefined)).toBeUndefined()
  })

  it('derives safe API ids', () => {
    expect(apiIdFor('azure-openai', '2024-05-01-preview')).toBe('azure-openai-2024-05-01-preview')
    expect(apiIdFor('aoai', '1.2.3')).toBe('aoai-1.2.3')
  })
})

describe('retries', () => {
  const rest = (statusCode: number, code?: string, retryAfter?: string) =>
    Object.assign(new Error('x'), {
      statusCode,
      code,
      response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } }
    })

  it('retries throttling, conflicts in progress, server errors, dropped connections, timeouts and failed operations', () => {
    expect(retryReason(rest(429))).toBe('throttled (429)')
    expect(retryReason(rest(409, 'PessimisticConcurrencyConflict'))).toMatch(/in progress/)
    expect(retryReason(rest(503))).toBe('server error (503)')
    expect(retryReason(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatch(
      /ECONNRESET/
    )
    expect(retryReason(Object.assign(new Error('late'), { code: 'LroTimeout' }))).toMatch(
      /timed out/
    )
    expect(
      retryReason(new Error('The long-running operation has failed. InternalServerError. boom'))
    ).toMatch(/InternalServerError/)
  })

  it('tries a call that got no answer in time twice at most: a hang that repeats is not luck', async () => {
    let calls = 0
    const timeout = Object.assign(new Error('APIM did not answer'), { code: 'RequestTimeout' })
    await expect(
      withRetry(
        async () => {
          calls++
          throw timeout
        },
        { attempts: 6, baseDelayMs: 1, maxDelayMs: 1 }
      )
    ).rejects.toBe(timeout)
    expect(calls).toBe(2)
  })

  it('does not retry what APIM refused', () => {
    expect(retryReason(rest(400, 'ValidationError'))).toBeUndefined()
    expect(retryReason(rest(409, 'Conflict'))).toBeUndefined()
    expect(retryReason(rest(404))).toBeUndefined()
    expect(
      retryReason(new Error('The long-running operation has failed. ValidationError. bad spec'))
    ).toBeUndefined()
  })

  it('backs off with jitter, honours Retry-After, and gives up after the attempts', async () => {
    const waits: number[] = []
    let calls = 0
    const result = await withRetry(
      async () => {
        calls++
        if (calls === 1) throw rest(429, undefined, '3')
        if (calls < 4) throw rest(503)
        return 'ok'
      },
      { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void waits.push(ms) }
    )
    expect([result, calls]).toEqual(['ok', 4])
    expect(waits[0]).toBe(3000)
    expect(waits[1]).toBeGreaterThanOrEqual(100)
    expect(waits[1]).toBeLessThanOrEqual(200)
    expect(waits[2]).toBeGreaterThanOrEqual(200)
    expect(waits[2]).toBeLessThanOrEqual(400)
    await expect(
      withRetry(
        async () => {
          throw rest(503)
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined }
      )
    ).rejects.toMatchObject({ statusCode: 503 })
  })

  it('fails at once, saying so, when Retry-After is over the cap; times out requests are retried', async () => {
    const waits: number[] = []
    await expect(
      withRetry(
        async () => {
          throw rest(429, 'SubscriptionRequestsThrottled', '86400')
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async (ms) => void waits.push(ms) }
      )
    ).rejects.toMatchObject({
      code: 'RetryAfterTooLong',
      message:
        'APIM asked to wait 86400 s (Retry-After on 429 SubscriptionRequestsThrottled), over the 300 s limit for one wait: run again later'
    })
    expect(waits).toEqual([])
    expect(retryReason(Object.assign(new Error('slow'), { code: 'RequestTimeout' }))).toBe(
      'APIM did not answer in time'
    )
  })
})

describe('settings and credentials', () => {
  const azure = {
    'api-id': 'aoai',
    'subscription-id': '00000000-0000-0000-0000-000000000000',
    'resource-group': 'rg',
    'service-name': 'apim-1'
  }

  it('derives the token scope from the cloud, not from arm-endpoint', () => {
    const settings = readSettings({
      ...azure,
      'azure-cloud': 'usgov',
      'arm-endpoint': 'https://127.0.0.1:8443'
    })
    expect(settings.azure).toMatchObject({
      endpoint: 'https://127.0.0.1:8443',
      scope: 'https://management.usgovcloudapi.net/.default'
    })
    expect(readSettings(azure).azure).toMatchObject({
      endpoint: 'https://management.azure.com',
      scope: 'https://management.azure.com/.default'
    })
  })

  it('has sensible defaults', () => {
    const s = readSettings({ 'api-id': 'azure-openai' })
    expect(s).toMatchObject({
      mode: 'plan',
      api: {
        path: 'azure-openai',
        scheme: 'Query',
        versionParameter: 'api-version',
        keyHeader: 'api-key',
        subscriptionRequired: true
      },
      fragmentId: 'azure-openai-common',
      onSpecChange: 'revision',
      prune: false,
      concurrency: 4,
      azure: undefined
    })
  })

  it('says what is wrong with each bad combination, before any call', () => {
    expect(() => readSettings({ ...azure, 'client-id': 'x' })).toThrow(
      'client-id and tenant-id: give both (OIDC federation) or neither'
    )
    expect(() =>
      readSettings({ ...azure, 'client-id': 'x', 'tenant-id': 'y', 'access-token': 't' })
    ).toThrow('give one way to sign in, not both')
    expect(() => readSettings({ 'api-id': 'a', 'access-token': 't' })).toThrow(
      'subscription-id, resource-group and service-name are required when signing in to Azure'
    )
    expect(() => readSettings({ ...azure, 'arm-endpoint': 'http://x' })).toThrow(
      "arm-endpoint: 'http://x' must be an https URL"
    )
    expect(() => readSettings({ ...azure, 'service-name': '-bad' })).toThrow(
      "service-name: '-bad' is not a valid APIM service name"
    )
    expect(() => readSettings({ 'api-id': 'a;b' })).toThrow('api-id:')
    expect(() => readSettings({ ...azure, mode: 'apply', 'release-notes': 'sometimes' })).toThrow(
      "release-notes: 'sometimes' is not one of github-release, none"
    )
  })

  it('refuses api-ids APIM would not take as they are, never rewriting them (issue 11 item 2)', () => {
    for (const id of ['a b', 'a/b', '../../x', 'a.b', '-a', 'a;rev=2', 'ü', 'x'.repeat(61)]) {
      expect(() => readSettings({ 'api-id': id })).toThrow(
        `api-id: '${id}' must be letters, digits, - and _ (starting with a letter or digit), at most 60 characters`
      )
    }
    // Two spellings no longer reach the same APIM ids: the fragment is not sanitised either.
    expect(readSettings({ 'api-id': 'a-b' })).toMatchObject({ fragmentId: 'a-b-common' })
    expect(readSettings({ 'api-id': 'A_1' }).api.id).toBe('A_1')
    expect(versionApiIdProblem('aoai-2025-03-01-preview')).toBeUndefined()
    expect(versionApiIdProblem('aoai-1.2.3-beta.1')).toBeUndefined()
    expect(versionApiIdProblem('aoai-1.2.3+build')).toMatch(/may only contain letters, digits/)
    expect(versionApiIdProblem(`${'a'.repeat(62)}-2025-03-01-preview`)).toMatch(
      /longer than APIM's 80/
    )
  })

  it("checks api-path against APIM's rules and concurrency as digits only (item 13)", () => {
    expect(readSettings({ 'api-id': 'a', 'api-path': '/openai/' }).api.path).toBe('openai')
    expect(readSettings({ 'api-id': 'a', 'api-path': 'x/.well-known' }).api.path).toBe(
      'x/.well-known'
    )
    for (const [p, why] of [
      ['a b', "segment 'a b' must be"],
      ['a//b', 'has an empty segment'],
      ['a/../b', "segment '..' must be"],
      ['x?y', "segment 'x?y' must be"],
      ['a;rev=2', "segment 'a;rev=2' must be"],
      ['p'.repeat(401), 'at most 400 characters']
    ]) {
      expect(() => readSettings({ 'api-id': 'a', 'api-path': p })).toThrow(
        `api-path: '${p}' ${why}`
      )
    }
    for (const c of ['1e1', '0x10', '+3', '4.0', '032']) {
      expect(() => readSettings({ 'api-id': 'a', concurrency: c })).toThrow(
        `concurrency: expected a whole number from 1 to 32, got '${c}'`
      )
    }
    expect(readSettings({ 'api-id': 'a', concurrency: '32' }).concurrency).toBe(32)
  })

  it('refuses a whitespace-only token instead of signing in another way; empty is an error only for CLI flags', () => {
    expect(() => readSettings({ ...azure, 'access-token': '  ' })).toThrow(
      'access-token: only whitespace; give the token or leave the input empty'
    )
    expect(() => readSettings({ ...azure, 'github-token': '\n' })).toThrow(
      'github-token: only whitespace'
    )
    // The action's unset inputs are '': not given.
    expect(readSettings({ ...azure, 'access-token': '', 'client-id': '' }).azure?.accessToken).toBe(
      undefined
    )
    expect(() => readSettings({ ...azure, 'subscription-id': '' }, { emptyIsError: true })).toThrow(
      '--subscription-id: given an empty value (if it came from a variable, that variable may be unset); give a value or leave the flag out'
    )
  })

  it('reads github-token and release-notes with the other inputs', () => {
    const s = readSettings({ 'api-id': 'a', 'github-token': ' t0k ', 'release-notes': 'None' })
    expect([s.githubToken, s.releaseNotes]).toEqual(['t0k', 'none'])
    // Unset: a GitHub release on push events, decided where the event is known.
    expect(readSettings({ 'api-id': 'a' }).releaseNotes).toBeUndefined()
  })

  it('chooses access-token, then OIDC federation, then DefaultAzureCredential', async () => {
    const sources = { getIdToken: async () => 'github-oidc-token' }
    const token = await chooseCredential({ cloud: 'public', accessToken: 'abc' }, sources)
    expect(token.kind).toBe('access-token')
    expect(token.credential).toBeInstanceOf(StaticTokenCredential)
    expect((await token.credential.getToken('x'))?.token).toBe('abc')
    const oidc = await chooseCredential({ cloud: 'public', clientId: 'c', tenantId: 't' }, sources)
    expect([oidc.kind, oidc.credential.constructor.name]).toEqual([
      'OIDC federation (client-id, tenant-id)',
      'ClientAssertionCredential'
    ])
    const denied = await chooseCredential(
      { cloud: 'public', clientId: 'c', tenantId: 't' },
      {
        getIdToken: async () => {
          throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
        }
      }
    )
    await expect(
      denied.credential.getToken('https://management.azure.com/.default')
    ).rejects.toThrow(
      /cannot get a GitHub OIDC token for client-id c: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable\. Give the workflow `permissions: id-token: write`\./
    )
    const fallback = await chooseCredential({ cloud: 'china' }, sources)
    expect([fallback.kind, fallback.credential.constructor.name]).toEqual([
      'DefaultAzureCredential',
      'DefaultAzureCredential'
    ])
  })
})
