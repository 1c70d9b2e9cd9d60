// The action as the runner starts it, part three: the plan comment it writes on a pull
// request, against the emulator and a fake GitHub API, including GitHub failing.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { useEmulator } from './support/emulator.js'
import { runAction, useFakeGitHub } from './support/fake-github.js'
import { tempDir } from './support/temp.js'

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
    expect(fork.stdout).toContain(
      '::notice::cannot write the plan comment on pull request #13 (HTTP 403)'
    )
    expect(fork.summary).toContain('3 unchanged')
    expect(gh.comments.get(13)).toBeUndefined()

    // GitHub down: the plan is still in the summary and outputs; a warning says what to check.
    gh.failWith = 500
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 14 } }))
    const outage = await runAction(workspace, { ...inputs, mode: 'plan' }, env)
    gh.failWith = 0
    expect(outage.code).toBe(0)
    expect(outage.summary).toContain('3 unchanged')
    expect(JSON.parse(outage.outputs.plan).counts.unchanged).toBe(3)
    expect(outage.outputs['comment-url']).toBe('')
    expect(outage.stdout).toMatch(
      /::warning::cannot write the plan comment on pull request #14: .*\(HTTP 500\)\. Check that http:\/\/127\.0\.0\.1:\d+ is reachable/
    )
  }, 60_000)
})
