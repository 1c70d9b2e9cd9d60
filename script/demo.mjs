// The demo (`npm run demo`): the project's main job end to end on this machine.
// 1. starts the local APIM emulator (dist/cli.js emulator) and a fake backend on loopback;
// 2. plans and applies examples/azure-openai (Query scheme, api-version) and examples/ml-model
//    (Segment scheme) with the bundled CLI, as a user would;
// 3. plans again: no changes;
// 4. calls every imported version through the emulator's gateway (the openai package's
//    AzureOpenAI client for Azure OpenAI) and prints a table.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AzureOpenAI } from 'openai'
import { Agent, fetch } from 'undici'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const cli = path.join(root, 'dist', 'cli.js')
const started = performance.now()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-demo-'))

// A fake backend: answers chat completions, embeddings and model scores, echoing what it got.
const backend = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://backend')
  req.resume()
  req.on('end', () => {
    const version = url.searchParams.get('api-version')
    const body = url.pathname.endsWith('/chat/completions')
      ? {
          id: 'demo',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: `hello from the backend (api-version=${version})`
              }
            }
          ]
        }
      : { path: url.pathname, query: url.search, score: 0.87 }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  })
})
await new Promise((resolve) => backend.listen(0, '127.0.0.1', resolve))
const backendUrl = `http://127.0.0.1:${backend.address().port}`

const emulator = spawn(
  process.execPath,
  [cli, 'emulator', '--state', path.join(work, 'apim.json')],
  { stdio: ['ignore', 'pipe', 'inherit'] }
)
const ready = JSON.parse(
  await new Promise((resolve) =>
    emulator.stdout.once('data', (d) => resolve(String(d).split('\n')[0]))
  )
)
console.log(`APIM emulator ready: ARM ${ready.armEndpoint}, gateway ${ready.gatewayUrl}`)
console.log(`fake backend on ${backendUrl}\n`)

const azure = [
  '--subscription-id',
  ready.subscriptionId,
  '--resource-group',
  ready.resourceGroup,
  '--service-name',
  ready.serviceName,
  '--arm-endpoint',
  ready.armEndpoint
]
const apis = [
  [
    '--spec-folder',
    'examples/azure-openai',
    '--api-id',
    'azure-openai',
    '--api-display-name',
    'Azure OpenAI',
    '--api-path',
    'openai',
    '--service-url',
    `${backendUrl}/openai`
  ],
  [
    '--spec-folder',
    'examples/ml-model',
    '--api-id',
    'ml-model',
    '--api-path',
    'ml-model',
    '--versioning-scheme',
    'Segment',
    '--service-url',
    `${backendUrl}/models/{version}`,
    '--subscription-key-header',
    'Ocp-Apim-Subscription-Key'
  ]
]

function cliRun(args) {
  console.log(`$ apim-versions ${args.join(' ')}`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      // The token from the environment, not argv (which every process can read).
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: ready.caCertFile,
        APIM_ACCESS_TOKEN: ready.token
      },
      stdio: 'inherit'
    })
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`apim-versions ${args[0]} exited with ${code}`))
    )
  })
}

try {
  for (const api of apis) await cliRun(['plan', ...api, ...azure])
  console.log()
  for (const api of apis) await cliRun(['apply', ...api, ...azure])
  console.log()
  for (const api of apis) await cliRun(['plan', ...api, ...azure])

  // Every imported version, through the gateway.
  const dispatcher = new Agent({ connect: { ca: fs.readFileSync(ready.caCertFile) } })
  const rows = []
  for (const version of ['2024-02-01', '2024-05-01-preview', '2024-10-21']) {
    const client = new AzureOpenAI({
      endpoint: ready.gatewayUrl,
      apiKey: ready.subscriptionKey,
      apiVersion: version,
      deployment: 'gpt-4o',
      maxRetries: 0,
      fetch: (url, init) => fetch(url, { ...init, dispatcher })
    })
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }]
      })
      rows.push([
        'azure-openai',
        version,
        'AzureOpenAI chat.completions',
        '200',
        completion.choices[0].message.content
      ])
    } catch (err) {
      rows.push([
        'azure-openai',
        version,
        'AzureOpenAI chat.completions',
        String(err.status ?? 'error'),
        err.message
      ])
    }
  }
  for (const version of ['v1', 'v2']) {
    const res = await fetch(`${ready.gatewayUrl}/ml-model/${version}/score`, {
      method: 'POST',
      headers: {
        'Ocp-Apim-Subscription-Key': ready.subscriptionKey,
        'content-type': 'application/json'
      },
      body: '{"features": [1, 2, 3]}',
      dispatcher
    })
    const body = await res.json()
    rows.push([
      'ml-model',
      version,
      `POST /ml-model/${version}/score`,
      String(res.status),
      `backend saw ${body.path}${body.query}`
    ])
  }
  const notImported = await fetch(
    `${ready.gatewayUrl}/openai/deployments/gpt-4o/chat/completions?api-version=2023-05-15`,
    {
      method: 'POST',
      headers: { 'api-key': ready.subscriptionKey, 'content-type': 'application/json' },
      body: '{}',
      dispatcher
    }
  )
  rows.push([
    'azure-openai',
    '2023-05-15',
    'not imported: plain POST',
    String(notImported.status),
    (await notImported.text()).trim()
  ])

  const header = ['API', 'VERSION', 'CALL', 'STATUS', 'ANSWER']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  console.log('\nCalls through the gateway:')
  for (const row of [header, ...rows])
    console.log(
      '  ' + row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ')
    )
  const failures = rows.slice(0, -1).filter((r) => r[3] !== '200').length
  console.log(
    `\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s${failures ? `, ${failures} calls failed` : ''}`
  )
  process.exitCode = failures > 0 || rows.at(-1)[3] !== '404' ? 1 : 0
} finally {
  emulator.kill('SIGTERM')
  backend.close()
  fs.rmSync(work, { recursive: true, force: true })
}
