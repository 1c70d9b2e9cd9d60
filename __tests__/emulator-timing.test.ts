import { describe, expect, it } from '@jest/globals'
import { miniSpec, useEmulator } from './support/emulator.js'

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
