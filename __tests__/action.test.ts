import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import { ACTION_INPUTS } from '../src/main.js'
import { tempDir, writeTree } from './support/temp.js'

const SHAPES = path.join(process.cwd(), '__fixtures__', 'specs', 'shapes')
const DIST = path.join(process.cwd(), 'dist', 'index.js')

/** Runs the bundled action as the runner does: INPUT_* variables, output and summary files. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const files = tempDir('apimv-runner-')
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const result = spawnSync(process.execPath, [DIST], { cwd: workspace, env, encoding: 'utf8' })
  return {
    code: result.status,
    stdout: result.stdout,
    outputs: parseOutputs(fs.readFileSync(output, 'utf8')),
    summary: fs.readFileSync(summary, 'utf8')
  }
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

describe('the action (node dist/index.js)', () => {
  it('declares in action.yml exactly the inputs it reads', () => {
    const action = parseYaml(fs.readFileSync('action.yml', 'utf8'))
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort())
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('lists and patches the versions of a spec folder: outputs and job summary', () => {
    const workspace = writeTree(tempDir(), {
      'apis/stable/2024-02-01/inference.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json')),
      'apis/preview/2024-03-01-preview/inference.yaml': fs.readFileSync(
        path.join(SHAPES, 'oas3-mixed.yaml')
      )
    })
    const result = runAction(workspace, { 'spec-folder': 'apis', 'include-previews': 'true' })
    expect(result.code).toBe(0)
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

  it('annotates bad specs with file and line, keeps the good ones and fails', () => {
    const workspace = writeTree(tempDir(), {
      'specs/2024-01-01/openapi.json': '{\n  "openapi": "3.0.0",\n  "paths": {\n}',
      'specs/2024-02-01/openapi.json': fs.readFileSync(path.join(SHAPES, 'swagger2.json'))
    })
    const result = runAction(workspace, {})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "::error title=apim-version-action,file=specs/2024-01-01/openapi.json,line=4,col=2::invalid JSON: expected '}'"
    )
    expect(JSON.parse(result.outputs.versions).map((v: { version: string }) => v.version)).toEqual([
      '2024-02-01'
    ])
    expect(result.summary).toContain('### Problems')
  })

  it('refuses bad inputs before reading anything', () => {
    const workspace = tempDir()
    const result = runAction(workspace, {
      mode: 'deploy',
      'include-previews': 'yes please',
      'spec-folder': '../elsewhere'
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain("::error::mode: 'deploy' is not one of versions")
    const second = runAction(workspace, {
      'spec-folder': '../elsewhere',
      'include-previews': 'yes please'
    })
    expect(second.stdout).toContain("include-previews: expected true or false, got 'yes please'")
    const third = runAction(workspace, { 'spec-folder': '../elsewhere' })
    expect(third.stdout).toContain("spec-folder: '../elsewhere' is outside the workspace")
  })
})
