import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { renderVersionsSummary } from '../src/render/versions-report.js'
import { analyzeFolder } from '../src/specs/analyze.js'
import type { ImportProblem } from '../src/specs/importable/index.js'
import { signatureOf } from '../src/specs/importable/url-template.js'
import { MAX_SPEC_BYTES, parseSpec, syntaxOf } from '../src/specs/load.js'
import { effectiveParameters, listOperations } from '../src/specs/operations.js'
import { patchSpec, type PatchEntry, type PatchResult } from '../src/specs/patch.js'
import { describeShared, sharedFile } from './support/shared.js'
import { tempDir, writeTree } from './support/temp.js'

const CORPUS = path.join(process.cwd(), '__fixtures__', 'importability')

function load(name: string) {
  const file = path.join(CORPUS, name)
  const text = fs.readFileSync(file, 'utf8')
  return { text, spec: parseSpec(text, name, syntaxOf(file)) }
}

const at = (problems: ImportProblem[]) => problems.map((p) => `${p.rule}@${p.line}`)
const isRewrite = (e: PatchEntry) => e.kind === 'recursion-cut' || e.kind === 'openapi-rewrite'
const rewrites = (result: PatchResult) =>
  result.entries.filter(isRewrite).map((e) => `${e.kind}@${e.line}`)

/** Each corpus file: its problems in check mode, and in patch mode its rewrites and what is left. */
const CASES: { file: string; check: string[]; patch: string[]; left: string[] }[] = [
  {
    file: 'recursion-self.json',
    check: ['recursion@26'],
    patch: ['recursion-cut@26'],
    left: []
  },
  {
    file: 'recursion-cycle.yaml',
    check: ['recursion@21'],
    patch: ['recursion-cut@21'],
    left: []
  },
  // A reference to a part of A leads where that part does (here a string): no cycle.
  { file: 'not-recursion-part.yaml', check: [], patch: [], left: [] },
  {
    file: 'recursive-ref.json',
    check: ['openapi-keyword@19', 'recursion@27'],
    patch: ['openapi-rewrite@19', 'recursion-cut@27'],
    left: []
  },
  {
    file: 'external-ref.json',
    check: ['external-ref@11'],
    patch: [],
    left: ['external-ref@11']
  },
  {
    file: 'dangling-ref.yaml',
    check: ['dangling-ref@9', 'dangling-ref@30'],
    patch: [],
    left: ['dangling-ref@9', 'dangling-ref@30']
  },
  {
    file: 'duplicate-url-parameter.json',
    check: ['duplicate-url-parameter@9'],
    patch: [],
    left: ['duplicate-url-parameter@9']
  },
  {
    file: 'parameter-not-in-template.yaml',
    check: ['parameter-not-in-template@8'],
    patch: [],
    left: ['parameter-not-in-template@8']
  },
  {
    file: 'duplicate-signature.json',
    check: ['duplicate-signature@14'],
    patch: [],
    left: ['duplicate-signature@14']
  },
  {
    file: 'duplicate-operation-id.json',
    check: ['duplicate-operation-id@28'],
    patch: [],
    left: ['duplicate-operation-id@28']
  },
  {
    file: 'type-null.json',
    check: ['openapi-keyword@8', 'openapi-keyword@26', 'openapi-keyword@27', 'openapi-keyword@30'],
    patch: ['openapi-rewrite@8', 'openapi-rewrite@26', 'openapi-rewrite@27', 'openapi-rewrite@30'],
    left: []
  },
  {
    file: 'type-null.yaml',
    check: [12, 15, 20, 21, 24].map((line) => `openapi-keyword@${line}`),
    patch: [12, 15, 20, 21, 24].map((line) => `openapi-rewrite@${line}`),
    left: []
  },
  {
    file: 'type-many.json',
    check: ['openapi-keyword@7'],
    patch: [],
    left: ['openapi-keyword@7']
  },
  {
    file: 'exclusive-bounds.json',
    check: ['openapi-keyword@7', 'openapi-keyword@7', 'openapi-keyword@10'],
    patch: ['openapi-rewrite@7', 'openapi-rewrite@7', 'openapi-rewrite@10'],
    left: []
  },
  {
    file: 'exclusive-bounds.yaml',
    check: ['openapi-keyword@10', 'openapi-keyword@11'],
    patch: ['openapi-rewrite@10', 'openapi-rewrite@11'],
    left: []
  },
  {
    file: 'exclusive-with-bound.json',
    check: ['openapi-keyword@7'],
    patch: [],
    left: ['openapi-keyword@7']
  },
  {
    file: 'const.json',
    check: ['openapi-keyword@10', 'openapi-keyword@11', 'openapi-keyword@12'],
    patch: ['openapi-rewrite@10', 'openapi-rewrite@11'],
    left: ['openapi-keyword@12']
  },
  {
    file: 'const.yaml',
    check: [12, 14, 16, 18, 20].map((line) => `openapi-keyword@${line}`),
    patch: [12, 14, 16, 18, 20].map((line) => `openapi-rewrite@${line}`),
    left: []
  },
  {
    file: 'examples.json',
    check: [7, 10, 14, 15].map((line) => `openapi-keyword@${line}`),
    patch: [7, 10, 14, 15].map((line) => `openapi-rewrite@${line}`),
    left: []
  },
  {
    file: 'examples.yaml',
    check: [10, 13, 20].map((line) => `openapi-keyword@${line}`),
    patch: [10, 13, 20].map((line) => `openapi-rewrite@${line}`),
    left: []
  },
  {
    file: 'unknown-keyword.json',
    check: ['openapi-keyword@10', 'openapi-keyword@13'],
    patch: ['openapi-rewrite@10', 'openapi-rewrite@13'],
    left: []
  },
  {
    file: 'keyword-no-rewrite.json',
    check: ['openapi-keyword@9', 'openapi-keyword@12'],
    patch: [],
    left: ['openapi-keyword@9', 'openapi-keyword@12']
  },
  {
    file: 'document-fields.json',
    check: [3, 6, 8, 11, 12].map((line) => `openapi-keyword@${line}`),
    patch: [],
    left: [3, 6, 8, 11, 12].map((line) => `openapi-keyword@${line}`)
  },
  { file: 'data-refs.json', check: [], patch: [], left: [] },
  { file: 'swagger-not-keyword-checked.json', check: [], patch: [], left: [] }
]

describe('importability corpus (__fixtures__/importability)', () => {
  it('has a case for every file, and the README lists every file', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f !== 'README.md')
    expect(files.sort()).toEqual(CASES.map((c) => c.file).sort())
    const readme = fs.readFileSync(path.join(CORPUS, 'README.md'), 'utf8')
    for (const file of files) expect(readme).toContain(`\`${file}\``)
  })

  it.each(CASES)('$file: check mode reports every problem and rewrites nothing', (c) => {
    const { spec } = load(c.file)
    const result = patchSpec(spec, { importable: 'check' })
    expect(at(result.problems)).toEqual(c.check)
    expect(rewrites(result)).toEqual([])
    expect(result.text).toBe(patchSpec(spec, { importable: 'off' }).text)
    for (const p of result.problems) {
      expect(spec.source.position(pathOf(spec.root, p.pointer))?.line).toBe(p.line)
      expect(p.message).toMatch(/APIM/)
    }
  })

  it.each(CASES)('$file: patch mode rewrites what it can, and the rest is left', (c) => {
    const { spec } = load(c.file)
    const result = patchSpec(spec)
    expect(rewrites(result)).toEqual(c.patch)
    expect(at(result.problems)).toEqual(c.left)
    // What the text says is what the fingerprint is taken from.
    expect(parseSpec(result.text, c.file, spec.source.syntax).root).toEqual(result.value)
  })

  it.each(CASES)('$file: patching the patched text changes nothing', (c) => {
    const { spec } = load(c.file)
    const once = patchSpec(spec)
    const twice = patchSpec(parseSpec(once.text, c.file, spec.source.syntax))
    expect(twice.edits).toBe(0)
    expect(twice.text).toBe(once.text)
    expect(twice.problems.map((p) => [p.rule, p.pointer])).toEqual(
      once.problems.map((p) => [p.rule, p.pointer])
    )
  })

  it.each(CASES)('$file: off mode checks nothing', (c) => {
    const result = patchSpec(load(c.file).spec, { importable: 'off' })
    expect(result.problems).toEqual([])
    expect(rewrites(result)).toEqual([])
  })
})

describe('rewrites keep the text around them', () => {
  it('YAML: flow, block, commented, inline and list-item type lists', () => {
    const result = patchSpec(load('type-null.yaml').spec)
    expect(result.text).toContain(
      [
        '        flow:',
        '          type: string',
        '          nullable: true',
        '          description: a flow list',
        '        block:',
        '          type: integer',
        '          nullable: true',
        '          minimum: 0',
        '        last:',
        '          type: boolean  # a comment stays',
        '          nullable: true',
        '        inline: {type: number, nullable: true, format: double}',
        '        in-list:',
        '          allOf:',
        '            - type: string',
        '              nullable: true',
        '              maxLength: 3'
      ].join('\n')
    )
  })

  it('JSON: one-line and multi-line objects, number tokens kept as written', () => {
    const text = patchSpec(load('exclusive-bounds.json').spec).text
    expect(text).toContain(
      '"Temperature": { "type": "number", "exclusiveMinimum": true, "minimum": 0.0, "exclusiveMaximum": true, "maximum": 1.0 },'
    )
    expect(text).toContain('        "exclusiveMaximum": true,\n        "maximum": 100\n')
    const types = patchSpec(load('type-null.json').spec).text
    expect(types).toContain('"id": { "type": "integer", "format": "int64", "nullable": true },')
  })

  it('const and examples: copied where the text reads the same, rendered where it would not', () => {
    const consts = patchSpec(load('const.yaml').spec).text
    for (const line of [
      'enum: [event]',
      "enum: ['done, finally']",
      'enum: ["a, b"]',
      'enum: [{kind: point}]',
      'enum: [{kind: point, size: 2}]'
    ])
      expect(consts).toContain(`          ${line}\n`)
    const examples = patchSpec(load('examples.yaml').spec)
    expect(examples.text).toContain('      example: {x: 1, "y": 2}\n')
    expect(examples.entries.find((e) => e.pointer.includes('Point'))?.change).toBe(
      'examples: [a, …] → example: a (1 example dropped)'
    )
  })

  it('a recursion cut leaves a documented stand-in, and no cycle', () => {
    const result = patchSpec(load('recursive-ref.json').spec)
    expect(result.text).not.toMatch(/"\$recursive(Ref|Anchor)":/)
    const filter = (result.value.components as { schemas: Record<string, unknown> }).schemas.Filter
    expect(JSON.stringify(filter)).toContain(
      '{"type":"object","description":"Recursive reference to #/components/schemas/Filter ($recursiveRef \'#\') cut for API Management, which does not import recursive schemas (apim-version-action)"}'
    )
    expect(result.summary).toBe(
      '1 operation without api-version; 1 recursion cut; 1 OpenAPI 3.1 construct rewritten'
    )
  })

  it('a YAML anchor or alias is not rewritten in place: it stays a problem', () => {
    const text = [
      'openapi: 3.1.0',
      "info: {title: t, version: '1'}",
      'paths: {}',
      'components:',
      '  schemas:',
      '    A:',
      "      type: &nullable-string [string, 'null']",
      '    B:',
      '      type: *nullable-string',
      ''
    ].join('\n')
    const result = patchSpec(parseSpec(text, 'anchors.yaml', 'yaml'))
    expect(result.edits).toBe(0)
    expect(result.text).toBe(text)
    expect(at(result.problems)).toEqual(['openapi-keyword@7', 'openapi-keyword@9'])
  })

  it('inline-size: a spec the rewrites push over 4 MiB is reported', () => {
    const base = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } }
        }
      }
    }
    const short = JSON.stringify({ ...base, 'x-pad': '' })
    const text = JSON.stringify({
      ...base,
      'x-pad': 'x'.repeat(MAX_SPEC_BYTES - short.length - 10)
    })
    expect(text.length).toBe(MAX_SPEC_BYTES - 10)
    const spec = parseSpec(text, 'big.json', 'json')
    expect(at(patchSpec(spec, { importable: 'check' }).problems)).toEqual(['recursion@1'])
    const patched = patchSpec(spec)
    expect(patched.problems).toEqual([
      expect.objectContaining({ rule: 'inline-size', line: 1, pointer: '' })
    ])
    expect(patched.problems[0].message).toMatch(/over APIM's 4 MB limit for a spec imported inline/)
  })
})

describe('operation signatures', () => {
  const query = (...names: string[]) =>
    names.map((name) => ({ location: [], listedAt: [], fromPathItem: false, value: { name } }))

  it('are the method, the path with {} for each parameter, and the required query names', () => {
    expect(signatureOf({ method: 'get', path: '/Submissions/{DateTime}' }, [])).toBe(
      'GET /submissions/{}'
    )
    expect(signatureOf({ method: 'post', path: '/a/{x}/b' }, query('Z', 'kind'))).toBe(
      'POST /a/{}/b?kind&z'
    )
    expect(signatureOf({ method: 'get', path: '/a/{id}?op=copy' }, query('v'))).toBe(
      'GET /a/{}?op=copy&v'
    )
  })
})

describe('references that lead nowhere load, and are importability problems', () => {
  it('operations and parameters skip a parameter $ref to nothing', () => {
    const { spec } = load('dangling-ref.yaml')
    const [op] = listOperations(spec)
    expect(effectiveParameters(spec, op).map((p) => p.value.name)).toEqual(['id'])
  })

  it('the folder analysis carries the problems of each version, in the mode asked for', () => {
    const dir = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': fs.readFileSync(path.join(CORPUS, 'recursion-self.json')),
      'specs/2024-02-01/openapi.yaml': fs.readFileSync(path.join(CORPUS, 'dangling-ref.yaml'))
    })
    const folder = path.join(dir, 'specs')
    const problems = (mode?: 'check' | 'off') =>
      analyzeFolder(folder, { cwd: dir, importable: mode }).versions.map((v) => [
        v.version,
        at(v.importProblems)
      ])
    expect(problems('check')).toEqual([
      ['2024-01-01', ['recursion@26']],
      ['2024-02-01', ['dangling-ref@9', 'dangling-ref@30']]
    ])
    expect(problems()).toEqual([
      ['2024-01-01', []],
      ['2024-02-01', ['dangling-ref@9', 'dangling-ref@30']]
    ])
    expect(problems('off')).toEqual([
      ['2024-01-01', []],
      ['2024-02-01', []]
    ])
    const summary = renderVersionsSummary(analyzeFolder(folder, { cwd: dir }), 'specs')
    expect(summary).toContain('2 valid versions · 0 errors · 1 blocked')
    expect(summary).toContain(
      "- `2024-02-01` blocked: `dangling-ref` at `specs/2024-02-01/openapi.yaml:9` — $ref '#/components/parameters/Missing' points at nothing"
    )
    expect(summary).toContain('1 recursion cut |')
  })
})

/** A pointer's path in `root`, array indexes as numbers (as the source maps want them). */
function pathOf(root: unknown, pointer: string): (string | number)[] {
  let node = root
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
      const seg = Array.isArray(node) ? Number(key) : key
      node = (node as Record<string, unknown>)[seg]
      return seg
    })
}

const REAL = [
  'inference/stable/2022-12-01/inference.json',
  'inference/stable/2024-02-01/inference.json',
  'inference/stable/2024-06-01/inference.json',
  'inference/stable/2024-10-21/inference.json',
  'inference/preview/2024-05-01-preview/inference.json',
  'inference/preview/2024-07-01-preview/inference.json',
  'inference/preview/2024-08-01-preview/inference.json',
  'inference/preview/2024-09-01-preview/inference.json'
]

/** The three Swagger/Azure.Core specs whose Error and InnerError schemas refer to themselves. */
const SELF_REFERENCING_ERRORS: [string, number[]][] = [
  ['inference/stable/2022-12-01/generated.json', [184, 222]],
  ['authoring/preview/2024-10-01-preview/azureopenai.json', [2110, 2929, 3026]],
  ['authoring/preview/2025-04-01-preview/azureopenai.json', [4192, 6225, 6322]]
]

describeShared('importability of the real Azure OpenAI specs', () => {
  const real = (file: string) => parseSpec(fs.readFileSync(sharedFile(file), 'utf8'), file, 'json')

  it('2025-03-01-preview: $recursiveRef is a recursion, propertyNames is set aside; then it imports', () => {
    const spec = real('inference/preview/2025-03-01-preview/inference.json')
    const check = patchSpec(spec, { importable: 'check' })
    expect(at(check.problems)).toEqual([
      'openapi-keyword@13040',
      'recursion@13063',
      'openapi-keyword@16211'
    ])
    expect(check.problems[1].pointer).toBe(
      '/components/schemas/CompoundFilter/properties/filters/items/oneOf/1/$recursiveRef'
    )
    const patched = patchSpec(spec)
    expect(patched.entries.filter(isRewrite).map((e) => [e.kind, e.line, e.change])).toEqual([
      ['openapi-rewrite', 13040, 'removed $recursiveAnchor'],
      ['recursion-cut', 13063, expect.stringMatching(/^\{"\$recursiveRef": "#"\} → /)],
      [
        'openapi-rewrite',
        16211,
        'propertyNames → x-jsonschema-propertyNames (not enforced by APIM)'
      ]
    ])
    // APIM's OpenAPI 3.0 reader has no propertyNames; as an extension APIM ignores it.
    expect(patched.problems).toEqual([])
    expect(
      (patched.value.components as never as { schemas: Record<string, Record<string, unknown>> })
        .schemas.VectorStoreFileAttributes['x-jsonschema-propertyNames']
    ).toEqual({ type: 'string', maxLength: 64 })
    expect(patched.summary).toMatch(/; 1 recursion cut; 2 OpenAPI 3\.1 constructs rewritten$/)
    expect(parseSpec(patched.text, 'x.json', 'json').root).toEqual(patched.value)
  })

  it('v1: OpenAI.CompoundFilter refers to itself; one cut makes it importable', () => {
    const spec = real('v1/v1/AIFoundryOpenAIV1.json')
    const check = patchSpec(spec, { importable: 'check' })
    expect(at(check.problems)).toEqual(['recursion@10013'])
    expect(check.problems[0].message).toMatch(/^schema 'OpenAI\.CompoundFilter' refers to itself/)
    const patched = patchSpec(spec)
    expect(rewrites(patched)).toEqual(['recursion-cut@10013'])
    expect(patched.problems).toEqual([])
    expect(parseSpec(patched.text, 'x.json', 'json').root).toEqual(patched.value)
  })

  it.each(SELF_REFERENCING_ERRORS)(
    '%s: its error schemas recurse; cut in patch mode',
    (file, lines) => {
      const spec = real(file)
      expect(at(patchSpec(spec, { importable: 'check' }).problems)).toEqual(
        lines.map((line) => `recursion@${line}`)
      )
      const patched = patchSpec(spec)
      expect(rewrites(patched)).toEqual(lines.map((line) => `recursion-cut@${line}`))
      expect(patched.problems).toEqual([])
    }
  )

  it.each(REAL)('%s: nothing APIM would refuse, in either mode', (file) => {
    const spec = real(file)
    expect(patchSpec(spec, { importable: 'check' }).problems).toEqual([])
    const patched = patchSpec(spec)
    expect(patched.problems).toEqual([])
    expect(rewrites(patched)).toEqual([])
  })
})
