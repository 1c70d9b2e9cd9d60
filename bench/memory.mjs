// Peak memory of the bundled CLI over 60 versions of real specs (~18 MB): copies of the 13 Azure
// OpenAI files of ../shared/specs/azure-openai, each given its version as `info.version` so every
// copy is a distinct spec. Against the emulator (its own process, not counted, no latency), the
// CLI's `versions` of the folder (no APIM), its `apply` of all 60 at concurrency 1 and at 8
// (each into a new API), then the no-op plan; for each, the CLI process's peak RSS (getrusage
// maxRSS, read as it exits: Linux's VmHWM; the analysis's worker thread is in it) and the largest
// V8 heap a 10 ms sampler saw in the main thread. Target (issue 15): ≤ 200 MB at concurrency 8. Each round has an emulator of its own; the figures are
// medians over the rounds, first under V8's defaults (which size the heap by the machine's
// memory), then with a heap cap given through NODE_OPTIONS (which shows what the CLI holds).
// Prints figures; asserts nothing. Linux figures (getrusage). Run `npm run bundle` first: it
// measures dist/.
//
//   node bench/memory.mjs [--versions 60] [--runs 3] [--concurrency 1,8] [--cli dist/cli.js]
//                         [--capped '--max-semi-space-size=16 --max-old-space-size=256' | --capped '']
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { machine } from './engine.mjs'
import { mb, root, runCli, runNode, startEmulator } from './harness.mjs'

const { values } = parseArgs({
  options: {
    versions: { type: 'string', default: '60' },
    cli: { type: 'string', default: path.join(root, 'dist/cli.js') },
    concurrency: { type: 'string', default: '1,8' },
    runs: { type: 'string', default: '3' },
    // V8 sizes its heap by the machine's memory, not by what is live: a run with a cap shows
    // what the CLI holds. '' leaves it out.
    capped: { type: 'string', default: '--max-semi-space-size=16 --max-old-space-size=256' },
    shared: { type: 'string', default: path.join(root, '../shared/specs/azure-openai') }
  }
})
const shared = path.resolve(values.shared)
if (!fs.existsSync(shared)) {
  console.log(`${shared} is absent: skipping the memory bench (it needs the real specs)`)
  process.exit(0)
}
const cli = path.resolve(values.cli)
const count = Number(values.versions)

const files = fs
  .readdirSync(shared, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.json'))
  .map((e) => path.join(e.parentPath, e.name))
  .filter((f) => /"(openapi|swagger)"\s*:/.test(fs.readFileSync(f, 'utf8').slice(0, 4096)))
  .sort()
// Every file once per round; the last, partial round takes the largest files.
const bySize = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)
const order = Array.from({ length: count }, (_, i) =>
  i < count - (count % files.length) ? files[i % files.length] : bySize[i % files.length]
)

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-memory-'))
let bytes = 0
order.forEach((file, i) => {
  const date = new Date(Date.UTC(2020, 0, 1) + i * 86400000 * 30).toISOString().slice(0, 10)
  const version = i % 3 === 2 ? `${date}-preview` : date
  const dir = path.join(work, 'specs', version.endsWith('preview') ? 'preview' : 'stable', version)
  fs.mkdirSync(dir, { recursive: true })
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'))
  spec.info = { ...spec.info, version }
  const text = JSON.stringify(spec, null, 2)
  bytes += Buffer.byteLength(text)
  fs.writeFileSync(path.join(dir, 'inference.json'), text)
})

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const figure = (xs) =>
  xs.length === 1
    ? mb(xs[0])
    : `${mb(median(xs))} (${mb(Math.min(...xs))} to ${mb(Math.max(...xs))})`
const heaps = [
  ['V8 defaults', undefined],
  ...(values.capped ? [[`NODE_OPTIONS=${values.capped}`, values.capped]] : [])
]
const concurrencies = values.concurrency.split(',').map(Number)

/** One round: a fresh emulator, then per concurrency an apply of every version into a new API and the no-op plan. */
async function round(nodeOptions, figures) {
  // Premium: room for 120 versions of up to ~200 operations (the Developer tier stops at 3,000).
  const emulator = await startEmulator(['--sku', 'Premium'], cli)
  const env = { ...emulator.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) }
  const inputs = (id, concurrency) => ({
    'spec-folder': 'specs',
    'api-id': id,
    'api-path': id,
    'service-url': 'http://127.0.0.1:9/openai',
    concurrency: String(concurrency),
    ...emulator.coordinates
  })
  const record = (what, run) => {
    const f = figures.get(what) ?? { rss: [], heap: [], ms: [] }
    f.rss.push(run.peakRss)
    f.heap.push(run.peakHeap)
    f.ms.push(run.ms)
    figures.set(what, f)
  }
  try {
    const listed = await runNode([cli, 'versions', 'specs', '--json'], { cwd: work, env })
    if (listed.code !== 0) throw new Error(`versions exited ${listed.code}: ${listed.err}`)
    record('versions of the folder (no APIM)', listed)
    for (const concurrency of concurrencies) {
      const id = `mem${concurrency}`
      const applied = await runCli('apply', inputs(id, concurrency), { cwd: work, env, cli })
      const done = applied.json.result.versions.filter((v) => v.status === 'done').length
      if (done !== count) throw new Error(`apply imported ${done} of ${count} versions`)
      const noop = await runCli('plan', inputs(id, concurrency), { cwd: work, env, cli })
      if (noop.json.hasChanges) throw new Error('the plan after apply has changes')
      for (const [what, run] of [
        [`apply at concurrency ${concurrency}`, applied],
        [`no-op plan (concurrency ${concurrency})`, noop]
      ])
        record(what, run)
    }
  } finally {
    emulator.stop()
  }
}

try {
  console.log(
    `machine: ${machine()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; peak RSS from getrusage (Linux: VmHWM); ${values.runs} rounds, median (min to max)`
  )
  console.log(
    `folder: ${count} versions, ${(bytes / 1e6).toFixed(1)} MB (copies of ${files.length} files of ${shared}); CLI ${path.relative(root, cli)}; emulator without latency`
  )
  for (const [name, nodeOptions] of heaps) {
    const figures = new Map()
    for (let r = 0; r < Number(values.runs); r++) await round(nodeOptions, figures)
    console.log(`\n${name}:`)
    for (const [what, f] of figures)
      console.log(
        `  ${what}: peak RSS ${figure(f.rss)}; largest sampled V8 heap ${mb(median(f.heap))}; ${(median(f.ms) / 1000).toFixed(1)} s wall`
      )
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
