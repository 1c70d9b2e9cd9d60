import fs from 'node:fs'
import path from 'node:path'
import { EXAMPLE, tempDir, cli, stackOf, Category } from './plumbing.mjs'

// ---------------------------------------------------------------------------------------------
// 6. Bad inputs.

export async function badInputs() {
  const cat = new Category(6, 'bad inputs')
  const az = [
    '--subscription-id',
    '00000000-0000-0000-0000-000000000000',
    '--resource-group',
    'rg',
    '--service-name',
    'svc'
  ]
  const apply = (...a) => ['apply', 'specs', ...a]
  const cases = [
    ['empty --api-id', apply('--api-id', ''), 'api-id'],
    ['whitespace-only --api-id', apply('--api-id', '   '), 'api-id'],
    ['--api-id with a space', apply('--api-id', 'a b'), 'api-id'],
    ['--api-id with a slash', apply('--api-id', 'a/b'), 'api-id'],
    ['--api-id ../../x', apply('--api-id', '../../x'), 'api-id'],
    ['--api-id of 81 characters', apply('--api-id', 'a'.repeat(81)), 'api-id'],
    ['--api-id of 61 characters', apply('--api-id', 'a'.repeat(61)), 'api-id'],
    ['--api-id with unicode', apply('--api-id', 'apí'), 'api-id'],
    ['missing --api-id', apply(), 'api-id'],
    ['--concurrency 1e1', apply('--api-id', 'x', '--concurrency', '1e1'), 'concurrency'],
    ['--concurrency 0x10', apply('--api-id', 'x', '--concurrency', '0x10'), 'concurrency'],
    ['--concurrency -1', apply('--api-id', 'x', '--concurrency', '-1'), 'concurrency'],
    ['--concurrency 0', apply('--api-id', 'x', '--concurrency', '0'), 'concurrency'],
    ['--concurrency 33', apply('--api-id', 'x', '--concurrency', '33'), 'concurrency'],
    ['--concurrency +3', apply('--api-id', 'x', '--concurrency', '+3'), 'concurrency'],
    ['--concurrency 4.0', apply('--api-id', 'x', '--concurrency', '4.0'), 'concurrency'],
    ['--concurrency empty', apply('--api-id', 'x', '--concurrency', ''), 'concurrency'],
    [
      '--versioning-scheme Path',
      apply('--api-id', 'x', '--versioning-scheme', 'Path'),
      'versioning-scheme'
    ],
    [
      '--on-spec-change maybe',
      apply('--api-id', 'x', '--on-spec-change', 'maybe'),
      'on-spec-change'
    ],
    ['--azure-cloud mars', apply('--api-id', 'x', ...az, '--azure-cloud', 'mars'), 'azure-cloud'],
    [
      '--include-previews yes',
      apply('--api-id', 'x', '--include-previews', 'yes'),
      'include-previews'
    ],
    ['--prune 1', apply('--api-id', 'x', '--prune', '1'), 'prune'],
    [
      '--subscription-required maybe',
      apply('--api-id', 'x', '--subscription-required', 'maybe'),
      'subscription-required'
    ],
    ['unknown flag', apply('--api-id', 'x', '--frobnicate'), '--frobnicate'],
    [
      'unknown flag with a value',
      apply('--api-id', 'x', '--spec-folder=specs', '--servicename', 'svc'),
      '--servicename'
    ],
    [
      '--emulator with --subscription-id',
      apply('--api-id', 'x', '--emulator', '--subscription-id', 'sub'),
      'emulator'
    ],
    ['--emulator with all Azure flags', apply('--api-id', 'x', '--emulator', ...az), 'emulator'],
    [
      'empty --subscription-id',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        '',
        '--resource-group',
        'rg',
        '--service-name',
        'svc'
      ),
      'subscription-id'
    ],
    [
      '--subscription-id not a GUID',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        'sub',
        '--resource-group',
        'rg',
        '--service-name',
        'svc'
      ),
      'subscription-id'
    ],
    ['empty --service-name only', apply('--api-id', 'x', '--service-name', ''), 'service-name'],
    [
      'whitespace --resource-group',
      apply(
        '--api-id',
        'x',
        '--subscription-id',
        '00000000-0000-0000-0000-000000000000',
        '--resource-group',
        ' ',
        '--service-name',
        'svc'
      ),
      'resource-group'
    ],
    ['empty --arm-endpoint', apply('--api-id', 'x', ...az, '--arm-endpoint', ''), 'arm-endpoint'],
    [
      '--arm-endpoint not a URL',
      apply('--api-id', 'x', ...az, '--arm-endpoint', 'not a url'),
      'arm-endpoint'
    ],
    ['empty --access-token', apply('--api-id', 'x', ...az, '--access-token', ''), 'access-token'],
    [
      '--client-id without --tenant-id',
      apply('--api-id', 'x', ...az, '--client-id', 'c'),
      'tenant-id'
    ],
    ['--api-path with a space', apply('--api-id', 'x', '--api-path', 'a b'), 'api-path'],
    ['--api-path ../x', apply('--api-id', 'x', '--api-path', '../x'), 'api-path'],
    ['--api-path a//b', apply('--api-id', 'x', '--api-path', 'a//b'), 'api-path'],
    ['--api-path with a query', apply('--api-id', 'x', '--api-path', 'a?b=1'), 'api-path'],
    ['empty --spec-folder', ['apply', '--spec-folder', '', '--api-id', 'x'], 'spec-folder'],
    ['--service-url not a URL', apply('--api-id', 'x', '--service-url', 'no url'), 'service-url'],
    [
      '--service-url javascript:',
      apply('--api-id', 'x', '--service-url', 'javascript:alert(1)'),
      'service-url'
    ],
    [
      '--version-parameter with a space',
      apply('--api-id', 'x', '--version-parameter', 'api version'),
      'version-parameter'
    ],
    ['--fragment-id a/b', apply('--api-id', 'x', '--fragment-id', 'a/b'), 'fragment-id'],
    // A file that is not there is a failure like a missing spec folder (exit 1, docs/cli.md).
    [
      '--policy-file missing',
      apply('--api-id', 'x', '--policy-file', 'nope.xml'),
      'policy-file',
      [1, 2]
    ],
    ['--min-version empty', apply('--api-id', 'x', '--min-version', ''), 'min-version'],
    [
      'DIR and --spec-folder both',
      ['apply', 'specs', '--spec-folder', 'other', '--api-id', 'x'],
      'spec-folder'
    ],
    [
      '--upstream-repo not owner/name',
      ['sync-upstream', 'specs', '--upstream-repo', 'not a repo'],
      'upstream-repo'
    ],
    [
      '--upstream-repo ../../x',
      ['sync-upstream', 'specs', '--upstream-repo', '../../x'],
      'upstream-repo'
    ],
    [
      '--upstream-path ../..',
      ['sync-upstream', 'specs', '--upstream-repo', 'o/r', '--upstream-path', '../..'],
      'upstream-path'
    ],
    ['emulator --port 1e3', ['emulator', '--port', '1e3'], 'port'],
    ['emulator --port 70000', ['emulator', '--port', '70000'], 'port'],
    ['emulator --latency-ms -5', ['emulator', '--latency-ms', '-5'], 'latency-ms'],
    ['emulator --latency-ms=-5', ['emulator', '--latency-ms=-5'], 'latency-ms'],
    ['unknown command', ['aply', 'specs', '--api-id', 'x'], 'aply'],
    ['--json=maybe', apply('--api-id', 'x', '--json=maybe'), 'json']
  ]
  for (const [name, args, flag, codes = [2]] of cases) {
    await cat.run(name, async () => {
      const ws = tempDir('input')
      fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
      const r = await cli(args, {
        cwd: ws,
        env: { GITHUB_TOKEN: 'gh-dummy', GITHUB_API_URL: 'http://127.0.0.1:1' },
        timeoutMs: 30_000
      })
      const problems = []
      if (r.timedOut) problems.push('no end within 30 s')
      if (!codes.includes(r.code)) problems.push(`exit ${r.code} instead of ${codes.join(' or ')}`)
      const stack = stackOf(r)
      if (stack) problems.push(`stack: ${stack}`)
      // The message is the first line (the usage and a pointer to --help may follow).
      const first = r.stderr.split('\n')[0]
      if (!first.trim()) problems.push('nothing on stderr')
      else if (!first.includes(flag))
        problems.push(`the message does not name ${flag}: ${JSON.stringify(first.slice(0, 200))}`)
      if (r.stdout.trim()) problems.push(`stdout: ${r.stdout.slice(0, 100)}`)
      if (fs.existsSync(path.join(ws, '.apim-emulator'))) problems.push('.apim-emulator/ written')
      const entries = fs.readdirSync(ws).filter((e) => e !== 'specs')
      if (entries.length) problems.push(`wrote ${entries.join(', ')}`)
      return problems.length ? problems.join('; ') : undefined
    })
  }
  return cat
}
