import { randomBytes } from 'node:crypto'
import { notFound, validationError } from '../http.js'
import type { ServiceState } from '../state.js'
import { splitApiId } from './names.js'

/** A new subscription key: 32 hex characters, as APIM generates them. */
export function newSubscriptionKey(): string {
  return randomBytes(16).toString('hex')
}

/** The product a stored scope (`/products/{id}`) names, if it names one. */
export function productOfScope(scope: string): string | undefined {
  return /^\/products\/([^/]+)$/.exec(scope)?.[1]
}

/** The API a stored scope (`/apis/{id}`) names, if it names one. */
export function apiOfScope(scope: string): string | undefined {
  return /^\/apis\/([^/]+)$/.exec(scope)?.[1]
}

/**
 * A subscription's `scope` as the request gives it, full ARM id or short form, reduced to the
 * stored short form. APIM's refusal of anything else, word for word (Azure/azure-powershell#26997,
 * hashicorp/terraform-provider-azurerm#12829); the product or API it names must exist.
 */
export function parseScope(state: ServiceState, servicePath: string, given: unknown): string {
  const invalid = () =>
    validationError(
      "Subscription scope should be one of '/apis', '/apis/{apiId}', '/products/{productId}'",
      'scope'
    )
  if (typeof given !== 'string') throw invalid()
  let scope = given
  if (scope.toLowerCase().startsWith(servicePath.toLowerCase()))
    scope = scope.slice(servicePath.length)
  if (/^\/apis\/?$/i.test(scope)) return '/apis'
  const match = /^\/(apis|products)\/([^/]+)$/i.exec(scope)
  if (!match) throw invalid()
  const id = decodeURIComponent(match[2])
  if (match[1].toLowerCase() === 'products') {
    if (!state.products[id]) throw notFound('Product')
    return `/products/${id}`
  }
  const root = splitApiId(id).root
  if (!state.apis[root]) throw notFound('Api')
  return `/apis/${root}`
}

/** The scope as responses show it: a full ARM id (`…/service/{name}/` for the built-in one). */
export function scopeId(servicePath: string, scope: string): string {
  return `${servicePath}${scope}`
}
