import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { MAX_NESTING } from '../src/specs/depth.js'
import { parseSpec, syntaxOf } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'

const SHAPES = path.join(process.cwd(), '__fixtures__', 'specs', 'shapes')

function load(name: string) {
  const file = path.join(SHAPES, name)
  const text = fs.readFileSync(file, 'utf8')
  return { text, spec: parseSpec(text, name, syntaxOf(file)) }
}

function changed(a: string, b: string): [string, string][] {
  const right = b.split('\n')
  return a
    .split('\n')
    .map((line, i) => [line, right[i]] as [string, string])
    .filter(([x, y]) => x !== y)
}

describe('patch: OpenAPI 3 in YAML, every declaration style', () => {
  const { text, spec } = load('oas3-mixed.yaml')

  it('edits the path-item parameter, the inline flow one and the end of a $ref chain once each', () => {
    const result = patchSpec(spec, { removeExternalExamples: false })
    const edits = result.entries.filter((e) => e.kind === 'parameter-optional')
    expect(edits.map((e) => [e.pointer, e.operations])).toEqual([
      ['/paths/~1widgets/parameters/0/required', ['GET /widgets']],
      [
        '/components/parameters/ApiVersionDefinition/required',
        ['POST /widgets', 'DELETE /widgets/{id}']
      ],
      ['/paths/~1widgets~1{id}/get/parameters/1/required', ['GET /widgets/{id}']]
    ])
    expect(edits.map((e) => e.line)).toEqual([16, 70, 37])
    const lines = changed(text, result.text)
    expect(lines).toHaveLength(3)
    for (const [before, after] of lines)
      expect(after).toBe(before.replace('required: true', 'required: false'))
  })

  it('removes x-ms-examples that refer to other files, block and flow style, and keeps the YAML valid', () => {
    const result = patchSpec(spec)
    const removed = result.entries.filter((e) => e.kind === 'examples-removed')
    expect(removed.map((e) => e.operations[0])).toEqual([
      'GET /widgets/{id}',
      'DELETE /widgets/{id}'
    ])
    expect(result.text).not.toContain('x-ms-examples')
    expect(result.text).not.toContain('./examples/')
    const reparsed = parseSpec(result.text, 'patched.yaml', 'yaml')
    expect(reparsed.root).toEqual(result.value)
    // Comments and quoting elsewhere are untouched.
    expect(result.text).toContain('# flow style')
    expect(result.text).toContain(`"201": {description: created}`)
  })

  it('reads YAML with the 1.2 core schema: an unquoted date stays a string', () => {
    const param = (spec.root.paths as Record<string, Record<string, unknown[]>>)['/widgets']
      .parameters[0] as {
      schema: { example: unknown }
    }
    expect(param.schema.example).toBe('2024-06-01')
  })

  it('notes operations without the parameter instead of failing', () => {
    const missing = patchSpec(spec).entries.filter((e) => e.kind === 'parameter-missing')
    expect(missing.map((e) => [e.operations[0], e.line])).toEqual([['GET /health', 58]])
  })

  it('summarises the patch in one line', () => {
    expect(patchSpec(spec).summary).toBe(
      'api-version optional in 4 operations (3 declarations, 1 shared); 2 x-ms-examples blocks removed; 1 operation without api-version'
    )
  })

  it('patches another parameter name when asked', () => {
    const result = patchSpec(spec, { parameter: 'version' })
    expect(result.edits).toBe(2) // only the two x-ms-examples blocks
    expect(result.entries.filter((e) => e.kind === 'parameter-missing')).toHaveLength(5)
  })
})

describe('patch: Swagger 2.0 JSON', () => {
  const { text, spec } = load('swagger2.json')

  it('edits the shared #/parameters definition and the inline one, nothing else', () => {
    const result = patchSpec(spec)
    expect(
      result.entries.filter((e) => e.kind === 'parameter-optional').map((e) => e.pointer)
    ).toEqual([
      '/parameters/ApiVersionParameter/required',
      '/paths/~1gadgets/put/parameters/0/required'
    ])
    // Only the GET's examples point at a file; the PUT's inline example stays.
    expect(
      result.entries.filter((e) => e.kind === 'examples-removed').map((e) => e.pointer)
    ).toEqual(['/paths/~1gadgets/get/x-ms-examples'])
    const parsed = JSON.parse(result.text)
    expect(parsed.paths['/gadgets'].get['x-ms-examples']).toBeUndefined()
    expect(parsed.paths['/gadgets'].put['x-ms-examples']).toBeDefined()
    expect(result.text).toContain('"minimum": -9223372036854775808, "maximum": 9223372036854775807')
    expect(result.text).toContain('"default": 1.0')
    // The removal took its comma with it and left the neighbours' formatting alone.
    expect(result.text).toContain(
      '"responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/GadgetList" } } }\n      },'
    )
    expect(text.length - result.text.length).toBeGreaterThan(0)
  })

  it('keeps integers beyond 2^53 exact in the data model', () => {
    const gadget = (
      spec.root.definitions as Record<string, { properties: { seed: { minimum: unknown } } }>
    ).Gadget
    expect(gadget.properties.seed.minimum).toBe(-9223372036854775808n)
  })
})

describe('patch: byte preservation', () => {
  it('keeps CRLF line ends, escapes and non-ASCII text', () => {
    const { text, spec } = load('crlf.json')
    const result = patchSpec(spec)
    expect(result.edits).toBe(1)
    expect(result.text).toBe(text.replace('"required": true', '"required": false'))
    expect(result.text.split('\r\n').length).toBe(text.split('\r\n').length)
  })

  it('leaves an already patched spec byte-identical', () => {
    const { text, spec } = load('already-optional.yaml')
    const result = patchSpec(spec)
    expect(result.edits).toBe(0)
    expect(result.text).toBe(text)
    expect(result.summary).toBe('api-version already optional')
  })

  it('is idempotent on every fixture', () => {
    for (const name of fs.readdirSync(SHAPES)) {
      const { spec } = load(name)
      const once = patchSpec(spec)
      const again = patchSpec(parseSpec(once.text, name, syntaxOf(name)))
      expect([name, again.edits, again.text === once.text]).toEqual([name, 0, true])
    }
  })
})

describe('patch: removing the only key of a mapping', () => {
  it('leaves an empty mapping, not null', () => {
    const text = [
      'openapi: 3.0.0',
      'info: {title: t, version: v1}',
      'paths:',
      '  /a:',
      '    get:',
      '      x-ms-examples:',
      '        one:',
      '          $ref: ./one.yaml',
      '    post:',
      '      responses: {}',
      ''
    ].join('\n')
    const result = patchSpec(parseSpec(text, 'only.yaml', 'yaml'))
    const reparsed = parseSpec(result.text, 'only.yaml', 'yaml')
    expect(reparsed.root).toEqual(result.value)
    expect((reparsed.root.paths as Record<string, Record<string, unknown>>)['/a'].get).toEqual({})
  })
})

describe('patch: input that could be read two ways is refused at its line', () => {
  const operation = (parameters: string) =>
    [
      '{',
      '  "openapi": "3.0.0",',
      '  "info": { "title": "t", "version": "v1" },',
      '  "paths": {',
      '    "/a": {',
      '      "get": {',
      parameters,
      '        "responses": { "200": { "description": "ok" } }',
      '      }',
      '    }',
      '  }',
      '}',
      ''
    ].join('\n')
  const versionParameter = (required: string) =>
    `{ "name": "api-version", "in": "query", "required": ${required}, "schema": { "type": "string" } }`

  it('a key twice in one JSON object (the patch would edit one, the data keep the other)', () => {
    const text = operation(
      [
        `        "parameters": [${versionParameter('true')}],`,
        `        "parameters": [${versionParameter('true')}],`
      ].join('\n')
    )
    expect(() => parseSpec(text, 'dup.json', 'json')).toThrow(
      expect.objectContaining({
        name: 'SpecError',
        file: 'dup.json',
        line: 8,
        column: 9,
        message: expect.stringMatching(
          /^invalid JSON: duplicate key "parameters" \(first at line 7\); keys must be unique .* Keep one of them\.$/
        )
      })
    )
  })

  it('a non-boolean `required` on the version parameter (JSON "yes", YAML 1.2 yes)', () => {
    const json = parseSpec(
      operation(`        "parameters": [${versionParameter('"yes"')}],`),
      'yes.json',
      'json'
    )
    expect(() => patchSpec(json)).toThrow(
      expect.objectContaining({
        name: 'SpecError',
        file: 'yes.json',
        line: 7,
        message: expect.stringMatching(
          /^`required` of the 'api-version' query parameter is "yes"; it must be true or false/
        )
      })
    )
    const yaml = parseSpec(
      [
        'openapi: 3.0.0',
        'info: {title: t, version: v1}',
        'paths:',
        '  /a:',
        '    get:',
        '      parameters:',
        '        - name: api-version',
        '          in: query',
        '          required: yes',
        '      responses: {}',
        ''
      ].join('\n'),
      'yes.yaml',
      'yaml'
    )
    expect(() => patchSpec(yaml)).toThrow(
      expect.objectContaining({
        file: 'yes.yaml',
        line: 9,
        message: expect.stringMatching(/is "yes"/)
      })
    )
    // Booleans and an absent `required` are as before.
    expect(
      patchSpec(
        parseSpec(
          operation(`        "parameters": [${versionParameter('false')}],`),
          'f.json',
          'json'
        )
      ).summary
    ).toBe('api-version already optional')
  })
})

describe('load: nesting deeper than any real spec is refused with the file and line', () => {
  const levels = 3000
  it('JSON, before the parser recurses', () => {
    const text = `{\n  "openapi": "3.0.0",\n  "x-deep": ${'['.repeat(levels)}${']'.repeat(levels)}\n}\n`
    expect(() => parseSpec(text, 'deep.json', 'json')).toThrow(
      expect.objectContaining({
        name: 'SpecError',
        file: 'deep.json',
        line: 3,
        column: 13 + MAX_NESTING - 1,
        message: expect.stringMatching(/^nesting deeper than 128 levels/)
      })
    )
  })

  it('YAML, block and flow style, and an alias inside itself', () => {
    const block = ['openapi: 3.0.0', 'x-deep:']
    for (let i = 1; i < levels; i++) block.push(`${' '.repeat(i)}k:`)
    const flow = `openapi: 3.0.0\nx-deep: ${'['.repeat(levels)}${']'.repeat(levels)}\n`
    const barely = `openapi: 3.0.0\nx-deep: ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\n`
    for (const text of [block.join('\n') + '\n', flow, barely]) {
      expect(() => parseSpec(text, 'deep.yaml', 'yaml')).toThrow(
        expect.objectContaining({
          file: 'deep.yaml',
          line: expect.any(Number),
          message: expect.stringMatching(/^nesting deeper than 128 levels/)
        })
      )
    }
    const cycle =
      'openapi: 3.0.0\ninfo: {title: t, version: v1}\npaths: {}\nx-loop: &loop\n  again: *loop\n'
    expect(() => parseSpec(cycle, 'cycle.yaml', 'yaml')).toThrow(
      expect.objectContaining({
        file: 'cycle.yaml',
        line: 5,
        message: expect.stringMatching(/^a YAML alias \(\*name\) refers to a node that contains it/)
      })
    )
  })

  it('accepts the deepest nesting allowed', () => {
    const depth = MAX_NESTING - 1
    const text = `{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x-deep": ${'['.repeat(depth)}${']'.repeat(depth)}}`
    expect(patchSpec(parseSpec(text, 'ok.json', 'json')).summary).toBe('nothing to patch')
    const yaml = `openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`
    expect(parseSpec(yaml, 'ok.yaml', 'yaml').root['x-deep']).toBeDefined()
  })
})
