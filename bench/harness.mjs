// What bench/memory.mjs and bench/scale.mjs share: the emulator in a process of its own (so its
// memory and CPU are not the measured process's), its control routes, and the bundled CLI run as
// a child whose peak RSS is reported by bench/peak-rss.mjs (`node --import`).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const PEAK = path.join(root, 'bench/peak-rss.mjs')

/** Starts `dist/cli.js emulator` with the flags given; resolves once it is listening. */
export async function startEmulator(flags = [], cli = path.join(root, 'dist/cli.js')) {
  const child = spawn(process.execPath, [cli, 'emulator', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const ready = JSON.parse(
    await new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the emulator exited ${code}`)))
      child.stdout.once('data', (d) => resolve(String(d).split('\n')[0]))
    })
  )
  const ca = fs.readFileSync(ready.caCertFile)
  const agent = new https.Agent({ ca, keepAlive: true })
  const control = (method, route, body) =>
    new Promise((resolve, reject) => {
      const req = https.request(
        new URL(route, ready.armEndpoint),
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${ready.token}`,
            ...(body ? { 'content-type': 'application/json' } : {})
          }
        },
        (res) => {
          let text = ''
          res.on('data', (c) => (text += c))
          res.on('end', () => resolve(text ? JSON.parse(text) : undefined))
        }
      )
      req.on('error', reject)
      req.end(body ? JSON.stringify(body) : undefined)
    })
  return {
    ready,
    control,
    /** ARM requests the emulator has logged since the log was last cleared. */
    armRequests: async () =>
      (await control('GET', '/_emulator/requests')).filter((r) => r.kind === 'arm'),
    clearRequests: () => control('DELETE', '/_emulator/requests'),
    coordinates: {
      'subscription-id': ready.subscriptionId,
      'resource-group': ready.resourceGroup,
      'service-name': ready.serviceName,
      'arm-endpoint': ready.armEndpoint,
      'access-token': ready.token
    },
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ready.caCertFile },
    stop() {
      agent.destroy()
      child.kill('SIGTERM')
    }
  }
}

/**
 * Runs `node --import bench/peak-rss.mjs <args…>`; resolves with its wall time, exit code,
 * output, and peak RSS in bytes (getrusage's maxRSS, read as it exits) and largest sampled heap.
 */
export function runNode(args, { cwd, env }) {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', PEAK, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    child.once('exit', (code) => {
      const peak = /peak-rss-kb=(\d+)/.exec(err)
      const heap = /peak-heap-bytes=(\d+)/.exec(err)
      resolve({
        ms: performance.now() - started,
        code,
        out,
        err: err.replace(/peak-\S+=\d+\n?/g, ''),
        peakRss: peak ? Number(peak[1]) * 1024 : undefined,
        peakHeap: heap ? Number(heap[1]) : undefined
      })
    })
  })
}

/** `--<input> <value>…` for each input. */
export const flags = (inputs) => Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])

/**
 * Runs `node dist/cli.js <command> --json --<input> <value>…` in `cwd`; resolves with its wall
 * time, its JSON and its peak RSS (see runNode); rejects when it fails.
 */
export async function runCli(command, inputs, { cwd, env, cli = path.join(root, 'dist/cli.js') }) {
  const run = await runNode([cli, command, '--json', ...flags(inputs)], { cwd, env })
  if (run.code !== 0) throw new Error(`${command} exited ${run.code}: ${run.err.slice(-2000)}`)
  return { ...run, json: JSON.parse(run.out) }
}

export const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`

/**
 * `count` small versions in the Azure OpenAI shape (six operations, inline required api-version)
 * under `<folder>/specs/<stable|preview>/<version>/inference.json`: dates a month apart from
 * 2022-01-01, every fourth a preview.
 */
export function writeGeneratedVersions(folder, count, title = 'bench') {
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2022, 0, 1) + i * 86400000 * 30).toISOString().slice(0, 10)
    const version = i % 4 === 3 ? `${date}-preview` : date
    const channel = version.endsWith('preview') ? 'preview' : 'stable'
    const dir = path.join(folder, 'specs', channel, version)
    fs.mkdirSync(dir, { recursive: true })
    const paths = Object.fromEntries(
      Array.from({ length: 6 }, (_, k) => [
        `/deployments/{deployment-id}/op${k}`,
        {
          post: {
            operationId: `op${k}`,
            parameters: [
              { in: 'path', name: 'deployment-id', required: true, schema: { type: 'string' } },
              { in: 'query', name: 'api-version', required: true, schema: { type: 'string' } }
            ],
            responses: { 200: { description: 'ok' } }
          }
        }
      ])
    )
    fs.writeFileSync(
      path.join(dir, 'inference.json'),
      JSON.stringify({ openapi: '3.0.0', info: { title, version }, paths }, null, 2)
    )
  }
}
