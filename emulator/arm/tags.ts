import { notFound, readJson, sendJson, validationError } from '../http.js'
import type { TagEntity } from '../state.js'
import { requireApi } from './api-model.js'
import { propertiesOf, type Handler, type RequestContext } from './context.js'
import { API_ID, checkName } from './names.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { sendCollection, sendPage } from './paging.js'

function tagJson(ctx: RequestContext, t: TagEntity): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/tags/${t.name}`,
    type: 'Microsoft.ApiManagement/service/tags',
    name: t.name,
    properties: { displayName: t.displayName }
  }
}

export const listTags: Handler = (ctx) => sendCollection(ctx, ctx.state.tags, tagJson)

export const getTag: Handler = (ctx, { tagId }) => {
  checkName(tagId, API_ID, 80, 'tag')
  const existing = ctx.state.tags[tagId]
  if (!existing) throw notFound('Tag')
  sendEntity(ctx, 200, tagJson(ctx, existing), existing.etag)
}

/**
 * PUT creates or replaces; PATCH (Tag_Update, If-Match required) changes the display name of an
 * existing one, 200 with the tag (azure-sdk-assets go/…/TestApimtagsTestSuite.json, 2022-08-01).
 */
export const putTag: Handler = async (ctx, { tagId: name }) => {
  checkName(name, API_ID, 80, 'tag')
  const existing = ctx.state.tags[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('Tag')
  checkIfMatch(ctx, existing?.etag, patching)
  const displayName = propertiesOf(await readJson(ctx.req)).displayName
  if (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 160) {
    throw validationError("'displayName' is required (1 to 160 characters).", 'displayName')
  }
  const entity: TagEntity = { name, displayName, ...ctx.store.stamp(existing) }
  storeEntity(ctx, ctx.state.tags, entity, existing, tagJson(ctx, entity))
}

/** Deleting a service tag also unassigns it from every API. */
export const deleteTag: Handler = (ctx, { tagId: name }) => {
  checkName(name, API_ID, 80, 'tag')
  const existing = ctx.state.tags[name]
  deleteEntity(ctx, existing, () => {
    delete ctx.state.tags[name]
    for (const api of Object.values(ctx.state.apis)) api.tags = api.tags.filter((t) => t !== name)
  })
}

export const listApiTags: Handler = (ctx, { apiId }) => {
  const { api } = requireApi(ctx, apiId)
  sendPage(
    ctx,
    api.tags
      .map((t) => ctx.state.tags[t])
      .filter(Boolean)
      .map((t) => tagJson(ctx, t))
  )
}

export const getApiTag: Handler = (ctx, { apiId, tagId }) => {
  const { api } = requireApi(ctx, apiId)
  const tag = ctx.state.tags[tagId]
  if (!tag || !api.tags.includes(tagId)) throw notFound('Tag')
  sendEntity(ctx, 200, tagJson(ctx, tag), tag.etag)
}

/** Assigns a service tag to an API: PUT with no body, 201 (or 200 when already assigned). */
export const putApiTag: Handler = (ctx, { apiId, tagId }) => {
  const { api } = requireApi(ctx, apiId)
  const tag = ctx.state.tags[tagId]
  if (!tag) throw notFound('Tag')
  const assigned = api.tags.includes(tagId)
  if (!assigned) {
    api.tags.push(tagId)
    ctx.store.save()
  }
  sendEntity(ctx, assigned ? 200 : 201, tagJson(ctx, tag), tag.etag)
}

/** Unassigns a tag (no If-Match); 204 when it was not assigned. */
export const deleteApiTag: Handler = (ctx, { apiId, tagId }) => {
  const { api } = requireApi(ctx, apiId)
  if (!api.tags.includes(tagId)) return sendJson(ctx.res, 204, undefined)
  api.tags = api.tags.filter((t) => t !== tagId)
  ctx.store.save()
  sendJson(ctx.res, 200, undefined)
}
