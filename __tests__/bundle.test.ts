import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { tempDir } from './support/temp.js'

// The other process tests run src/; these check what users run. `.ci/run` checks first that
// dist/ is the bundle of src/, so in CI they test this change too.
const DIST = path.join(process.cwd(), 'dist')

describe('the bundle (dist/)', () => {
  it('is one entry with lazy chunks, none shipped twice, no unused assets, at most 3.2 MB', () => {
    const files = fs.readdirSync(DIST, { recursive: true, withFileTypes: true })
    const names = files.filter((f) => f.isFile()).map((f) => f.name)
    expect(files.filter((f) => f.isDirectory())).toEqual([])
    expect(names.filter((n) => !/^\d+\.index\.js$/.test(n)).sort()).toEqual([
      'cli.js',
      'index.js',
      'package.json'
    ])
    const digests = names.map((n) =>
      createHash('sha256')
        .update(fs.readFileSync(path.join(DIST, n)))
        .digest('hex')
    )
    expect(new Set(digests).size).toBe(names.length)
    const bytes = names.reduce((sum, n) => sum + fs.statSync(path.join(DIST, n)).size, 0)
    expect(bytes).toBeLessThanOrEqual(3.2e6)
  })

  it('dist/index.js runs the action and dist/cli.js the CLI, from the same bundle', () => {
    const workspace = tempDir('apimv-bundle-')
    fs.cpSync(path.join(process.cwd(), 'examples', 'azure-openai'), path.join(workspace, 'specs'), {
      recursive: true
    })
    const summary = path.join(workspace, 'summary.md')
    const output = path.join(workspace, 'output.txt')
    fs.writeFileSync(summary, '')
    fs.writeFileSync(output, '')
    execFileSync(process.execPath, [path.join(DIST, 'index.js')], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        INPUT_MODE: 'versions',
        'INPUT_SPEC-FOLDER': 'specs'
      }
    })
    expect(fs.readFileSync(output, 'utf8')).toMatch(/^versions<<.*\n\[.*"2024-10-21"/m)
    const cli = execFileSync(
      process.execPath,
      [path.join(DIST, 'cli.js'), 'versions', 'specs', '--json'],
      { cwd: workspace, encoding: 'utf8' }
    )
    expect(JSON.parse(cli).map((v: { version: string }) => v.version)).toEqual([
      '2024-02-01',
      '2024-05-01-preview',
      '2024-10-21'
    ])
  })
})
