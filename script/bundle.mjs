// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js, started by dist/cli.js) with
// @vercel/ncc. Each build has its own folder: ncc names lazy chunks `<id>.index.js`, and two builds
// in one folder would overwrite each other's. Users run dist/, so it is committed; .ci/run checks
// that it matches a fresh bundle of src/.
import ncc from '@vercel/ncc'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dist = path.join(root, 'dist')
const builds = [
  { entry: 'src/index.ts', dir: dist },
  { entry: 'src/cli-main.ts', dir: path.join(dist, 'cli') }
]

await fs.rm(dist, { recursive: true, force: true })
for (const { entry, dir } of builds) {
  const { code, assets } = await ncc(path.join(root, entry), {
    minify: true,
    sourceMap: false,
    quiet: true,
    target: 'es2023',
    cache: false
  })
  await fs.mkdir(dir, { recursive: true })
  await fs.writeFile(path.join(dir, 'index.js'), code)
  let total = Buffer.byteLength(code)
  for (const [name, asset] of Object.entries(assets ?? {})) {
    if (name === 'package.json') continue
    const target = path.join(dir, name)
    await fs.mkdir(path.dirname(target), { recursive: true })
    await fs.writeFile(target, asset.source)
    total += asset.source.length
  }
  await fs.writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  console.log(
    `${path.relative(root, dir) || 'dist'}/index.js: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KB (${(total / 1024).toFixed(0)} KB with lazy chunks)`
  )
}
await fs.writeFile(path.join(dist, 'cli.js'), "#!/usr/bin/env node\nimport './cli/index.js'\n", {
  mode: 0o755
})
