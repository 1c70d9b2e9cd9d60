import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'

// The layout CONTRIBUTING.md describes, held against the code: one pipeline that both faces
// call, an emulator that stands apart from the product, and files a reader can take in.

function sources(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f))
}

function importsOf(file: string): string[] {
  // Type-only imports run nothing; every other import and dynamic import() counts.
  const text = fs.readFileSync(file, 'utf8').replace(/^import type [\s\S]*?from '[^']+'/gm, '')
  return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) =>
    m[1].startsWith('.') ? path.join(path.dirname(file), m[1]) : m[1]
  )
}

/** What only the pipeline runs: a face that imports one of these has a second chain. */
const PIPELINE_STEPS = [
  'src/apply/',
  'src/plan/folder.js',
  'src/apim/arm.js',
  'src/apim/credentials.js',
  'src/apim/policy-files.js',
  'src/sync/upstream.js'
]

describe('the layout', () => {
  it('has two faces over one pipeline: neither the action nor the CLI runs a step itself', () => {
    const faces = [...sources('src/action'), ...sources('src/cli')]
    expect(faces.length).toBeGreaterThan(8)
    const steps = faces.flatMap((file) =>
      importsOf(file)
        .filter((i) => PIPELINE_STEPS.some((step) => i.startsWith(step)))
        .map((i) => `${file} imports ${i}`)
    )
    expect(steps).toEqual([])
    for (const face of ['src/action/run.ts', 'src/cli/commands/plan-apply.ts']) {
      expect(importsOf(face)).toContain('src/pipeline.js')
    }
  })

  it('keeps the emulator apart: it imports nothing of src/', () => {
    const crossings = sources('emulator').flatMap((file) =>
      importsOf(file)
        .filter((i) => i.startsWith('src/'))
        .map((i) => `${file} imports ${i}`)
    )
    expect(crossings).toEqual([])
  })

  it('has no file over 400 lines in src/ or emulator/', () => {
    const long = [...sources('src'), ...sources('emulator')]
      .map((file) => ({ file, lines: fs.readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400)
    expect(long).toEqual([])
  })
})
