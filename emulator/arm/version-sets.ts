import { notFound, readJson, validationError } from '../http.js'
import type { VersionSetEntity } from '../state.js'
import { currentRevision, recordedContract } from './api-model.js'
import { pick, propertiesOf, type Handler, type RequestContext } from './context.js'
import { API_ID, checkName, versionSetName } from './names.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { sendCollection } from './paging.js'

/**
 * ApiVersionSetContract with every property, an unset one null (Azure/azure-cli
 * recordings/test_apim_api_version_set.yaml at 2021-08-01; azure-sdk-assets
 * go/…/TestApimapiversionsetsTestSuite.json at 2022-08-01). Those recordings type it
 * `…/apiVersionSets`; the examples of every contract say `…/api-version-sets`, which the
 * emulator keeps for the contracts no recording covers.
 */
function versionSetJson(ctx: RequestContext, v: VersionSetEntity): unknown {
  return {
    id: `${ctx.servicePath}/apiVersionSets/${v.name}`,
    type: recordedContract(ctx)
      ? 'Microsoft.ApiManagement/service/apiVersionSets'
      : 'Microsoft.ApiManagement/service/api-version-sets',
    name: v.name,
    properties: {
      displayName: v.displayName,
      description: v.description ?? null,
      versioningScheme: v.versioningScheme,
      versionQueryName: v.versionQueryName ?? null,
      versionHeaderName: v.versionHeaderName ?? null
    }
  }
}

export const listVersionSets: Handler = (ctx) =>
  sendCollection(ctx, ctx.state.versionSets, versionSetJson)

export const getVersionSet: Handler = (ctx, { versionSetId }) => {
  checkName(versionSetId, API_ID, 80, 'version set')
  const existing = ctx.state.versionSets[versionSetId]
  if (!existing) throw notFound('ApiVersionSet')
  sendEntity(ctx, 200, versionSetJson(ctx, existing), existing.etag)
}

/** PUT creates or replaces; PATCH updates an existing one (If-Match required). */
export const putVersionSet: Handler = async (ctx, { versionSetId: name }) => {
  checkName(name, API_ID, 80, 'version set')
  const existing = ctx.state.versionSets[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('ApiVersionSet')
  checkIfMatch(ctx, existing?.etag, patching)
  const props = propertiesOf(await readJson(ctx.req))
  const merged = {
    ...(patching ? existing : {}),
    ...pick(props, [
      'displayName',
      'description',
      'versioningScheme',
      'versionQueryName',
      'versionHeaderName'
    ])
  } as Partial<VersionSetEntity>
  validateVersionSet(merged)
  const entity: VersionSetEntity = {
    ...(merged as VersionSetEntity),
    name,
    ...ctx.store.stamp(existing)
  }
  storeEntity(ctx, ctx.state.versionSets, entity, existing, versionSetJson(ctx, entity))
}

export const deleteVersionSet: Handler = (ctx, { versionSetId: name }) => {
  checkName(name, API_ID, 80, 'version set')
  const existing = ctx.state.versionSets[name]
  deleteEntity(ctx, existing, () => {
    const user = Object.values(ctx.state.apis).find(
      (api) => versionSetName(currentRevision(api).properties.apiVersionSetId) === name
    )
    if (user)
      throw validationError(`The version set is used by API '${user.name}'; delete its APIs first.`)
    delete ctx.state.versionSets[name]
  })
}

function validateVersionSet(v: Partial<VersionSetEntity>): void {
  if (typeof v.displayName !== 'string' || v.displayName.length < 1 || v.displayName.length > 100) {
    throw validationError("'displayName' is required (1 to 100 characters).", 'displayName')
  }
  if (!['Segment', 'Query', 'Header'].includes(String(v.versioningScheme))) {
    throw validationError(
      "'versioningScheme' must be Segment, Query or Header.",
      'versioningScheme'
    )
  }
  if (v.versioningScheme === 'Query' && !v.versionQueryName) {
    throw validationError(
      "'versionQueryName' is required when versioningScheme is Query.",
      'versionQueryName'
    )
  }
  if (v.versioningScheme === 'Header' && !v.versionHeaderName) {
    throw validationError(
      "'versionHeaderName' is required when versioningScheme is Header.",
      'versionHeaderName'
    )
  }
}
