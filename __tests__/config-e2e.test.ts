import fs from 'node:fs'
import path from 'node:path'
import tls from 'node:tls'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { configSettings } from '../src/config/resolve.js'
import { configMatrix, planEveryPair } from '../src/matrix/run.js'
import { renderMatrixComment } from '../src/render/matrix-comment.js'
import { planApply, runFailure } from '../src/pipeline.js'
import { miniSpec, useEmulator } from './support/emulator.js'
import { tempDir, writeTree } from './support/temp.js'

// Issue 15's acceptance: two APIs on two APIM services (two emulators as dev and prod) from one
// config file; prod promotes from dev. The runs go through the config exactly as the action's
// do (config + api + environment), over HTTPS with the real SDK.
const TOKEN = 'shared-test-token'
const dev = useEmulator({ token: TOKEN })
const prod = useEmulator({ token: TOKEN })
const workspace = tempDir()
const CONFIG = 'apim-versions.yaml'

function configText(): string {
  const service = (t: typeof dev) => [
    `    subscription-id: ${t.emulator.subscriptionId}`,
    `    resource-group: ${t.emulator.resourceGroup}`,
    `    service-name: ${t.emulator.serviceName}`,
    `    arm-endpoint: ${t.emulator.armEndpoint}`
  ]
  return [
    'apis:',
    '  alpha:',
    '    spec-folder: specs/alpha',
    '    service-url: https://alpha.example/api',
    '  beta:',
    '    spec-folder: specs/beta',
    '    api-path: beta/api',
    'environments:',
    '  dev:',
    ...service(dev),
    '  prod:',
    ...service(prod),
    '    promote-from: dev',
    ''
  ].join('\n')
}

const reporter = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, work: () => Promise<T>) => work()
}

async function run(mode: 'plan' | 'apply', api: string, environment: string) {
  const { settings } = configSettings({
    given: { config: CONFIG, api, environment, mode, 'access-token': TOKEN },
    isGiven: (name) => ['config', 'api', 'environment', 'mode', 'access-token'].includes(name),
    label: (name) => `--${name}`,
    workspace
  })
  const outcome = await planApply(
    settings,
    workspace,
    { getIdToken: () => Promise.reject(new Error('no OIDC')) },
    reporter
  )
  return { plan: outcome.plan.run.plan, failure: runFailure(outcome) }
}

const apiNames = async (t: typeof dev) => {
  const names: string[] = []
  for await (const api of t.client.api.listByService(t.rg, t.svc, { filter: 'isCurrent eq true' }))
    names.push(api.name!)
  return names.sort()
}

beforeAll(() => {
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    dev.emulator.caCert,
    prod.emulator.caCert
  ])
  writeTree(workspace, {
    [CONFIG]: configText(),
    'specs/alpha/2024-02-01/openapi.json': miniSpec('2024-02-01'),
    'specs/alpha/2024-10-21/openapi.json': miniSpec('2024-10-21'),
    'specs/beta/2024-06-01/openapi.json': miniSpec('2024-06-01')
  })
})

describe('two APIs on two APIM services from one config file', () => {
  it('lists the four pairs; applying each leaves both services as the config says; no-op plans stay at 3 requests', async () => {
    const { matrix } = await configMatrix(CONFIG, workspace)
    expect(matrix.include).toEqual([
      { api: 'alpha', environment: 'dev' },
      { api: 'alpha', environment: 'prod' },
      { api: 'beta', environment: 'dev' },
      { api: 'beta', environment: 'prod' }
    ])
    // dev first: prod takes only what dev has live.
    for (const environment of ['dev', 'prod'])
      for (const api of ['alpha', 'beta'])
        expect((await run('apply', api, environment)).failure).toBeUndefined()
    const expected = ['alpha-2024-02-01', 'alpha-2024-10-21', 'beta-2024-06-01']
    expect(await apiNames(dev)).toEqual(expected)
    expect(await apiNames(prod)).toEqual(expected)
    const beta = await prod.client.api.get(prod.rg, prod.svc, 'beta-2024-06-01')
    expect(beta.path).toBe('beta/api')

    for (const { api, environment } of matrix.include) {
      const service = environment === 'dev' ? dev : prod
      await service.clearRequests()
      const { plan } = await run('plan', api, environment)
      expect([api, environment, plan.hasChanges]).toEqual([api, environment, false])
      expect([api, environment, (await service.requests()).length]).toEqual([api, environment, 3])
    }
  })

  it('holds a new version in prod until dev has it live', async () => {
    writeTree(workspace, { 'specs/alpha/2025-01-01/openapi.json': miniSpec('2025-01-01') })
    expect(
      (await run('plan', 'alpha', 'dev')).plan.versions.find((v) => v.version === '2025-01-01')
        ?.action
    ).toBe('import')
    const waiting = (await run('plan', 'alpha', 'prod')).plan.versions.find(
      (v) => v.version === '2025-01-01'
    )
    expect(waiting?.action).toBe('waiting')
    expect(waiting?.reason).toContain('waiting for dev')
    await run('apply', 'alpha', 'dev')
    expect(
      (await run('plan', 'alpha', 'prod')).plan.versions.find((v) => v.version === '2025-01-01')
        ?.action
    ).toBe('import')
  })

  it('plans every pair in one run, for one comment with a table of them all', async () => {
    const results = await planEveryPair(
      {
        given: { config: CONFIG, 'access-token': TOKEN },
        isGiven: (name) => ['config', 'access-token'].includes(name),
        label: (name) => `--${name}`,
        workspace
      },
      { getIdToken: () => Promise.reject(new Error('no OIDC')) },
      reporter
    )
    expect(results.map((r) => [r.pair.api, r.pair.environment, r.error])).toEqual([
      ['alpha', 'dev', undefined],
      ['alpha', 'prod', undefined],
      ['beta', 'dev', undefined],
      ['beta', 'prod', undefined]
    ])
    const comment = renderMatrixComment(
      results.map((r) => ({
        ...r.pair,
        view: {
          apiId: r.settings!.api.id,
          service: r.outcome!.plan.service,
          plan: r.outcome!.plan.run.plan,
          desired: r.outcome!.plan.run.desired,
          problems: r.outcome!.plan.run.problems
        }
      })),
      { configFile: CONFIG }
    )
    expect(comment.split('\n')[0]).toBe(
      '<!-- apim-version-action:plan config=apim-versions.yaml -->'
    )
    expect(comment).toContain('| `alpha` | no change | 1 import |')
    expect(comment).toContain('| `beta` | no change | no change |')
    expect(comment.length).toBeLessThanOrEqual(65_536)
  })

  it('refuses promotion between environments that patch specs differently (versions would wait forever)', () => {
    const drift = configText().replace(
      '    promote-from: dev',
      '    promote-from: dev\n    apis:\n      alpha:\n        keep-examples: true'
    )
    fs.writeFileSync(path.join(workspace, 'drift.yaml'), drift)
    expect(() =>
      configSettings({
        given: { config: 'drift.yaml', api: 'alpha', environment: 'prod', mode: 'plan' },
        isGiven: () => true,
        label: (name) => `--${name}`,
        workspace
      })
    ).toThrow(/drift\.yaml:\d+:\d+.*keep-examples differs between them for alpha/)
  })

  it('refuses a config error at file and line before any call', async () => {
    fs.writeFileSync(
      path.join(workspace, 'broken.yaml'),
      configText().replace('    promote-from: dev', '    promote-form: dev')
    )
    await dev.clearRequests()
    await prod.clearRequests()
    expect(() =>
      configSettings({
        given: { config: 'broken.yaml', api: 'alpha', environment: 'prod', mode: 'plan' },
        isGiven: () => true,
        label: (name) => `--${name}`,
        workspace
      })
    ).toThrow(/broken\.yaml:\d+:\d+.*promote-form/)
    expect([...(await dev.requests()), ...(await prod.requests())]).toEqual([])
  })
})
