import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { describe as describeError } from '../src/apply/apply.js'
import { parseSpec, syntaxOf } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'
import type { ImportRule } from '../src/specs/importable/index.js'
import { useEmulator } from './support/emulator.js'
import { runEngine } from './support/engine.js'
import { describeShared, sharedFile } from './support/shared.js'
import { tempDir } from './support/temp.js'

// The plan's importability check and the emulator's import are written apart (the emulator
// imports nothing from src/): here each spec of the corpus goes to both, and the restriction the
// emulator names when it refuses must be one the plan predicted.

const CORPUS = path.join(process.cwd(), '__fixtures__', 'importability')

/** How the emulator words each restriction (emulator/import-*.ts, after APIM's own messages). */
const EMULATOR_SAYS: Record<ImportRule, RegExp> = {
  recursion: /is recursive/,
  'external-ref': /is an external reference/,
  'dangling-ref': /could not be resolved/,
  'duplicate-url-parameter': /must be unique within the URL template/,
  'parameter-not-in-template': /is not part of the URL template/,
  'duplicate-signature': /duplicate signature operations/,
  'duplicate-operation-id': /Cannot have multiple operations with the same operationId/,
  'openapi-keyword':
    /Parsing error\(s\): .*(is not a valid property|Cannot create a scalar value|was not recognized as a valid Boolean|is not one of)/,
  'inline-size': /4 MB/
}

const t = useEmulator()
let imports = 0

/** Imports a document as the action would; APIM's refusal as text, or undefined when taken. */
async function importInto(file: string, text: string): Promise<string | undefined> {
  const n = ++imports
  const format = /^\s*\{/.test(text)
    ? /"swagger"\s*:/.test(text)
      ? 'swagger-json'
      : 'openapi+json'
    : 'openapi'
  try {
    await t.client.api.beginCreateOrUpdateAndWait(
      t.rg,
      t.svc,
      `corpus-${n}`,
      { format, value: text, path: `corpus/${n}`, displayName: file },
      { updateIntervalInMs: 10 }
    )
    return undefined
  } catch (err) {
    const { code, message } = describeError(err)
    return `${code}: ${message}`
  }
}

const corpus = fs.readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f))

describe('the plan predicts what the emulator refuses (the importability corpus)', () => {
  it('has a spec for every rule but inline-size (built in importable.test.ts)', () => {
    const rules = new Set<string>()
    for (const file of corpus) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8')
      const spec = parseSpec(text, file, syntaxOf(file, text))
      for (const p of patchSpec(spec, { importable: 'check' }).problems) rules.add(p.rule)
    }
    expect([...rules].sort()).toEqual(
      Object.keys(EMULATOR_SAYS)
        .filter((r) => r !== 'inline-size')
        .sort()
    )
  })

  it.each(corpus)('%s', async (file) => {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8')
    const spec = parseSpec(text, file, syntaxOf(file, text))
    // As `importable: off` would send it: only the version parameter patched.
    const unpatched = patchSpec(spec, { importable: 'off' })
    const predicted = patchSpec(spec, { importable: 'check' }).problems.map((p) => p.rule)
    const refusal = await importInto(file, unpatched.text)
    if (predicted.length === 0) {
      expect(refusal).toBeUndefined()
    } else {
      expect(refusal).toMatch(/^ValidationError: /)
      const named = predicted.filter((rule) => EMULATOR_SAYS[rule].test(refusal!))
      expect({ refusal, named: named.length > 0 }).toEqual({ refusal, named: true })
    }

    // What patch mode sends: taken when nothing is left, else refused for what is left.
    const patched = patchSpec(spec)
    const after = await importInto(file, patched.text)
    if (patched.problems.length === 0) {
      expect(after).toBeUndefined()
    } else {
      expect(patched.problems.some((p) => EMULATOR_SAYS[p.rule].test(after ?? ''))).toBe(true)
    }
  })
})

describeShared('the real specs APIM cannot import as published (2025-03-01-preview and v1)', () => {
  const workspace = (): string => {
    const dir = tempDir()
    const preview = path.join(dir, 'specs', 'preview', '2025-03-01-preview')
    fs.mkdirSync(preview, { recursive: true })
    fs.mkdirSync(path.join(dir, 'specs', 'v1'))
    fs.copyFileSync(
      sharedFile('inference', 'preview', '2025-03-01-preview', 'inference.json'),
      path.join(preview, 'inference.json')
    )
    fs.copyFileSync(
      sharedFile('v1', 'v1', 'AIFoundryOpenAIV1.json'),
      path.join(dir, 'specs', 'v1', 'openapi.json')
    )
    return dir
  }
  const inputs = { 'api-id': 'real', 'api-path': 'real/openai' }

  it('importable: check blocks both at file:line and sends nothing', async () => {
    await t.clearRequests()
    const { run, result } = await runEngine(t, workspace(), { ...inputs, importable: 'check' })
    expect(run.plan.versions.map((v) => [v.version, v.action])).toEqual([
      ['2025-03-01-preview', 'blocked'],
      ['v1', 'blocked']
    ])
    const where = (v: number) =>
      run.plan.versions[v].blockers!.map((p) => `${p.file}:${p.line} ${p.message.split(':')[0]}`)
    expect(where(0)).toEqual([
      'specs/preview/2025-03-01-preview/inference.json:13040 openapi-keyword',
      'specs/preview/2025-03-01-preview/inference.json:13063 recursion',
      'specs/preview/2025-03-01-preview/inference.json:16211 openapi-keyword'
    ])
    expect(where(1)).toEqual(['specs/v1/openapi.json:10013 recursion'])
    expect(result?.versions.every((v) => v.status === 'skipped')).toBe(true)
    const imports = (await t.requests()).filter(
      (r) => r.method === 'PUT' && /\/apis\//.test(r.path)
    )
    expect(imports).toEqual([])
  })

  it('importable: patch (the default) imports both, the patch report listing each rewrite', async () => {
    const { run, result } = await runEngine(t, workspace(), inputs)
    expect(result?.versions.map((v) => [v.version, v.status])).toEqual([
      ['2025-03-01-preview', 'done'],
      ['v1', 'done']
    ])
    const [preview, v1] = run.desired.versions
    const rewrites = (entries: typeof preview.patchEntries) =>
      entries
        .filter((e) => e.kind === 'recursion-cut' || e.kind === 'openapi-rewrite')
        .map((e) => `${e.kind}@${e.line}`)
    expect(rewrites(preview.patchEntries)).toEqual([
      'openapi-rewrite@13040',
      'recursion-cut@13063',
      'openapi-rewrite@16211'
    ])
    expect(rewrites(v1.patchEntries)).toEqual(['recursion-cut@10013'])
    expect(preview.patchSummary).toContain('1 recursion cut; 2 OpenAPI 3.1 constructs rewritten')
    // The operations APIM holds are the spec's.
    const ops = []
    for await (const op of t.client.apiOperation.listByApi(t.rg, t.svc, 'real-v1')) ops.push(op)
    expect(ops).toHaveLength(v1.operations)
  })
})
