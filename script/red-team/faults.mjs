import fs from 'node:fs'
import path from 'node:path'
import { EXAMPLE, tempDir, cli, stackOf, startEmulator, parseJson, Category } from './plumbing.mjs'

// ---------------------------------------------------------------------------------------------
// 4. Faults, hangs included.

export async function faults() {
  const cat = new Category(4, 'faults')
  const cases = [
    {
      name: 'latency 400 ms on every ARM call',
      emulator: ['--latency-ms', '400'],
      faults: [],
      expect: {}
    },
    {
      name: '429 with Retry-After 2 (version set), twice',
      faults: [{ method: 'PUT', path: '/apiVersionSets/', response: 429, retryAfter: 2, times: 2 }],
      expect: {}
    },
    {
      name: '429 with Retry-After 86400 (one import)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-05-01-preview$',
          response: 429,
          retryAfter: 86400,
          times: 100
        }
      ],
      expect: { '2024-05-01-preview': /Retry-After|retry/i },
      maxMs: 60_000
    },
    {
      name: '409 persistent on one import',
      faults: [{ method: 'PUT', path: '/apis/{id}-2024-02-01$', response: 409, times: 100 }],
      expect: { '2024-02-01': /PessimisticConcurrencyConflict|in progress/ }
    },
    {
      name: '500 twice on policies',
      faults: [{ method: 'PUT', path: '/policies/', response: 500, times: 2 }],
      expect: {}
    },
    {
      name: 'one 503 on reading the APIs (plan read)',
      faults: [{ method: 'GET', path: '/apis$', response: 503, times: 1 }],
      expect: {}
    },
    {
      name: 'one 429 with Retry-After 1 on reading the version sets',
      faults: [{ method: 'GET', path: '/apiVersionSets', response: 429, retryAfter: 1, times: 1 }],
      expect: {}
    },
    {
      name: 'dropped connections on releases',
      faults: [{ method: 'PUT', path: '/releases/', response: 'drop', times: 3 }],
      expect: {}
    },
    {
      name: 'failed LRO once (import)',
      faults: [{ method: 'PUT', path: '/apis/{id}-2024-10-21$', response: 'lro-fail', times: 1 }],
      expect: {}
    },
    {
      name: 'failed LRO persistent (import)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-10-21$',
          response: 'lro-fail',
          times: 100,
          code: 'ValidationError'
        }
      ],
      expect: { '2024-10-21': /ValidationError|InternalServerError|fail/i }
    },
    {
      name: '429 without Retry-After on every write, 30% of the time',
      faults: [
        { method: 'PUT|PATCH|DELETE', path: '.*', response: 429, times: 1000, probability: 0.3 }
      ],
      expect: 'maybe'
    },
    {
      name: 'a hanging policy PUT (once)',
      faults: [
        {
          method: 'PUT',
          path: '/apis/{id}-2024-02-01/policies/policy$',
          response: 'hang',
          times: 1
        }
      ],
      expect: {}
    },
    {
      name: 'a hanging fragment PUT (once)',
      faults: [{ method: 'PUT', path: '/policyFragments/', response: 'hang', times: 1 }],
      expect: {}
    },
    {
      name: 'a hanging release PUT, persistent (one version)',
      faults: [
        { method: 'PUT', path: '/apis/{id}-2024-10-21/releases/', response: 'hang', times: 100 }
      ],
      expect: { '2024-10-21': /did not answer|time/i },
      slow: true
    }
  ]
  // The two single hangs and the persistent one are run concurrently with the rest (they wait on deadlines).
  const runCase = async (c, n) =>
    cat.run(c.name, async () => {
      const emu = await startEmulator(c.emulator ?? [])
      try {
        const ws = tempDir('fault')
        fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
        const id = `f${n}`
        for (const f of c.faults) await emu.fault({ ...f, path: f.path.replace('{id}', id) })
        const args = [
          'apply',
          'specs',
          '--api-id',
          id,
          '--service-url',
          'http://127.0.0.1:9/openai',
          '--json',
          ...emu.azure
        ]
        const bound = c.slow ? 420_000 : 120_000
        const r = await cli(args, { cwd: ws, env: emu.env, timeoutMs: bound })
        const problems = []
        if (r.timedOut) problems.push(`apply did not end within ${bound / 1000} s`)
        const stack = stackOf(r)
        if (stack) problems.push(`stack: ${stack}`)
        if (c.maxMs && r.ms > c.maxMs) problems.push(`took ${Math.round(r.ms / 1000)} s`)
        const out = parseJson(r.stdout)
        const results = out?.result?.versions
        const status = new Map((Array.isArray(results) ? results : []).map((v) => [v.version, v]))
        if (!r.timedOut && !status.size) {
          const said = r.stderr
            .split('\n')
            .filter((l) => !l.startsWith('APIM: '))
            .join(' ')
            .slice(0, 200)
          problems.push(`the whole run failed, no version applied (exit ${r.code}): ${said}`)
        } else if (!r.timedOut && c.expect !== 'maybe') {
          for (const v of ['2024-02-01', '2024-05-01-preview', '2024-10-21']) {
            const want = c.expect[v] ? 'failed' : 'done'
            const got = status.get(v)
            if (!got) {
              problems.push(`no result for ${v} (exit ${r.code}; ${r.stderr.slice(0, 160)})`)
              continue
            }
            if (got.status !== want)
              problems.push(
                `${v}: ${got.status} instead of ${want} (${JSON.stringify(got.error ?? '')})`
              )
            if (want === 'failed') {
              const said = `${JSON.stringify(got.error ?? '')} ${r.stderr}`
              if (!c.expect[v].test(said))
                problems.push(`${v}: the message does not say why (${JSON.stringify(got.error)})`)
              if (!r.stderr.includes(v))
                problems.push(`${v}: stderr does not name the failed version`)
            }
          }
          const wantCode = Object.keys(c.expect).length ? 1 : 0
          if (r.code !== wantCode) problems.push(`exit ${r.code} instead of ${wantCode}`)
        }
        await emu.control('DELETE', '/_emulator/faults')
        const again = await cli(args, { cwd: ws, env: emu.env, timeoutMs: 120_000 })
        if (again.code !== 0)
          problems.push(
            `the re-run without faults: exit ${again.code} (${again.stderr.slice(0, 160)})`
          )
        const plan = await cli(
          [
            'plan',
            'specs',
            '--api-id',
            id,
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
            `the second plan is not empty: ${JSON.stringify(p?.counts) ?? plan.stderr.slice(0, 160)}`
          )
        return problems.length ? problems.join('; ') : undefined
      } finally {
        await emu.stop()
      }
    })
  const slow = cases.filter((c) => /hang/.test(c.name))
  const fast = cases.filter((c) => !/hang/.test(c.name))
  await Promise.all([
    (async () => {
      for (const [i, c] of fast.entries()) await runCase(c, i)
    })(),
    ...slow.map((c, i) => runCase(c, 100 + i))
  ])
  return cat
}
