import { describe, expect, it } from '@jest/globals'
import {
  fragmentDescription,
  FRAGMENT_DESCRIPTION,
  gatewayPolicyLines,
  withGatewayPolicies
} from '../src/apim/gateway-policies.js'
import { defaultFragment, xmlProblem } from '../src/apim/policy.js'
import { readSettings } from '../src/settings.js'

const base = { mode: 'apply', 'api-id': 'aoai', 'service-url': 'https://aoai.example/openai' }

describe('the gateway inputs', () => {
  it('are off by default', () => {
    expect(readSettings(base).gateway).toEqual({
      products: [],
      auth: { kind: 'none' },
      emitTokenMetric: false,
      verify: 'none'
    })
  })

  it('read products, a backend with managed identity, a token limit and verify', () => {
    const gateway = readSettings({
      ...base,
      products: 'starter,\npartners',
      'backend-id': 'aoai',
      'backend-auth': 'managed-identity',
      'backend-client-id': '11111111-2222-3333-4444-555555555555',
      'token-limit': '1000',
      'emit-token-metric': 'true',
      verify: 'gateway',
      'verify-subscription': 'callers'
    }).gateway
    expect(gateway).toEqual({
      products: ['starter', 'partners'],
      backend: { id: 'aoai', url: 'https://aoai.example/openai' },
      auth: {
        kind: 'managed-identity',
        resource: 'https://cognitiveservices.azure.com',
        clientId: '11111111-2222-3333-4444-555555555555'
      },
      tokenLimit: 1000,
      emitTokenMetric: true,
      verify: 'gateway',
      verifySubscription: 'callers'
    })
  })

  it('refuse what cannot work, one message per problem', () => {
    const read = (raw: Record<string, string>) => () => readSettings({ ...base, ...raw })
    expect(read({ 'backend-id': 'b', 'service-url': 'https://x/{version}' })).toThrow(
      'backend-id: one backend serves every version, so service-url may not contain {version}'
    )
    expect(read({ 'backend-client-id': '1111' })).toThrow(
      'backend-client-id and backend-resource: only with backend-auth: managed-identity'
    )
    expect(read({ 'backend-auth': 'managed-identity', 'backend-client-id': 'x' })).toThrow(
      "backend-client-id: 'x' is not the client id (a GUID) of a user-assigned identity"
    )
    expect(read({ 'token-limit': '0' })).toThrow('token-limit: expected tokens per minute')
    expect(read({ products: 'a,A' })).toThrow('products: a product is named twice')
    expect(read({ products: 'bad#id' })).toThrow("products: 'bad#id' is not a product id")
    expect(read({ verify: 'gateway' })).toThrow(
      'verify: the APIs require a subscription key: give verify-key'
    )
    expect(read({ mode: 'verify', 'verify-key': 'k', 'verify-subscription': 's' })).toThrow(
      'verify-key and verify-subscription: give one way to get the key, not both'
    )
  })

  it('need no key to verify APIs that require none', () => {
    const settings = readSettings({ ...base, verify: 'gateway', 'subscription-required': 'false' })
    expect(settings.gateway.verify).toBe('gateway')
  })
})

describe('the policies the gateway inputs add to the fragment', () => {
  const gateway = readSettings({
    ...base,
    'backend-id': 'aoai"b',
    'backend-auth': 'managed-identity',
    'token-limit': '500',
    'emit-token-metric': 'true'
  }).gateway

  it('route to the backend, drop the caller key before signing in, limit and count tokens', () => {
    const fragment = withGatewayPolicies(
      defaultFragment('api-version', 'Query'),
      gatewayPolicyLines(gateway, 'api-key')
    )
    expect(xmlProblem(fragment)).toBeUndefined()
    const lines = fragment.split('\n').map((l) => l.trim())
    const at = (start: string) => lines.findIndex((l) => l.startsWith(start))
    expect(lines).toContain('<set-backend-service backend-id="aoai&quot;b" />')
    expect(lines).toContain('<set-header name="api-key" exists-action="delete" />')
    expect(lines).toContain(
      '<set-query-parameter name="subscription-key" exists-action="delete" />'
    )
    expect(lines).toContain(
      '<authentication-managed-identity resource="https://cognitiveservices.azure.com" />'
    )
    expect(at('<set-header name="api-key"')).toBeLessThan(at('<authentication-managed-identity'))
    expect(fragment).toContain(
      '<azure-openai-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="500" estimate-prompt-tokens="false"'
    )
    expect(fragment).toContain('<azure-openai-emit-token-metric namespace="apim-version-action">')
    expect(lines.at(-1)).toBe('</fragment>')
  })

  it('leave a fragment without gateway inputs as it was', () => {
    const plain = defaultFragment('api-version', 'Query')
    const none = readSettings(base).gateway
    expect(withGatewayPolicies(plain, gatewayPolicyLines(none, 'api-key'))).toBe(plain)
    expect(fragmentDescription(none)).toBe(FRAGMENT_DESCRIPTION)
  })

  it('record the backend in the fragment description, changing with its URL', () => {
    const other = readSettings({ ...base, 'backend-id': 'aoai"b', 'service-url': 'https://b/x' })
    expect(fragmentDescription(gateway)).toMatch(
      /^Managed by apim-version-action; backend aoai"b url=[0-9a-f]{12}$/
    )
    expect(fragmentDescription(other.gateway)).not.toBe(fragmentDescription(gateway))
  })
})
