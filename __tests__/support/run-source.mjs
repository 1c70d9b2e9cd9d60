// `node --import ./__tests__/support/run-source.mjs <file.ts>` runs the TypeScript sources as they
// are (Node's own type stripping, imports written `./x.js` resolved to `./x.ts`), so the tests that
// start a process test src/ and emulator/, not the committed bundle. Needs Node ≥ 22.15.
import { existsSync, readFileSync } from 'node:fs'
import { registerHooks, stripTypeScriptTypes } from 'node:module'
import { fileURLToPath } from 'node:url'

if (!registerHooks || !stripTypeScriptTypes) {
  throw new Error(
    `running the sources needs Node 22.15 or newer (this is ${process.version}): use Node 24`
  )
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.{1,2}\/.*\.js$/.test(specifier) && context.parentURL?.endsWith('.ts')) {
      const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
      if (existsSync(fileURLToPath(source))) return nextResolve(source.href, context)
    }
    return nextResolve(specifier, context)
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context)
    const text = readFileSync(fileURLToPath(url), 'utf8')
    return {
      format: 'module',
      source: stripTypeScriptTypes(text, { mode: 'transform', sourceUrl: url }),
      shortCircuit: true
    }
  }
})
