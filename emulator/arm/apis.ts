import { notFound, readJson, sendJson, validationError } from '../http.js'
import {
  apiJson,
  apiProperties,
  contractBefore,
  checkApiRules,
  checkNonCurrent,
  requireApi,
  resolveApi,
  shareWithOtherRevisions
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
      const item = apiJson(ctx, api, revision, name, expand)
      // Listed, an API had neither setting up to 2021-08-01 (recording test_apim_api.yaml,
      // 2021-08-01: both null); the 2022-08-01 recording (azure-sdk-assets
      // go/…/TestApimapisTestSuite.json) lists them as a GET shows them.
      if (contractBefore(ctx, '2022-08-01')) {
        const properties = item.properties as Record<string, unknown>
        properties.authenticationSettings = null
        properties.subscriptionKeyParameterNames = null
      }
      items.push(item)
    }
  }
  sendPage(
    ctx,
    filtered(ctx, items, API_FILTER_FIELDS, (item, field) => {
      if (field === 'name') return item.name
      const properties = item.properties as Record<string, unknown>
      // A non-current revision is written without isCurrent; it is still `isCurrent eq false`.
      return field === 'isCurrent' ? properties.isCurrent === true : properties[field]
    })
  )
}

export const getApi: Handler = (ctx, { apiId: id }) => {
  checkName(id, API_ID, 256, 'API')
  const status = ctx.operations.pollStatus(ctx)
  if (status === 'answered') return
  const found = resolveApi(ctx.state, id)
  if (!found) throw notFound('Api')
  const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true'
  sendEntity(ctx, status, apiJson(ctx, found.api, found.revision, id, expand), found.revision.etag)
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
  shareWithOtherRevisions(ctx, api, revision, update)
  ctx.store.save()
  sendEntity(ctx, 200, apiJson(ctx, api, revision, id), revision.etag)
}

/**
 * Deletes the API (all revisions) or, with `;rev=N`, one non-current revision; 204 when there is
 * nothing to delete. In the location style (stable/2022-08-01 Api_Delete: 200/204, not
 * long-running; recordings/test_apim_api.yaml: 200 with no body) at once with 200; in the
 * async-operation style (stable/2024-05-01 Api_Delete, example ApiManagementDeleteApi) 202 with
 * Location and Azure-AsyncOperation (`asyncCode=204`).
 */
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
  if (ctx.lroStyle === 'location') return sendJson(ctx.res, 200, undefined)
  ctx.operations.accept(ctx, {
    resourcePath: `${ctx.servicePath}/apis/${encodeURIComponent(id)}`,
    code: 204
  })
}
