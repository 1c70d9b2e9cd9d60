// Many APIs: 10 APIs × 30 generated versions (6 operations each, in the Azure OpenAI shape, like
// bench/sync.mjs's) bootstrapped into the emulator with APIM-like latency (50 ms per ARM request,
// imports that take 1 s), two ways, each into an emulator of its own (in a process of its own):
//  (a) one process, one API after another: bench/in-process.mjs runs the bundled CLI's `apply`
//      for each API in turn in one Node process;
//  (b) as a matrix: the 10 APIs' `apply` as 10 processes at once, like 10 GitHub jobs (here on
//      this machine's cores, where GitHub gives each job a runner).
// For each: wall time, the ARM requests the emulator logged, peak RSS (getrusage maxRSS: Linux's
// VmHWM), and afterwards each API's no-op plan's ARM requests (target: 3). Prints figures;
// asserts nothing. Run `npm run bundle` first: it runs dist/.
//
//   node bench/scale.mjs [--apis 10] [--versions 30] [--concurrency 8] [--latency-ms 50] [--lro-ms 1000]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { machine } from './engine.mjs'
import {
  flags,
  mb,
  root,
  runCli,
  runNode,
  startEmulator,
  writeGeneratedVersions
} from './harness.mjs'

const { values } = parseArgs({
  options: {
    apis: { type: 'string', default: '10' },
    versions: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '8' },
    'latency-ms': { type: 'string', default: '50' },
    'lro-ms': { type: 'string', default: '1000' },
    cli: { type: 'string', default: path.join(root, 'dist/cli.js') }
  }
})
const cli = path.resolve(values.cli)
const apis = Number(values.apis)
const count = Number(values.versions)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-scale-'))

// Each API in a workspace of its own (a repository, or a folder of one): <api>/specs/….
const workspaces = Array.from({ length: apis }, (_, a) => {
  const workspace = path.join(work, `api${a}`)
  writeGeneratedVersions(workspace, count, `scale ${a}`)
  return workspace
})

const inputs = (emulator, a) => ({
  'spec-folder': 'specs',
  'api-id': `scale${a}`,
  'api-path': `scale${a}`,
  'service-url': 'http://127.0.0.1:9/openai',
  concurrency: values.concurrency,
  ...emulator.coordinates
})
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const requestsOf = (list) => {
  const writes = list.filter((r) => r.method !== 'GET').length
  // What the GETs are: imports polled, operations counted for the tier's budget, the rest.
  const kinds = new Map()
  for (const r of list.filter((r) => r.method === 'GET')) {
    const what = /\/operationResults\//.test(r.path)
      ? 'import polls'
      : /\/apis\/[^/]+\/operations$/.test(r.path)
        ? "operation counts (the tier's budget)"
        : /\/apis$/.test(r.path)
          ? 'API lists'
          : /\/apis\/[^/]+$/.test(r.path)
            ? 'API reads'
            : 'other reads'
    kinds.set(what, (kinds.get(what) ?? 0) + 1)
  }
  const gets = [...kinds]
    .sort((x, y) => y[1] - x[1])
    .map(([what, n]) => `${n} ${what}`)
    .join(', ')
  return `${list.length} ARM requests (${writes} writes; GETs: ${gets})`
}

/** After a bootstrap: each API's no-op plan, its ARM requests counted alone. */
async function noopPlans(emulator) {
  const counts = []
  let first = ''
  for (let a = 0; a < apis; a++) {
    await emulator.clearRequests()
    const plan = await runCli('plan', inputs(emulator, a), {
      cwd: workspaces[a],
      env: emulator.env,
      cli
    })
    if (plan.json.hasChanges) throw new Error(`scale${a}: the plan after apply has changes`)
    const requests = await emulator.armRequests()
    counts.push(requests.length)
    if (a === 0) {
      const paths = new Map()
      for (const r of requests) {
        const what = `${r.method} ${r.path.replace(/.*\/service\/[^/]+/, '')}`
        paths.set(what, (paths.get(what) ?? 0) + 1)
      }
      first = [...paths].map(([what, n]) => (n > 1 ? `${what} ×${n}` : what)).join(', ')
    }
  }
  return `no-op plan of each API afterwards: ${counts.join(', ')} ARM requests (target: 3 each); the first: ${first}`
}

/** A fresh emulator with APIM-like latency, for one way of running. */
const emulatorFor = () =>
  startEmulator(['--latency-ms', values['latency-ms'], '--lro-ms', values['lro-ms']], cli)

try {
  console.log(
    `machine: ${machine()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `emulator: ${values['latency-ms']} ms per ARM request, imports ${values['lro-ms']} ms; ` +
      `${apis} APIs × ${count} versions (6 operations each), concurrency ${values.concurrency} per API`
  )

  // (a) One process, one API after another.
  {
    const emulator = await emulatorFor()
    try {
      const runs = workspaces.map((cwd, a) => ({
        cwd,
        args: ['apply', ...flags(inputs(emulator, a))]
      }))
      const run = await runNode([path.join(root, 'bench/in-process.mjs'), cli], {
        cwd: work,
        env: { ...emulator.env, APIMV_RUNS: JSON.stringify(runs) }
      })
      if (run.code !== 0) throw new Error(`the in-process run failed: ${run.err.slice(-2000)}`)
      const each = [...run.err.matchAll(/exit 0, (\d+) ms/g)].map((m) => Number(m[1]))
      each.sort((x, y) => x - y)
      const requests = await emulator.armRequests()
      console.log(
        `\n(a) one process, ${apis} APIs one after another: ${seconds(run.ms)} wall ` +
          `(one API: median ${seconds(each[Math.floor(each.length / 2)])}, ${seconds(each[0])} to ${seconds(each.at(-1))}); ` +
          `${requestsOf(requests)}; peak RSS ${mb(run.peakRss)}`
      )
      console.log(`    ${await noopPlans(emulator)}`)
    } finally {
      emulator.stop()
    }
  }

  // (b) As a matrix: one process per API, all at once.
  {
    const emulator = await emulatorFor()
    try {
      const started = performance.now()
      const jobs = await Promise.all(
        workspaces.map((cwd, a) =>
          runCli('apply', inputs(emulator, a), { cwd, env: emulator.env, cli })
        )
      )
      const wall = performance.now() - started
      const failed = jobs.flatMap((j) => j.json.result.versions).filter((v) => v.status !== 'done')
      if (failed.length > 0) throw new Error(`${failed.length} versions failed in the matrix`)
      const times = jobs.map((j) => j.ms).sort((x, y) => x - y)
      const peaks = jobs.map((j) => j.peakRss)
      const requests = await emulator.armRequests()
      console.log(
        `\n(b) as a matrix, ${apis} processes at once: ${seconds(wall)} wall ` +
          `(one job: ${seconds(times[0])} to ${seconds(times.at(-1))}); ${requestsOf(requests)}; ` +
          `peak RSS per process ${mb(Math.min(...peaks))} to ${mb(Math.max(...peaks))}, ${mb(peaks.reduce((x, y) => x + y, 0))} summed`
      )
      console.log(`    ${await noopPlans(emulator)}`)
    } finally {
      emulator.stop()
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
