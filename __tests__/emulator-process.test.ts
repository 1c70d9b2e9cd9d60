import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { Agent, fetch as undiciFetch } from 'undici'
import { tempDir } from './support/temp.js'
import { CLI } from './support/entry.js'

interface Ready {
  armEndpoint: string
  gatewayUrl: string
  caCertFile: string
  token: string
  subscriptionId: string
  resourceGroup: string
  serviceName: string
  subscriptionKey: string
}

/** Starts `apim-versions emulator` and reads its one ready line. */
async function launch(
  args: string[]
): Promise<{ child: ChildProcess; ready: Ready; line: string }> {
  const child = spawn(process.execPath, [...CLI, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')))
    })
    child.once('exit', (code) =>
      reject(new Error(`emulator exited with ${code} before it was ready`))
    )
  })
  return { child, ready: JSON.parse(line) as Ready, line }
}

function client(ready: Ready) {
  const dispatcher = new Agent({ connect: { ca: fs.readFileSync(ready.caCertFile) } })
  const service = `/subscriptions/${ready.subscriptionId}/resourceGroups/${ready.resourceGroup}/providers/Microsoft.ApiManagement/service/${ready.serviceName}`
  return (method: string, resource: string, body?: unknown) =>
    undiciFetch(
      `${ready.armEndpoint}${service}${resource}${resource.includes('?') ? '&' : '?'}api-version=2024-05-01`,
      {
        method,
        dispatcher,
        headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      }
    )
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('apim-versions emulator (the CLI as a process)', () => {
  it('prints one JSON ready line with everything a client needs, and stops on SIGTERM', async () => {
    const { child, ready, line } = await launch(['--port', '0'])
    expect(Object.keys(JSON.parse(line)).sort()).toEqual(
      [
        'armEndpoint',
        'caCertFile',
        'gatewayUrl',
        'resourceGroup',
        'serviceName',
        'subscriptionId',
        'subscriptionKey',
        'token'
      ].sort()
    )
    expect(ready.armEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    // A token that could start with '-' would break `--access-token <token>` on a command line.
    expect(ready.token).toMatch(/^[0-9a-f]{48}$/)
    expect(ready.gatewayUrl).toBe(`${ready.armEndpoint}/gateway`)
    expect(fs.readFileSync(ready.caCertFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const res = await client(ready)('GET', '/apis')
    expect(res.status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
    expect(fs.existsSync(ready.caCertFile)).toBe(false)
  })

  it('restores its state from --state after a restart', async () => {
    const state = path.join(tempDir(), 'apim.json')
    const first = await launch(['--state', state])
    const put = await client(first.ready)('PUT', '/apiVersionSets/kept', {
      properties: { displayName: 'Kept', versioningScheme: 'Segment' }
    })
    expect(put.status).toBe(201)
    first.child.kill('SIGTERM')
    await exited(first.child)
    const second = await launch(['--state', state])
    expect(second.ready.subscriptionKey).toBe(first.ready.subscriptionKey)
    const got = await client(second.ready)('GET', '/apiVersionSets/kept')
    expect(
      ((await got.json()) as { properties: { displayName: string } }).properties.displayName
    ).toBe('Kept')
    second.child.kill('SIGTERM')
    await exited(second.child)
  })

  it('never leaves a corrupt --state file when killed (SIGKILL) during writes', async () => {
    const state = path.join(tempDir(), 'apim.json')
    let acknowledged = 0
    for (const killAfter of [1, 5, 12, 25]) {
      const { child, ready } = await launch(['--state', state])
      const call = client(ready)
      let alive = true
      let round = 0
      // Four writers keep PUTs in flight until the emulator dies under them.
      const writer = async (w: number) => {
        for (let i = 0; alive; i++) {
          const res = await call('PUT', `/apiVersionSets/k${killAfter}-w${w}-${i}`, {
            properties: {
              displayName: `s${i}`,
              versioningScheme: 'Segment',
              description: 'x'.repeat(4000)
            }
          }).catch(() => undefined)
          if (res?.status !== 201) return
          acknowledged++
          round++
          if (round >= killAfter && alive) {
            alive = false
            child.kill('SIGKILL')
          }
        }
      }
      await Promise.all([0, 1, 2, 3].map(writer))
      await exited(child)
      const saved = JSON.parse(fs.readFileSync(state, 'utf8')) as {
        versionSets: Record<string, unknown>
      }
      // Every write a client saw acknowledged is in the file, whatever was in flight.
      expect(Object.keys(saved.versionSets).length).toBeGreaterThanOrEqual(acknowledged)
    }
    expect(acknowledged).toBeGreaterThanOrEqual(1 + 5 + 12 + 25)
    const leftovers = fs.readdirSync(path.dirname(state)).filter((f) => f !== 'apim.json')
    expect(leftovers.every((f) => f.endsWith('.tmp'))).toBe(true)
  })

  it('says what to do with a state file it cannot read (exit code 1)', async () => {
    const state = path.join(tempDir(), 'broken.json')
    fs.writeFileSync(state, '{"identity": ')
    const child = spawn(process.execPath, [...CLI, 'emulator', '--state', state], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let err = ''
    child.stderr!.on('data', (c) => (err += c))
    expect(await exited(child)).toBe(1)
    expect(err).toMatch(
      /^apim-versions emulator: the state file .*broken\.json is not valid JSON .*; move it away to start empty\n$/
    )
  })

  it('refuses bad flags with exit code 2', async () => {
    const child = spawn(process.execPath, [...CLI, 'emulator', '--lro-ms', 'soon'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let err = ''
    child.stderr!.on('data', (c) => (err += c))
    expect(await exited(child)).toBe(2)
    expect(err).toContain("--lro-ms must be a whole number ≥ 0 (digits only), got 'soon'")
    const port = spawn(process.execPath, [...CLI, 'emulator', '--port', '70000'], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let portErr = ''
    port.stderr!.on('data', (c) => (portErr += c))
    expect(await exited(port)).toBe(2)
    expect(portErr).toContain("--port must be from 0 to 65535, got '70000'")
  })

  it('answers long-running operations in the style --lro-style names, and refuses an unknown one', async () => {
    const { child, ready } = await launch(['--lro-style', 'location'])
    try {
      const call = client(ready)
      const spec = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }
      const put = await call('PUT', '/apis/styled', {
        properties: { format: 'openapi+json', value: JSON.stringify(spec), path: 'styled' }
      })
      // 2022-08-01's answer: 202, only Location, no body (docs/emulator.md, "Long-running answers").
      expect(put.status).toBe(202)
      expect(put.headers.get('azure-asyncoperation')).toBeNull()
      expect(put.headers.get('location')).toMatch(/\/apis\/styled\?.*asyncId=/)
    } finally {
      child.kill('SIGTERM')
      await exited(child)
    }
    const bad = spawn(process.execPath, [...CLI, 'emulator', '--lro-style', 'soon'], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let err = ''
    bad.stderr!.on('data', (c) => (err += c))
    expect(await exited(bad)).toBe(2)
    expect(err).toContain("--lro-style: unknown long-running answer style 'soon'")
  })
})
