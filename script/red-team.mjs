#!/usr/bin/env node
// A repeatable red-team pass over the released CLI and action (dist/), issue 11's categories:
//
//   node script/red-team.mjs [--only 1,2,...] [--verbose]
//
// 1 bad specs · 2 injection · 3 secrets · 4 faults (incl. hangs) · 5 SIGKILL ×20 · 6 bad inputs.
// Loopback only (the standalone emulator, a fake GitHub API and a $ref trap server, all on
// 127.0.0.1); every process and loop is bounded; temp folders and processes are cleaned up.
// Prints one row per category: cases run, failures, and what each failure was. Exit code 1 when
// anything failed.
import { parseArgs } from 'node:util'
import { opts, STACK, firstDiff } from './red-team/plumbing.mjs'
import { badSpecs } from './red-team/bad-specs.mjs'
import { compareStructure, injection, xmlProblem } from './red-team/injection.mjs'
import { secrets } from './red-team/secrets.mjs'
import { faults } from './red-team/faults.mjs'
import { sigkill } from './red-team/sigkill.mjs'
import { badInputs } from './red-team/bad-inputs.mjs'

const { values } = parseArgs({
  options: { only: { type: 'string' }, verbose: { type: 'boolean', default: false } }
})
Object.assign(opts, values)
const only = opts.only ? new Set(opts.only.split(',').map(Number)) : undefined
const started = Date.now()
const results = []

// ---------------------------------------------------------------------------------------------

/** The oracles must catch what they are for: a check that cannot fail is a defect. */
function selfTest() {
  const bad = []
  if (!compareStructure('t', '| a | b |', '| a | b | c |'))
    bad.push('structure misses a table cell')
  if (!compareStructure('t', 'x `a` y', 'x <!-- y')) bad.push('structure misses an HTML comment')
  if (!compareStructure('t', 'x a', 'x @octocat')) bad.push('structure misses a mention')
  if (!compareStructure('t', 'x a', 'x https://e.example')) bad.push('structure misses an autolink')
  if (!compareStructure('t', 'x a', 'x [a](b)')) bad.push('structure misses a link')
  if (!compareStructure('t', 'a', 'a\n# b')) bad.push('structure misses a new line')
  if (
    compareStructure(
      't',
      'x `a` \\| &lt;b&gt; @\u200bo https://\u200be',
      'x `a|b @c` \\| &lt;i&gt; @\u200bq https://\u200bf'
    )
  )
    bad.push('structure flags inert text')
  if (
    !xmlProblem('<a b="1"><c>x & y</c></a>') ||
    !xmlProblem('<a><b></a>') ||
    xmlProblem('<a b="&amp;"><c/></a>')
  )
    bad.push('xmlProblem')
  if (
    firstDiff({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }) ||
    !firstDiff({ a: { b: 1 } }, { a: { b: 2 } })
  )
    bad.push('firstDiff')
  if (
    !STACK.test('Error: x\n    at f (file.js:1:2)') ||
    STACK.test('error: specs/a.json:1:2: invalid JSON')
  )
    bad.push('STACK')
  if (bad.length) throw new Error(`the script's own checks are broken: ${bad.join(', ')}`)
}
selfTest()

const categories = [badSpecs, injection, secrets, faults, sigkill, badInputs]
try {
  for (const [i, category] of categories.entries()) {
    if (only && !only.has(i + 1)) continue
    const t0 = Date.now()
    console.error(`category ${i + 1}: ${category.name} …`)
    const cat = await category()
    cat.ms = Date.now() - t0
    results.push(cat)
  }
} finally {
  const rows = results.map((c) => [
    `${c.n}. ${c.name}`,
    String(c.cases),
    String(c.failures.length),
    `${Math.round(c.ms / 1000)} s`,
    c.failures
      .map((f) => `${f.name}: ${f.problem}`)
      .join(' ⏐ ')
      .replace(/\n/g, ' ') || '—'
  ])
  const head = ['category', 'cases', 'failures', 'time', 'what failed']
  const widths = head.map((h, k) =>
    Math.max(h.length, ...rows.map((r) => (k < 4 ? r[k].length : 0)))
  )
  const line = (r) => `| ${r.map((x, k) => (k < 4 ? x.padEnd(widths[k]) : x)).join(' | ')} |`
  console.log(line(head))
  console.log(`|${widths.map((w, k) => '-'.repeat(k < 4 ? w + 2 : 13)).join('|')}|`)
  for (const r of rows) console.log(line(r))
  const total = results.reduce((s, c) => s + c.failures.length, 0)
  console.log(
    `\n${results.reduce((s, c) => s + c.cases, 0)} cases, ${total} failures, ${Math.round((Date.now() - started) / 1000)} s`
  )
  process.exitCode = total ? 1 : 0
}
