import pLimit from 'p-limit'
import { classify, noAnswer } from './classify.js'
import type { Classification, Probe, VerifyResult } from './types.js'

export interface VerifyTarget {
  /** The gateway's base URL (`https://contoso.azure-api.net`); each probe's path follows it. */
  gatewayUrl: string
  /** The subscription key, sent in `keyHeader`; never logged nor returned. */
  key?: string
  keyHeader: string
}

export interface VerifyOptions {
  /** Requests in flight at once (default 4). */
  concurrency?: number
  /** Deadline per request, body included (default 30 s). */
  timeoutMs?: number
  /** Default: the global fetch. Tests pass one that trusts the emulator's CA. */
  fetch?: typeof fetch
}

export const DEFAULT_VERIFY_CONCURRENCY = 4
export const DEFAULT_VERIFY_TIMEOUT_MS = 30_000
/** APIM's own error bodies are a few hundred bytes; more than this is a backend talking. */
const BODY_LIMIT = 64 * 1024

/** Sends each probe once through the gateway and classifies the answer; results in probe order. */
export async function verifyVersions(
  probes: Probe[],
  target: VerifyTarget,
  options: VerifyOptions = {}
): Promise<VerifyResult[]> {
  const send = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_VERIFY_CONCURRENCY))
  return Promise.all(probes.map((probe) => limit(() => verifyOne(probe, target, send, timeoutMs))))
}

async function verifyOne(
  probe: Probe,
  target: VerifyTarget,
  send: typeof fetch,
  timeoutMs: number
): Promise<VerifyResult> {
  const url = `${target.gatewayUrl.replace(/\/+$/, '')}${probe.pathAndQuery}`
  const headers = { ...probe.headers }
  if (target.key) headers[target.keyHeader.toLowerCase()] = target.key
  const started = performance.now()
  const result = (verdict: Classification, status?: number): VerifyResult => ({
    version: probe.version,
    operation: probe.operation,
    method: probe.method,
    url,
    ...(status !== undefined ? { status } : {}),
    classification: verdict.classification,
    detail: withoutKey(verdict.detail, target.key),
    ms: Math.round(performance.now() - started)
  })
  try {
    const response = await send(url, {
      method: probe.method,
      headers,
      ...(probe.body !== undefined ? { body: probe.body } : {}),
      // The key must not follow a redirect to another host; a 3xx is an answer like any other.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    })
    const text = await readUpTo(response, BODY_LIMIT)
    return result(
      classify(response.status, Object.fromEntries(response.headers), text),
      response.status
    )
  } catch (err) {
    return result(noAnswer(err, timeoutMs))
  }
}

/** The body as text, at most `limit` bytes of it (the rest is not read). */
async function readUpTo(response: Response, limit: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
    if (size >= limit) {
      await reader.cancel().catch(() => undefined)
      break
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit))
}

/** A backend may echo request headers in its answer: the key never reaches a result. */
function withoutKey(text: string, key: string | undefined): string {
  return key ? text.split(key).join('***') : text
}
