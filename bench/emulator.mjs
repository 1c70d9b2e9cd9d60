// Requests per second the emulator serves (a separate process, as in every benchmark): GETs of
// an API, and imports of the 375 KB 2024-05-01-preview spec through the real SDK (PUT, poll,
// GET). Bounded in count and time; loopback only. Prints figures; asserts nothing.
//
//   node bench/emulator.mjs [--seconds 5] [--concurrency 8]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ApiManagementClient } from '@azure/arm-apimanagement'
import { Agent, fetch } from 'undici'
import { machine } from './engine.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' }
  }
})
const seconds = Number(values.seconds)
const concurrency = Number(values.concurrency)

const shared = path.resolve(
  root,
  '../shared/specs/azure-openai/inference/preview/2024-05-01-preview/inference.json'
)
const specFile = fs.existsSync(shared)
  ? shared
  : path.join(root, 'examples/azure-openai/preview/2024-05-01-preview/inference.json')
const spec = fs.readFileSync(specFile, 'utf8')

const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'emulator'], {
  stdio: ['ignore', 'pipe', 'inherit']
})
const ready = JSON.parse(
  await new Promise((resolve) =>
    child.stdout.once('data', (d) => resolve(String(d).split('\n')[0]))
  )
)
const ca = fs.readFileSync(ready.caCertFile)
const credential = {
  getToken: async () => ({ token: ready.token, expiresOnTimestamp: Date.now() + 3_600_000 })
}
const client = new ApiManagementClient(credential, ready.subscriptionId, {
  endpoint: ready.armEndpoint,
  agent: new https.Agent({ ca, keepAlive: true, maxSockets: concurrency })
})
const { resourceGroup: rg, serviceName: svc } = ready

/** Runs `task` from `workers` loops until `limitMs` passes or `maxCount` tasks are done. */
async function run(workers, limitMs, maxCount, task) {
  let done = 0
  const started = performance.now()
  const deadline = started + limitMs
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline && done < maxCount; i++) {
        await task(w, i)
        done++
      }
    })
  )
  const elapsed = (performance.now() - started) / 1000
  return { done, elapsed, perSecond: done / elapsed }
}

try {
  console.log(`machine: ${machine()}, ${os.cpus().length} cores; emulator in its own process`)
  await client.api.beginCreateOrUpdateAndWait(rg, svc, 'bench-get', {
    format: 'openapi+json',
    value: spec,
    path: 'bench-get'
  })

  const dispatcher = new Agent({ connect: { ca }, connections: concurrency })
  const url = `${ready.armEndpoint}/subscriptions/${ready.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ApiManagement/service/${svc}/apis/bench-get?api-version=2024-05-01`
  const headers = { authorization: `Bearer ${ready.token}` }
  await run(
    concurrency,
    1000,
    2000,
    async () => void (await (await fetch(url, { headers, dispatcher })).arrayBuffer())
  )
  const gets = await run(concurrency, seconds * 1000, 200_000, async () => {
    const res = await fetch(url, { headers, dispatcher })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`GET answered ${res.status}`)
  })
  console.log(
    `GET an API (raw HTTPS, keep-alive, ${concurrency} concurrent): ${gets.perSecond.toFixed(0)} requests/s (${gets.done} in ${gets.elapsed.toFixed(1)} s)`
  )

  const sdkGets = await run(
    concurrency,
    seconds * 1000,
    100_000,
    async () => void (await client.api.get(rg, svc, 'bench-get'))
  )
  console.log(
    `GET an API (real SDK, ${concurrency} concurrent): ${sdkGets.perSecond.toFixed(0)} requests/s`
  )

  for (const workers of [1, 4]) {
    const imports = await run(workers, seconds * 1000, 2000, (w, i) =>
      client.api.beginCreateOrUpdateAndWait(
        rg,
        svc,
        `bench-import-${workers}-${w}-${i}`,
        { format: 'openapi+json', value: spec, path: `bench-import-${workers}-${w}-${i}` },
        { updateIntervalInMs: 0 }
      )
    )
    console.log(
      `import ${path.basename(path.dirname(specFile))} (${(spec.length / 1024).toFixed(0)} KB, PUT + poll + GET via the SDK, ${workers} concurrent): ${imports.perSecond.toFixed(1)} imports/s (${imports.done} in ${imports.elapsed.toFixed(1)} s)`
    )
  }
} finally {
  child.kill('SIGTERM')
}
