import { spawn } from 'node:child_process'
import https from 'node:https'
import { describe, expect, it } from '@jest/globals'
import { startEmulator, type RunningEmulator } from '../emulator/index.js'
import { comparableState, copyInto, runEngine } from './support/engine.js'
import { tempDir } from './support/temp.js'
import { CLI } from './support/entry.js'

function control(
  emulator: RunningEmulator,
  method: string,
  route: string,
  body?: unknown
): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(route, emulator.armEndpoint),
      {
        method,
        ca: emulator.caCert,
        headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' }
      },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve(text ? JSON.parse(text) : undefined))
      }
    )
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** `apim-versions apply` of the 3-version example folder against `emulator`, as a separate process. */
function apply(emulator: RunningEmulator, workspace: string) {
  const child = spawn(
    process.execPath,
    [
      ...CLI,
      'apply',
      '--spec-folder',
      'specs',
      '--api-id',
      'crash',
      '--api-path',
      'openai',
      '--service-url',
      'http://127.0.0.1:9/openai',
      '--concurrency',
      '1',
      '--subscription-id',
      emulator.subscriptionId,
      '--resource-group',
      emulator.resourceGroup,
      '--service-name',
      emulator.serviceName,
      '--arm-endpoint',
      emulator.armEndpoint,
      '--access-token',
      emulator.token
    ],
    {
      cwd: workspace,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caCertFile },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, done, output: () => output }
}

const writes = async (emulator: RunningEmulator) =>
  (
    (await control(emulator, 'GET', '/_emulator/requests')) as { method: string; status: number }[]
  ).filter((r) => /^(PUT|PATCH|DELETE)$/.test(r.method) && r.status !== 0).length

describe('crash safety: SIGKILL after the k-th write, then re-run', () => {
  it('ends exactly as an uninterrupted run, for every k of a 3-version bootstrap', async () => {
    const workspace = tempDir()
    copyInto(workspace, 'examples/azure-openai', 'specs')

    const reference = await startEmulator()
    const clean = apply(reference, workspace)
    expect(await clean.done).toBe(0)
    const total = await writes(reference)
    const expected = comparableState(await control(reference, 'GET', '/_emulator/state'))
    await reference.stop()
    expect(total).toBe(14) // fragment, version set, and per version: import, policy, release, provenance

    for (let k = 1; k < total; k++) {
      const emulator = await startEmulator()
      try {
        await control(emulator, 'POST', '/_emulator/faults', {
          method: 'PUT|PATCH|DELETE',
          path: '.*',
          response: 'hang',
          skip: k,
          times: 1000
        })
        const killed = apply(emulator, workspace)
        // Wait for the k-th write; a run that ended first (or stalled) is reported with its output.
        const deadline = Date.now() + 60_000
        const running = () => killed.child.exitCode === null && killed.child.signalCode === null
        while ((await writes(emulator)) < k && running() && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20))
        const reached = await writes(emulator)
        if (reached !== k) {
          throw new Error(
            `k=${k}: ${reached} writes (${running() ? 'still running' : 'exited'}); its output:\n${killed.output()}`
          )
        }
        expect([k, reached]).toEqual([k, k])
        killed.child.kill('SIGKILL')
        await killed.done
        await control(emulator, 'DELETE', '/_emulator/faults')
        // The next run (in this process: the same pipeline, without a process start).
        const rerun = await runEngine({ emulator }, workspace, {
          'spec-folder': 'specs',
          'api-id': 'crash',
          'api-path': 'openai',
          'service-url': 'http://127.0.0.1:9/openai',
          concurrency: '1'
        })
        expect([k, rerun.result?.versions.filter((v) => v.status === 'failed')]).toEqual([k, []])
        expect([k, comparableState(await control(emulator, 'GET', '/_emulator/state'))]).toEqual([
          k,
          expected
        ])
      } finally {
        await emulator.stop()
      }
    }
  }, 240_000)
})
