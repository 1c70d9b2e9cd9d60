import { describe, expect, it } from '@jest/globals'
import { startEmulator } from '../emulator/index.js'
import {
  compareBodies,
  loadRecording,
  requester,
  servicePathOf,
  type Answer,
  type Recorded
} from './support/recordings.js'

// Recorded sessions of real APIM (__fixtures__/apim-recordings/README.md: Azure/azure-cli,
// Azure/azure-sdk-assets, Azure/azure-sdk-for-net; api-versions 2019-12-01 to 2022-08-01),
// replayed in order against a fresh emulator each: the recorded service's ids rewritten to the
// emulator's in URLs and bodies, the recorded api-version kept (so the emulator answers in that
// contract's style), a recorded poll of a Location sent to the Location the emulator gave,
// a recorded ETag in If-Match replaced by the one the emulator gave for it. Per interaction:
// the status, the ETag/Location/Azure-AsyncOperation headers present on both sides or neither,
// and the body: the keys at every level, which are null, and the values (ids after the rewrite,
// names, paths, display names…), except what a server generates (support/recordings.ts LOOSE).
// docs/emulator.md, "Recorded sessions".

interface Recording {
  file: string
  /** The tier of the recorded service, where the recording shows it. */
  sku?: string
  /** What the recorded service held before the session (a new service's defaults). */
  seed?: { method: string; route: string; body?: unknown }[]
  /** Whether each body's length is its content-length (the 2019 recorder shortened names). */
  exactLengths: boolean
}

const RECORDINGS: Recording[] = [
  { file: 'test_apim_api.yaml', exactLengths: true },
  { file: 'test_apim_api_operation.yaml', exactLengths: true },
  { file: 'test_apim_api_revision.yaml', exactLengths: true },
  { file: 'test_apim_api_release.yaml', exactLengths: false },
  { file: 'test_apim_api_version_set.yaml', exactLengths: true },
  { file: 'test_apim_api_policy.yaml', exactLengths: true },
  {
    file: 'test_apim_product.yaml',
    exactLengths: false,
    // A new Developer-tier service has the products Starter and Unlimited; the session deletes them.
    seed: ['Starter', 'Unlimited'].map((name) => ({
      method: 'PUT',
      route: `products/${name}`,
      body: { properties: { displayName: name, state: 'published' } }
    }))
  },
  { file: 'test_apim_product_api.yaml', exactLengths: true },
  { file: 'test_apim_named_value.yaml', exactLengths: true },
  // Its GET of the service shows a Consumption service.
  { file: 'test_apim_Subscription.yaml', sku: 'Consumption', exactLengths: true },
  { file: 'TestApimtagsTestSuite.json', sku: 'Standard', exactLengths: true },
  { file: 'BackendTests-CreateListUpdateDelete.json', exactLengths: true }
]

/** What the emulator does not claim, each with the reason it is not replayed. */
const SKIPS: { reason: string; applies: (r: Recorded, skipped: Set<string>) => boolean }[] = [
  {
    reason:
      'a resource group write: Azure Resource Manager, not APIM (the emulator only reads its own)',
    applies: (r) =>
      servicePathOf(r.url) === undefined && !/\/operationresults\//i.test(r.url.pathname)
  },
  {
    reason: 'a write of the service resource (create, update, delete): not emulated',
    applies: (r) => r.method !== 'GET' && servicePathOf(r.url) === r.url.pathname
  },
  {
    reason: "a poll of the service's provisioning (…/operationresults/…): not emulated",
    applies: (r) => /\/operationresults\//i.test(r.url.pathname)
  },
  {
    reason:
      'an import from a URL (swagger-link-json, openapi-link, wsdl-link): inline documents only',
    applies: (r) => /"format":\s*"[a-z-]*link[a-z-]*"/.test(r.body ?? '')
  },
  {
    reason: 'the poll of a long-running operation skipped above',
    applies: (r, skipped) => skipped.has(r.url.searchParams.get('asyncId') ?? '')
  },
  {
    reason: 'users, groups, diagnostics, loggers, certificates, identity providers: not emulated',
    applies: (r) =>
      /\/service\/[^/]+\/(users|groups|diagnostics|loggers|certificates|identityProviders|authorizationServers)(\/|$)/i.test(
        r.url.pathname
      )
  }
]

/**
 * Known differences: the interaction (recording, index) and the paths that differ, with the
 * reason. Everything else must match; an entry that no longer differs fails the test (remove it).
 */
const POLICY_TEXT =
  'APIM stores the policy XML re-serialised (tab indents, CRLF) and answers that; the emulator ' +
  'keeps the text as given (docs/emulator.md, "What it does not emulate")'
const KNOWN: { file: string; index: number; paths: string[]; reason: string }[] = [
  { file: 'test_apim_api_policy.yaml', index: 2, paths: ['properties.value'], reason: POLICY_TEXT },
  { file: 'test_apim_api_policy.yaml', index: 3, paths: ['properties.value'], reason: POLICY_TEXT },
  {
    // The same GET at 2021-08-01 (test_apim_Subscription.yaml #1) matches key for key.
    file: 'BackendTests-CreateListUpdateDelete.json',
    index: 1,
    paths: [
      'tags.',
      'properties.portalUrl',
      'properties.developerPortalUrl',
      'properties.managementApiUrl',
      'properties.scmUrl',
      'properties.hostnameConfigurations[0].',
      'properties.certificates',
      'properties.publicIpAddressId',
      'properties.publicNetworkAccess',
      'properties.privateEndpointConnections',
      'properties.platformVersion',
      'zones',
      'systemData'
    ],
    reason:
      'the service resource at 2019-12-01-preview: that service had tags and the portals the ' +
      'emulator does not serve, and the contract lacked what later ones added (identityClientId, ' +
      'publicNetworkAccess, platformVersion, zones, systemData…); the emulator answers one shape'
  }
]

type Outcome = 'match' | 'known' | 'differs' | 'skipped'
const results: { file: string; index: number; outcome: Outcome; detail: string[] }[] = []

async function replay(recording: Recording): Promise<void> {
  const interactions = loadRecording(recording.file)
  const emulator = await startEmulator({ lroMs: 0, lroStyle: 'contract', sku: recording.sku })
  const { send, close } = requester(emulator)
  try {
    const ours = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.ApiManagement/service/${emulator.serviceName}`
    const theirs = interactions.map((r) => servicePathOf(r.url)).find(Boolean)!
    const pattern = new RegExp(theirs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')
    const rewrite = (text: string) => text.replace(pattern, ours)
    const apiVersion = interactions.find((r) => servicePathOf(r.url))!.url.searchParams
    for (const { method, route, body } of recording.seed ?? []) {
      const url = `${ours}/${route}?api-version=${apiVersion.get('api-version')}`
      const seeded = await send(method, url, JSON.stringify(body))
      if (seeded.status >= 300) throw new Error(`seeding ${route}: ${seeded.status} ${seeded.text}`)
    }
    const etags = new Map<string, string>()
    const polls = new Map<string, string>()
    const skippedAsync = new Set<string>()
    const absent = new Set<string>()
    for (const [index, r] of interactions.entries()) {
      const skip = SKIPS.find((s) => s.applies(r, skippedAsync))
      if (skip) {
        const asyncId = r.location && new URL(r.location).searchParams.get('asyncId')
        if (asyncId) skippedAsync.add(asyncId)
        if (r.method === 'PUT') absent.add(decodeURIComponent(r.url.pathname.split('/').pop()!))
        results.push({ file: recording.file, index, outcome: 'skipped', detail: [skip.reason] })
        continue
      }
      const asyncId = r.url.searchParams.get('asyncId')
      const url = asyncId ? polls.get(asyncId) : `${rewrite(r.url.pathname)}${r.url.search}`
      const detail: string[] = []
      let answer: Answer | undefined
      if (!url) detail.push('no Location from the emulator to poll')
      else {
        const ifMatch = r.ifMatch && (r.ifMatch === '*' ? '*' : etags.get(r.ifMatch))
        if (r.ifMatch && !ifMatch) detail.push(`If-Match ${r.ifMatch}: no ETag of ours for it`)
        answer = await send(
          r.method,
          url,
          r.body && rewrite(r.body),
          ifMatch ? { 'if-match': ifMatch } : {}
        )
        const header = (name: string) => answer!.headers[name] as string | undefined
        if (r.etag && header('etag')) etags.set(r.etag, header('etag')!)
        const recordedAsync = r.location && new URL(r.location).searchParams.get('asyncId')
        if (recordedAsync && header('location')) polls.set(recordedAsync, header('location')!)
        detail.push(...compareAnswer(r, answer, rewrite, absent))
      }
      const known = KNOWN.find((k) => k.file === recording.file && k.index === index)
      const explained = known && detail.every((d) => known.paths.some((p) => d.startsWith(p)))
      const outcome = detail.length === 0 ? 'match' : explained ? 'known' : 'differs'
      results.push({ file: recording.file, index, outcome, detail })
    }
  } finally {
    close()
    await emulator.stop()
  }
}

function compareAnswer(
  r: Recorded,
  answer: Answer,
  rewrite: (t: string) => string,
  absent: Set<string>
) {
  const detail: string[] = []
  if (answer.status !== r.status) detail.push(`status ${r.status} ≠ ${answer.status}`)
  for (const [name, recorded] of [
    ['etag', r.etag],
    ['location', r.location],
    ['azure-asyncoperation', undefined]
  ] as const) {
    if ((recorded !== undefined) !== (answer.headers[name] !== undefined))
      detail.push(
        `header ${name}: ${recorded ? 'recorded' : 'not recorded'}, ${answer.headers[name] ? 'sent' : 'not sent'}`
      )
  }
  if (!r.response || !answer.text) {
    if (r.response || answer.text)
      detail.push(
        `body: ${r.response ? 'recorded' : 'none recorded'}, ${answer.text ? 'sent' : 'none sent'}`
      )
    return detail
  }
  const shapeOnly = servicePathOf(r.url) === r.url.pathname
  return [
    ...detail,
    ...compareBodies(JSON.parse(rewrite(r.response)), JSON.parse(answer.text), {
      absent,
      shapeOnly
    })
  ]
}

describe('recorded sessions of real APIM, replayed against the emulator', () => {
  it('keeps the recorded bodies whole: each is as long as its recorded content-length', () => {
    let checked = 0
    for (const { file } of RECORDINGS.filter((r) => r.exactLengths)) {
      for (const [index, r] of loadRecording(file).entries()) {
        if (r.contentLength === undefined || !r.response || r.parsedByRecorder) continue
        // azure-sdk-for-net stores some bodies pretty-printed; as sent, they were compact.
        const lengths = [r.response, JSON.stringify(JSON.parse(r.response))].map((text) =>
          Buffer.byteLength(text)
        )
        expect({ file, index, whole: lengths.includes(r.contentLength) }).toEqual({
          file,
          index,
          whole: true
        })
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })

  it('answers every replayed interaction as the recording does, but for the known differences', async () => {
    for (const recording of RECORDINGS) await replay(recording)
    const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length
    const replayed = results.length - count('skipped')
    const lines = [
      `replayed ${replayed} interactions of ${results.length} recorded; ${count('match')} match; ${count('known')} known differences`
    ]
    for (const { reason } of SKIPS) {
      const n = results.filter((r) => r.outcome === 'skipped' && r.detail[0] === reason).length
      if (n) lines.push(`  skipped ${n}: ${reason}`)
    }
    for (const k of KNOWN) lines.push(`  known ${k.file} #${k.index}: ${k.reason}`)
    console.log(lines.join('\n'))
    const differs = results
      .filter((r) => r.outcome === 'differs')
      .map((r) => `${r.file} #${r.index}: ${r.detail.join('; ')}`)
    expect(differs).toEqual([])
    // A known difference that is gone, or names an interaction not replayed, is a stale entry.
    const stale = KNOWN.filter(
      (k) => results.find((r) => r.file === k.file && r.index === k.index)?.outcome !== 'known'
    )
    expect(stale).toEqual([])
  }, 120_000)
})
