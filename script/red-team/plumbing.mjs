// Shared plumbing of the red-team pass (script/red-team.mjs): processes, temp folders, the
// emulator, a fake GitHub API, results and spec builders.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..', '..')
export const CLI = path.join(root, 'dist', 'cli.js')
const ACTION = path.join(root, 'dist', 'index.js')
export const EXAMPLE = path.join(root, 'examples', 'azure-openai')
/** Set from the command line by script/red-team.mjs. */
export const opts = { verbose: false }
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-redteam-'))
export const children = new Set()

// ---------------------------------------------------------------------------------------------
// Plumbing: processes, temp folders, the emulator, results.

function cleanup() {
  for (const child of children) {
    try {
      child.kill('SIGKILL')
    } catch {
      /* gone */
    }
  }
  fs.rmSync(TMP, { recursive: true, force: true })
}
process.on('exit', cleanup)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

let dirCounter = 0
export function tempDir(name = 'case') {
  const dir = path.join(TMP, `${String(++dirCounter).padStart(4, '0')}-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

export function write(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, content)
}

/** Runs `node <script> ...args`, bounded by timeoutMs (then SIGKILL, reported as timedOut). */
function runNode(script, args, { cwd = TMP, env = {}, timeoutMs = 60_000, baseEnv } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...(baseEnv ?? cleanEnv()), ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 })
    })
  })
}
export const cli = (args, o) => runNode(CLI, args, o)

/** The environment for every child: no GitHub or Azure variables of this shell leak in. */
export function cleanEnv() {
  const env = {}
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'])
    if (process.env[k]) env[k] = process.env[k]
  return env
}

export const STACK =
  /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:[^)]*\))$|Maximum call stack|TypeError|ReferenceError|RangeError|node:internal|\bUnhandled/m
export function stackOf(r) {
  const m = STACK.exec(`${r.stdout}\n${r.stderr}`)
  return m ? m[0].trim().slice(0, 80) : undefined
}

/** `apim-versions emulator` as a process; resolves with its ready line, a control() and stop(). */
export async function startEmulator(extra = []) {
  const child = spawn(process.execPath, [CLI, 'emulator', ...extra], {
    cwd: TMP,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.add(child)
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c))
  const info = await new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(
      () => reject(new Error(`emulator not ready in 30 s: ${stderr}`)),
      30_000
    )
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${stderr}`)))
    child.stdout.setEncoding('utf8').on('data', (c) => {
      text += c
      const nl = text.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        resolve(JSON.parse(text.slice(0, nl)))
      }
    })
  })
  child.stdout.resume()
  const ca = fs.readFileSync(info.caCertFile)
  const emu = {
    ...info,
    child,
    azure: [
      '--subscription-id',
      info.subscriptionId,
      '--resource-group',
      info.resourceGroup,
      '--service-name',
      info.serviceName,
      '--arm-endpoint',
      info.armEndpoint
    ],
    env: { APIM_ACCESS_TOKEN: info.token, NODE_EXTRA_CA_CERTS: info.caCertFile },
    control(method, route, body, token = info.token) {
      return new Promise((resolve, reject) => {
        const req = https.request(
          new URL(route, info.armEndpoint),
          {
            method,
            ca,
            timeout: 15_000,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8').on('data', (c) => (text += c))
            res.on('end', () => resolve(text ? JSON.parse(text) : undefined))
          }
        )
        req.on('timeout', () => req.destroy(new Error(`control ${method} ${route}: timeout`)))
        req.on('error', reject)
        req.end(body === undefined ? undefined : JSON.stringify(body))
      })
    },
    fault(body) {
      return emu.control('POST', '/_emulator/faults', body)
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(t)
      }
      children.delete(child)
      fs.rmSync(info.caCertFile, { force: true })
    }
  }
  return emu
}

/** comparableState of __tests__/support/engine.ts: the state without ETags, times and sequences. */
export function comparableState(state) {
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip)
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(
            ([k]) =>
              ![
                'etag',
                'createdDateTime',
                'updatedDateTime',
                'sequence',
                'identity',
                'primaryKey',
                'secondaryKey'
              ].includes(k)
          )
          .map(([k, x]) => [k, strip(x)])
      )
    return v
  }
  return strip(state)
}

/** JSON with object keys sorted: equality as jest's toEqual sees it (key order is not state). */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'undefined'
}

export function firstDiff(a, b, where = '') {
  if (canonical(a) === canonical(b)) return undefined
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff(a[k], b[k], `${where}/${k}`)
      if (d) return d
    }
  }
  return `${where || '/'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`
}

export function parseJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export class Category {
  constructor(n, name) {
    this.n = n
    this.name = name
    this.cases = 0
    this.failures = []
  }
  /** Runs one case: `body` returns undefined (pass) or a string (what failed); a throw is a failure too. */
  async run(name, body) {
    this.cases++
    const t0 = Date.now()
    let problem
    try {
      problem = await body()
    } catch (err) {
      problem = `script error: ${err?.stack ?? err}`
    }
    if (problem) this.failures.push({ name, problem })
    if (opts.verbose || problem)
      console.error(
        `  [${this.n}] ${problem ? 'FAIL' : 'ok  '} ${name} (${Date.now() - t0} ms)${problem ? `: ${problem}` : ''}`
      )
  }
}

// ---------------------------------------------------------------------------------------------
// Spec builders.

export const API_VERSION = {
  name: 'api-version',
  in: 'query',
  required: true,
  schema: { type: 'string' }
}
export function specObject(title = 'Good', extra = {}) {
  return {
    openapi: '3.0.3',
    info: { title, version: '1' },
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          summary: 'List items',
          parameters: [API_VERSION],
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } }
            }
          }
        }
      }
    },
    components: { schemas: { Item: { type: 'object', properties: { id: { type: 'string' } } } } },
    ...extra
  }
}
export const goodJson = (title) => JSON.stringify(specObject(title), null, 2)
export const GOOD = '2024-01-01'
export const BAD = '2024-02-01'

// ---------------------------------------------------------------------------------------------
// A fake GitHub API (loopback) for the plan comment on a pull request.

export async function startFakeGitHub() {
  const state = { comments: new Map(), requests: [], fail: 0, nextId: 1 }
  const server = http.createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8').on('data', (c) => (raw += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://github')
      state.requests.push({
        method: req.method,
        path: url.pathname,
        authorization: req.headers.authorization
      })
      const send = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (state.fail) return send(state.fail, { message: 'Server Error' })
      if (url.pathname === '/user')
        return send(403, { message: 'Resource not accessible by integration' })
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname)
      if (list) {
        const all = state.comments.get(Number(list[1])) ?? []
        if (req.method === 'GET') return send(200, all)
        if (req.method === 'POST') {
          const comment = {
            id: state.nextId++,
            body: JSON.parse(raw).body,
            user: { login: 'github-actions[bot]' },
            html_url: `https://github.example/c/${state.nextId}`
          }
          state.comments.set(Number(list[1]), [...all, comment])
          return send(201, comment)
        }
      }
      const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)
      if (one && req.method === 'PATCH') {
        for (const comments of state.comments.values()) {
          const comment = comments.find((c) => c.id === Number(one[1]))
          if (comment) {
            comment.body = JSON.parse(raw).body
            return send(200, comment)
          }
        }
      }
      send(404, { message: 'Not Found' })
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  state.url = `http://127.0.0.1:${server.address().port}`
  state.close = () => {
    server.closeAllConnections()
    return new Promise((r) => server.close(r))
  }
  return state
}

/** The action as the runner starts it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
export async function runAction(workspace, inputs, extraEnv = {}, timeoutMs = 120_000) {
  const files = tempDir('runner')
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const r = await runNode(ACTION, [], { cwd: workspace, env, timeoutMs })
  return {
    ...r,
    output: fs.readFileSync(output, 'utf8'),
    summary: fs.readFileSync(summary, 'utf8')
  }
}

export function prEnv(workspace, gh, number) {
  const event = path.join(workspace, `event-${number}.json`)
  fs.writeFileSync(event, JSON.stringify({ pull_request: { number } }))
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'org/repo',
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42'
  }
}
