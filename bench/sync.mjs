// The main job's figures against the emulator with APIM-like latency (50 ms per ARM request)
// and imports that take 1 s, over 28 generated versions:
//  (a) a no-op plan: ARM requests and wall time;
//  (b) bootstrap: wall time at concurrency 1 and 8, against the bound
//      ceil(28 / concurrency) × (one version's sequential time), and the speed-up;
//  (c) cold start of `node dist/index.js` to its first ARM request, and the size of dist/.
// Runs the bundled CLI and action as separate processes; loopback only; prints figures.
//
//   node bench/sync.mjs [--versions 28]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { machine } from './engine.mjs'
import { startEmulator, writeGeneratedVersions } from './harness.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const { values } = parseArgs({ options: { versions: { type: 'string', default: '28' } } })
const count = Number(values.versions)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-sync-'))

// 28 small versions in the Azure OpenAI shape (inline required api-version).
writeGeneratedVersions(work, count)

const emulator = await startEmulator(['--latency-ms', '50', '--lro-ms', '1000'])
const { ready, control, coordinates } = emulator
const service = `/subscriptions/${ready.subscriptionId}/resourceGroups/${ready.resourceGroup}/providers/Microsoft.ApiManagement/service/${ready.serviceName}`
const settings = (id, concurrency) => ({
  'spec-folder': 'specs',
  'api-id': id,
  'api-path': id,
  'service-url': 'http://127.0.0.1:9/openai',
  concurrency: String(concurrency),
  ...coordinates
})
const env = { ...process.env, NODE_EXTRA_CA_CERTS: ready.caCertFile }

function cli(command, inputs) {
  const args = [
    path.join(root, 'dist/cli.js'),
    command,
    '--json',
    ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])
  ]
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.once('exit', (code) => {
      const ms = performance.now() - started
      if (code === 0) resolve({ ms, json: JSON.parse(out) })
      else reject(new Error(`${command} exited ${code}`))
    })
  })
}

try {
  console.log(
    `machine: ${machine()}, ${os.cpus().length} cores; emulator: 50 ms per ARM request, imports 1 s; ${count} versions`
  )

  const one = await cli('apply', settings('bench1', 1))
  const perVersion = one.json.result.versions.map((v) => v.ms).sort((a, b) => a - b)
  const sequential = perVersion[Math.floor(perVersion.length / 2)]
  console.log(
    `\n(b) bootstrap at concurrency 1: ${(one.ms / 1000).toFixed(1)} s wall; one version sequentially (median): ${sequential} ms`
  )
  const eight = await cli('apply', settings('bench8', 8))
  const bound = Math.ceil(count / 8) * sequential
  console.log(
    `(b) bootstrap at concurrency 8: ${(eight.ms / 1000).toFixed(1)} s wall; bound ceil(${count}/8) × ${sequential} ms = ${(bound / 1000).toFixed(1)} s; ` +
      `ratio ${(eight.ms / bound).toFixed(2)} (target ≤ 1.3); speed-up over concurrency 1: ${(one.ms / eight.ms).toFixed(1)}× (target ≥ 5×)`
  )

  await control('DELETE', '/_emulator/requests')
  const noop = await cli('plan', settings('bench8', 8))
  const requests = (await control('GET', '/_emulator/requests')).filter((r) => r.kind === 'arm')
  const shown = (list) =>
    list.map((r) => `${r.method} ${r.path.replace(/.*\/service\/[^/]+/, '')}`).join(', ')
  console.log(
    `\n(a) no-op plan: ${requests.length} ARM requests (target ≤ 3: ${shown(requests)}); ${noop.ms.toFixed(0)} ms wall (hasChanges ${noop.json.hasChanges})`
  )

  // The same with two products and a backend (issue 13): one more read per product.
  for (const product of ['P1', 'P2'])
    await control('PUT', `${service}/products/${product}?api-version=2024-05-01`, {
      properties: { displayName: product, subscriptionRequired: true, state: 'published' }
    })
  const callers = {
    ...settings('bench8', 8),
    products: 'P1,P2',
    'backend-id': 'bench-backend',
    'backend-auth': 'managed-identity'
  }
  await cli('apply', callers)
  await control('DELETE', '/_emulator/requests')
  const noopCallers = await cli('plan', callers)
  const withProducts = (await control('GET', '/_emulator/requests')).filter((r) => r.kind === 'arm')
  const writes = withProducts.filter((r) => r.method !== 'GET').length
  console.log(
    `(a) no-op plan with 2 products and a backend: ${withProducts.length} ARM requests, ${writes} writes (target ≤ 3 + 2, 0 writes: ${shown(withProducts)}); ${noopCallers.ms.toFixed(0)} ms wall (hasChanges ${noopCallers.json.hasChanges})`
  )

  const starts = []
  const inside = []
  for (let i = 0; i < 7; i++) {
    await control('DELETE', '/_emulator/requests')
    const inputEnv = Object.fromEntries(
      Object.entries({ mode: 'plan', ...settings('bench8', 8) }).map(([k, v]) => [
        `INPUT_${k.toUpperCase()}`,
        v
      ])
    )
    const spawnedAt = Date.now()
    let stderr = ''
    await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['--require', path.join(root, 'bench/first-connect.cjs'), path.join(root, 'dist/index.js')],
        {
          cwd: work,
          env: {
            PATH: process.env.PATH,
            GITHUB_WORKSPACE: work,
            NODE_EXTRA_CA_CERTS: ready.caCertFile,
            ...inputEnv
          },
          stdio: ['ignore', 'ignore', 'pipe']
        }
      )
      child.stderr.on('data', (c) => (stderr += c))
      child.once('exit', resolve)
    })
    const first = (await control('GET', '/_emulator/requests')).find((r) => r.kind === 'arm')
    starts.push(first.at - spawnedAt)
    inside.push(Number(/first-tls-connect-ms=(\d+)/.exec(stderr)?.[1]))
  }
  inside.sort((a, b) => a - b)
  starts.sort((a, b) => a - b)
  const size = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .reduce(
        (n, e) =>
          n +
          (e.isDirectory()
            ? size(path.join(dir, e.name))
            : fs.statSync(path.join(dir, e.name)).size),
        0
      )
  console.log(
    `\n(c) cold start of node dist/index.js (mode plan, access-token), median of 7: first TLS connection ${inside[3]} ms after Node started (min ${inside[0]}, max ${inside[6]}; target ≤ 300 ms); ` +
      `from the parent's spawn to the request's arrival at the emulator ${starts[3]} ms (min ${starts[0]}, max ${starts[6]})`
  )
  console.log(
    `(c) dist/: index.js ${(fs.statSync(path.join(root, 'dist/index.js')).size / 1024).toFixed(0)} KB; ${fs.readdirSync(path.join(root, 'dist')).length} files, ${(size(path.join(root, 'dist')) / 1e6).toFixed(2)} MB in all (one bundle for the action and the CLI; target ≤ 3.2 MB)`
  )
} finally {
  emulator.stop()
  fs.rmSync(work, { recursive: true, force: true })
}
