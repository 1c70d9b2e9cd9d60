import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { parse as parseYaml, parseDocument } from 'yaml'
import { tempDir } from './support/temp.js'

// The README's inputs and outputs tables are generated from action.yml by script/readme-table.mjs
// (`--check` exits 1 when README.md is stale). These tests run that check on the real files, prove
// it catches a missing, stale or extra row, and keep the README short and its links alive.

interface CheckResult {
  ok: boolean
  problems: string[]
  expected: string
}
interface ReadmeTable {
  check(readme: string, actionYaml: string): CheckResult
  generate(readme: string, actionYaml: string): string
  escapeCell(text: string): string
  codeCell(text: string): string
}

const ROOT = process.cwd()
const SCRIPT = path.join(ROOT, 'script', 'readme-table.mjs')
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const ACTION = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')

let table: ReadmeTable
beforeAll(async () => {
  table = (await import(SCRIPT)) as ReadmeTable
})

/** Runs the script as CI would, on the given files. */
function runScript(args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** Copies README.md and an action.yml text into a temp folder. */
function copies(actionYaml: string, readme = README) {
  const dir = tempDir('apimv-readme-')
  const action = path.join(dir, 'action.yml')
  const readmeFile = path.join(dir, 'README.md')
  fs.writeFileSync(action, actionYaml)
  fs.writeFileSync(readmeFile, readme)
  return { action, readme: readmeFile }
}

/** The section of the README between a pair of markers. */
function section(readme: string, name: string): string {
  const start = readme.indexOf(`<!-- ${name}:start -->`)
  const end = readme.indexOf(`<!-- ${name}:end -->`)
  expect(start).toBeGreaterThanOrEqual(0)
  expect(end).toBeGreaterThan(start)
  return readme.slice(start, end)
}

/** Table cells split as GitHub does: on every `|` not escaped by a backslash. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
}

describe('the README inputs and outputs tables', () => {
  it('match action.yml (script/readme-table.mjs --check passes)', () => {
    const run = runScript(['--check'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(table.check(README, ACTION)).toMatchObject({ ok: true, problems: [] })
  })

  it('have one row per input and output of action.yml, with its default', () => {
    const action = parseYaml(ACTION)
    const rowsIn = (name: string) =>
      section(README, name)
        .split('\n')
        .filter((line) => /^\| `/.test(line))
    const inputs = rowsIn('inputs')
    const outputs = rowsIn('outputs')
    expect(inputs.map((row) => /^\| `([^`]+)`/.exec(row)![1])).toEqual(Object.keys(action.inputs))
    expect(outputs.map((row) => /^\| `([^`]+)`/.exec(row)![1])).toEqual(Object.keys(action.outputs))
    for (const row of inputs) {
      const [name, def] = cells(row).map((c) => c.trim())
      const spec = action.inputs[name.replace(/`/g, '').replace(/ \(required\)$/, '')]
      const expected = String(spec.default ?? '')
      expect(def.replace(/^`+|`+$/g, '').replace(/\\\|/g, '|')).toBe(expected)
      expect(cells(row)).toHaveLength(3)
    }
    for (const row of outputs) expect(cells(row)).toHaveLength(2)
    // The placeholder in api-id's description is shown, not swallowed as an HTML tag.
    expect(section(README, 'inputs')).toContain('&lt;api-id&gt;-&lt;version&gt;')
  })

  it('report a missing, stale or extra row', () => {
    const rows = README.split('\n')
    const specFolder = rows.findIndex((line) => line.startsWith('| `spec-folder` |'))
    const prune = rows.findIndex((line) => line.startsWith('| `prune` |'))
    expect(specFolder).toBeGreaterThan(0)
    const edited = [...rows]
    edited[specFolder] = edited[specFolder].replace('version folders', 'versions')
    edited.splice(prune, 1, '| `no-such-input` | | made up |')
    const result = table.check(edited.join('\n'), ACTION)
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual(
      expect.arrayContaining([
        "input 'spec-folder': stale row",
        "input 'prune' of action.yml is missing",
        "input 'no-such-input' is not in action.yml"
      ])
    )
    const { action, readme } = copies(ACTION, edited.join('\n'))
    const run = runScript(['--check', '--action', action, '--readme', readme])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("input 'prune' of action.yml is missing")
  })

  it('fail the check when action.yml gains an input or an output, until regenerated', () => {
    const doc = parseDocument(ACTION)
    doc.setIn(['inputs', 'brand-new-input'], {
      description: 'a new input | with a pipe and <angle> brackets',
      required: false,
      default: 'a|b'
    })
    doc.setIn(['outputs', 'brand-new-output'], { description: 'a new output' })
    const { action, readme } = copies(doc.toString())

    const stale = runScript(['--check', '--action', action, '--readme', readme])
    expect(stale.code).toBe(1)
    expect(stale.stderr).toContain("input 'brand-new-input' of action.yml is missing")
    expect(stale.stderr).toContain("output 'brand-new-output' of action.yml is missing")
    expect(fs.readFileSync(readme, 'utf8')).toBe(README) // --check writes nothing

    expect(runScript(['--action', action, '--readme', readme]).code).toBe(0)
    const regenerated = fs.readFileSync(readme, 'utf8')
    expect(regenerated).toContain(
      '| `brand-new-input` | `a\\|b` | a new input \\| with a pipe and &lt;angle&gt; brackets |'
    )
    expect(runScript(['--check', '--action', action, '--readme', readme]).code).toBe(0)
    // Outside the markers nothing changed.
    expect(regenerated.slice(0, regenerated.indexOf('<!-- inputs:start -->'))).toBe(
      README.slice(0, README.indexOf('<!-- inputs:start -->'))
    )
  })

  it('fail the check, naming the marker, when a marker is missing', () => {
    const { action, readme } = copies(ACTION, README.replace('<!-- outputs:end -->', ''))
    const run = runScript(['--check', '--action', action, '--readme', readme])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('<!-- outputs:end -->')
  })

  it('escape every cell so that nothing from action.yml can break the table', () => {
    expect(table.escapeCell('a | b <api-id>-<version> & *c* `d` [e](f)\nnext')).toBe(
      'a \\| b &lt;api-id&gt;-&lt;version&gt; &amp; \\*c\\* \\`d\\` \\[e\\](f) next'
    )
    expect(table.codeCell('a|b')).toBe('`a\\|b`')
    expect(table.codeCell('${{ github.token }}')).toBe('`${{ github.token }}`')
    expect(table.codeCell('x`y')).toBe('``x`y``')
    expect(table.codeCell('`y`')).toBe('`` `y` ``')
    expect(table.codeCell('')).toBe('')

    const hostile = [
      'inputs:',
      '  "a|b":',
      "    description: '</details> <script>x</script> | `code` | *bold* [link](http://x)'",
      "    default: '|`|'",
      'outputs:',
      '  out:',
      '    description: "two\\nlines | and a pipe"'
    ].join('\n')
    const readme =
      '# x\n<!-- inputs:start -->\n<!-- inputs:end -->\n<!-- outputs:start -->\n<!-- outputs:end -->\n'
    const generated = table.generate(readme, hostile)
    const rows = generated.split('\n').filter((line) => line.startsWith('| `'))
    expect(rows).toHaveLength(2)
    expect(cells(rows[0])).toHaveLength(3)
    expect(cells(rows[1])).toHaveLength(2)
    expect(generated).not.toMatch(/<(?!!--)/) // no raw HTML but the markers
    expect(table.check(generated, hostile).ok).toBe(true)
  })
})

describe('the README', () => {
  const lines = README.split('\n')

  it('is at most 250 lines, with a workflow using the action in its first 60', () => {
    expect(lines.length).toBeLessThanOrEqual(250)
    const firstUses = lines.findIndex((line) => /^\s*-?\s*uses:/.test(line))
    const action = lines.findIndex((line) => /uses: org\/apim-version-action@v\d/.test(line))
    expect(firstUses).toBeGreaterThanOrEqual(0)
    expect(firstUses).toBeLessThan(60)
    expect(action).toBeGreaterThanOrEqual(0)
    expect(action).toBeLessThan(60)
  })

  it('gives the commands that work on a fresh clone, and the Node version', () => {
    expect(README).toContain('npm ci && npm run demo')
    expect(README).toContain('npm ci && npm test')
    expect(README).toMatch(/Node 24/)
    expect(parseYaml(ACTION).runs.using).toBe('node24')
  })
})

/** GitHub's anchors for the headings of a markdown text (lower case, punctuation dropped). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    result.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return result
}

describe('relative links', () => {
  const files = [
    'README.md',
    'CONTRIBUTING.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`)
  ]

  it.each(files)('in %s point to files that exist', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '') // code blocks hold no links
    const targets = [
      ...[...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
      ...[...text.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1])
    ]
    const relative = targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(t))
    if (file === 'README.md') expect(relative.length).toBeGreaterThan(10)
    const missing = relative.filter((target) => {
      const clean = decodeURIComponent(target.split('#')[0])
      return !fs.existsSync(path.resolve(ROOT, path.dirname(file), clean))
    })
    expect(missing).toEqual([])
    // Anchors into markdown files (and within this one) name a heading there.
    const badAnchors = targets
      .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && t.includes('#'))
      .filter((t) => {
        const [target, anchor] = t.split('#')
        const into = target ? path.resolve(ROOT, path.dirname(file), target) : path.join(ROOT, file)
        if (!into.endsWith('.md')) return false
        return !anchors(fs.readFileSync(into, 'utf8')).has(decodeURIComponent(anchor))
      })
    expect(badAnchors).toEqual([])
  })
})
