import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {
  tempDir,
  write,
  cli,
  stackOf,
  parseJson,
  Category,
  goodJson,
  GOOD,
  BAD
} from './plumbing.mjs'
import { parsingCases } from './bad-specs-cases-parsing.mjs'
import { structureCases } from './bad-specs-cases-structure.mjs'

// ---------------------------------------------------------------------------------------------
// 1. Bad specs.

export async function badSpecs() {
  const cat = new Category(1, 'bad specs')
  const outside = tempDir('outside')
  write(path.join(outside, 'secret.json'), goodJson('OUTSIDE-SECRET-TITLE'))
  write(path.join(outside, '2024-02-01', 'openapi.json'), goodJson('OUTSIDE-SECRET-TITLE'))
  // A $ref trap: any request to it is a fetch of a remote $ref.
  let trapHits = 0
  const trap = http.createServer((req, res) => {
    trapHits++
    res.end(JSON.stringify({ type: 'object' }))
  })
  await new Promise((r) => trap.listen(0, '127.0.0.1', r))
  const trapUrl = `http://127.0.0.1:${trap.address().port}`

  // expect: 'error' — refused, named, not listed; 'either' — accepted, or refused and named.
  // file: where the bad spec goes (relative to specs/); names: what stderr must name on refusal;
  // line: refusal must carry file:line.
  const cases = [
    ...parsingCases(),
    ...structureCases({ outside, trapUrl, trapHits: () => trapHits })
  ]

  for (const c of cases) {
    await cat.run(c.name, async () => {
      const ws = tempDir('bad')
      const specs = path.join(ws, 'specs')
      const goodAt = path.join(specs, c.goodAt ?? `${GOOD}/openapi.json`)
      write(goodAt, goodJson())
      const target = path.join(specs, c.file)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      if (c.symlink) fs.symlinkSync(c.symlink, target)
      else if (c.fifo) execFileSync('mkfifo', [target])
      else if (c.dir) fs.mkdirSync(path.dirname(target), { recursive: true })
      else write(target, typeof c.content === 'function' ? c.content() : c.content)
      for (const [rel, text] of Object.entries(c.extra ?? {})) write(path.join(specs, rel), text)
      const names = c.names ?? BAD
      const timeoutMs = c.timeoutMs ?? 60_000
      const problems = []
      const runs = {
        versions: await cli(['versions', 'specs', '--json'], { cwd: ws, timeoutMs }),
        plan: await cli(['plan', 'specs', '--api-id', 'rt', '--emulator', '--json'], {
          cwd: ws,
          timeoutMs
        })
      }
      for (const [cmd, r] of Object.entries(runs)) {
        if (r.timedOut) {
          problems.push(`${cmd}: no end within ${timeoutMs / 1000} s`)
          continue
        }
        const stack = stackOf(r)
        if (stack) problems.push(`${cmd}: stack trace or internal error (${stack})`)
        const out = parseJson(r.stdout)
        const listed = (cmd === 'versions' ? out : out?.versions)?.map((v) => v.version)
        if (!listed) {
          problems.push(
            `${cmd}: exit ${r.code}, no JSON on stdout (${r.stderr.trim().split('\n')[0]?.slice(0, 160)})`
          )
          continue
        }
        if (!listed.includes(GOOD))
          problems.push(
            `${cmd}: the good sibling ${GOOD} was dropped (exit ${r.code}; ${r.stderr.trim().split('\n')[0]?.slice(0, 160)})`
          )
        const errorLines = r.stderr.split('\n').filter((l) => /^(error|warning): /.test(l))
        const named = errorLines.find((l) => l.includes(names))
        if (c.expect === 'error') {
          if (r.code === 0) problems.push(`${cmd}: exit 0 for a bad spec`)
          if (listed.includes(BAD) && c.file.startsWith(BAD))
            problems.push(`${cmd}: the bad version ${BAD} was listed/planned`)
        }
        if (r.code !== 0 || (c.expect === 'error' && !listed.includes(BAD))) {
          if (!named)
            problems.push(
              `${cmd}: exit ${r.code} without an error naming ${names} (${r.stderr.trim().slice(0, 160) || 'stderr empty'})`
            )
          else if (c.line && !new RegExp(`${names}/[^:]+:\\d+`).test(named))
            problems.push(`${cmd}: no line in '${named.slice(0, 160)}'`)
        }
        if (`${r.stdout}${r.stderr}`.includes('OUTSIDE-SECRET-TITLE'))
          problems.push(`${cmd}: read the file outside the folder`)
      }
      if (c.check) {
        const p = c.check(ws)
        if (p) problems.push(p)
      }
      if (c.fifo) {
        // Unblock anything still holding the FIFO open for reading.
        try {
          const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)
          fs.closeSync(fd)
        } catch {
          /* nobody reading */
        }
      }
      return problems.length ? problems.join('; ') : undefined
    })
  }
  await new Promise((r) => trap.close(r))
  return cat
}
