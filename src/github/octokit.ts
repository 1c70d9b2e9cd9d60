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
}

/** Octokit from @actions/github with retries and rate-limit throttling (at most two retries each). */
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
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
    },
    retry,
    throttling
  )
}
