import { validationError } from './http.js'
import { allElements, elementAt, positionOf, scanXml, type ScannedElement } from './xml-scan.js'

/** What a policy or fragment may refer to, for the checks APIM makes when it is saved. */
export interface PolicyRefs {
  fragmentExists: (id: string) => boolean
  /** A named value's value by its display name (how `{{name}}` refers to it). */
  namedValue: (displayName: string) => string | undefined
  backendExists: (id: string) => boolean
  /** The service's tier (`sku.name`). */
  sku: string
}

export interface NamedValueRef {
  name: string
  element: string
  line: number
  column: number
}

const NAMED_VALUE = /\{\{([^{}]+)\}\}/g

/** Each `{{name}}` of a document, with the element it sits in. */
export function namedValueRefs(xml: string): NamedValueRef[] {
  const roots = scanXml(xml)
  return [...xml.matchAll(NAMED_VALUE)].map((m) => {
    const element = elementAt(roots, m.index)
    return {
      name: m[1],
      element: element?.name ?? '',
      line: element?.line ?? positionOf(xml, m.index).line,
      column: element?.column ?? positionOf(xml, m.index).column
    }
  })
}

/** Replaces `{{name}}` by the named value's value (unknown names stay as they are). */
export function substituteNamedValues(
  text: string,
  namedValue: (displayName: string) => string | undefined
): string {
  return text.replace(NAMED_VALUE, (whole, name: string) => namedValue(name) ?? whole)
}

/** The attributes each supported policy requires (learn.microsoft.com, each policy's page). */
const REQUIRED: Record<string, string[]> = {
  'set-header': ['name'],
  'set-query-parameter': ['name'],
  'include-fragment': ['fragment-id'],
  'authentication-managed-identity': ['resource'],
  'azure-openai-token-limit': ['counter-key', 'tokens-per-minute', 'estimate-prompt-tokens'],
  dimension: ['name']
}

/**
 * Policies the Consumption tier does not have: the token limit page's "APPLIES TO: Developer |
 * Basic | Basic v2 | Standard | Standard v2 | Premium | Premium v2". APIM's wording for such a
 * policy: "Policy is not allowed in 'Consumption' sku" (MicrosoftDocs/azure-docs#57081).
 */
const NOT_IN_CONSUMPTION = new Set(['azure-openai-token-limit'])

function fail(e: ScannedElement, message: string): never {
  throw validationError(
    `Error in element '${e.name}' on line ${e.line}, column ${e.column}: ${message}`,
    e.name
  )
}

/**
 * The reference and element checks APIM makes on save, with its messages: included fragments
 * and `set-backend-service backend-id` backends exist (Azure/apiops#668, #56), `{{name}}` names an
 * existing named value ("Cannot find a property 'x'"), required attributes are there ("The
 * required attribute 'name' is missing.", MicrosoftDocs/azure-docs#51481), `set-header` holds no
 * text (microsoft/vscode-apimanagement#145), the tier allows the policy.
 */
export function checkElements(xml: string, refs: PolicyRefs): void {
  const roots = scanXml(xml)
  for (const ref of namedValueRefs(xml)) {
    if (refs.namedValue(ref.name) === undefined) {
      throw validationError(
        `Error in element '${ref.element}' on line ${ref.line}, column ${ref.column}: Cannot find a property '${ref.name}'`,
        ref.element
      )
    }
  }
  for (const e of allElements(roots)) {
    for (const attribute of REQUIRED[e.name] ?? [])
      if (e.attributes[attribute] === undefined)
        fail(e, `The required attribute '${attribute}' is missing.`)
    if (e.name === 'include-fragment' && !refs.fragmentExists(e.attributes['fragment-id']))
      fail(e, `Policy fragment with id '${e.attributes['fragment-id']}' could not be found.`)
    if (e.name === 'set-backend-service' && e.attributes['backend-id'] !== undefined) {
      const id = substituteNamedValues(e.attributes['backend-id'], refs.namedValue)
      if (!id.startsWith('@') && !refs.backendExists(id))
        fail(e, `Backend with id '${id}' could not be found.`)
    }
    if ((e.name === 'set-header' || e.name === 'set-query-parameter') && hasText(xml, e))
      fail(
        e,
        `The element '${e.name}' cannot contain text. List of possible elements expected: 'value'.`
      )
    if (NOT_IN_CONSUMPTION.has(e.name) && refs.sku === 'Consumption')
      fail(e, "Policy is not allowed in 'Consumption' sku")
    if (
      e.name === 'azure-openai-emit-token-metric' &&
      !e.children.some((c) => c.name === 'dimension')
    )
      fail(
        e,
        "The element 'azure-openai-emit-token-metric' has incomplete content. List of possible elements expected: 'dimension'."
      )
  }
}

/** Whether the element has text of its own (outside its children), ignoring whitespace. */
function hasText(xml: string, e: ScannedElement): boolean {
  const inner = xml.slice(xml.indexOf('>', e.start) + 1, e.end)
  let own = inner.replace(/<\/[^>]*>\s*$/, '')
  for (const c of e.children) own = own.replace(xml.slice(c.start, c.end), '')
  return own.replace(/<!--[\s\S]*?-->/g, '').trim() !== ''
}

/** The fragment ids a document includes. */
export function includedFragments(xml: string): string[] {
  return allElements(scanXml(xml))
    .filter((e) => e.name === 'include-fragment')
    .map((e) => e.attributes['fragment-id'])
}
