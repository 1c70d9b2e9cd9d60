import { SpecError } from '../src/specs/errors.js'
import { MAX_SPEC_BYTES, parseSpec } from '../src/specs/load.js'
import { effectiveParameters, listOperations } from '../src/specs/operations.js'
import { isObject } from '../src/specs/pointer.js'
import { ArmError, validationError } from './http.js'
import type { OperationEntity } from './state.js'

export interface ImportedDocument {
  operations: OperationEntity[]
  title?: string
  description?: string
  serviceUrl?: string
}

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
  if (Buffer.byteLength(value) > MAX_SPEC_BYTES) {
    throw validationError(
      'The document is larger than the 4 MB allowed for an inline import; import it by URL.',
      'value'
    )
  }
  let spec
  try {
    spec = parseSpec(
      value,
      'document',
      format === 'openapi' && !value.trimStart().startsWith('{') ? 'yaml' : 'json'
    )
  } catch (err) {
    if (!(err instanceof SpecError)) throw err
    const where = err.line ? ` (line ${err.line}${err.column ? `, column ${err.column}` : ''})` : ''
    throw new ArmError(400, 'ValidationError', `Parsing error(s): ${err.message}${where}`)
  }
  if (format === 'swagger-json' && spec.format !== 'swagger 2.0') {
    throw validationError(
      "Format 'swagger-json' expects an OpenAPI 2.0 (Swagger) document.",
      'format'
    )
  }
  if (format === 'openapi' && spec.format === 'swagger 2.0' && spec.source.syntax === 'yaml') {
    throw validationError('OpenAPI version 2 is supported in JSON only.', 'format')
  }

  const operations: OperationEntity[] = []
  const names = new Set<string>()
  const signatures = new Map<string, number>()
  for (const op of listOperations(spec)) {
    const parameters = effectiveParameters(spec, op)
    const pathParams = parameters.filter((p) => p.value.in === 'path')
    const query = parameters.filter((p) => p.value.in === 'query')
    const templated = translate === 'template' ? query.filter((p) => p.value.required === true) : []
    const [route, fixedQuery] = op.path.split('?')
    const queryTemplate = [
      ...(fixedQuery ? [fixedQuery] : []),
      ...templated.map((p) => `${String(p.value.name)}={${String(p.value.name)}}`)
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
        name: String(p.value.name),
        type: typeOf(p.value),
        required: true
      })),
      queryParameters: query
        .filter((p) => !templated.includes(p))
        .map((p) => ({
          name: String(p.value.name),
          type: typeOf(p.value),
          required: p.value.required === true
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
    title: spec.title,
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
