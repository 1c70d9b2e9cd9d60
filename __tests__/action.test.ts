import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { useEmulator } from './support/emulator.js'
import { ACTION } from './support/entry.js'
import { runAction } from './support/fake-github.js'
import { tempDir, writeTree } from './support/temp.js'

describe('the action in plan and apply modes (from src/, against the emulator)', () => {
  const t = useEmulator()

  const azure = () => ({
    'api-id': 'act',
    'api-path': 'openai',
    'service-url': 'http://127.0.0.1:9/openai',
    'subscription-id': t.emulator.subscriptionId,
    'resource-group': t.emulator.resourceGroup,
    'service-name': t.emulator.serviceName,
    'arm-endpoint': t.emulator.armEndpoint,
    'access-token': t.emulator.token
  })

  it('plans, applies (outputs, job summary, no token in the log), then plans no changes', async () => {
    const workspace = tempDir()
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(workspace, 'specs'), {
      recursive: true
    })
    const env = { NODE_EXTRA_CA_CERTS: t.emulator.caCertFile }
    const plan = await runAction(workspace, { ...azure(), mode: 'plan' }, env)
    expect(plan.code).toBe(0)
    expect(plan.outputs['has-changes']).toBe('true')
    expect(JSON.parse(plan.outputs.plan).counts).toMatchObject({
      import: 3,
      unchanged: 0,
      orphan: 0
    })

    const applied = await runAction(workspace, { ...azure(), mode: 'apply' }, env)
    expect(applied.code).toBe(0)
    expect(JSON.parse(applied.outputs['imported-versions'])).toEqual([
      '2024-02-01',
      '2024-05-01-preview',
      '2024-10-21'
    ])
    expect(JSON.parse(applied.outputs['failed-versions'])).toEqual([])
    expect(applied.summary).toContain('3 to import · 0 to revise · 0 unchanged · 0 orphaned')
    expect(applied.summary).toContain('3 done · 0 failed')
    // One outline (## then ###, no level skipped), no comment marker, each change log once.
    const levels = [...applied.summary.matchAll(/^(#+) /gm)].map((m) => m[1].length)
    expect(levels[0]).toBe(2)
    expect(levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1)).toEqual([])
    expect(applied.summary).not.toContain('<!--')
    expect(applied.summary.match(/2024-02-01 → 2024-05-01-preview/g)).toHaveLength(1)
    expect(applied.stdout).toContain('::group::Apply')
    // The token reaches the runner once, to be masked, and never appears anywhere else.
    const lines = applied.stdout.split('\n')
    expect(lines.filter((l) => l.includes(t.emulator.token))).toEqual([
      `::add-mask::${t.emulator.token}`
    ])

    const again = await runAction(workspace, { ...azure(), mode: 'plan' }, env)
    expect(again.outputs['has-changes']).toBe('false')
  })

  it('blocks a version APIM would refuse at file:line, applies the others and fails the step', async () => {
    const workspace = workspaceWithDuplicateSignatures()
    const result = await runAction(
      workspace,
      { ...azure(), 'api-id': 'act3', 'api-path': 'openai3', mode: 'apply' },
      { NODE_EXTRA_CA_CERTS: t.emulator.caCertFile }
    )
    expect(result.code).toBe(1)
    expect(JSON.parse(result.outputs['failed-versions'])).toEqual([])
    expect(JSON.parse(result.outputs['imported-versions'])).toHaveLength(3)
    const plan = JSON.parse(result.outputs.plan)
    expect(plan.counts).toMatchObject({ import: 3, blocked: 1 })
    expect(result.stdout).toContain(
      '::error::1 version is blocked (APIM would refuse it), not sent'
    )
    expect(result.stdout).toMatch(
      /::error title=apim-version-action,file=specs\/stable\/2024-12-01\/inference\.json,line=\d+(,col=\d+)?::duplicate-signature: /
    )
    expect(result.summary).toContain('**1 blocked**')
  })

  it('with importable: off, fails the step listing the versions APIM rejected, after applying the others', async () => {
    const workspace = workspaceWithDuplicateSignatures()
    const result = await runAction(
      workspace,
      { ...azure(), 'api-id': 'act2', 'api-path': 'openai2', mode: 'apply', importable: 'off' },
      { NODE_EXTRA_CA_CERTS: t.emulator.caCertFile }
    )
    expect(result.code).toBe(1)
    expect(JSON.parse(result.outputs['failed-versions'])).toEqual(['2024-12-01'])
    expect(JSON.parse(result.outputs['imported-versions'])).toHaveLength(3)
    expect(result.stdout).toContain('::error::1 version failed: 2024-12-01')
    expect(result.stdout).toContain(
      '::error title=apim-version-action,file=specs/stable/2024-12-01/inference.json::2024-12-01 (import) failed at import: ValidationError'
    )
    expect(result.summary).toContain(
      "failed at import: `ValidationError` Importing API has duplicate signature operations: 2 operations with signature 'GET /items/{}'"
    )
  })
})

/** The example folder plus a valid OpenAPI spec APIM refuses: two operations, one signature (GET /items/{}). */
function workspaceWithDuplicateSignatures(): string {
  const workspace = tempDir()
  fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(workspace, 'specs'), {
    recursive: true
  })
  writeTree(workspace, {
    'specs/stable/2024-12-01/inference.json': JSON.stringify(
      {
        openapi: '3.0.0',
        info: { title: 't', version: '2024-12-01' },
        paths: {
          '/items/{id}': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } } },
          '/items/{name}': {
            get: { operationId: 'b', responses: { '200': { description: 'ok' } } }
          }
        }
      },
      null,
      2
    )
  })
  return workspace
}

describe('script/local-action.mjs (the action on a machine, against the emulator)', () => {
  it('starts the emulator, passes its CA and coordinates, and prints summary and outputs', () => {
    const env = path.join(tempDir(), 'test.env')
    fs.writeFileSync(
      env,
      fs.readFileSync('.env.example', 'utf8').replace('INPUT_MODE=plan', 'INPUT_MODE=apply')
    )
    // --runner node: the action as the runner starts it, no npm registry needed.
    const run = spawnSync(
      process.execPath,
      ['script/local-action.mjs', '--runner', 'node', '--action', ACTION[0], '--env', env],
      { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 }
    )
    expect([run.status, run.stderr]).toEqual([0, ''])
    expect(run.stdout).toContain('--- job summary')
    expect(run.stdout).toContain('3 done · 0 failed')
    expect(run.stdout).toMatch(
      /imported-versions<<\S+\n\["2024-02-01","2024-05-01-preview","2024-10-21"\]/
    )
  })
})
