export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** The longest Retry-After worth waiting for (default 5 minutes); longer fails the step. */
  maxRetryAfterMs?: number
  /** Waits; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 }
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000
/**
 * A call that got no answer within its deadline is tried at most this often in all: a hang
 * that repeats is APIM's state, not luck, and each try costs the whole deadline.
 */
export const MAX_TIMEOUT_ATTEMPTS = 2

/** Why an error is worth another try (throttling, a conflict APIM clears, a server fault, a dropped connection, a timeout), or undefined. */
export function retryReason(err: unknown): string | undefined {
  const e = err as { statusCode?: number; code?: string; message?: string }
  const status = e?.statusCode
  if (status === 429) return 'throttled (429)'
  if (status === 409 && e.code === 'PessimisticConcurrencyConflict')
    return 'an operation on the API is in progress (409)'
  if (status === 408) return 'request timeout (408)'
  if (status !== undefined && status >= 500) return `server error (${status})`
  if (status !== undefined) return undefined
  if (e?.code === 'LroTimeout') return 'the long-running operation timed out'
  if (e?.code === 'RequestTimeout') return 'APIM did not answer in time'
  if (
    e?.code &&
    /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|REQUEST_SEND_ERROR|UND_ERR_SOCKET)$/.test(
      e.code
    )
  ) {
    return `connection problem (${e.code})`
  }
  const message = e?.message ?? ''
  if (/socket hang up|ECONNRESET|network|terminated/i.test(message)) return 'connection dropped'
  // A failed long-running operation: retry unless APIM rejected the content itself.
  const failed = /^The long-running operation has failed\. (\w+)/.exec(message)
  if (failed && !/Validation|BadRequest|Invalid|NotFound|Conflict/i.test(failed[1]))
    return `the operation failed (${failed[1]})`
  return undefined
}

/** Seconds (or an HTTP date) from a Retry-After header of a RestError, as milliseconds. */
function retryAfterMs(err: unknown): number | undefined {
  const headers = (
    err as { response?: { headers?: { get?: (name: string) => string | undefined } } }
  )?.response?.headers
  const value = headers?.get?.('retry-after')
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/**
 * Runs `task`, retrying what `retryReason` allows with exponential backoff and full jitter,
 * honouring Retry-After, at most `attempts` times. The last error is rethrown.
 */
export async function withRetry<T>(
  task: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY
): Promise<T> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (err) {
      const reason = retryReason(err)
      if (!reason) throw err
      const retryAfter = retryAfterMs(err)
      const cap = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS
      if (retryAfter !== undefined && retryAfter > cap)
        throw retryAfterTooLong(err, retryAfter, cap)
      if (attempt >= options.attempts) throw err
      if (isTimeout(err) && attempt >= MAX_TIMEOUT_ATTEMPTS) throw err
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
      const delayMs = Math.max(
        retryAfter ?? 0,
        Math.round(backoff / 2 + Math.random() * (backoff / 2))
      )
      options.onRetry?.({ attempt, delayMs, reason })
      await sleep(delayMs)
    }
  }
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: string })?.code
  return code === 'RequestTimeout' || code === 'LroTimeout'
}

/** A Retry-After longer than the run should wait: this step fails now, the others go on. */
function retryAfterTooLong(err: unknown, waitMs: number, capMs: number): Error {
  const e = err as { statusCode?: number; code?: string }
  const status = [e?.statusCode, e?.code].filter(Boolean).join(' ')
  return Object.assign(
    new Error(
      `APIM asked to wait ${Math.ceil(waitMs / 1000)} s (Retry-After${status ? ` on ${status}` : ''}), over the ${capMs / 1000} s limit for one wait: run again later`,
      { cause: err }
    ),
    { code: 'RetryAfterTooLong' }
  )
}

/** ARM throttles and fails reads too: each is retried as writes are, and names itself if not. */
export function readApim<T>(what: string, call: () => Promise<T>, retry: RetryOptions): Promise<T> {
  return withRetry(call, retry).catch((err: Error) => {
    throw Object.assign(new Error(`reading ${what} from APIM: ${err.message}`, { cause: err }), {
      code: (err as { code?: string }).code
    })
  })
}
