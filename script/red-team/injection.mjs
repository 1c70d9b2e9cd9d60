import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  EXAMPLE,
  tempDir,
  write,
  cli,
  stackOf,
  startEmulator,
  Category,
  API_VERSION,
  specObject,
  startFakeGitHub,
  runAction,
  prEnv
} from './plumbing.mjs'

// ---------------------------------------------------------------------------------------------
// 2. Injection.

/**
 * The markdown structure of a rendered text: per line, what is outside code spans and could
 * format, link, mention or open HTML. Spec text that is inert leaves it the same as plain text.
 */
function structure(md) {
  return md.split('\n').map((line) => {
    const tokens = []
    const lead = /^\s*(#{1,6} |[-+*] |\d+[.)] |>|\|)/.exec(line)
    if (lead) tokens.push(`lead:${lead[1].trim()}`)
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (ch === '\\') {
        i++
        continue
      }
      if (ch === '`') {
        let n = 1
        while (line[i + n] === '`') n++
        const fence = '`'.repeat(n)
        let k = i + n
        let close = -1
        while ((k = line.indexOf(fence, k)) >= 0) {
          if (line[k + n] !== '`' && line[k - 1] !== '`') {
            close = k
            break
          }
          while (line[k] === '`') k++
        }
        if (close < 0) {
          tokens.push('`unclosed')
          i += n - 1
          continue
        }
        const inner = line.slice(i + n, close)
        if (/<!--/.test(inner)) tokens.push('code:<!--')
        tokens.push('code')
        i = close + n - 1
        continue
      }
      const rest = line.slice(i)
      let m
      if ((m = /^<\/?[A-Za-z][\w-]*|^<!--|^<!|^<\?/.exec(rest))) tokens.push(`html:${m[0]}`)
      else if (ch === '|') tokens.push('|')
      else if (ch === '[' || ch === ']') tokens.push(ch)
      else if (ch === '*' || ch === '~') tokens.push(ch)
      else if (ch === '_' && !/\w/.test(line[i - 1] ?? '')) tokens.push('_')
      else if (ch === '@' && /[A-Za-z0-9]/.test(line[i + 1] ?? '')) tokens.push('@mention')
      else if (rest.startsWith('://') && line[i + 3] !== '\u200b') tokens.push('autolink')
      else if (/^www\.[^\u200b]/i.test(rest) && !/\w/.test(line[i - 1] ?? ''))
        tokens.push('autolink:www')
    }
    return tokens.join(' ')
  })
}

export function compareStructure(label, benign, evil) {
  const a = structure(benign)
  const b = structure(evil)
  if (a.length !== b.length) {
    // Show the first differing line.
    const al = benign.split('\n')
    const bl = evil.split('\n')
    let i = 0
    while (i < al.length && i < bl.length && structure(al[i])[0] === structure(bl[i])[0]) i++
    return `${label}: ${bl.length} lines instead of ${al.length} (line ${i + 1}: ${JSON.stringify(bl[i]?.slice(0, 140))})`
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i])
      return `${label} line ${i + 1}: structure '${b[i]}' instead of '${a[i]}' in ${JSON.stringify(evil.split('\n')[i].slice(0, 160))}`
  }
  return undefined
}

export async function injection() {
  const cat = new Category(2, 'injection')
  const emu = await startEmulator()
  const gh = await startFakeGitHub()
  const OTHER_MARKER =
    '<!-- apim-version-action:plan api=other service=apim-emulator%20(resource%20group%20rg-apim-emulator) -->'
  const payloads = [
    ['table pipes', '|a|b|c|'],
    ['backticks', '`x`` ```y'],
    ['HTML comment opener', '<!-- hide the rest'],
    ['closing details and summary', '</summary></details><details open><summary>x'],
    ['@mentions', '@octocat @org/team'],
    ['bare URLs', 'https://evil.example/x www.evil.example'],
    ['markdown links and images', '[click](https://evil.example) ![i](https://evil.example/i.png)'],
    ['XML/HTML < and &', '<script>alert(1)</script> &amp; &lt; <img src=x onerror=alert(1)>'],
    ["another API's plan-comment marker", OTHER_MARKER],
    ['newlines with heading and list', 'x\n# Heading\n- item\n\n> quote'],
    ['emphasis and strike', '**bold** _it_ ~~gone~~ *x*'],
    ['terminal escapes', '\u001b[31mRED\u001b[0m\rOVER\u0007'],
    ['leading heading marker', '# not a heading'],
    ['HTML entity and numeric references', '&#60;b&#62;x&#60;/b&#62; &commat;octocat']
  ]
  const nameSafe = (s) =>
    s
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      .replace(/[/\u0000]/g, '_')
      .replace(/\n/g, ' ')
      .slice(0, 120)
  /** The two-version spec folder with `p` everywhere spec text or names reach the outputs. */
  function build(ws, p) {
    const v1 = specObject('Inj')
    const v2 = specObject(p)
    v2.paths[`/inj/${p}`] = {
      get: {
        operationId: p,
        summary: p,
        description: p,
        parameters: [API_VERSION, { name: p, in: 'header', schema: { type: 'string' } }],
        responses: {
          200: {
            description: p,
            content: {
              [`application/${nameSafe(p).replace(/\s/g, '')}`]: { schema: { type: 'string' } }
            }
          }
        }
      }
    }
    v2.paths['/items'].get.summary = p
    v2.paths['/items'].get.parameters.push({ name: p, in: 'query', schema: { type: 'string' } })
    v2.components.schemas[p] = { type: 'string', title: p }
    v2.components.schemas.Item.properties[p] = { type: 'string' }
    write(
      path.join(ws, 'specs', 'stable', '2024-01-01', 'openapi.json'),
      JSON.stringify(v1, null, 2)
    )
    write(
      path.join(ws, 'specs', nameSafe(p), '2024-02-01', `${nameSafe(p)}.json`),
      JSON.stringify(v2, null, 2)
    )
  }
  async function render(p, n) {
    const ws = tempDir('inj')
    build(ws, p)
    const azure = {
      'subscription-id': emu.subscriptionId,
      'resource-group': emu.resourceGroup,
      'service-name': emu.serviceName,
      'arm-endpoint': emu.armEndpoint,
      'access-token': emu.token,
      'github-token': 'gh-token-inj'
    }
    const versions = await runAction(ws, { mode: 'versions', 'spec-folder': 'specs' })
    const pr = 1000 + n
    const plan = await runAction(
      ws,
      { mode: 'plan', 'spec-folder': 'specs', 'api-id': `inj${n}`, ...azure },
      { NODE_EXTRA_CA_CERTS: emu.caCertFile, ...prEnv(ws, gh, pr) }
    )
    const comments = gh.comments.get(pr) ?? []
    const dir = fs.readdirSync(path.join(ws, 'specs')).find((d) => d !== 'stable')
    const diff = await cli(
      [
        'diff',
        'specs/stable/2024-01-01/openapi.json',
        `specs/${dir}/2024-02-01/${fs.readdirSync(path.join(ws, 'specs', dir, '2024-02-01'))[0]}`
      ],
      { cwd: ws }
    )
    const text = await cli(['plan', 'specs', '--api-id', `inj${n}`, ...emu.azure], {
      cwd: ws,
      env: emu.env
    })
    const vtext = await cli(['versions', 'specs'], { cwd: ws })
    return { versions, plan, comments, diff, text, vtext }
  }
  const benign = await render('safe', 0)
  let n = 1
  for (const [name, p] of payloads) {
    const i = n++
    await cat.run(name, async () => {
      const evil = await render(p, i)
      const problems = []
      for (const [k, r] of Object.entries(evil)) {
        if (k === 'comments') continue
        if (r.timedOut) problems.push(`${k}: timed out`)
        const stack = stackOf(r)
        if (stack) problems.push(`${k}: ${stack}`)
      }
      if (evil.versions.code !== benign.versions.code || evil.plan.code !== benign.plan.code)
        problems.push(
          `action exit ${evil.versions.code}/${evil.plan.code} (benign ${benign.versions.code}/${benign.plan.code}): ${(
            evil.versions.stdout + evil.plan.stdout
          )
            .split('\n')
            .filter((l) => l.startsWith('::error'))
            .join(' ')
            .slice(0, 200)}`
        )
      const checks = [
        ['versions summary', benign.versions.summary, evil.versions.summary],
        ['plan summary', benign.plan.summary, evil.plan.summary],
        ['plan comment', benign.comments[0]?.body ?? '', evil.comments[0]?.body ?? ''],
        ['diff markdown', benign.diff.stdout, evil.diff.stdout]
      ]
      for (const [label, a, b] of checks) {
        const d = compareStructure(label, a, b)
        if (d) problems.push(d)
      }
      if (evil.comments.length !== 1) problems.push(`${evil.comments.length} plan comments written`)
      const body = evil.comments[0]?.body ?? ''
      if (
        (body.match(/<!--/g) ?? []).length !== 1 ||
        !body.startsWith('<!-- apim-version-action:plan api=inj')
      )
        problems.push(
          `the comment has ${(body.match(/<!--/g) ?? []).length} '<!--' (only its own marker on line 1 may)`
        )
      if (body.split('\n').some((l, k) => k > 0 && l.startsWith('<!-- apim-version-action:plan')))
        problems.push('a second marker line in the comment')
      for (const [label, r] of [
        ['plan summary', evil.plan.summary],
        ['versions summary', evil.versions.summary]
      ])
        if (r.includes('<!--')) problems.push(`${label} contains '<!--'`)
      // Terminal: no control characters from spec text on the CLI's text output.
      for (const [label, r] of [
        ['plan text', evil.text],
        ['versions text', evil.vtext],
        ['diff', evil.diff]
      ]) {
        // eslint-disable-next-line no-control-regex -- control characters are what it looks for
        const m = /[^\n]*[\u0000-\u0008\u000b-\u001f\u007f][^\n]*/.exec(r.stdout + r.stderr)
        if (m)
          problems.push(
            `${label}: control characters from the spec reach the terminal: ${JSON.stringify(m[0].slice(0, 140))}`
          )
      }
      return problems.length ? problems.join('; ') : undefined
    })
  }

  // Policy XML: what inputs put into policies must stay XML-escaped (the stored policy parses).
  const xmlCases = [
    [
      'policy-file placeholders with XML text around',
      { 'version-parameter': 'api-version' },
      '<policies><inbound><base /><set-header name="x-v" exists-action="override"><value>{version}|{api-id}|{fragment-id}|{version-parameter}</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
    ],
    ['version-parameter with XML characters', { 'version-parameter': 'v"/><x a="&' }, undefined],
    [
      'api-display-name with XML and markdown',
      { 'api-display-name': '<b>&"\'</b> | @octocat `x` <!-- m -->' },
      undefined
    ]
  ]
  for (const [name, extra, template] of xmlCases) {
    await cat.run(`policy XML: ${name}`, async () => {
      const ws = tempDir('xml')
      fs.cpSync(EXAMPLE, path.join(ws, 'specs'), { recursive: true })
      const id = `xml${crypto.randomBytes(3).toString('hex')}`
      const args = [
        'apply',
        'specs',
        '--api-id',
        id,
        '--service-url',
        'http://127.0.0.1:9/openai',
        ...emu.azure
      ]
      for (const [k, v] of Object.entries(extra)) args.push(`--${k}`, v)
      if (template) {
        write(path.join(ws, 'policy.xml'), template)
        args.push('--policy-file', 'policy.xml')
      }
      const r = await cli(args, { cwd: ws, env: emu.env, timeoutMs: 120_000 })
      const stack = stackOf(r)
      if (stack) return `stack: ${stack}`
      if (r.timedOut) return 'timed out'
      if (r.code === 2)
        return r.stderr.split('\n')[0].includes(Object.keys(extra)[0])
          ? undefined
          : `refused without naming the flag: ${r.stderr.slice(0, 200)}`
      const state = await emu.control('GET', '/_emulator/state')
      const xmls = []
      const visit = (v, where) => {
        if (typeof v === 'string' && /^\s*<(policies|fragment)/.test(v) && where.includes(id))
          xmls.push([where, v])
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) visit(x, `${where}/${k}`)
      }
      visit(state, '')
      if (!xmls.length)
        return `exit ${r.code}, no policy of ${id} in the emulator state (${r.stderr.slice(0, 160)})`
      for (const [where, xml] of xmls) {
        const bad = xmlProblem(xml)
        if (bad) return `${where}: ${bad}`
      }
      const display = extra['api-display-name']
      if (display && r.stdout.includes('<!--'))
        return "the CLI's output carries '<!--' of the display name"
      return r.code === 0 ? undefined : `exit ${r.code}: ${r.stderr.slice(0, 200)}`
    })
  }
  await gh.close()
  await emu.stop()
  return cat
}

/** A small well-formedness check: balanced tags, quoted attributes, no raw & or < in text. */
export function xmlProblem(xml) {
  const stack = []
  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/g
  let m
  while ((m = re.exec(xml))) {
    if (m[0].startsWith('<!')) continue
    if (m[0] === '<')
      return `a raw '<' at ${m.index}: ${JSON.stringify(xml.slice(m.index, m.index + 60))}`
    if (m[0].startsWith('&'))
      return `a raw '&' at ${m.index}: ${JSON.stringify(xml.slice(m.index, m.index + 60))}`
    if (m[4]) continue
    if (m[1]) {
      if (stack.pop() !== m[2]) return `unbalanced </${m[2]}>`
    } else stack.push(m[2])
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : undefined
}
