import fsSync, { promises as fs } from 'node:fs'
import path from 'node:path'
import { SpecError } from './errors.js'
import { parseJsonSource } from './json-source.js'
import { HTTP_METHODS } from './operations.js'
import { isObject } from './pointer.js'
import { checkReferences } from './refs.js'
import type { SourceDocument } from './source.js'
import { parseYamlSource } from './yaml-source.js'

/** APIM's limit for a spec sent inline (`format` + `value`) in an import. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024

export type SpecFormat = 'openapi 3.0' | 'openapi 3.1' | 'swagger 2.0'
export type Syntax = 'json' | 'yaml'

export interface LoadedSpec {
  /** The file as shown to people (relative to the working folder when inside it). */
  file: string
  source: SourceDocument
  root: Record<string, unknown>
  format: SpecFormat
  /** The exact `openapi` / `swagger` value, e.g. "3.0.3". */
  specVersion: string
  title?: string
  infoVersion?: string
}

export function syntaxOf(fileName: string, text?: string): Syntax {
  const ext = path.extname(fileName).toLowerCase()
  if (ext === '.json') return 'json'
  if (ext === '.yaml' || ext === '.yml') return 'yaml'
  return text?.trimStart().startsWith('{') ? 'json' : 'yaml'
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`
}

export function checkSize(bytes: number, file: string): void {
  if (bytes > MAX_SPEC_BYTES) {
    throw new SpecError(
      file,
      `the file is ${formatBytes(bytes)}, over APIM's 4 MB limit for a spec imported inline ` +
        `(${MAX_SPEC_BYTES.toLocaleString('en-US')} bytes). Split the API or remove bulky examples.`
    )
  }
}

/** Decodes UTF-8 strictly: a byte order mark or invalid bytes are reported, never guessed at. */
export function decodeSpecBytes(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new SpecError(
      file,
      'the file starts with a UTF-8 byte order mark (BOM), which JSON forbids and APIM rejects. ' +
        'Save it as UTF-8 without BOM.',
      { line: 1, column: 1 }
    )
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SpecError(file, 'the file is UTF-16; save it as UTF-8.', { line: 1, column: 1 })
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const text = Buffer.from(bytes).toString('utf8')
    const bad = text.indexOf('\uFFFD')
    const line = bad >= 0 ? text.slice(0, bad).split('\n').length : undefined
    throw new SpecError(file, 'the file is not valid UTF-8; save it as UTF-8.', { line })
  }
}

/** A spec file's text, read and decoded; its size, encoding and readability checked. */
export function readSpecText(absolutePath: string, file: string): string {
  try {
    checkSize(fsSync.statSync(absolutePath).size, file)
    return decodeSpecBytes(fsSync.readFileSync(absolutePath), file)
  } catch (err) {
    if (err instanceof SpecError) throw err
    throw new SpecError(file, `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`)
  }
}

export async function loadSpecFile(absolutePath: string, file: string): Promise<LoadedSpec> {
  let bytes: Buffer
  try {
    const stat = await fs.stat(absolutePath)
    if (!stat.isFile()) throw new SpecError(file, 'not a file')
    checkSize(stat.size, file)
    bytes = await fs.readFile(absolutePath)
  } catch (err) {
    if (err instanceof SpecError) throw err
    throw new SpecError(file, `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`)
  }
  return parseSpec(decodeSpecBytes(bytes, file), file, syntaxOf(absolutePath))
}

/** Parses and checks that the text is an OpenAPI 3.0/3.1 or Swagger 2.0 document APIM can import. */
export function parseSpec(text: string, file: string, syntax: Syntax): LoadedSpec {
  const source = syntax === 'json' ? parseJsonSource(text, file) : parseYamlSource(text, file)
  const root = source.value
  if (!isObject(root)) {
    throw new SpecError(
      file,
      'not an OpenAPI or Swagger document: the top level must be an object with an `openapi` or `swagger` key',
      source.position([])
    )
  }
  const { format, specVersion } = detectFormat(root, source, file)
  if (root.paths !== undefined && !isObject(root.paths)) {
    throw new SpecError(
      file,
      '`paths` must be an object mapping paths to operations',
      source.position(['paths'])
    )
  }
  checkOperationShapes(root, source, file)
  const spec: LoadedSpec = {
    file,
    source,
    root,
    format,
    specVersion,
    title: isObject(root.info) && typeof root.info.title === 'string' ? root.info.title : undefined,
    infoVersion:
      isObject(root.info) && typeof root.info.version === 'string' ? root.info.version : undefined
  }
  checkReferences(spec)
  return spec
}

/**
 * Each path item and operation is an object and each `parameters` a list: otherwise the patch
 * could not see the version parameter, and APIM would refuse or mangle the import.
 */
function checkOperationShapes(
  root: Record<string, unknown>,
  source: SourceDocument,
  file: string
): void {
  const fail = (path: (string | number)[], what: string) => {
    throw new SpecError(file, `${path.join(' › ')}: ${what}`, source.position(path))
  }
  for (const group of ['paths', 'x-ms-paths']) {
    const paths = root[group]
    if (!isObject(paths)) continue
    for (const [route, item] of Object.entries(paths)) {
      if (route.startsWith('x-')) continue
      if (!isObject(item)) fail([group, route], 'a path item must be an object of operations')
      const pathItem = item as Record<string, unknown>
      if (pathItem.parameters !== undefined && !Array.isArray(pathItem.parameters))
        fail([group, route, 'parameters'], '`parameters` must be a list')
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method]
        if (operation === undefined) continue
        if (!isObject(operation)) fail([group, route, method], 'an operation must be an object')
        const parameters = (operation as Record<string, unknown>).parameters
        if (parameters !== undefined && !Array.isArray(parameters))
          fail([group, route, method, 'parameters'], '`parameters` must be a list')
      }
    }
  }
}

function detectFormat(
  root: Record<string, unknown>,
  source: SourceDocument,
  file: string
): { format: SpecFormat; specVersion: string } {
  if ('openapi' in root) {
    const value = root.openapi
    const at = source.position(['openapi'])
    if (typeof value !== 'string') {
      throw new SpecError(file, '`openapi` must be a string such as "3.0.3" (quote it in YAML)', at)
    }
    if (/^3\.0\.\d+$/.test(value)) return { format: 'openapi 3.0', specVersion: value }
    if (/^3\.1\.\d+$/.test(value)) return { format: 'openapi 3.1', specVersion: value }
    throw new SpecError(
      file,
      `unsupported OpenAPI version "${value}": APIM imports Swagger 2.0, OpenAPI 3.0.x and 3.1.x`,
      at
    )
  }
  if ('swagger' in root) {
    const value = root.swagger
    if (value === '2.0') return { format: 'swagger 2.0', specVersion: value }
    throw new SpecError(
      file,
      `unsupported Swagger version ${JSON.stringify(value)}: only "2.0" is supported (APIM imports Swagger 2.0, OpenAPI 3.0.x and 3.1.x)`,
      source.position(['swagger'])
    )
  }
  throw new SpecError(
    file,
    'not an OpenAPI or Swagger document: no top-level `openapi` or `swagger` key',
    source.position([])
  )
}
