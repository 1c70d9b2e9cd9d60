import { notFound, readJson, sendJson, validationError } from '../http.js'
import {
  apiJson,
  apiProperties,
  checkApiRules,
  checkNonCurrent,
  requireApi,
  resolveApi
} from './api-model.js'
import { propertiesOf, type Handler } from './context.js'
import { API_ID, checkName, splitApiId } from './names.js'
import { checkIfMatch, sendEntity } from './etag.js'
import { filtered, sendPage } from './paging.js'

const API_FILTER_FIELDS = ['name', 'displayName', 'description', 'serviceUrl', 'path', 'isCurrent']

/** Every revision as GET /apis lists them: the current one by its name, others as `name;rev=N`. */
export const listApis: Handler = (ctx) => {
  const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true'
  const items: Record<string, unknown>[] = []
  for (const api of Object.values(ctx.state.apis)) {
    for (const revision of Object.values(api.revisions)) {
      const name =
        api.current === revision.revision ? api.name : `${api.name};rev=${revision.revision}`
      items.push(apiJson(ctx, api, revision, name, expand))
    }
  }
  sendPage(
    ctx,
    filtered(ctx, items, API_FILTER_FIELDS, (item, field) =>
      field === 'name' ? item.name : (item.properties as Record<string, unknown>)[field]
    )
  )
}

export const getApi: Handler = (ctx, { apiId: id }) => {
  checkName(id, API_ID, 256, 'API')
  if (ctx.operations.answered(ctx)) return
  const found = resolveApi(ctx.state, id)
  if (!found) throw notFound('Api')
  const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true'
  sendEntity(ctx, 200, apiJson(ctx, found.api, found.revision, id, expand), found.revision.etag)
}

export const patchApi: Handler = async (ctx, { apiId: id }) => {
  checkName(id, API_ID, 256, 'API')
  const { api, revision } = requireApi(ctx, id)
  checkIfMatch(ctx, revision.etag, true)
  const update = apiProperties(propertiesOf(await readJson(ctx.req)))
  checkNonCurrent(api, revision.revision, update)
  const merged = { ...revision.properties, ...update }
  checkApiRules(ctx.state, api.name, merged)
  Object.assign(revision, { properties: merged }, ctx.store.stamp(revision))
  ctx.store.save()
  sendEntity(ctx, 200, apiJson(ctx, api, revision, id), revision.etag)
}

/** Deletes the API (all revisions) or, with `;rev=N`, one non-current revision; 202 then 204. */
export const deleteApi: Handler = (ctx, { apiId: id }) => {
  checkName(id, API_ID, 256, 'API')
  const found = resolveApi(ctx.state, id)
  checkIfMatch(ctx, found?.revision.etag, true)
  if (!found) return sendJson(ctx.res, 204, undefined)
  const { rev } = splitApiId(id)
  if (rev !== undefined) {
    if (found.api.current === rev)
      throw validationError('Cannot delete the current revision of an API.')
    delete found.api.revisions[String(rev)]
  } else {
    delete ctx.state.apis[found.api.name]
    // A deleted API leaves the products it was in.
    for (const product of Object.values(ctx.state.products))
      product.apis = product.apis.filter((a) => a !== found.api.name)
  }
  ctx.store.save()
  const headers = ctx.operations.start(
    ctx,
    `${ctx.servicePath}/apis/${encodeURIComponent(id)}`,
    204
  )
  sendJson(ctx.res, 202, undefined, headers)
}
