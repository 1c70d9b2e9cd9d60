import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import https from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ArmApi } from './arm/index.js'
import { LRO_STYLE_SETTINGS, type LroStyleSetting } from './arm/long-running.js'
import { parseSku } from './arm/service.js'
import { faultError, FaultRegistry, type LoggedRequest } from './faults.js'
import { Gateway, PREFIX } from './gateway.js'
import { ArmError, readJson, sendArmError, sendJson, sleep } from './http.js'
import { MASTER_SUBSCRIPTION, StateStore, type ServiceSku } from './state.js'
import { generateLocalTls } from './tls.js'

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Keep the state in this JSON file (restored on start). */
  stateFile?: string
  /** Added to every ARM request. */
  latencyMs?: number
  /** How long imports and fragment writes stay InProgress. */
  lroMs?: number
  /**
   * How long-running operations answer: `contract` (each request as its api-version's contract
   * says), `location` (202 with only Location, as before 2023-05-01-preview) or
   * `async-operation` (201/200 with Azure-AsyncOperation and Location, as 2024-05-01). Default:
   * the APIM_EMULATOR_LRO_STYLE environment variable, else `contract`.
   */
  lroStyle?: LroStyleSetting
  /** The bearer token ARM requests must carry (default: random). */
  token?: string
  /**
   * The pricing tier, by name (`'Consumption'`, capacity as a new service of it has) or with a
   * capacity; replaces the state file's. Default: the state file's, else Developer with 1 unit.
   */
  sku?: string | ServiceSku
}

/** The ready line: everything a client needs to talk to the emulator. */
export interface EmulatorInfo {
  armEndpoint: string
  gatewayUrl: string
  caCertFile: string
  token: string
  subscriptionId: string
  resourceGroup: string
  serviceName: string
  subscriptionKey: string
}

export interface RunningEmulator extends EmulatorInfo {
  caCert: string
  info(): EmulatorInfo
  stop(): Promise<void>
}

/** The environment variable that sets `lroStyle` when the options do not. */
export const LRO_STYLE_ENV = 'APIM_EMULATOR_LRO_STYLE'

export function lroStyleSetting(value: string | undefined): LroStyleSetting {
  if (value === undefined || value === '') return 'contract'
  if ((LRO_STYLE_SETTINGS as readonly string[]).includes(value)) return value as LroStyleSetting
  throw new Error(
    `unknown long-running answer style '${value}' (${LRO_STYLE_ENV} or lroStyle): use ${LRO_STYLE_SETTINGS.join(', ')}`
  )
}

const DEFAULT_IDENTITY = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-apim-emulator',
  serviceName: 'apim-emulator'
}

/** Starts the local APIM: ARM management API and gateway over HTTPS on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const lroStyle = lroStyleSetting(options.lroStyle ?? process.env[LRO_STYLE_ENV])
  const store = StateStore.open(
    options.stateFile,
    { ...DEFAULT_IDENTITY, subscriptionKey: randomBytes(16).toString('hex') },
    options.sku === undefined ? undefined : parseSku(options.sku)
  )
  // Hex, not base64url: a token starting with '-' would read as a flag (--access-token -x…).
  const token = options.token ?? randomBytes(24).toString('hex')
  const tls = await generateLocalTls()
  const faults = new FaultRegistry()
  const requests: LoggedRequest[] = []
  let baseUrl = ''
  const arm = new ArmApi({
    store,
    faults,
    baseUrl: () => baseUrl,
    lroMs: options.lroMs ?? 0,
    lroStyle
  })
  const gateway = new Gateway(store)
  const latencyMs = options.latencyMs ?? 0

  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${token}`

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now()
    const at = Date.now()
    const url = new URL(req.url ?? '/', baseUrl)
    const method = req.method ?? 'GET'
    const log = (kind: LoggedRequest['kind'], status: number) =>
      requests.push({
        kind,
        method,
        path: url.pathname,
        status,
        ms: Math.round(performance.now() - started),
        at
      })

    if (url.pathname.startsWith('/_emulator/')) {
      if (!authorized(req)) return sendArmError(res, unauthenticated())
      return control(req, res, url)
    }
    const kind: LoggedRequest['kind'] =
      url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`) ? 'gateway' : 'arm'
    try {
      if (kind === 'arm') {
        if (!authorized(req)) throw unauthenticated()
        if (latencyMs > 0) await sleep(latencyMs)
      }
      const fault = faults.take(method, url.pathname, 'answer')
      if (fault?.response === 'drop') {
        log(kind, 0)
        req.socket.destroy()
        return
      }
      if (fault?.response === 'hang') {
        // Never answered: lets a test kill a client at a known point (closed on stop).
        log(kind, 0)
        return
      }
      if (fault) throw faultError(fault)
      if (kind === 'gateway') {
        log(kind, await gateway.handle(req, res, url))
        return
      }
      await arm.handle(req, res, url)
      log(kind, res.statusCode)
    } catch (err) {
      const error =
        err instanceof ArmError
          ? err
          : new ArmError(500, 'InternalServerError', `Emulator error: ${(err as Error).message}`)
      if (!res.headersSent) sendArmError(res, error)
      else res.destroy()
      log(kind, error.status)
    }
  }

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = `${req.method} ${url.pathname}`
    try {
      switch (route) {
        case 'GET /_emulator/requests':
          return sendJson(res, 200, requests)
        case 'DELETE /_emulator/requests':
          requests.length = 0
          return sendJson(res, 204, undefined)
        case 'GET /_emulator/faults':
          return sendJson(res, 200, faults.list())
        case 'POST /_emulator/faults':
          return sendJson(res, 201, { id: faults.add(await readJson(req)).id })
        case 'DELETE /_emulator/faults':
          faults.clear()
          return sendJson(res, 204, undefined)
        case 'GET /_emulator/state':
          return sendJson(res, 200, store.state)
        default:
          throw new ArmError(404, 'NotFound', `No emulator control route ${route}.`)
      }
    } catch (err) {
      sendArmError(
        res,
        err instanceof ArmError
          ? err
          : new ArmError(500, 'InternalServerError', (err as Error).message)
      )
    }
  }

  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendArmError(res, new ArmError(500, 'InternalServerError', String(err)))
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  baseUrl = `https://127.0.0.1:${port}`

  const caCertFile = path.join(os.tmpdir(), `apim-emulator-${process.pid}-${port}-ca.pem`)
  fs.writeFileSync(caCertFile, tls.caCert)
  const { identity } = store.state
  const info: EmulatorInfo = {
    armEndpoint: baseUrl,
    gatewayUrl: `${baseUrl}${PREFIX}`,
    caCertFile,
    token,
    subscriptionId: identity.subscriptionId,
    resourceGroup: identity.resourceGroup,
    serviceName: identity.serviceName,
    // The built-in all-access subscription's primary key (it may have been set or regenerated
    // through ARM since the identity was made); the identity's key once it is deleted.
    subscriptionKey:
      store.state.subscriptions[MASTER_SUBSCRIPTION]?.primaryKey ?? identity.subscriptionKey
  }
  store.save()

  let stopped: Promise<void> | undefined
  return {
    ...info,
    caCert: tls.caCert,
    info: () => ({ ...info }),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        fs.rmSync(caCertFile, { force: true })
      }))
  }
}

function unauthenticated(): ArmError {
  return new ArmError(
    401,
    'AuthenticationFailed',
    "Authentication failed. The 'Authorization' header is missing or does not carry the emulator's bearer token."
  )
}
