// The demo: what the spec engine makes of examples/azure-openai, through the bundled CLI
// (dist/cli.js), as a user runs it. Issue 4 extends it to plan and apply against the emulator.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const cli = path.join(root, 'dist', 'cli.js')
const folder = 'examples/azure-openai'

function step(title, args) {
  console.log(`\n$ apim-versions ${args.join(' ')}    # ${title}`)
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8'
  })
  process.stdout.write(
    result.stdout.length > 2400 ? result.stdout.slice(0, 2400) + '\n… (cut)\n' : result.stdout
  )
  if (result.status !== 0) {
    console.error(`failed with exit code ${result.status}`)
    process.exit(result.status ?? 1)
  }
  return result.stdout
}

const started = performance.now()
step('detect the versions, patch and fingerprint them', ['versions', folder])
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-demo-'))
try {
  step(
    'patch the preview spec: the edit report (with --keep-examples, only required flags change)',
    [
      'patch',
      `${folder}/preview/2024-05-01-preview/inference.json`,
      '--keep-examples',
      '--report',
      '-',
      '-o',
      path.join(out, 'inference.patched.json')
    ]
  )
} finally {
  fs.rmSync(out, { recursive: true, force: true })
}
step('what 2024-05-01-preview adds over 2024-02-01', [
  'diff',
  `${folder}/stable/2024-02-01/inference.json`,
  `${folder}/preview/2024-05-01-preview/inference.json`
])
console.log(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`)
