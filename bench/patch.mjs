// Times discover + load + patch + fingerprint of every version of a spec folder, after warm-up,
// the importability check (check and patch mode) on the v1 spec and on a generated spec of
// 8,000 schemas to rewrite, and discovery of a generated folder of 200 versions. Prints
// figures; asserts nothing.
//
//   node bench/patch.mjs [folder] [--runs 20] [--generated 200] [--v1 FILE]
// The action runs on Node 24: `npm run bench:patch` runs this under it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadEngine, machine, ms, stats } from './engine.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    generated: { type: 'string', default: '200' },
    v1: { type: 'string', default: '../shared/specs/azure-openai/v1/v1/AIFoundryOpenAIV1.json' },
    once: { type: 'boolean', default: false }
  }
})
const folder = path.resolve(positionals[0] ?? '../shared/specs/azure-openai/inference')
const runs = Number(values.runs)
const generatedCount = Number(values.generated)

const engine = await loadEngine('src/specs/analyze.ts', { reuse: values.once })

if (values.once) {
  // One analysis in a fresh process: its peak RSS is the engine's peak memory for the folder.
  const before = process.resourceUsage().maxRSS
  engine.analyzeFolder(folder, {})
  console.log(JSON.stringify({ baseline: before, peak: process.resourceUsage().maxRSS }))
  process.exit(0)
}
const discovery = await loadEngine('src/specs/discover.ts')

console.log(
  `machine: ${machine()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`
)

if (fs.existsSync(folder)) {
  const bytes = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .reduce((n, e) => n + fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0)
  let versions = 0
  const samples = []
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now()
    const analysis = engine.analyzeFolder(folder, {})
    const elapsed = performance.now() - start
    versions = analysis.versions.length
    if (i >= 3) samples.push(elapsed)
  }
  const s = stats(samples)
  console.log(
    `\nfolder: ${folder} (${(bytes(folder) / 2 ** 20).toFixed(2)} MB, ${versions} versions)`
  )
  console.log(
    `discover+load+patch+fingerprint, ${runs} runs after 3 warm-up: median ${ms(s.median)}, min ${ms(s.min)}, p95 ${ms(s.p95)} (target < 300 ms)`
  )
  const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, folder, '--once'], {
    encoding: 'utf8'
  })
  const memory = JSON.parse(child.stdout.trim().split('\n').pop())
  console.log(
    `peak memory of one analysis in a fresh process: RSS ${(memory.peak / 1024).toFixed(0)} MB (${(memory.baseline / 1024).toFixed(0)} MB before it)`
  )
} else {
  console.log(`\nfolder ${folder} is absent: skipping the real-folder figures`)
}

// The importability check on one large spec: patchSpec with importable off, check and patch.
const v1File = path.resolve(values.v1)
if (fs.existsSync(v1File)) {
  const { parseSpec } = await loadEngine('src/specs/load.ts')
  const { patchSpec } = await loadEngine('src/specs/patch.ts')
  const text = fs.readFileSync(v1File, 'utf8')
  const spec = parseSpec(text, path.basename(v1File), 'json')
  const median = (importable) => {
    const samples = []
    for (let i = 0; i < runs + 3; i++) {
      const start = performance.now()
      patchSpec(spec, { importable })
      if (i >= 3) samples.push(performance.now() - start)
    }
    return stats(samples).median
  }
  const off = median('off')
  const check = median('check')
  const patch = median('patch')
  console.log(`\nimportability: ${v1File} (${(text.length / 1024).toFixed(0)} KB)`)
  console.log(
    `patch, ${runs} runs after 3 warm-up, median: importable off ${ms(off)}, check ${ms(check)} (+${ms(check - off)}), patch ${ms(patch)} (+${ms(patch - off)})`
  )
} else {
  console.log(`\nspec ${v1File} is absent: skipping the importability figure`)
}

// Patch mode on a generated OpenAPI 3.1 spec whose 8,000 schemas each have a type list
// (`type: [string, 'null']`): 8,000 rewrites, which once took close to a minute (each one
// copied the whole map of schemas). Target: under 1 s.
{
  const { parseSpec } = await loadEngine('src/specs/load.ts')
  const { patchSpec } = await loadEngine('src/specs/patch.ts')
  const schemas = {}
  for (let i = 0; i < 8000; i++) schemas[`S${i}`] = { type: ['string', 'null'], description: 'x' }
  const text = JSON.stringify(
    {
      openapi: '3.1.0',
      info: { title: 'generated', version: '1' },
      paths: {
        '/a': { get: { operationId: 'a', responses: { 200: { description: 'ok' } } } }
      },
      components: { schemas }
    },
    null,
    2
  )
  const spec = parseSpec(text, 'generated.json', 'json')
  const samples = { check: [], patch: [] }
  let rewrites = 0
  for (let i = 0; i < 8; i++) {
    for (const importable of ['check', 'patch']) {
      const start = performance.now()
      const result = patchSpec(spec, { importable })
      if (i >= 2) samples[importable].push(performance.now() - start)
      if (importable === 'patch') {
        rewrites = result.entries.length
        if (result.problems.length > 0) throw new Error(`${result.problems.length} problems left`)
      }
    }
  }
  console.log(
    `\ngenerated 3.1 spec: 8000 schemas with a type list (${(text.length / 1024).toFixed(0)} KB)`
  )
  console.log(
    `importable check: median ${ms(stats(samples.check).median)}; patch (${rewrites} rewrites): median ${ms(stats(samples.patch).median)} (target < 1 s)`
  )
}

// A generated folder: 200 small versions across two channels.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-bench-'))
try {
  for (let i = 0; i < generatedCount; i++) {
    const date = new Date(Date.UTC(2015, 0, 1) + i * 86400000 * 7).toISOString().slice(0, 10)
    const version = i % 3 === 0 ? `${date}-preview` : date
    const target = path.join(dir, i % 3 === 0 ? 'preview' : 'stable', version)
    fs.mkdirSync(path.join(target, 'examples'), { recursive: true })
    const paths = Object.fromEntries(
      Array.from({ length: 8 }, (_, k) => [
        `/deployments/{deployment-id}/op${k}`,
        {
          post: {
            operationId: `op${k}`,
            parameters: [
              { in: 'query', name: 'api-version', required: true, schema: { type: 'string' } }
            ],
            responses: { 200: { description: 'ok' } }
          }
        }
      ])
    )
    fs.writeFileSync(
      path.join(target, 'inference.json'),
      JSON.stringify({ openapi: '3.0.0', info: { title: 'gen', version }, paths }, null, 2)
    )
    fs.writeFileSync(path.join(target, 'examples', 'op0.json'), '{"parameters": {}}')
  }
  const discoverSamples = []
  const analyzeSamples = []
  for (let i = 0; i < 8; i++) {
    let start = performance.now()
    const found = discovery.discoverVersions(dir, {})
    if (found.versions.length !== generatedCount)
      throw new Error(`found ${found.versions.length} versions`)
    if (i >= 3) discoverSamples.push(performance.now() - start)
    start = performance.now()
    engine.analyzeFolder(dir, {})
    if (i >= 3) analyzeSamples.push(performance.now() - start)
  }
  console.log(`\ngenerated folder: ${generatedCount} versions`)
  console.log(
    `discover: median ${ms(stats(discoverSamples).median)} (target < 1 s); discover+load+patch+fingerprint: median ${ms(stats(analyzeSamples).median)}`
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
