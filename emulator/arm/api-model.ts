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

export function apiJson(
  ctx: RequestContext,
  api: ApiEntity,
  revision: RevisionEntity,
  name: string,
  expandVersionSet = false
): Record<string, unknown> {
  const p = revision.properties
  const setName = versionSetName(p.apiVersionSetId)
  const set = setName ? ctx.state.versionSets[setName] : undefined
  return {
    id: `${ctx.servicePath}/apis/${name}`,
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
      authenticationSettings: p.authenticationSettings,
      subscriptionKeyParameterNames: p.subscriptionKeyParameterNames,
      isCurrent: api.current === revision.revision,
      isOnline: true,
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
      type: p.type
    })
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
