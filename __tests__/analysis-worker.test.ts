import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { analyzeInWorkersFrom } from '../src/specs/analysis-entry.js'
import { analyzeFolders, type FolderRequest } from '../src/specs/analysis-worker.js'
import { analyzeFolder, type FolderAnalysis } from '../src/specs/analyze.js'
import { SpecError } from '../src/specs/errors.js'
import { describeShared, sharedFile } from './support/shared.js'
import { ACTION } from './support/entry.js'
import { tempDir } from './support/temp.js'

// The bundle's entry (global-setup builds it) started as a worker thread analyses the folder;
// what comes back must be what the calling thread would have made of it.
const [entry] = ACTION

/** What a caller reads of an analysis, the patch's text and data included. */
function reading(analysis: FolderAnalysis) {
  return {
    problems: analysis.problems,
    discovery: analysis.discovery,
    versions: analysis.versions.map(({ patch, ...v }) => ({
      ...v,
      patch: { ...patch, text: patch.text, value: patch.value }
    }))
  }
}

function folderWithBrokenAndNonLatinSpecs(): string {
  const dir = tempDir('apimv-worker-')
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  const spec = (version: string, title: string) =>
    JSON.stringify(
      {
        openapi: '3.0.3',
        info: { title, version },
        paths: {
          '/chat': {
            post: {
              parameters: [
                { in: 'query', name: 'api-version', required: true, schema: { type: 'string' } }
              ],
              responses: { 200: { description: 'ok' } }
            }
          }
        },
        components: { schemas: { big: { type: 'integer', maximum: 9223372036854775807n } } }
      },
      (_k, v) => (typeof v === 'bigint' ? `__${v}__` : v),
      2
    ).replace(/"__(\d+)__"/g, '$1')
  write('specs/stable/2024-01-01/inference.json', spec('2024-01-01', 'Großes “API” ✓'))
  write('specs/stable/2024-02-01/inference.json', '{ "openapi": "3.0.3", "info": { ')
  write('specs/preview/2024-03-01-preview/inference.json', spec('2024-03-01-preview', 'p'))
  return dir
}

describe('spec analysis in a worker thread with a bounded heap', () => {
  afterEach(() => analyzeInWorkersFrom(''))

  it('answers as the calling thread does: versions, patched texts and data, shapes, problems', async () => {
    const dir = folderWithBrokenAndNonLatinSpecs()
    const requests: FolderRequest[] = [{ folder: path.join(dir, 'specs'), options: { cwd: dir } }]
    const here = await analyzeFolders(requests)
    analyzeInWorkersFrom(entry)
    const there = await analyzeFolders(requests, { fromBytes: 0 })
    expect(here[0].versions).toHaveLength(2)
    expect(here[0].problems.some((p) => /invalid JSON/.test(p.message))).toBe(true)
    expect(reading(there[0])).toEqual(reading(here[0]))
    expect(there[0].versions[0].patch.text).toContain('Großes “API” ✓')
    expect(there[0].versions[0].patch.text).toContain('9223372036854775807')
  })

  it('starts no worker for specs smaller than WORKER_FROM_BYTES together', async () => {
    const dir = folderWithBrokenAndNonLatinSpecs()
    const requests: FolderRequest[] = [{ folder: path.join(dir, 'specs'), options: { cwd: dir } }]
    // An entry that cannot start: only a request that starts a worker fails.
    analyzeInWorkersFrom(path.join(dir, 'no-such-entry.js'))
    const [small] = await analyzeFolders(requests)
    expect(small.versions).toHaveLength(2)
    await expect(analyzeFolders(requests, { fromBytes: 1000 })).rejects.toThrow(/no-such-entry/)
  })

  it('hands a folder SpecError back as a SpecError, with its file', async () => {
    const dir = tempDir('apimv-worker-missing-')
    analyzeInWorkersFrom(entry)
    const failed = analyzeFolders([{ folder: path.join(dir, 'nope'), options: { cwd: dir } }], {
      fromBytes: 0
    })
    await expect(failed).rejects.toBeInstanceOf(SpecError)
    await expect(failed).rejects.toMatchObject({
      file: 'nope',
      message: expect.stringMatching(/the spec folder does not exist/)
    })
  })

  it('shares what reads the same between folders analysed together (a base commit)', async () => {
    const dir = folderWithBrokenAndNonLatinSpecs()
    const base = tempDir('apimv-worker-base-')
    fs.cpSync(path.join(dir, 'specs'), path.join(base, 'specs'), { recursive: true })
    analyzeInWorkersFrom(entry)
    const [head, atBase] = await analyzeFolders(
      [
        { folder: path.join(dir, 'specs'), options: { cwd: dir } },
        { folder: path.join(base, 'specs'), options: { cwd: base } }
      ],
      { fromBytes: 0 }
    )
    expect(atBase.versions.map((v) => v.fingerprint)).toEqual(
      head.versions.map((v) => v.fingerprint)
    )
    expect(atBase.versions[0].file).toBe('specs/stable/2024-01-01/inference.json')
  })

  it('analyses again in the calling thread when the worker runs out of memory', async () => {
    // One spec of 2 MB: its analysis outgrows an old generation of 8 MB.
    const dir = tempDir('apimv-worker-big-')
    const schemas = Object.fromEntries(
      Array.from({ length: 9000 }, (_, i) => [
        `S${i}`,
        {
          type: 'object',
          description: `schema ${i}`,
          properties: { a: { type: 'string' }, b: { type: 'integer' } }
        }
      ])
    )
    const spec = {
      openapi: '3.0.3',
      info: { title: 'big', version: '1' },
      paths: {},
      components: { schemas }
    }
    fs.mkdirSync(path.join(dir, 'specs', '2024-01-01'), { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'specs', '2024-01-01', 'openapi.json'),
      JSON.stringify(spec, null, 2)
    )
    const requests: FolderRequest[] = [{ folder: path.join(dir, 'specs'), options: { cwd: dir } }]
    analyzeInWorkersFrom(entry)
    let outOfMemory = 0
    const [analysis] = await analyzeFolders(requests, {
      fromBytes: 0,
      heap: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 4 },
      onOutOfMemory: () => outOfMemory++
    })
    expect(outOfMemory).toBe(1)
    expect(analysis.problems).toEqual([])
    expect(reading(analysis)).toEqual(reading(analyzeFolder(path.join(dir, 'specs'), { cwd: dir })))
  })
})

describeShared('spec analysis in a worker thread: the real specs', () => {
  afterEach(() => analyzeInWorkersFrom(''))

  it('analyses the real inference folder as the calling thread does', async () => {
    const requests: FolderRequest[] = [{ folder: sharedFile('inference'), options: {} }]
    const [here] = await analyzeFolders(requests)
    analyzeInWorkersFrom(entry)
    const [there] = await analyzeFolders(requests, { fromBytes: 0 })
    expect(there.versions.length).toBeGreaterThan(5)
    expect(reading(there)).toEqual(reading(here))
  })
})
