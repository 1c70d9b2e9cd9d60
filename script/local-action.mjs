#!/usr/bin/env node
// Runs the action locally against the local APIM emulator (docs/local.md):
//
//   node script/local-action.mjs [--env FILE] [--runner local-action|node] [--action FILE] [--state FILE]
//
// --env      the inputs (default .env, else .env.example), KEY=VALUE lines as in .env.example
// --runner   local-action (default): `npx --yes @github/local-action run . src/action/run.ts`, the
//            sources with @actions/core stubbed (installs from the npm registry on first use);
//            node: `node dist/index.js` as the runner starts it (INPUT_* variables, GITHUB_OUTPUT
//            and GITHUB_STEP_SUMMARY files), no network needed
// --action   what --runner node starts (default dist/index.js)
// --state    keep the emulator's state in this JSON file, so a plan after an apply sees it
//
// It starts `node dist/cli.js emulator`, adds its coordinates as the Azure inputs, hands its CA
// to the child by NODE_EXTRA_CA_CERTS (Node reads it only when it starts), makes the summary and
// output files, prints them, and stops the emulator. Exit code: the action's.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const LOCAL_ACTION = '@github/local-action@7'
const root = path.resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    env: { type: 'string' },
    runner: { type: 'string', default: 'local-action' },
    action: { type: 'string', default: path.join(root, 'dist', 'index.js') },
    state: { type: 'string' }
  }
})
if (!['local-action', 'node'].includes(values.runner)) {
  console.error(`--runner: '${values.runner}' is not one of local-action, node`)
  process.exit(2)
}
const envFile = values.env ?? (fs.existsSync(path.join(root, '.env')) ? '.env' : '.env.example')

/** KEY=VALUE lines; # comments and blank lines skipped; one pair of quotes removed. */
function readEnvFile(file) {
  const vars = {}
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!match || line.trimStart().startsWith('#')) continue
    vars[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2')
  }
  return vars
}

/** `node dist/cli.js emulator`, resolved with its first line: the coordinates as JSON. */
function startEmulator() {
  const args = [path.join(root, 'dist', 'cli.js'), 'emulator']
  if (values.state) args.push('--state', values.state)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let text = ''
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before starting`)))
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      text += chunk
      const newline = text.indexOf('\n')
      if (newline >= 0) resolve({ child, info: JSON.parse(text.slice(0, newline)) })
    })
  })
}

const vars = readEnvFile(envFile)
const { child: emulator, info } = await startEmulator()
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-local-action-'))
let code
try {
  // The machine's own extra CAs (a proxy's) stay trusted: the child needs both.
  const ca = path.join(temp, 'ca.pem')
  const own = process.env.NODE_EXTRA_CA_CERTS
  fs.writeFileSync(
    ca,
    [
      own && fs.existsSync(own) ? fs.readFileSync(own, 'utf8') : '',
      fs.readFileSync(info.caCertFile, 'utf8')
    ].join('\n')
  )
  const summary = path.join(temp, 'summary.md')
  const output = path.join(temp, 'output.txt')
  fs.writeFileSync(summary, '')
  fs.writeFileSync(output, '')
  const action = {
    GITHUB_WORKSPACE: root,
    ...vars,
    'INPUT_SUBSCRIPTION-ID': info.subscriptionId,
    'INPUT_RESOURCE-GROUP': info.resourceGroup,
    'INPUT_SERVICE-NAME': info.serviceName,
    'INPUT_ARM-ENDPOINT': info.armEndpoint,
    'INPUT_ACCESS-TOKEN': info.token,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output
  }
  const env = { ...process.env, ...action, NODE_EXTRA_CA_CERTS: ca }
  let command, args
  if (values.runner === 'node') {
    command = process.execPath
    args = [values.action]
  } else {
    // local-action loads its .env itself (over the environment); it gets the whole set, in a
    // file only this user can read. npm_config_yes answers the prompt of the `npm exec tsx` it
    // runs inside, which would otherwise wait for a keypress.
    const dotenv = path.join(temp, 'local-action.env')
    const lines = Object.entries(action).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)
    fs.writeFileSync(dotenv, lines.join('\n') + '\n', { mode: 0o600 })
    env.npm_config_yes = 'true'
    command = process.platform === 'win32' ? 'npx.cmd' : 'npx'
    args = ['--yes', LOCAL_ACTION, 'run', '.', 'src/action/run.ts', dotenv]
  }
  console.log(
    `APIM emulator at ${info.armEndpoint}; inputs from ${envFile}; runner ${values.runner}`
  )
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  code = await new Promise((resolve) => child.once('close', (c) => resolve(c ?? 1)))
  console.log(`\n--- job summary (${summary}) ---\n${fs.readFileSync(summary, 'utf8')}`)
  const outputs = fs.readFileSync(output, 'utf8')
  if (outputs) console.log(`--- outputs (${output}) ---\n${outputs}`)
} finally {
  emulator.kill()
  fs.rmSync(path.join(temp, 'local-action.env'), { force: true })
}
process.exit(code)
