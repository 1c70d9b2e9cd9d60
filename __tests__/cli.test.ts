import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
// The CLI loads the Azure SDK and the emulator lazily; jest's ESM loader can only give a dynamic
// import a package it has already linked, so link them here.
import '../src/apim/arm.js'
import '../emulator/index.js'
import { cli } from './support/cli.js'
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
    expect(flag.stderr).toMatch(/Unknown option '--no-such-flag'/)
    const missing = await cli(['diff', 'a.json'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing <new-spec>')
    const badBool = await cli(['versions', 'specs', '--include-previews', 'maybe'])
    expect(badBool.code).toBe(2)
    expect(badBool.stderr).toContain("include-previews: expected true or false, got 'maybe'")
    const badMin = await cli(['versions', 'specs', '--min-version', 'latest'])
    expect(badMin.stderr).toContain("min-version: 'latest' is not a version")
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
      candidates: ['inference.json']
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
      'No Azure coordinates given: using the embedded APIM emulator (state in .apim-emulator/state.json).'
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
      'api-id: required for plan and apply',
      "versioning-scheme: 'Path' is not one of Query, Header, Segment",
      "concurrency: expected a whole number from 1 to 32, got '0'",
      'subscription-id, resource-group and service-name: give all three (the APIM service) or none',
      "subscription-id: 'x' is not a GUID"
    ]) {
      expect(result.stderr).toContain(message)
    }
  })
})
