import { notFound, readJson, sendJson, validationError } from '../http.js'
import { checkOperationLimit } from '../import-rules.js'
import type { OperationEntity, ParameterContract, RevisionEntity } from '../state.js'
import { requireApi } from './api-model.js'
import { dropUndefined, propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkIfMatch, sendEntity } from './etag.js'
import { API_ID, checkName } from './names.js'
import { filtered, sendPage } from './paging.js'

// The operations of an API revision: those its import derived from the document and those
// written one by one. Contract: ApiOperation_* in stable/2022-08-01 and 2024-05-01
// apimapis.json (identical): PUT 201 created / 200 updated with the OperationContract and its
// ETag, If-Match optional; PATCH 200, If-Match required; DELETE 200 "API operation successfully
// removed", 204 "…removed by previous request or does not exist", If-Match required; HEAD 200
// with the ETag. Wire: Azure/azure-cli recordings/test_apim_api_operation.yaml (create 201 with
// `values: []` added to each template parameter and `request: {queryParameters: [], headers:
// [], representations: []}`, `responses: []`, `policies: null`; update 200 with a new ETag;
// delete 200 with no body; the list then empty).

const OPERATION_FILTER_FIELDS = ['name', 'displayName', 'method', 'description', 'urlTemplate']

/**
 * OperationContract, as ApiManagementCreateApiOperation and ApiManagementGetApiOperation show it.
 * Listed, `request` only when it has something (recordings: Azure/azure-cli
 * test_apim_api_operation.yaml at 2021-08-01 lists an operation written with no request without
 * the key; azure-sdk-assets go/…/TestApimapisTestSuite.json at 2022-08-01 lists `listPets` with
 * its query parameter and the others without; ApiManagementListApiOperations has none).
 */
function operationJson(
  ctx: RequestContext,
  apiId: string,
  op: OperationEntity,
  listed = false
): unknown {
  const request = dropUndefined({
    description: op.requestDescription,
    queryParameters: op.queryParameters,
    headers: op.requestHeaders ?? [],
    representations: op.representations ?? []
  })
  const empty = Object.values(request).every((v) => Array.isArray(v) && v.length === 0)
  return {
    id: `${ctx.servicePath}/apis/${apiId}/operations/${op.name}`,
    type: 'Microsoft.ApiManagement/service/apis/operations',
    name: op.name,
    properties: dropUndefined({
      displayName: op.displayName,
      method: op.method,
      urlTemplate: op.urlTemplate,
      templateParameters: op.templateParameters,
      description: op.description,
      request: listed && empty ? undefined : request,
      responses: op.responses ?? [],
      policies: op.policies ?? null
    })
  }
}

/** The revision `apiId` names and the operation `operationId` names in it, if there is one. */
function operationOf(ctx: RequestContext, apiId: string, operationId: string) {
  checkName(operationId, API_ID, 80, 'operation')
  const { api, revision } = requireApi(ctx, apiId)
  const index = revision.operations.findIndex((o) => o.name === operationId)
  return { api, revision, index, op: index >= 0 ? revision.operations[index] : undefined }
}

const etagOf = (revision: RevisionEntity, op: OperationEntity) => op.etag ?? revision.etag

export const listApiOperations: Handler = (ctx, { apiId }) => {
  const { revision } = requireApi(ctx, apiId)
  const ops = filtered(ctx, revision.operations, OPERATION_FILTER_FIELDS, (op, field) =>
    field === 'name' ? op.name : op[field as keyof OperationEntity]
  )
  sendPage(
    ctx,
    ops.map((op) => operationJson(ctx, apiId, op, true))
  )
}

export const getApiOperation: Handler = (ctx, { apiId, operationId }) => {
  const { revision, op } = operationOf(ctx, apiId, operationId)
  if (!op) throw notFound('Operation')
  sendEntity(ctx, 200, operationJson(ctx, apiId, op), etagOf(revision, op))
}

/** PUT (create or replace) and PATCH (change what the body gives) of one operation. */
export const putApiOperation: Handler = async (ctx, { apiId, operationId }) => {
  const { api, revision, index, op: existing } = operationOf(ctx, apiId, operationId)
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('Operation')
  checkIfMatch(ctx, existing && etagOf(revision, existing), patching)
  const given = operationFields(propertiesOf(await readJson(ctx.req)))
  const merged = { ...(patching ? existing : {}), ...given }
  const op: OperationEntity = dropUndefined({
    ...merged,
    name: operationId,
    templateParameters: merged.templateParameters ?? [],
    queryParameters: merged.queryParameters ?? [],
    etag: ctx.store.stamp().etag
  }) as OperationEntity
  checkOperation(op)
  const count = revision.operations.length + (existing ? 0 : 1)
  checkOperationLimit(ctx.state, ctx.state.sku.name, api.name, revision.revision, count)
  if (existing) revision.operations[index] = op
  else revision.operations.push(op)
  ctx.store.save()
  sendEntity(ctx, existing ? 200 : 201, operationJson(ctx, apiId, op), op.etag!)
}

export const deleteApiOperation: Handler = (ctx, { apiId, operationId }) => {
  const { revision, index, op } = operationOf(ctx, apiId, operationId)
  checkIfMatch(ctx, op && etagOf(revision, op), true)
  if (!op) return sendJson(ctx.res, 204, undefined)
  revision.operations.splice(index, 1)
  ctx.store.save()
  sendJson(ctx.res, 200, undefined)
}

/** The OperationContractProperties a body gives, in the entity's form. */
function operationFields(props: Record<string, unknown>): Partial<OperationEntity> {
  const request = isObject(props.request) ? props.request : undefined
  return dropUndefined({
    displayName: props.displayName as string | undefined,
    method: props.method as string | undefined,
    urlTemplate: props.urlTemplate as string | undefined,
    description: props.description as string | undefined,
    policies: props.policies as string | undefined,
    templateParameters: parameters(props.templateParameters, 'templateParameters'),
    responses: objects(props.responses, 'responses'),
    ...(request
      ? {
          requestDescription: request.description as string | undefined,
          queryParameters: parameters(request.queryParameters, 'request.queryParameters'),
          requestHeaders: parameters(request.headers, 'request.headers'),
          representations: objects(request.representations, 'request.representations')
        }
      : {})
  }) as Partial<OperationEntity>
}

/**
 * OperationContractProperties: displayName 1–300, method and urlTemplate (1–1000) required,
 * description ≤ 1000; and the template's parameters and templateParameters name the same set,
 * refused in APIM's words (Azure/azure-sdk-for-net#35802: "All template parameters used in the
 * UriTemplate must be defined in the Operation 'OperationName', and vice-versa.").
 */
function checkOperation(op: OperationEntity): void {
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.length >= 1 && value.length <= max
  if (!text(op.displayName, 300))
    throw validationError("'displayName' is required: 1 to 300 characters.", 'displayName')
  if (!text(op.method, 1000)) throw validationError("'method' is required.", 'method')
  if (!text(op.urlTemplate, 1000))
    throw validationError("'urlTemplate' is required: 1 to 1000 characters.", 'urlTemplate')
  if (
    op.description !== undefined &&
    (typeof op.description !== 'string' || op.description.length > 1000)
  )
    throw validationError("'description' is at most 1000 characters.", 'description')
  const inTemplate = [...op.urlTemplate.matchAll(/\{\*?([^{}]+)\}/g)].map((m) => m[1])
  const declared = op.templateParameters.map((p) => p.name)
  const same =
    inTemplate.every((name) => declared.includes(name)) &&
    declared.every((name) => inTemplate.includes(name))
  if (!same) {
    throw validationError(
      `All template parameters used in the UriTemplate must be defined in the Operation '${op.displayName}', and vice-versa.`,
      ''
    )
  }
}

/** ParameterContracts (`name` and `type` required); `values: []` when not given, as APIM echoes them. */
function parameters(value: unknown, field: string): ParameterContract[] | undefined {
  return objects(value, field)?.map((p, i) => {
    if (typeof p.name !== 'string' || typeof p.type !== 'string')
      throw validationError(`'${field}[${i}]' needs a name and a type.`, field)
    return {
      ...p,
      name: p.name,
      type: p.type,
      required: p.required === true,
      values: p.values ?? []
    }
  })
}

function objects(value: unknown, field: string): Record<string, unknown>[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || !value.every(isObject))
    throw validationError(`'${field}' must be an array of objects.`, field)
  return value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
