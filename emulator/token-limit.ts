/**
 * The counters of `azure-openai-token-limit` (learn.microsoft.com azure-openai-token-limit-policy):
 * one per counter-key value, "a single counter is used for all scopes at which the policy is
 * configured", over a minute. The window opens with the first call that touches the counter and
 * lasts 60 s, as published runs of the policy show it: with 100 tokens per minute, calls of 59 and
 * 55 tokens pass (remaining 41, then 0), the next ones are refused "Try again in 29 seconds", then
 * "14 seconds" 15 s later, and a call after the minute passes again. Tokens are counted from the
 * response's `usage.total_tokens` once it arrives, so with estimate-prompt-tokens="false" a call
 * that goes over the limit still passes and the next ones are refused.
 */
export interface TokenWindow {
  start: number
  consumed: number
}

export interface TokenCheck {
  allowed: boolean
  /** Seconds until the window ends (for Retry-After), at least 1. */
  retryAfter: number
  remaining: number
}

export const WINDOW_MS = 60_000

export class TokenCounters {
  private readonly windows = new Map<string, TokenWindow>()

  constructor(private readonly now: () => number = Date.now) {}

  private window(key: string): TokenWindow {
    const now = this.now()
    let w = this.windows.get(key)
    if (!w || now >= w.start + WINDOW_MS) {
      w = { start: now, consumed: 0 }
      this.windows.set(key, w)
    }
    return w
  }

  /** Whether a call may go on: the count is below the limit (and, estimating, the prompt fits). */
  check(key: string, limit: number, estimatedPrompt = 0): TokenCheck {
    const w = this.window(key)
    const retryAfter = Math.max(1, Math.ceil((w.start + WINDOW_MS - this.now()) / 1000))
    const remaining = Math.max(0, limit - w.consumed)
    const allowed = w.consumed < limit && (estimatedPrompt === 0 || estimatedPrompt <= remaining)
    return { allowed, retryAfter, remaining }
  }

  /** Adds a response's tokens; returns what remains of the limit (never below 0). */
  record(key: string, tokens: number, limit: number): number {
    const w = this.window(key)
    w.consumed += tokens
    return Math.max(0, limit - w.consumed)
  }
}

/**
 * A rough count of a request's prompt tokens for estimate-prompt-tokens="true": a token per four
 * characters of the messages' text (or of `prompt`/`input`). APIM uses a real tokenizer; the
 * emulator's estimate is an approximation (docs/emulator.md).
 */
export function estimatePromptTokens(body: Buffer): number {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return 0
  }
  const request = parsed as {
    messages?: { content?: unknown }[]
    prompt?: unknown
    input?: unknown
  }
  const texts: string[] = []
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value)
    else if (Array.isArray(value)) value.forEach(collect)
    else if (value && typeof value === 'object' && 'text' in value)
      collect((value as { text: unknown }).text)
  }
  for (const m of request.messages ?? []) collect(m?.content)
  collect(request.prompt)
  collect(request.input)
  const chars = texts.reduce((sum, t) => sum + t.length, 0)
  return Math.ceil(chars / 4)
}

/** `usage.total_tokens` of a JSON response body, if it has one. */
export function totalTokens(body: Buffer): number | undefined {
  try {
    const total = (JSON.parse(body.toString('utf8')) as { usage?: { total_tokens?: unknown } })
      .usage?.total_tokens
    return typeof total === 'number' && Number.isFinite(total) ? total : undefined
  } catch {
    return undefined
  }
}
