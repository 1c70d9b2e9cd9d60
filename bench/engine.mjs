// Bundles a src/ module with ncc (as dist/ is built) into build/bench/ and imports it, so the
// benchmarks measure the code users run without exporting a library from dist/.
import ncc from '@vercel/ncc'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

export async function loadEngine(entry, { reuse = false } = {}) {
  const out = path.join(root, 'build', 'bench', path.basename(entry).replace(/\.ts$/, '.mjs'))
  if (reuse) return import(pathToFileURL(out).href)
  const { code } = await ncc(path.join(root, entry), {
    minify: process.env.BENCH_NO_MINIFY ? false : true,
    quiet: true,
    cache: false,
    target: 'es2023'
  })
  await fs.mkdir(path.dirname(out), { recursive: true })
  await fs.writeFile(out, code)
  return import(pathToFileURL(out).href)
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { min: sorted[0], median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] }
}

export const ms = (n) => `${n.toFixed(1)} ms`

export function machine() {
  return `node ${process.version}, ${process.platform}/${process.arch}`
}
