import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FaultRegistry } from './faults.js'
import { parseFilter } from './filter.js'
import { ArmError, notFound, readJson, sendJson, validationError } from './http.js'
import { importDocument } from './importer.js'
import { checkFragment, checkPolicy, fragmentIds, fragmentInner } from './policy.js'
import type {
  ApiEntity,
  ApiProperties,
  FragmentEntity,
  ReleaseEntity,
  RevisionEntity,
  StateStore,
  TagEntity,
  VersionSetEntity
} from './state.js'

const API_ID = /^[^*#&+:<>?]+$/
const FRAGMENT_ID = /(^[\w]+$)|(^[\w][\w-]+[\w]$)/
const DEFAULT_KEY_NAMES = { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' }
/** Properties that only the current revision may change (APIM's rule). */
const VERSION_SCOPED: [keyof ApiProperties, string][] = [
  ['path', 'Path'],
  ['apiVersion', 'ApiVersion'],
  ['displayName', 'Name'],
  ['description', 'Description'],
  ['protocols', 'Protocols'],
  ['subscriptionRequired', 'SubscriptionRequired'],
  ['apiVersionDescription', 'ApiVersionDescription']
]
const PAGE_SIZE = 100

interface LongRunning {
  doneAt: number
  status: 'Succeeded' | 'Failed'
  error?: { code: string; message: string }
  /** The status code the resource URL answers once done (asyncCode). */
  code: number
}

export interface ArmOptions {
  store: StateStore
  faults: FaultRegistry
  baseUrl: () => string
  lroMs: number
}

/** The ARM management API of one APIM service (the subset the README lists). */
export class ArmApi {
  private readonly operations = new Map<string, LongRunning>()

  constructor(private readonly options: ArmOptions) {}

  private get state() {
    return this.options.store.state
  }

  get servicePath(): string {
    const { subscriptionId, resourceGroup, serviceName } = this.state.identity
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const apiVersion = url.searchParams.get('api-version')
    if (!apiVersion) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.'
      )
    }
    const segments = this.serviceSegments(url.pathname)
    const method = req.method ?? 'GET'
    const [collection, id, sub, subId, ...rest] = segments
    const ctx: RequestContext = { req, res, url, method, apiVersion }

    if (collection === 'tenant' && id === 'operationResults' && sub && !subId)
      return this.operationResult(ctx, sub)
    if (collection === 'apiVersionSets') {
      if (id === undefined)
        return this.onlyGet(ctx, () =>
          this.list(
            ctx,
            Object.values(this.state.versionSets).map((v) => this.versionSetJson(v))
          )
        )
      if (sub === undefined) return this.versionSet(ctx, id)
    }
    if (collection === 'tags') {
      if (id === undefined)
        return this.onlyGet(ctx, () =>
          this.list(
            ctx,
            Object.values(this.state.tags).map((t) => this.tagJson(t))
          )
        )
      if (sub === undefined) return this.tag(ctx, id)
    }
    if (collection === 'policyFragments') {
      if (id === undefined)
        return this.onlyGet(ctx, () =>
          this.list(
            ctx,
            Object.values(this.state.fragments).map((f) => this.fragmentJson(f, 'xml'))
          )
        )
      if (sub === undefined) return this.fragment(ctx, id)
    }
    if (collection === 'apis') {
      if (id === undefined) return this.onlyGet(ctx, () => this.listApis(ctx))
      if (sub === undefined) return this.api(ctx, id)
      if (rest.length === 0) {
        if (sub === 'operations') return this.onlyGet(ctx, () => this.apiOperations(ctx, id, subId))
        if (sub === 'revisions' && subId === undefined)
          return this.onlyGet(ctx, () => this.revisions(ctx, id))
        if (sub === 'releases') return this.release(ctx, id, subId)
        if (sub === 'policies') return this.policy(ctx, id, subId)
        if (sub === 'tags') return this.apiTag(ctx, id, subId)
      }
    }
    throw new ArmError(
      404,
      'NotFound',
      `No route for ${method} ${url.pathname} in the emulator (see the README for what it emulates).`
    )
  }

  /** The path segments below `/subscriptions/…/service/{name}`, percent-decoded. */
  private serviceSegments(pathname: string): string[] {
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const { subscriptionId, resourceGroup, serviceName } = this.state.identity
    const expected = [
      'subscriptions',
      subscriptionId,
      'resourceGroups',
      resourceGroup,
      'providers',
      'Microsoft.ApiManagement',
      'service',
      serviceName
    ]
    const matches = expected.every((part, i) => parts[i]?.toLowerCase() === part.toLowerCase())
    if (!matches) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ApiManagement/service/${parts[7] ?? '?'}' under resource group '${parts[3] ?? '?'}' was not found. The emulator serves ${this.servicePath}.`
      )
    }
    return parts.slice(expected.length)
  }

  private onlyGet(ctx: RequestContext, answer: () => void): void {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method)
    answer()
  }

  // --- Long-running operations -------------------------------------------------------------

  private startOperation(
    ctx: RequestContext,
    resourcePath: string,
    code: number,
    failure?: { code: string; message: string }
  ): Record<string, string> {
    const id = randomUUID().replace(/-/g, '').slice(0, 24)
    this.operations.set(id, {
      doneAt: Date.now() + this.options.lroMs,
      status: failure ? 'Failed' : 'Succeeded',
      error: failure,
      code
    })
    const base = this.options.baseUrl()
    return {
      'azure-asyncoperation': `${base}${this.servicePath}/tenant/operationResults/${id}?api-version=${ctx.apiVersion}`,
      location: `${base}${resourcePath}?api-version=${ctx.apiVersion}&asyncId=${id}&asyncCode=${code}`
    }
  }

  private pending(id: string): { op: LongRunning; remainingMs: number } | undefined {
    const op = this.operations.get(id)
    return op ? { op, remainingMs: Math.max(0, op.doneAt - Date.now()) } : undefined
  }

  private operationResult(ctx: RequestContext, id: string): void {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method)
    const found = this.pending(id)
    if (!found) throw notFound('Operation')
    const { op, remainingMs } = found
    if (remainingMs > 0) {
      sendJson(
        ctx.res,
        200,
        { id, name: id, status: 'InProgress' },
        { 'retry-after': String(Math.ceil(remainingMs / 1000)) }
      )
      return
    }
    sendJson(ctx.res, 200, {
      id,
      name: id,
      status: op.status,
      ...(op.error ? { error: op.error } : {})
    })
  }

  /** A GET of a resource URL carrying `asyncId` (the Location header) answers for the operation. */
  private answeredByOperation(ctx: RequestContext): boolean {
    const asyncId = ctx.url.searchParams.get('asyncId')
    if (!asyncId || ctx.method !== 'GET') return false
    const found = this.pending(asyncId)
    if (!found) return false
    if (found.remainingMs > 0) {
      sendJson(ctx.res, 202, undefined, {
        'retry-after': String(Math.ceil(found.remainingMs / 1000))
      })
      return true
    }
    if (found.op.status === 'Failed') {
      const error = found.op.error ?? {
        code: 'InternalServerError',
        message: 'The operation failed.'
      }
      sendJson(ctx.res, 400, { error: { ...error, details: [] } })
      return true
    }
    if (found.op.code === 204) {
      sendJson(ctx.res, 204, undefined)
      return true
    }
    return false
  }

  /** The failure an `lro-fail` fault gives this request, if one is set. */
  private injectedFailure(ctx: RequestContext): { code: string; message: string } | undefined {
    const fault = this.options.faults.take(ctx.method, ctx.url.pathname, 'lro')
    return fault
      ? {
          code: fault.code ?? 'InternalServerError',
          message: 'The long-running operation failed (fault injected by the emulator).'
        }
      : undefined
  }

  // --- Version sets ------------------------------------------------------------------------

  private versionSetJson(v: VersionSetEntity): unknown {
    return {
      id: `${this.servicePath}/apiVersionSets/${v.name}`,
      type: 'Microsoft.ApiManagement/service/api-version-sets',
      name: v.name,
      properties: dropUndefined({
        displayName: v.displayName,
        description: v.description,
        versioningScheme: v.versioningScheme,
        versionQueryName: v.versionQueryName,
        versionHeaderName: v.versionHeaderName
      })
    }
  }

  private async versionSet(ctx: RequestContext, name: string): Promise<void> {
    checkName(name, API_ID, 80, 'version set')
    const existing = this.state.versionSets[name]
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!existing) throw notFound('ApiVersionSet')
        return sendEntity(ctx, 200, this.versionSetJson(existing), existing.etag)
      case 'PUT':
      case 'PATCH': {
        if (ctx.method === 'PATCH' && !existing) throw notFound('ApiVersionSet')
        checkIfMatch(ctx, existing?.etag, ctx.method === 'PATCH')
        const props = propertiesOf(await readJson(ctx.req))
        const base = ctx.method === 'PATCH' && existing ? existing : undefined
        const merged = {
          ...(base ?? {}),
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
          ...this.options.store.stamp(existing)
        }
        this.state.versionSets[name] = entity
        this.options.store.save()
        return sendEntity(ctx, existing ? 200 : 201, this.versionSetJson(entity), entity.etag)
      }
      case 'DELETE': {
        checkIfMatch(ctx, existing?.etag, true)
        if (!existing) return sendJson(ctx.res, 204, undefined)
        const user = Object.values(this.state.apis).find(
          (api) => this.versionSetName(current(api).properties.apiVersionSetId) === name
        )
        if (user)
          throw validationError(
            `The version set is used by API '${user.name}'; delete its APIs first.`
          )
        delete this.state.versionSets[name]
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      }
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  /** The version set name of an `apiVersionSetId` (short `/apiVersionSets/x` or full ARM id). */
  private versionSetName(id: string | undefined): string | undefined {
    return id ? /\/apiVersionSets\/([^/]+)$/i.exec(id)?.[1] : undefined
  }

  // --- APIs --------------------------------------------------------------------------------

  private apiJson(
    api: ApiEntity,
    revision: RevisionEntity,
    name: string,
    expandVersionSet = false
  ): Record<string, unknown> {
    const p = revision.properties
    const setName = this.versionSetName(p.apiVersionSetId)
    const set = setName ? this.state.versionSets[setName] : undefined
    return {
      id: `${this.servicePath}/apis/${name}`,
      type: 'Microsoft.ApiManagement/service/apis',
      name,
      properties: dropUndefined({
        displayName: p.displayName,
        apiRevision: String(revision.revision),
        description: p.description,
        subscriptionRequired: p.subscriptionRequired,
        serviceUrl: p.serviceUrl,
        path: p.path,
        protocols: p.protocols,
        subscriptionKeyParameterNames: p.subscriptionKeyParameterNames,
        isCurrent: api.current === revision.revision,
        isOnline: true,
        apiRevisionDescription: p.apiRevisionDescription,
        apiVersion: p.apiVersion,
        apiVersionDescription: p.apiVersionDescription,
        apiVersionSetId: setName ? `${this.servicePath}/apiVersionSets/${setName}` : undefined,
        apiVersionSet:
          expandVersionSet && set
            ? dropUndefined({
                id: `${this.servicePath}/apiVersionSets/${set.name}`,
                name: set.displayName,
                description: set.description,
                versioningScheme: set.versioningScheme,
                versionQueryName: set.versionQueryName,
                versionHeaderName: set.versionHeaderName
              })
            : undefined,
        type: p.type
      })
    }
  }

  /** Every revision as GET /apis lists them: the current one by its name, others as `name;rev=N`. */
  private allApiItems(expand: boolean): Record<string, unknown>[] {
    const items: Record<string, unknown>[] = []
    for (const api of Object.values(this.state.apis)) {
      for (const revision of Object.values(api.revisions)) {
        const name =
          api.current === revision.revision ? api.name : `${api.name};rev=${revision.revision}`
        items.push(this.apiJson(api, revision, name, expand))
      }
    }
    return items
  }

  private listApis(ctx: RequestContext): void {
    const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true'
    let items = this.allApiItems(expand)
    const filter = ctx.url.searchParams.get('$filter')
    if (filter) {
      const predicate = parseFilter(filter, [
        'name',
        'displayName',
        'description',
        'serviceUrl',
        'path',
        'isCurrent'
      ])
      items = items.filter((item) => {
        const props = item.properties as Record<string, unknown>
        return predicate((field) => (field === 'name' ? item.name : props[field]))
      })
    }
    this.list(ctx, items)
  }

  /** Finds an API revision by `name` or `name;rev=N`. */
  private resolveApi(id: string): { api: ApiEntity; revision: RevisionEntity } | undefined {
    const { root, rev } = splitApiId(id)
    const api = this.state.apis[root]
    if (!api) return undefined
    const revision = api.revisions[String(rev ?? api.current)]
    return revision ? { api, revision } : undefined
  }

  /** An API reference in a body: `/apis/x;rev=2` or a full ARM id. */
  private apiFromReference(reference: unknown): string | undefined {
    if (typeof reference !== 'string') return undefined
    return /\/apis\/([^/]+)$/i.exec(reference)?.[1]
  }

  private async api(ctx: RequestContext, id: string): Promise<void> {
    checkName(id, API_ID, 256, 'API')
    if (this.answeredByOperation(ctx)) return
    const found = this.resolveApi(id)
    switch (ctx.method) {
      case 'GET':
      case 'HEAD': {
        if (!found) throw notFound('Api')
        const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true'
        return sendEntity(
          ctx,
          200,
          this.apiJson(found.api, found.revision, id, expand),
          found.revision.etag
        )
      }
      case 'PUT':
        return this.putApi(ctx, id)
      case 'PATCH': {
        if (!found) throw notFound('Api')
        checkIfMatch(ctx, found.revision.etag, true)
        const props = propertiesOf(await readJson(ctx.req))
        const update = this.apiProperties(props)
        this.checkNonCurrent(found.api, found.revision.revision, update)
        const merged = { ...found.revision.properties, ...update }
        this.checkApiRules(found.api.name, merged)
        Object.assign(
          found.revision,
          { properties: merged },
          this.options.store.stamp(found.revision)
        )
        this.options.store.save()
        return sendEntity(
          ctx,
          200,
          this.apiJson(found.api, found.revision, id),
          found.revision.etag
        )
      }
      case 'DELETE':
        return this.deleteApi(ctx, id, found)
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  private apiProperties(props: Record<string, unknown>): Partial<ApiProperties> {
    return pick(props, [
      'displayName',
      'path',
      'serviceUrl',
      'protocols',
      'description',
      'apiVersion',
      'apiVersionDescription',
      'apiVersionSetId',
      'apiRevisionDescription',
      'subscriptionRequired',
      'subscriptionKeyParameterNames',
      'type'
    ]) as Partial<ApiProperties>
  }

  private checkNonCurrent(
    api: ApiEntity | undefined,
    revision: number,
    update: Partial<ApiProperties>
  ): void {
    if (!api || api.current === revision) return
    const currentProps = current(api).properties
    for (const [key, label] of VERSION_SCOPED) {
      if (
        update[key] !== undefined &&
        JSON.stringify(update[key]) !== JSON.stringify(currentProps[key])
      ) {
        throw validationError(`Can't change property ${label} for non-current revision `, key)
      }
    }
  }

  /** APIM's cross-API rules: the version set exists, paths are shared only inside a set, versions are unique in it. */
  private checkApiRules(root: string, props: ApiProperties): void {
    const setName = this.versionSetName(props.apiVersionSetId)
    if (props.apiVersionSetId && (!setName || !this.state.versionSets[setName])) {
      throw notFound('ApiVersionSet')
    }
    for (const other of Object.values(this.state.apis)) {
      if (other.name === root) continue
      const o = current(other).properties
      const otherSet = this.versionSetName(o.apiVersionSetId)
      if (o.path.toLowerCase() === props.path.toLowerCase() && (!setName || otherSet !== setName)) {
        throw validationError(
          `Cannot create API '${root}' with the same Path '${props.path}' as API '${other.name}'  unless it's a part of the same version set`,
          'path'
        )
      }
      if (setName && otherSet === setName && (o.apiVersion ?? '') === (props.apiVersion ?? '')) {
        throw validationError(
          `API with specified version '${props.apiVersion ?? ''}' already exists`,
          'apiVersion'
        )
      }
    }
  }

  private async putApi(ctx: RequestContext, id: string): Promise<void> {
    const { root, rev } = splitApiId(id)
    const body = propertiesOf(await readJson(ctx.req))
    const api = this.state.apis[root]
    const revisionNumber = rev ?? api?.current ?? 1
    const existing = api?.revisions[String(revisionNumber)]
    checkIfMatch(ctx, existing?.etag, false)

    if (body.apiRevision !== undefined && String(body.apiRevision) !== String(revisionNumber)) {
      throw validationError(
        `apiRevision '${String(body.apiRevision)}' does not match the revision in the name (${revisionNumber}).`,
        'apiRevision'
      )
    }
    // A new revision starts as a copy of its source (sourceApiId) or of the current revision.
    let base: RevisionEntity | undefined = existing
    if (!existing && body.sourceApiId !== undefined) {
      const sourceId = this.apiFromReference(body.sourceApiId)
      base = sourceId ? this.resolveApi(sourceId)?.revision : undefined
      if (!base) throw notFound('Api')
    } else if (!existing && api) {
      base = current(api)
    }
    const update = this.apiProperties(body)
    this.checkNonCurrent(api, revisionNumber, update)
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
      const setName = this.versionSetName(properties.apiVersionSetId)
      properties.apiVersionSetId = setName
        ? `/apiVersionSets/${setName}`
        : properties.apiVersionSetId
    }
    this.checkApiRules(root, properties)

    // The document is validated as part of the long-running operation, as APIM does.
    let failure = this.injectedFailure(ctx)
    let operations = base ? structuredClone(base.operations) : []
    if (!failure && body.format !== undefined) {
      try {
        const translate = body.translateRequiredQueryParameters === 'query' ? 'query' : 'template'
        const imported = importDocument(String(body.format), String(body.value ?? ''), translate)
        operations = imported.operations
        if (update.displayName === undefined && !base && imported.title)
          properties.displayName = imported.title
        if (update.serviceUrl === undefined && !properties.serviceUrl && imported.serviceUrl)
          properties.serviceUrl = imported.serviceUrl
      } catch (err) {
        if (!(err instanceof ArmError)) throw err
        failure = { code: err.code, message: err.details[0]?.message ?? err.message }
      }
    }
    const created = !existing
    const revision: RevisionEntity = {
      revision: revisionNumber,
      properties,
      operations,
      policy: existing?.policy ?? (base ? structuredClone(base.policy) : undefined),
      ...this.options.store.stamp(existing)
    }
    if (!failure) {
      const entity = api ?? {
        name: root,
        current: revisionNumber,
        revisions: {},
        releases: {},
        tags: []
      }
      entity.revisions[String(revisionNumber)] = revision
      this.state.apis[root] = entity
      this.options.store.save()
    }
    const code = created ? 201 : 200
    const headers = this.startOperation(
      ctx,
      `${this.servicePath}/apis/${encodeURIComponent(id)}`,
      code,
      failure
    )
    const view = this.apiJson(
      this.state.apis[root] ?? {
        name: root,
        current: revisionNumber,
        revisions: {},
        releases: {},
        tags: []
      },
      revision,
      id
    )
    ;(view.properties as Record<string, unknown>).provisioningState = 'InProgress'
    sendJson(ctx.res, code, view, { ...headers, etag: revision.etag })
  }

  private deleteApi(
    ctx: RequestContext,
    id: string,
    found: { api: ApiEntity; revision: RevisionEntity } | undefined
  ): void {
    checkIfMatch(ctx, found?.revision.etag, true)
    if (!found) return sendJson(ctx.res, 204, undefined)
    const { rev } = splitApiId(id)
    if (rev !== undefined) {
      if (found.api.current === rev)
        throw validationError('Cannot delete the current revision of an API.')
      delete found.api.revisions[String(rev)]
    } else {
      delete this.state.apis[found.api.name]
    }
    this.options.store.save()
    const headers = this.startOperation(
      ctx,
      `${this.servicePath}/apis/${encodeURIComponent(id)}`,
      204
    )
    sendJson(ctx.res, 202, undefined, headers)
  }

  private apiOperations(ctx: RequestContext, id: string, operationName: string | undefined): void {
    const found = this.resolveApi(id)
    if (!found) throw notFound('Api')
    const json = (op: RevisionEntity['operations'][number]) => ({
      id: `${this.servicePath}/apis/${id}/operations/${op.name}`,
      type: 'Microsoft.ApiManagement/service/apis/operations',
      name: op.name,
      properties: dropUndefined({
        displayName: op.displayName,
        method: op.method,
        urlTemplate: op.urlTemplate,
        description: op.description,
        templateParameters: op.templateParameters,
        request: { queryParameters: op.queryParameters, headers: [], representations: [] },
        responses: []
      })
    })
    if (operationName === undefined) return this.list(ctx, found.revision.operations.map(json))
    const op = found.revision.operations.find((o) => o.name === operationName)
    if (!op) throw notFound('Operation')
    sendJson(ctx.res, 200, json(op), { etag: found.revision.etag })
  }

  private revisions(ctx: RequestContext, id: string): void {
    const api = this.state.apis[splitApiId(id).root]
    if (!api) throw notFound('Api')
    const items = Object.values(api.revisions)
      .sort((a, b) => b.revision - a.revision)
      .map((r) =>
        dropUndefined({
          apiId: `${this.servicePath}/apis/${api.name};rev=${r.revision}`,
          apiRevision: String(r.revision),
          createdDateTime: r.createdDateTime,
          updatedDateTime: r.updatedDateTime,
          description: r.properties.apiRevisionDescription,
          privateUrl: `/${r.properties.path};rev=${r.revision}`,
          isOnline: true,
          isCurrent: api.current === r.revision
        })
      )
    const filter = ctx.url.searchParams.get('$filter')
    const predicate = filter ? parseFilter(filter, ['apiRevision']) : undefined
    this.list(
      ctx,
      predicate ? items.filter((i) => predicate((f) => i[f as keyof typeof i])) : items
    )
  }

  // --- Releases ----------------------------------------------------------------------------

  private releaseJson(api: ApiEntity, release: ReleaseEntity): unknown {
    return {
      id: `${this.servicePath}/apis/${api.name}/releases/${release.name}`,
      type: 'Microsoft.ApiManagement/service/apis/releases',
      name: release.name,
      properties: dropUndefined({
        apiId: release.apiId,
        createdDateTime: release.createdDateTime,
        updatedDateTime: release.updatedDateTime,
        notes: release.notes
      })
    }
  }

  private async release(
    ctx: RequestContext,
    id: string,
    releaseName: string | undefined
  ): Promise<void> {
    const api = this.state.apis[splitApiId(id).root]
    if (!api) throw notFound('Api')
    if (releaseName === undefined) {
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method)
      const items = Object.values(api.releases).map(
        (r) => this.releaseJson(api, r) as Record<string, unknown>
      )
      return this.list(ctx, items)
    }
    checkName(releaseName, API_ID, 80, 'release')
    const existing = api.releases[releaseName]
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!existing) throw notFound('ApiRelease')
        return sendEntity(ctx, 200, this.releaseJson(api, existing), existing.etag)
      case 'PUT':
      case 'PATCH': {
        if (ctx.method === 'PATCH' && !existing) throw notFound('ApiRelease')
        checkIfMatch(ctx, existing?.etag, ctx.method === 'PATCH')
        const props = propertiesOf(await readJson(ctx.req))
        const target = this.apiFromReference(props.apiId ?? existing?.apiId)
        if (!target)
          throw validationError(
            "'apiId' is required: the revision to make current, e.g. /apis/name;rev=2.",
            'apiId'
          )
        const { root, rev } = splitApiId(target)
        if (root !== api.name)
          throw validationError(
            `The release's apiId must name a revision of '${api.name}'.`,
            'apiId'
          )
        const revision = api.revisions[String(rev ?? api.current)]
        if (!revision) throw notFound('Api')
        api.current = revision.revision
        const entity: ReleaseEntity = {
          name: releaseName,
          apiId: `${this.servicePath}/apis/${api.name};rev=${revision.revision}`,
          notes: typeof props.notes === 'string' ? props.notes : existing?.notes,
          ...this.options.store.stamp(existing)
        }
        api.releases[releaseName] = entity
        this.options.store.save()
        return sendEntity(ctx, existing ? 200 : 201, this.releaseJson(api, entity), entity.etag)
      }
      case 'DELETE':
        checkIfMatch(ctx, existing?.etag, true)
        if (!existing) return sendJson(ctx.res, 204, undefined)
        delete api.releases[releaseName]
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  // --- API policies ------------------------------------------------------------------------

  private async policy(
    ctx: RequestContext,
    id: string,
    policyName: string | undefined
  ): Promise<void> {
    const found = this.resolveApi(id)
    if (!found) throw notFound('Api')
    const json = (format: string) => {
      const policy = found.revision.policy
      return policy
        ? {
            id: `${this.servicePath}/apis/${id}/policies/policy`,
            type: 'Microsoft.ApiManagement/service/apis/policies',
            name: 'policy',
            properties: { format, value: policy.value }
          }
        : undefined
    }
    if (policyName === undefined) {
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method)
      const item = json('xml')
      return sendJson(ctx.res, 200, {
        value: item ? [item] : [],
        count: item ? 1 : 0,
        nextLink: ''
      })
    }
    if (policyName !== 'policy')
      throw validationError(`Policy id must be 'policy', not '${policyName}'.`, 'policyId')
    const existing = found.revision.policy
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!existing) throw notFound('Policy')
        return sendEntity(
          ctx,
          200,
          json(ctx.url.searchParams.get('format') ?? 'xml'),
          existing.etag
        )
      case 'PUT': {
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
        checkPolicy(props.value, (fragmentId) => fragmentId in this.state.fragments)
        found.revision.policy = {
          format,
          value: props.value,
          ...this.options.store.stamp(existing)
        }
        this.options.store.save()
        return sendEntity(ctx, existing ? 200 : 201, json(format), found.revision.policy.etag)
      }
      case 'DELETE':
        checkIfMatch(ctx, existing?.etag, true)
        if (!existing) return sendJson(ctx.res, 204, undefined)
        delete found.revision.policy
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  // --- Policy fragments --------------------------------------------------------------------

  private fragmentJson(f: FragmentEntity, format: string): Record<string, unknown> {
    return {
      id: `${this.servicePath}/policyFragments/${f.name}`,
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

  private async fragment(ctx: RequestContext, name: string): Promise<void> {
    checkName(name, FRAGMENT_ID, 80, 'policy fragment')
    if (this.answeredByOperation(ctx)) return
    const existing = this.state.fragments[name]
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!existing) throw notFound('PolicyFragment')
        return sendEntity(
          ctx,
          200,
          this.fragmentJson(existing, ctx.url.searchParams.get('format') ?? 'xml'),
          existing.etag
        )
      case 'PUT': {
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
        const failure = this.injectedFailure(ctx)
        const entity: FragmentEntity = {
          name,
          format,
          description:
            typeof props.description === 'string' ? props.description : existing?.description,
          value: props.value.trim(),
          ...this.options.store.stamp(existing)
        }
        if (!failure) {
          this.state.fragments[name] = entity
          this.options.store.save()
        }
        const code = existing ? 200 : 201
        const headers = this.startOperation(
          ctx,
          `${this.servicePath}/policyFragments/${name}`,
          code,
          failure
        )
        const view = this.fragmentJson(entity, 'xml')
        ;(view.properties as Record<string, unknown>).provisioningState = 'InProgress'
        return sendJson(ctx.res, code, view, { ...headers, etag: entity.etag })
      }
      case 'DELETE': {
        checkIfMatch(ctx, existing?.etag, true)
        if (!existing) return sendJson(ctx.res, 204, undefined)
        const user = Object.values(this.state.apis).find((api) =>
          Object.values(api.revisions).some(
            (r) => r.policy && fragmentIds(r.policy.value).includes(name)
          )
        )
        if (user)
          throw validationError(
            `The policy fragment '${name}' is referenced by the policy of API '${user.name}'; remove the reference first.`
          )
        delete this.state.fragments[name]
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      }
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  // --- Tags --------------------------------------------------------------------------------

  private tagJson(t: TagEntity): Record<string, unknown> {
    return {
      id: `${this.servicePath}/tags/${t.name}`,
      type: 'Microsoft.ApiManagement/service/tags',
      name: t.name,
      properties: { displayName: t.displayName }
    }
  }

  private async tag(ctx: RequestContext, name: string): Promise<void> {
    checkName(name, API_ID, 80, 'tag')
    const existing = this.state.tags[name]
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!existing) throw notFound('Tag')
        return sendEntity(ctx, 200, this.tagJson(existing), existing.etag)
      case 'PUT': {
        checkIfMatch(ctx, existing?.etag, false)
        const displayName = propertiesOf(await readJson(ctx.req)).displayName
        if (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 160) {
          throw validationError("'displayName' is required (1 to 160 characters).", 'displayName')
        }
        const entity: TagEntity = { name, displayName, ...this.options.store.stamp(existing) }
        this.state.tags[name] = entity
        this.options.store.save()
        return sendEntity(ctx, existing ? 200 : 201, this.tagJson(entity), entity.etag)
      }
      case 'DELETE':
        checkIfMatch(ctx, existing?.etag, true)
        if (!existing) return sendJson(ctx.res, 204, undefined)
        delete this.state.tags[name]
        for (const api of Object.values(this.state.apis))
          api.tags = api.tags.filter((t) => t !== name)
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  /** Tags on an API: PUT with no body assigns (201, or 200 when already assigned). */
  private apiTag(ctx: RequestContext, id: string, tagName: string | undefined): void {
    const found = this.resolveApi(id)
    if (!found) throw notFound('Api')
    const { api } = found
    if (tagName === undefined) {
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method)
      return this.list(
        ctx,
        api.tags
          .map((t) => this.state.tags[t])
          .filter(Boolean)
          .map((t) => this.tagJson(t))
      )
    }
    const tag = this.state.tags[tagName]
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (!tag || !api.tags.includes(tagName)) throw notFound('Tag')
        return sendEntity(ctx, 200, this.tagJson(tag), tag.etag)
      case 'PUT': {
        if (!tag) throw notFound('Tag')
        const assigned = api.tags.includes(tagName)
        if (!assigned) {
          api.tags.push(tagName)
          this.options.store.save()
        }
        return sendEntity(ctx, assigned ? 200 : 201, this.tagJson(tag), tag.etag)
      }
      case 'DELETE':
        if (!api.tags.includes(tagName)) return sendJson(ctx.res, 204, undefined)
        api.tags = api.tags.filter((t) => t !== tagName)
        this.options.store.save()
        return sendJson(ctx.res, 200, undefined)
      default:
        throw methodNotAllowed(ctx.method)
    }
  }

  // --- Lists -------------------------------------------------------------------------------

  /**
   * `{value, count, nextLink}`: pages of `$top` (at most 100) items from `$skip`; nextLink is an
   * absolute URL that keeps every query parameter (api-version, $filter…) with the next `$skip`.
   */
  private list(ctx: RequestContext, items: unknown[]): void {
    const top = Math.min(intParam(ctx.url, '$top', 1) ?? PAGE_SIZE, PAGE_SIZE)
    const skip = intParam(ctx.url, '$skip', 0) ?? 0
    const page = items.slice(skip, skip + top)
    let nextLink = ''
    if (skip + page.length < items.length) {
      const query = new URLSearchParams(ctx.url.search)
      query.set('$skip', String(skip + page.length))
      nextLink = `${this.options.baseUrl()}${ctx.url.pathname}?${query.toString().replace(/%24/g, '$')}`
    }
    sendJson(ctx.res, 200, { value: page, count: items.length, nextLink })
  }
}

interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  method: string
  apiVersion: string
}

export function splitApiId(id: string): { root: string; rev?: number } {
  const match = /^(.*);rev=(\d+)$/.exec(id)
  return match ? { root: match[1], rev: Number(match[2]) } : { root: id }
}

function current(api: ApiEntity): RevisionEntity {
  return api.revisions[String(api.current)]
}

function checkName(name: string, pattern: RegExp, max: number, what: string): void {
  const bare = what === 'API' ? splitApiId(name).root : name
  if (!pattern.test(bare) || name.length > max) {
    throw validationError(
      `'${name}' is not a valid ${what} identifier: it must match ${pattern.source} and be 1 to ${max} characters long.`,
      'name'
    )
  }
}

/** If-Match: optional on PUT (create or update), required on PATCH and DELETE; `*` matches any. */
function checkIfMatch(ctx: RequestContext, etag: string | undefined, required: boolean): void {
  const header = ctx.req.headers['if-match']
  if (header === undefined) {
    if (required)
      throw new ArmError(
        400,
        'InvalidRequest',
        "The 'If-Match' header is required: send '*' or the entity's ETag."
      )
    return
  }
  if (header === '*' || etag === undefined) return
  if (header !== etag) {
    throw new ArmError(
      412,
      'PreconditionFailed',
      'The entity was changed since it was read: its ETag does not match If-Match. Read it again and retry.'
    )
  }
}

function sendEntity(ctx: RequestContext, status: number, body: unknown, etag: string): void {
  if (ctx.method === 'HEAD') {
    ctx.res.writeHead(status, { etag })
    ctx.res.end()
    return
  }
  sendJson(ctx.res, status, body, { etag })
}

function methodNotAllowed(method: string): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`)
}

function propertiesOf(body: Record<string, unknown>): Record<string, unknown> {
  const props = body.properties
  return typeof props === 'object' && props !== null && !Array.isArray(props)
    ? (props as Record<string, unknown>)
    : {}
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of keys)
    if (source[key] !== undefined && source[key] !== null) result[key] = source[key]
  return result
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key]
  return value
}

function intParam(url: URL, name: string, min: number): number | undefined {
  const raw = url.searchParams.get(name)
  if (raw === null) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min)
    throw validationError(`${name} must be an integer ≥ ${min}.`, name)
  return n
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
