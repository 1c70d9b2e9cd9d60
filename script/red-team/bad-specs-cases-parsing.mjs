// Bad-spec cases of category 1: syntax, duplicates, nesting, size and encoding.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { goodJson } from './plumbing.mjs'
import {
  j,
  withOp,
  deepJson,
  yamlGood,
  hugeDescription,
  hugeManyPaths,
  utf16,
  f,
  y
} from './bad-specs-fixtures.mjs'

export function parsingCases() {
  return [
    {
      name: 'truncated JSON',
      file: f,
      content: goodJson().slice(0, 200),
      expect: 'error',
      line: true
    },
    {
      name: 'trailing comma',
      file: f,
      content: goodJson().replace(/}\s*$/, ',}'),
      expect: 'error',
      line: true
    },
    {
      name: 'JSON comments',
      file: f,
      content: `// spec\n${goodJson()}`,
      expect: 'error',
      line: true
    },
    {
      name: 'JSON duplicate top-level key',
      file: f,
      content: goodJson().replace('"paths": {', '"paths": {},\n  "paths": {'),
      expect: 'error',
      line: true
    },
    {
      name: 'JSON duplicate "parameters" in an operation',
      file: f,
      content: j(withOp({})).replace(
        '"parameters": [',
        '"parameters": [],\n        "parameters": ['
      ),
      expect: 'error',
      line: true
    },
    {
      name: 'YAML syntax error',
      file: y,
      content: yamlGood.replace('    get:', '    get:\n   bad: [unclosed'),
      expect: 'error',
      line: true
    },
    {
      name: 'YAML duplicate key',
      file: y,
      content: yamlGood.replace('paths:', 'paths: {}\npaths:'),
      expect: 'error',
      line: true
    },
    {
      name: 'YAML multi-document',
      file: y,
      content: `${yamlGood}---\n${yamlGood}`,
      expect: 'error'
    },
    {
      name: 'YAML alias cycle',
      file: y,
      content: `${yamlGood}x-a: &a\n  b: *a\n`,
      expect: 'either'
    },
    {
      name: 'YAML alias bomb (billion laughs)',
      file: y,
      content: `${yamlGood}x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from(
        { length: 8 },
        (_, i) =>
          `x-${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`
      ).join('\n')}\n`,
      expect: 'either'
    },
    {
      name: 'YAML !!js/function tag',
      file: y,
      content: `${yamlGood}x-f: !!js/function 'function(){ require("fs").writeFileSync("PWNED","x") }'\n`,
      expect: 'either',
      check: (dir) => (fs.existsSync(path.join(dir, 'PWNED')) ? 'the tag ran' : undefined)
    },
    {
      name: 'deep nesting JSON arrays ×3000',
      file: f,
      content: deepJson(3000, '[', ']'),
      expect: 'error'
    },
    {
      name: 'deep nesting JSON objects ×5000',
      file: f,
      content: deepJson(5000, '{"a":', '}'),
      expect: 'error'
    },
    {
      name: 'deep nesting JSON arrays ×100000',
      file: f,
      content: deepJson(100000, '[', ']'),
      expect: 'error'
    },
    {
      name: 'deep nesting YAML flow ×3000',
      file: y,
      content: `${yamlGood}x-deep: ${'['.repeat(3000)}1${']'.repeat(3000)}\n`,
      expect: 'error'
    },
    {
      name: 'deep nesting YAML block ×3000',
      file: y,
      content: `${yamlGood}x-deep:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`,
      expect: 'error'
    },
    {
      name: 'deep $ref-free schema nesting ×3000 (allOf)',
      file: f,
      content: deepJson(3000, '{"allOf":[', ']}', '{"type":"string"}'),
      expect: 'error'
    },
    {
      name: 'huge file 4.5 MB (one description)',
      file: f,
      content: hugeDescription,
      expect: 'either'
    },
    {
      name: 'huge file (15,000 operations)',
      file: f,
      content: hugeManyPaths,
      expect: 'either',
      timeoutMs: 120_000
    },
    { name: 'binary bytes', file: f, content: () => crypto.randomBytes(4096), expect: 'error' },
    { name: 'UTF-16LE with BOM', file: f, content: () => utf16(goodJson()), expect: 'either' },
    {
      name: 'UTF-16BE with BOM',
      file: f,
      content: () => utf16(goodJson(), true),
      expect: 'either'
    },
    { name: 'UTF-16LE YAML', file: y, content: () => utf16(yamlGood), expect: 'either' },
    { name: 'UTF-8 BOM JSON', file: f, content: `\ufeff${goodJson()}`, expect: 'either' },
    { name: 'UTF-8 BOM YAML', file: y, content: `\ufeff${yamlGood}`, expect: 'either' },
    {
      name: 'invalid UTF-8 inside a string',
      file: f,
      content: () =>
        Buffer.concat([
          Buffer.from(goodJson().replace('"Good"', '"G')),
          Buffer.from([0xff, 0xfe, 0x22]),
          Buffer.from(goodJson().slice(goodJson().indexOf('"Good"') + 6))
        ]),
      expect: 'either'
    },
    {
      name: 'NUL byte in the file',
      file: f,
      content: goodJson().replace('"Good"', '"Go\u0000od"'),
      expect: 'either'
    }
  ]
}
