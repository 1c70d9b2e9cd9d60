import https from 'node:https'
import { ApiManagementClient } from '@azure/arm-apimanagement'
import { afterAll, beforeAll } from '@jest/globals'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index.js'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: () => any
}

export interface TestEmulator {
  emulator: RunningEmulator
  client: ApiManagementClient
  rg: string
  svc: string
  /** The ARM path of the service, for raw requests. */
  service: string
  raw: (
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; auth?: boolean }
  ) => Promise<RawResponse>
  requests: () => Promise<
    { kind: string; method: string; path: string; status: number; ms: number }[]
  >
  clearRequests: () => Promise<void>
  fault: (fault: Record<string, unknown>) => Promise<void>
  clearFaults: () => Promise<void>
}

/**
 * One emulator for a test file (started before its tests, stopped after), with the real
 * `@azure/arm-apimanagement` client over HTTPS trusting the emulator's generated CA.
 */
export function useEmulator(
  options: EmulatorOptions = {},
  clientOptions: Record<string, unknown> = {}
): TestEmulator {
  const handle = {} as TestEmulator
  beforeAll(async () => {
    const emulator = await startEmulator({ lroMs: 0, ...options })
    const agent = new https.Agent({ ca: emulator.caCert, keepAlive: true })
    const credential = {
      getToken: async () => ({ token: emulator.token, expiresOnTimestamp: Date.now() + 3_600_000 })
    }
    const client = new ApiManagementClient(credential, emulator.subscriptionId, {
      endpoint: emulator.armEndpoint,
      agent,
      ...clientOptions
    })
    const service = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.ApiManagement/service/${emulator.serviceName}`
    const raw: TestEmulator['raw'] = (method, path, { body, headers = {}, auth = true } = {}) =>
      new Promise((resolve, reject) => {
        const payload =
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
        const req = https.request(
          new URL(path, emulator.armEndpoint),
          {
            method,
            agent,
            headers: {
              ...(auth ? { authorization: `Bearer ${emulator.token}` } : {}),
              ...(payload ? { 'content-type': 'application/json' } : {}),
              ...headers
            }
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (chunk) => (text += chunk))
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text,
                json: () => JSON.parse(text)
              })
            )
          }
        )
        req.on('error', reject)
        req.end(payload)
      })
    Object.assign(handle, {
      emulator,
      client,
      rg: emulator.resourceGroup,
      svc: emulator.serviceName,
      service,
      raw,
      requests: async () => (await raw('GET', '/_emulator/requests')).json(),
      clearRequests: async () => void (await raw('DELETE', '/_emulator/requests')),
      fault: async (fault: Record<string, unknown>) => {
        const res = await raw('POST', '/_emulator/faults', { body: fault })
        if (res.status !== 201) throw new Error(`fault not accepted: ${res.text}`)
      },
      clearFaults: async () => void (await raw('DELETE', '/_emulator/faults'))
    })
  })
  afterAll(async () => {
    await handle.emulator?.stop()
  })
  return handle
}

/** A small OpenAPI 3 document with the Azure OpenAI shape of api-version (inline, required). */
export function miniSpec(
  version: string,
  extraPaths: Record<string, unknown> = {},
  required = true
): string {
  const apiVersion = { in: 'query', name: 'api-version', required, schema: { type: 'string' } }
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: `Mini ${version}`, version },
    servers: [
      {
        url: 'https://{endpoint}/openai',
        variables: { endpoint: { default: 'example.openai.azure.com' } }
      }
    ],
    paths: {
      '/deployments/{deployment-id}/chat/completions': {
        post: {
          operationId: 'ChatCompletions_Create',
          summary: 'Creates a completion for the chat message',
          parameters: [
            { in: 'path', name: 'deployment-id', required: true, schema: { type: 'string' } },
            apiVersion
          ],
          responses: { '200': { description: 'OK' } }
        }
      },
      '/models': {
        get: {
          operationId: 'Models_List',
          parameters: [apiVersion],
          responses: { '200': { description: 'OK' } }
        }
      },
      ...extraPaths
    }
  })
}
