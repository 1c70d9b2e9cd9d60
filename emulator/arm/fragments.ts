import { ArmError, notFound, readJson, validationError } from '../http.js'
import { checkFragment, fragmentIds, fragmentInner, type PolicyRefs } from '../policy.js'
import { checkElements } from '../policy-check.js'
import type { FragmentEntity } from '../state.js'
import { dropUndefined, propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkName, FRAGMENT_ID } from './names.js'
import { checkIfMatch, deleteEntity, sendEntity } from './etag.js'
import { injectedFailure, type OperationFailure } from './long-running.js'
import { sendCollection } from './paging.js'
import { policyRefs } from './policies.js'

function fragmentJson(
  ctx: RequestContext,
  f: FragmentEntity,
  format: string
): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/policyFragments/${f.name}`,
    type: 'Microsoft.ApiManagement/service/policyFragments',
    name: f.name,
    properties: dropUndefined({
      format,
      description: f.description,
      value: format === 'rawxml' ? f.value : fragmentInner(f.value),
      provisioningState: 'Succeeded'
    })
  }
}

export const listFragments: Handler = (ctx) =>
  sendCollection(ctx, ctx.state.fragments, (ctx, f) => fragmentJson(ctx, f, 'xml'))

export const getFragment: Handler = (ctx, { fragmentId: name }) => {
  checkName(name, FRAGMENT_ID, 80, 'policy fragment')
  const status = ctx.operations.pollStatus(ctx)
  if (status === 'answered') return
  const existing = ctx.state.fragments[name]
  if (!existing) throw notFound('PolicyFragment')
  const format = ctx.url.searchParams.get('format') ?? 'xml'
  sendEntity(ctx, status, fragmentJson(ctx, existing, format), existing.etag)
}

/**
 * A fragment write is a long-running operation in APIM (InProgress, then Succeeded): 202 with
 * Location in the contracts before 2023-05-01-preview (stable/2022-08-01/apimpolicyfragments.json:
 * "202 … Location header contains the URL…"), 201/200 with both headers from then on (2024-05-01
 * example ApiManagementCreatePolicyFragment).
 */
export const putFragment: Handler = async (ctx, { fragmentId: name }) => {
  checkName(name, FRAGMENT_ID, 80, 'policy fragment')
  const existing = ctx.state.fragments[name]
  checkIfMatch(ctx, existing?.etag, false)
  const props = propertiesOf(await readJson(ctx.req))
  const format = typeof props.format === 'string' ? props.format : 'xml'
  if (format !== 'xml' && format !== 'rawxml')
    throw validationError(`Fragment format '${format}' must be xml or rawxml.`, 'format')
  if (typeof props.value !== 'string') throw validationError("'value' is required.", 'value')
  if (typeof props.description === 'string' && props.description.length > 1000) {
    throw validationError('The description is longer than 1000 characters.', 'description')
  }
  checkFragment(props.value)
  // The references (backends, named values) and the tier are checked by the long-running
  // operation: a fragment routing to a missing backend fails as "The Azure operation did not
  // succeed (Failed). ValidationError: … Error in element 'set-backend-service' …" (a publish
  // run's report of APIM's answer).
  const failure = injectedFailure(ctx) ?? referenceFailure(props.value, policyRefs(ctx))
  const entity: FragmentEntity = {
    name,
    format,
    description: typeof props.description === 'string' ? props.description : existing?.description,
    value: props.value.trim(),
    ...ctx.store.stamp(existing)
  }
  if (!failure) {
    ctx.state.fragments[name] = entity
    ctx.store.save()
  }
  ctx.operations.accept(ctx, {
    resourcePath: `${ctx.servicePath}/policyFragments/${name}`,
    code: existing ? 200 : 201,
    failure,
    view: fragmentJson(ctx, entity, 'xml'),
    etag: entity.etag
  })
}

function referenceFailure(xml: string, refs: PolicyRefs): OperationFailure | undefined {
  try {
    checkElements(xml, refs)
    return undefined
  } catch (err) {
    if (!(err instanceof ArmError)) throw err
    return { code: err.code, message: err.message, details: err.details }
  }
}

export const deleteFragment: Handler = (ctx, { fragmentId: name }) => {
  checkName(name, FRAGMENT_ID, 80, 'policy fragment')
  const existing = ctx.state.fragments[name]
  deleteEntity(ctx, existing, () => {
    const user = Object.values(ctx.state.apis).find((api) =>
      Object.values(api.revisions).some(
        (r) => r.policy && fragmentIds(r.policy.value).includes(name)
      )
    )
    if (user)
      throw validationError(
        `The policy fragment '${name}' is referenced by the policy of API '${user.name}'; remove the reference first.`
      )
    delete ctx.state.fragments[name]
  })
}
