import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import { useEmulator } from './support/emulator.js'
import { ACTION } from './support/entry.js'
import { useFakeGitHub } from './support/fake-github.js'
import { tempDir, writeTree } from './support/temp.js'

/** Runs the bundled action as the runner does: INPUT_* variables, output and summary files. */
function runAction(
  workspace: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
) {
  const files = tempDir('apimv-runner-')
  const output = path.join(files, 'output')
  const summary = path.join(files, 'summary')
  fs.writeFileSync(output, '')
  fs.writeFileSync(summary, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  // Async: the emulator of the later tests runs in this process and must keep answering.
  const child = spawn(process.execPath, ACTION, { cwd: workspace, env })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.resume()
  return new Promise<{
    code: number | null
    stdout: string
    outputs: Record<string, string>
    summary: string
  }>((resolve) =>
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        outputs: parseOutputs(fs.readFileSync(output, 'utf8')),
        summary: fs.readFileSync(summary, 'utf8')
      })
    )
  )
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

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
    expect(applied.stdout).toContain('::group::Apply')
    // The token reaches the runner once, to be masked, and never appears anywhere else.
    const lines = applied.stdout.split('\n')
    expect(lines.filter((l) => l.includes(t.emulator.token))).toEqual([
      `::add-mask::${t.emulator.token}`
    ])

    const again = await runAction(workspace, { ...azure(), mode: 'plan' }, env)
    expect(again.outputs['has-changes']).toBe('false')
  })

  it('fails the step listing the versions APIM rejected, after applying the others', async () => {
    const workspace = tempDir()
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(workspace, 'specs'), {
      recursive: true
    })
    // Valid OpenAPI, but APIM refuses two operations with one signature (GET /items/{}).
    writeTree(workspace, {
      'specs/stable/2024-12-01/inference.json': JSON.stringify({
        openapi: '3.0.0',
        info: { title: 't', version: '2024-12-01' },
        paths: {
          '/items/{id}': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } } },
          '/items/{name}': {
            get: { operationId: 'b', responses: { '200': { description: 'ok' } } }
          }
        }
      })
    })
    const result = await runAction(
      workspace,
      { ...azure(), 'api-id': 'act2', 'api-path': 'openai2', mode: 'apply' },
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

describe('the plan comment on a pull request (from src/, emulator, fake GitHub)', () => {
  const t = useEmulator()
  const gh = useFakeGitHub()

  it('posts one sticky comment, edits it on the next run, and falls back to the summary without permission', async () => {
    const workspace = tempDir()
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(workspace, 'specs'), {
      recursive: true
    })
    const event = path.join(workspace, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 12 } }))
    const inputs = {
      'api-id': 'pr',
      'api-path': 'pr',
      'service-url': 'http://127.0.0.1:9/openai',
      'subscription-id': t.emulator.subscriptionId,
      'resource-group': t.emulator.resourceGroup,
      'service-name': t.emulator.serviceName,
      'arm-endpoint': t.emulator.armEndpoint,
      'access-token': t.emulator.token,
      'github-token': 'workflow-token'
    }
    const env = {
      NODE_EXTRA_CA_CERTS: t.emulator.caCertFile,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'org/repo',
      GITHUB_API_URL: gh.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42'
    }
    const first = await runAction(workspace, { ...inputs, mode: 'plan' }, env)
    expect(first.code).toBe(0)
    expect(gh.comments.get(12)).toHaveLength(1)
    const comment = gh.comments.get(12)![0]
    expect(comment.body).toContain('**3 to import · 0 to revise · 0 unchanged · 0 orphaned**')
    expect(comment.body).toContain(
      '[Workflow run](https://github.example/org/repo/actions/runs/42)'
    )
    expect(first.outputs['comment-url']).toBe(comment.html_url)

    expect((await runAction(workspace, { ...inputs, mode: 'apply' }, env)).code).toBe(0)
    const second = await runAction(workspace, { ...inputs, mode: 'plan' }, env)
    expect(second.code).toBe(0)
    expect(gh.comments.get(12)).toHaveLength(1)
    expect(gh.comments.get(12)![0].body).toContain(
      '**0 to import · 0 to revise · 3 unchanged · 0 orphaned**'
    )

    gh.readOnly = true
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 13 } }))
    const fork = await runAction(workspace, { ...inputs, mode: 'plan' }, env)
    gh.readOnly = false
    expect(fork.code).toBe(0)
    expect(fork.stdout).toContain('::notice::cannot write the plan comment (HTTP 403)')
    expect(fork.summary).toContain('3 unchanged')
    expect(gh.comments.get(13)).toBeUndefined()
  }, 60_000)
})

describe('release notes after apply (from src/, emulator, fake GitHub)', () => {
  const t = useEmulator()
  const gh = useFakeGitHub()

  it('makes one GitHub release per run that changed something, and updates it when the run is re-run', async () => {
    const workspace = tempDir()
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(workspace, 'specs'), {
      recursive: true
    })
    const inputs = {
      mode: 'apply',
      'api-id': 'rel',
      'api-path': 'rel',
      'service-url': 'http://127.0.0.1:9/openai',
      'subscription-id': t.emulator.subscriptionId,
      'resource-group': t.emulator.resourceGroup,
      'service-name': t.emulator.serviceName,
      'arm-endpoint': t.emulator.armEndpoint,
      'access-token': t.emulator.token,
      'github-token': 'workflow-token'
    }
    const event = path.join(workspace, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }))
    const env = {
      NODE_EXTRA_CA_CERTS: t.emulator.caCertFile,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'org/repo',
      GITHUB_API_URL: gh.url,
      GITHUB_SHA: 'abc123',
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_NUMBER: '5'
    }
    // The first attempt imports two versions; APIM rejects the third once.
    await t.fault({
      method: 'PUT',
      path: '/apis/rel-2024-10-21$',
      response: 'lro-fail',
      code: 'ValidationError'
    })
    const first = await runAction(workspace, inputs, env)
    await t.clearFaults()
    expect(first.code).toBe(1)
    expect(gh.releases).toHaveLength(1)
    expect(gh.releases[0]).toMatchObject({
      tag_name: 'apim-rel-run-77',
      target_commitish: 'abc123',
      name: 'APIM rel: run 5'
    })
    expect(gh.releases[0].body).toContain('### 2024-05-01-preview: imported (revision 1)')
    expect(gh.releases[0].body).toContain(
      'Changes since 2024-02-01: 2 operations added, 1 schema changed.'
    )
    expect(first.outputs['release-url']).toBe('https://github.example/releases/apim-rel-run-77')
    expect(first.summary).toContain('## rel on apim-emulator')

    const rerun = await runAction(workspace, inputs, env)
    expect(rerun.code).toBe(0)
    expect(gh.releases).toHaveLength(1)
    expect(gh.releases[0].body).toContain('### 2024-10-21: imported')

    const nothing = await runAction(workspace, { ...inputs }, { ...env, GITHUB_RUN_ID: '78' })
    expect(nothing.outputs['release-url']).toBe('')
    expect(gh.releases).toHaveLength(1)
  }, 120_000)
})

describe('the example workflows', () => {
  it('use only inputs the action has, with the permissions they need', () => {
    const action = parseYaml(fs.readFileSync('action.yml', 'utf8'))
    for (const [file, permission] of [
      ['examples/workflows/apim-plan.yml', 'pull-requests'],
      ['examples/workflows/apim-apply.yml', 'contents']
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
  })
})

describe('the plan without Azure: a pull request against its base commit', () => {
  const gh = useFakeGitHub()

  it('reports the versions the pull request adds and changes, saying APIM was not consulted', async () => {
    const { execFileSync } = await import('node:child_process')
    const repo = tempDir()
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8'
      }).trim()
    git('init', '-q', '-b', 'main')
    fs.cpSync(path.join(process.cwd(), 'examples/azure-openai'), path.join(repo, 'specs'), {
      recursive: true
    })
    git('add', '.')
    git('commit', '-q', '-m', 'base')
    const base = git('rev-parse', 'HEAD')
    // The pull request: a new version, and a change to an existing one.
    fs.cpSync(
      path.join(repo, 'specs/stable/2024-10-21'),
      path.join(repo, 'specs/stable/2025-01-01'),
      { recursive: true }
    )
    const changed = path.join(repo, 'specs/stable/2024-10-21/inference.yaml')
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(changed, 'utf8')
        .replace(
          'dimensions: {type: integer}',
          'dimensions: {type: integer}\n                user: {type: string}'
        )
    )
    git('add', '.')
    git('commit', '-q', '-m', 'head')

    const event = path.join(repo, '..', `event-${path.basename(repo)}.json`)
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 20, base: { sha: base } } }))
    const result = await runAction(
      repo,
      { mode: 'plan', 'api-id': 'aoai', 'api-path': 'openai', 'github-token': 'workflow-token' },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'org/repo',
        GITHUB_API_URL: gh.url
      }
    )
    fs.rmSync(event)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `::notice::APIM was not consulted: no Azure coordinates are configured. This plan compares the pull request's spec folder with its base commit ${base.slice(0, 7)}.`
    )
    const plan = JSON.parse(result.outputs.plan)
    expect(
      plan.versions.map((v: { version: string; action: string }) => [v.version, v.action])
    ).toEqual([
      ['2024-02-01', 'unchanged'],
      ['2024-05-01-preview', 'unchanged'],
      ['2024-10-21', 'revise'],
      ['2025-01-01', 'import']
    ])
    const [comment] = gh.comments.get(20)!
    expect(comment.body).toContain('**1 to import · 1 to revise · 2 unchanged · 0 orphaned**')
    expect(comment.body).toContain('APIM was not consulted')
    expect(comment.body).toContain('<details><summary>2024-10-21: revise')
    expect(result.summary).toContain('APIM was not consulted')
    // Nothing in the workspace was changed to read the base.
    expect(git('status', '--porcelain')).toBe('')
  })
})

describe('mode sync-upstream end to end (from src/, fake GitHub, emulator)', () => {
  const t = useEmulator()
  const gh = useFakeGitHub()

  it('writes two new upstream versions; plan shows them as imports; apply imports them', async () => {
    const UP = 'specification/cognitiveservices/data-plane/AzureOpenAI/inference'
    const example = (file: string) =>
      fs.readFileSync(path.join(process.cwd(), 'examples/azure-openai', file))
    gh.upstream.files.clear()
    gh.upstream.files.set(
      `${UP}/stable/2024-02-01/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    gh.upstream.files.set(
      `${UP}/stable/2024-06-01/inference.json`,
      Buffer.from(
        example('stable/2024-02-01/inference.json')
          .toString()
          .replace('"version": "2024-02-01"', '"version": "2024-06-01"')
      )
    )
    gh.upstream.files.set(
      `${UP}/preview/2024-05-01-preview/inference.json`,
      example('preview/2024-05-01-preview/inference.json')
    )
    const workspace = tempDir()
    fs.cpSync(
      path.join(process.cwd(), 'examples/azure-openai/stable/2024-02-01'),
      path.join(workspace, 'specs/stable/2024-02-01'),
      { recursive: true }
    )
    const env = {
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'org/repo',
      NODE_EXTRA_CA_CERTS: t.emulator.caCertFile
    }

    const sync = await runAction(
      workspace,
      { mode: 'sync-upstream', 'spec-folder': 'specs', 'github-token': 'workflow-token' },
      env
    )
    expect(sync.code).toBe(0)
    expect(sync.outputs['has-changes']).toBe('true')
    expect(
      JSON.parse(sync.outputs['synced-versions']).map((s: { version: string }) => s.version)
    ).toEqual(['2024-05-01-preview', '2024-06-01'])
    expect(sync.outputs['pr-branch']).toBe('apim-version-action/sync-upstream')
    expect(sync.outputs['pr-title']).toBe(
      'Add 2 API versions from upstream: 2024-05-01-preview, 2024-06-01'
    )
    expect(sync.outputs['pr-body']).toContain('### 2024-05-01-preview (new)')
    expect(sync.outputs['pr-body']).toContain(`upstream commit: \`${gh.upstream.commit}\``)
    expect(sync.outputs['pr-body']).toContain('2 operations added, 1 schema changed.')

    const azure = {
      'api-id': 'sync',
      'api-path': 'sync',
      'service-url': 'http://127.0.0.1:9/openai',
      'subscription-id': t.emulator.subscriptionId,
      'resource-group': t.emulator.resourceGroup,
      'service-name': t.emulator.serviceName,
      'arm-endpoint': t.emulator.armEndpoint,
      'access-token': t.emulator.token
    }
    await runAction(
      workspace,
      { ...azure, mode: 'apply', 'spec-folder': 'specs' },
      { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    // That apply imported all three versions; upstream then publishes one more.
    gh.upstream.files.set(
      `${UP}/stable/2024-10-21/inference.json`,
      Buffer.from(
        example('stable/2024-02-01/inference.json')
          .toString()
          .replace('"version": "2024-02-01"', '"version": "2024-10-21"')
      )
    )
    const again = await runAction(
      workspace,
      { mode: 'sync-upstream', 'spec-folder': 'specs', 'github-token': 'workflow-token' },
      env
    )
    expect(
      JSON.parse(again.outputs['synced-versions']).map((s: { version: string }) => s.version)
    ).toEqual(['2024-10-21'])
    const plan = await runAction(workspace, { ...azure, mode: 'plan', 'spec-folder': 'specs' }, env)
    expect(
      JSON.parse(plan.outputs.plan)
        .versions.filter((v: { action: string }) => v.action === 'import')
        .map((v: { version: string }) => v.version)
    ).toEqual(['2024-10-21'])
    const applied = await runAction(
      workspace,
      { ...azure, mode: 'apply', 'spec-folder': 'specs' },
      { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' }
    )
    expect(JSON.parse(applied.outputs['imported-versions'])).toEqual(['2024-10-21'])
    const none = await runAction(
      workspace,
      { mode: 'sync-upstream', 'spec-folder': 'specs', 'github-token': 'workflow-token' },
      env
    )
    expect([none.outputs['has-changes'], none.outputs['pr-title']]).toEqual(['false', ''])
  }, 60_000)
})
