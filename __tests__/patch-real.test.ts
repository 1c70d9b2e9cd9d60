import fs from 'node:fs'
import { expect, it } from '@jest/globals'
import { parseSpec } from '../src/specs/load.js'
import { effectiveParameters, listOperations, operationLabel } from '../src/specs/operations.js'
import { patchSpec } from '../src/specs/patch.js'
import { describeShared, sharedFile } from './support/shared.js'

type Json = Record<string, unknown>

const FILES = [
  'inference/stable/2022-12-01/inference.json',
  'inference/stable/2022-12-01/generated.json',
  'inference/stable/2024-02-01/inference.json',
  'inference/stable/2024-06-01/inference.json',
  'inference/stable/2024-10-21/inference.json',
  'inference/preview/2024-05-01-preview/inference.json',
  'inference/preview/2024-07-01-preview/inference.json',
  'inference/preview/2024-08-01-preview/inference.json',
  'inference/preview/2024-09-01-preview/inference.json',
  'inference/preview/2025-03-01-preview/inference.json',
  'authoring/preview/2024-10-01-preview/azureopenai.json',
  'authoring/preview/2025-04-01-preview/azureopenai.json',
  'v1/v1/AIFoundryOpenAIV1.json'
]

function load(relative: string) {
  const text = fs.readFileSync(sharedFile(relative), 'utf8')
  return { text, spec: parseSpec(text, relative, 'json') }
}

/** The expected patch, computed independently of the patcher on JSON.parse'd data. */
function expectedAfterPatch(original: Json, removeExamples: boolean): Json {
  const doc = structuredClone(original)
  const isVersionParam = (p: unknown): p is Json =>
    typeof p === 'object' &&
    p !== null &&
    (p as Json).name === 'api-version' &&
    (p as Json).in === 'query'
  for (const item of Object.values(doc.paths as Json)) {
    for (const [key, op] of Object.entries(item as Json)) {
      if (key === 'parameters') continue
      const operation = op as Json
      for (const p of (operation.parameters as unknown[]) ?? []) {
        if (isVersionParam(p) && p.required === true) p.required = false
      }
      const examples = JSON.stringify(operation['x-ms-examples'] ?? {})
      if (removeExamples && /"\$ref":"(?!#)/.test(examples)) delete operation['x-ms-examples']
    }
  }
  const shared = [(doc.components as Json | undefined)?.parameters, doc.parameters]
  for (const holder of shared) {
    for (const p of Object.values((holder as Json) ?? {})) {
      if (isVersionParam(p) && p.required === true) p.required = false
    }
  }
  return doc
}

function changedLines(a: string, b: string): { count: number; lines: [string, string][] } {
  const left = a.split('\n')
  const right = b.split('\n')
  expect(right.length).toBe(left.length)
  const lines: [string, string][] = []
  left.forEach((line, i) => {
    if (line !== right[i]) lines.push([line, right[i]])
  })
  return { count: lines.length, lines }
}

describeShared('patching the real Azure OpenAI specs', () => {
  it.each(FILES)('%s: every operation can reach api-version only as optional', (file) => {
    const { spec } = load(file)
    const patched = parseSpec(patchSpec(spec).text, file, 'json')
    const operations = listOperations(patched)
    expect(operations.length).toBeGreaterThan(0)
    for (const op of operations) {
      const version = effectiveParameters(patched, op).find(
        (p) => p.value.name === 'api-version' && p.value.in === 'query'
      )
      if (version)
        expect([op.method, op.path, version.value.required]).toEqual([op.method, op.path, false])
    }
  })

  it.each(FILES)(
    '%s: patched equals original but for the required flags and external x-ms-examples',
    (file) => {
      const { text, spec } = load(file)
      // The importability rewrites are held against their own expectations in importable.test.ts.
      const result = patchSpec(spec, { importable: 'off' })
      expect(JSON.parse(result.text)).toEqual(expectedAfterPatch(JSON.parse(text), true))
      // The in-memory patched data is what the text parses to (the fingerprint is taken from it).
      expect(parseSpec(result.text, file, 'json').root).toEqual(result.value)
    }
  )

  it.each([
    ['inference/preview/2024-05-01-preview/inference.json', 42],
    ['authoring/preview/2024-10-01-preview/azureopenai.json', 1],
    ['inference/stable/2022-12-01/generated.json', 1],
    ['v1/v1/AIFoundryOpenAIV1.json', 0]
  ])(
    '%s with --keep-examples changes exactly %i line(s), each only true → false',
    (file, count) => {
      const { text, spec } = load(file)
      const result = patchSpec(spec, { removeExternalExamples: false, importable: 'off' })
      const diff = changedLines(text, result.text)
      expect(diff.count).toBe(count)
      expect(result.edits).toBe(count)
      for (const [before, after] of diff.lines) {
        expect(after).toBe(before.replace(/\btrue\b/, 'false'))
      }
      if (count === 0) expect(result.text).toBe(text)
      // The rest of the bytes stay, lossy numbers included.
      if (/-9223372036854775808/.test(text)) expect(result.text).toContain('-9223372036854775808')
      expect(JSON.parse(result.text)).toEqual(expectedAfterPatch(JSON.parse(text), false))
    }
  )

  it('keeps 1.0, int64 bounds and non-ASCII text byte for byte', () => {
    const file = 'inference/preview/2024-05-01-preview/inference.json'
    const { text, spec } = load(file)
    const patched = patchSpec(spec, { removeExternalExamples: false }).text
    expect(text).toMatch(/"default": 1\.0/)
    for (const needle of [
      '"default": 1.0',
      '"maximum": 4.0',
      '9223372036854775807',
      'Elasticsearch®'
    ]) {
      expect(patched.split(needle).length).toBe(text.split(needle).length)
    }
    const mojibake = load('inference/stable/2024-10-21/inference.json')
    expect(patchSpec(mojibake.spec, { removeExternalExamples: false }).text.includes('â€“')).toBe(
      mojibake.text.includes('â€“')
    )
  })

  it('lists the seven operations of 2025-03-01-preview that lack api-version', () => {
    const { spec } = load('inference/preview/2025-03-01-preview/inference.json')
    const missing = patchSpec(spec)
      .entries.filter((e) => e.kind === 'parameter-missing')
      .flatMap((e) => e.operations)
    expect(missing.sort()).toEqual(
      [
        'POST /responses',
        'GET /responses/{response_id}',
        'DELETE /responses/{response_id}',
        'GET /responses/{response_id}/input_items',
        'POST /vector_stores/{vector_store_id}/files/{file_id}',
        'GET /vector_stores/{vector_store_id}/files/{file_id}/content',
        'POST /vector_stores/{vector_store_id}/search'
      ].sort()
    )
  })

  it('patches a shared definition once and names every operation that uses it', () => {
    const { spec } = load('authoring/preview/2024-10-01-preview/azureopenai.json')
    const result = patchSpec(spec, { removeExternalExamples: false })
    const [entry] = result.entries.filter((e) => e.kind === 'parameter-optional')
    expect(entry.pointer).toBe('/parameters/apiVersionQueryParameter/required')
    expect(entry.operations).toHaveLength(listOperations(spec).length)
    expect(entry.operations).toContain(operationLabel(listOperations(spec)[0]))
    expect(entry.reason).toMatch(/shared definition used by 28 operations/)
  })

  it('is idempotent: a patched spec comes back byte-identical', () => {
    for (const file of FILES) {
      const { spec } = load(file)
      const once = patchSpec(spec).text
      const twice = patchSpec(parseSpec(once, file, 'json'))
      expect(twice.edits).toBe(0)
      expect(twice.text).toBe(once)
    }
  })
})
