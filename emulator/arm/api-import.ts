import { ArmError, notFound, readJson, validationError } from '../http.js'
import { checkOperationLimit } from '../import-rules.js'
import { importDocument } from '../importer.js'
import type { ApiEntity, ApiProperties, RevisionEntity } from '../state.js'
import {
  apiJson,
  apiProperties,
  checkApiRules,
  checkNonCurrent,
  currentRevision,
  shareWithOtherRevisions,
  resolveApi
} from './api-model.js'
import { propertiesOf, type Handler } from './context.js'
import { API_ID, apiFromReference, checkName, splitApiId, versionSetName } from './names.js'
import { checkIfMatch, sendEntity } from './etag.js'
import { injectedFailure } from './long-running.js'

const DEFAULT_KEY_NAMES = { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' }

/**
 * PUT of an API or a revision (`name;rev=N`): creates or updates it and, with `format` and
 * `value`, imports the document, as a long-running operation whose outcome is on the poll
 * (long-running.ts has the answer styles). In the location style (contracts before
 * 2023-05-01-preview) a PUT without a document is done at once: 201/200 with the API and no
 * long-running headers (Azure/azure-cli recordings/test_apim_api.yaml, api-version 2019-12-01:
 * `apim api create`, a clone and a `;rev=2` from sourceApiId each answer 201 with the body); in
 * the async-operation style every PUT answers InProgress with both headers, as the 2024-05-01
 * examples do for a plain create too (ApiManagementCreateApi, …CreateApiClone).
 */
export const putApi: Handler = async (ctx, { apiId: id }) => {
  checkName(id, API_ID, 256, 'API')
  const { root, rev } = splitApiId(id)
  const body = propertiesOf(await readJson(ctx.req))
  const api = ctx.state.apis[root]
  const revisionNumber = rev ?? api?.current ?? 1
  const existing = api?.revisions[String(revisionNumber)]
  checkIfMatch(ctx, existing?.etag, false)
  const immediate = ctx.lroStyle === 'location' && body.format === undefined

  if (body.apiRevision !== undefined && String(body.apiRevision) !== String(revisionNumber)) {
    throw validationError(
      `apiRevision '${String(body.apiRevision)}' does not match the revision in the name (${revisionNumber}).`,
      'apiRevision'
    )
  }
  // A new revision starts as a copy of its source (sourceApiId) or of the current revision.
  let base: RevisionEntity | undefined = existing
  if (!existing && body.sourceApiId !== undefined) {
    const sourceId = apiFromReference(body.sourceApiId)
    base = sourceId ? resolveApi(ctx.state, sourceId)?.revision : undefined
    if (!base) throw notFound('Api')
  } else if (!existing && api) {
    base = currentRevision(api)
  }
  const update = apiProperties(body)
  checkNonCurrent(api, revisionNumber, update)
  const properties: ApiProperties = {
    protocols: ['https'],
    subscriptionRequired: true,
    subscriptionKeyParameterNames: { ...DEFAULT_KEY_NAMES },
    type: 'http',
    displayName: root,
    ...(base ? structuredClone(base.properties) : {}),
    ...update
  } as ApiProperties
  if (typeof properties.path !== 'string') throw validationError("'path' is required.", 'path')
  if (properties.subscriptionKeyParameterNames) {
    properties.subscriptionKeyParameterNames = {
      ...DEFAULT_KEY_NAMES,
      ...properties.subscriptionKeyParameterNames
    }
  }
  if (properties.apiVersionSetId) {
    const setName = versionSetName(properties.apiVersionSetId)
    properties.apiVersionSetId = setName ? `/apiVersionSets/${setName}` : properties.apiVersionSetId
  }
  checkApiRules(ctx.state, root, properties)

  // The document and the tier's operation limit are checked as part of the long-running
  // operation, as APIM does (Azure/apiops#670: the refusal arrives on the poll); a write done
  // at once refuses on the PUT itself.
  let failure = immediate ? undefined : injectedFailure(ctx)
  let operations = base ? structuredClone(base.operations) : []
  if (!failure) {
    try {
      if (body.format !== undefined) {
        const translate = body.translateRequiredQueryParameters === 'query' ? 'query' : 'template'
        const imported = importDocument(String(body.format), String(body.value ?? ''), translate)
        operations = imported.operations
        if (update.displayName === undefined && !base && imported.title)
          properties.displayName = imported.title
        // The document fills what the request leaves out (S24-ex:
        // ApiManagementCreateApiUsingOai3Import: displayName and serviceUrl from the spec).
        if (update.serviceUrl === undefined && !properties.serviceUrl && imported.serviceUrl)
          properties.serviceUrl = imported.serviceUrl
        if (update.description === undefined && !properties.description && imported.description)
          properties.description = imported.description
      }
      checkOperationLimit(ctx.state, ctx.state.sku.name, root, revisionNumber, operations.length)
    } catch (err) {
      if (!(err instanceof ArmError) || immediate) throw err
      failure = { code: err.code, message: err.details[0]?.message ?? err.message }
    }
  }
  const revision: RevisionEntity = {
    revision: revisionNumber,
    properties,
    operations,
    policy: existing?.policy ?? (base ? structuredClone(base.policy) : undefined),
    ...ctx.store.stamp(existing)
  }
  const newApi = (): ApiEntity => ({
    name: root,
    current: revisionNumber,
    revisions: {},
    releases: {},
    tags: []
  })
  if (!failure) {
    const entity = api ?? newApi()
    entity.revisions[String(revisionNumber)] = revision
    // What revisions share (path, display name, description) follows a PUT of the current one
    // as it follows a PATCH: one API, one path (see shareWithOtherRevisions).
    if (existing) shareWithOtherRevisions(ctx, entity, revision, update)
    ctx.state.apis[root] = entity
    ctx.store.save()
  }
  const code = existing ? 200 : 201
  // Created from sourceApiId, the answer carries the version set expanded (S24-ex:
  // ApiManagementCreateApiNewVersionUsingExistingApi).
  const expand = !existing && body.sourceApiId !== undefined
  const view = apiJson(ctx, ctx.state.apis[root] ?? newApi(), revision, id, expand)
  if (immediate) return sendEntity(ctx, code, view, revision.etag)
  ctx.operations.accept(ctx, {
    resourcePath: `${ctx.servicePath}/apis/${encodeURIComponent(id)}`,
    code,
    failure,
    view,
    etag: revision.etag
  })
}
