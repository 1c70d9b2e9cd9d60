import { notFound, readJson, validationError } from '../http.js'
import type { BackendEntity } from '../state.js'
import { pick, propertiesOf, type Handler, type RequestContext } from './context.js'
import { checkIfMatch, deleteEntity, sendEntity, storeEntity } from './etag.js'
import { checkName } from './names.js'
import { filtered, sendPage } from './paging.js'

/** backendId: 1 to 80 characters (2024-05-01 apimanagement.json BackendIdParameter). */
const BACKEND_ID = /^[^/]+$/
const FILTER_FIELDS = ['name', 'title', 'url']
const SETTABLE = [
  'url',
  'protocol',
  'title',
  'description',
  'resourceId',
  'properties',
  'credentials',
  'proxy',
  'tls',
  'circuitBreaker',
  'pool',
  'type'
]

/**
 * BackendContract: what was given, `title` null when unset (azure-sdk-for-net
 * Azure.ResourceManager.ApiManagement/tests/SessionRecords/BackendTests/CRUD.json, 2021-08-01),
 * and a Pool's `url` and `protocol` null (ApiManagementCreateBackendWithSimpleLoadBalancer).
 */
function backendJson(ctx: RequestContext, b: BackendEntity): Record<string, unknown> {
  const pool = b.properties.type === 'Pool' ? { url: null, protocol: null } : {}
  return {
    id: `${ctx.servicePath}/backends/${b.name}`,
    type: 'Microsoft.ApiManagement/service/backends',
    name: b.name,
    properties: { title: null, ...pool, ...b.properties }
  }
}

export const listBackends: Handler = (ctx) =>
  sendPage(
    ctx,
    filtered(ctx, Object.values(ctx.state.backends), FILTER_FIELDS, (b, field) =>
      field === 'name' ? b.name : b.properties[field]
    ).map((b) => backendJson(ctx, b))
  )

export const getBackend: Handler = (ctx, { backendId }) => {
  checkName(backendId, BACKEND_ID, 80, 'backend')
  const existing = ctx.state.backends[backendId]
  if (!existing) throw notFound('Backend')
  sendEntity(ctx, 200, backendJson(ctx, existing), existing.etag)
}

/** PUT creates or replaces; PATCH merges into an existing one (If-Match required). */
export const putBackend: Handler = async (ctx, { backendId: name }) => {
  checkName(name, BACKEND_ID, 80, 'backend')
  const existing = ctx.state.backends[name]
  const patching = ctx.method === 'PATCH'
  if (patching && !existing) throw notFound('Backend')
  checkIfMatch(ctx, existing?.etag, patching)
  const given = pick(propertiesOf(await readJson(ctx.req)), SETTABLE)
  const properties = patching ? { ...existing.properties, ...given } : given
  validateBackend(ctx, properties)
  const entity: BackendEntity = { name, properties, ...ctx.store.stamp(existing) }
  storeEntity(ctx, ctx.state.backends, entity, existing, backendJson(ctx, entity))
}

export const deleteBackend: Handler = (ctx, { backendId: name }) => {
  checkName(name, BACKEND_ID, 80, 'backend')
  const existing = ctx.state.backends[name]
  deleteEntity(ctx, existing, () => delete ctx.state.backends[name])
}

function length(value: unknown, name: string, min: number, max: number): void {
  if (value === undefined) return
  if (typeof value !== 'string' || value.length < min || value.length > max)
    throw validationError(`'${name}' must be ${min} to ${max} characters long.`, name)
}

/**
 * The contract's rules (definitions.json BackendContractProperties, BackendBaseParameters):
 * `url` (1–2000) and `protocol` (http|soap) required, except for a `Pool`, which has neither
 * (ApiManagementCreateBackendWithSimpleLoadBalancer answers them null) and whose services must
 * be existing backends.
 */
function validateBackend(ctx: RequestContext, p: Record<string, unknown>): void {
  if (p.type !== undefined && p.type !== 'Single' && p.type !== 'Pool')
    throw validationError("'type' must be Single or Pool.", 'type')
  if (p.type === 'Pool') {
    const services = (p.pool as { services?: unknown } | undefined)?.services
    if (!Array.isArray(services) || services.length === 0)
      throw validationError("A Pool backend needs 'pool.services' (at least one).", 'pool')
    for (const service of services as { id?: unknown }[]) {
      const id =
        typeof service?.id === 'string' ? /\/backends\/([^/]+)$/i.exec(service.id)?.[1] : undefined
      if (!id || !ctx.state.backends[id])
        throw validationError(
          `Backend with id '${String(id ?? service?.id)}' could not be found.`,
          'pool'
        )
    }
  } else {
    if (p.url === undefined) throw validationError("'url' is required.", 'url')
    if (p.protocol === undefined) throw validationError("'protocol' is required.", 'protocol')
  }
  length(p.url, 'url', 1, 2000)
  if (p.protocol !== undefined && p.protocol !== 'http' && p.protocol !== 'soap')
    throw validationError("'protocol' must be http or soap.", 'protocol')
  length(p.title, 'title', 1, 300)
  length(p.description, 'description', 1, 2000)
  length(p.resourceId, 'resourceId', 1, 2000)
  const credentials = p.credentials as Record<string, unknown> | undefined
  if (credentials !== undefined) {
    if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials))
      throw validationError("'credentials' must be an object.", 'credentials')
    const authorization = credentials.authorization as Record<string, unknown> | undefined
    if (authorization !== undefined) {
      if (typeof authorization.scheme !== 'string' || typeof authorization.parameter !== 'string')
        throw validationError(
          "'credentials.authorization' needs 'scheme' and 'parameter'.",
          'credentials'
        )
      length(authorization.scheme, 'scheme', 1, 100)
      length(authorization.parameter, 'parameter', 1, 300)
    }
    for (const part of ['header', 'query']) {
      const map = credentials[part]
      if (
        map !== undefined &&
        (typeof map !== 'object' ||
          map === null ||
          Object.values(map).some((v) => !Array.isArray(v) || v.some((s) => typeof s !== 'string')))
      )
        throw validationError(`'credentials.${part}' must map names to lists of strings.`, part)
    }
  }
  const proxy = p.proxy as Record<string, unknown> | undefined
  if (proxy !== undefined && typeof proxy?.url !== 'string')
    throw validationError("'proxy.url' is required.", 'proxy')
}
