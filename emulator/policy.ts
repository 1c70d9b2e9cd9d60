import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { validationError } from './http.js'

/** A parsed XML element (fast-xml-parser's ordered form, flattened). */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true
})

export function parseXml(xml: string): XmlElement[] {
  return (parser.parse(xml) as unknown[])
    .map(toElement)
    .filter((e): e is XmlElement => e !== undefined)
}

function toElement(node: unknown): XmlElement | undefined {
  const record = node as Record<string, unknown>
  const name = Object.keys(record).find((k) => k !== ':@')
  if (!name || name === '#text' || name.startsWith('?')) return undefined
  const content = (record[name] as unknown[]) ?? []
  const children = content.map(toElement).filter((e): e is XmlElement => e !== undefined)
  const text = content
    .map((c) => (c as Record<string, unknown>)['#text'])
    .filter((t) => t !== undefined)
    .join('')
  return { name, attributes: (record[':@'] as Record<string, string>) ?? {}, children, text }
}

const SECTIONS = new Set(['inbound', 'backend', 'outbound', 'on-error'])

/** Where each `<include-fragment fragment-id="…">` sits, for APIM-like messages. */
function includes(xml: string): { id: string; line: number; column: number }[] {
  const found: { id: string; line: number; column: number }[] = []
  const pattern = /<include-fragment\b[^>]*?\bfragment-id\s*=\s*(?:"([^"]*)"|'([^']*)')/g
  for (const match of xml.matchAll(pattern)) {
    const before = xml.slice(0, match.index)
    const line = before.split('\n').length
    found.push({ id: match[1] ?? match[2], line, column: match.index - before.lastIndexOf('\n') })
  }
  return found
}

function checkWellFormed(xml: string, what: string): XmlElement {
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: false })
  if (result !== true) {
    throw validationError(
      `${what} is not a valid XML: ${result.err.msg} Line ${result.err.line}, position ${result.err.col}.`
    )
  }
  const roots = parseXml(xml)
  if (roots.length !== 1) throw validationError(`${what} must have exactly one root element.`)
  return roots[0]
}

/** Checks an API policy as APIM does on PUT: XML, `<policies>` root, fragments that exist. */
export function checkPolicy(xml: string, fragmentExists: (id: string) => boolean): void {
  const root = checkWellFormed(xml, 'The policy')
  if (root.name !== 'policies') {
    throw validationError(`The root element of a policy must be 'policies', not '${root.name}'.`)
  }
  for (const include of includes(xml)) {
    if (!fragmentExists(include.id)) {
      throw validationError(
        `Error in element 'include-fragment' on line ${include.line}, column ${include.column}: Policy fragment with id '${include.id}' could not be found.`,
        'include-fragment'
      )
    }
  }
}

/** Checks a fragment: XML with a `<fragment>` root and no sections, `<base/>` or nested fragments. */
export function checkFragment(xml: string): void {
  const root = checkWellFormed(xml, 'The policy fragment')
  if (root.name !== 'fragment') {
    throw validationError(
      `The root element of a policy fragment must be 'fragment', not '${root.name}'.`
    )
  }
  const walk = (element: XmlElement): void => {
    for (const child of element.children) {
      if (SECTIONS.has(child.name) || child.name === 'base' || child.name === 'include-fragment') {
        throw validationError(`A policy fragment cannot contain '${child.name}'.`)
      }
      walk(child)
    }
  }
  walk(root)
}

export function fragmentIds(xml: string): string[] {
  return includes(xml).map((i) => i.id)
}

/** The fragment's policies without the `<fragment>` wrapper (how APIM echoes `format=xml`). */
export function fragmentInner(xml: string): string {
  return xml
    .replace(/^\s*<fragment\b[^>]*>/, '')
    .replace(/<\/fragment>\s*$/, '')
    .trim()
}

// --- Executing the documented subset at the gateway -------------------------------------------

export interface PolicyContext {
  originalUrl: URL
  url: URL
  headers: Record<string, string>
  apiVersion?: string
  backendBaseUrl?: string
}

export class PolicyExecutionError extends Error {}

/**
 * Runs a section of a policy (`inbound`, `outbound`) with fragments inlined. Supported:
 * set-query-parameter, set-header, set-backend-service base-url, include-fragment, base;
 * other elements are ignored.
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
            context,
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
            context,
            (name) =>
              context.headers[name.toLowerCase()] ? [context.headers[name.toLowerCase()]] : [],
            (name, values) => {
              if (values.length === 0) delete context.headers[name.toLowerCase()]
              else context.headers[name.toLowerCase()] = values.join(',')
            }
          )
          break
        case 'set-backend-service':
          if (el.attributes['base-url'])
            context.backendBaseUrl = evaluate(el.attributes['base-url'], context)
          break
        default:
          break
      }
    }
  }
  run(element.children)
}

function applyNamed(
  el: XmlElement,
  context: PolicyContext,
  get: (name: string) => string[],
  set: (name: string, values: string[]) => void
): void {
  const name = el.attributes.name
  if (!name) throw new PolicyExecutionError(`'${el.name}' needs a name attribute`)
  const action = el.attributes['exists-action'] ?? 'override'
  const values = el.children.filter((c) => c.name === 'value').map((c) => evaluate(c.text, context))
  const existing = get(name)
  if (action === 'delete') set(name, [])
  else if (action === 'skip') {
    if (existing.length === 0) set(name, values)
  } else if (action === 'append') set(name, [...existing, ...values])
  else set(name, values)
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
  const match = GET_VALUE.exec(expression)
  if (!match)
    throw new PolicyExecutionError(`policy expression not supported by the emulator: ${trimmed}`)
  const [, source, name, fallback] = match
  let value: string | null
  if (source === 'Request.Headers') value = context.headers[name.toLowerCase()] ?? null
  else if (source === 'Request.OriginalUrl.Query')
    value = context.originalUrl.searchParams.get(name)
  else value = context.url.searchParams.get(name)
  return value ?? fallback ?? ''
}
