import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { parse as parseYaml } from 'yaml'
import * as core from '../__fixtures__/core.js'
import { tempDir, writeTree } from './support/temp.js'

// The config file (src/config/): many APIs on many APIM services, validated by the committed JSON
// Schema at file:line before anything is called, resolved into the same inputs the action takes.
jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/action/run.js')
const { runCli } = await import('../src/cli/index.js')
const { configSettings, inputsFor, loadConfig, pairsOf } = await import('../src/config/index.js')
const { API_NAME, BOOLEAN_INPUTS, CHOICES, configSchema, INTEGER_INPUTS } =
  await import('../src/config/schema.js')
const { ACTION_DEFAULTS, INPUT_GROUPS } = await import('../src/inputs.js')
const { API_ID, MAX_API_ID, readSettings, UsageError } = await import('../src/settings.js')

const ROOT = process.cwd()
const GUID = '00000000-0000-0000-0000-000000000000'
const PROD_GUID = '33333333-3333-3333-3333-333333333333'
const CLIENT = '11111111-1111-1111-1111-111111111111'
const TENANT = '22222222-2222-2222-2222-222222222222'

const YAML_CONFIG = `# yaml-language-server: $schema=https://raw.githubusercontent.com/org/apim-version-action/v1/schema/apim-versions.schema.json
apis:
  azure-openai:
    spec-folder: specs/azure-openai
    api-path: openai
    service-url: https://my-aoai.openai.azure.com/openai
    products: [starter]
    concurrency: 8
    prune: true
  azure-openai-v1:
    spec-folder: specs/azure-openai-v1
    api-path: openai/v1
    original-version: v1
    spec-file: azure-v1-v1-generated.json, azure-v1-preview-generated.json
environments:
  dev:
    subscription-id: ${GUID}
    resource-group: rg-dev
    service-name: apim-dev
    client-id: ${CLIENT}
    tenant-id: ${TENANT}
    apis:
      azure-openai:
        service-url: https://dev-aoai.openai.azure.com/openai
        products:
          - starter
          - dev-team
  prod:
    subscription-id: ${PROD_GUID}
    resource-group: rg-prod
    service-name: apim-prod
    promote-from: dev
`

/** The same file as JSON. */
const JSON_CONFIG = JSON.stringify(
  {
    $schema:
      'https://raw.githubusercontent.com/org/apim-version-action/v1/schema/apim-versions.schema.json',
    ...parseYaml(YAML_CONFIG)
  },
  null,
  2
)

const DEV_AOAI = {
  'api-id': 'azure-openai',
  'spec-folder': 'specs/azure-openai',
  'api-path': 'openai',
  'service-url': 'https://dev-aoai.openai.azure.com/openai',
  products: 'starter,dev-team',
  concurrency: '8',
  prune: 'true',
  'subscription-id': GUID,
  'resource-group': 'rg-dev',
  'service-name': 'apim-dev',
  'client-id': CLIENT,
  'tenant-id': TENANT
}

const PROD_V1 = {
  'api-id': 'azure-openai-v1',
  'spec-folder': 'specs/azure-openai-v1',
  'api-path': 'openai/v1',
  'original-version': 'v1',
  // A string is passed as it is written, as an input would be.
  'spec-file': 'azure-v1-v1-generated.json, azure-v1-preview-generated.json',
  'subscription-id': PROD_GUID,
  'resource-group': 'rg-prod',
  'service-name': 'apim-prod'
}

/** A workspace holding `files`. */
function workspace(files: Record<string, string>): string {
  return writeTree(tempDir('apimv-config-'), files)
}

/** The message loadConfig throws for a file (fails the test when it loads). */
function loadError(text: string, name = 'apim-versions.yaml'): string {
  const dir = workspace({ [name]: text })
  try {
    loadConfig(name, dir)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('the config loaded')
}

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  expect(index).toBeGreaterThanOrEqual(0)
  return index + 1
}

describe('a valid config file', () => {
  it.each([
    ['apim-versions.yaml', YAML_CONFIG],
    ['apim-versions.json', JSON_CONFIG]
  ])('%s resolves to the inputs of each (api, environment)', (name, text) => {
    const dir = workspace({ [name]: text })
    const config = loadConfig(name, dir)
    expect(config.file).toBe(name)
    expect(pairsOf(config)).toEqual([
      { api: 'azure-openai', environment: 'dev' },
      { api: 'azure-openai', environment: 'prod' },
      { api: 'azure-openai-v1', environment: 'dev' },
      { api: 'azure-openai-v1', environment: 'prod' }
    ])
    expect(inputsFor(config, { api: 'azure-openai', environment: 'dev' })).toEqual(DEV_AOAI)
    expect(inputsFor(config, { api: 'azure-openai-v1', environment: 'prod' })).toEqual(PROD_V1)
    // The API entry's own values where the environment has no override.
    expect(inputsFor(config, { api: 'azure-openai', environment: 'prod' })).toMatchObject({
      'service-url': 'https://my-aoai.openai.azure.com/openai',
      products: 'starter'
    })
    expect(config.environments.prod.promoteFrom).toBe('dev')
    expect(config.environments.dev.promoteFrom).toBeUndefined()
  })

  it('gives the settings of a pair with the run-level inputs, and promote-from with its inputs', () => {
    const dir = workspace({ 'apim-versions.yaml': YAML_CONFIG })
    const given = {
      config: 'apim-versions.yaml',
      api: 'azure-openai',
      environment: 'prod',
      mode: 'apply',
      'access-token': 'token',
      'release-notes': 'none'
    }
    const { settings, pair } = configSettings({
      given,
      isGiven: (name) => given[name as keyof typeof given] !== undefined,
      label: (name) => `--${name}`,
      workspace: dir
    })
    expect(pair).toEqual({ api: 'azure-openai', environment: 'prod' })
    expect(settings).toMatchObject({
      mode: 'apply',
      prune: true,
      concurrency: 8,
      releaseNotes: 'none',
      api: { id: 'azure-openai', path: 'openai' },
      azure: { serviceName: 'apim-prod', accessToken: 'token' },
      gateway: { products: ['starter'] },
      specs: { specFolder: 'specs/azure-openai' }
    })
    expect(settings.promoteFrom).toEqual({
      environment: 'dev',
      inputs: DEV_AOAI
    })
    // The same through readSettings: one settings model for inputs and the file.
    const { promoteFrom: _, ...rest } = settings
    expect(rest).toEqual(
      readSettings({
        ...inputsFor(loadConfig('apim-versions.yaml', dir), pair),
        mode: 'apply',
        'access-token': 'token',
        'release-notes': 'none'
      })
    )
  })

  it('takes the only API when none is named, and no environment (no APIM service)', () => {
    const dir = workspace({
      'c.yml': 'apis:\n  solo:\n    spec-folder: apis\n'
    })
    const { settings, pair } = configSettings({
      given: { config: 'c.yml', mode: 'plan' },
      isGiven: () => false,
      label: (name) => `input ${name}`,
      workspace: dir
    })
    expect(pair).toEqual({ api: 'solo' })
    expect(settings.api.id).toBe('solo')
    expect(settings.azure).toBeUndefined()
    expect(settings.specs.specFolder).toBe('apis')
  })
})

describe('a config error names the file, line and column, and what to do', () => {
  it('an unknown key, pointing at the key, with the near spelling', () => {
    const text = YAML_CONFIG.replace('    service-name: apim-prod', '    servce-name: apim-prod')
    const message = loadError(text)
    const line = lineOf(text, 'servce-name')
    expect(message).toContain(
      `apim-versions.yaml:${line}:5: environments.prod: unknown key 'servce-name' (did you mean service-name?)`
    )
    // service-name itself is now missing: said at the environment's key.
    expect(message).toContain(
      `apim-versions.yaml:${lineOf(text, '  prod:')}:3: environments.prod: missing service-name (an environment names its APIM service: subscription-id, resource-group, service-name)`
    )
  })

  it('keys that never go in the file, or belong elsewhere, say where they go', () => {
    const text = YAML_CONFIG.replace(
      '    service-name: apim-prod\n',
      '    service-name: apim-prod\n    access-token: abc\n    service-url: https://x\n'
    ).replace('    original-version: v1\n', '    original-version: v1\n    api-id: other\n')
    const message = loadError(text)
    expect(message).toContain(
      `:${lineOf(text, 'access-token')}:5: environments.prod: unknown key 'access-token' (a secret never goes in a file`
    )
    expect(message).toContain(
      `:${lineOf(text, 'service-url: https://x')}:5: environments.prod: unknown key 'service-url' (per-API values go under environments.prod.apis.<api-id>)`
    )
    expect(message).toContain(
      `:${lineOf(text, 'api-id: other')}:5: apis.azure-openai-v1: unknown key 'api-id' (the api-id is the key of the entry under apis:)`
    )
  })

  it('a wrong type, pointing at the value', () => {
    const text = YAML_CONFIG.replace('concurrency: 8', 'concurrency: many').replace(
      'prune: true',
      'prune: "true"'
    )
    const message = loadError(text)
    expect(message).toContain(
      `apim-versions.yaml:${lineOf(text, 'concurrency')}:18: apis.azure-openai.concurrency: expected a whole number, got the string "many"`
    )
    expect(message).toContain(
      `apim-versions.yaml:${lineOf(text, 'prune')}:12: apis.azure-openai.prune: expected true or false, got the string "true": write true without quotes`
    )
  })

  it('a value out of range or not one of the choices', () => {
    const text = YAML_CONFIG.replace('concurrency: 8', 'concurrency: 40').replace(
      'original-version: v1',
      'original-version: v1\n    versioning-scheme: query'
    )
    const message = loadError(text)
    expect(message).toContain(
      `:${lineOf(text, 'concurrency')}:18: apis.azure-openai.concurrency: expected a whole number from 1 to 32, got 40`
    )
    expect(message).toContain(
      `:${lineOf(text, 'versioning-scheme')}:24: apis.azure-openai-v1.versioning-scheme: 'query' is not one of Query, Header, Segment (write it as Query)`
    )
  })

  it('missing service coordinates', () => {
    const text = YAML_CONFIG.replace('    resource-group: rg-dev\n', '')
    expect(loadError(text)).toBe(
      `apim-versions.yaml:${lineOf(text, '  dev:')}:3: environments.dev: missing resource-group (an environment names its APIM service: subscription-id, resource-group, service-name)`
    )
  })

  it('an unknown promote-from, and overrides for an API the file does not have', () => {
    const text = YAML_CONFIG.replace('promote-from: dev', 'promote-from: deev').replace(
      '      azure-openai:\n        service-url',
      '      azure-openia:\n        service-url'
    )
    const message = loadError(text)
    expect(message).toContain(
      `:${lineOf(text, 'promote-from')}:19: environments.prod.promote-from: 'deev' is not an environment of the file (did you mean dev? the file has dev, prod)`
    )
    expect(message).toContain(
      `:${lineOf(text, 'azure-openia')}:7: environments.dev.apis: 'azure-openia' is not an API of apis: (did you mean azure-openai? the file has azure-openai, azure-openai-v1)`
    )
    const cycle = loadError(
      YAML_CONFIG.replace('    tenant-id: 2', '    promote-from: prod\n    tenant-id: 2')
    )
    expect(cycle).toContain('environments.dev.promote-from: dev → prod → dev is a cycle')
  })

  it("the settings' own checks, placed where the value is", () => {
    const text = YAML_CONFIG.replace('api-path: openai/v1', 'api-path: openai//v1').replace(
      `subscription-id: ${PROD_GUID}`,
      'subscription-id: not-a-guid'
    )
    const message = loadError(text)
    expect(message).toContain(
      `apim-versions.yaml:${lineOf(text, 'openai//v1')}:15: apis.azure-openai-v1.api-path: 'openai//v1' has an empty segment (//)`
    )
    expect(message).toContain(
      `apim-versions.yaml:${lineOf(text, 'not-a-guid')}:22: environments.prod.subscription-id: 'not-a-guid' is not a GUID`
    )
    // Each problem once, though the API is checked alone and with each environment.
    expect(message.split('\n')).toHaveLength(2)
  })

  it('YAML syntax, duplicate keys and a string YAML reads as a number', () => {
    expect(loadError('apis:\n  a:\n    api-path: x\n    api-path: y\n')).toMatch(
      /^apim-versions\.yaml:4:5: invalid YAML: duplicate key/
    )
    expect(loadError('apis:\n  a:\n    min-version: 1.0\n')).toBe(
      "apim-versions.yaml:3:18: apis.a.min-version: expected a string, got the number 1 (written 1.0): quote it to give text ('1.0'), as YAML reads it as a number"
    )
    expect(loadError('{ "apis": { "a": { "prune": 1 } } }', 'c.json')).toBe(
      'c.json:1:29: apis.a.prune: expected true or false, got the number 1'
    )
    expect(loadError('')).toMatch(/^apim-versions\.yaml:1:1: the file is empty/)
  })

  it('an api or environment the file does not have, listing those it has', () => {
    const dir = workspace({ 'apim-versions.yaml': YAML_CONFIG })
    const settingsOf = (given: Record<string, string>) =>
      configSettings({
        given: { config: 'apim-versions.yaml', ...given },
        isGiven: () => false,
        label: (name) => `input ${name}`,
        workspace: dir,
        needsEnvironment: ['apply']
      })
    expect(() => settingsOf({ api: 'nope', environment: 'stage' })).toThrow(
      "input api: 'nope' is not an API of apim-versions.yaml (the file has azure-openai, azure-openai-v1)\n" +
        "input environment: 'stage' is not an environment of apim-versions.yaml (the file has dev, prod)"
    )
    expect(() => settingsOf({ environment: 'dev' })).toThrow(
      'input api: required with apim-versions.yaml, which has several APIs: name one (the file has azure-openai, azure-openai-v1)'
    )
    expect(() => settingsOf({ api: 'azure-openai', mode: 'apply' })).toThrow(
      "input environment: mode apply needs the APIM service: name one of apim-versions.yaml's environments (the file has dev, prod)"
    )
    expect(() =>
      inputsFor(loadConfig('apim-versions.yaml', dir), { api: 'x', environment: 'dev' })
    ).toThrow("api: 'x' is not an API of apim-versions.yaml")
  })

  it('a value both in the file and given as an input, naming both places', () => {
    const dir = workspace({ 'apim-versions.yaml': YAML_CONFIG })
    const given = {
      config: 'apim-versions.yaml',
      api: 'azure-openai',
      environment: 'dev',
      'service-url': 'https://elsewhere.example.com',
      'spec-file': 'x.json'
    }
    expect(() =>
      configSettings({
        given,
        isGiven: (name) => name in given,
        label: (name) => `--${name}`,
        workspace: dir
      })
    ).toThrow(
      `--service-url: also set in apim-versions.yaml:${lineOf(YAML_CONFIG, 'https://dev-aoai')}:22 (environments.dev.apis.azure-openai.service-url): give it in one place (the file, for every run)`
    )
    // Not set by the file for this pair: the input is taken (spec-file is azure-openai-v1's only).
    const { settings } = configSettings({
      given: { ...given, 'service-url': undefined } as Record<string, string | undefined>,
      isGiven: (name) => name === 'spec-file',
      label: (name) => `--${name}`,
      workspace: dir
    })
    expect(settings.specs.specFiles).toEqual(['x.json'])
    expect(settings.api.serviceUrl).toBe('https://dev-aoai.openai.azure.com/openai')
  })

  it('a problem with what the run adds names the file and the pair', () => {
    const text = YAML_CONFIG.replace('    prune: true\n', '    prune: true\n    verify: gateway\n')
    const dir = workspace({ 'apim-versions.yaml': text })
    expect(() =>
      configSettings({
        given: {
          config: 'apim-versions.yaml',
          api: 'azure-openai',
          environment: 'dev',
          mode: 'plan'
        },
        isGiven: () => false,
        label: (name) => `input ${name}`,
        workspace: dir
      })
    ).toThrow(
      `apim-versions.yaml:${lineOf(text, 'verify: gateway')}:13: apis.azure-openai.verify: the APIs require a subscription key`
    )
  })
})

describe('a config file outside the workspace', () => {
  it('is refused, by path or through a symlink', () => {
    const outside = workspace({ 'apim-versions.yaml': YAML_CONFIG })
    const dir = workspace({})
    expect(() => loadConfig(path.join(outside, 'apim-versions.yaml'), dir)).toThrow(
      /^config: '.*apim-versions\.yaml' is refused: it is outside the workspace/
    )
    expect(() => loadConfig('../x/apim-versions.yaml', dir)).toThrow(/outside the workspace/)
    fs.symlinkSync(path.join(outside, 'apim-versions.yaml'), path.join(dir, 'linked.yaml'))
    expect(() => loadConfig('linked.yaml', dir)).toThrow(
      "config: 'linked.yaml' is refused: a symlink leads outside the workspace"
    )
    fs.symlinkSync(outside, path.join(dir, 'conf'))
    expect(() => loadConfig('conf/apim-versions.yaml', dir)).toThrow(
      /a symlink leads outside the workspace/
    )
    expect(() => loadConfig('missing.yaml', dir)).toThrow("config: 'missing.yaml' does not exist")
  })
})

describe('the JSON Schema', () => {
  it('committed in schema/ is the one src/inputs.ts generates (npm run schema)', () => {
    const committed = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'schema', 'apim-versions.schema.json'), 'utf8')
    )
    expect(committed).toEqual(configSchema())
    const check = spawnSync(process.execPath, ['script/config-schema.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })

  it('has every input of the spec, api, gateway and azure groups, but secrets and api-id', () => {
    const schema = configSchema() as {
      definitions: Record<string, { properties: Record<string, { description: string }> }>
    }
    const api = Object.keys(schema.definitions.api.properties)
    const environment = Object.keys(schema.definitions.environment.properties)
    expect([...api, 'api-id', 'verify-key'].sort()).toEqual(
      [...INPUT_GROUPS.spec, ...INPUT_GROUPS.api, ...INPUT_GROUPS.gateway].sort()
    )
    expect([...environment, 'access-token'].sort()).toEqual(
      [...INPUT_GROUPS.azure, 'promote-from', 'apis'].sort()
    )
    for (const key of api) expect(schema.definitions.api.properties[key].description).toBeTruthy()
  })

  it('types each input as the settings reader takes it (ranges, booleans, choices)', () => {
    const base = { 'api-id': 'a', mode: 'plan' }
    for (const [name, { minimum, maximum }] of Object.entries(INTEGER_INPUTS)) {
      expect(() => readSettings({ ...base, [name]: String(minimum) })).not.toThrow()
      expect(() => readSettings({ ...base, [name]: String(maximum) })).not.toThrow()
      expect(() => readSettings({ ...base, [name]: String(maximum + 1) })).toThrow(name)
      if (minimum > 0)
        expect(() => readSettings({ ...base, [name]: String(minimum - 1) })).toThrow(name)
    }
    for (const name of BOOLEAN_INPUTS)
      expect(() => readSettings({ ...base, [name]: 'maybe' })).toThrow(
        `${name}: expected true or false`
      )
    for (const [name, choices] of Object.entries(CHOICES)) {
      for (const choice of choices) {
        const needs = name === 'verify' && choice === 'gateway' ? { 'verify-key': 'k' } : {}
        expect(() => readSettings({ ...base, ...needs, [name]: choice })).not.toThrow()
      }
      expect(() => readSettings({ ...base, [name]: 'zzz' })).toThrow(`${name}: 'zzz' is not one of`)
    }
  })

  it('takes as api-id keys what readSettings takes as api-id', () => {
    const names = ['a', 'A9', 'a'.repeat(60), 'a'.repeat(61), '-a', '_a', 'a.b', 'a b', 'a_b-C', '']
    for (const name of names)
      expect([name, new RegExp(API_NAME).test(name)]).toEqual([
        name,
        API_ID.test(name) && name.length <= MAX_API_ID
      ])
  })

  it("ACTION_DEFAULTS are action.yml's defaults", () => {
    const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))
    const defaults = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { default?: string }>)
        .filter(([, input]) => input.default)
        .map(([name, input]) => [name, input.default])
    )
    expect(ACTION_DEFAULTS).toEqual(defaults)
  })
})

describe('the action and the CLI with a config file', () => {
  const workspaceBefore = process.env.GITHUB_WORKSPACE
  afterEach(() => {
    if (workspaceBefore === undefined) delete process.env.GITHUB_WORKSPACE
    else process.env.GITHUB_WORKSPACE = workspaceBefore
  })

  async function runAction(dir: string, inputs: Record<string, string>) {
    // As the runner does: action.yml's defaults for every input not set.
    core.reset({ ...ACTION_DEFAULTS, 'github-token': 'ghs_x', ...inputs })
    process.env.GITHUB_WORKSPACE = dir
    await run()
    return core.recorded
  }

  const SPEC = JSON.stringify({
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    paths: { '/a': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } } } }
  })

  it('the action reads its api from the file; defaults are not a second source', async () => {
    const dir = workspace({
      'apim-versions.yaml': YAML_CONFIG,
      'specs/azure-openai/2024-10-21/openapi.json': SPEC
    })
    const result = await runAction(dir, {
      mode: 'versions',
      config: 'apim-versions.yaml',
      api: 'azure-openai',
      environment: 'dev'
    })
    expect(result.failed).toBeUndefined()
    expect(result.log).toContain('apim-versions.yaml: api azure-openai, environment dev')
    expect(JSON.parse(result.outputs.versions).map((v: { file: string }) => v.file)).toEqual([
      'specs/azure-openai/2024-10-21/openapi.json'
    ])
    const both = await runAction(dir, {
      mode: 'versions',
      config: 'apim-versions.yaml',
      api: 'azure-openai',
      concurrency: '2'
    })
    expect(both.failed).toBe(
      `input concurrency: also set in apim-versions.yaml:${lineOf(YAML_CONFIG, 'concurrency')}:18 (apis.azure-openai.concurrency): give it in one place (the file, for every run)`
    )
    const bad = await runAction(dir, {
      mode: 'apply',
      config: 'apim-versions.yaml',
      api: 'azure-openai',
      environment: 'stage'
    })
    expect(bad.failed).toBe(
      "input environment: 'stage' is not an environment of apim-versions.yaml (the file has dev, prod)"
    )
  })

  it('the CLI takes --config, --api and --environment and says config errors at file:line', async () => {
    const text = YAML_CONFIG.replace('    service-name: apim-prod', '    servce-name: apim-prod')
    const dir = workspace({ 'apim-versions.yaml': text })
    let stderr = ''
    const code = await runCli(
      ['plan', '--config', 'apim-versions.yaml', '--api', 'azure-openai', '--environment', 'prod'],
      { stdout: () => {}, stderr: (t) => (stderr += t), cwd: dir, env: {} }
    )
    expect(code).toBe(2)
    expect(stderr).toContain(
      `apim-versions.yaml:${lineOf(text, 'servce-name')}:5: environments.prod: unknown key 'servce-name' (did you mean service-name?)`
    )
    expect(fs.existsSync(path.join(dir, '.apim-emulator'))).toBe(false)
    const both = await runCli(
      [
        'apply',
        'specs',
        '--config',
        'apim-versions.yaml',
        '--api',
        'azure-openai',
        '--emulator',
        '--environment',
        'dev'
      ],
      { stdout: () => {}, stderr: (t) => (stderr = t), cwd: dir, env: {} }
    )
    expect(both).toBe(2)
    expect(stderr).toContain(
      '--emulator and --environment: choose the embedded emulator or an APIM service'
    )
  })
})
