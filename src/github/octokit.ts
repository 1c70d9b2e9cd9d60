import * as github from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'

export type Octokit = ReturnType<typeof github.getOctokit>

/**
 * How Octokit paces requests. GitHub asks for a second between writes, three between writes that
 * notify people (comments), and for waiting out a rate limit's Retry-After; tests shorten them (a
 * Retry-After of 1 then waits `retryAfterUnitMs`).
 */
export interface Pacing {
  writeIntervalMs: number
  notifyingWriteIntervalMs: number
  retryAfterUnitMs: number
}

/** @octokit/plugin-throttling's own figures. */
export const GITHUB_PACING: Pacing = {
  writeIntervalMs: 1000,
  notifyingWriteIntervalMs: 3000,
  retryAfterUnitMs: 1000
}

export interface OctokitOptions {
  baseUrl?: string
  log?: (line: string) => void
  pacing?: Pacing
  /** How long one request may take before it counts as failed (and is retried, as a 5xx). */
  requestTimeoutMs?: number
  /** Ends every request of this client at once (a caller's deadline); these are not retried. */
  signal?: AbortSignal
}

/** One request's limit: GitHub answers in well under a second, or is down. */
export const REQUEST_TIMEOUT_MS = 10_000
/** Retries of a failed request (5xx, connection errors, timeouts): 1 s, then 4 s later. */
const RETRIES = 2

/**
 * fetch with a deadline per request, and the caller's signal. A timeout is a `TimeoutError`,
 * which Octokit turns into a retried 500; an abort by the caller's signal is not retried.
 */
function timedFetch(timeoutMs: number, signal: AbortSignal | undefined): typeof fetch {
  return (input, init) =>
    fetch(input, {
      ...init,
      signal: AbortSignal.any(
        [init?.signal, signal, AbortSignal.timeout(timeoutMs)].filter(
          (s): s is AbortSignal => s !== undefined && s !== null
        )
      )
    })
}

/**
 * Octokit from @actions/github with a timeout per request, few retries (two, for 5xx and
 * connection errors) and rate-limit throttling (at most two retries), so a GitHub that is down
 * costs seconds, not minutes.
 */
export function createOctokit(token: string, options: OctokitOptions = {}): Octokit {
  const log = options.log ?? (() => undefined)
  const pacing = options.pacing ?? GITHUB_PACING
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ) => {
      log(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter} s`)
      return retryCount < 2
    }
  return github.getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      request: {
        fetch: timedFetch(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, options.signal)
      },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        retryAfterBaseValue: pacing.retryAfterUnitMs,
        // The plugin's own groups are shared by every Octokit of the process; these are not.
        ...(options.pacing
          ? {
              write: new Bottleneck.Group({ maxConcurrent: 1, minTime: pacing.writeIntervalMs }),
              notifications: new Bottleneck.Group({
                maxConcurrent: 1,
                minTime: pacing.notifyingWriteIntervalMs
              })
            }
          : {})
      },
      retry: {
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        retries: RETRIES,
        retryAfterBaseValue: pacing.retryAfterUnitMs
      }
    },
    retry,
    throttling
  )
}
