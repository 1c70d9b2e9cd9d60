import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { analyzeFolder } from '../src/specs/analyze.js'
import { diffShapes, diffSpecs } from '../src/specs/changelog.js'
import { fingerprint } from '../src/specs/fingerprint.js'
import { parseSpec, syntaxOf } from '../src/specs/load.js'
import { patchSpec } from '../src/specs/patch.js'
import { describeShared, sharedFile } from './support/shared.js'

// The analysis keeps, per version, the patched text (as UTF-8 bytes), the patch report and the
// spec's shape, not the parsed spec: `patch.value` reads the text again, and change logs come
// from shapes. Each must give what the parsed spec gave.

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apimv-lean-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

/** A folder of one version per file (`v1`, `v2`…, in the order given). */
function folderOf(name: string, files: { name: string; text: string }[]): string {
  const folder = path.join(work, name)
  files.forEach((f, i) => {
    fs.mkdirSync(path.join(folder, `v${i + 1}`), { recursive: true })
    fs.writeFileSync(path.join(folder, `v${i + 1}`, f.name), f.text)
  })
  return folder
}

/** What the analysis should hold for a text: the patch of the parsed spec, as it was kept. */
function direct(text: string, file: string) {
  return patchSpec(parseSpec(text, file, syntaxOf(file, text)))
}

function expectSameAsDirect(folder: string, files: { name: string; text: string }[]) {
  const analysis = analyzeFolder(folder, { cwd: folder })
  expect(analysis.versions.map((v) => v.version)).toEqual(files.map((_, i) => `v${i + 1}`))
  const patched = files.map((f) => direct(f.text, f.name))
  analysis.versions.forEach((v, i) => {
    expect(v.patch.text).toBe(patched[i].text)
    expect(v.patch.value).toStrictEqual(patched[i].value)
    expect(v.patch.entries).toEqual(patched[i].entries)
    expect(v.fingerprint).toBe(fingerprint(patched[i].value))
    // Asked twice while held: read once.
    expect(v.patch.value).toBe(v.patch.value)
    if (i > 0) {
      const label = (n: number) => `v${n + 1}`
      expect(
        diffShapes(
          { ...analysis.versions[i - 1].shape, label: label(i - 1) },
          { ...v.shape, label: label(i) }
        )
      ).toEqual(
        diffSpecs(
          { root: patched[i - 1].value, label: label(i - 1) },
          { root: patched[i].value, label: label(i) }
        )
      )
    }
  })
  // The discovery keeps no text: each is read when its turn comes.
  expect(analysis.discovery.versions.every((d) => !('text' in d))).toBe(true)
}

describe('the lean analysis', () => {
  it('reads YAML, big integers and text past Latin-1 back as the patch made them', () => {
    const shapes = path.join(process.cwd(), '__fixtures__', 'specs', 'shapes')
    const big = {
      openapi: '3.0.3',
      info: { title: 'Großes “API” ✓', version: '1' },
      paths: {
        '/x': {
          get: {
            parameters: [
              { in: 'query', name: 'api-version', required: true, schema: { type: 'string' } }
            ],
            responses: { 200: { description: 'ok' } }
          }
        }
      },
      components: { schemas: { n: { type: 'integer', maximum: 0 } } }
    }
    const files = [
      { name: 'openapi.yaml', text: fs.readFileSync(path.join(shapes, 'oas3-mixed.yaml'), 'utf8') },
      {
        name: 'openapi.yaml',
        text: fs.readFileSync(path.join(shapes, 'already-optional.yaml'), 'utf8')
      },
      {
        name: 'openapi.json',
        text: JSON.stringify(big, null, 2).replace(
          '"maximum": 0',
          '"maximum": 123456789012345678901'
        )
      },
      { name: 'openapi.json', text: JSON.stringify(big, null, 2) }
    ]
    expectSameAsDirect(folderOf('fixtures', files), files)
    const [, , bigInteger] = analyzeFolder(path.join(work, 'fixtures')).versions
    const schemas = (bigInteger.patch.value.components as { schemas: { n: { maximum: unknown } } })
      .schemas
    expect(schemas.n.maximum).toBe(123456789012345678901n)
  })
})

describeShared('the lean analysis of the real specs', () => {
  it('gives each version the text, data, fingerprint and change log the parsed spec gave', () => {
    const files = [
      'inference/stable/2022-12-01/inference.json',
      'inference/preview/2024-05-01-preview/inference.json',
      'inference/stable/2024-10-21/inference.json',
      'inference/preview/2025-03-01-preview/inference.json',
      'authoring/preview/2025-04-01-preview/azureopenai.json',
      'v1/v1/AIFoundryOpenAIV1.json'
    ].map((f) => ({ name: 'inference.json', text: fs.readFileSync(sharedFile(f), 'utf8') }))
    expectSameAsDirect(folderOf('real', files), files)
  })
})
