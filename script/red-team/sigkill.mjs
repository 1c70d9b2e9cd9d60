import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {
  CLI,
  EXAMPLE,
  opts,
  children,
  tempDir,
  cli,
  cleanEnv,
  startEmulator,
  comparableState,
  firstDiff,
  parseJson,
  Category
} from './plumbing.mjs'

// ---------------------------------------------------------------------------------------------
// 5. SIGKILL ×20.

export async function sigkill() {
  const cat = new Category(5, 'SIGKILL')
  const ws = tempDir('kill')
  fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
  // Writes slowed down a little so that a kill can land in each step.
  const emuArgs = ['--latency-ms', '25', '--lro-ms', '150']
  const args = (emu) => [
    'apply',
    'specs',
    '--api-id',
    'crash',
    '--api-path',
    'openai',
    '--service-url',
    'http://127.0.0.1:9/openai',
    '--concurrency',
    '2',
    ...emu.azure
  ]
  let killedLate = 0
  const ref = await startEmulator(emuArgs)
  const t0 = Date.now()
  const clean = await cli(args(ref), { cwd: ws, env: ref.env, timeoutMs: 120_000 })
  const refMs = Date.now() - t0
  const expected = comparableState(await ref.control('GET', '/_emulator/state'))
  await ref.stop()
  if (clean.code !== 0) {
    await cat.run(
      'reference run',
      async () => `the uninterrupted run failed: exit ${clean.code} ${clean.stderr.slice(0, 200)}`
    )
    return cat
  }
  const countWrites = async (emu) =>
    ((await emu.control('GET', '/_emulator/requests')) ?? []).filter((q) =>
      /^(PUT|PATCH|DELETE)$/.test(q.method)
    ).length
  let seed = 11
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let trial = 0; trial < 20; trial++) {
    // 14 trials at a write: after the k-th write has arrived, plus 0-40 ms; 6 at a time from the
    // start of the process (its start-up, the reads, anywhere).
    const k = trial < 14 ? trial + 1 : 0
    const jitter = Math.round(rand() * 40)
    const delay = k ? jitter : Math.round(rand() * refMs * 0.8)
    await cat.run(
      k ? `kill ${jitter} ms after write ${k}` : `kill after ${delay} ms (of ${refMs})`,
      async () => {
        const emu = await startEmulator(emuArgs)
        try {
          const child = spawn(process.execPath, [CLI, ...args(emu)], {
            cwd: ws,
            env: { ...cleanEnv(), ...emu.env },
            stdio: 'ignore'
          })
          children.add(child)
          const exited = new Promise((r) =>
            child.once('exit', (code, signal) => r({ code, signal }))
          )
          const running = () => child.exitCode === null && child.signalCode === null
          if (k) {
            const deadline = Date.now() + 30_000
            while (running() && Date.now() < deadline && (await countWrites(emu)) < k)
              await new Promise((r) => setTimeout(r, 10))
          }
          await Promise.race([new Promise((r) => setTimeout(r, delay)), exited])
          child.kill('SIGKILL')
          const end = await exited
          children.delete(child)
          const writes = await countWrites(emu)
          const rerun = await cli(args(emu), { cwd: ws, env: emu.env, timeoutMs: 120_000 })
          const problems = []
          if (rerun.timedOut) problems.push('the re-run did not end')
          else if (rerun.code !== 0)
            problems.push(`the re-run: exit ${rerun.code} (${rerun.stderr.slice(0, 200)})`)
          const d = firstDiff(
            expected,
            comparableState(await emu.control('GET', '/_emulator/state'))
          )
          if (d) problems.push(`state differs from an uninterrupted run at ${d}`)
          const plan = await cli(
            [
              'plan',
              'specs',
              '--api-id',
              'crash',
              '--api-path',
              'openai',
              '--service-url',
              'http://127.0.0.1:9/openai',
              '--json',
              ...emu.azure
            ],
            { cwd: ws, env: emu.env }
          )
          const p = parseJson(plan.stdout)
          if (!p || p.hasChanges !== false)
            problems.push(
              `the re-plan is not empty: ${JSON.stringify(p?.counts) ?? plan.stderr.slice(0, 160)}`
            )
          if (opts.verbose)
            console.error(
              `    killed ${end.signal ? 'by SIGKILL' : `after it exited (${end.code})`} after ${writes} writes`
            )
          if (!end.signal) killedLate++
          return problems.length ? problems.join('; ') : undefined
        } finally {
          await emu.stop()
        }
      }
    )
  }
  // A trial whose run ended before the kill tested nothing: more than 3 is a defect of this script.
  if (killedLate > 3)
    cat.failures.push({
      name: 'script',
      problem: `${killedLate} of 20 runs ended before their kill`
    })
  return cat
}
