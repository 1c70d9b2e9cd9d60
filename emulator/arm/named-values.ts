import { ArmError, notFound, readJson, sendJson, validationError } from '../http.js'
import { namedValueRefs } from '../policy-check.js'
import type { NamedValueEntity, ServiceState } from '../state.js'
import { dropUndefined, propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkIfMatch, deleteEntity, sendEntity } from './etag.js'
import { injectedFailure, type OperationFailure } from './long-running.js'
import { API_ID, checkName } from './names.js'
import { filtered, sendPage } from './paging.js'

/** NamedValueCreateContractProperties.displayName: 1 to 256 of letters, digits, `-._`. */
const DISPLAY_NAME = /^[A-Za-z0-9-._]+$/

/** NamedValueContract; a secret's value is never shown ("use '/listSecrets'", i.e. listValue). */
function namedValueJson(ctx: RequestContext, nv: NamedValueEntity): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/namedValues/${nv.name}`,
    type: 'Microsoft.ApiManagement/service/namedValues',
    name: nv.name,
    properties: dropUndefined({
      displayName: nv.displayName,
      value: nv.secret ? undefined : nv.value,
      tags: nv.tags,
      secret: nv.secret
    })
  }
}

function requireNamedValue(ctx: RequestContext, id: string): NamedValueEntity {
  checkName(id, API_ID, 256, 'named value')
  const existing = ctx.state.namedValues[id]
  if (!existing) throw notFound('NamedValue')
  return existing
}

export const listNamedValues: Handler = (ctx) =>
  sendPage(
    ctx,
    filtered(ctx, Object.values(ctx.state.namedValues), ['name', 'displayName'], (nv, field) =>
      field === 'name' ? nv.name : nv.displayName
    ).map((nv) => namedValueJson(ctx, nv))
  )

export const getNamedValue: Handler = (ctx, { namedValueId }) => {
  checkName(namedValueId, API_ID, 256, 'named value')
  const status = ctx.operations.pollStatus(ctx)
  if (status === 'answered') return
  const existing = requireNamedValue(ctx, namedValueId)
  sendEntity(ctx, status, namedValueJson(ctx, existing), existing.etag)
}

/**
 * PUT and PATCH are long-running in the contract (final-state-via location): PUT answers 201/200
 * with `provisioningState: InProgress` and the LRO headers (ApiManagementCreateNamedValue), PATCH
 * 202 with the headers only (ApiManagementUpdateNamedValue); before 2023-05-01-preview both answer
 * 202 with only Location (stable/2022-08-01/apimnamedvalues.json: "202: Request to create or
 * update named value was accepted."). A display name another named value
 * has fails the operation as APIM does (Azure/apiops#837).
 */
export const putNamedValue: Handler = async (ctx, { namedValueId: name }) => {
  checkName(name, API_ID, 256, 'named value')
  const existing = ctx.state.namedValues[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('NamedValue')
  checkIfMatch(ctx, existing?.etag, patching)
  const props = propertiesOf(await readJson(ctx.req))
  if (props.keyVault !== undefined && props.keyVault !== null) {
    throw validationError(
      'Key Vault named values are not emulated: give the value itself.',
      'keyVault'
    )
  }
  const entity: NamedValueEntity = dropUndefined({
    name,
    displayName: (props.displayName ?? existing?.displayName) as string,
    value: (props.value ?? existing?.value) as string,
    secret: (props.secret ?? existing?.secret ?? false) as boolean,
    tags: (props.tags ?? existing?.tags) as string[] | undefined,
    ...ctx.store.stamp(existing)
  })
  validateNamedValue(entity)
  const failure = injectedFailure(ctx) ?? duplicateName(ctx.state, entity)
  if (!failure) {
    ctx.state.namedValues[name] = entity
    ctx.store.save()
  }
  ctx.operations.accept(ctx, {
    resourcePath: `${ctx.servicePath}/namedValues/${name}`,
    code: existing ? 200 : 201,
    failure,
    view: patching ? undefined : namedValueJson(ctx, entity),
    etag: entity.etag
  })
}

function validateNamedValue(nv: NamedValueEntity): void {
  const d = nv.displayName
  if (typeof d !== 'string' || d.length < 1 || d.length > 256 || !DISPLAY_NAME.test(d)) {
    throw validationError(
      "'displayName' is required: 1 to 256 letters, digits, periods, dashes and underscores.",
      'displayName'
    )
  }
  // "It may not be empty or consist only of whitespace" (NamedValueContractProperties.value).
  if (typeof nv.value !== 'string' || !nv.value.trim() || nv.value.length > 4096)
    throw validationError(
      "'value' is required: 1 to 4096 characters, not only whitespace.",
      'value'
    )
  if (typeof nv.secret !== 'boolean')
    throw validationError("'secret' must be true or false.", 'secret')
  if (
    nv.tags !== undefined &&
    (!Array.isArray(nv.tags) || nv.tags.length > 32 || nv.tags.some((t) => typeof t !== 'string'))
  )
    throw validationError("'tags' must be at most 32 strings.", 'tags')
}

function duplicateName(state: ServiceState, nv: NamedValueEntity): OperationFailure | undefined {
  const taken = Object.values(state.namedValues).some(
    (other) => other.name !== nv.name && other.displayName === nv.displayName
  )
  if (!taken) return undefined
  return {
    code: 'ValidationError',
    message: 'One or more fields contain incorrect values:',
    details: [
      {
        code: 'ValidationError',
        target: 'name',
        message: 'Property with the same name already exist.'
      }
    ]
  }
}

/**
 * DELETE (If-Match required). A named value a policy or fragment uses cannot be deleted
 * (Azure/apiops#326); the wording is modelled on APIM's for fragments (Azure/apiops-cli#261).
 */
export const deleteNamedValue: Handler = (ctx, { namedValueId: name }) => {
  checkName(name, API_ID, 256, 'named value')
  const existing = ctx.state.namedValues[name]
  deleteEntity(ctx, existing, () => {
    const users = usersOf(ctx, existing!.displayName)
    if (users.length > 0) {
      throw new ArmError(
        400,
        'ValidationError',
        `The Named Value '${existing!.displayName}' is used by the following entities:\r\n${users.join('\r\n')}\r\n`
      )
    }
    delete ctx.state.namedValues[name]
  })
}

function usersOf(ctx: RequestContext, displayName: string): string[] {
  const users: string[] = []
  for (const api of Object.values(ctx.state.apis)) {
    for (const r of Object.values(api.revisions)) {
      if (r.policy && namedValueRefs(r.policy.value).some((ref) => ref.name === displayName)) {
        const id = api.current === r.revision ? api.name : `${api.name};rev=${r.revision}`
        users.push(`/apis/${id}/policies/policy`)
      }
    }
  }
  for (const f of Object.values(ctx.state.fragments)) {
    if (namedValueRefs(f.value).some((ref) => ref.name === displayName))
      users.push(`/policyFragments/${f.name}`)
  }
  return users
}

/** POST listValue: `{value}` with the ETag, secrets included (ApiManagementNamedValueListValue). */
export const listNamedValueValue: Handler = (ctx, { namedValueId }) => {
  const existing = requireNamedValue(ctx, namedValueId)
  sendJson(ctx.res, 200, { value: existing.value }, { etag: existing.etag })
}
