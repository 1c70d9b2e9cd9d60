// What the v1 API's two files cost: the `versions` analysis (discover, load, patch, check,
// fingerprint) and an offline-style plan (the folder against a base folder, no APIM) of
//   A: ten dated versions (the real inference specs of ../shared, and one more made from them)
//   B: the same plus v1/ and preview/ (the v1 spec, ~690 KB, for both)
// with their medians and the difference B − A (target: the v1 files add < 200 ms).
// Prints figures; asserts nothing. Skipped, saying so, when ../shared is absent.
//
//   node bench/v1.mjs [--runs 10]
// The action runs on Node 24: `npm run bench:v1` runs this under it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadEngine, machine, ms, stats } from './engine.mjs'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    shared: { type: 'string', default: '../shared/specs/azure-openai' }
  }
})
const runs = Number(values.runs)
const shared = path.resolve(values.shared)
const inference = path.join(shared, 'inference')
const v1File = path.join(shared, 'v1', 'v1', 'AIFoundryOpenAIV1.json')
if (!fs.existsSync(inference) || !fs.existsSync(v1File)) {
  console.log(
    `bench:v1 skipped: ${inference} or ${v1File} is absent (the real specs live in ../shared)`
  )
  process.exit(0)
}

// Ten dated versions as <version>/<file> (no channels: a top-level preview/ is the v1 version).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-bench-v1-'))
const dated = path.join(work, 'dated', 'specs')
const sources = []
for (const channel of ['stable', 'preview'])
  for (const version of fs.readdirSync(path.join(inference, channel)))
    sources.push({ version, file: path.join(inference, channel, version, 'inference.json') })
sources.sort((a, b) => (a.version < b.version ? -1 : 1))
// Varied: each keeps its own spec; the tenth is the newest stable one under a later date.
const newestStable = sources.filter((s) => !s.version.endsWith('-preview')).pop()
sources.push({ version: '2025-06-01', file: newestStable.file, from: newestStable.version })
for (const s of sources.slice(-10)) {
  let text = fs.readFileSync(s.file, 'utf8')
  if (s.from) text = text.replace(`"version": "${s.from}"`, `"version": "${s.version}"`)
  fs.mkdirSync(path.join(dated, s.version), { recursive: true })
  fs.writeFileSync(path.join(dated, s.version, 'inference.json'), text)
}
const withV1 = path.join(work, 'with-v1', 'specs')
fs.cpSync(dated, withV1, { recursive: true })
const v1Text = fs.readFileSync(v1File, 'utf8')
for (const [version, file] of [
  ['v1', 'azure-v1-v1-generated.json'],
  ['preview', 'azure-v1-preview-generated.json']
]) {
  fs.mkdirSync(path.join(withV1, version), { recursive: true })
  fs.writeFileSync(
    path.join(withV1, version, file),
    version === 'v1' ? v1Text : v1Text.replace('"version": "v1"', '"version": "preview"')
  )
}
// The plan's base: each folder without its newest dated version (so the plan has one import).
const baseOf = (folder) => {
  const base = path.join(path.dirname(folder), 'base')
  fs.cpSync(folder, base, { recursive: true })
  fs.rmSync(path.join(base, '2025-06-01'), { recursive: true })
  return base
}

const [{ readSettings, analyzeOptions }, { analyzeFolder }, { planAgainstFolder }, policies] =
  await Promise.all([
    loadEngine('src/settings.ts'),
    loadEngine('src/specs/analyze.ts'),
    loadEngine('src/plan/folder.ts'),
    loadEngine('src/apim/policy-files.ts')
  ])

console.log(
  `machine: ${machine()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`
)
const median = (work) => {
  const samples = []
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now()
    work()
    if (i >= 2) samples.push(performance.now() - start)
  }
  return stats(samples).median
}
const figures = {}
for (const [name, folder] of [
  ['10 dated', dated],
  ['10 dated + v1 + preview', withV1]
]) {
  const workspace = path.dirname(folder)
  const settings = readSettings({ mode: 'plan', 'api-id': 'aoai', 'spec-folder': 'specs' })
  const options = analyzeOptions(settings.specs, workspace)
  const analysis = analyzeFolder(folder, options)
  const texts = policies.readPolicyTexts(settings, workspace)
  const base = baseOf(folder)
  const plan = planAgainstFolder(settings, workspace, base, texts).plan
  const actions = plan.versions.reduce((n, v) => ({ ...n, [v.action]: (n[v.action] ?? 0) + 1 }), {})
  console.log(
    `\n${name}: ${analysis.versions.length} versions (${analysis.versions.map((v) => v.version).join(', ')}); plan ${JSON.stringify(actions)}`
  )
  figures[name] = {
    versions: median(() => analyzeFolder(folder, options)),
    plan: median(() => planAgainstFolder(settings, workspace, base, texts))
  }
  console.log(
    `  versions analysis: median ${ms(figures[name].versions)}; offline plan (folder and base): median ${ms(figures[name].plan)} (${runs} runs after 2 warm-up)`
  )
}
const [a, b] = Object.values(figures)
console.log(
  `\nthe v1 files add: versions ${ms(b.versions - a.versions)}, offline plan ${ms(b.plan - a.plan)} (target < 200 ms each)`
)
fs.rmSync(work, { recursive: true, force: true })
