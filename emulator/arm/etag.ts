import { ArmError, sendJson } from '../http.js'
import type { Stamped } from '../state.js'
import type { RequestContext } from './context.js'

/** If-Match: optional on PUT (create or update), required on PATCH and DELETE; `*` matches any. */
export function checkIfMatch(
  ctx: RequestContext,
  etag: string | undefined,
  required: boolean
): void {
  const header = ctx.req.headers['if-match']
  if (header === undefined) {
    if (required)
      throw new ArmError(
        400,
        'InvalidRequest',
        "The 'If-Match' header is required: send '*' or the entity's ETag."
      )
    return
  }
  if (header === '*' || etag === undefined) return
  if (header !== etag) {
    throw new ArmError(
      412,
      'PreconditionFailed',
      'The entity was changed since it was read: its ETag does not match If-Match. Read it again and retry.'
    )
  }
}

/**
 * An entity with its ETag header; HEAD gets the headers only. A PATCH before the 2020-06-01-preview
 * contract answers 204 with neither (stable/2019-12-01 examples ApiManagementUpdateApi,
 * …UpdateBackend: `"204": {}`; azure-sdk-for-net SessionRecords BackendTests/
 * CreateListUpdateDelete.json at 2019-12-01-preview; 2020-06-01-preview answers 200 with the body).
 */
export function sendEntity(ctx: RequestContext, status: number, body: unknown, etag: string): void {
  if (ctx.method === 'PATCH' && status === 200 && ctx.apiVersion.slice(0, 10) < '2020-06-01') {
    sendJson(ctx.res, 204, undefined)
    return
  }
  if (ctx.method === 'HEAD') {
    ctx.res.writeHead(status, { etag })
    ctx.res.end()
    return
  }
  sendJson(ctx.res, status, body, { etag })
}

/** Stores a written entity by its name; answers 200 when it replaced `previous`, else 201. */
export function storeEntity<T extends Stamped & { name: string }>(
  ctx: RequestContext,
  collection: Record<string, T>,
  entity: T,
  previous: T | undefined,
  json: unknown
): void {
  collection[entity.name] = entity
  ctx.store.save()
  sendEntity(ctx, previous ? 200 : 201, json, entity.etag)
}

/**
 * DELETE: If-Match required; 204 when there is nothing to delete, else `remove` (which may
 * refuse), save, 200.
 */
export function deleteEntity(
  ctx: RequestContext,
  existing: Stamped | undefined,
  remove: () => void
): void {
  checkIfMatch(ctx, existing?.etag, true)
  if (!existing) return sendJson(ctx.res, 204, undefined)
  remove()
  ctx.store.save()
  sendJson(ctx.res, 200, undefined)
}
