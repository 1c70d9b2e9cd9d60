// The action as the runner starts it, part two: the plan without Azure (a pull request against
// its base commit) and the scheduled upstream sync end to end.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { useEmulator } from './support/emulator.js'
import { runAction, useFakeGitHub } from './support/fake-github.js'
import { tempDir } from './support/temp.js'

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
    expect(sync.outputs['pr-branch']).toBe('apim-version-action/sync-upstream-specs')
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
