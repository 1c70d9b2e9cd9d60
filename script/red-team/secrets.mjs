import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  EXAMPLE,
  tempDir,
  cli,
  startEmulator,
  Category,
  startFakeGitHub,
  runAction,
  prEnv
} from './plumbing.mjs'

// ---------------------------------------------------------------------------------------------
// 3. Secrets.

export async function secrets() {
  const cat = new Category(3, 'secrets')
  const secret = (label) => `SEKRET${label}${crypto.randomBytes(12).toString('hex')}`
  /** Every place a secret could show; `::add-mask::` lines are how the runner learns to mask. */
  function leaks(values, outputs) {
    const found = []
    for (const [where, text] of Object.entries(outputs)) {
      const visible = (text ?? '')
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n')
      for (const v of values) {
        const parts = [v, ...v.split(/\s+/).filter((p) => p.length >= 12)]
        if (parts.some((p) => visible.includes(p))) found.push(`${where} shows ${v.slice(0, 10)}…`)
      }
    }
    return found.length ? found.join('; ') : undefined
  }
  const emu = await startEmulator()
  const gh = await startFakeGitHub()
  const ws = tempDir('secrets')
  fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
  const base = ['plan', 'specs', '--api-id', 'sec']
  const cliCase = (name, build) =>
    cat.run(name, async () => {
      const { args, env = {}, values } = build()
      const r = await cli(args, {
        cwd: ws,
        env: { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...env },
        timeoutMs: 120_000
      })
      if (r.timedOut) return 'timed out'
      return leaks(values, { stdout: r.stdout, stderr: r.stderr })
    })
  await cliCase('CLI --access-token, 401 from the emulator', () => {
    const t = secret('A')
    return { args: [...base, ...emu.azure, '--access-token', t], values: [t] }
  })
  await cliCase('CLI APIM_ACCESS_TOKEN, 401 from the emulator', () => {
    const t = secret('B')
    return { args: [...base, ...emu.azure], env: { APIM_ACCESS_TOKEN: t }, values: [t] }
  })
  await cliCase('CLI --access-token, ARM endpoint refusing connections', () => {
    const t = secret('C')
    return {
      args: [
        ...base,
        '--subscription-id',
        's',
        '--resource-group',
        'r',
        '--service-name',
        'n',
        '--arm-endpoint',
        'https://127.0.0.1:1',
        '--access-token',
        t
      ],
      values: [t]
    }
  })
  await cliCase('CLI malformed token (newline, spaces, quotes)', () => {
    const t = `${secret('D')}\n"quoted part ${secret('E')}"`
    return { args: [...base, ...emu.azure, '--access-token', t], values: [t] }
  })
  await cliCase('CLI malformed token in APIM_ACCESS_TOKEN (non-latin1)', () => {
    const t = `${secret('F')}\u00ff\u2028€`
    return { args: [...base, ...emu.azure], env: { APIM_ACCESS_TOKEN: t }, values: [t] }
  })
  await cliCase('CLI right token, apply succeeds', () => ({
    args: ['apply', 'specs', '--api-id', 'sec', ...emu.azure, '--access-token', emu.token],
    values: [emu.token]
  }))
  await cliCase('CLI token next to an unknown flag (usage error)', () => {
    const t = secret('G')
    return { args: [...base, ...emu.azure, '--access-token', t, '--acess-token', t], values: [t] }
  })
  await cliCase('CLI token given to a misspelled flag', () => {
    const t = secret('H')
    return { args: [...base, ...emu.azure, `--accesstoken=${t}`], values: [t] }
  })
  await cliCase('CLI --access-token given twice', () => {
    const t = secret('I')
    const u = secret('S')
    return {
      args: [...base, ...emu.azure, '--access-token', t, '--access-token', u],
      values: [t, u]
    }
  })
  await cliCase('CLI --access-token and APIM_ACCESS_TOKEN both, different', () => {
    const t = secret('T')
    const u = secret('U')
    return {
      args: [...base, ...emu.azure, '--access-token', t],
      env: { APIM_ACCESS_TOKEN: u },
      values: [t, u]
    }
  })
  await cliCase('CLI --access-token with --emulator (usage error)', () => {
    const t = secret('J')
    return { args: [...base, '--emulator', '--access-token', t], values: [t] }
  })
  await cliCase('CLI sync-upstream, GitHub unreachable, GITHUB_TOKEN', () => {
    const t = secret('K')
    return {
      args: ['sync-upstream', 'specs', '--upstream-repo', 'org/repo', '--upstream-path', 'x'],
      env: { GITHUB_TOKEN: t, GITHUB_API_URL: 'http://127.0.0.1:1' },
      values: [t]
    }
  })
  const actionCase = (name, build) =>
    cat.run(name, async () => {
      const { inputs, env = {}, values } = build()
      const r = await runAction(
        ws,
        { 'spec-folder': 'specs', 'api-id': 'seca', ...inputs },
        { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...env }
      )
      if (r.timedOut) return 'timed out'
      return leaks(values, {
        stdout: r.stdout,
        stderr: r.stderr,
        summary: r.summary,
        outputs: r.output
      })
    })
  const azureInputs = {
    'subscription-id': emu.subscriptionId,
    'resource-group': emu.resourceGroup,
    'service-name': emu.serviceName,
    'arm-endpoint': emu.armEndpoint
  }
  await actionCase('action plan on a PR, GitHub answers 500, both tokens', () => {
    gh.fail = 500
    return {
      inputs: {
        mode: 'plan',
        ...azureInputs,
        'access-token': emu.token,
        'github-token': (this_gh = secret('L'))
      },
      env: prEnv(ws, gh, 7),
      values: [emu.token, this_gh]
    }
  })
  gh.fail = 0
  await actionCase('action plan on a PR, 401 from APIM', () => {
    const t = secret('M')
    const g = secret('N')
    return {
      inputs: { mode: 'plan', ...azureInputs, 'access-token': t, 'github-token': g },
      env: prEnv(ws, gh, 8),
      values: [t, g]
    }
  })
  await actionCase('action apply, ARM endpoint refusing connections', () => {
    const t = secret('O')
    return {
      inputs: {
        mode: 'apply',
        ...azureInputs,
        'arm-endpoint': 'https://127.0.0.1:1',
        'access-token': t
      },
      values: [t]
    }
  })
  await actionCase('action plan, malformed token (newline)', () => {
    const t = `${secret('P')}\n${secret('Q')}`
    return { inputs: { mode: 'plan', ...azureInputs, 'access-token': t }, values: [t] }
  })
  await actionCase('action plan, bad input next to a token (usage error)', () => {
    const t = secret('R')
    return {
      inputs: { mode: 'plan', ...azureInputs, 'access-token': t, concurrency: '0x10' },
      values: [t]
    }
  })
  await actionCase('action apply, 401 from APIM, token with spaces around', () => {
    const t = secret('V')
    return { inputs: { mode: 'apply', ...azureInputs, 'access-token': `  ${t}  ` }, values: [t] }
  })
  await gh.close()
  await emu.stop()
  return cat
}
let this_gh
