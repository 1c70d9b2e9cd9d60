import { randomBytes } from 'node:crypto'
import { ArmError, notFound, readJson, sendJson, validationError } from '../http.js'
import type { ApiEntity, ProductEntity, ServiceState } from '../state.js'
import { apiJson, currentRevision, recordedContract } from './api-model.js'
import { dropUndefined, pick, propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { API_ID, checkName, splitApiId } from './names.js'
import { filtered, sendPage } from './paging.js'
import { newSubscriptionKey, productOfScope } from './subscription-model.js'

/** ProductIdParameter: 1 to 256 characters, no pattern (2024-05-01 apimanagement.json). */
const PRODUCT_ID = /^[^/]+$/
const PRODUCT_FILTER_FIELDS = ['name', 'displayName', 'description', 'terms', 'state']
const API_FILTER_FIELDS = ['name', 'displayName', 'description', 'serviceUrl', 'path']

/**
 * ProductContract with every property, an unset one null (azure-sdk-assets
 * go/…/TestApimproductsTestSuite.json, 2022-08-01). approvalRequired only means something with
 * subscriptionRequired: ApiManagementListProducts keeps `subscriptionRequired: false` and leaves
 * approvalRequired out (its examples leave nulls out). A PUT that creates the product answers
 * with the groups it is in (the built-in Administrators), a PATCH with `groups: []` (same
 * recording).
 */
function productJson(
  ctx: RequestContext,
  p: ProductEntity,
  groups?: 'created' | 'patched'
): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/products/${p.name}`,
    type: 'Microsoft.ApiManagement/service/products',
    name: p.name,
    properties: dropUndefined({
      displayName: p.displayName,
      description: p.description ?? null,
      terms: p.terms ?? null,
      subscriptionRequired: p.subscriptionRequired,
      approvalRequired: p.subscriptionRequired ? (p.approvalRequired ?? false) : null,
      subscriptionsLimit: p.subscriptionsLimit ?? null,
      state: p.state,
      groups: groups === undefined ? undefined : groups === 'created' ? [administrators(ctx)] : []
    })
  }
}

/** The built-in group every product starts in, as the recording above shows it. */
function administrators(ctx: RequestContext): Record<string, unknown> {
  return {
    id: `${ctx.servicePath}/groups/administrators`,
    name: 'Administrators',
    description:
      'Administrators is a built-in group containing the admin email account provided at the time of service creation. Its membership is managed by the system.',
    builtIn: true,
    type: 'system',
    externalId: null
  }
}

export function requireProduct(ctx: RequestContext, id: string): ProductEntity {
  checkName(id, PRODUCT_ID, 256, 'product')
  const product = ctx.state.products[id]
  if (!product) throw notFound('Product')
  return product
}

export const listProducts: Handler = (ctx) => {
  const items = Object.values(ctx.state.products)
  sendPage(
    ctx,
    filtered(ctx, items, PRODUCT_FILTER_FIELDS, (p, field) => p[field as keyof ProductEntity]).map(
      (p) => productJson(ctx, p)
    )
  )
}

export const getProduct: Handler = (ctx, { productId }) => {
  const product = requireProduct(ctx, productId)
  sendEntity(ctx, 200, productJson(ctx, product), product.etag)
}

/** PUT creates or replaces; PATCH updates an existing one (If-Match required). */
export const putProduct: Handler = async (ctx, { productId: name }) => {
  checkName(name, PRODUCT_ID, 256, 'product')
  const existing = ctx.state.products[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('Product')
  checkIfMatch(ctx, existing?.etag, patching)
  const props = pick(propertiesOf(await readJson(ctx.req)), [
    'displayName',
    'description',
    'terms',
    'subscriptionRequired',
    'approvalRequired',
    'subscriptionsLimit',
    'state'
  ])
  // "If property is omitted when creating a new product it's value is assumed to be true";
  // "Default state of Product is notPublished" (ProductEntityBaseParameters).
  const base = patching
    ? existing
    : { subscriptionRequired: true, state: 'notPublished', approvalRequired: false }
  const merged = { ...base, ...props } as Partial<ProductEntity>
  validateProduct(merged)
  const entity: ProductEntity = {
    ...(merged as ProductEntity),
    name,
    apis: existing?.apis ?? [],
    ...ctx.store.stamp(existing)
  }
  if (!existing && entity.subscriptionRequired) createDefaultSubscription(ctx, name)
  // A PUT that replaces one answered `groups: []` as a PATCH does up to the recorded contracts
  // (Azure/azure-cli recordings/test_apim_product.yaml, 2019-12-01); later ones without groups.
  const groups =
    patching || (existing && recordedContract(ctx)) ? 'patched' : existing ? undefined : 'created'
  storeEntity(ctx, ctx.state.products, entity, existing, productJson(ctx, entity, groups))
}

/**
 * Creating a product also creates a subscription to it with a generated id and no display name
 * (Azure/apiops#332, #461; Azure/bicep-registry-modules#6516; Azure/azure-service-operator#3408),
 * owned by the administrator (the first item of ApiManagementListSubscriptions is one:
 * `users/1`, no displayName, active), started on the day of its creation and with
 * `allowTracing: false` (azure-sdk-assets go/…/TestApimsubscriptionsTestSuite.json, 2022-08-01).
 * Consumption has no users, so the emulator makes none there.
 */
function createDefaultSubscription(ctx: RequestContext, product: string): void {
  if (ctx.state.sku.name === 'Consumption') return
  const name = randomBytes(12).toString('hex')
  const stamp = ctx.store.stamp()
  ctx.state.subscriptions[name] = {
    name,
    scope: `/products/${product}`,
    ownerId: `${ctx.servicePath}/users/1`,
    state: 'active',
    primaryKey: newSubscriptionKey(),
    secondaryKey: newSubscriptionKey(),
    allowTracing: false,
    startDate: `${stamp.createdDateTime.slice(0, 10)}T00:00:00Z`,
    ...stamp
  }
}

function validateProduct(p: Partial<ProductEntity>): void {
  if (typeof p.displayName !== 'string' || p.displayName.length < 1 || p.displayName.length > 300)
    throw validationError("'displayName' is required (1 to 300 characters).", 'displayName')
  if (
    p.description !== undefined &&
    (typeof p.description !== 'string' || p.description.length > 1000)
  )
    throw validationError("'description' must be at most 1000 characters.", 'description')
  if (p.terms !== undefined && typeof p.terms !== 'string')
    throw validationError("'terms' must be a string.", 'terms')
  for (const flag of ['subscriptionRequired', 'approvalRequired'] as const) {
    if (p[flag] !== undefined && typeof p[flag] !== 'boolean')
      throw validationError(`'${flag}' must be true or false.`, flag)
  }
  if (p.subscriptionsLimit !== undefined && !Number.isInteger(p.subscriptionsLimit))
    throw validationError("'subscriptionsLimit' must be an integer.", 'subscriptionsLimit')
  if (p.state !== 'published' && p.state !== 'notPublished')
    throw validationError("'state' must be published or notPublished.", 'state')
}

/**
 * DELETE: refused while subscriptions to the product exist unless `deleteSubscriptions=true`,
 * with APIM's message (Azure/apiops#94, pulumi/pulumi-azure-native#846).
 */
export const deleteProduct: Handler = (ctx, { productId: name }) => {
  checkName(name, PRODUCT_ID, 256, 'product')
  const existing = ctx.state.products[name]
  deleteEntity(ctx, existing, () => {
    const subscriptions = productSubscriptions(ctx.state, name)
    if (subscriptions.length > 0 && ctx.url.searchParams.get('deleteSubscriptions') !== 'true') {
      throw new ArmError(
        400,
        'ValidationError',
        'Product cannot be deleted since it has existing subscriptions. Delete subscriptions before deleting the product or pass in deleteSubscriptions=true as query param'
      )
    }
    for (const s of subscriptions) delete ctx.state.subscriptions[s]
    delete ctx.state.products[name]
  })
}

function productSubscriptions(state: ServiceState, product: string): string[] {
  return Object.values(state.subscriptions)
    .filter((s) => productOfScope(s.scope) === product)
    .map((s) => s.name)
}

// --- The APIs of a product ---------------------------------------------------------------------

/** The API a product-API route names (its revision part does not matter: products hold APIs). */
function productApi(ctx: RequestContext, productId: string, apiId: string) {
  const product = requireProduct(ctx, productId)
  checkName(apiId, API_ID, 256, 'API')
  const root = splitApiId(apiId).root
  return { product, root, api: ctx.state.apis[root] }
}

/**
 * An API as a product shows it: typed `…/products/apis` below the product
 * (ApiManagementListProductApis), without its authenticationSettings and
 * subscriptionKeyParameterNames (null; azure-sdk-assets go/…/TestApimproductsTestSuite.json,
 * 2022-08-01; the example leaves them out). The PUT that adds one answers so in that recording,
 * with `protocols` null too; the 2024-05-01 example answers the API itself instead.
 */
function productApiJson(
  ctx: RequestContext,
  product: ProductEntity,
  api: ApiEntity,
  added = false
): Record<string, unknown> {
  const view = apiJson(ctx, api, currentRevision(api), api.name)
  const properties = view.properties as Record<string, unknown>
  if (added && !recordedContract(ctx)) return view
  return {
    ...view,
    id: `${ctx.servicePath}/products/${product.name}/apis/${api.name}`,
    type: 'Microsoft.ApiManagement/service/products/apis',
    properties: {
      ...properties,
      ...(added ? { protocols: null } : {}),
      authenticationSettings: null,
      subscriptionKeyParameterNames: null
    }
  }
}

/** GET products/{id}/apis: each API as productApiJson shows it. */
export const listProductApis: Handler = (ctx, { productId }) => {
  const product = requireProduct(ctx, productId)
  const items = product.apis
    .map((name) => ctx.state.apis[name])
    .filter(Boolean)
    .map((api) => productApiJson(ctx, product, api))
  sendPage(
    ctx,
    filtered(ctx, items, API_FILTER_FIELDS, (item, field) =>
      field === 'name' ? item.name : (item.properties as Record<string, unknown>)[field]
    )
  )
}

/** PUT with no body adds the API: 201, or 200 when it is already there (productApiJson). */
export const putProductApi: Handler = (ctx, { productId, apiId }) => {
  const { product, root, api } = productApi(ctx, productId, apiId)
  if (!api) throw notFound('Api')
  const present = product.apis.includes(root)
  if (!present) {
    product.apis.push(root)
    ctx.store.save()
  }
  // With the API's ETag (recordings/test_apim_product_api.yaml, 2021-08-01).
  sendEntity(
    ctx,
    present ? 200 : 201,
    productApiJson(ctx, product, api, true),
    currentRevision(api).etag
  )
}

/** HEAD: 204 when the API is in the product (ProductApi_CheckEntityExists), else 404. */
export const headProductApi: Handler = (ctx, { productId, apiId }) => {
  const { product, root } = productApi(ctx, productId, apiId)
  if (!product.apis.includes(root)) throw notFound('Api')
  sendJson(ctx.res, 204, undefined)
}

/** DELETE: 200 when removed, 204 when it was not there (no If-Match in the contract). */
export const deleteProductApi: Handler = (ctx, { productId, apiId }) => {
  const { product, root } = productApi(ctx, productId, apiId)
  if (!product.apis.includes(root)) return sendJson(ctx.res, 204, undefined)
  product.apis = product.apis.filter((a) => a !== root)
  ctx.store.save()
  sendJson(ctx.res, 200, undefined)
}
