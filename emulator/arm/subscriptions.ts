import { notFound, readJson, sendJson, validationError } from '../http.js'
import type { SubscriptionEntity, SubscriptionState } from '../state.js'
import { dropUndefined, propertiesOf, type Handler, type RequestContext } from './context.js'
import { recordedContract } from './api-model.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { API_ID, checkName } from './names.js'
import { filtered, sendPage } from './paging.js'
import { newSubscriptionKey, parseScope, productOfScope, scopeId } from './subscription-model.js'

const STATES: SubscriptionState[] = [
  'suspended',
  'active',
  'expired',
  'submitted',
  'rejected',
  'cancelled'
]
const FILTER_FIELDS = [
  'name',
  'displayName',
  'stateComment',
  'ownerId',
  'scope',
  'userId',
  'productId'
]

/**
 * SubscriptionContract as APIM writes it (Azure/azure-cli recordings/test_apim_Subscription.yaml
 * at 2021-08-01; azure-sdk-assets go/…/TestApimsubscriptionsTestSuite.json at 2022-08-01): scope
 * and ownerId as full ids (no ownerId when it has none), `createdDate`, the dates, displayName
 * and stateComment null when unset, allowTracing only when set. The keys only in the answer to a
 * PUT or PATCH ("This property will not be filled on 'GET' operations! Use '/listSecrets' POST
 * request to get the value.").
 */
function subscriptionJson(
  ctx: RequestContext,
  s: SubscriptionEntity,
  withKeys = false
): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/subscriptions/${s.name}`,
    type: 'Microsoft.ApiManagement/service/subscriptions',
    name: s.name,
    properties: dropUndefined({
      ownerId: s.ownerId,
      scope: scopeId(ctx.servicePath, s.scope),
      displayName: s.displayName ?? null,
      state: s.state,
      createdDate: s.createdDateTime,
      startDate: s.startDate ?? null,
      expirationDate: s.expirationDate ?? null,
      endDate: s.endDate ?? null,
      notificationDate: s.notificationDate ?? null,
      primaryKey: withKeys ? s.primaryKey : undefined,
      secondaryKey: withKeys ? s.secondaryKey : undefined,
      stateComment: s.stateComment ?? null,
      allowTracing: s.allowTracing
    })
  }
}

function requireSubscription(ctx: RequestContext, sid: string): SubscriptionEntity {
  checkName(sid, API_ID, 256, 'subscription')
  const existing = ctx.state.subscriptions[sid]
  if (!existing) throw notFound('Subscription')
  return existing
}

export const listSubscriptions: Handler = (ctx) => {
  const items = Object.values(ctx.state.subscriptions)
  const valueOf = (s: SubscriptionEntity, field: string): unknown => {
    if (field === 'productId') return productOfScope(s.scope)
    if (field === 'userId') return s.ownerId?.split('/').pop()
    if (field === 'scope') return scopeId(ctx.servicePath, s.scope)
    return s[field as keyof SubscriptionEntity]
  }
  sendPage(
    ctx,
    filtered(ctx, items, FILTER_FIELDS, valueOf).map((s) => subscriptionJson(ctx, s))
  )
}

export const getSubscription: Handler = (ctx, { sid }) => {
  const existing = requireSubscription(ctx, sid)
  sendEntity(ctx, 200, subscriptionJson(ctx, existing), existing.etag)
}

/**
 * PUT creates or updates (`scope` and `displayName` required, SubscriptionCreateParameterProperties);
 * PATCH updates (If-Match required). A new subscription without `state` is `submitted` (active
 * when ownerless, up to the recorded contracts); keys not given are generated.
 */
export const putSubscription: Handler = async (ctx, { sid: name }) => {
  checkName(name, API_ID, 256, 'subscription')
  const existing = ctx.state.subscriptions[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('Subscription')
  checkIfMatch(ctx, existing?.etag, patching)
  const props = propertiesOf(await readJson(ctx.req))
  if (!patching) {
    if (props.scope === undefined) throw validationError("'scope' is required.", 'scope')
    if (typeof props.displayName !== 'string' || props.displayName.length < 1)
      throw validationError("'displayName' is required (1 to 100 characters).", 'displayName')
  }
  const scope =
    props.scope === undefined
      ? existing!.scope
      : parseScope(ctx.state, ctx.servicePath, props.scope)
  // Without a state: `submitted` ("If no value is specified, subscription is created with
  // Submitted state", SubscriptionCreateParameterProperties), but up to the recorded contracts
  // one without an owner was created active, with no startDate (Azure/azure-cli
  // recordings/test_apim_Subscription.yaml, 2021-08-01).
  const ownerless = !existing && props.ownerId == null && recordedContract(ctx)
  const state = props.state ?? existing?.state ?? (ownerless ? 'active' : 'submitted')
  if (!STATES.includes(state as SubscriptionState))
    throw validationError(`'state' must be one of ${STATES.join(', ')}.`, 'state')
  const entity: SubscriptionEntity = dropUndefined({
    ...existing,
    name,
    scope,
    state: state as SubscriptionState,
    displayName: text(props, 'displayName', 100) ?? existing?.displayName,
    ownerId: text(props, 'ownerId') ?? existing?.ownerId,
    primaryKey: key(props, 'primaryKey') ?? existing?.primaryKey ?? newSubscriptionKey(),
    secondaryKey: key(props, 'secondaryKey') ?? existing?.secondaryKey ?? newSubscriptionKey(),
    allowTracing: flag(props, 'allowTracing') ?? existing?.allowTracing,
    stateComment: text(props, 'stateComment') ?? existing?.stateComment,
    expirationDate: text(props, 'expirationDate') ?? existing?.expirationDate,
    ...ctx.store.stamp(existing)
  })
  if (entity.state === 'active' && existing?.state !== 'active' && props.state !== undefined)
    entity.startDate = entity.updatedDateTime
  storeEntity(ctx, ctx.state.subscriptions, entity, existing, subscriptionJson(ctx, entity, true))
}

function text(props: Record<string, unknown>, name: string, max = Infinity): string | undefined {
  const value = props[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length > max)
    throw validationError(`'${name}' must be a string of at most ${max} characters.`, name)
  return value
}

/** primaryKey, secondaryKey: 1 to 256 characters (SubscriptionCreateParameterProperties). */
function key(props: Record<string, unknown>, name: string): string | undefined {
  const value = props[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length < 1 || value.length > 256)
    throw validationError(`'${name}' must be 1 to 256 characters long.`, name)
  return value
}

function flag(props: Record<string, unknown>, name: string): boolean | undefined {
  const value = props[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw validationError(`'${name}' must be true or false.`, name)
  return value
}

export const deleteSubscription: Handler = (ctx, { sid: name }) => {
  checkName(name, API_ID, 256, 'subscription')
  const existing = ctx.state.subscriptions[name]
  deleteEntity(ctx, existing, () => delete ctx.state.subscriptions[name])
}

/** POST listSecrets: `{primaryKey, secondaryKey}` with the ETag (ApiManagementSubscriptionListSecrets). */
export const listSubscriptionSecrets: Handler = (ctx, { sid }) => {
  const existing = requireSubscription(ctx, sid)
  sendJson(
    ctx.res,
    200,
    { primaryKey: existing.primaryKey, secondaryKey: existing.secondaryKey },
    { etag: existing.etag }
  )
}

/** POST regeneratePrimaryKey / regenerateSecondaryKey: a new key, 204. */
function regenerate(which: 'primaryKey' | 'secondaryKey'): Handler {
  return (ctx, { sid }) => {
    const existing = requireSubscription(ctx, sid)
    Object.assign(existing, { [which]: newSubscriptionKey() }, ctx.store.stamp(existing))
    ctx.store.save()
    sendJson(ctx.res, 204, undefined)
  }
}

export const regeneratePrimaryKey = regenerate('primaryKey')
export const regenerateSecondaryKey = regenerate('secondaryKey')
