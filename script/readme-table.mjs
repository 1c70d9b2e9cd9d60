// Writes the inputs and outputs tables of README.md from action.yml, between marker comments:
//
//   <!-- inputs:start -->  …generated…  <!-- inputs:end -->
//   <!-- outputs:start --> …generated… <!-- outputs:end -->
//
//   node script/readme-table.mjs            rewrite README.md
//   node script/readme-table.mjs --check    exit 1 (naming what differs) when README.md is stale
//   --action FILE / --readme FILE           other files (the tests use copies in a temp folder)
//
// Every cell is escaped so that GitHub renders it as written: descriptions are plain text
// (`|` → `\|`, `<`/`>`/`&` → entities, markdown punctuation backslash-escaped), names and defaults
// are code spans (where a `|` still needs `\|`, GitHub splits table cells before code spans).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const SECTIONS = ['inputs', 'outputs']
const GENERATED = '<!-- generated from action.yml by script/readme-table.mjs: do not edit -->'

/** The start and end markers of a section. */
export function markers(section) {
  return { start: `<!-- ${section}:start -->`, end: `<!-- ${section}:end -->` }
}

/** Plain text for a table cell: nothing in it can format, link, open HTML or end the cell. */
export function escapeCell(text) {
  return String(text)
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .trim()
}

/** A code span for a table cell: backtick fences longer than any run inside, `|` as `\|`. */
export function codeCell(text) {
  const value = String(text).replace(/\r?\n/g, ' ')
  if (value === '') return ''
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`
}

/** The inputs and outputs of an action.yml text, in file order. */
export function readAction(actionYaml) {
  const action = parse(actionYaml) ?? {}
  const entries = (map) =>
    Object.entries(map ?? {}).map(([name, spec]) => ({
      name,
      description: spec?.description ?? '',
      default: spec?.default === undefined || spec?.default === null ? '' : String(spec.default),
      required: spec?.required === true || spec?.required === 'true'
    }))
  return { inputs: entries(action.inputs), outputs: entries(action.outputs) }
}

/** The generated lines of one section (without its markers). */
export function renderSection(section, actionYaml) {
  const action = readAction(actionYaml)
  if (section === 'inputs') {
    return [
      GENERATED,
      '| input | default | description |',
      '| --- | --- | --- |',
      ...action.inputs.map(
        (i) =>
          `| ${codeCell(i.name)}${i.required ? ' (required)' : ''} | ${codeCell(i.default)} | ${escapeCell(i.description)} |`
      ),
      ''
    ].join('\n')
  }
  if (section === 'outputs') {
    return [
      GENERATED,
      '| output | description |',
      '| --- | --- |',
      ...action.outputs.map((o) => `| ${codeCell(o.name)} | ${escapeCell(o.description)} |`),
      ''
    ].join('\n')
  }
  throw new Error(`unknown section '${section}'`)
}

function locate(readme, section) {
  const { start, end } = markers(section)
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < 0 || to < from) {
    throw new Error(
      `README has no '${start}' … '${end}' pair: add both markers where the table goes`
    )
  }
  return { from: from + start.length, to }
}

/** The README with every section regenerated from action.yml. */
export function generate(readme, actionYaml) {
  let out = readme
  for (const section of SECTIONS) {
    const { from, to } = locate(out, section)
    out = `${out.slice(0, from)}\n${renderSection(section, actionYaml)}\n${out.slice(to)}`
  }
  return out
}

/** The first cell's name of each table row between a section's markers. */
function rowsOf(readme, section) {
  const { from, to } = locate(readme, section)
  const rows = new Map()
  for (const line of readme.slice(from, to).split('\n')) {
    const m = /^\| `+([^`|]+)`+[^|]*\|/.exec(line)
    if (m) rows.set(m[1], line)
  }
  return rows
}

/**
 * Compares the README with what action.yml generates: `ok`, and one problem per input or output
 * that is missing, left over or stale (and per missing marker).
 */
export function check(readme, actionYaml) {
  const problems = []
  let expected
  try {
    expected = generate(readme, actionYaml)
  } catch (error) {
    return { ok: false, problems: [error.message], expected: readme }
  }
  if (expected === readme) return { ok: true, problems, expected }
  for (const section of SECTIONS) {
    const want = rowsOf(expected, section)
    const have = rowsOf(readme, section)
    const noun = section.slice(0, -1)
    for (const [name, row] of want) {
      if (!have.has(name)) problems.push(`${noun} '${name}' of action.yml is missing`)
      else if (have.get(name) !== row) problems.push(`${noun} '${name}': stale row`)
    }
    for (const name of have.keys()) {
      if (!want.has(name)) problems.push(`${noun} '${name}' is not in action.yml`)
    }
  }
  if (problems.length === 0) problems.push('the tables differ from action.yml (order or layout)')
  return { ok: false, problems, expected }
}

/** The command line; returns the exit code. */
export function main(argv, cwd = process.cwd()) {
  let mode = 'write'
  let actionFile = 'action.yml'
  let readmeFile = 'README.md'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--check') mode = 'check'
    else if (arg === '--action' && argv[i + 1]) actionFile = argv[++i]
    else if (arg === '--readme' && argv[i + 1]) readmeFile = argv[++i]
    else {
      console.error(
        `readme-table: unknown argument '${arg}'\nusage: node script/readme-table.mjs [--check] [--action FILE] [--readme FILE]`
      )
      return 2
    }
  }
  const readmePath = path.resolve(cwd, readmeFile)
  const readme = fs.readFileSync(readmePath, 'utf8')
  const actionYaml = fs.readFileSync(path.resolve(cwd, actionFile), 'utf8')
  const result = check(readme, actionYaml)
  if (mode === 'check') {
    if (result.ok) return 0
    console.error(`${readmeFile} does not match ${actionFile}:`)
    for (const problem of result.problems) console.error(`  - ${problem}`)
    console.error('Run `node script/readme-table.mjs` and commit README.md.')
    return 1
  }
  if (result.problems.length > 0 && result.expected === readme) {
    for (const problem of result.problems) console.error(problem)
    return 1
  }
  if (!result.ok) fs.writeFileSync(readmePath, result.expected)
  console.log(result.ok ? `${readmeFile} is up to date` : `${readmeFile}: tables rewritten`)
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
