import type { ApiEntity, ApiProperties, ServiceState, SubscriptionEntity } from './state.js'

export type Access =
  { allowed: true; subscription?: SubscriptionEntity } | { allowed: false; message: string }

export const MISSING_KEY =
  'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
export const INVALID_KEY =
  'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'

/** The subscription key of a call: the API's header, else its query parameter. */
export function givenKey(
  props: ApiProperties,
  headers: Record<string, string>,
  url: URL
): string | undefined {
  const names = props.subscriptionKeyParameterNames
  // "The query parameter is checked only if the header isn't present."
  return headers[names.header.toLowerCase()] || url.searchParams.get(names.query) || undefined
}

/**
 * Whether a call may use the API, by learn.microsoft.com api-management-subscriptions "How API
 * Management handles requests with or without subscription keys":
 * - with a key: it must be the primary or secondary key of an active subscription scoped to the
 *   API, to a product that has the API, to all APIs (`/apis`) or to the service (the built-in
 *   all-access one); any other key is denied, whether or not the API or a product requires a
 *   subscription (the summary table's "Access denied: other key not scoped to applicable product
 *   or API"). A product's state does not matter ("API access in a product context is the same,
 *   whether the product is published or not");
 * - without a key: allowed when an open product (subscriptionRequired false) has the API, or
 *   when the API requires no subscription; else denied.
 * Both denials are the gateway's 401 with the messages of the 401 troubleshooting article
 * (SupportArticles-docs unauthorized-errors-invoke-apis, KB 4464930).
 */
export function checkAccess(
  state: ServiceState,
  api: ApiEntity,
  props: ApiProperties,
  key: string | undefined
): Access {
  const products = Object.values(state.products).filter((p) => p.apis.includes(api.name))
  if (key !== undefined) {
    const covers = (s: SubscriptionEntity): boolean => {
      if (s.scope === '/' || s.scope === '/apis') return true
      if (s.scope === `/apis/${api.name}`) return true
      const product = /^\/products\/([^/]+)$/.exec(s.scope)?.[1]
      return product !== undefined && products.some((p) => p.name === product)
    }
    const subscription = Object.values(state.subscriptions).find(
      (s) => s.state === 'active' && (s.primaryKey === key || s.secondaryKey === key) && covers(s)
    )
    return subscription ? { allowed: true, subscription } : { allowed: false, message: INVALID_KEY }
  }
  if (products.some((p) => !p.subscriptionRequired)) return { allowed: true }
  if (!props.subscriptionRequired) return { allowed: true }
  return { allowed: false, message: MISSING_KEY }
}
