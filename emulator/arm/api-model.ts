import { notFound, validationError } from '../http.js'
import type {
  ApiEntity,
  ApiProperties,
  AuthenticationSettings,
  RevisionEntity,
  ServiceState
} from '../state.js'
import { dropUndefined, pick, type RequestContext } from './context.js'
import { splitApiId, versionSetName } from './names.js'

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

export interface FoundApi {
  api: ApiEntity
  revision: RevisionEntity
}

export function currentRevision(api: ApiEntity): RevisionEntity {
  return api.revisions[String(api.current)]
}

/** Finds an API revision by `name` or `name;rev=N`. */
export function resolveApi(state: ServiceState, id: string): FoundApi | undefined {
  const { root, rev } = splitApiId(id)
  const api = state.apis[root]
  if (!api) return undefined
  const revision = api.revisions[String(rev ?? api.current)]
  return revision ? { api, revision } : undefined
}

/** The API and revision `id` names, or APIM's 404. */
export function requireApi(ctx: RequestContext, id: string): FoundApi {
  const found = resolveApi(ctx.state, id)
  if (!found) throw notFound('Api')
  return found
}

/**
 * The last api-version whose answers this emulator takes from recorded sessions of real APIM
 * where a later contract's example shows another value (a `type` string, a flag's spelling):
 * Azure/azure-sdk-assets go/…/armapimanagement/testdata/recordings (2022-08-01),
 * Azure/azure-cli apim/tests/latest/recordings (2019-12-01, 2021-08-01).
 */
export const LAST_RECORDED_API_VERSION = '2022-08-01'

/** Whether the request's api-version is one the recorded sessions cover (dates sort as text). */
export function recordedContract(ctx: RequestContext): boolean {
  return ctx.apiVersion.slice(0, 10) <= LAST_RECORDED_API_VERSION
}

/** Whether the request's contract is older than `date` (api-versions sort by their date). */
export function contractBefore(ctx: RequestContext, date: string): boolean {
  return ctx.apiVersion.slice(0, 10) < date
}

/**
 * APIM keeps an API's `path` without a leading `/` (`/api/x` is stored and answered as `api/x`;
 * issue 16's recorded sessions).
 */
export function normalizeApiPath(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path
}

/**
 * APIM answers every property of an API, an unset one as null: `description`, `serviceUrl`, and
 * both single forms of `authenticationSettings` (`{"oAuth2": null, "openid": null}` when none is
 * set). Recorded: Azure/azure-cli recordings/test_apim_api_revision.yaml (2021-08-01),
 * azure-sdk-assets go/…/TestApimapisTestSuite.json (2022-08-01); serviceUrl null:
 * hashicorp/terraform-provider-azurerm#7477; authenticationSettings: Azure/azure-cli#19727.
 */
export function apiJson(
  ctx: RequestContext,
  api: ApiEntity,
  revision: RevisionEntity,
  name: string,
  expandVersionSet = false
): Record<string, unknown> {
  const p = revision.properties
  const current = api.current === revision.revision
  const setName = versionSetName(p.apiVersionSetId)
  const set = setName ? ctx.state.versionSets[setName] : undefined
  return {
    id: `${ctx.servicePath}/apis/${name}`,
    type: 'Microsoft.ApiManagement/service/apis',
    name,
    properties: dropUndefined({
      displayName: p.displayName,
      apiRevision: String(revision.revision),
      description: p.description ?? null,
      subscriptionRequired: p.subscriptionRequired,
      serviceUrl: p.serviceUrl ?? null,
      path: p.path,
      protocols: p.protocols,
      authenticationSettings: withNullForms(p.authenticationSettings),
      subscriptionKeyParameterNames: p.subscriptionKeyParameterNames,
      // Only the current revision says so: a non-current one has neither key (recordings
      // test_apim_api.yaml, test_apim_api_revision.yaml at 2021-08-01, the 2024-05-01 example
      // ApiManagementGetApiRevision); isOnline only in the contracts after the recorded ones
      // (no recording up to 2022-08-01 writes it; ApiManagementCreateApi does).
      isCurrent: current || undefined,
      isOnline: current && !recordedContract(ctx) ? true : undefined,
      apiRevisionDescription: p.apiRevisionDescription,
      apiVersion: p.apiVersion,
      apiVersionDescription: p.apiVersionDescription,
      apiVersionSetId: setName ? `${ctx.servicePath}/apiVersionSets/${setName}` : undefined,
      apiVersionSet:
        expandVersionSet && set
          ? dropUndefined({
              id: `${ctx.servicePath}/apiVersionSets/${set.name}`,
              name: set.displayName,
              description: set.description,
              versioningScheme: set.versioningScheme,
              versionQueryName: set.versionQueryName,
              versionHeaderName: set.versionHeaderName
            })
          : undefined,
      // An http API has no `type` (every recording and ApiManagementCreateApi); others do.
      type: p.type === 'http' ? undefined : p.type
    })
  }
}

function withNullForms(settings: AuthenticationSettings | undefined): Record<string, unknown> {
  const { oAuth2, openid, ...lists } = settings ?? {}
  return { oAuth2: oAuth2 ?? null, openid: openid ?? null, ...lists }
}

/**
 * The properties a PATCH of the current revision shares with the API's other revisions (issue
 * 16's recorded sessions: `displayName`, `description` and `path` read back the same from every
 * revision). APIM refuses them on a non-current revision (checkNonCurrent), so they never differ.
 */
const SHARED_BY_REVISIONS = ['displayName', 'description', 'path'] as const

/** Copies what a PATCH of the current revision changed in SHARED_BY_REVISIONS to the others. */
export function shareWithOtherRevisions(
  ctx: RequestContext,
  api: ApiEntity,
  patched: RevisionEntity,
  update: Partial<ApiProperties>
): void {
  if (api.current !== patched.revision) return
  const shared = pick(update as Record<string, unknown>, [...SHARED_BY_REVISIONS])
  if (Object.keys(shared).length === 0) return
  for (const other of Object.values(api.revisions)) {
    if (other === patched) continue
    Object.assign(other, { properties: { ...other.properties, ...shared } }, ctx.store.stamp(other))
  }
}

/** The API properties a PUT or PATCH body may set. */
export function apiProperties(props: Record<string, unknown>): Partial<ApiProperties> {
  const picked = pick(props, [
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
    'authenticationSettings',
    'type'
  ]) as Partial<ApiProperties>
  if (picked.authenticationSettings !== undefined) {
    const given: unknown = picked.authenticationSettings
    if (typeof given !== 'object' || Array.isArray(given))
      throw validationError("'authenticationSettings' must be an object.", 'authenticationSettings')
    picked.authenticationSettings = authenticationSettings(picked.authenticationSettings)
  }
  if (typeof picked.path === 'string') picked.path = normalizeApiPath(picked.path)
  return picked
}

/**
 * APIM fills one form of a setting from the other, as the 2024-05-01 examples show: `oAuth2`
 * alone gives a list of it (ApiManagementCreateApi.json), a list gives `oAuth2`/`openid` its first
 * entry (ApiManagementCreateApiWithMultipleAuthServers.json, …WithMultipleOpenIdConnectProviders).
 * `openid` alone stays alone (ApiManagementCreateApiWithOpenIdConnect.json).
 */
function authenticationSettings(given: AuthenticationSettings): AuthenticationSettings {
  const settings = structuredClone(given)
  if (settings.oAuth2 && !settings.oAuth2AuthenticationSettings) {
    settings.oAuth2AuthenticationSettings = [structuredClone(settings.oAuth2)]
  }
  if (!settings.oAuth2 && settings.oAuth2AuthenticationSettings?.length) {
    settings.oAuth2 = structuredClone(settings.oAuth2AuthenticationSettings[0])
  }
  if (!settings.openid && settings.openidAuthenticationSettings?.length) {
    settings.openid = structuredClone(settings.openidAuthenticationSettings[0])
  }
  return settings
}

export function checkNonCurrent(
  api: ApiEntity | undefined,
  revision: number,
  update: Partial<ApiProperties>
): void {
  if (!api || api.current === revision) return
  const currentProps = currentRevision(api).properties
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
export function checkApiRules(state: ServiceState, root: string, props: ApiProperties): void {
  const setName = versionSetName(props.apiVersionSetId)
  if (props.apiVersionSetId && (!setName || !state.versionSets[setName])) {
    throw notFound('ApiVersionSet')
  }
  for (const other of Object.values(state.apis)) {
    if (other.name === root) continue
    const o = currentRevision(other).properties
    const otherSet = versionSetName(o.apiVersionSetId)
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
