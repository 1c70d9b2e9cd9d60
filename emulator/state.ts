import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** What the emulated APIM service holds. Serialisable as JSON (the --state file). */
export interface ServiceState {
  identity: {
    subscriptionId: string
    resourceGroup: string
    serviceName: string
    subscriptionKey: string
  }
  /** The pricing tier (`sku` of the service resource); it sets the tier's limits. */
  sku: ServiceSku
  /** When the service was created (`createdAtUtc` of the service resource). */
  createdDateTime: string
  /** Increases with every write; ETags derive from it. */
  sequence: number
  versionSets: Record<string, VersionSetEntity>
  apis: Record<string, ApiEntity>
  fragments: Record<string, FragmentEntity>
  tags: Record<string, TagEntity>
  products: Record<string, ProductEntity>
  subscriptions: Record<string, SubscriptionEntity>
  backends: Record<string, BackendEntity>
  namedValues: Record<string, NamedValueEntity>
}

export interface ServiceSku {
  name: string
  capacity: number
}

export const DEFAULT_SKU: ServiceSku = { name: 'Developer', capacity: 1 }

export interface Stamped {
  etag: string
  createdDateTime: string
  updatedDateTime: string
}

export interface VersionSetEntity extends Stamped {
  name: string
  displayName: string
  versioningScheme: 'Segment' | 'Query' | 'Header'
  description?: string
  versionQueryName?: string
  versionHeaderName?: string
}

/** One API (all its revisions); `current` names the revision clients reach. */
export interface ApiEntity {
  name: string
  current: number
  revisions: Record<string, RevisionEntity>
  releases: Record<string, ReleaseEntity>
  /** Ids of the service tags assigned to this API. */
  tags: string[]
}

export interface TagEntity extends Stamped {
  name: string
  displayName: string
}

export interface RevisionEntity extends Stamped {
  revision: number
  properties: ApiProperties
  operations: OperationEntity[]
  policy?: PolicyEntity
}

export interface ApiProperties {
  displayName: string
  path: string
  serviceUrl?: string
  protocols: string[]
  description?: string
  apiVersion?: string
  apiVersionDescription?: string
  apiVersionSetId?: string
  apiRevisionDescription?: string
  subscriptionRequired: boolean
  subscriptionKeyParameterNames: { header: string; query: string }
  authenticationSettings?: AuthenticationSettings
  type: string
}

/** ApiContract `authenticationSettings`; the servers and providers are ids the emulator keeps as given. */
export interface AuthenticationSettings {
  oAuth2?: OAuth2Settings
  openid?: OpenIdSettings
  oAuth2AuthenticationSettings?: OAuth2Settings[]
  openidAuthenticationSettings?: OpenIdSettings[]
}

export interface OAuth2Settings {
  authorizationServerId?: string
  scope?: string
}

export interface OpenIdSettings {
  openidProviderId?: string
  bearerTokenSendingMethods?: string[]
}

export interface OperationEntity {
  name: string
  displayName: string
  method: string
  /** `/deployments/{deployment-id}/chat/completions?api-version={api-version}` */
  urlTemplate: string
  description?: string
  /** The request body's description (OpenAPI 3 `requestBody`, Swagger 2 `in: body`). */
  requestDescription?: string
  templateParameters: ParameterContract[]
  queryParameters: ParameterContract[]
  /** What an operation PUT or PATCH gives (an import leaves them out): kept as given. */
  requestHeaders?: ParameterContract[]
  representations?: Record<string, unknown>[]
  responses?: Record<string, unknown>[]
  policies?: string
  /** Set by an operation PUT or PATCH; an imported operation answers with its revision's. */
  etag?: string
}

/** ParameterContract: `name` and `type` required, the rest kept as given. */
export interface ParameterContract {
  name: string
  type: string
  required: boolean
  [key: string]: unknown
}

export interface PolicyEntity extends Stamped {
  format: string
  value: string
}

export interface ReleaseEntity extends Stamped {
  name: string
  apiId: string
  notes?: string
}

export interface FragmentEntity extends Stamped {
  name: string
  format: string
  description?: string
  /** The whole `<fragment>…</fragment>` document. */
  value: string
}

export interface ProductEntity extends Stamped {
  name: string
  displayName: string
  description?: string
  terms?: string
  subscriptionRequired: boolean
  approvalRequired?: boolean
  subscriptionsLimit?: number
  state: 'published' | 'notPublished'
  /** Names of the APIs in the product (each API as a whole, all its revisions). */
  apis: string[]
}

export type SubscriptionState =
  'suspended' | 'active' | 'expired' | 'submitted' | 'rejected' | 'cancelled'

export interface SubscriptionEntity extends Stamped {
  name: string
  /** `/apis`, `/apis/{apiId}`, `/products/{productId}`, or `/` for the service (built-in `master`). */
  scope: string
  displayName?: string
  ownerId?: string
  state: SubscriptionState
  primaryKey: string
  secondaryKey: string
  allowTracing?: boolean
  stateComment?: string
  startDate?: string
  expirationDate?: string
  endDate?: string
  notificationDate?: string
}

/** A backend's properties as the contract has them (url, protocol, credentials, tls, pool, …). */
export interface BackendEntity extends Stamped {
  name: string
  properties: Record<string, unknown>
}

export interface NamedValueEntity extends Stamped {
  name: string
  displayName: string
  value: string
  secret: boolean
  tags?: string[]
}

/** The built-in all-access subscription every service has (its id is `master`). */
export const MASTER_SUBSCRIPTION = 'master'

export function emptyState(
  identity: ServiceState['identity'],
  sku: ServiceSku = DEFAULT_SKU
): ServiceState {
  return {
    identity,
    sku: { ...sku },
    createdDateTime: new Date().toISOString(),
    sequence: 0,
    versionSets: {},
    apis: {},
    fragments: {},
    tags: {},
    products: {},
    subscriptions: { [MASTER_SUBSCRIPTION]: masterSubscription(identity.subscriptionKey) },
    backends: {},
    namedValues: {}
  }
}

/**
 * The built-in all-access subscription: id `master`, scoped to the service itself, active, its
 * primary key the emulator's `subscriptionKey`. Its shape is what ARM exports of real services
 * show (scope `…/service/{name}/`, displayName `Built-in all-access subscription`, state active,
 * allowTracing false, no owner); learn.microsoft.com api-management-subscriptions "All-access
 * subscription".
 */
export function masterSubscription(primaryKey: string): SubscriptionEntity {
  const now = new Date().toISOString()
  return {
    name: MASTER_SUBSCRIPTION,
    scope: '/',
    displayName: 'Built-in all-access subscription',
    state: 'active',
    primaryKey,
    secondaryKey: randomBytes(16).toString('hex'),
    allowTracing: false,
    etag: '"00000000"',
    createdDateTime: now,
    updatedDateTime: now
  }
}

/**
 * Keeps the state in memory and, with a file, on disk after every write: a temp file then a
 * rename, so a kill at any moment leaves either the old or the new state, never half of one.
 */
export class StateStore {
  constructor(
    public state: ServiceState,
    private readonly file?: string
  ) {}

  /** A state file written before `sku` existed gets the default; a given `sku` replaces the file's. */
  static open(
    file: string | undefined,
    identity: ServiceState['identity'],
    sku?: ServiceSku
  ): StateStore {
    if (file && fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8')
      let loaded: ServiceState
      try {
        loaded = JSON.parse(text) as ServiceState
      } catch (err) {
        throw new Error(
          `the state file ${file} is not valid JSON (${(err as Error).message}); move it away to start empty`,
          { cause: err }
        )
      }
      if (!loaded.identity || typeof loaded.sequence !== 'number') {
        throw new Error(
          `the state file ${file} is not an emulator state; move it away to start empty`
        )
      }
      // A state file from before products, subscriptions, backends and named values gets empty
      // collections, and the built-in subscription when it has no subscriptions at all.
      const state = { ...emptyState(loaded.identity), ...loaded }
      if (sku) state.sku = { ...sku }
      return new StateStore(state, file)
    }
    return new StateStore(emptyState(identity, sku), file)
  }

  /** A fresh ETag and timestamps for an entity being written. */
  stamp(previous?: Stamped): Stamped {
    this.state.sequence++
    const now = new Date().toISOString()
    return {
      etag: `"${this.state.sequence.toString(16).padStart(8, '0')}"`,
      createdDateTime: previous?.createdDateTime ?? now,
      updatedDateTime: now
    }
  }

  save(): void {
    if (!this.file) return
    const temp = path.join(
      path.dirname(this.file),
      `.${path.basename(this.file)}.${process.pid}.tmp`
    )
    const fd = fs.openSync(temp, 'w')
    try {
      fs.writeSync(fd, JSON.stringify(this.state))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, this.file)
  }
}
