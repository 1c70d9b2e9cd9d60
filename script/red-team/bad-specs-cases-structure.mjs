// Bad-spec cases of category 1: $refs, types, versions, symlinks, FIFOs and folder layout.
// trapHits() is how many requests the $ref trap server has had so far.
import path from 'node:path'
import { API_VERSION, specObject, goodJson, GOOD, BAD } from './plumbing.mjs'
import { j, withOp, yamlGood, f, y } from './bad-specs-fixtures.mjs'

export function structureCases({ outside, trapUrl, trapHits }) {
  return [
    {
      name: 'missing $ref',
      file: f,
      content: j(
        withOp({
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } }
            }
          }
        })
      ),
      expect: 'error'
    },
    {
      name: 'external file $ref',
      file: f,
      content: j(withOp({ responses: { 200: { $ref: 'other.json#/x' } } })),
      expect: 'either'
    },
    {
      name: 'external $ref out of the folder',
      file: f,
      content: j(withOp({ responses: { 200: { $ref: '../../../../../../etc/passwd' } } })),
      expect: 'either'
    },
    {
      name: 'remote $ref (URL)',
      file: f,
      content: j(withOp({ responses: { 200: { $ref: `${trapUrl}/schema.json#/x` } } })),
      expect: 'either',
      check: () => (trapHits() ? `the remote $ref was fetched (${trapHits()} requests)` : undefined)
    },
    {
      name: 'looping $ref (A→B→A)',
      file: f,
      content: j({
        ...withOp({ responses: { 200: { $ref: '#/components/responses/A' } } }),
        components: {
          responses: {
            A: { $ref: '#/components/responses/B' },
            B: { $ref: '#/components/responses/A' }
          }
        }
      }),
      expect: 'error'
    },
    {
      name: 'self $ref',
      file: f,
      content: j({
        ...withOp({ parameters: [{ $ref: '#/components/parameters/P' }] }),
        components: { parameters: { P: { $ref: '#/components/parameters/P' } } }
      }),
      expect: 'error'
    },
    {
      name: 'required: "yes"',
      file: f,
      content: j(withOp({ parameters: [{ ...API_VERSION, required: 'yes' }] })),
      expect: 'error',
      line: true
    },
    {
      name: 'required: 1',
      file: f,
      content: j(withOp({ parameters: [{ ...API_VERSION, required: 1 }] })),
      expect: 'error',
      line: true
    },
    {
      name: 'required: null (shared parameter)',
      file: f,
      content: j({
        ...withOp({ parameters: [{ $ref: '#/components/parameters/V' }] }),
        components: { parameters: { V: { ...API_VERSION, required: null } } }
      }),
      expect: 'error',
      line: true
    },
    {
      name: 'swagger 2 YAML (valid)',
      file: y,
      content:
        "swagger: '2.0'\ninfo:\n  title: S\n  version: '1'\npaths:\n  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - name: api-version\n          in: query\n          required: true\n          type: string\n      responses:\n        '200':\n          description: ok\n",
      expect: 'either'
    },
    {
      name: 'swagger 1.2',
      file: f,
      content: j({ swagger: '1.2', info: { title: 'x', version: '1' }, paths: {} }),
      expect: 'error'
    },
    {
      name: 'openapi: 3 (number)',
      file: f,
      content: goodJson().replace('"3.0.3"', '3'),
      expect: 'error'
    },
    {
      name: 'openapi 4.0.0',
      file: f,
      content: goodJson().replace('"3.0.3"', '"4.0.0"'),
      expect: 'error'
    },
    { name: 'empty JSON file', file: f, content: '', expect: 'error' },
    { name: 'empty YAML file', file: y, content: '', expect: 'error' },
    { name: 'whitespace-only file', file: f, content: ' \n\t\n', expect: 'error' },
    { name: 'JSON null', file: f, content: 'null', expect: 'error' },
    { name: 'JSON top-level array', file: f, content: '[{"openapi":"3.0.3"}]', expect: 'error' },
    { name: 'JSON string', file: f, content: '"openapi"', expect: 'error' },
    {
      name: 'non-spec JSON (package.json)',
      file: f,
      content: j({ name: 'x', version: '1.0.0', dependencies: {} }),
      expect: 'error'
    },
    {
      name: 'paths is an array',
      file: f,
      content: j({ ...specObject(), paths: [] }),
      expect: 'error'
    },
    {
      name: 'paths is null',
      file: f,
      content: j({ ...specObject(), paths: null }),
      expect: 'error'
    },
    {
      name: 'operation is a string',
      file: f,
      content: j({ ...specObject(), paths: { '/items': { get: 'nope' } } }),
      expect: 'error'
    },
    {
      name: 'parameters is an object',
      file: f,
      content: j(withOp({ parameters: { a: 1 } })),
      expect: 'error'
    },
    {
      name: '__proto__ keys',
      file: f,
      content: goodJson().replace(
        '"info": {',
        '"__proto__": {"polluted": true, "paths": 5},\n  "info": {"constructor": {"prototype": {"x": 1}},'
      ),
      expect: 'either'
    },
    {
      name: 'spec file symlink out of the folder',
      file: f,
      symlink: path.join(outside, 'secret.json'),
      expect: 'error'
    },
    {
      name: 'version folder symlink out of the folder',
      file: BAD,
      symlink: path.join(outside, '2024-02-01'),
      expect: 'error'
    },
    { name: 'spec file symlink to /dev/zero', file: f, symlink: '/dev/zero', expect: 'error' },
    { name: 'spec file symlink to /dev/stdin', file: f, symlink: '/dev/stdin', expect: 'error' },
    {
      name: 'dangling symlink',
      file: f,
      symlink: path.join(outside, 'does-not-exist.json'),
      expect: 'error'
    },
    {
      name: 'symlink loop (folder → its parent)',
      file: `${BAD}/loop`,
      symlink: '..',
      extra: { [`${BAD}/openapi.json`]: goodJson() },
      expect: 'either'
    },
    { name: 'FIFO named openapi.json', file: f, fifo: true, expect: 'error', timeoutMs: 30_000 },
    {
      name: 'a directory named openapi.json',
      file: `${f}/x.json`,
      content: goodJson(),
      expect: 'either'
    },
    {
      name: 'two spec files, no precedence',
      file: `${BAD}/a.json`,
      content: goodJson(),
      extra: { [`${BAD}/b.json`]: goodJson() },
      expect: 'either'
    },
    { name: 'empty version folder', file: `${BAD}/.keep-dir`, dir: true, expect: 'either' },
    {
      name: 'spec at the folder root (wrong layout)',
      file: 'openapi.json',
      content: goodJson(),
      expect: 'either',
      names: 'openapi.json'
    },
    {
      name: 'version folder nested too deep',
      file: `a/b/c/${BAD}/openapi.json`,
      content: goodJson(),
      expect: 'either',
      names: 'a/b'
    },
    {
      name: 'non-version folder name',
      file: 'latest/openapi.json',
      content: goodJson(),
      expect: 'either',
      names: 'latest'
    },
    {
      name: 'duplicate version (two channels)',
      file: `stable/${BAD}/openapi.json`,
      content: goodJson(),
      extra: { [`preview/${BAD}/openapi.json`]: goodJson() },
      expect: 'either',
      goodAt: `stable/${GOOD}/openapi.json`
    },
    {
      name: 'operation without responses, path without slash',
      file: f,
      content: j({ ...specObject(), paths: { items: { get: { parameters: [API_VERSION] } } } }),
      expect: 'either'
    },
    {
      name: 'path key with a newline and NUL',
      file: f,
      content: j({
        ...specObject(),
        paths: {
          '/a\n\u0000b': {
            get: {
              operationId: 'n',
              parameters: [API_VERSION],
              responses: { 200: { description: 'ok' } }
            }
          }
        }
      }),
      expect: 'either'
    },
    {
      name: 'CRLF YAML with tabs',
      file: y,
      content: yamlGood.replace(/\n/g, '\r\n').replace('  title: Y', '  title:\tY'),
      expect: 'either'
    },
    {
      name: '10,000 parameters in one operation',
      file: f,
      content: j(
        withOp({
          parameters: [
            API_VERSION,
            ...Array.from({ length: 10000 }, (_, i) => ({
              name: `p${i}`,
              in: 'query',
              schema: { type: 'string' }
            }))
          ]
        })
      ),
      expect: 'either'
    }
  ]
}
