import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
// The CLI loads the Azure SDK and the emulator lazily; jest's ESM loader can only give a dynamic
// import a package it has already linked, so link them here.
import '../src/apim/arm.js'
import '../emulator/index.js'
import { cli } from './support/cli.js'
import { useEmulator } from './support/emulator.js'
import { CLI } from './support/entry.js'
import { describeShared, INFERENCE_VERSIONS, SHARED_SPECS } from './support/shared.js'
import { tempDir, writeTree } from './support/temp.js'

const SHAPES = path.join(process.cwd(), '__fixtures__', 'specs', 'shapes')

describe('CLI basics', () => {
  it('prints help for the tool and for every command', async () => {
    const main = await cli(['--help'])
    expect(main.code).toBe(0)
    for (const command of ['versions', 'patch', 'diff']) {
      expect(main.stdout).toContain(`  ${command} `)
      const help = await cli([command, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`^Usage: apim-versions ${command} `, 'm'))
    }
  })

  it('exits 2 on usage errors, naming the problem', async () => {
    expect((await cli([])).code).toBe(2)
    const unknown = await cli(['frobnicate'])
    expect(unknown).toMatchObject({ code: 2 })
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")
    const flag = await cli(['versions', 'specs', '--no-such-flag'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toBe(
      "apim-versions versions: unknown flag --no-such-flag; run 'apim-versions versions --help' for its flags\n"
    )
    const missing = await cli(['diff', 'a.json'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing <new-spec>')
    const badBool = await cli(['versions', 'specs', '--include-previews', 'maybe'])
    expect(badBool.code).toBe(2)
    expect(badBool.stderr).toContain("include-previews: expected true or false, got 'maybe'")
    const badMin = await cli(['versions', 'specs', '--min-version', 'nightly'])
    expect(badMin.stderr).toContain("min-version: 'nightly' is not a version")
  })

  it('exits 1 when the folder does not exist', async () => {
    const result = await cli(['versions', 'no-such-folder'], tempDir())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: no-such-folder: the spec folder does not exist\n')
  })
})

describe('apim-versions patch', () => {
  it('writes the patched spec to stdout and a summary to stderr', async () => {
    const result = await cli(['patch', 'swagger2.json'], SHAPES)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).parameters.ApiVersionParameter.required).toBe(false)
    expect(result.stderr).toBe(
      'swagger2.json: api-version optional in 2 operations (2 declarations, 1 shared); 1 x-ms-examples block removed (3 edits)\n'
    )
  })

  it('writes -o OUT and --report REPORT.json, keeping examples when asked', async () => {
    const out = tempDir()
    const result = await cli(
      [
        'patch',
        path.join(SHAPES, 'oas3-mixed.yaml'),
        '--keep-examples',
        '-o',
        path.join(out, 'p.yaml'),
        '--report',
        path.join(out, 'r.json')
      ],
      out
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(fs.readFileSync(path.join(out, 'p.yaml'), 'utf8')).toContain('x-ms-examples')
    const report = JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8'))
    expect(report).toHaveLength(4)
    expect(report[0]).toEqual({
      pointer: '/paths/~1widgets/parameters/0/required',
      line: 16,
      change: 'required: true → false',
      reason: expect.stringContaining("APIM routes on the 'api-version' query parameter"),
      kind: 'parameter-optional',
      operations: ['GET /widgets']
    })
    expect(report[3]).toMatchObject({
      kind: 'parameter-missing',
      change: 'none',
      operations: ['GET /health']
    })
  })

  it('uses --param for another version parameter', async () => {
    const dir = writeTree(tempDir(), {
      's.json':
        '{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"v","in":"query","required":true}],"responses":{}}}}}'
    })
    const result = await cli(['patch', 's.json', '--param', 'v'], dir)
    expect(result.stdout).toContain('"required":false')
  })
})

describe('apim-versions versions', () => {
  it('prints a table, and JSON with the documented fields', async () => {
    const dir = writeTree(tempDir(), {
      'specs/stable/2024-02-01/inference.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json')),
      'specs/preview/2024-03-01-preview/openapi.yaml': fs.readFileSync(
        path.join(SHAPES, 'oas3-mixed.yaml')
      )
    })
    const table = await cli(['versions', 'specs'], dir)
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      'specs: 2 versions (layout channel/version/file)',
      expect.stringMatching(/^VERSION +CHANNEL +FILE +FORMAT +OPS +FINGERPRINT +PATCH$/)
    ])
    const json = await cli(['versions', 'specs', '--json'], dir)
    const records = JSON.parse(json.stdout)
    expect(records.map((r: { version: string }) => r.version)).toEqual([
      '2024-02-01',
      '2024-03-01-preview'
    ])
    expect(records[0]).toEqual({
      version: '2024-02-01',
      channel: 'stable',
      file: 'specs/stable/2024-02-01/inference.json',
      format: 'swagger 2.0',
      syntax: 'json',
      operations: 2,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      patch:
        'api-version optional in 2 operations (2 declarations, 1 shared); 1 x-ms-examples block removed',
      chosenBy: 'precedence',
      candidates: ['inference.json'],
      blocked: []
    })
    const stable = await cli(['versions', 'specs', '--json', '--include-previews', 'false'], dir)
    expect(JSON.parse(stable.stdout)).toHaveLength(1)
  })
})

describeShared('apim-versions versions on the real inference folder', () => {
  it('lists the nine versions oldest first and says which file it chose for 2022-12-01', async () => {
    const result = await cli(['versions', path.join(SHARED_SPECS, 'inference')])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const versions = result.stdout
      .split('\n')
      .slice(2, 11)
      .map((line) => line.split(/\s+/)[0])
    expect(versions).toEqual(INFERENCE_VERSIONS)
    expect(result.stdout).toContain(
      '2022-12-01: chose inference.json over generated.json (spec-file precedence)'
    )
    expect(result.stdout).toMatch(
      /2025-03-01-preview +preview +preview\/2025-03-01-preview\/inference\.json +openapi 3\.1 json +49 /
    )
  })
})

describe('apim-versions patch output files', () => {
  it('writes through a symlink instead of renaming over it, and `-` means stdout', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'target.json'), 'old')
    fs.symlinkSync('target.json', path.join(dir, 'link.json'))
    const result = await cli(
      ['patch', path.join(SHAPES, 'crlf.json'), '-o', 'link.json', '--report', '-'],
      dir
    )
    expect(result.code).toBe(0)
    expect(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(path.join(dir, 'target.json'), 'utf8')).toContain('"required": false')
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ kind: 'parameter-optional', line: 8 })
    expect(fs.readdirSync(dir).sort()).toEqual(['link.json', 'target.json'])
  })
})

describe('apim-versions plan/apply without Azure coordinates', () => {
  it('uses the embedded emulator with its state in the working folder, and says so', async () => {
    const dir = tempDir()
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(dir, 'specs'), {
      recursive: true
    })
    const args = [
      '--spec-folder',
      'specs',
      '--api-id',
      'aoai',
      '--api-path',
      'openai',
      '--service-url',
      'http://127.0.0.1:9/openai'
    ]
    const applied = await cli(['apply', ...args], dir)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain(
      'No Azure flags given: using the embedded APIM emulator (state in .apim-emulator/state.json), not Azure.'
    )
    expect(applied.stdout).toContain('Applied: 3 done, 0 failed')
    expect(fs.existsSync(path.join(dir, '.apim-emulator', 'state.json'))).toBe(true)
    const plan = await cli(['plan', ...args, '--json'], dir)
    expect(JSON.parse(plan.stdout).hasChanges).toBe(false)
    expect(plan.stderr).toContain('using the embedded APIM emulator')
  })

  it('refuses invalid settings with one message per problem (exit 2)', async () => {
    const result = await cli(
      ['plan', '--versioning-scheme', 'Path', '--concurrency', '0', '--subscription-id', 'x'],
      tempDir()
    )
    expect(result.code).toBe(2)
    for (const message of [
      'api-id: required for plan, apply and verify',
      "versioning-scheme: 'Path' is not one of Query, Header, Segment",
      "concurrency: expected a whole number from 1 to 32, got '0'",
      'subscription-id, resource-group and service-name: give all three (the APIM service) or none',
      "subscription-id: 'x' is not a GUID"
    ]) {
      expect(result.stderr).toContain(message)
    }
  })
})

const t = useEmulator()
const azureFlags = () => [
  '--subscription-id',
  t.emulator.subscriptionId,
  '--resource-group',
  t.emulator.resourceGroup,
  '--service-name',
  t.emulator.serviceName,
  '--arm-endpoint',
  t.emulator.armEndpoint
]
const ONE_SPEC = (param: string) =>
  `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"a","parameters":[{"name":"${param}","in":"query","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}`

describe('issue 11: where plan/apply go (item 5)', () => {
  it('refuses an Azure flag given empty, naming it, and never falls back to the emulator', async () => {
    const dir = writeTree(tempDir(), { 'specs/v1/openapi.json': ONE_SPEC('api-version') })
    const empty = ['--subscription-id', '', '--resource-group', '', '--service-name', '']
    const result = await cli(['apply', 'specs', '--api-id', 'e', ...empty], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '--subscription-id: given an empty value (if it came from a variable, that variable may be unset); give a value or leave the flag out'
    )
    expect(result.stdout).not.toContain('Applied')
    expect(fs.existsSync(path.join(dir, '.apim-emulator'))).toBe(false)
    const partial = await cli(['plan', 'specs', '--api-id', 'e', '--azure-cloud', 'china'], dir)
    expect(partial.stderr).toContain('Azure flags were given but not the APIM service')
    const both = await cli(['plan', 'specs', '--api-id', 'e', '--emulator', ...azureFlags()], dir)
    expect(both.stderr).toContain('--emulator and --subscription-id')
    expect(fs.existsSync(path.join(dir, '.apim-emulator'))).toBe(false)
    const asked = await cli(['plan', 'specs', '--api-id', 'e', '--emulator'], dir)
    expect([asked.code, asked.stdout]).toEqual([
      0,
      expect.stringContaining('--emulator: using the embedded APIM emulator')
    ])
  })
})

describe('issue 11: flags', () => {
  it('refuses api-ids that APIM would not take as they are (item 2), before any write', async () => {
    const dir = writeTree(tempDir(), { 'specs/v1/openapi.json': ONE_SPEC('api-version') })
    for (const id of ['a b', 'a/b', '../../x']) {
      const result = await cli(['apply', 'specs', '--api-id', id], dir)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`api-id: '${id}' must be letters, digits, - and _`)
    }
    expect(fs.existsSync(path.join(dir, '.apim-emulator'))).toBe(false)
  })

  it('takes --version-parameter in plan (item 9), and refuses --param and --version-parameter that differ', async () => {
    const dir = writeTree(tempDir(), { 'specs/v1/openapi.json': ONE_SPEC('my-ver') })
    const result = await cli(
      ['plan', 'specs', '--api-id', 'vp', '--version-parameter', 'my-ver', '--json'],
      dir
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).versions[0].patch).toBe('my-ver optional in 1 operation')
    const both = await cli(['versions', 'specs', '--param', 'a', '--version-parameter', 'b'], dir)
    expect(both.stderr).toContain(
      "--param 'a' and --version-parameter 'b' differ: give one of them"
    )
  })

  it('prints the version, usage on stderr without arguments, one-line flag errors (item 13)', async () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'))
    for (const flag of ['--version', '-V'])
      expect(await cli([flag])).toEqual({
        code: 0,
        stdout: `apim-versions ${version}\n`,
        stderr: ''
      })
    const bare = await cli([])
    expect([bare.code, bare.stdout]).toEqual([2, ''])
    expect(bare.stderr).toContain('Usage: apim-versions <command> [options]')
    expect(await cli(['plan', '--upstream-ref', 'main'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "apim-versions plan: unknown flag --upstream-ref (it is a flag of sync-upstream); run 'apim-versions plan --help' for its flags\n"
    })
    expect((await cli(['plan', '--api-id'])).stderr).toBe(
      "apim-versions plan: --api-id needs a value (one starting with '-' as --api-id=VALUE); run 'apim-versions plan --help' for its flags\n"
    )
    for (const [args, message] of [
      [
        ['plan', '--api-id', 'n', '--concurrency', '1e1'],
        "concurrency: expected a whole number from 1 to 32, got '1e1'"
      ],
      [
        ['emulator', '--port', '0x10'],
        "--port must be a whole number ≥ 0 (digits only), got '0x10'"
      ],
      [['plan', '--api-id', 'n', '--api-path', 'a b'], "api-path: 'a b' segment 'a b' must be"],
      [
        ['plan', '--api-id', 'n', ...['--access-token', '  ']],
        '--access-token: given an empty value'
      ]
    ]) {
      const result = await cli(args as string[], tempDir())
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(message as string)])
    }
  })

  it("lists only each command's own flags; --keep-examples is a switch everywhere (item 13)", async () => {
    const plan = (await cli(['plan', '--help'])).stdout
    const flags = (text: string) => [...text.matchAll(/--([a-z-]+)/g)].map((m) => m[1])
    expect(flags(plan)).toEqual(
      expect.arrayContaining(['api-id', 'subscription-id', 'emulator', 'keep-examples'])
    )
    for (const other of ['upstream-ref', 'update-changed', 'github-token', 'release-notes', 'mode'])
      expect(flags(plan)).not.toContain(other)
    expect(plan).toMatch(/^APIM service:$/m)
    const sync = (await cli(['sync-upstream', '--help'])).stdout
    expect(flags(sync)).toEqual(expect.arrayContaining(['upstream-ref', 'github-token']))
    for (const other of ['api-id', 'subscription-id', 'keep-examples'])
      expect(flags(sync)).not.toContain(other)
    const dir = writeTree(tempDir(), {
      'specs/2024-02-01/inference.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json'))
    })
    const kept = await cli(['plan', 'specs', '--api-id', 'k', '--keep-examples', '--json'], dir)
    expect(kept.code).toBe(0)
    expect(JSON.parse(kept.stdout).versions[0].patch).not.toContain('x-ms-examples')
  })

  it('sync-upstream says what token to pass; a set but empty token variable is an error', async () => {
    const sync = await cli(['sync-upstream', 'specs'], tempDir())
    expect(sync.code).toBe(2)
    expect(sync.stderr).toContain(
      'set GITHUB_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token)) or pass --github-token'
    )
    const empty = await cli(['plan', '--api-id', 'n', ...azureFlags()], tempDir(), {
      APIM_ACCESS_TOKEN: ' '
    })
    expect(empty.stderr).toContain('APIM_ACCESS_TOKEN is set but empty')
  })

  it('takes the access token from APIM_ACCESS_TOKEN, out of argv (item 13)', async () => {
    const dir = writeTree(tempDir(), { 'specs/v1/openapi.json': ONE_SPEC('api-version') })
    // A process of its own (the emulator answers from this one): the token is in no argument.
    const args = [...CLI, 'plan', 'specs', '--api-id', 'envtok', ...azureFlags()]
    const env = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: t.emulator.caCertFile,
      APIM_ACCESS_TOKEN: t.emulator.token
    }
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, args, { cwd: dir, env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
      )
    )
    expect(args).not.toContain(t.emulator.token)
    expect([result.code, result.stderr]).toEqual([
      0,
      expect.stringContaining('signed in with access-token')
    ])
    expect(result.stdout).toContain('1 to import')
  })
})
