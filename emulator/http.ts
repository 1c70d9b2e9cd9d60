import type { IncomingMessage, ServerResponse } from 'node:http'

/** An ARM error answer: `{"error":{"code","message","details"}}` with an HTTP status. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { code: string; target?: string; message: string }[] = [],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }

  /** Write `details: null` instead of `[]` when there are none (set per contract, arm/index.ts). */
  nullDetails = false

  body(): unknown {
    const details = this.nullDetails && this.details.length === 0 ? null : this.details
    return { error: { code: this.code, message: this.message, details } }
  }
}

export const notFound = (what: string) =>
  new ArmError(404, 'ResourceNotFound', `${what} not found.`)

/** APIM's validation failure: a generic message with the specific one in details. */
export function validationError(message: string, target?: string): ArmError {
  return new ArmError(400, 'ValidationError', 'One or more fields contain incorrect values:', [
    { code: 'ValidationError', target, message }
  ])
}

export const MAX_BODY_BYTES = 8 * 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) {
      throw new ArmError(
        413,
        'RequestEntityTooLarge',
        `The request body is over ${MAX_BODY_BYTES} bytes.`
      )
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req)
  if (body.length === 0) return {}
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('not an object')
    return value as Record<string, unknown>
  } catch {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.'
    )
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

export function sendArmError(res: ServerResponse, error: ArmError): void {
  sendJson(res, error.status, error.body(), error.headers)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
