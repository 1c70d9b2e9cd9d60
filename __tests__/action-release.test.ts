// The action as the runner starts it, part four: the release it writes after an apply, against
// the emulator and a fake GitHub API, including GitHub out of reach.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { useEmulator } from './support/emulator.js'
import { runAction, useFakeGitHub } from './support/fake-github.js'
import { tempDir } from './support/temp.js'

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
    expect(first.summary).toContain(
      'Release notes: [`apim-rel-run-77`](https://github.example/releases/apim-rel-run-77)'
    )

    const rerun = await runAction(workspace, inputs, env)
    expect(rerun.code).toBe(0)
    expect(gh.releases).toHaveLength(1)
    expect(gh.releases[0].body).toContain('### 2024-10-21: imported')

    const nothing = await runAction(workspace, { ...inputs }, { ...env, GITHUB_RUN_ID: '78' })
    expect(nothing.outputs['release-url']).toBe('')
    expect(gh.releases).toHaveLength(1)

    // GitHub unreachable (a closed port): the apply and its summary stand, within seconds.
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    fs.cpSync(
      path.join(workspace, 'specs/stable/2024-10-21'),
      path.join(workspace, 'specs/stable/2024-11-01'),
      { recursive: true }
    )
    const started = Date.now()
    const offline = await runAction(workspace, inputs, {
      ...env,
      GITHUB_RUN_ID: '79',
      GITHUB_API_URL: `http://127.0.0.1:${port}`
    })
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(offline.code).toBe(0)
    expect(JSON.parse(offline.outputs['imported-versions'])).toEqual(['2024-11-01'])
    expect(offline.outputs['release-url']).toBe('')
    expect(offline.summary).toContain('1 done · 0 failed')
    expect(offline.stdout).toContain(
      '::warning::cannot write the GitHub release apim-rel-run-79: connect ECONNREFUSED'
    )
  }, 120_000)
})
