import { randomUUID } from 'node:crypto'
import { notFound, sendJson } from '../http.js'
import type { Handler, RequestContext } from './context.js'

/**
 * How APIM answers its long-running operations (API imports, policy fragment and named value
 * writes, API deletes); docs/emulator.md, "Long-running answers".
 *
 * - `location`: the contracts before 2023-05-01-preview. stable/2022-08-01/apimapis.json,
 *   Api_CreateOrUpdate: "202: Request to create or update API was accepted. Location header
 *   contains the URL where the status of the long running operation can be checked" (201/200
 *   only for what is done at once); Api_Delete: 200/204, not long-running. A recorded session
 *   (Azure/azure-cli, src/azure-cli/azure/cli/command_modules/apim/tests/latest/recordings/
 *   test_apim_api.yaml, api-version 2019-12-01) shows the wire: an import answers 202 with an
 *   empty body and only `location: …/apis/{id}?api-version=…&asyncId=…&asyncCode=201`; the GET
 *   of that URL answers 201 with the API once done; a plain create answers 201 at once; a delete
 *   200 with no body.
 * - `async-operation`: 2023-05-01-preview and later (stable/2024-05-01/apimapis.json): 201/200
 *   with ETag, `location` and `Azure-AsyncOperation` and the body `provisioningState:
 *   InProgress` (examples ApiManagementCreateApiUsingOai3Import, ApiManagementCreateApi);
 *   Api_Delete 202 with both headers (`asyncCode=204`) or 204 (ApiManagementDeleteApi).
 */
export type LroStyle = 'location' | 'async-operation'
/** `contract`: each request answers as its api-version's contract says. */
export type LroStyleSetting = 'contract' | LroStyle
export const LRO_STYLE_SETTINGS: readonly LroStyleSetting[] = [
  'contract',
  'location',
  'async-operation'
]

/**
 * The first api-version with Azure-AsyncOperation answers: preview/2023-03-01-preview still
 * answers Api_CreateOrUpdate 202 + location, preview/2023-05-01-preview 201/200 with both
 * headers (apimapis.json of each).
 */
const FIRST_ASYNC_OPERATION_CONTRACT = '2023-05-01'

/** The style a request gets: the setting's, or by the date of its api-version (newest contract when it has none). */
export function lroStyleFor(setting: LroStyleSetting, apiVersion: string): LroStyle {
  if (setting !== 'contract') return setting
  const date = /^\d{4}-\d{2}-\d{2}/.exec(apiVersion)?.[0]
  return date !== undefined && date < FIRST_ASYNC_OPERATION_CONTRACT
    ? 'location'
    : 'async-operation'
}

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

/** What a write that starts a long-running operation answers, besides its headers. */
export interface Accepted {
  /** The resource URL path (the Location header is it plus `asyncId` and `asyncCode`). */
  resourcePath: string
  /** 201 created, 200 updated, 204 deleted: what the resource URL answers once done. */
  code: number
  failure?: OperationFailure
  /** The entity as it will be, answered with `provisioningState: InProgress` (async-operation style). */
  view?: Record<string, unknown>
  etag?: string
}

/** A failed operation on its Location poll: the error's own status (Azure/apiops#670: 400 ValidationError). */
const FAILURE_STATUS: Record<string, number> = { InternalServerError: 500, ServiceUnavailable: 503 }

/** Imports, fragment writes and API deletes: InProgress for `durationMs`, then done. */
export class LongRunningOperations {
  private readonly running = new Map<string, LongRunning>()

  constructor(private readonly durationMs: number) {}

  /** Starts one; returns the headers that poll it in the request's style. */
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
    const location = `${ctx.baseUrl}${resourcePath}?api-version=${ctx.apiVersion}&asyncId=${id}&asyncCode=${code}`
    if (ctx.lroStyle === 'location') return { location }
    return {
      'azure-asyncoperation': `${ctx.baseUrl}${ctx.servicePath}/tenant/operationResults/${id}?api-version=${ctx.apiVersion}`,
      location
    }
  }

  /**
   * Starts one and answers the write: in the location style 202 with only `Location` and no
   * body; in the async-operation style `code` with the entity InProgress, its ETag and both
   * headers (202 with the headers alone when there is no entity to show, as a named value PATCH).
   */
  accept(ctx: RequestContext, op: Accepted): void {
    const headers = this.start(ctx, op.resourcePath, op.code, op.failure)
    if (ctx.lroStyle === 'location' || !op.view) return sendJson(ctx.res, 202, undefined, headers)
    ;(op.view.properties as Record<string, unknown>).provisioningState = 'InProgress'
    sendJson(ctx.res, op.code, op.view, { ...headers, ...(op.etag ? { etag: op.etag } : {}) })
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

  /**
   * A GET of a resource URL carrying `asyncId` (the Location header) answers for its operation:
   * 202 while running, the failure, 204 for a finished delete (`answered`); once a create or
   * update is done, the resource with the asyncCode status (test_apim_api.yaml: 201). Any other
   * request: 200, the resource as usual.
   */
  pollStatus(ctx: RequestContext): number | 'answered' {
    const asyncId = ctx.url.searchParams.get('asyncId')
    if (!asyncId || ctx.method !== 'GET') return 200
    const found = this.pending(asyncId)
    if (!found) return 200
    if (found.remainingMs > 0) {
      sendJson(ctx.res, 202, undefined, retryAfter(found.remainingMs))
      return 'answered'
    }
    if (found.op.status === 'Failed') {
      const error = found.op.error ?? {
        code: 'InternalServerError',
        message: 'The operation failed.'
      }
      const status = FAILURE_STATUS[error.code] ?? 400
      sendJson(ctx.res, status, { error: { ...error, details: error.details ?? [] } })
      return 'answered'
    }
    if (found.op.code === 204) {
      sendJson(ctx.res, 204, undefined)
      return 'answered'
    }
    return found.op.code
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
