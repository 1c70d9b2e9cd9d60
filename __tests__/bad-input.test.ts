import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { readPolicyTexts } from '../src/apim/policy-files.js'
import { readSettings } from '../src/settings.js'
import { cli } from './support/cli.js'
import { tempDir, writeTree } from './support/temp.js'
import { CLI } from './support/entry.js'

const CORPUS = path.join(process.cwd(), '__fixtures__', 'bad')

/**
 * The bad-input corpus: each case is a spec folder `specs/` under __fixtures__/bad/<case>/.
 * `where` is the file (and line) the message must name; `says` what it must explain.
 */
const CASES: { name: string; where: string; says: RegExp }[] = [
  {
    name: 'invalid-json',
    where: 'specs/2024-01-01/openapi.json:4:3',
    says: /invalid JSON: expected ','/
  },
  { name: 'trailing-comma', where: 'specs/2024-01-01/openapi.json:5:1', says: /trailing comma/ },
  {
    name: 'yaml-syntax',
    where: 'specs/2024-01-01/openapi.yaml:6:1',
    says: /invalid YAML: Missing closing "quote/
  },
  { name: 'yaml-duplicate-key', where: 'specs/2024-01-01/openapi.yaml:4:1', says: /duplicate key/ },
  { name: 'multi-document', where: 'specs/2024-01-01/openapi.yaml:4:1', says: /several documents/ },
  {
    name: 'not-a-spec',
    where: 'specs/2024-01-01',
    says: /no OpenAPI or Swagger spec \(none of openapi\.json/
  },
  {
    name: 'top-level-array',
    where: 'specs/2024-01-01/openapi.json:1:1',
    says: /the top level must be an object with an `openapi` or `swagger` key/
  },
  {
    name: 'unsupported-openapi',
    where: 'specs/2024-01-01/openapi.yaml:1:1',
    says: /unsupported OpenAPI version "4\.0\.0"/
  },
  {
    name: 'openapi-number',
    where: 'specs/2024-01-01/openapi.yaml:1:1',
    says: /must be a string such as "3\.0\.3"/
  },
  {
    name: 'swagger-version',
    where: 'specs/2024-01-01/openapi.json:2:3',
    says: /unsupported Swagger version "1\.2"/
  },
  {
    name: 'json-leading-comment',
    where: 'specs/2024-01-01/openapi.json:1:1',
    says: /invalid JSON: comments are not allowed/
  },
  {
    name: 'operation-not-object',
    where: 'specs/2024-01-01/openapi.yaml:7:5',
    says: /paths › \/items › get: an operation must be an object/
  },
  {
    name: 'parameters-not-list',
    where: 'specs/2024-01-01/openapi.json:7:9',
    says: /paths › \/items › get › parameters: `parameters` must be a list/
  },
  {
    name: 'paths-not-object',
    where: 'specs/2024-01-01/openapi.yaml:3:1',
    says: /`paths` must be an object/
  },
  {
    name: 'ambiguous-files',
    where: 'specs/2024-01-01',
    says: /several spec files .*: first\.json, second\.yaml\. Name the one to use with spec-file/
  },
  { name: 'empty-version-folder', where: 'specs/2024-01-01', says: /holds no spec file/ },
  {
    name: 'symlink-escape',
    where: 'specs/2024-01-01/openapi.json',
    says: /symlink points outside the spec folder/
  },
  {
    name: 'duplicate-version',
    where: 'specs/preview/2024-01-01',
    says: /2024-01-01 appears more than once: specs\/preview\/2024-01-01 and specs\/stable\/2024-01-01/
  },
  {
    name: 'invalid-version-folder',
    where: 'specs/stable/2024-13-45',
    says: /'2024-13-45' in channel 'stable' is not a version/
  },
  {
    name: 'spec-in-non-version-folder',
    where: 'specs/current',
    says: /'current' holds a spec but its name is not a version/
  },
  { name: 'no-version-folders', where: 'specs', says: /no version folders found/ },
  {
    // A reference to nothing loads; it is what APIM would refuse, so the version is blocked.
    name: 'missing-ref',
    where: 'specs/v1/openapi.json:8:84',
    says: /v1 is blocked: dangling-ref: \$ref '#\/components\/schemas\/Missing' points at nothing: there is no 'Missing' in \/components\/schemas; APIM refuses/
  },
  {
    name: 'circular-ref',
    where: 'specs/v1/openapi.yaml:7:11',
    says: /circular \$ref chain: #\/components\/parameters\/First → #\/components\/parameters\/Second → #\/components\/parameters\/First/
  },
  {
    name: 'external-ref',
    where: 'specs/2024-01-01/openapi.json:7:17',
    says: /2024-01-01 is blocked: external-ref: \$ref 'common\.json#\/components\/schemas\/Thing' points at another file; APIM imports one document/
  },
  { name: 'bom', where: 'specs/2024-01-01/openapi.json:1:1', says: /byte order mark/ },
  { name: 'not-utf8', where: 'specs/2024-01-01/openapi.json:3', says: /not valid UTF-8/ },
  {
    name: 'deep-nesting-json',
    where: 'specs/2024-01-01/openapi.json:5:140',
    says: /nesting deeper than 128 levels .* Move deeply nested schemas to components/
  },
  {
    name: 'deep-nesting-yaml',
    where: 'specs/2024-01-01/openapi.yaml:4',
    says: /nesting deeper than 128 levels/
  },
  {
    name: 'yaml-alias-cycle',
    where: 'specs/2024-01-01/openapi.yaml:9:15',
    says: /a YAML alias \(\*name\) refers to a node that contains it/
  },
  {
    name: 'json-duplicate-key',
    where: 'specs/2024-01-01/openapi.json:8:9',
    says: /invalid JSON: duplicate key "parameters" \(first at line 7\)/
  },
  {
    name: 'required-not-boolean',
    where: 'specs/2024-01-01/openapi.json:11:13',
    says: /`required` of the 'api-version' query parameter is "yes"; it must be true or false/
  },
  {
    name: 'spec-folder-symlink-escape',
    where: 'specs',
    says: /the spec folder leads outside the workspace through a symlink/
  },
  {
    name: 'version-folder-symlink-escape',
    where: 'specs/stable/2024-01-01',
    says: /symlink points outside the spec folder/
  }
]

describe('bad input: each case gets its own clear message, exit code 1, no stack trace', () => {
  it('covers every case folder in __fixtures__/bad', () => {
    expect(fs.readdirSync(CORPUS).sort()).toEqual(CASES.map((c) => c.name).sort())
  })

  it.each(CASES)('$name', async ({ name, where, says }) => {
    const result = await cli(['versions', 'specs'], path.join(CORPUS, name))
    expect(result.code).toBe(1)
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp(`^error: ${escape(where)}(:| )`))
    expect(errors[0]).toMatch(says)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('an oversized spec (over APIM 4 MB inline limit) is refused with the size', async () => {
    const dir = tempDir()
    const big = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      'x-pad': 'x'.repeat(4_300_000)
    })
    writeTree(dir, { 'specs/2024-01-01/openapi.json': big })
    const result = await cli(['versions', 'specs'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^error: specs\/2024-01-01\/openapi\.json: the file is 4\.1 MB, over APIM's 4 MB limit/m
    )
  })

  it('a policy or fragment file that a symlink leads out of the workspace is refused and named', () => {
    const elsewhere = writeTree(tempDir(), { 'policy.xml': '<policies><inbound /></policies>' })
    const workspace = tempDir()
    fs.symlinkSync(path.join(elsewhere, 'policy.xml'), path.join(workspace, 'policy.xml'))
    fs.symlinkSync(elsewhere, path.join(workspace, 'policies'))
    const read = (input: string, file: string) => () =>
      readPolicyTexts(readSettings({ 'api-id': 'azure-openai', [input]: file }), workspace)
    expect(read('policy-file', 'policy.xml')).toThrow(
      expect.objectContaining({
        name: 'SpecError',
        file: 'policy.xml',
        message: expect.stringMatching(
          /^policy-file: a symlink leads outside the workspace \(to .*policy\.xml\); not followed$/
        )
      })
    )
    expect(read('fragment-file', 'policies/fragment.xml')).toThrow(
      expect.objectContaining({
        file: 'policies/fragment.xml',
        message: expect.stringMatching(/^fragment-file: a symlink leads outside the workspace/)
      })
    )
    expect(read('policy-file', '../policy.xml')).toThrow(
      /^policy-file: it is outside the workspace/
    )
  })

  it('the CLI as a process sends no terminal control characters from specs or file names', () => {
    const esc = '\u001b[31mRED\u001b[0m\u0007\r'
    const spec = (summary: string) =>
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: { '/a': { post: { summary, responses: { '200': { description: 'ok' } } } } }
      })
    const dir = writeTree(tempDir(), {
      'old.json': spec('plain'),
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      [`specs/2024-01-01${esc.replace(/[\u001b\u0007\r[\]]/g, '')}/x/openapi.json`]: spec('x'),
      'new.json': JSON.stringify({
        ...JSON.parse(spec('plain')),
        paths: { '/b': { get: { summary: esc, responses: {} } } }
      })
    })
    const name = `notes${esc}.txt`
    fs.writeFileSync(path.join(dir, name), 'x')
    fs.mkdirSync(path.join(dir, 'specs', `2024-02-01${'\u001b[2J'}`))
    fs.writeFileSync(path.join(dir, 'specs', `2024-02-01${'\u001b[2J'}`, 'openapi.json'), spec('y'))
    for (const args of [
      ['diff', 'old.json', 'new.json'],
      ['versions', 'specs']
    ]) {
      const result = spawnSync(process.execPath, [...CLI, ...args], { cwd: dir, encoding: 'utf8' })
      const output = result.stdout + result.stderr
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      expect([args[0], /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(output)]).toEqual([
        args[0],
        false
      ])
    }
    const diff = spawnSync(process.execPath, [...CLI, 'diff', 'old.json', 'new.json'], {
      cwd: dir,
      encoding: 'utf8'
    })
    // Shown, escaped for markdown too, never sent.
    expect(diff.stdout).toContain('\\x1b\\[31mRED')
  })

  it('the CLI as a process prints the same message and exit code (no stack trace)', () => {
    const run = (args: string[], cwd: string) => {
      try {
        execFileSync(process.execPath, [...CLI, ...args], {
          cwd,
          stdio: 'pipe'
        })
        return { code: 0, stderr: '' }
      } catch (err) {
        const e = err as { status: number; stderr: Buffer }
        return { code: e.status, stderr: e.stderr.toString() }
      }
    }
    const versions = run(['versions', 'specs'], path.join(CORPUS, 'invalid-json'))
    expect(versions).toEqual({
      code: 1,
      stderr:
        "error: specs/2024-01-01/openapi.json:4:3: invalid JSON: expected ',' between values. Fix the syntax (a JSON linter shows the exact spot).\n"
    })
    const patch = run(['patch', 'specs/v1/openapi.yaml'], path.join(CORPUS, 'circular-ref'))
    expect(patch.code).toBe(1)
    expect(patch.stderr).toMatch(/^error: specs\/v1\/openapi\.yaml:7:11: circular \$ref chain/)
    expect(patch.stderr).not.toMatch(/\n\s+at /)
  })

  it('the versions command marks a blocked version in its table and names each problem at file:line', async () => {
    const result = await cli(['versions', 'specs'], path.join(CORPUS, 'external-ref'))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('BLOCKED: 1 problem APIM would refuse (below)')
    expect(result.stderr).toMatch(
      /^error: specs\/2024-01-01\/openapi\.json:7:\d+: 2024-01-01 is blocked: external-ref: \$ref 'common\.json#\/components\/schemas\/Thing' points at another file/m
    )
  })

  it('the patch command writes the patched spec and exits 1 while APIM would refuse it', async () => {
    const result = await cli(['patch', 'specs/v1/openapi.json'], path.join(CORPUS, 'missing-ref'))
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).info.title).toBe('t')
    expect(result.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
      "error: specs/v1/openapi.json:8:84: blocked: dangling-ref: $ref '#/components/schemas/Missing' points at nothing: there is no 'Missing' in /components/schemas; APIM refuses a reference it cannot resolve. Add the missing definition or fix the reference."
    ])
  })

  it('the patch command names the file for a spec that is not one', async () => {
    const result = await cli(
      ['patch', 'specs/2024-01-01/openapi.json'],
      path.join(CORPUS, 'not-a-spec')
    )
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toBe(
      'error: specs/2024-01-01/openapi.json:1:1: not an OpenAPI or Swagger document: no top-level `openapi` or `swagger` key\n'
    )
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
