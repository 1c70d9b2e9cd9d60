import { randomUUID } from 'node:crypto'
import { notFound, sendJson } from '../http.js'
import type { Handler, RequestContext } from './context.js'

export interface OperationFailure {
  code: string
  message: string
  /** APIM's field-level details (`{code, target, message}`), when the failure has them. */
  details?: { code: string; target?: string; message: string }[]
}

interface LongRunning {
  doneAt: number
  status: 'Succeeded' | 'Failed'
  error?: OperationFailure
  /** The status code the resource URL answers once done (asyncCode). */
  code: number
}

/** Imports, fragment writes and API deletes: InProgress for `durationMs`, then done. */
export class LongRunningOperations {
  private readonly running = new Map<string, LongRunning>()

  constructor(private readonly durationMs: number) {}

  /** Starts one; returns the Azure-AsyncOperation and Location headers that poll it. */
  start(
    ctx: RequestContext,
    resourcePath: string,
    code: number,
    failure?: OperationFailure
  ): Record<string, string> {
    const id = randomUUID().replace(/-/g, '').slice(0, 24)
    this.running.set(id, {
      doneAt: Date.now() + this.durationMs,
      status: failure ? 'Failed' : 'Succeeded',
      error: failure,
      code
    })
    return {
      'azure-asyncoperation': `${ctx.baseUrl}${ctx.servicePath}/tenant/operationResults/${id}?api-version=${ctx.apiVersion}`,
      location: `${ctx.baseUrl}${resourcePath}?api-version=${ctx.apiVersion}&asyncId=${id}&asyncCode=${code}`
    }
  }

  /** GET tenant/operationResults/{id}: the Azure-AsyncOperation poll. */
  sendStatus(ctx: RequestContext, id: string): void {
    const found = this.pending(id)
    if (!found) throw notFound('Operation')
    const { op, remainingMs } = found
    if (remainingMs > 0) {
      sendJson(ctx.res, 200, { id, name: id, status: 'InProgress' }, retryAfter(remainingMs))
      return
    }
    sendJson(ctx.res, 200, {
      id,
      name: id,
      status: op.status,
      ...(op.error ? { error: op.error } : {})
    })
  }

  /** A GET of a resource URL carrying `asyncId` (the Location header) answers for the operation. */
  answered(ctx: RequestContext): boolean {
    const asyncId = ctx.url.searchParams.get('asyncId')
    if (!asyncId || ctx.method !== 'GET') return false
    const found = this.pending(asyncId)
    if (!found) return false
    if (found.remainingMs > 0) {
      sendJson(ctx.res, 202, undefined, retryAfter(found.remainingMs))
      return true
    }
    if (found.op.status === 'Failed') {
      const error = found.op.error ?? {
        code: 'InternalServerError',
        message: 'The operation failed.'
      }
      sendJson(ctx.res, 400, { error: { ...error, details: error.details ?? [] } })
      return true
    }
    if (found.op.code === 204) {
      sendJson(ctx.res, 204, undefined)
      return true
    }
    return false
  }

  private pending(id: string): { op: LongRunning; remainingMs: number } | undefined {
    const op = this.running.get(id)
    return op ? { op, remainingMs: Math.max(0, op.doneAt - Date.now()) } : undefined
  }
}

export const getOperationStatus: Handler = (ctx, { operationId }) =>
  ctx.operations.sendStatus(ctx, operationId)

/** The failure an `lro-fail` fault gives this request, if one is set. */
export function injectedFailure(ctx: RequestContext): OperationFailure | undefined {
  const fault = ctx.faults.take(ctx.method, ctx.url.pathname, 'lro')
  return fault
    ? {
        code: fault.code ?? 'InternalServerError',
        message: 'The long-running operation failed (fault injected by the emulator).'
      }
    : undefined
}

function retryAfter(remainingMs: number): Record<string, string> {
  return { 'retry-after': String(Math.ceil(remainingMs / 1000)) }
}
