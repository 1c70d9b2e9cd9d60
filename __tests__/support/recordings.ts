import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import YAML from 'yaml'
import type { RunningEmulator } from '../../emulator/index.js'

// Loading and comparing the recorded sessions of real APIM in __fixtures__/apim-recordings
// (README there) for __tests__/emulator-recordings.test.ts.

export const RECORDINGS_DIR = path.join(process.cwd(), '__fixtures__', 'apim-recordings')

/** One request and answer as they crossed the wire, whatever the recorder's format. */
export interface Recorded {
  method: string
  url: URL
  /** The request body as sent. */
  body?: string
  ifMatch?: string
  status: number
  etag?: string
  location?: string
  contentLength?: number
  /** The answer's body, '' when it had none. */
  response: string
  /** The recorder stored the body parsed (azure-sdk-assets test proxy), not as sent. */
  parsedByRecorder?: boolean
}

const ARM = 'https://management.azure.com'
const first = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String([value].flat()[0])
const numberOf = (value: unknown) => (first(value) === undefined ? undefined : Number(first(value)))

/** vcrpy cassettes (Azure/azure-cli), azure-sdk-assets test-proxy JSON, azure-sdk-for-net SessionRecords. */
export function loadRecording(file: string): Recorded[] {
  const text = fs.readFileSync(path.join(RECORDINGS_DIR, file), 'utf8')
  if (file.endsWith('.yaml')) {
    return (YAML.parse(text).interactions as any[]).map(({ request, response }) => ({
      method: request.method,
      url: new URL(request.uri),
      body: request.body ?? undefined,
      ifMatch: first(request.headers?.['If-Match']),
      status: response.status.code,
      etag: first(response.headers?.etag),
      location: first(response.headers?.location),
      contentLength: numberOf(response.headers?.['content-length']),
      response: response.body.string
    }))
  }
  return (JSON.parse(text).Entries as any[]).map((e) => {
    const parsed = typeof e.ResponseBody !== 'string'
    const requestBody =
      typeof e.RequestBody === 'string'
        ? e.RequestBody
        : e.RequestBody && JSON.stringify(e.RequestBody)
    return {
      method: e.RequestMethod,
      url: new URL(e.RequestUri, ARM),
      body: requestBody || undefined,
      ifMatch: first(e.RequestHeaders?.['If-Match']),
      status: e.StatusCode,
      etag: first(e.ResponseHeaders?.ETag),
      location: first(e.ResponseHeaders?.Location),
      contentLength: numberOf(e.ResponseHeaders?.['Content-Length']),
      response: parsed
        ? e.ResponseBody === null
          ? ''
          : JSON.stringify(e.ResponseBody)
        : e.ResponseBody,
      parsedByRecorder: parsed
    }
  })
}

/** `/subscriptions/…/service/{name}` of a recorded URL, if it addresses an APIM service. */
export function servicePathOf(url: URL): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/[^/?]+/i.exec(
    url.pathname
  )?.[0]
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** Raw HTTPS to one emulator, authorised with its token. */
export function requester(emulator: RunningEmulator) {
  const agent = new https.Agent({ ca: emulator.caCert, keepAlive: true })
  const send = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = https.request(
        new URL(url, emulator.armEndpoint),
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${emulator.token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...headers
          }
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        }
      )
      req.on('error', reject)
      req.end(body)
    })
  return { send, close: () => agent.destroy() }
}

export interface CompareOptions {
  /** Names of entities whose creation was not replayed: their list items are left out. */
  absent: Set<string>
  /** Compare keys and nulls only, no values (the service resource: another deployment's). */
  shapeOnly?: boolean
}

/**
 * Values compared loosely (their null-ness and type still count): what a server generates
 * (ETags, dates, keys) and the built-in Administrators group's description, which differs from
 * one recorded service to another.
 */
const LOOSE = new Set([
  'etag',
  'createdDate',
  'createdDateTime',
  'updatedDateTime',
  'startDate',
  'createdAtUtc',
  'primaryKey',
  'secondaryKey',
  'properties.groups[].description'
])

function loose(at: string): boolean {
  const key = at
    .split('.')
    .pop()!
    .replace(/\[.*\]$/, '')
  return LOOSE.has(key) || LOOSE.has(at.replace(/^value\[[^\]]*\]\./, '').replace(/\[\d+\]/g, '[]'))
}

/**
 * The differences between a recorded body and ours: keys missing or extra at every level,
 * null against set, types, and values (exact, except LOOSE ones). A list's items are matched
 * by name (or id) and `count` must count what both have.
 */
export function compareBodies(theirs: unknown, ours: unknown, options: CompareOptions): string[] {
  const out: string[] = []
  const isList = isObject(theirs) && Array.isArray(theirs.value) && isObject(ours)
  if (isList) {
    const keep = (theirs.value as any[]).filter((item) => !options.absent.has(item?.name))
    const left = (theirs.value as any[]).length - keep.length
    compareKeys({ ...theirs, value: keep }, ours, '', out, (key, at) => {
      if (key === 'value') return compareItems(keep, ours.value, out, options)
      if (key === 'count') {
        if (ours.count !== (theirs.count as number) - left)
          out.push(
            `count: ${String(theirs.count)} less ${left} not replayed ≠ ${String(ours.count)}`
          )
        return
      }
      compare(theirs[key], ours[key], at, out, options)
    })
    return out
  }
  compare(theirs, ours, '', out, options)
  return out
}

function compareItems(theirs: any[], ours: unknown, out: string[], options: CompareOptions) {
  if (!Array.isArray(ours)) return void out.push('value: not a list')
  const keyOf = (item: any) => String(item?.name ?? item?.id)
  const mine = new Map(ours.map((item) => [keyOf(item), item]))
  for (const item of theirs) {
    const at = `value[${keyOf(item)}]`
    if (!mine.has(keyOf(item))) out.push(`${at}: missing`)
    else compare(item, mine.get(keyOf(item)), at, out, options)
    mine.delete(keyOf(item))
  }
  for (const key of mine.keys()) out.push(`value[${key}]: extra`)
}

function compare(
  theirs: unknown,
  ours: unknown,
  at: string,
  out: string[],
  options: CompareOptions
) {
  if (theirs === null || ours === null) {
    if (theirs !== ours) out.push(`${at}: ${describe(theirs)} ≠ ${describe(ours)}`)
    return
  }
  if (Array.isArray(theirs) || Array.isArray(ours)) {
    if (!Array.isArray(theirs) || !Array.isArray(ours))
      return void out.push(`${at}: ${describe(theirs)} ≠ ${describe(ours)}`)
    if (theirs.length !== ours.length)
      return void out.push(`${at}: ${theirs.length} items ≠ ${ours.length}`)
    theirs.forEach((item, i) => compare(item, ours[i], `${at}[${i}]`, out, options))
    return
  }
  if (isObject(theirs) || isObject(ours)) {
    if (!isObject(theirs) || !isObject(ours))
      return void out.push(`${at}: ${describe(theirs)} ≠ ${describe(ours)}`)
    compareKeys(theirs, ours, at, out, (_key, where, t, o) => compare(t, o, where, out, options))
    return
  }
  if (typeof theirs !== typeof ours)
    return void out.push(`${at}: ${describe(theirs)} ≠ ${describe(ours)}`)
  if (!options.shapeOnly && !loose(at) && theirs !== ours)
    out.push(`${at}: ${JSON.stringify(theirs)} ≠ ${JSON.stringify(ours)}`)
}

function compareKeys(
  theirs: Record<string, unknown>,
  ours: Record<string, unknown>,
  at: string,
  out: string[],
  each: (key: string, where: string, theirs: unknown, ours: unknown) => void
) {
  const where = (key: string) => (at ? `${at}.${key}` : key)
  for (const key of Object.keys(theirs)) {
    if (!(key in ours)) out.push(`${where(key)}: missing`)
    else each(key, where(key), theirs[key], ours[key])
  }
  for (const key of Object.keys(ours)) if (!(key in theirs)) out.push(`${where(key)}: extra`)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
