import { describe, expect, it } from '@jest/globals'
import { renderVersionsSummary } from '../src/render/versions-report.js'
import { analyzeFolder } from '../src/specs/analyze.js'
import { applyEdits, Draft, EditSet, overlapsAny, type Edit } from '../src/specs/edit.js'
import { fingerprint } from '../src/specs/fingerprint.js'
import type { ImportProblem } from '../src/specs/importable/index.js'
import { signatureOf } from '../src/specs/importable/url-template.js'
import { parseSpec, type LoadedSpec } from '../src/specs/load.js'
import { patchSpec, type PatchResult } from '../src/specs/patch.js'
import { tempDir, writeTree } from './support/temp.js'

// Edge cases of the importability check and its rewrites (docs/patch-and-fingerprint.md, "What
// APIM refuses to import"), each once a way for patch mode to send what it did not mean.

/** An OpenAPI 3.1 YAML spec with one operation; `schemas` goes under components.schemas. */
const yaml31 = (schemas: string) =>
  [
    'openapi: 3.1.0',
    "info: {title: t, version: '1'}",
    'paths:',
    '  /a:',
    '    get:',
    '      operationId: a',
    '      responses:',
    "        '200':",
    '          description: ok',
    'components:',
    '  schemas:',
    schemas
  ].join('\n')

const yamlSpec = (text: string) => parseSpec(text, 'spec.yaml', 'yaml')
const jsonSpec = (doc: unknown) => parseSpec(JSON.stringify(doc, null, 2), 'spec.json', 'json')
const at = (problems: ImportProblem[]) => problems.map((p) => `${p.rule}@${p.pointer}`)
const rewrites = (result: PatchResult) =>
  result.entries.filter((e) => e.kind === 'recursion-cut' || e.kind === 'openapi-rewrite')

/** What is sent reads back as the data the fingerprint is taken from. */
function expectReadsBack(spec: LoadedSpec, result: PatchResult): void {
  const again = parseSpec(result.text, spec.file, spec.source.syntax)
  expect(again.root).toEqual(result.value)
  expect(fingerprint(again.root)).toBe(fingerprint(result.value))
}

describe('patch mode never sends text that does not read as its data', () => {
  /** The spec, with its source's edits for `type` lists spoiled by `spoil`. */
  const spoiled = (spec: LoadedSpec, spoil: (edit: Edit) => Edit): LoadedSpec => ({
    ...spec,
    source: {
      ...spec.source,
      valueReplacement: (path, text) => {
        const edit = spec.source.valueReplacement(path, text)
        return edit && path[path.length - 1] === 'type' ? spoil(edit) : edit
      }
    }
  })
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        get: {
          parameters: [{ name: 'api-version', in: 'query', required: true }],
          responses: { 200: { description: 'ok' } }
        }
      }
    },
    components: {
      schemas: {
        A: { type: ['string', 'null'] },
        B: { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } },
        C: { prefixItems: [] }
      }
    }
  }

  it.each([
    ['does not parse', (edit: Edit) => ({ ...edit, replacement: '"strin' }), /would not parse/],
    [
      'reads differently',
      (edit: Edit) => ({ ...edit, replacement: '"number"' }),
      /would not read as the rewrites mean it to/
    ]
  ])(
    'a rewritten text that %s: no rewrite is made, every finding is a problem',
    (_, spoil, why) => {
      const spec = spoiled(jsonSpec(doc), spoil)
      const off = patchSpec(spec, { importable: 'off' })
      const result = patchSpec(spec)
      expect(result.text).toBe(off.text)
      expect(result.text).toContain('"required": false')
      expect(result.value).toEqual(off.value)
      expect(rewrites(result)).toEqual([])
      expect(at(result.problems)).toEqual([
        'openapi-keyword@/components/schemas/A/type',
        'recursion@/components/schemas/B/properties/b/$ref',
        'openapi-keyword@/components/schemas/C/prefixItems'
      ])
      const [type, cut, prefix] = result.problems.map((p) => p.message)
      for (const message of [type, cut]) {
        expect(message).toMatch(why)
        expect(message).toMatch(/rewrote nothing in this spec: make the change in the spec by hand/)
      }
      // A problem patch mode never meant to rewrite says what it said before.
      expect(prefix).not.toMatch(/Patch mode would/)
      expectReadsBack(spec, result)
    }
  )
})

describe('YAML rewrites that once broke the text', () => {
  it('removes the first key of a block sequence item (the item then starts on the next line)', () => {
    const text = yaml31(
      [
        '    S:',
        '      allOf:',
        '        - examples: [1, 2]',
        '          example: 1',
        '          type: string',
        '      oneOf:',
        '        - $dynamicAnchor: x',
        '          examples: [a]',
        '          example: b',
        '          type: object',
        ''
      ].join('\n')
    )
    const spec = yamlSpec(text)
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(rewrites(result)).toHaveLength(3)
    expect(result.text).toContain(
      [
        '      allOf:',
        '        -',
        '          example: 1',
        '          type: string',
        '      oneOf:',
        '        -',
        '          example: b',
        '          type: object',
        ''
      ].join('\n')
    )
    expectReadsBack(spec, result)
  })

  it('removes every key of a map, leaving an empty one', () => {
    const text = yaml31(
      [
        '    S:',
        '      $dynamicAnchor: x',
        '      examples: []',
        '    T:',
        '      type: string',
        ''
      ].join('\n')
    )
    const spec = yamlSpec(text)
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(result.text).toContain('    S:\n      {}\n    T:\n')
    expectReadsBack(spec, result)
  })

  it.each([
    [
      'a type list holding an anchor',
      "    A:\n      type: [&t string, 'null']\n    B:\n      type: *t\n"
    ],
    [
      'a recursion cut beside an anchor',
      '    Node:\n      properties:\n        child:\n          $ref: "#/components/schemas/Node"\n' +
        '          description: &d shared\n    Other:\n      description: *d\n'
    ],
    [
      'examples removed with an anchor inside',
      '    A:\n      example: x\n      examples: [&e foo]\n    B:\n      type: string\n      example: *e\n'
    ],
    ['a fix under an aliased node', "    A: &c\n      type: [string, 'null']\n    B: *c\n"],
    [
      'a key an anchor is put on, and aliased',
      "    A:\n      &k type: [string, 'null']\n    B:\n      x-key: *k\n"
    ]
  ])('%s: not rewritten (the alias would change too, or lose its anchor)', (_, schemas) => {
    const spec = yamlSpec(yaml31(schemas))
    const check = patchSpec(spec, { importable: 'check' })
    expect(check.problems.length).toBeGreaterThan(0)
    const result = patchSpec(spec)
    expect(rewrites(result)).toEqual([])
    expect(result.text).toBe(spec.source.text)
    expect(at(result.problems)).toEqual(at(check.problems))
    expectReadsBack(spec, result)
  })

  it('an anchor nobody aliases does not stop a rewrite', () => {
    const spec = yamlSpec(yaml31("    A: &unused\n      type: [string, 'null']\n"))
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(result.text).toContain('    A: &unused\n      type: string\n      nullable: true\n')
  })

  it.each([
    ["    A:\n      ? type\n      : [string, 'null']\n      description: d\n"],
    ['    A:\n      type: string\n      ? exclusiveMinimum\n      : 0\n      description: d\n']
  ])('an explicit key (`? key`) is not rewritten: %#', (schemas) => {
    const spec = yamlSpec(yaml31(schemas))
    const result = patchSpec(spec)
    expect(rewrites(result)).toEqual([])
    expect(result.problems.map((p) => p.rule)).toEqual(['openapi-keyword'])
    expectReadsBack(spec, result)
  })

  it('a version parameter under an aliased anchor: the value is what the text says at both places', () => {
    const text = [
      'openapi: 3.0.3',
      "info: {title: t, version: '1'}",
      'paths:',
      '  /a:',
      '    get: &op',
      '      operationId: a',
      '      parameters:',
      '        - {name: api-version, in: query, required: true, schema: {type: string}}',
      '      responses:',
      "        '200': {description: ok}",
      'x-copy: *op',
      ''
    ].join('\n')
    const spec = yamlSpec(text)
    const result = patchSpec(spec)
    expect(result.text).toContain('required: false')
    const copy = result.value['x-copy'] as { parameters: { required: boolean }[] }
    expect(copy.parameters[0].required).toBe(false)
    expectReadsBack(spec, result)
  })

  it('a key after an anchor in a flow map keeps its anchor when the entry before it goes', () => {
    const spec = yamlSpec(
      yaml31('    A: {$dynamicAnchor: n, &m maxLength: 3, type: string}\n    B:\n      x-max: *m\n')
    )
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(result.text).toContain('    A: {&m maxLength: 3, type: string}\n')
    expectReadsBack(spec, result)
  })
})

describe('JSON: removals in one object do not collide', () => {
  it.each([
    [['$dynamicAnchor', '$recursiveAnchor', 'type'], ['type']],
    [['type', '$dynamicAnchor', '$recursiveAnchor'], ['type']],
    [['$dynamicAnchor', 'type', '$recursiveAnchor'], ['type']],
    [['$dynamicAnchor', '$recursiveAnchor'], []]
  ])('%j → %j', (keys, left) => {
    const values: Record<string, unknown> = {
      $dynamicAnchor: 'n',
      $recursiveAnchor: true,
      type: 'object'
    }
    const schema = Object.fromEntries(keys.map((k) => [k, values[k]]))
    for (const indent of [0, 2]) {
      const spec = parseSpec(
        JSON.stringify(
          {
            openapi: '3.1.0',
            info: { title: 't', version: '1' },
            paths: {},
            components: { schemas: { B: schema } }
          },
          null,
          indent
        ),
        'spec.json',
        'json'
      )
      const result = patchSpec(spec)
      expect(result.problems).toEqual([])
      expect(rewrites(result)).toHaveLength(2)
      const components = result.value.components as { schemas: { B: object } }
      expect(Object.keys(components.schemas.B)).toEqual(left)
      expectReadsBack(spec, result)
    }
  })
})

describe('x-ms-paths, callbacks and encoding headers are checked like paths', () => {
  const doc = (extra: Record<string, unknown>) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {},
    ...extra
  })
  const op = (more: Record<string, unknown>) => ({
    responses: { 200: { description: 'ok' } },
    ...more
  })

  it('a missing or external $ref under x-ms-paths is a problem again', () => {
    const spec = jsonSpec(
      doc({
        'x-ms-paths': {
          '/a?op=b': {
            get: op({
              operationId: 'b',
              parameters: [{ $ref: '#/components/parameters/Missing' }],
              responses: {
                200: {
                  description: 'ok',
                  content: { 'application/json': { schema: { $ref: 'other.json#/X' } } }
                }
              }
            })
          }
        }
      })
    )
    expect(at(patchSpec(spec).problems).sort()).toEqual([
      'dangling-ref@/x-ms-paths/~1a?op=b/get/parameters/0/$ref',
      'external-ref@/x-ms-paths/~1a?op=b/get/responses/200/content/application~1json/schema/$ref'
    ])
  })

  it('a circular $ref chain under x-ms-paths fails the load', () => {
    expect(() =>
      jsonSpec(
        doc({
          'x-ms-paths': {
            '/a?op=b': {
              get: op({ parameters: [{ $ref: '#/x-ms-paths/~1a?op=b/get/parameters/0' }] })
            }
          }
        })
      )
    ).toThrow(/circular \$ref chain/)
  })

  it('OpenAPI 3.1 schemas there are found, and rewritten in patch mode', () => {
    const nullable = { type: ['string', 'null'] }
    const spec = jsonSpec(
      doc({
        paths: {
          '/a': {
            post: op({
              requestBody: {
                content: {
                  'multipart/form-data': {
                    schema: { type: 'object' },
                    encoding: { f: { headers: { 'X-A': { schema: nullable } } } }
                  }
                }
              },
              callbacks: {
                cb: {
                  '{$request.body#/url}': {
                    post: op({
                      requestBody: { content: { 'application/json': { schema: nullable } } }
                    })
                  }
                }
              }
            })
          }
        },
        'x-ms-paths': {
          '/a?op=x': { get: op({ parameters: [{ name: 'q', in: 'query', schema: nullable }] }) }
        },
        components: {
          callbacks: {
            hook: {
              '{$url}': {
                post: op({ parameters: [{ name: 'h', in: 'header', schema: nullable }] })
              }
            }
          }
        }
      })
    )
    const check = patchSpec(spec, { importable: 'check' })
    expect(at(check.problems).sort()).toEqual(
      [
        '/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/f/headers/X-A/schema/type',
        '/paths/~1a/post/callbacks/cb/{$request.body#~1url}/post/requestBody/content/application~1json/schema/type',
        '/x-ms-paths/~1a?op=x/get/parameters/0/schema/type',
        '/components/callbacks/hook/{$url}/post/parameters/0/schema/type'
      ]
        .map((p) => `openapi-keyword@${p}`)
        .sort()
    )
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(rewrites(result)).toHaveLength(4)
    expectReadsBack(spec, result)
  })
})

describe('the plan refuses what the emulator refuses, and only that', () => {
  const spec31 = (schemas: Record<string, unknown>, paths: Record<string, unknown> = {}) =>
    jsonSpec({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths,
      components: { schemas }
    })

  it("`type: 'null'` and `type: 'file'` are not OpenAPI 3.0 types", () => {
    const spec = spec31({
      N: { anyOf: [{ $ref: '#/components/schemas/F' }, { type: 'null' }] },
      F: { type: 'file' }
    })
    const problems = patchSpec(spec).problems
    expect(at(problems)).toEqual([
      'openapi-keyword@/components/schemas/N/anyOf/1/type',
      'openapi-keyword@/components/schemas/F/type'
    ])
    expect(problems[0].message).toMatch(
      /not one of array, boolean, integer, number, object, string/
    )
    expect(problems[0].message).toMatch(/nullable: true/)
    expect(problems[1].message).toMatch(/format: binary/)
  })

  it('Swagger 2.0 keeps `type: file`', () => {
    const spec = jsonSpec({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {},
      definitions: { F: { type: 'file' } }
    })
    expect(patchSpec(spec).problems).toEqual([])
  })

  it('x-ms-paths fixed queries that differ only in order are one signature', () => {
    const get = { get: { responses: { 200: { description: 'ok' } } } }
    const spec = jsonSpec({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      'x-ms-paths': { '/b?x=1&y=2': get, '/b?y=2&x=1': get }
    })
    expect(at(patchSpec(spec).problems)).toEqual([
      'duplicate-signature@/x-ms-paths/~1b?y=2&x=1/get'
    ])
    const query = (name: string) => ({
      location: [],
      listedAt: [],
      fromPathItem: false,
      value: { name }
    })
    expect(signatureOf({ method: 'get', path: '/B/{id}?y=2&X=1' }, [query('v')])).toBe(
      'GET /b/{}?v&x=1&y=2'
    )
  })

  it('a path parameter matches its template name whatever the case', () => {
    const spec = jsonSpec({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/items/{ID}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { 200: { description: 'ok' } }
          }
        }
      }
    })
    expect(patchSpec(spec, { importable: 'check' }).problems).toEqual([])
  })

  it('references beside a $ref are no recursion (the reader ignores them)', () => {
    const spec = spec31({
      A: { $ref: '#/components/schemas/B', properties: { x: { $ref: '#/components/schemas/A' } } },
      B: { type: 'object' }
    })
    expect(patchSpec(spec, { importable: 'check' }).problems).toEqual([])
  })

  it('a top-level `definitions` in an OpenAPI 3 document holds no named schemas', () => {
    const spec = jsonSpec({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { A: { type: 'object' } } },
      definitions: { N: { type: 'object', properties: { n: { $ref: '#/definitions/N' } } } }
    })
    expect(patchSpec(spec, { importable: 'check' }).problems).toEqual([])
  })

  it('a recursion inside a keyword set aside needs no cut: the rename is made alone', () => {
    const spec = yamlSpec(
      yaml31(
        [
          '    Node:',
          '      type: object',
          '      if:',
          '        required: [kind]',
          '      then:',
          '        properties:',
          '          child:',
          "            $ref: '#/components/schemas/Node'",
          ''
        ].join('\n')
      )
    )
    expect(patchSpec(spec, { importable: 'check' }).problems.map((p) => p.rule)).toEqual([
      'openapi-keyword',
      'openapi-keyword',
      'recursion'
    ])
    const result = patchSpec(spec)
    expect(result.problems).toEqual([])
    expect(rewrites(result).map((e) => e.change)).toEqual([
      'if → x-jsonschema-if (not enforced by APIM)',
      'then → x-jsonschema-then (not enforced by APIM)'
    ])
    // Only the keys change: the block under them is left as written.
    expect(result.text).toContain(
      "      x-jsonschema-then:\n        properties:\n          child:\n            $ref: '#/components/schemas/Node'\n"
    )
    expectReadsBack(spec, result)
  })
})

describe('messages stay short however long the cycle', () => {
  it('a long cycle shows its first three and last two schemas, and its length', () => {
    const schemas: Record<string, unknown> = {}
    for (let i = 0; i < 50; i++)
      schemas[`S${i}`] = {
        type: 'object',
        properties: { next: { $ref: `#/components/schemas/S${(i + 1) % 50}` } }
      }
    const spec = jsonSpec({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas }
    })
    const [problem] = patchSpec(spec, { importable: 'check' }).problems
    expect(problem.message).toMatch(
      /^schema 'S49' refers back to 'S0' \(S0 → S1 → S2 → … → S48 → S49 → S0; 50 schemas\)/
    )
    const cut = patchSpec(spec).entries.find((e) => e.kind === 'recursion-cut')
    expect(cut?.reason).toContain('(S0 → S1 → S2 → … → S48 → S49 → S0; 50 schemas)')
  })

  it('a short cycle is shown whole', () => {
    const schemas = {
      A: { properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { properties: { a: { $ref: '#/components/schemas/A' } } }
    }
    const spec = jsonSpec({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas }
    })
    expect(patchSpec(spec, { importable: 'check' }).problems[0].message).toMatch(
      /^schema 'B' refers back to 'A' \(A → B → A\) through/
    )
  })

  it('the versions summary lists 20 problems per version and counts the rest', () => {
    const parameters = Array.from({ length: 25 }, (_, i) => ({
      $ref: `#/components/parameters/P${i}`
    }))
    const dir = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: { '/a': { get: { parameters, responses: { 200: { description: 'ok' } } } } }
      })
    })
    const summary = renderVersionsSummary(analyzeFolder(`${dir}/specs`, { cwd: dir }), 'specs')
    expect(summary.match(/blocked: `dangling-ref`/g)).toHaveLength(20)
    expect(summary).toContain(
      '- `2024-01-01`: 5 more import problems not listed (`apim-versions patch specs/2024-01-01/openapi.json -o /dev/null` lists them all)'
    )
  })
})

describe('edits and data changes in linear time', () => {
  it('EditSet finds the same collisions as a scan of every edit', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    for (let round = 0; round < 200; round++) {
      const set = new EditSet()
      const accepted: Edit[] = []
      for (let i = 0; i < 30; i++) {
        const start = random(60)
        const edit: Edit = { range: [start, start + random(4)], replacement: 'x' }
        const fits = !overlapsAny(edit, accepted)
        expect(set.fits([edit])).toBe(fits)
        if (fits) {
          set.add([edit])
          accepted.push(edit)
        }
      }
      expect(() => applyEdits('.'.repeat(80), accepted)).not.toThrow()
    }
  })

  it('Draft copies each container once and leaves the original as it was', () => {
    const original = { a: { b: { c: 1, d: 2 }, e: [1, 2] }, f: { g: 1 } }
    const frozen = JSON.stringify(original)
    const draft = new Draft(original)
    draft.set(['a', 'b', 'c'], 10)
    draft.insertAfter(['a', 'b', 'c'], 'x', true)
    draft.rename(['a', 'b', 'd'], 'dd', 2)
    draft.delete(['a', 'e'])
    draft.set(['a', 'new'], [1])
    expect(JSON.stringify(original)).toBe(frozen)
    expect(JSON.stringify(draft.value)).toBe(
      '{"a":{"b":{"c":10,"x":true,"dd":2},"new":[1]},"f":{"g":1}}'
    )
    expect(draft.value.f).toBe(original.f)
  })
})
