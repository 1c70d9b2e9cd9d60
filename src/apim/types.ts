/** What the planner needs to know of an API in APIM (one current revision). */
export interface ApimApi {
  name: string
  apiVersion?: string
  apiVersionSetId?: string
  apiRevision: number
  path: string
  apiRevisionDescription?: string
}

export interface VersionSetProps {
  displayName: string
  versioningScheme: 'Query' | 'Header' | 'Segment'
  versionQueryName?: string
  versionHeaderName?: string
  description?: string
}

export interface ImportProps {
  format: 'openapi' | 'openapi+json' | 'swagger-json'
  value: string
  path: string
  displayName: string
  /** Absent for the version set's Original: the version reached without a version identifier. */
  apiVersion?: string
  apiVersionSetId: string
  serviceUrl?: string
  subscriptionRequired: boolean
  subscriptionKeyHeader: string
  description?: string
  /** Set when importing into a new revision (`{id};rev=N`). */
  sourceApiId?: string
}

/**
 * The APIM management calls the engine makes: one small interface, one real implementation
 * (the Azure SDK), so the planner and apply stay testable and the wire stays in one place.
 */
export interface ApimGateway {
  readonly description: string
  getVersionSet(id: string): Promise<VersionSetProps | undefined>
  putVersionSet(id: string, props: VersionSetProps): Promise<void>
  /** Current revisions of every API (one paged list). */
  listCurrentApis(): Promise<ApimApi[]>
  /** The fragment's raw XML and description; undefined when it does not exist. */
  getFragment(id: string): Promise<{ value: string; description?: string } | undefined>
  putFragment(id: string, value: string, description: string): Promise<void>
  importApi(apiId: string, props: ImportProps): Promise<void>
  listRevisions(apiId: string): Promise<{ revision: number; isCurrent: boolean }[]>
  putPolicy(apiId: string, xml: string): Promise<void>
  putRelease(apiId: string, releaseId: string, revision: number, notes: string): Promise<void>
  setRevisionDescription(apiId: string, description: string): Promise<void>
  deleteApi(apiId: string): Promise<void>
  /** Deletes one non-current revision (`{apiId};rev=N`); APIM refuses the current one. */
  deleteRevision(apiId: string, revision: number): Promise<void>
  /** The service's pricing tier (its `sku.name`: Developer, StandardV2…). */
  getServiceSku(): Promise<string>
  /** Every API entity of the service, current and not (`name;rev=N`): what counts against its limits. */
  listAllApiNames(): Promise<string[]>
  /** How many operations an API entity (or `name;rev=N`) has: one request, read from `count`. */
  countOperations(apiId: string): Promise<number>
  /** The service's gateway URL (`properties.gatewayUrl`), e.g. `https://contoso.azure-api.net`. */
  getGatewayUrl(): Promise<string | undefined>
  /** The ids of the APIs in a product; undefined when the product does not exist. */
  listProductApis(productId: string): Promise<string[] | undefined>
  /** Every product id of the service (to name them when one asked for is missing). */
  listProducts(): Promise<string[]>
  /** Adds an API to a product (idempotent: APIM answers 200 when it is there already). */
  addProductApi(productId: string, apiId: string): Promise<void>
  /** Creates or updates a backend entity. */
  putBackend(id: string, props: BackendProps): Promise<void>
  /** A subscription's primary key (`listSecrets`); never logged. */
  getSubscriptionKey(subscriptionId: string): Promise<string>
}

/** A backend entity as the action sets it: an HTTP backend at a URL. */
export interface BackendProps {
  url: string
  protocol: 'http'
  description: string
}
