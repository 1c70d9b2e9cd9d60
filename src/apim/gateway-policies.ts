import { createHash } from 'node:crypto'
import { escapeXml } from '../render/escape.js'
import type { GatewaySettings } from '../settings-gateway.js'

/** The fragment's description when the action manages no backend (what earlier releases wrote). */
export const FRAGMENT_DESCRIPTION = 'Managed by apim-version-action'

/** APIM's default query parameter for the subscription key (we set only the header's name). */
const KEY_QUERY_PARAMETER = 'subscription-key'

/**
 * The inbound policies the gateway settings ask for, appended to the shared fragment (one
 * element per line, indented as the default fragment is). In the order a request meets them:
 * - `set-backend-service backend-id`: routes every version to the backend entity, as APIM's own
 *   "import from Azure OpenAI" does (azure-openai-api-from-specification.md).
 * - with managed identity: the caller's subscription key is removed first ("the subscription key
 *   by default is passed to the backend", api-management-subscriptions.md; Azure OpenAI would read
 *   an `api-key` header as its own key), then `authentication-managed-identity` sets
 *   `Authorization: Bearer` for `resource` (api-management-authenticate-authorize-azure-openai.md).
 * - `azure-openai-token-limit`, counted per subscription; `estimate-prompt-tokens` is required;
 *   false counts what the backend reports in `usage` (azure-openai-token-limit-policy.md).
 * - `azure-openai-emit-token-metric` with the API and subscription as dimensions.
 */
export function gatewayPolicyLines(gateway: GatewaySettings, keyHeader: string): string[] {
  const lines: string[] = []
  if (gateway.backend)
    lines.push(`<set-backend-service backend-id="${escapeXml(gateway.backend.id)}" />`)
  if (gateway.auth.kind === 'managed-identity') {
    const clientId = gateway.auth.clientId ? ` client-id="${escapeXml(gateway.auth.clientId)}"` : ''
    lines.push(
      `<set-header name="${escapeXml(keyHeader)}" exists-action="delete" />`,
      `<set-query-parameter name="${KEY_QUERY_PARAMETER}" exists-action="delete" />`,
      `<authentication-managed-identity resource="${escapeXml(gateway.auth.resource)}"${clientId} />`
    )
  }
  if (gateway.tokenLimit !== undefined) {
    lines.push(
      `<azure-openai-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="${gateway.tokenLimit}" estimate-prompt-tokens="false" remaining-tokens-header-name="x-ratelimit-remaining-tokens" />`
    )
  }
  if (gateway.emitTokenMetric) {
    lines.push(
      '<azure-openai-emit-token-metric namespace="apim-version-action">',
      '  <dimension name="API ID" />',
      '  <dimension name="Subscription ID" />',
      '</azure-openai-emit-token-metric>'
    )
  }
  return lines
}

/** The fragment with the gateway's policies before its closing tag. */
export function withGatewayPolicies(fragment: string, lines: string[]): string {
  if (lines.length === 0) return fragment
  const end = fragment.lastIndexOf('</fragment>')
  if (end < 0) return fragment
  const head = fragment.slice(0, end).replace(/\s*$/, '')
  return `${head}\n${lines.map((l) => `  ${l}`).join('\n')}\n${fragment.slice(end)}`
}

/**
 * The fragment's description: it also records the backend entity the action last wrote (its id
 * and a hash of its URL), so a plan knows the backend is as wanted without reading it.
 */
export function fragmentDescription(gateway: GatewaySettings): string {
  if (!gateway.backend) return FRAGMENT_DESCRIPTION
  const hash = createHash('sha256').update(gateway.backend.url).digest('hex').slice(0, 12)
  return `${FRAGMENT_DESCRIPTION}; backend ${gateway.backend.id} url=${hash}`
}
