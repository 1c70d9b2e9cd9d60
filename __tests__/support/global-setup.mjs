// Before the tests: bundles src/ as dist/ is bundled (one entry, dist/cli.js beside it), but with
// esbuild into build/e2e/ in under a second, so the tests that start the action or the CLI as a
// process run this change's code and start as fast as the real bundle. dist/ itself is checked
// by .ci/run (it must equal a fresh `npm run bundle`) and by bundle.test.ts.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

export const E2E_BUILD = path.join(process.cwd(), 'build', 'e2e')

export default async function globalSetup() {
  fs.rmSync(E2E_BUILD, { recursive: true, force: true })
  await build({
    entryPoints: { index: 'src/index.ts' },
    outdir: E2E_BUILD,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    // CommonJS packages inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
    },
    logLevel: 'warning'
  })
  fs.writeFileSync(path.join(E2E_BUILD, 'package.json'), '{ "type": "module" }\n')
  fs.writeFileSync(
    path.join(E2E_BUILD, 'cli.js'),
    "import { cli } from './index.js'\n\nawait cli()\n"
  )
}
