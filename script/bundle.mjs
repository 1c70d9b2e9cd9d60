// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with @vercel/ncc.
// Users run dist/, so it is committed; .ci/run checks it matches a fresh bundle of src/.
import ncc from '@vercel/ncc'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dist = path.join(root, 'dist')
const entries = [
  { entry: 'src/index.ts', out: 'index.js' },
  { entry: 'src/cli-main.ts', out: 'cli.js', shebang: true }
]

await fs.rm(dist, { recursive: true, force: true })
await fs.mkdir(dist, { recursive: true })
for (const { entry, out, shebang } of entries) {
  const { code, assets } = await ncc(path.join(root, entry), {
    minify: true,
    sourceMap: false,
    quiet: true,
    target: 'es2023',
    cache: false
  })
  const body = code.startsWith('#!') ? code : (shebang ? '#!/usr/bin/env node\n' : '') + code
  await fs.writeFile(path.join(dist, out), body, { mode: shebang ? 0o755 : 0o644 })
  for (const [name, asset] of Object.entries(assets ?? {})) {
    if (name === 'package.json') continue
    const target = path.join(dist, name)
    await fs.mkdir(path.dirname(target), { recursive: true })
    await fs.writeFile(target, asset.source)
  }
  const { size } = await fs.stat(path.join(dist, out))
  console.log(`dist/${out}: ${(size / 1024).toFixed(0)} KB`)
}
await fs.writeFile(path.join(dist, 'package.json'), '{ "type": "module" }\n')
