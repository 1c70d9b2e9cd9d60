#!/usr/bin/env node
// A repeatable red-team pass over the released CLI and action (dist/), issue 11's categories:
//
//   node script/red-team.mjs [--only 1,2,...] [--verbose]
//
// 1 bad specs · 2 injection · 3 secrets · 4 faults (incl. hangs) · 5 SIGKILL ×20 · 6 bad inputs.
// Loopback only (the standalone emulator, a fake GitHub API and a $ref trap server, all on
// 127.0.0.1); every process and loop is bounded; temp folders and processes are cleaned up.
// Prints one row per category: cases run, failures, and what each failure was. Exit code 1 when
// anything failed.
import { spawn, execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const root = path.resolve(import.meta.dirname, '..')
const CLI = path.join(root, 'dist', 'cli.js')
const ACTION = path.join(root, 'dist', 'index.js')
const EXAMPLE = path.join(root, 'examples', 'azure-openai')
const { values: opts } = parseArgs({
  options: { only: { type: 'string' }, verbose: { type: 'boolean', default: false } }
})
const only = opts.only ? new Set(opts.only.split(',').map(Number)) : undefined
const started = Date.now()
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-redteam-'))
const children = new Set()

// ---------------------------------------------------------------------------------------------
// Plumbing: processes, temp folders, the emulator, results.

function cleanup() {
  for (const child of children) {
    try {
      child.kill('SIGKILL')
    } catch {
      /* gone */
    }
  }
  fs.rmSync(TMP, { recursive: true, force: true })
}
process.on('exit', cleanup)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

let dirCounter = 0
function tempDir(name = 'case') {
  const dir = path.join(TMP, `${String(++dirCounter).padStart(4, '0')}-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

function write(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, content)
}

/** Runs `node <script> ...args`, bounded by timeoutMs (then SIGKILL, reported as timedOut). */
function runNode(script, args, { cwd = TMP, env = {}, timeoutMs = 60_000, baseEnv } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...(baseEnv ?? cleanEnv()), ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 })
    })
  })
}
const cli = (args, o) => runNode(CLI, args, o)

/** The environment for every child: no GitHub or Azure variables of this shell leak in. */
function cleanEnv() {
  const env = {}
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'])
    if (process.env[k]) env[k] = process.env[k]
  return env
}

const STACK =
  /^\s+at .+(:\d+:\d+\)?|\(native\)|\(node:[^)]*\))$|Maximum call stack|TypeError|ReferenceError|RangeError|node:internal|\bUnhandled/m
function stackOf(r) {
  const m = STACK.exec(`${r.stdout}\n${r.stderr}`)
  return m ? m[0].trim().slice(0, 80) : undefined
}

/** `apim-versions emulator` as a process; resolves with its ready line, a control() and stop(). */
async function startEmulator(extra = []) {
  const child = spawn(process.execPath, [CLI, 'emulator', ...extra], {
    cwd: TMP,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.add(child)
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c))
  const info = await new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(
      () => reject(new Error(`emulator not ready in 30 s: ${stderr}`)),
      30_000
    )
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${stderr}`)))
    child.stdout.setEncoding('utf8').on('data', (c) => {
      text += c
      const nl = text.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        resolve(JSON.parse(text.slice(0, nl)))
      }
    })
  })
  child.stdout.resume()
  const ca = fs.readFileSync(info.caCertFile)
  const emu = {
    ...info,
    child,
    azure: [
      '--subscription-id',
      info.subscriptionId,
      '--resource-group',
      info.resourceGroup,
      '--service-name',
      info.serviceName,
      '--arm-endpoint',
      info.armEndpoint
    ],
    env: { APIM_ACCESS_TOKEN: info.token, NODE_EXTRA_CA_CERTS: info.caCertFile },
    control(method, route, body, token = info.token) {
      return new Promise((resolve, reject) => {
        const req = https.request(
          new URL(route, info.armEndpoint),
          {
            method,
            ca,
            timeout: 15_000,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8').on('data', (c) => (text += c))
            res.on('end', () => resolve(text ? JSON.parse(text) : undefined))
          }
        )
        req.on('timeout', () => req.destroy(new Error(`control ${method} ${route}: timeout`)))
        req.on('error', reject)
        req.end(body === undefined ? undefined : JSON.stringify(body))
      })
    },
    fault(body) {
      return emu.control('POST', '/_emulator/faults', body)
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(t)
      }
      children.delete(child)
      fs.rmSync(info.caCertFile, { force: true })
    }
  }
  return emu
}

/** comparableState of __tests__/support/engine.ts: the state without ETags, times and sequences. */
function comparableState(state) {
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip)
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(
            ([k]) =>
              !['etag', 'createdDateTime', 'updatedDateTime', 'sequence', 'identity'].includes(k)
          )
          .map(([k, x]) => [k, strip(x)])
      )
    return v
  }
  return strip(state)
}

/** JSON with object keys sorted: equality as jest's toEqual sees it (key order is not state). */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'undefined'
}

function firstDiff(a, b, where = '') {
  if (canonical(a) === canonical(b)) return undefined
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff(a[k], b[k], `${where}/${k}`)
      if (d) return d
    }
  }
  return `${where || '/'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`
}

function parseJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const results = []
class Category {
  constructor(n, name) {
    this.n = n
    this.name = name
    this.cases = 0
    this.failures = []
  }
  /** Runs one case: `body` returns undefined (pass) or a string (what failed); a throw is a failure too. */
  async run(name, body) {
    this.cases++
    const t0 = Date.now()
    let problem
    try {
      problem = await body()
    } catch (err) {
      problem = `script error: ${err?.stack ?? err}`
    }
    if (problem) this.failures.push({ name, problem })
    if (opts.verbose || problem)
      console.error(
        `  [${this.n}] ${problem ? 'FAIL' : 'ok  '} ${name} (${Date.now() - t0} ms)${problem ? `: ${problem}` : ''}`
      )
  }
}

// ---------------------------------------------------------------------------------------------
// Spec builders.

const API_VERSION = { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } }
function specObject(title = 'Good', extra = {}) {
  return {
    openapi: '3.0.3',
    info: { title, version: '1' },
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          summary: 'List items',
          parameters: [API_VERSION],
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } }
            }
          }
        }
      }
    },
    components: { schemas: { Item: { type: 'object', properties: { id: { type: 'string' } } } } },
    ...extra
  }
}
const goodJson = (title) => JSON.stringify(specObject(title), null, 2)
const GOOD = '2024-01-01'
const BAD = '2024-02-01'

// ---------------------------------------------------------------------------------------------
// 1. Bad specs.

async function badSpecs() {
  const cat = new Category(1, 'bad specs')
  const outside = tempDir('outside')
  write(path.join(outside, 'secret.json'), goodJson('OUTSIDE-SECRET-TITLE'))
  write(path.join(outside, '2024-02-01', 'openapi.json'), goodJson('OUTSIDE-SECRET-TITLE'))
  // A $ref trap: any request to it is a fetch of a remote $ref.
  let trapHits = 0
  const trap = http.createServer((req, res) => {
    trapHits++
    res.end(JSON.stringify({ type: 'object' }))
  })
  await new Promise((r) => trap.listen(0, '127.0.0.1', r))
  const trapUrl = `http://127.0.0.1:${trap.address().port}`

  const j = (o) => JSON.stringify(o, null, 2)
  const withOp = (op) =>
    specObject('Bad', {
      paths: {
        '/items': {
          get: {
            operationId: 'x',
            parameters: [API_VERSION],
            responses: { 200: { description: 'ok' } },
            ...op
          }
        }
      }
    })
  const deepJson = (n, open, close, inner = '1') => {
    const s = specObject('Deep')
    const text = j(s)
    return text.replace(
      '"type": "object",',
      `"type": "object", "x-deep": ${open.repeat(n)}${inner}${close.repeat(n)},`
    )
  }
  const yamlGood = [
    'openapi: 3.0.3',
    'info:',
    '  title: Y',
    "  version: '1'",
    'paths:',
    '  /items:',
    '    get:',
    '      operationId: listItems',
    '      parameters:',
    '        - name: api-version',
    '          in: query',
    '          required: true',
    '          schema:',
    '            type: string',
    '      responses:',
    "        '200':",
    '          description: ok',
    ''
  ].join('\n')
  const hugeDescription = () => {
    const s = specObject('Huge')
    s.info.description = 'x'.repeat(4.5 * 1024 * 1024)
    return j(s)
  }
  const hugeManyPaths = () => {
    const s = specObject('Huge')
    for (let i = 0; i < 15000; i++)
      s.paths[`/p${i}`] = {
        get: {
          operationId: `op${i}`,
          parameters: [API_VERSION],
          responses: { 200: { description: `ok ${'y'.repeat(200)}` } }
        }
      }
    return JSON.stringify(s)
  }
  const utf16 = (text, be) => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le')
    if (!be) return le
    const out = Buffer.alloc(le.length)
    for (let i = 0; i < le.length; i += 2) {
      out[i] = le[i + 1]
      out[i + 1] = le[i]
    }
    return out
  }

  // expect: 'error' — refused, named, not listed; 'either' — accepted, or refused and named.
  // file: where the bad spec goes (relative to specs/); names: what stderr must name on refusal;
  // line: refusal must carry file:line.
  const f = `${BAD}/openapi.json`
  const y = `${BAD}/openapi.yaml`
  const cases = [
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
    },
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
      check: () => (trapHits ? `the remote $ref was fetched (${trapHits} requests)` : undefined)
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

  for (const c of cases) {
    await cat.run(c.name, async () => {
      const ws = tempDir('bad')
      const specs = path.join(ws, 'specs')
      const goodAt = path.join(specs, c.goodAt ?? `${GOOD}/openapi.json`)
      write(goodAt, goodJson())
      const target = path.join(specs, c.file)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      if (c.symlink) fs.symlinkSync(c.symlink, target)
      else if (c.fifo) execFileSync('mkfifo', [target])
      else if (c.dir) fs.mkdirSync(path.dirname(target), { recursive: true })
      else write(target, typeof c.content === 'function' ? c.content() : c.content)
      for (const [rel, text] of Object.entries(c.extra ?? {})) write(path.join(specs, rel), text)
      const names = c.names ?? BAD
      const timeoutMs = c.timeoutMs ?? 60_000
      const problems = []
      const runs = {
        versions: await cli(['versions', 'specs', '--json'], { cwd: ws, timeoutMs }),
        plan: await cli(['plan', 'specs', '--api-id', 'rt', '--emulator', '--json'], {
          cwd: ws,
          timeoutMs
        })
      }
      for (const [cmd, r] of Object.entries(runs)) {
        if (r.timedOut) {
          problems.push(`${cmd}: no end within ${timeoutMs / 1000} s`)
          continue
        }
        const stack = stackOf(r)
        if (stack) problems.push(`${cmd}: stack trace or internal error (${stack})`)
        const out = parseJson(r.stdout)
        const listed = (cmd === 'versions' ? out : out?.versions)?.map((v) => v.version)
        if (!listed) {
          problems.push(
            `${cmd}: exit ${r.code}, no JSON on stdout (${r.stderr.trim().split('\n')[0]?.slice(0, 160)})`
          )
          continue
        }
        if (!listed.includes(GOOD))
          problems.push(
            `${cmd}: the good sibling ${GOOD} was dropped (exit ${r.code}; ${r.stderr.trim().split('\n')[0]?.slice(0, 160)})`
          )
        const errorLines = r.stderr.split('\n').filter((l) => /^(error|warning): /.test(l))
        const named = errorLines.find((l) => l.includes(names))
        if (c.expect === 'error') {
          if (r.code === 0) problems.push(`${cmd}: exit 0 for a bad spec`)
          if (listed.includes(BAD) && c.file.startsWith(BAD))
            problems.push(`${cmd}: the bad version ${BAD} was listed/planned`)
        }
        if (r.code !== 0 || (c.expect === 'error' && !listed.includes(BAD))) {
          if (!named)
            problems.push(
              `${cmd}: exit ${r.code} without an error naming ${names} (${r.stderr.trim().slice(0, 160) || 'stderr empty'})`
            )
          else if (c.line && !new RegExp(`${names}/[^:]+:\\d+`).test(named))
            problems.push(`${cmd}: no line in '${named.slice(0, 160)}'`)
        }
        if (`${r.stdout}${r.stderr}`.includes('OUTSIDE-SECRET-TITLE'))
          problems.push(`${cmd}: read the file outside the folder`)
      }
      if (c.check) {
        const p = c.check(ws)
        if (p) problems.push(p)
      }
      if (c.fifo) {
        // Unblock anything still holding the FIFO open for reading.
        try {
          const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)
          fs.closeSync(fd)
        } catch {
          /* nobody reading */
        }
      }
      return problems.length ? problems.join('; ') : undefined
    })
  }
  await new Promise((r) => trap.close(r))
  return cat
}

// ---------------------------------------------------------------------------------------------
// A fake GitHub API (loopback) for the plan comment on a pull request.

async function startFakeGitHub() {
  const state = { comments: new Map(), requests: [], fail: 0, nextId: 1 }
  const server = http.createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8').on('data', (c) => (raw += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://github')
      state.requests.push({
        method: req.method,
        path: url.pathname,
        authorization: req.headers.authorization
      })
      const send = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (state.fail) return send(state.fail, { message: 'Server Error' })
      if (url.pathname === '/user')
        return send(403, { message: 'Resource not accessible by integration' })
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname)
      if (list) {
        const all = state.comments.get(Number(list[1])) ?? []
        if (req.method === 'GET') return send(200, all)
        if (req.method === 'POST') {
          const comment = {
            id: state.nextId++,
            body: JSON.parse(raw).body,
            user: { login: 'github-actions[bot]' },
            html_url: `https://github.example/c/${state.nextId}`
          }
          state.comments.set(Number(list[1]), [...all, comment])
          return send(201, comment)
        }
      }
      const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)
      if (one && req.method === 'PATCH') {
        for (const comments of state.comments.values()) {
          const comment = comments.find((c) => c.id === Number(one[1]))
          if (comment) {
            comment.body = JSON.parse(raw).body
            return send(200, comment)
          }
        }
      }
      send(404, { message: 'Not Found' })
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  state.url = `http://127.0.0.1:${server.address().port}`
  state.close = () => {
    server.closeAllConnections()
    return new Promise((r) => server.close(r))
  }
  return state
}

/** The action as the runner starts it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
async function runAction(workspace, inputs, extraEnv = {}, timeoutMs = 120_000) {
  const files = tempDir('runner')
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const r = await runNode(ACTION, [], { cwd: workspace, env, timeoutMs })
  return {
    ...r,
    output: fs.readFileSync(output, 'utf8'),
    summary: fs.readFileSync(summary, 'utf8')
  }
}

function prEnv(workspace, gh, number) {
  const event = path.join(workspace, `event-${number}.json`)
  fs.writeFileSync(event, JSON.stringify({ pull_request: { number } }))
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'org/repo',
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42'
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Injection.

/**
 * The markdown structure of a rendered text: per line, what is outside code spans and could
 * format, link, mention or open HTML. Spec text that is inert leaves it the same as plain text.
 */
function structure(md) {
  return md.split('\n').map((line) => {
    const tokens = []
    const lead = /^\s*(#{1,6} |[-+*] |\d+[.)] |>|\|)/.exec(line)
    if (lead) tokens.push(`lead:${lead[1].trim()}`)
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (ch === '\\') {
        i++
        continue
      }
      if (ch === '`') {
        let n = 1
        while (line[i + n] === '`') n++
        const fence = '`'.repeat(n)
        let k = i + n
        let close = -1
        while ((k = line.indexOf(fence, k)) >= 0) {
          if (line[k + n] !== '`' && line[k - 1] !== '`') {
            close = k
            break
          }
          while (line[k] === '`') k++
        }
        if (close < 0) {
          tokens.push('`unclosed')
          i += n - 1
          continue
        }
        const inner = line.slice(i + n, close)
        if (/<!--/.test(inner)) tokens.push('code:<!--')
        tokens.push('code')
        i = close + n - 1
        continue
      }
      const rest = line.slice(i)
      let m
      if ((m = /^<\/?[A-Za-z][\w-]*|^<!--|^<!|^<\?/.exec(rest))) tokens.push(`html:${m[0]}`)
      else if (ch === '|') tokens.push('|')
      else if (ch === '[' || ch === ']') tokens.push(ch)
      else if (ch === '*' || ch === '~') tokens.push(ch)
      else if (ch === '_' && !/\w/.test(line[i - 1] ?? '')) tokens.push('_')
      else if (ch === '@' && /[A-Za-z0-9]/.test(line[i + 1] ?? '')) tokens.push('@mention')
      else if (rest.startsWith('://') && line[i + 3] !== '\u200b') tokens.push('autolink')
      else if (/^www\.[^\u200b]/i.test(rest) && !/\w/.test(line[i - 1] ?? ''))
        tokens.push('autolink:www')
    }
    return tokens.join(' ')
  })
}

function compareStructure(label, benign, evil) {
  const a = structure(benign)
  const b = structure(evil)
  if (a.length !== b.length) {
    // Show the first differing line.
    const al = benign.split('\n')
    const bl = evil.split('\n')
    let i = 0
    while (i < al.length && i < bl.length && structure(al[i])[0] === structure(bl[i])[0]) i++
    return `${label}: ${bl.length} lines instead of ${al.length} (line ${i + 1}: ${JSON.stringify(bl[i]?.slice(0, 140))})`
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i])
      return `${label} line ${i + 1}: structure '${b[i]}' instead of '${a[i]}' in ${JSON.stringify(evil.split('\n')[i].slice(0, 160))}`
  }
  return undefined
}

async function injection() {
  const cat = new Category(2, 'injection')
  const emu = await startEmulator()
  const gh = await startFakeGitHub()
  const OTHER_MARKER =
    '<!-- apim-version-action:plan api=other service=apim-emulator%20(resource%20group%20rg-apim-emulator) -->'
  const payloads = [
    ['table pipes', '|a|b|c|'],
    ['backticks', '`x`` ```y'],
    ['HTML comment opener', '<!-- hide the rest'],
    ['closing details and summary', '</summary></details><details open><summary>x'],
    ['@mentions', '@octocat @org/team'],
    ['bare URLs', 'https://evil.example/x www.evil.example'],
    ['markdown links and images', '[click](https://evil.example) ![i](https://evil.example/i.png)'],
    ['XML/HTML < and &', '<script>alert(1)</script> &amp; &lt; <img src=x onerror=alert(1)>'],
    ["another API's plan-comment marker", OTHER_MARKER],
    ['newlines with heading and list', 'x\n# Heading\n- item\n\n> quote'],
    ['emphasis and strike', '**bold** _it_ ~~gone~~ *x*'],
    ['terminal escapes', '\u001b[31mRED\u001b[0m\rOVER\u0007'],
    ['leading heading marker', '# not a heading'],
    ['HTML entity and numeric references', '&#60;b&#62;x&#60;/b&#62; &commat;octocat']
  ]
  const nameSafe = (s) =>
    s
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      .replace(/[/\u0000]/g, '_')
      .replace(/\n/g, ' ')
      .slice(0, 120)
  /** The two-version spec folder with `p` everywhere spec text or names reach the outputs. */
  function build(ws, p) {
    const v1 = specObject('Inj')
    const v2 = specObject(p)
    v2.paths[`/inj/${p}`] = {
      get: {
        operationId: p,
        summary: p,
        description: p,
        parameters: [API_VERSION, { name: p, in: 'header', schema: { type: 'string' } }],
        responses: {
          200: {
            description: p,
            content: {
              [`application/${nameSafe(p).replace(/\s/g, '')}`]: { schema: { type: 'string' } }
            }
          }
        }
      }
    }
    v2.paths['/items'].get.summary = p
    v2.paths['/items'].get.parameters.push({ name: p, in: 'query', schema: { type: 'string' } })
    v2.components.schemas[p] = { type: 'string', title: p }
    v2.components.schemas.Item.properties[p] = { type: 'string' }
    write(
      path.join(ws, 'specs', 'stable', '2024-01-01', 'openapi.json'),
      JSON.stringify(v1, null, 2)
    )
    write(
      path.join(ws, 'specs', nameSafe(p), '2024-02-01', `${nameSafe(p)}.json`),
      JSON.stringify(v2, null, 2)
    )
  }
  async function render(p, n) {
    const ws = tempDir('inj')
    build(ws, p)
    const azure = {
      'subscription-id': emu.subscriptionId,
      'resource-group': emu.resourceGroup,
      'service-name': emu.serviceName,
      'arm-endpoint': emu.armEndpoint,
      'access-token': emu.token,
      'github-token': 'gh-token-inj'
    }
    const versions = await runAction(ws, { mode: 'versions', 'spec-folder': 'specs' })
    const pr = 1000 + n
    const plan = await runAction(
      ws,
      { mode: 'plan', 'spec-folder': 'specs', 'api-id': `inj${n}`, ...azure },
      { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...prEnv(ws, gh, pr) }
    )
    const comments = gh.comments.get(pr) ?? []
    const dir = fs.readdirSync(path.join(ws, 'specs')).find((d) => d !== 'stable')
    const diff = await cli(
      [
        'diff',
        'specs/stable/2024-01-01/openapi.json',
        `specs/${dir}/2024-02-01/${fs.readdirSync(path.join(ws, 'specs', dir, '2024-02-01'))[0]}`
      ],
      { cwd: ws }
    )
    const text = await cli(['plan', 'specs', '--api-id', `inj${n}`, ...emu.azure], {
      cwd: ws,
      env: emu.env
    })
    const vtext = await cli(['versions', 'specs'], { cwd: ws })
    return { versions, plan, comments, diff, text, vtext }
  }
  const benign = await render('safe', 0)
  let n = 1
  for (const [name, p] of payloads) {
    const i = n++
    await cat.run(name, async () => {
      const evil = await render(p, i)
      const problems = []
      for (const [k, r] of Object.entries(evil)) {
        if (k === 'comments') continue
        if (r.timedOut) problems.push(`${k}: timed out`)
        const stack = stackOf(r)
        if (stack) problems.push(`${k}: ${stack}`)
      }
      if (evil.versions.code !== benign.versions.code || evil.plan.code !== benign.plan.code)
        problems.push(
          `action exit ${evil.versions.code}/${evil.plan.code} (benign ${benign.versions.code}/${benign.plan.code}): ${(
            evil.versions.stdout + evil.plan.stdout
          )
            .split('\n')
            .filter((l) => l.startsWith('::error'))
            .join(' ')
            .slice(0, 200)}`
        )
      const checks = [
        ['versions summary', benign.versions.summary, evil.versions.summary],
        ['plan summary', benign.plan.summary, evil.plan.summary],
        ['plan comment', benign.comments[0]?.body ?? '', evil.comments[0]?.body ?? ''],
        ['diff markdown', benign.diff.stdout, evil.diff.stdout]
      ]
      for (const [label, a, b] of checks) {
        const d = compareStructure(label, a, b)
        if (d) problems.push(d)
      }
      if (evil.comments.length !== 1) problems.push(`${evil.comments.length} plan comments written`)
      const body = evil.comments[0]?.body ?? ''
      if (
        (body.match(/<!--/g) ?? []).length !== 1 ||
        !body.startsWith('<!-- apim-version-action:plan api=inj')
      )
        problems.push(
          `the comment has ${(body.match(/<!--/g) ?? []).length} '<!--' (only its own marker on line 1 may)`
        )
      if (body.split('\n').some((l, k) => k > 0 && l.startsWith('<!-- apim-version-action:plan')))
        problems.push('a second marker line in the comment')
      for (const [label, r] of [
        ['plan summary', evil.plan.summary],
        ['versions summary', evil.versions.summary]
      ])
        if (r.includes('<!--')) problems.push(`${label} contains '<!--'`)
      // Terminal: no control characters from spec text on the CLI's text output.
      for (const [label, r] of [
        ['plan text', evil.text],
        ['versions text', evil.vtext],
        ['diff', evil.diff]
      ]) {
        // eslint-disable-next-line no-control-regex -- control characters are what it looks for
        const m = /[^\n]*[\u0000-\u0008\u000b-\u001f\u007f][^\n]*/.exec(r.stdout + r.stderr)
        if (m)
          problems.push(
            `${label}: control characters from the spec reach the terminal: ${JSON.stringify(m[0].slice(0, 140))}`
          )
      }
      return problems.length ? problems.join('; ') : undefined
    })
  }

  // Policy XML: what inputs put into policies must stay XML-escaped (the stored policy parses).
  const xmlCases = [
    [
      'policy-file placeholders with XML text around',
      { 'version-parameter': 'api-version' },
      '<policies><inbound><base /><set-header name="x-v" exists-action="override"><value>{version}|{api-id}|{fragment-id}|{version-parameter}</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
    ],
    ['version-parameter with XML characters', { 'version-parameter': 'v"/><x a="&' }, undefined],
    [
      'api-display-name with XML and markdown',
      { 'api-display-name': '<b>&"\'</b> | @octocat `x` <!-- m -->' },
      undefined
    ]
  ]
  for (const [name, extra, template] of xmlCases) {
    await cat.run(`policy XML: ${name}`, async () => {
      const ws = tempDir('xml')
      fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
      const id = `xml${crypto.randomBytes(3).toString('hex')}`
      const args = [
        'apply',
        'specs',
        '--api-id',
        id,
        '--service-url',
        'http://127.0.0.1:9/openai',
        ...emu.azure
      ]
      for (const [k, v] of Object.entries(extra)) args.push(`--${k}`, v)
      if (template) {
        write(path.join(ws, 'policy.xml'), template)
        args.push('--policy-file', 'policy.xml')
      }
      const r = await cli(args, { cwd: ws, env: emu.env, timeoutMs: 120_000 })
      const stack = stackOf(r)
      if (stack) return `stack: ${stack}`
      if (r.timedOut) return 'timed out'
      if (r.code === 2)
        return r.stderr.split('\n')[0].includes(Object.keys(extra)[0])
          ? undefined
          : `refused without naming the flag: ${r.stderr.slice(0, 200)}`
      const state = await emu.control('GET', '/_emulator/state')
      const xmls = []
      const visit = (v, where) => {
        if (typeof v === 'string' && /^\s*<(policies|fragment)/.test(v) && where.includes(id))
          xmls.push([where, v])
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) visit(x, `${where}/${k}`)
      }
      visit(state, '')
      if (!xmls.length)
        return `exit ${r.code}, no policy of ${id} in the emulator state (${r.stderr.slice(0, 160)})`
      for (const [where, xml] of xmls) {
        const bad = xmlProblem(xml)
        if (bad) return `${where}: ${bad}`
      }
      const display = extra['api-display-name']
      if (display && r.stdout.includes('<!--'))
        return "the CLI's output carries '<!--' of the display name"
      return r.code === 0 ? undefined : `exit ${r.code}: ${r.stderr.slice(0, 200)}`
    })
  }
  await gh.close()
  await emu.stop()
  return cat
}

/** A small well-formedness check: balanced tags, quoted attributes, no raw & or < in text. */
function xmlProblem(xml) {
  const stack = []
  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/g
  let m
  while ((m = re.exec(xml))) {
    if (m[0].startsWith('<!')) continue
    if (m[0] === '<')
      return `a raw '<' at ${m.index}: ${JSON.stringify(xml.slice(m.index, m.index + 60))}`
    if (m[0].startsWith('&'))
      return `a raw '&' at ${m.index}: ${JSON.stringify(xml.slice(m.index, m.index + 60))}`
    if (m[4]) continue
    if (m[1]) {
      if (stack.pop() !== m[2]) return `unbalanced </${m[2]}>`
    } else stack.push(m[2])
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : undefined
}

// ---------------------------------------------------------------------------------------------
// 3. Secrets.

async function secrets() {
  const cat = new Category(3, 'secrets')
  const secret = (label) => `SEKRET${label}${crypto.randomBytes(12).toString('hex')}`
  /** Every place a secret could show; `::add-mask::` lines are how the runner learns to mask. */
  function leaks(values, outputs) {
    const found = []
    for (const [where, text] of Object.entries(outputs)) {
      const visible = (text ?? '')
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n')
      for (const v of values) {
        const parts = [v, ...v.split(/\s+/).filter((p) => p.length >= 12)]
        if (parts.some((p) => visible.includes(p))) found.push(`${where} shows ${v.slice(0, 10)}…`)
      }
    }
    return found.length ? found.join('; ') : undefined
  }
  const emu = await startEmulator()
  const gh = await startFakeGitHub()
  const ws = tempDir('secrets')
  fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
  const base = ['plan', 'specs', '--api-id', 'sec']
  const cliCase = (name, build) =>
    cat.run(name, async () => {
      const { args, env = {}, values } = build()
      const r = await cli(args, {
        cwd: ws,
        env: { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...env },
        timeoutMs: 120_000
      })
      if (r.timedOut) return 'timed out'
      return leaks(values, { stdout: r.stdout, stderr: r.stderr })
    })
  await cliCase('CLI --access-token, 401 from the emulator', () => {
    const t = secret('A')
    return { args: [...base, ...emu.azure, '--access-token', t], values: [t] }
  })
  await cliCase('CLI APIM_ACCESS_TOKEN, 401 from the emulator', () => {
    const t = secret('B')
    return { args: [...base, ...emu.azure], env: { APIM_ACCESS_TOKEN: t }, values: [t] }
  })
  await cliCase('CLI --access-token, ARM endpoint refusing connections', () => {
    const t = secret('C')
    return {
      args: [
        ...base,
        '--subscription-id',
        's',
        '--resource-group',
        'r',
        '--service-name',
        'n',
        '--arm-endpoint',
        'https://127.0.0.1:1',
        '--access-token',
        t
      ],
      values: [t]
    }
  })
  await cliCase('CLI malformed token (newline, spaces, quotes)', () => {
    const t = `${secret('D')}\n"quoted part ${secret('E')}"`
    return { args: [...base, ...emu.azure, '--access-token', t], values: [t] }
  })
  await cliCase('CLI malformed token in APIM_ACCESS_TOKEN (non-latin1)', () => {
    const t = `${secret('F')}\u00ff\u2028€`
    return { args: [...base, ...emu.azure], env: { APIM_ACCESS_TOKEN: t }, values: [t] }
  })
  await cliCase('CLI right token, apply succeeds', () => ({
    args: ['apply', 'specs', '--api-id', 'sec', ...emu.azure, '--access-token', emu.token],
    values: [emu.token]
  }))
  await cliCase('CLI token next to an unknown flag (usage error)', () => {
    const t = secret('G')
    return { args: [...base, ...emu.azure, '--access-token', t, '--acess-token', t], values: [t] }
  })
  await cliCase('CLI token given to a misspelled flag', () => {
    const t = secret('H')
    return { args: [...base, ...emu.azure, `--accesstoken=${t}`], values: [t] }
  })
  await cliCase('CLI --access-token given twice', () => {
    const t = secret('I')
    const u = secret('S')
    return {
      args: [...base, ...emu.azure, '--access-token', t, '--access-token', u],
      values: [t, u]
    }
  })
  await cliCase('CLI --access-token and APIM_ACCESS_TOKEN both, different', () => {
    const t = secret('T')
    const u = secret('U')
    return {
      args: [...base, ...emu.azure, '--access-token', t],
      env: { APIM_ACCESS_TOKEN: u },
      values: [t, u]
    }
  })
  await cliCase('CLI --access-token with --emulator (usage error)', () => {
    const t = secret('J')
    return { args: [...base, '--emulator', '--access-token', t], values: [t] }
  })
  await cliCase('CLI sync-upstream, GitHub unreachable, GITHUB_TOKEN', () => {
    const t = secret('K')
    return {
      args: ['sync-upstream', 'specs', '--upstream-repo', 'org/repo', '--upstream-path', 'x'],
      env: { GITHUB_TOKEN: t, GITHUB_API_URL: 'http://127.0.0.1:1' },
      values: [t]
    }
  })
  const actionCase = (name, build) =>
    cat.run(name, async () => {
      const { inputs, env = {}, values } = build()
      const r = await runAction(
        ws,
        { 'spec-folder': 'specs', 'api-id': 'seca', ...inputs },
        { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...env }
      )
      if (r.timedOut) return 'timed out'
      return leaks(values, {
        stdout: r.stdout,
        stderr: r.stderr,
        summary: r.summary,
        outputs: r.output
      })
    })
  const azureInputs = {
    'subscription-id': emu.subscriptionId,
    'resource-group': emu.resourceGroup,
    'service-name': emu.serviceName,
    'arm-endpoint': emu.armEndpoint
  }
  await actionCase('action plan on a PR, GitHub answers 500, both tokens', () => {
    gh.fail = 500
    return {
      inputs: {
        mode: 'plan',
        ...azureInputs,
        'access-token': emu.token,
        'github-token': (this_gh = secret('L'))
      },
      env: prEnv(ws, gh, 7),
      values: [emu.token, this_gh]
    }
  })
  gh.fail = 0
  await actionCase('action plan on a PR, 401 from APIM', () => {
    const t = secret('M')
    const g = secret('N')
    return {
      inputs: { mode: 'plan', ...azureInputs, 'access-token': t, 'github-token': g },
      env: prEnv(ws, gh, 8),
      values: [t, g]
    }
  })
  await actionCase('action apply, ARM endpoint refusing connections', () => {
    const t = secret('O')
    return {
      inputs: {
        mode: 'apply',
        ...azureInputs,
        'arm-endpoint': 'https://127.0.0.1:1',
        'access-token': t
      },
      values: [t]
    }
  })
  await actionCase('action plan, malformed token (newline)', () => {
    const t = `${secret('P')}\n${secret('Q')}`
    return { inputs: { mode: 'plan', ...azureInputs, 'access-token': t }, values: [t] }
  })
  await actionCase('action plan, bad input next to a token (usage error)', () => {
    const t = secret('R')
    return {
      inputs: { mode: 'plan', ...azureInputs, 'access-token': t, concurrency: '0x10' },
      values: [t]
    }
  })
  await actionCase('action apply, 401 from APIM, token with spaces around', () => {
    const t = secret('V')
    return { inputs: { mode: 'apply', ...azureInputs, 'access-token': `  ${t}  ` }, values: [t] }
  })
  await gh.close()
  await emu.stop()
  return cat
}
let this_gh

// ---------------------------------------------------------------------------------------------
// 4. Faults, hangs included.

async function faults() {
  const cat = new Category(4, 'faults')
  const cases = [
    {
      name: 'latency 400 ms on every ARM call',
      emulator: ['--latency-ms', '400'],
      faults: [],
      expect: {}
    },
    {
      name: '429 with Retry-After 2 (version set), twice',
      faults: [{ method: 'PUT', path: '/apiVersionSets/', response: 429, retryAfter: 2, times: 2 }],
      expect: {}
    },
    {
      name: '429 with Retry-After 86400 (one import)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-05-01-preview$',
          response: 429,
          retryAfter: 86400,
          times: 100
        }
      ],
      expect: { '2024-05-01-preview': /Retry-After|retry/i },
      maxMs: 60_000
    },
    {
      name: '409 persistent on one import',
      faults: [{ method: 'PUT', path: '/apis/{id}-2024-02-01$', response: 409, times: 100 }],
      expect: { '2024-02-01': /PessimisticConcurrencyConflict|in progress/ }
    },
    {
      name: '500 twice on policies',
      faults: [{ method: 'PUT', path: '/policies/', response: 500, times: 2 }],
      expect: {}
    },
    {
      name: 'one 503 on reading the APIs (plan read)',
      faults: [{ method: 'GET', path: '/apis$', response: 503, times: 1 }],
      expect: {}
    },
    {
      name: 'one 429 with Retry-After 1 on reading the version sets',
      faults: [{ method: 'GET', path: '/apiVersionSets', response: 429, retryAfter: 1, times: 1 }],
      expect: {}
    },
    {
      name: 'dropped connections on releases',
      faults: [{ method: 'PUT', path: '/releases/', response: 'drop', times: 3 }],
      expect: {}
    },
    {
      name: 'failed LRO once (import)',
      faults: [{ method: 'PUT', path: '/apis/{id}-2024-10-21$', response: 'lro-fail', times: 1 }],
      expect: {}
    },
    {
      name: 'failed LRO persistent (import)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-10-21$',
          response: 'lro-fail',
          times: 100,
          code: 'ValidationError'
        }
      ],
      expect: { '2024-10-21': /ValidationError|InternalServerError|fail/i }
    },
    {
      name: '429 without Retry-After on every write, 30% of the time',
      faults: [
        { method: 'PUT|PATCH|DELETE', path: '.*', response: 429, times: 1000, probability: 0.3 }
      ],
      expect: 'maybe'
    },
    {
      name: 'a hanging policy PUT (once)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-02-01/policies/policy$',
          response: 'hang',
          times: 1
        }
      ],
      expect: {}
    },
    {
      name: 'a hanging fragment PUT (once)',
      faults: [{ method: 'PUT', path: '/policyFragments/', response: 'hang', times: 1 }],
      expect: {}
    },
    {
      name: 'a hanging release PUT, persistent (one version)',
      faults: [
        { method: 'PUT', path: '/apis/{id}-2024-10-21/releases/', response: 'hang', times: 100 }
      ],
      expect: { '2024-10-21': /did not answer|time/i },
      slow: true
    }
  ]
  // The two single hangs and the persistent one are run concurrently with the rest (they wait on deadlines).
  const runCase = async (c, n) =>
    cat.run(c.name, async () => {
      const emu = await startEmulator(c.emulator ?? [])
      try {
        const ws = tempDir('fault')
        fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
        const id = `f${n}`
        for (const f of c.faults) await emu.fault({ ...f, path: f.path.replace('{id}', id) })
        const args = [
          'apply',
          'specs',
          '--api-id',
          id,
          '--service-url',
          'http://127.0.0.1:9/openai',
          '--json',
          ...emu.azure
        ]
        const bound = c.slow ? 420_000 : 120_000
        const r = await cli(args, { cwd: ws, env: emu.env, timeoutMs: bound })
        const problems = []
        if (r.timedOut) problems.push(`apply did not end within ${bound / 1000} s`)
        const stack = stackOf(r)
        if (stack) problems.push(`stack: ${stack}`)
        if (c.maxMs && r.ms > c.maxMs) problems.push(`took ${Math.round(r.ms / 1000)} s`)
        const out = parseJson(r.stdout)
        const results = out?.result?.versions
        const status = new Map((Array.isArray(results) ? results : []).map((v) => [v.version, v]))
        if (!r.timedOut && !status.size) {
          const said = r.stderr
            .split('\n')
            .filter((l) => !l.startsWith('APIM: '))
            .join(' ')
            .slice(0, 200)
          problems.push(`the whole run failed, no version applied (exit ${r.code}): ${said}`)
        } else if (!r.timedOut && c.expect !== 'maybe') {
          for (const v of ['2024-02-01', '2024-05-01-preview', '2024-10-21']) {
            const want = c.expect[v] ? 'failed' : 'done'
            const got = status.get(v)
            if (!got) {
              problems.push(`no result for ${v} (exit ${r.code}; ${r.stderr.slice(0, 160)})`)
              continue
            }
            if (got.status !== want)
              problems.push(
                `${v}: ${got.status} instead of ${want} (${JSON.stringify(got.error ?? '')})`
              )
            if (want === 'failed') {
              const said = `${JSON.stringify(got.error ?? '')} ${r.stderr}`
              if (!c.expect[v].test(said))
                problems.push(`${v}: the message does not say why (${JSON.stringify(got.error)})`)
              if (!r.stderr.includes(v))
                problems.push(`${v}: stderr does not name the failed version`)
            }
          }
          const wantCode = Object.keys(c.expect).length ? 1 : 0
          if (r.code !== wantCode) problems.push(`exit ${r.code} instead of ${wantCode}`)
        }
        await emu.control('DELETE', '/_emulator/faults')
        const again = await cli(args, { cwd: ws, env: emu.env, timeoutMs: 120_000 })
        if (again.code !== 0)
          problems.push(
            `the re-run without faults: exit ${again.code} (${again.stderr.slice(0, 160)})`
          )
        const plan = await cli(
          [
            'plan',
            'specs',
            '--api-id',
            id,
            '--service-url',
            'http://127.0.0.1:9/openai',
            '--json',
            ...emu.azure
          ],
          { cwd: ws, env: emu.env }
        )
        const p = parseJson(plan.stdout)
        if (!p || p.hasChanges !== false)
          problems.push(
            `the second plan is not empty: ${JSON.stringify(p?.counts) ?? plan.stderr.slice(0, 160)}`
          )
        return problems.length ? problems.join('; ') : undefined
      } finally {
        await emu.stop()
      }
    })
  const slow = cases.filter((c) => /hang/.test(c.name))
  const fast = cases.filter((c) => !/hang/.test(c.name))
  await Promise.all([
    (async () => {
      for (const [i, c] of fast.entries()) await runCase(c, i)
    })(),
    ...slow.map((c, i) => runCase(c, 100 + i))
  ])
  return cat
}

// ---------------------------------------------------------------------------------------------
// 5. SIGKILL ×20.

async function sigkill() {
  const cat = new Category(5, 'SIGKILL')
  const ws = tempDir('kill')
  fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
  // Writes slowed down a little so that a kill can land in each step.
  const emuArgs = ['--latency-ms', '25', '--lro-ms', '150']
  const args = (emu) => [
    'apply',
    'specs',
    '--api-id',
    'crash',
    '--api-path',
    'openai',
    '--service-url',
    'http://127.0.0.1:9/openai',
    '--concurrency',
    '2',
    ...emu.azure
  ]
  let killedLate = 0
  const ref = await startEmulator(emuArgs)
  const t0 = Date.now()
  const clean = await cli(args(ref), { cwd: ws, env: ref.env, timeoutMs: 120_000 })
  const refMs = Date.now() - t0
  const expected = comparableState(await ref.control('GET', '/_emulator/state'))
  await ref.stop()
  if (clean.code !== 0) {
    await cat.run(
      'reference run',
      async () => `the uninterrupted run failed: exit ${clean.code} ${clean.stderr.slice(0, 200)}`
    )
    return cat
  }
  const countWrites = async (emu) =>
    ((await emu.control('GET', '/_emulator/requests')) ?? []).filter((q) =>
      /^(PUT|PATCH|DELETE)$/.test(q.method)
    ).length
  let seed = 11
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let trial = 0; trial < 20; trial++) {
    // 14 trials at a write: after the k-th write has arrived, plus 0-40 ms; 6 at a time from the
    // start of the process (its start-up, the reads, anywhere).
    const k = trial < 14 ? trial + 1 : 0
    const jitter = Math.round(rand() * 40)
    const delay = k ? jitter : Math.round(rand() * refMs * 0.8)
    await cat.run(
      k ? `kill ${jitter} ms after write ${k}` : `kill after ${delay} ms (of ${refMs})`,
      async () => {
        const emu = await startEmulator(emuArgs)
        try {
          const child = spawn(process.execPath, [CLI, ...args(emu)], {
            cwd: ws,
            env: { ...cleanEnv(), ...emu.env },
            stdio: 'ignore'
          })
          children.add(child)
          const exited = new Promise((r) =>
            child.once('exit', (code, signal) => r({ code, signal }))
          )
          const running = () => child.exitCode === null && child.signalCode === null
          if (k) {
            const deadline = Date.now() + 30_000
            while (running() && Date.now() < deadline && (await countWrites(emu)) < k)
              await new Promise((r) => setTimeout(r, 10))
          }
          await Promise.race([new Promise((r) => setTimeout(r, delay)), exited])
          child.kill('SIGKILL')
          const end = await exited
          children.delete(child)
          const writes = await countWrites(emu)
          const rerun = await cli(args(emu), { cwd: ws, env: emu.env, timeoutMs: 120_000 })
          const problems = []
          if (rerun.timedOut) problems.push('the re-run did not end')
          else if (rerun.code !== 0)
            problems.push(`the re-run: exit ${rerun.code} (${rerun.stderr.slice(0, 200)})`)
          const d = firstDiff(
            expected,
            comparableState(await emu.control('GET', '/_emulator/state'))
          )
          if (d) problems.push(`state differs from an uninterrupted run at ${d}`)
          const plan = await cli(
            [
              'plan',
              'specs',
              '--api-id',
              'crash',
              '--api-path',
              'openai',
              '--service-url',
              'http://127.0.0.1:9/openai',
              '--json',
              ...emu.azure
            ],
            { cwd: ws, env: emu.env }
          )
          const p = parseJson(plan.stdout)
          if (!p || p.hasChanges !== false)
            problems.push(
              `the re-plan is not empty: ${JSON.stringify(p?.counts) ?? plan.stderr.slice(0, 160)}`
            )
          if (opts.verbose)
            console.error(
              `    killed ${end.signal ? 'by SIGKILL' : `after it exited (${end.code})`} after ${writes} writes`
            )
          if (!end.signal) killedLate++
          return problems.length ? problems.join('; ') : undefined
        } finally {
          await emu.stop()
        }
      }
    )
  }
  // A trial whose run ended before the kill tested nothing: more than 3 is a defect of this script.
  if (killedLate > 3)
    cat.failures.push({
      name: 'script',
      problem: `${killedLate} of 20 runs ended before their kill`
    })
  return cat
}

// ---------------------------------------------------------------------------------------------
// 6. Bad inputs.

async function badInputs() {
  const cat = new Category(6, 'bad inputs')
  const az = [
    '--subscription-id',
    '00000000-0000-0000-0000-000000000000',
    '--resource-group',
    'rg',
    '--service-name',
    'svc'
  ]
  const apply = (...a) => ['apply', 'specs', ...a]
  const cases = [
    ['empty --api-id', apply('--api-id', ''), 'api-id'],
    ['whitespace-only --api-id', apply('--api-id', '   '), 'api-id'],
    ['--api-id with a space', apply('--api-id', 'a b'), 'api-id'],
    ['--api-id with a slash', apply('--api-id', 'a/b'), 'api-id'],
    ['--api-id ../../x', apply('--api-id', '../../x'), 'api-id'],
    ['--api-id of 81 characters', apply('--api-id', 'a'.repeat(81)), 'api-id'],
    ['--api-id of 61 characters', apply('--api-id', 'a'.repeat(61)), 'api-id'],
    ['--api-id with unicode', apply('--api-id', 'apí'), 'api-id'],
    ['missing --api-id', apply(), 'api-id'],
    ['--concurrency 1e1', apply('--api-id', 'x', '--concurrency', '1e1'), 'concurrency'],
    ['--concurrency 0x10', apply('--api-id', 'x', '--concurrency', '0x10'), 'concurrency'],
    ['--concurrency -1', apply('--api-id', 'x', '--concurrency', '-1'), 'concurrency'],
    ['--concurrency 0', apply('--api-id', 'x', '--concurrency', '0'), 'concurrency'],
    ['--concurrency 33', apply('--api-id', 'x', '--concurrency', '33'), 'concurrency'],
    ['--concurrency +3', apply('--api-id', 'x', '--concurrency', '+3'), 'concurrency'],
    ['--concurrency 4.0', apply('--api-id', 'x', '--concurrency', '4.0'), 'concurrency'],
    ['--concurrency empty', apply('--api-id', 'x', '--concurrency', ''), 'concurrency'],
    [
      '--versioning-scheme Path',
      apply('--api-id', 'x', '--versioning-scheme', 'Path'),
      'versioning-scheme'
    ],
    [
      '--on-spec-change maybe',
      apply('--api-id', 'x', '--on-spec-change', 'maybe'),
      'on-spec-change'
    ],
    ['--azure-cloud mars', apply('--api-id', 'x', ...az, '--azure-cloud', 'mars'), 'azure-cloud'],
    [
      '--include-previews yes',
      apply('--api-id', 'x', '--include-previews', 'yes'),
      'include-previews'
    ],
    ['--prune 1', apply('--api-id', 'x', '--prune', '1'), 'prune'],
    [
      '--subscription-required maybe',
      apply('--api-id', 'x', '--subscription-required', 'maybe'),
      'subscription-required'
    ],
    ['unknown flag', apply('--api-id', 'x', '--frobnicate'), '--frobnicate'],
    [
      'unknown flag with a value',
      apply('--api-id', 'x', '--spec-folder=specs', '--servicename', 'svc'),
      '--servicename'
    ],
    [
      '--emulator with --subscription-id',
      apply('--api-id', 'x', '--emulator', '--subscription-id', 'sub'),
      'emulator'
    ],
    ['--emulator with all Azure flags', apply('--api-id', 'x', '--emulator', ...az), 'emulator'],
    [
      'empty --subscription-id',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        '',
        '--resource-group',
        'rg',
        '--service-name',
        'svc'
      ),
      'subscription-id'
    ],
    [
      '--subscription-id not a GUID',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        'sub',
        '--resource-group',
        'rg',
        '--service-name',
        'svc'
      ),
      'subscription-id'
    ],
    ['empty --service-name only', apply('--api-id', 'x', '--service-name', ''), 'service-name'],
    [
      'whitespace --resource-group',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        '00000000-0000-0000-0000-000000000000',
        '--resource-group',
        ' ',
        '--service-name',
        'svc'
      ),
      'resource-group'
    ],
    ['empty --arm-endpoint', apply('--api-id', 'x', ...az, '--arm-endpoint', ''), 'arm-endpoint'],
    [
      '--arm-endpoint not a URL',
      apply('--api-id', 'x', ...az, '--arm-endpoint', 'not a url'),
      'arm-endpoint'
    ],
    ['empty --access-token', apply('--api-id', 'x', ...az, '--access-token', ''), 'access-token'],
    [
      '--client-id without --tenant-id',
      apply('--api-id', 'x', ...az, '--client-id', 'c'),
      'tenant-id'
    ],
    ['--api-path with a space', apply('--api-id', 'x', '--api-path', 'a b'), 'api-path'],
    ['--api-path ../x', apply('--api-id', 'x', '--api-path', '../x'), 'api-path'],
    ['--api-path a//b', apply('--api-id', 'x', '--api-path', 'a//b'), 'api-path'],
    ['--api-path with a query', apply('--api-id', 'x', '--api-path', 'a?b=1'), 'api-path'],
    ['empty --spec-folder', ['apply', '--spec-folder', '', '--api-id', 'x'], 'spec-folder'],
    ['--service-url not a URL', apply('--api-id', 'x', '--service-url', 'no url'), 'service-url'],
    [
      '--service-url javascript:',
      apply('--api-id', 'x', '--service-url', 'javascript:alert(1)'),
      'service-url'
    ],
    [
      '--version-parameter with a space',
      apply('--api-id', 'x', '--version-parameter', 'api version'),
      'version-parameter'
    ],
    ['--fragment-id a/b', apply('--api-id', 'x', '--fragment-id', 'a/b'), 'fragment-id'],
    // A file that is not there is a failure like a missing spec folder (exit 1, docs/cli.md).
    [
      '--policy-file missing',
      apply('--api-id', 'x', '--policy-file', 'nope.xml'),
      'policy-file',
      [1, 2]
    ],
    ['--min-version empty', apply('--api-id', 'x', '--min-version', ''), 'min-version'],
    [
      'DIR and --spec-folder both',
      ['apply', 'specs', '--spec-folder', 'other', '--api-id', 'x'],
      'spec-folder'
    ],
    [
      '--upstream-repo not owner/name',
      ['sync-upstream', 'specs', '--upstream-repo', 'not a repo'],
      'upstream-repo'
    ],
    [
      '--upstream-repo ../../x',
      ['sync-upstream', 'specs', '--upstream-repo', '../../x'],
      'upstream-repo'
    ],
    [
      '--upstream-path ../..',
      ['sync-upstream', 'specs', '--upstream-repo', 'o/r', '--upstream-path', '../..'],
      'upstream-path'
    ],
    ['emulator --port 1e3', ['emulator', '--port', '1e3'], 'port'],
    ['emulator --port 70000', ['emulator', '--port', '70000'], 'port'],
    ['emulator --latency-ms -5', ['emulator', '--latency-ms', '-5'], 'latency-ms'],
    ['emulator --latency-ms=-5', ['emulator', '--latency-ms=-5'], 'latency-ms'],
    ['unknown command', ['aply', 'specs', '--api-id', 'x'], 'aply'],
    ['--json=maybe', apply('--api-id', 'x', '--json=maybe'), 'json']
  ]
  for (const [name, args, flag, codes = [2]] of cases) {
    await cat.run(name, async () => {
      const ws = tempDir('input')
      fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
      const r = await cli(args, {
        cwd: ws,
        env: { GITHUB_TOKEN: 'gh-dummy', GITHUB_API_URL: 'http://127.0.0.1:1' },
        timeoutMs: 30_000
      })
      const problems = []
      if (r.timedOut) problems.push('no end within 30 s')
      if (!codes.includes(r.code)) problems.push(`exit ${r.code} instead of ${codes.join(' or ')}`)
      const stack = stackOf(r)
      if (stack) problems.push(`stack: ${stack}`)
      // The message is the first line (the usage and a pointer to --help may follow).
      const first = r.stderr.split('\n')[0]
      if (!first.trim()) problems.push('nothing on stderr')
      else if (!first.includes(flag))
        problems.push(`the message does not name ${flag}: ${JSON.stringify(first.slice(0, 200))}`)
      if (r.stdout.trim()) problems.push(`stdout: ${r.stdout.slice(0, 100)}`)
      if (fs.existsSync(path.join(ws, '.apim-emulator'))) problems.push('.apim-emulator/ written')
      const entries = fs.readdirSync(ws).filter((e) => e !== 'specs')
      if (entries.length) problems.push(`wrote ${entries.join(', ')}`)
      return problems.length ? problems.join('; ') : undefined
    })
  }
  return cat
}

// ---------------------------------------------------------------------------------------------

/** The oracles must catch what they are for: a check that cannot fail is a defect. */
function selfTest() {
  const bad = []
  if (!compareStructure('t', '| a | b |', '| a | b | c |'))
    bad.push('structure misses a table cell')
  if (!compareStructure('t', 'x `a` y', 'x <!-- y')) bad.push('structure misses an HTML comment')
  if (!compareStructure('t', 'x a', 'x @octocat')) bad.push('structure misses a mention')
  if (!compareStructure('t', 'x a', 'x https://e.example')) bad.push('structure misses an autolink')
  if (!compareStructure('t', 'x a', 'x [a](b)')) bad.push('structure misses a link')
  if (!compareStructure('t', 'a', 'a\n# b')) bad.push('structure misses a new line')
  if (
    compareStructure(
      't',
      'x `a` \\| &lt;b&gt; @\u200bo https://\u200be',
      'x `a|b @c` \\| &lt;i&gt; @\u200bq https://\u200bf'
    )
  )
    bad.push('structure flags inert text')
  if (
    !xmlProblem('<a b="1"><c>x & y</c></a>') ||
    !xmlProblem('<a><b></a>') ||
    xmlProblem('<a b="&amp;"><c/></a>')
  )
    bad.push('xmlProblem')
  if (
    firstDiff({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }) ||
    !firstDiff({ a: { b: 1 } }, { a: { b: 2 } })
  )
    bad.push('firstDiff')
  if (
    !STACK.test('Error: x\n    at f (file.js:1:2)') ||
    STACK.test('error: specs/a.json:1:2: invalid JSON')
  )
    bad.push('STACK')
  if (bad.length) throw new Error(`the script's own checks are broken: ${bad.join(', ')}`)
}
selfTest()

const categories = [badSpecs, injection, secrets, faults, sigkill, badInputs]
try {
  for (const [i, category] of categories.entries()) {
    if (only && !only.has(i + 1)) continue
    const t0 = Date.now()
    console.error(`category ${i + 1}: ${category.name} …`)
    const cat = await category()
    cat.ms = Date.now() - t0
    results.push(cat)
  }
} finally {
  const rows = results.map((c) => [
    `${c.n}. ${c.name}`,
    String(c.cases),
    String(c.failures.length),
    `${Math.round(c.ms / 1000)} s`,
    c.failures
      .map((f) => `${f.name}: ${f.problem}`)
      .join(' ⏐ ')
      .replace(/\n/g, ' ') || '—'
  ])
  const head = ['category', 'cases', 'failures', 'time', 'what failed']
  const widths = head.map((h, k) =>
    Math.max(h.length, ...rows.map((r) => (k < 4 ? r[k].length : 0)))
  )
  const line = (r) => `| ${r.map((x, k) => (k < 4 ? x.padEnd(widths[k]) : x)).join(' | ')} |`
  console.log(line(head))
  console.log(`|${widths.map((w, k) => '-'.repeat(k < 4 ? w + 2 : 13)).join('|')}|`)
  for (const r of rows) console.log(line(r))
  const total = results.reduce((s, c) => s + c.failures.length, 0)
  console.log(
    `\n${results.reduce((s, c) => s + c.cases, 0)} cases, ${total} failures, ${Math.round((Date.now() - started) / 1000)} s`
  )
  process.exitCode = total ? 1 : 0
}
