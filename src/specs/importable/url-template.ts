import {
  effectiveParameters,
  listOperations,
  operationLabel,
  type OperationRef,
  type ResolvedParameter
} from '../operations.js'
import type { PathSegment } from '../pointer.js'
import type { Finding } from './types.js'

// "API import restrictions and known issues" (learn.microsoft.com, API Management): APIM builds
// each operation's URL template from its path and required query parameters, and refuses
// required path and query parameters whose names are not unique in that template (case does
// not count), and a URL parameter that is not part of the template. Two operations with the
// same method and template are refused too ("Importing API has duplicate signature
// operations", Azure/apiops#670).

/** The rules on operations' URL templates, on the document APIM gets (version parameter optional). */
export function urlTemplateFindings(root: Record<string, unknown>): Finding[] {
  const findings: Finding[] = []
  const signatures = new Map<string, OperationRef>()
  const operationIds = new Map<string, OperationRef>()
  // `x-ms-paths` counts: APIM imports it ("x-ms-paths and x-servers are the only supported
  // extensions"), its keys holding a query part (`/{name}?comp=list`).
  for (const op of listOperations({ root })) {
    const parameters = effectiveParameters({ root }, op)
    const required = parameters.filter((p) => p.value.in === 'query' && p.value.required === true)
    findings.push(...templateFindings(op, parameters, required))
    const signature = signatureOf(op, required)
    const first = signatures.get(signature)
    if (first) {
      findings.push({
        rule: 'duplicate-signature',
        path: op.location,
        message:
          `${operationLabel(op)} has the same signature as ${operationLabel(first)} ` +
          `('${signature}'); APIM refuses two operations with one method and URL template ` +
          '(parameter names do not count). Merge them, or make their paths differ.'
      })
    } else signatures.set(signature, op)
    const id = op.operation.operationId
    if (typeof id !== 'string' || id === '') continue
    const named = operationIds.get(id)
    if (named) findings.push(duplicateIdFinding(op, named, id))
    else operationIds.set(id, op)
  }
  return findings
}

/** Microsoft.OpenApi's reader refuses two operations with one operationId (case counts). */
function duplicateIdFinding(op: OperationRef, first: OperationRef, id: string): Finding {
  return {
    rule: 'duplicate-operation-id',
    path: [...op.location, 'operationId'],
    message:
      `${operationLabel(op)} has the operationId '${id}' of ${operationLabel(first)}; APIM ` +
      `refuses the spec ("Cannot have multiple operations with the same operationId: ${id}"). ` +
      'Give each operation its own operationId.'
  }
}

function templateFindings(
  op: OperationRef,
  parameters: ResolvedParameter[],
  requiredQuery: ResolvedParameter[]
): Finding[] {
  const findings: Finding[] = []
  const label = operationLabel(op)
  const template = templateNames(op.path)
  // Names are case-insensitive ("URL template requirements").
  const inTemplate = new Set(template.map((name) => name.toLowerCase()))
  for (const p of parameters) {
    if (p.value.in !== 'path' || typeof p.value.name !== 'string') continue
    if (inTemplate.has(p.value.name.toLowerCase())) continue
    findings.push({
      rule: 'parameter-not-in-template',
      path: p.listedAt,
      message:
        `path parameter '${p.value.name}' of ${label} is not in its path '${op.path}'; APIM ` +
        `refuses a URL parameter that is not part of the URL template. Add {${p.value.name}} ` +
        'to the path, or remove the parameter.'
    })
  }
  const names: { name: string; path: PathSegment[] }[] = [
    ...template.map((name) => ({ name, path: op.location.slice(0, -1) })),
    ...requiredQuery
      .filter((p) => typeof p.value.name === 'string')
      .map((p) => ({ name: p.value.name as string, path: p.listedAt }))
  ]
  const seen = new Map<string, string>()
  for (const { name, path } of names) {
    const key = name.toLowerCase()
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, name)
      continue
    }
    findings.push({
      rule: 'duplicate-url-parameter',
      path,
      message:
        `${label}: '${name}' and '${first}' are both in its URL template (path parameters and ` +
        'required query parameters, case ignored); APIM refuses names that are not unique ' +
        'there. Rename one, or make the query parameter optional.'
    })
  }
  return findings
}

function templateNames(route: string): string[] {
  return [...route.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1])
}

/**
 * METHOD /path/{}/…?a&b: what APIM tells operations apart by. The query part holds the pieces of
 * an `x-ms-paths` key's fixed query and the names of the required query parameters, lower-cased
 * and sorted: `/b?x=1&y=2` and `/b?y=2&x=1` are one signature.
 */
export function signatureOf(
  op: { method: string; path: string },
  requiredQuery: ResolvedParameter[]
): string {
  const [route, fixed] = op.path.split('?')
  const blank = (text: string) => text.toLowerCase().replace(/\{[^}]*\}/g, '{}')
  const query = [
    ...(fixed ? fixed.split('&').map(blank) : []),
    ...requiredQuery.map((p) => String(p.value.name).toLowerCase())
  ].sort()
  return `${op.method.toUpperCase()} ${blank(route)}${query.length > 0 ? `?${query.join('&')}` : ''}`
}
