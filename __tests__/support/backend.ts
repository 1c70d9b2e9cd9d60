import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from '@jest/globals'

export interface SeenRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** The request body as text. */
  body: string
}

export interface FakeBackend {
  url: () => string
  seen: SeenRequest[]
  /** Sets the `usage.total_tokens` of the answers that follow (default 6: 1 prompt, 5 completion). */
  setTotalTokens: (total: number) => void
}

/** A fake Azure OpenAI backend on 127.0.0.1 that answers a chat completion and records requests. */
export function useFakeBackend(): FakeBackend {
  const seen: SeenRequest[] = []
  let usage = { prompt_tokens: 1, completion_tokens: 5, total_tokens: 6 }
  let server: http.Server
  let url = ''
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const parsed = new URL(req.url ?? '/', 'http://backend')
      const request: SeenRequest = {
        method: req.method ?? '',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: req.headers,
        body: ''
      }
      seen.push(request)
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (request.body += chunk))
      req.on('end', () => {
        const body = JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1700000000,
          model: 'gpt-4o',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: 'Hello from the fake backend' }
            }
          ],
          usage
        })
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body)
        })
        res.end(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return {
    url: () => url,
    seen,
    setTotalTokens: (total) => {
      usage = { prompt_tokens: 1, completion_tokens: total - 1, total_tokens: total }
    }
  }
}
