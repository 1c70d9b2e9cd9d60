import { ArmError } from './http.js'

export type FaultResponse = 429 | 409 | 500 | 503 | 'drop' | 'lro-fail' | 'hang'

export interface Fault {
  id: string
  /** An HTTP method, or several as a regular expression (`PUT|PATCH|DELETE`). */
  method?: string
  /** A regular expression matched against the URL path. */
  path: string
  response: FaultResponse
  retryAfter?: number
  times: number
  probability?: number
  /** Let this many matching requests through before the fault starts. */
  skip?: number
  /** For lro-fail: the error code the operation ends with (default InternalServerError). */
  code?: string
}

const RESPONSES = new Set<unknown>([429, 409, 500, 503, 'drop', 'lro-fail', 'hang'])

/** Faults to inject, each used up after `times` matching requests. */
export class FaultRegistry {
  private faults: (Fault & { pattern: RegExp; methods?: RegExp })[] = []
  private counter = 0

  add(input: Record<string, unknown>): Fault {
    if (typeof input.path !== 'string')
      throw new ArmError(400, 'InvalidFault', 'path (a regular expression) is required')
    if (!RESPONSES.has(input.response)) {
      throw new ArmError(
        400,
        'InvalidFault',
        'response must be one of 429, 409, 500, 503, "drop", "lro-fail"'
      )
    }
    let pattern: RegExp
    try {
      pattern = new RegExp(input.path)
    } catch (err) {
      throw new ArmError(
        400,
        'InvalidFault',
        `path is not a valid regular expression: ${(err as Error).message}`
      )
    }
    const fault: Fault = {
      id: `fault-${++this.counter}`,
      method: typeof input.method === 'string' ? input.method.toUpperCase() : undefined,
      path: input.path,
      response: input.response as FaultResponse,
      retryAfter: typeof input.retryAfter === 'number' ? input.retryAfter : undefined,
      times: typeof input.times === 'number' && input.times > 0 ? input.times : 1,
      probability: typeof input.probability === 'number' ? input.probability : undefined,
      skip: typeof input.skip === 'number' && input.skip > 0 ? input.skip : undefined,
      code: typeof input.code === 'string' && /^\w+$/.test(input.code) ? input.code : undefined
    }
    const methods = fault.method ? new RegExp(`^(?:${fault.method})$`) : undefined
    this.faults.push({ ...fault, pattern, methods })
    return fault
  }

  clear(): void {
    this.faults = []
  }

  list(): Fault[] {
    return this.faults.map(({ pattern: _pattern, methods: _methods, ...fault }) => fault)
  }

  /** The fault this request triggers, if any (using one of its `times`). */
  take(method: string, path: string, kind: 'answer' | 'lro'): Fault | undefined {
    for (const fault of this.faults) {
      const forLro = fault.response === 'lro-fail'
      if (forLro !== (kind === 'lro')) continue
      if (fault.methods && !fault.methods.test(method)) continue
      if (!fault.pattern.test(path)) continue
      if (fault.skip) {
        fault.skip--
        continue
      }
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue
      fault.times--
      if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault)
      return fault
    }
    return undefined
  }
}

/** The ARM answer for an injected status fault. */
export function faultError(fault: Fault): ArmError {
  const headers: Record<string, string> =
    fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}
  switch (fault.response) {
    case 429:
      return new ArmError(
        429,
        'SubscriptionRequestsThrottled',
        "Number of 'write' requests for subscription actor exceeded. Please try again after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
        [],
        headers
      )
    case 409:
      return new ArmError(
        409,
        'PessimisticConcurrencyConflict',
        'Operation on the API is in progress',
        [],
        headers
      )
    case 503:
      return new ArmError(
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable.',
        [],
        headers
      )
    default:
      return new ArmError(
        500,
        'InternalServerError',
        'Request processing failed due to internal error.',
        [],
        headers
      )
  }
}

export interface LoggedRequest {
  kind: 'arm' | 'gateway'
  method: string
  path: string
  status: number
  ms: number
  /** When the request arrived (epoch milliseconds). */
  at: number
}
