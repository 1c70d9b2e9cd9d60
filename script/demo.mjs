// The demo (`npm run demo`): the project's main job end to end on this machine.
// 1. starts the local APIM emulator (dist/cli.js emulator) and a fake backend on loopback;
// 2. plans and applies examples/azure-openai (Query scheme, api-version) and examples/ml-model
//    (Segment scheme) with the bundled CLI, as a user would;
// 3. plans again: no changes;
// 4. verifies every version through the emulator's gateway (apim-versions verify: the final
//    table), and calls one with the openai package's AzureOpenAI client and the product's key.
// The APIs join a product; Azure OpenAI's go to a backend entity with the gateway's managed
// identity, so callers hold only the product subscription's key.
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
const backendSaw = []
const backend = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://backend')
  backendSaw.push(req.headers)
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

// What a real service has before the action runs: a product callers subscribe to, and a key.
const dispatcher = new Agent({ connect: { ca: fs.readFileSync(ready.caCertFile) } })
const service = `${ready.armEndpoint}/subscriptions/${ready.subscriptionId}/resourceGroups/${ready.resourceGroup}/providers/Microsoft.ApiManagement/service/${ready.serviceName}`
async function arm(method, route, body) {
  const res = await fetch(`${service}/${route}?api-version=2024-05-01`, {
    method,
    headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    dispatcher
  })
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`)
  return res.json()
}
await arm('PUT', 'products/demo-product', {
  properties: { displayName: 'Demo product', subscriptionRequired: true, state: 'published' }
})
await arm('PUT', 'subscriptions/demo-sub', {
  properties: { scope: '/products/demo-product', displayName: 'Demo caller', state: 'active' }
})
const productKey = (await arm('POST', 'subscriptions/demo-sub/listSecrets')).primaryKey
console.log("product demo-product and subscription demo-sub created (the callers' key)\n")
const callers = ['--products', 'demo-product', '--verify-subscription', 'demo-sub']

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
    `${backendUrl}/openai`,
    '--backend-id',
    'aoai-backend',
    '--backend-auth',
    'managed-identity',
    ...callers
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
    'Ocp-Apim-Subscription-Key',
    ...callers
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

  // The final table: every version called once through the gateway with the product's key.
  console.log()
  let verifyFailed = false
  for (const api of apis) {
    try {
      await cliRun(['verify', ...api, ...azure])
    } catch {
      verifyFailed = true
    }
  }

  // A caller's view: the openai package through the gateway with the product key; the backend
  // is reached with the gateway's managed identity, never with the caller's key.
  const client = new AzureOpenAI({
    endpoint: ready.gatewayUrl,
    apiKey: productKey,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    fetch: (url, init) => fetch(url, { ...init, dispatcher })
  })
  const seenBefore = backendSaw.length
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }]
  })
  const seen = backendSaw[seenBefore] ?? {}
  const bearer = /^Bearer /.test(seen.authorization ?? '')
  const keyless = seen['api-key'] === undefined
  console.log(
    `\nAzureOpenAI chat.completions with the product key: "${completion.choices[0].message.content}"; ` +
      `the backend saw ${bearer ? 'Authorization: Bearer …' : 'no bearer token'} and ${keyless ? 'no api-key' : 'an api-key'}`
  )
  const ok = !verifyFailed && bearer && keyless
  console.log(
    `\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s${ok ? '' : ', with failures (see above)'}`
  )
  process.exitCode = ok ? 0 : 1
} finally {
  emulator.kill('SIGTERM')
  backend.close()
  fs.rmSync(work, { recursive: true, force: true })
}
