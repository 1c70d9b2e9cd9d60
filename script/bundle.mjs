// Bundles src/index.ts with @vercel/ncc into dist/index.js: one bundle serving the action (the
// runner starts dist/index.js) and the CLI (dist/cli.js imports it and calls cli()). ncc's
// `minify` covers only the entry, so the lazy chunks (`<id>.index.js`) are minified here with
// esbuild, which keeps the parentheses around each module's function: V8 then compiles it at
// once instead of parsing it twice (terser drops them, and the action started ~20 ms later).
// Assets no code path of ours uses (xdg-open, from @azure/identity's browser sign-in)
// are not shipped. Users run dist/, so it is committed; .ci/run checks that it matches a fresh
// bundle of src/.
import ncc from '@vercel/ncc'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dist = path.join(root, 'dist')
const UNUSED_ASSETS = new Set(['package.json', 'xdg-open'])

await fs.rm(dist, { recursive: true, force: true })
await fs.mkdir(dist, { recursive: true })
const { code, assets } = await ncc(path.join(root, 'src/index.ts'), {
  minify: true,
  sourceMap: false,
  quiet: true,
  target: 'es2023',
  cache: false
})
await fs.writeFile(path.join(dist, 'index.js'), code)
let total = Buffer.byteLength(code)
let chunks = 0
for (const [name, asset] of Object.entries(assets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
  if (UNUSED_ASSETS.has(name)) continue
  let source = asset.source
  if (/\.index\.js$/.test(name)) {
    const minified = transformSync(source.toString(), {
      minify: true,
      format: 'esm',
      target: 'node24'
    })
    source = Buffer.from(minified.code)
    chunks++
  }
  const target = path.join(dist, name)
  await fs.mkdir(path.dirname(target), { recursive: true })
  await fs.writeFile(target, source)
  total += source.length
}
await fs.writeFile(path.join(dist, 'package.json'), '{ "type": "module" }\n')
await fs.writeFile(
  path.join(dist, 'cli.js'),
  "#!/usr/bin/env node\nimport { cli } from './index.js'\n\nawait cli()\n",
  { mode: 0o755 }
)
console.log(
  `dist/index.js: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KB; with ${chunks} lazy chunks ${(total / 1024).toFixed(0)} KB`
)
