// Runs several CLI commands one after another in this one process, as `apim-versions` would run
// each (dist/index.js's cli(), with its arguments and working folder): what bench/scale.mjs's
// "one process" run times. Reads the runs as JSON from APIMV_RUNS ([{ cwd, args }]); writes one
// line per run to stderr (`run <i>: exit <code>, <ms> ms`); exits 1 if any run failed.
//
//   APIMV_RUNS='[…]' node bench/in-process.mjs [dist/cli.js]
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const cliFile = path.resolve(process.argv[2] ?? 'dist/cli.js')
const { cli } = await import(pathToFileURL(path.join(path.dirname(cliFile), 'index.js')).href)
const runs = JSON.parse(process.env.APIMV_RUNS ?? '[]')
let failed = 0
for (const [i, run] of runs.entries()) {
  process.chdir(run.cwd)
  process.argv = [process.argv[0], cliFile, ...run.args]
  process.exitCode = 0
  const started = performance.now()
  await cli()
  const code = process.exitCode ?? 0
  if (code !== 0) failed++
  process.stderr.write(`run ${i}: exit ${code}, ${Math.round(performance.now() - started)} ms\n`)
}
process.exitCode = failed > 0 ? 1 : 0
