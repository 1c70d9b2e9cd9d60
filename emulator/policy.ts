import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { validationError } from './http.js'
import { checkElements, includedFragments, type PolicyRefs } from './policy-check.js'

export type { PolicyRefs } from './policy-check.js'

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

/**
 * Checks an API policy as APIM does on PUT: XML, `<policies>` root, then the references and
 * elements (policy-check.ts): fragments, backends and named values that exist, required
 * attributes, policies the tier has.
 */
export function checkPolicy(xml: string, refs: PolicyRefs): void {
  const root = checkWellFormed(xml, 'The policy')
  if (root.name !== 'policies') {
    throw validationError(`The root element of a policy must be 'policies', not '${root.name}'.`)
  }
  checkElements(xml, refs)
}

/**
 * Checks a fragment's structure: XML with a `<fragment>` root and no sections, `<base/>` or nested
 * fragments. Its references are checked apart (policy-check.ts `checkElements`).
 */
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
  return includedFragments(xml)
}

/** The fragment's policies without the `<fragment>` wrapper (how APIM echoes `format=xml`). */
export function fragmentInner(xml: string): string {
  return xml
    .replace(/^\s*<fragment\b[^>]*>/, '')
    .replace(/<\/fragment>\s*$/, '')
    .trim()
}
