import { describe, expect, it } from '@jest/globals'
import { retryReason } from '../src/apim/retry.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { gatewayFor } from './support/engine.js'

const t = useEmulator({ lroMs: 1500, latencyMs: 100 })

describe('emulator timing: --lro-ms and --latency-ms', () => {
  it('keeps an import InProgress for lro-ms, with an APIM-like Retry-After on the poll', async () => {
    const put = await t.raw('PUT', `${t.service}/apis/slow?api-version=2024-05-01`, {
      body: { properties: { format: 'openapi+json', value: miniSpec('v1'), path: 'slow' } }
    })
    expect(put.status).toBe(201)
    const poll = await t.raw(
      'GET',
      new URL(put.headers['azure-asyncoperation'] as string).pathname + '?api-version=2024-05-01'
    )
    expect(poll.json().status).toBe('InProgress')
    expect(Number(poll.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    const location = new URL(put.headers.location as string)
    expect((await t.raw('GET', location.pathname + location.search)).status).toBe(202)
    await new Promise((resolve) => setTimeout(resolve, 1600))
    expect(
      (
        await t.raw(
          'GET',
          new URL(put.headers['azure-asyncoperation'] as string).pathname +
            '?api-version=2024-05-01'
        )
      ).json().status
    ).toBe('Succeeded')
  })

  it('adds latency-ms to every ARM request', async () => {
    const started = performance.now()
    await t.client.api.get(t.rg, t.svc, 'slow')
    expect(performance.now() - started).toBeGreaterThanOrEqual(95)
  })
})

describe('the APIM client gives up on a long-running operation that does not finish', () => {
  it('throws a retryable LroTimeout after lroTimeoutMs', async () => {
    const apim = gatewayFor(t, { lroTimeoutMs: 300 })
    await t.client.apiVersionSet.createOrUpdate(t.rg, t.svc, 'slow-set', {
      displayName: 'slow',
      versioningScheme: 'Segment'
    })
    const started = performance.now()
    const error = await apim
      .importApi('too-slow', {
        format: 'openapi+json',
        value: miniSpec('v1'),
        path: 'too-slow',
        displayName: 'slow',
        apiVersion: 'v1',
        apiVersionSetId: '/apiVersionSets/slow-set',
        subscriptionRequired: true,
        subscriptionKeyHeader: 'api-key'
      })
      .catch((err: unknown) => err)
    expect(error).toMatchObject({ code: 'LroTimeout' })
    expect(retryReason(error)).toBe('the long-running operation timed out')
    expect(performance.now() - started).toBeLessThan(1400)
  })
})
