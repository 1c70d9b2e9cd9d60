import { notFound, readJson, validationError } from '../http.js'
import type { ApiEntity, ReleaseEntity } from '../state.js'
import { dropUndefined, propertiesOf, type Handler, type RequestContext } from './context.js'
import { API_ID, apiFromReference, checkName, splitApiId } from './names.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { filtered, sendPage } from './paging.js'

/** The API (all revisions) that `apiId` names; its revision part does not matter here. */
function rootApi(ctx: RequestContext, apiId: string): ApiEntity {
  const api = ctx.state.apis[splitApiId(apiId).root]
  if (!api) throw notFound('Api')
  return api
}

/**
 * ApiRevisionContract items as APIM writes them (recordings of 2019-12-01 and 2021-08-01:
 * azure-sdk-for-net Microsoft.Azure.Management.ApiManagement/tests/SessionRecords/ApiRevisionTests,
 * Azure.ResourceManager.ApiManagement/…/ApiCollectionTests/GetApiRevisionsByServiceTest.json,
 * Azure/azure-cli recordings/test_apim_api_revision.yaml): an `id` below the revision, `apiId` in
 * the short form, `description` null when the revision has none, and `privateUrl` the path, with
 * `;rev=N` for a non-current revision only; newest first.
 */
export const listRevisions: Handler = (ctx, { apiId }) => {
  const api = rootApi(ctx, apiId)
  const items = Object.values(api.revisions)
    .sort((a, b) => b.revision - a.revision)
    .map((r) => {
      const revisionId = `${api.name};rev=${r.revision}`
      const current = api.current === r.revision
      return {
        id: `/apis/${revisionId}/revisions/${revisionId}`,
        apiId: `/apis/${revisionId}`,
        apiRevision: String(r.revision),
        createdDateTime: r.createdDateTime,
        updatedDateTime: r.updatedDateTime,
        description: r.properties.apiRevisionDescription ?? null,
        privateUrl: `/${r.properties.path}${current ? '' : `;rev=${r.revision}`}`,
        isOnline: true,
        isCurrent: current
      }
    })
  sendPage(
    ctx,
    filtered(ctx, items, ['apiRevision'], (item, field) => item[field as keyof typeof item]),
    { nullNextLink: true }
  )
}

/**
 * A release names the API, not the revision it made current, and a listed release has no
 * `apiId` (examples ApiManagementCreateApiRelease, …GetApiRelease, …ListApiReleases; recordings
 * Azure/azure-cli test_apim_api_release.yaml at 2019-12-01, azure-sdk-assets
 * go/…/TestApimapisTestSuite.json at 2022-08-01).
 */
function releaseJson(
  ctx: RequestContext,
  api: ApiEntity,
  release: ReleaseEntity,
  listed = false
): unknown {
  return {
    id: `${ctx.servicePath}/apis/${api.name}/releases/${release.name}`,
    type: 'Microsoft.ApiManagement/service/apis/releases',
    name: release.name,
    properties: dropUndefined({
      apiId: listed ? undefined : `${ctx.servicePath}/apis/${api.name}`,
      createdDateTime: release.createdDateTime,
      updatedDateTime: release.updatedDateTime,
      notes: release.notes
    })
  }
}

export const listReleases: Handler = (ctx, { apiId }) => {
  const api = rootApi(ctx, apiId)
  sendPage(
    ctx,
    Object.values(api.releases).map((r) => releaseJson(ctx, api, r, true))
  )
}

/** The API and the release `releaseId` names (which may not exist yet). */
function releaseOf(ctx: RequestContext, apiId: string, releaseId: string) {
  const api = rootApi(ctx, apiId)
  checkName(releaseId, API_ID, 80, 'release')
  return { api, existing: api.releases[releaseId] as ReleaseEntity | undefined }
}

export const getRelease: Handler = (ctx, { apiId, releaseId }) => {
  const { api, existing } = releaseOf(ctx, apiId, releaseId)
  if (!existing) throw notFound('ApiRelease')
  sendEntity(ctx, 200, releaseJson(ctx, api, existing), existing.etag)
}

/** A release makes the revision its apiId names the current one. */
export const putRelease: Handler = async (ctx, { apiId, releaseId }) => {
  const { api, existing } = releaseOf(ctx, apiId, releaseId)
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('ApiRelease')
  checkIfMatch(ctx, existing?.etag, patching)
  const props = propertiesOf(await readJson(ctx.req))
  const target = apiFromReference(props.apiId ?? existing?.apiId)
  if (!target)
    throw validationError(
      "'apiId' is required: the revision to make current, e.g. /apis/name;rev=2.",
      'apiId'
    )
  const { root, rev } = splitApiId(target)
  if (root !== api.name)
    throw validationError(`The release's apiId must name a revision of '${api.name}'.`, 'apiId')
  const revision = api.revisions[String(rev ?? api.current)]
  if (!revision) throw notFound('Api')
  api.current = revision.revision
  const entity: ReleaseEntity = {
    name: releaseId,
    apiId: `${ctx.servicePath}/apis/${api.name};rev=${revision.revision}`,
    notes: typeof props.notes === 'string' ? props.notes : existing?.notes,
    ...ctx.store.stamp(existing)
  }
  storeEntity(ctx, api.releases, entity, existing, releaseJson(ctx, api, entity))
}

export const deleteRelease: Handler = (ctx, { apiId, releaseId }) => {
  const { api, existing } = releaseOf(ctx, apiId, releaseId)
  deleteEntity(ctx, existing, () => delete api.releases[releaseId])
}
