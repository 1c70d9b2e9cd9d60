import type { RawInputs } from './settings.js'
import { bool, list, nonEmpty, oneOf } from './settings-values.js'

/** How the versions are reached: products, the backend, AI-gateway policies and the check. */
export interface GatewaySettings {
  /** Products every version is a member of (they must exist). */
  products: string[]
  backend?: BackendSettings
  /** How the gateway authenticates to the backend. */
  auth: BackendAuth
  /** Tokens per minute per subscription (`azure-openai-token-limit`); undefined: no limit. */
  tokenLimit?: number
  emitTokenMetric: boolean
  /** `gateway`: after an apply, call every version once through the gateway. */
  verify: 'none' | 'gateway'
  gatewayUrl?: string
  verifyKey?: string
  verifySubscription?: string
}

export interface BackendSettings {
  id: string
  /** The backend entity's URL: `service-url`. */
  url: string
}

export type BackendAuth =
  { kind: 'none' } | { kind: 'managed-identity'; resource: string; clientId?: string }

/** The choices of `backend-auth` and `verify`. */
export const BACKEND_AUTHS = ['none', 'managed-identity'] as const
export const VERIFY_KINDS = ['none', 'gateway'] as const

/** Azure OpenAI's token audience (learn.microsoft.com, api-management-authenticate-authorize-azure-openai). */
export const COGNITIVE_SERVICES = 'https://cognitiveservices.azure.com'

// APIM's entity names: 1-256 (products), 1-80 (backends) characters, none of * # & + : < > ?
const ENTITY_ID = /^[^*#&+:<>?\s/\\]+$/
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function readGatewaySettings(
  raw: RawInputs,
  serviceUrl: string | undefined,
  problems: string[]
): GatewaySettings {
  const products = list(raw.products) ?? []
  for (const id of products) {
    if (!ENTITY_ID.test(id) || id.length > 256)
      problems.push(
        `products: '${id}' is not a product id (the name in its ARM id, not its display name)`
      )
  }
  if (new Set(products.map((p) => p.toLowerCase())).size !== products.length)
    problems.push('products: a product is named twice')

  const backendId = nonEmpty(raw['backend-id'])
  let backend: BackendSettings | undefined
  if (backendId) {
    if (!ENTITY_ID.test(backendId) || backendId.length > 80)
      problems.push(
        `backend-id: '${backendId}' must be 1-80 characters, none of * # & + : < > ? / \\ or spaces`
      )
    if (!serviceUrl)
      problems.push(
        'backend-id: needs service-url, the URL of the backend entity (e.g. https://my-aoai.openai.azure.com/openai)'
      )
    else if (serviceUrl.includes('{version}'))
      problems.push(
        'backend-id: one backend serves every version, so service-url may not contain {version}'
      )
    else backend = { id: backendId, url: serviceUrl }
  }

  const authKind = oneOf(raw, 'backend-auth', BACKEND_AUTHS, 'none', problems)
  const clientId = nonEmpty(raw['backend-client-id'])
  const resource = nonEmpty(raw['backend-resource'])
  if (authKind !== 'managed-identity' && (clientId || resource))
    problems.push(
      'backend-client-id and backend-resource: only with backend-auth: managed-identity'
    )
  if (clientId && !GUID.test(clientId))
    problems.push(
      `backend-client-id: '${clientId}' is not the client id (a GUID) of a user-assigned identity`
    )
  if (resource && !/^https:\/\/[^\s"<>]+$/.test(resource))
    problems.push(`backend-resource: '${resource}' must be an https URL (the token audience)`)
  const auth: BackendAuth =
    authKind === 'managed-identity'
      ? {
          kind: 'managed-identity',
          resource: resource ?? COGNITIVE_SERVICES,
          ...(clientId ? { clientId } : {})
        }
      : { kind: 'none' }

  const limitText = nonEmpty(raw['token-limit'])
  const tokenLimit = limitText === undefined ? undefined : Number(limitText)
  if (limitText !== undefined && !(/^\d{1,9}$/.test(limitText) && tokenLimit! > 0))
    problems.push(
      `token-limit: expected tokens per minute per subscription, a whole number above 0, got '${limitText}'`
    )

  const verify = oneOf(raw, 'verify', VERIFY_KINDS, 'none', problems)
  const gatewayUrl = nonEmpty(raw['gateway-url'])?.replace(/\/+$/, '')
  if (gatewayUrl && !/^https?:\/\/[^\s]+$/.test(gatewayUrl))
    problems.push(`gateway-url: '${gatewayUrl}' is not an http(s) URL`)
  const verifyKey = nonEmpty(raw['verify-key'])
  const verifySubscription = nonEmpty(raw['verify-subscription'])
  if (verifyKey && verifySubscription)
    problems.push('verify-key and verify-subscription: give one way to get the key, not both')
  if (
    verifySubscription &&
    (!ENTITY_ID.test(verifySubscription) || verifySubscription.length > 256)
  )
    problems.push(`verify-subscription: '${verifySubscription}' is not a subscription id`)

  return {
    products,
    ...(backend ? { backend } : {}),
    auth,
    ...(tokenLimit !== undefined && tokenLimit > 0 ? { tokenLimit } : {}),
    emitTokenMetric: bool(raw, 'emit-token-metric', false, problems),
    verify,
    ...(gatewayUrl ? { gatewayUrl } : {}),
    ...(verifyKey ? { verifyKey } : {}),
    ...(verifySubscription ? { verifySubscription } : {})
  }
}
