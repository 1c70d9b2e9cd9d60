import { describe, expect, it } from '@jest/globals'
import { canonicalJson, fingerprint } from '../src/specs/fingerprint.js'
import { parseSpec } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'

const json = (text: string) => parseSpec(text, 'spec.json', 'json')
const yaml = (text: string) => parseSpec(text, 'spec.yaml', 'yaml')
const print = (text: string, syntax: 'json' | 'yaml' = 'json') =>
  fingerprint(patchSpec(syntax === 'json' ? json(text) : yaml(text)).value)

const BASE = `{
  "openapi": "3.0.0",
  "info": {"title": "t", "version": "v1"},
  "paths": {"/a": {"get": {"parameters": [{"name": "api-version", "in": "query", "required": true}], "responses": {"200": {"description": "ok"}}}}},
  "x-limits": {"seed": -9223372036854775808, "ratio": 1.0}
}`

describe('fingerprint', () => {
  it('ignores formatting, key order, 1.0 vs 1, and JSON vs YAML', () => {
    const reformatted = JSON.stringify(
      JSON.parse(BASE.replace('-9223372036854775808', '0')),
      null,
      4
    )
    const base0 = BASE.replace('-9223372036854775808', '0')
    expect(print(reformatted)).toBe(print(base0))
    const reordered = `{"x-limits": {"ratio": 1, "seed": -9223372036854775808}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}, "parameters": [{"required": true, "in": "query", "name": "api-version"}]}}}, "info": {"version": "v1", "title": "t"}, "openapi": "3.0.0"}`
    expect(print(reordered)).toBe(print(BASE))
    const asYaml = [
      'openapi: 3.0.0',
      'info: {title: t, version: v1}',
      'paths:',
      '  /a:',
      '    get:',
      '      parameters: [{name: api-version, in: query, required: true}]',
      '      responses: {"200": {description: ok}}',
      'x-limits: {seed: -9223372036854775808, ratio: 1.0}'
    ].join('\n')
    expect(print(asYaml, 'yaml')).toBe(print(BASE))
  })

  it('changes with any content change, down to the last digit of an int64', () => {
    const base = print(BASE)
    expect(print(BASE.replace('-9223372036854775808', '-9223372036854775807'))).not.toBe(base)
    expect(print(BASE.replace('"ok"', '"OK"'))).not.toBe(base)
    expect(print(BASE.replace('"/a"', '"/b"'))).not.toBe(base)
    expect(print(BASE.replace('1.0', '1.5'))).not.toBe(base)
  })

  it('is taken after patching: an unpatched and a patched spec print the same', () => {
    expect(print(BASE.replace('"required": true', '"required": false'))).toBe(print(BASE))
    expect(fingerprint(json(BASE).root)).not.toBe(print(BASE))
  })

  it('is 16 hex digits over a canonical JSON form', () => {
    expect(print(BASE)).toMatch(/^[0-9a-f]{16}$/)
    expect(canonicalJson({ b: [1.0, 2n ** 70n], a: 'x' })).toBe(
      '{"a":"x","b":[1,1180591620717411303424]}'
    )
  })
})
