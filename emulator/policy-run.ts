import { randomUUID } from 'node:crypto'
import { parseXml, type XmlElement } from './policy.js'
import { substituteNamedValues } from './policy-check.js'
import { estimatePromptTokens, type TokenCounters } from './token-limit.js'

/** One `azure-openai-token-limit` that let a call through: counted when the response arrives. */
export interface TokenLimitUse {
  counterKey: string
  limit: number
  consumedHeader?: string
  remainingHeader?: string
}

export interface PolicyContext {
  originalUrl: URL
  url: URL
  headers: Record<string, string>
  apiVersion?: string
  backendBaseUrl?: string
  /** The backend entity `set-backend-service backend-id` chose (resolved by the gateway). */
  backendId?: string
  /** `context.Subscription.Id`; undefined when the call has no subscription (null Subscription). */
  subscriptionId?: string
  ipAddress?: string
  requestBody?: Buffer
  /** A named value's value by display name (`{{name}}`). */
  namedValue?: (displayName: string) => string | undefined
  tokens?: TokenCounters
  tokenLimits?: TokenLimitUse[]
  variables?: Record<string, string>
}

export class PolicyExecutionError extends Error {}

/** An answer a policy gives instead of the backend's (the token limit's 429). */
export class PolicyResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {}
  ) {
    super(`policy answered ${status}`)
  }
}

/**
 * Runs a section of a policy (`inbound`, `outbound`) with fragments inlined and `{{named values}}`
 * replaced. Supported: set-query-parameter, set-header, set-backend-service (base-url,
 * backend-id), authentication-managed-identity, azure-openai-token-limit,
 * azure-openai-emit-token-metric (accepted, no effect), include-fragment, base; other elements
 * are ignored.
 */
export function runSection(
  policyXml: string | undefined,
  section: 'inbound' | 'outbound',
  context: PolicyContext,
  fragmentXml: (id: string) => string | undefined
): void {
  if (!policyXml) return
  const [root] = parseXml(policyXml)
  const element = root?.children.find((c) => c.name === section)
  if (!element) return
  const value = (text: string) => evaluate(named(text, context), context)
  const run = (elements: XmlElement[]): void => {
    for (const el of elements) {
      switch (el.name) {
        case 'include-fragment': {
          const xml = fragmentXml(el.attributes['fragment-id'])
          if (xml) run(parseXml(xml)[0]?.children ?? [])
          break
        }
        case 'set-query-parameter':
          applyNamed(
            el,
            value,
            (name) => context.url.searchParams.getAll(name),
            (name, values) => {
              context.url.searchParams.delete(name)
              for (const v of values) context.url.searchParams.append(name, v)
            }
          )
          break
        case 'set-header':
          applyNamed(
            el,
            value,
            (name) =>
              context.headers[name.toLowerCase()] ? [context.headers[name.toLowerCase()]] : [],
            (name, values) => {
              if (values.length === 0) delete context.headers[name.toLowerCase()]
              else context.headers[name.toLowerCase()] = values.join(',')
            }
          )
          break
        case 'set-backend-service':
          if (el.attributes['backend-id'] !== undefined) {
            context.backendId = value(el.attributes['backend-id'])
            context.backendBaseUrl = undefined
          } else if (el.attributes['base-url'] !== undefined) {
            context.backendBaseUrl = value(el.attributes['base-url'])
            context.backendId = undefined
          }
          break
        case 'authentication-managed-identity':
          managedIdentity(el, value, context)
          break
        case 'azure-openai-token-limit':
          tokenLimit(el, value, context)
          break
        case 'choose': {
          // The first `when` whose condition holds, else `otherwise` (learn.microsoft.com,
          // choose-policy: "…the first when element whose condition evaluates to true…").
          const branch =
            el.children.find(
              (c) =>
                c.name === 'when' &&
                condition(named(c.attributes.condition ?? '', context), context)
            ) ?? el.children.find((c) => c.name === 'otherwise')
          if (branch) run(branch.children)
          break
        }
        default:
          // base, azure-openai-emit-token-metric (metrics go nowhere) and anything else.
          break
      }
    }
  }
  run(element.children)
}

function named(text: string, context: PolicyContext): string {
  return context.namedValue ? substituteNamedValues(text, context.namedValue) : text
}

function applyNamed(
  el: XmlElement,
  value: (text: string) => string,
  get: (name: string) => string[],
  set: (name: string, values: string[]) => void
): void {
  const name = el.attributes.name
  if (!name) throw new PolicyExecutionError(`'${el.name}' needs a name attribute`)
  const action = el.attributes['exists-action'] ?? 'override'
  const values = el.children.filter((c) => c.name === 'value').map((c) => value(c.text))
  const existing = get(name)
  if (action === 'delete') set(name, [])
  else if (action === 'skip') {
    if (existing.length === 0) set(name, values)
  } else if (action === 'append') set(name, [...existing, ...values])
  else set(name, values)
}

/**
 * authentication-managed-identity: "sets the value of the token in the Authorization header using
 * the Bearer scheme" (or, with output-token-variable-name, in that variable). The emulator has no
 * Entra ID: the token is an unsigned JWT whose `aud` is the resource and whose `appid` is the
 * client-id (`system-assigned` without one), so a backend or test can see what was asked for.
 */
function managedIdentity(
  el: XmlElement,
  value: (text: string) => string,
  context: PolicyContext
): void {
  const resource = value(el.attributes.resource ?? '')
  const clientId = el.attributes['client-id']
  const now = Math.floor(Date.now() / 1000)
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const token = [
    part({ typ: 'JWT', alg: 'none' }),
    part({
      aud: resource,
      iss: 'https://sts.windows.net/apim-emulator/',
      appid: clientId ?? 'system-assigned',
      oid: randomUUID(),
      iat: now,
      nbf: now,
      exp: now + 3600
    }),
    'apim-emulator'
  ].join('.')
  const variable = el.attributes['output-token-variable-name']
  if (variable) (context.variables ??= {})[variable] = token
  else context.headers.authorization = `Bearer ${token}`
}

/**
 * azure-openai-token-limit in inbound: once the counter of this key has reached
 * tokens-per-minute (or, estimating, the prompt does not fit), APIM answers 429 "Token limit is
 * exceeded. Try again in N seconds." with Retry-After (or retry-after-header-name), as published
 * runs of the policy show it; the backend is not called.
 */
function tokenLimit(el: XmlElement, value: (text: string) => string, context: PolicyContext): void {
  if (!context.tokens) return
  const counterKey = value(el.attributes['counter-key'] ?? '')
  const limit = Number(value(el.attributes['tokens-per-minute'] ?? ''))
  if (!Number.isFinite(limit))
    throw new PolicyExecutionError(
      "tokens-per-minute of 'azure-openai-token-limit' is not a number"
    )
  const estimate =
    value(el.attributes['estimate-prompt-tokens'] ?? 'false').toLowerCase() === 'true'
      ? estimatePromptTokens(context.requestBody ?? Buffer.alloc(0))
      : 0
  const check = context.tokens.check(counterKey, limit, estimate)
  const remainingHeader = el.attributes['remaining-tokens-header-name']
  if (!check.allowed) {
    const retryHeader = el.attributes['retry-after-header-name'] ?? 'Retry-After'
    throw new PolicyResponse(
      429,
      {
        statusCode: 429,
        message: `Token limit is exceeded. Try again in ${check.retryAfter} seconds.`
      },
      {
        [retryHeader.toLowerCase()]: String(check.retryAfter),
        ...(remainingHeader ? { [remainingHeader.toLowerCase()]: String(check.remaining) } : {})
      }
    )
  }
  ;(context.tokenLimits ??= []).push({
    counterKey,
    limit,
    consumedHeader: el.attributes['tokens-consumed-header-name'],
    remainingHeader
  })
}

const NULL_OR_EMPTY = /^(!?)\s*string\.IsNullOrEmpty\((.+)\)$/s

/**
 * A `when` condition: `@(string.IsNullOrEmpty(<expression>))` or its negation, over the string
 * expressions `evaluate` supports (enough for "only when the API has a version"). Anything else
 * is outside the emulator's subset and fails the call, as an unsupported expression does.
 */
function condition(text: string, context: PolicyContext): boolean {
  const expression = /^@\((.*)\)$/s.exec(text.trim())?.[1]?.trim() ?? ''
  const test = NULL_OR_EMPTY.exec(expression)
  if (!test)
    throw new PolicyExecutionError(`policy condition not supported by the emulator: ${text}`)
  const empty = evaluate(`@(${test[2].trim()})`, context) === ''
  return test[1] === '!' ? !empty : empty
}

const GET_VALUE =
  /^context\.(Request\.(?:OriginalUrl|Url)\.Query|Request\.Headers)\.GetValueOrDefault\(\s*"([^"]*)"\s*(?:,\s*"([^"]*)"\s*)?\)$/

/** Evaluates a literal or one of the supported expressions (see docs/emulator.md). */
export function evaluate(text: string, context: PolicyContext): string {
  const trimmed = text.trim()
  const expression = /^@\((.*)\)$/s.exec(trimmed)?.[1]?.trim()
  if (expression === undefined) {
    if (trimmed.startsWith('@'))
      throw new PolicyExecutionError(`policy expression not supported by the emulator: ${trimmed}`)
    return text
  }
  if (expression === 'context.Api.Version') return context.apiVersion ?? ''
  if (expression === 'context.Request.IpAddress') return context.ipAddress ?? ''
  if (expression === 'context.Subscription.Id') {
    // A call without a subscription has a null context.Subscription.
    if (context.subscriptionId === undefined)
      throw new PolicyExecutionError(
        'Expression evaluation failed. Object reference not set to an instance of an object.'
      )
    return context.subscriptionId
  }
  const match = GET_VALUE.exec(expression)
  if (!match)
    throw new PolicyExecutionError(`policy expression not supported by the emulator: ${trimmed}`)
  const [, source, name, fallback] = match
  let result: string | null
  if (source === 'Request.Headers') result = context.headers[name.toLowerCase()] ?? null
  else if (source === 'Request.OriginalUrl.Query')
    result = context.originalUrl.searchParams.get(name)
  else result = context.url.searchParams.get(name)
  return result ?? fallback ?? ''
}
