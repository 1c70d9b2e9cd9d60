import { notFound, readJson, sendJson, validationError } from '../http.js'
import { checkPolicy, type PolicyRefs } from '../policy.js'
import { requireApi, type FoundApi } from './api-model.js'
import { propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkIfMatch, deleteEntity, sendEntity } from './etag.js'

/** An API's one policy (its id is always `policy`), or undefined when it has none. */
function policyJson(ctx: RequestContext, apiId: string, found: FoundApi, format: string) {
  const policy = found.revision.policy
  return policy
    ? {
        id: `${ctx.servicePath}/apis/${apiId}/policies/policy`,
        type: 'Microsoft.ApiManagement/service/apis/policies',
        name: 'policy',
        properties: { format, value: policy.value }
      }
    : undefined
}

export const listPolicies: Handler = (ctx, { apiId }) => {
  const item = policyJson(ctx, apiId, requireApi(ctx, apiId), 'xml')
  sendJson(ctx.res, 200, { value: item ? [item] : [], count: item ? 1 : 0, nextLink: null })
}

function apiWithPolicyId(ctx: RequestContext, apiId: string, policyId: string): FoundApi {
  const found = requireApi(ctx, apiId)
  if (policyId !== 'policy')
    throw validationError(`Policy id must be 'policy', not '${policyId}'.`, 'policyId')
  return found
}

export const getPolicy: Handler = (ctx, { apiId, policyId }) => {
  const found = apiWithPolicyId(ctx, apiId, policyId)
  const existing = found.revision.policy
  if (!existing) throw notFound('Policy')
  const format = ctx.url.searchParams.get('format') ?? 'xml'
  sendEntity(ctx, 200, policyJson(ctx, apiId, found, format), existing.etag)
}

export const putPolicy: Handler = async (ctx, { apiId, policyId }) => {
  const found = apiWithPolicyId(ctx, apiId, policyId)
  const existing = found.revision.policy
  checkIfMatch(ctx, existing?.etag, false)
  const props = propertiesOf(await readJson(ctx.req))
  const format = typeof props.format === 'string' ? props.format : 'xml'
  if (format !== 'xml' && format !== 'rawxml') {
    throw validationError(
      `Policy format '${format}' is not supported by the emulator; use xml or rawxml.`,
      'format'
    )
  }
  if (typeof props.value !== 'string' || !props.value.trim())
    throw validationError("'value' is required.", 'value')
  checkPolicy(props.value, policyRefs(ctx))
  found.revision.policy = { format, value: props.value, ...ctx.store.stamp(existing) }
  ctx.store.save()
  sendEntity(
    ctx,
    existing ? 200 : 201,
    policyJson(ctx, apiId, found, format),
    found.revision.policy.etag
  )
}

/** What a policy or fragment saved now may refer to: this service's entities and tier. */
export function policyRefs(ctx: RequestContext): PolicyRefs {
  const { fragments, backends, namedValues, sku } = ctx.state
  return {
    fragmentExists: (id) => id in fragments,
    backendExists: (id) => id in backends,
    namedValue: (name) => Object.values(namedValues).find((nv) => nv.displayName === name)?.value,
    sku: sku.name
  }
}

export const deletePolicy: Handler = (ctx, { apiId, policyId }) => {
  const found = apiWithPolicyId(ctx, apiId, policyId)
  const existing = found.revision.policy
  deleteEntity(ctx, existing, () => delete found.revision.policy)
}
