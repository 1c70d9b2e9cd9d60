import { ArmError, validationError } from './http.js'
import { isObject, readSpec } from './spec-document.js'
import { specOperations } from './spec-operations.js'
import type { OperationEntity } from './state.js'

export interface ImportedDocument {
  operations: OperationEntity[]
  title?: string
  description?: string
  serviceUrl?: string
}

/** APIM's limit for a document sent inline (`format` + `value`) in an import. */
const MAX_INLINE_BYTES = 4 * 1024 * 1024
const INLINE_FORMATS = new Set(['openapi', 'openapi+json', 'swagger-json'])

/**
 * Imports an inline OpenAPI/Swagger document the way APIM does: operations named from the
 * normalised operationId, displayed by summary, required query parameters turned into URL
 * template parameters unless `translateRequiredQueryParameters` is `query`.
 */
export function importDocument(
  format: string,
  value: string,
  translate: 'template' | 'query'
): ImportedDocument {
  if (!INLINE_FORMATS.has(format)) {
    throw validationError(
      `Format '${format}' is not supported by the emulator; use openapi, openapi+json or swagger-json with an inline value.`,
      'format'
    )
  }
  if (Buffer.byteLength(value) > MAX_INLINE_BYTES) {
    throw validationError(
      'The document is larger than the 4 MB allowed for an inline import; import it by URL.',
      'value'
    )
  }
  const spec = readSpec(
    value,
    format === 'openapi' && !value.trimStart().startsWith('{') ? 'yaml' : 'json'
  )
  if (format === 'swagger-json' && spec.kind !== 'swagger') {
    throw validationError(
      "Format 'swagger-json' expects an OpenAPI 2.0 (Swagger) document.",
      'format'
    )
  }
  if (format === 'openapi' && spec.kind === 'swagger' && spec.syntax === 'yaml') {
    throw validationError('OpenAPI version 2 is supported in JSON only.', 'format')
  }

  const operations: OperationEntity[] = []
  const names = new Set<string>()
  const signatures = new Map<string, number>()
  for (const op of specOperations(spec.root)) {
    const pathParams = op.parameters.filter((p) => p.in === 'path')
    const query = op.parameters.filter((p) => p.in === 'query')
    const templated = translate === 'template' ? query.filter((p) => p.required === true) : []
    const [route, fixedQuery] = op.path.split('?')
    const queryTemplate = [
      ...(fixedQuery ? [fixedQuery] : []),
      ...templated.map((p) => `${String(p.name)}={${String(p.name)}}`)
    ]
    const urlTemplate = queryTemplate.length > 0 ? `${route}?${queryTemplate.join('&')}` : route
    const signature = `${op.method.toUpperCase()} ${urlTemplate.replace(/\{[^}]*\}/g, '{}')}`
    signatures.set(signature, (signatures.get(signature) ?? 0) + 1)

    const operationId =
      typeof op.operation.operationId === 'string' ? op.operation.operationId : undefined
    const summary = typeof op.operation.summary === 'string' ? op.operation.summary : undefined
    const name = uniqueName(normalizeName(operationId ?? `${op.method}-${op.path}`), names)
    operations.push({
      name,
      displayName: (summary ?? operationId ?? name).slice(0, 300),
      method: op.method.toUpperCase(),
      urlTemplate,
      description:
        typeof op.operation.description === 'string' ? op.operation.description : undefined,
      templateParameters: [...pathParams, ...templated].map((p) => ({
        name: String(p.name),
        type: typeOf(p),
        required: true
      })),
      queryParameters: query
        .filter((p) => !templated.includes(p))
        .map((p) => ({
          name: String(p.name),
          type: typeOf(p),
          required: p.required === true
        }))
    })
  }
  const duplicates = [...signatures].filter(([, count]) => count > 1)
  if (duplicates.length > 0) {
    const [signature, count] = duplicates[0]
    throw new ArmError(
      400,
      'ValidationError',
      `Importing API has duplicate signature operations: ${count} operations with signature '${signature}'`
    )
  }
  const info = isObject(spec.root.info) ? spec.root.info : {}
  return {
    operations,
    title: typeof info.title === 'string' ? info.title : undefined,
    description: typeof info.description === 'string' ? info.description : undefined,
    serviceUrl: serviceUrlOf(spec.root)
  }
}

/** APIM's operation name: lower-case, runs of other characters as one '-', at most 76 long. */
export function normalizeName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 76)
    .replace(/-+$/, '')
  return name || 'operation'
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base
  for (let i = 1; taken.has(name); i++) name = `${base}-${i}`
  taken.add(name)
  return name
}

function typeOf(parameter: Record<string, unknown>): string {
  if (typeof parameter.type === 'string') return parameter.type
  const schema = parameter.schema
  return isObject(schema) && typeof schema.type === 'string' ? schema.type : 'string'
}

/** The first https server of the document, variables at their defaults (as APIM picks it). */
function serviceUrlOf(root: Record<string, unknown>): string | undefined {
  if (Array.isArray(root.servers)) {
    for (const server of root.servers) {
      if (!isObject(server) || typeof server.url !== 'string') continue
      const variables = isObject(server.variables) ? server.variables : {}
      const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const variable = variables[name]
        return isObject(variable) && typeof variable.default === 'string' ? variable.default : ''
      })
      if (url.startsWith('https://')) return url
    }
  }
  if (typeof root.host === 'string') {
    const schemes = Array.isArray(root.schemes) ? root.schemes : ['https']
    const scheme = schemes.includes('https') ? 'https' : String(schemes[0])
    return `${scheme}://${root.host}${typeof root.basePath === 'string' ? root.basePath : ''}`
  }
  return undefined
}
