import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import * as core from '../__fixtures__/core.js'
import { tempDir, writeTree } from './support/temp.js'

// The action's run() in-process, with @actions/core replaced by __fixtures__/core.ts: for what
// needs no process (inputs, outputs, annotations, summary). action.test.ts starts the action as
// the runner does, for plan, apply, comments, releases and the sync.
jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/action/run.js')
const { changedSomething } = await import('../src/action/github.js')
const { INPUT_NAMES } = await import('../src/inputs.js')

const SHAPES = path.join(process.cwd(), '__fixtures__', 'specs', 'shapes')
const workspaceBefore = process.env.GITHUB_WORKSPACE

async function runAction(workspace: string, inputs: Record<string, string>) {
  core.reset(inputs)
  process.env.GITHUB_WORKSPACE = workspace
  await run()
  return core.recorded
}

afterEach(() => {
  if (workspaceBefore === undefined) delete process.env.GITHUB_WORKSPACE
  else process.env.GITHUB_WORKSPACE = workspaceBefore
})

describe('the action in-process (run() with @actions/core from __fixtures__)', () => {
  it('declares in action.yml exactly the inputs it reads', () => {
    const action = parseYaml(fs.readFileSync('action.yml', 'utf8'))
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('lists and patches the versions of a spec folder: outputs and job summary', async () => {
    const workspace = writeTree(tempDir(), {
      'apis/stable/2024-02-01/inference.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json')),
      'apis/preview/2024-03-01-preview/inference.yaml': fs.readFileSync(
        path.join(SHAPES, 'oas3-mixed.yaml')
      )
    })
    const result = await runAction(workspace, {
      mode: 'versions',
      'spec-folder': 'apis',
      'include-previews': 'true'
    })
    expect(result.failed).toBeUndefined()
    const versions = JSON.parse(result.outputs.versions)
    expect(versions.map((v: { version: string; file: string }) => [v.version, v.file])).toEqual([
      ['2024-02-01', 'apis/stable/2024-02-01/inference.json'],
      ['2024-03-01-preview', 'apis/preview/2024-03-01-preview/inference.yaml']
    ])
    expect(JSON.parse(result.outputs.problems)).toEqual([])
    expect(result.summary).toContain('## API versions in `apis`')
    expect(result.summary).toContain(
      '| `2024-03-01-preview` | preview | `apis/preview/2024-03-01-preview/inference.yaml` |'
    )
  })

  it('annotates bad specs with file and line, keeps the good ones and fails', async () => {
    const workspace = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': '{\n  "openapi": "3.0.0",\n  "paths": {\n}',
      'specs/2024-02-01/openapi.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json'))
    })
    const result = await runAction(workspace, { mode: 'versions' })
    expect(result.failed).toMatch(/^1 spec problem:\nerror: specs\/2024-01-01\/openapi\.json:4/)
    expect(result.annotations).toContainEqual({
      kind: 'error',
      message: expect.stringMatching(/^invalid JSON: expected '}'/),
      file: 'specs/2024-01-01/openapi.json',
      line: 4
    })
    expect(JSON.parse(result.outputs.versions).map((v: { version: string }) => v.version)).toEqual([
      '2024-02-01'
    ])
    expect(result.summary).toContain('### Problems')
  })

  it('refuses bad inputs before reading anything', async () => {
    const workspace = tempDir()
    const first = await runAction(workspace, {
      mode: 'deploy',
      'include-previews': 'yes please',
      'spec-folder': '../elsewhere'
    })
    expect(first.failed).toContain("mode: 'deploy' is not one of versions, plan, apply")
    expect(first.failed).toContain("include-previews: expected true or false, got 'yes please'")
    const second = await runAction(workspace, { mode: 'versions', 'spec-folder': '../elsewhere' })
    expect(second.failed).toContain("spec-folder: '../elsewhere' is outside the workspace")
    expect(second.outputs).toEqual({})
  })

  it('refuses a bad release-notes before calling Azure, and keeps tokens out of the log', async () => {
    const workspace = tempDir()
    const result = await runAction(workspace, {
      mode: 'apply',
      'api-id': 'notes',
      'subscription-id': '00000000-0000-0000-0000-000000000000',
      'resource-group': 'rg',
      'service-name': 'svc',
      // Nothing listens here: a call would fail with a connection error, not this message.
      'arm-endpoint': 'https://127.0.0.1:9',
      'access-token': 'secret-arm-token',
      'github-token': 'secret-github-token',
      'release-notes': 'sometimes'
    })
    expect(result.failed).toBe("release-notes: 'sometimes' is not one of github-release, none")
    expect(result.outputs).toEqual({})
    expect(core.setSecret).toHaveBeenCalledWith('secret-arm-token')
    expect(core.setSecret).toHaveBeenCalledWith('secret-github-token')
    expect(JSON.stringify(result)).not.toContain('secret-')
  })
})

describe('GitHub releases', () => {
  it('are made when a version was imported or revised, not for a prune alone', () => {
    const result = (...versions: [string, string][]) =>
      ({ versions: versions.map(([action, status]) => ({ action, status })) }) as never
    expect(changedSomething(result(['delete', 'done'], ['unchanged', 'skipped']))).toBe(false)
    expect(changedSomething(result(['import', 'failed']))).toBe(false)
    expect(changedSomething(result(['revise', 'done']))).toBe(true)
  })
})

describe('mode matrix', () => {
  it("outputs the config's (api, environment) pairs for strategy.matrix, and a table in the summary", async () => {
    const workspace = writeTree(tempDir(), {
      'apim-versions.yaml': [
        'apis:',
        '  alpha:',
        '    spec-folder: specs/alpha',
        '  beta:',
        '    spec-folder: specs/beta',
        'environments:',
        '  dev:',
        '    subscription-id: 00000000-0000-0000-0000-000000000000',
        '    resource-group: rg',
        '    service-name: apim-dev',
        '  prod:',
        '    subscription-id: 00000000-0000-0000-0000-000000000000',
        '    resource-group: rg',
        '    service-name: apim-prod',
        ''
      ].join('\n')
    })
    const result = await runAction(workspace, { mode: 'matrix', config: 'apim-versions.yaml' })
    expect(result.failed).toBeUndefined()
    expect(JSON.parse(result.outputs.matrix)).toEqual({
      include: [
        { api: 'alpha', environment: 'dev' },
        { api: 'alpha', environment: 'prod' },
        { api: 'beta', environment: 'dev' },
        { api: 'beta', environment: 'prod' }
      ]
    })
    expect(result.summary).toContain('## APIM matrix: 4 of 4 pairs')
    const missing = await runAction(workspace, { mode: 'matrix' })
    expect(missing.failed).toContain('mode matrix needs config')
  })
})

describe('the example workflows', () => {
  it('use only inputs the action has, with the permissions they need', () => {
    const action = parseYaml(fs.readFileSync('action.yml', 'utf8'))
    for (const [file, permission] of [
      ['examples/workflows/apim-plan.yml', 'pull-requests'],
      ['examples/workflows/apim-apply.yml', 'contents'],
      ['examples/workflows/apim-matrix.yml', 'pull-requests']
    ]) {
      const workflow = parseYaml(fs.readFileSync(file, 'utf8'))
      expect([file, workflow.permissions[permission], workflow.permissions['id-token']]).toEqual([
        file,
        'write',
        'write'
      ])
      for (const job of Object.values(workflow.jobs) as {
        steps: { uses?: string; with?: Record<string, string> }[]
      }[]) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('org/apim-version-action'))) {
          for (const input of Object.keys(step.with ?? {}))
            expect([file, input, input in action.inputs]).toEqual([file, input, true])
        }
      }
    }
    const apply = parseYaml(fs.readFileSync('examples/workflows/apim-apply.yml', 'utf8'))
    expect(apply.concurrency).toEqual({ group: 'apim-my-apim', 'cancel-in-progress': false })
    const sync = parseYaml(fs.readFileSync('examples/workflows/apim-sync.yml', 'utf8'))
    const steps = sync.jobs.sync.steps as { uses?: string; with?: Record<string, string> }[]
    const ours = steps.find((step) => step.uses?.startsWith('org/apim-version-action'))!
    for (const input of Object.keys(ours.with ?? {}))
      expect([input, input in action.inputs]).toEqual([input, true])
    const pr = steps.find((step) => step.uses === 'peter-evans/create-pull-request@v8')!
    expect(pr.with?.branch).toBe('${{ steps.sync.outputs.pr-branch }}')
    expect(sync.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' })
    expect(apply.jobs.apply.environment).toBeTruthy()
  })

  it('never paste an expression into a script: values reach run: steps through env:', () => {
    const dir = 'examples/workflows'
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
      const workflow = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8'))
      for (const [name, job] of Object.entries(workflow.jobs) as [
        string,
        { steps: { run?: string }[] }
      ][])
        for (const step of job.steps.filter((s) => s.run !== undefined))
          expect([file, name, step.run]).toEqual([file, name, expect.not.stringContaining('${{')])
    }
  })
})
