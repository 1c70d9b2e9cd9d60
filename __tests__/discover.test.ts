import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { analyzeFolder } from '../src/specs/analyze.js'
import { discoverVersions } from '../src/specs/discover.js'
import {
  compareVersions,
  isMovingVersion,
  isPreview,
  parseVersionId
} from '../src/specs/versions.js'
import { describeShared, INFERENCE_VERSIONS, sharedFile } from './support/shared.js'
import { tempDir, writeTree } from './support/temp.js'

const spec = (version: string, extra = '') =>
  `{"openapi": "3.0.0", "info": {"title": "t", "version": "${version}"}, "paths": {}${extra}}\n`
const yamlSpec = (version: string) =>
  `openapi: 3.0.0\ninfo: {title: t, version: "${version}"}\npaths: {}\n`

describe('discover', () => {
  it('finds <channel>/<version>/<file>, oldest first, ignoring examples and non-spec JSON', () => {
    const dir = writeTree(tempDir(), {
      'stable/2024-02-01/inference.json': spec('2024-02-01'),
      'stable/2024-02-01/examples/chat.json': '{"parameters": {"api-version": "2024-02-01"}}',
      'stable/2024-02-01/settings.json': '{"not": "a spec"}',
      'preview/2024-05-01-preview/inference.yaml': yamlSpec('2024-05-01-preview'),
      'preview/2024-02-01-preview/openapi.json': spec('2024-02-01-preview'),
      'README.md': '# specs'
    })
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.layout).toBe('channel/version/file')
    expect(found.problems).toEqual([])
    expect(found.versions.map((v) => [v.version, v.channel, v.file, v.candidates])).toEqual([
      [
        '2024-02-01-preview',
        'preview',
        'preview/2024-02-01-preview/openapi.json',
        ['openapi.json']
      ],
      ['2024-02-01', 'stable', 'stable/2024-02-01/inference.json', ['inference.json']],
      [
        '2024-05-01-preview',
        'preview',
        'preview/2024-05-01-preview/inference.yaml',
        ['inference.yaml']
      ]
    ])
  })

  it('finds <version>/<file> and detects specs by content, not by name', () => {
    const dir = writeTree(tempDir(), {
      'v1/whatever.yml': yamlSpec('v1'),
      'v2/api-description.json': spec('v2'),
      '1.0.0/openapi.yaml': yamlSpec('1.0.0')
    })
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.layout).toBe('version/file')
    expect(found.versions.map((v) => [v.version, v.file, v.chosenBy])).toEqual([
      ['1.0.0', '1.0.0/openapi.yaml', 'precedence'],
      ['v1', 'v1/whatever.yml', 'only-spec'],
      ['v2', 'v2/api-description.json', 'only-spec']
    ])
  })

  it('resolves several specs by spec-file precedence, default and custom', () => {
    const dir = writeTree(tempDir(), {
      '2024-01-01/inference.json': spec('2024-01-01'),
      '2024-01-01/inference.yaml': yamlSpec('2024-01-01'),
      '2024-01-01/generated.json': spec('2024-01-01'),
      '2024-02-01/generated.json': spec('2024-02-01'),
      '2024-02-01/openapi.yaml': yamlSpec('2024-02-01')
    })
    const byDefault = discoverVersions(dir, { cwd: dir }).versions
    expect(byDefault.map((v) => [v.version, v.file])).toEqual([
      ['2024-01-01', '2024-01-01/inference.json'],
      ['2024-02-01', '2024-02-01/openapi.yaml']
    ])
    expect(byDefault[0].candidates).toEqual(['generated.json', 'inference.json', 'inference.yaml'])
    const custom = discoverVersions(dir, { cwd: dir, specFiles: ['generated.json'] }).versions
    expect(custom.map((v) => v.file)).toEqual([
      '2024-01-01/generated.json',
      '2024-02-01/generated.json'
    ])
  })

  it('filters previews and versions under min-version, and says so', () => {
    const dir = writeTree(tempDir(), {
      'stable/2023-05-15/inference.json': spec('2023-05-15'),
      'stable/2024-10-21/inference.json': spec('2024-10-21'),
      'preview/2024-05-01-preview/inference.json': spec('2024-05-01-preview')
    })
    const found = discoverVersions(dir, {
      cwd: dir,
      includePreviews: false,
      minVersion: '2024-01-01'
    })
    expect(found.versions.map((v) => v.version)).toEqual(['2024-10-21'])
    expect(found.filtered).toEqual([
      { version: '2023-05-15', reason: 'older than min-version 2024-01-01' },
      { version: '2024-05-01-preview', reason: 'preview (include-previews is false)' }
    ])
  })

  it('follows symlinks that stay inside the folder', () => {
    const dir = writeTree(tempDir(), { 'stable/2024-01-01/openapi.json': spec('2024-01-01') })
    fs.mkdirSync(path.join(dir, 'stable', '2024-02-01'))
    fs.symlinkSync(
      '../2024-01-01/openapi.json',
      path.join(dir, 'stable', '2024-02-01', 'openapi.json')
    )
    fs.symlinkSync('2024-01-01', path.join(dir, 'stable', '2024-03-01'))
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.problems).toEqual([])
    expect(found.versions.map((v) => v.file)).toEqual([
      'stable/2024-01-01/openapi.json',
      'stable/2024-02-01/openapi.json',
      'stable/2024-03-01/openapi.json'
    ])
  })

  it('keeps valid versions when others are broken', () => {
    const dir = writeTree(tempDir(), {
      '2024-01-01/openapi.json': spec('2024-01-01'),
      '2024-02-01/openapi.json': '{ "openapi": "3.0.0", ',
      '2024-03-01/openapi.json': spec('2024-03-01')
    })
    const analysis = analyzeFolder(dir, { cwd: dir })
    expect(analysis.versions.map((v) => v.version)).toEqual(['2024-01-01', '2024-03-01'])
    expect(analysis.problems).toHaveLength(1)
    expect(analysis.problems[0]).toMatchObject({
      severity: 'error',
      file: '2024-02-01/openapi.json',
      line: 1
    })
  })

  it('keeps the other versions when one spec nests thousands of levels deep (JSON and YAML)', () => {
    const deep = 5000
    const dir = writeTree(tempDir(), {
      '2024-01-01/openapi.json': spec('2024-01-01'),
      '2024-02-01/openapi.json': spec(
        '2024-02-01',
        `, "x-deep": ${'['.repeat(deep)}${']'.repeat(deep)}`
      ),
      '2024-03-01/openapi.yaml': `${yamlSpec('2024-03-01')}x-deep: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      '2024-04-01/openapi.json': spec('2024-04-01')
    })
    const analysis = analyzeFolder(dir, { cwd: dir })
    expect(analysis.versions.map((v) => v.version)).toEqual(['2024-01-01', '2024-04-01'])
    expect(analysis.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: '2024-02-01/openapi.json',
        line: 1,
        message: expect.stringMatching(/^nesting deeper than 128 levels/)
      }),
      expect.objectContaining({
        severity: 'error',
        file: '2024-03-01/openapi.yaml',
        line: 4,
        message: expect.stringMatching(/^nesting deeper than 128 levels/)
      })
    ])
  })

  it('does not follow a spec folder that is a symlink out of the workspace', () => {
    const outside = writeTree(tempDir(), { '2024-01-01/openapi.json': spec('2024-01-01') })
    const workspace = tempDir()
    fs.symlinkSync(outside, path.join(workspace, 'specs'))
    expect(() => discoverVersions(path.join(workspace, 'specs'), { cwd: workspace })).toThrow(
      expect.objectContaining({
        name: 'SpecError',
        file: 'specs',
        message: expect.stringMatching(
          /^the spec folder leads outside the workspace through a symlink \(to .*\); not followed/
        )
      })
    )
    // A folder given outside the working folder (the CLI's `versions /some/folder`) is read.
    expect(discoverVersions(outside, { cwd: workspace }).versions).toHaveLength(1)
  })

  it('refuses symlinked version folders and files that lead out of the spec folder, and names them', () => {
    const outside = writeTree(tempDir(), {
      '2024-01-01/openapi.json': spec('2024-01-01'),
      'secret.json': spec('9999-01-01')
    })
    const dir = writeTree(tempDir(), { 'stable/2024-02-01/openapi.json': spec('2024-02-01') })
    fs.symlinkSync(path.join(outside, '2024-01-01'), path.join(dir, 'stable', '2024-01-01'))
    fs.mkdirSync(path.join(dir, 'stable', '2024-03-01'))
    fs.symlinkSync(
      path.join(outside, 'secret.json'),
      path.join(dir, 'stable/2024-03-01/openapi.json')
    )
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.versions.map((v) => v.version)).toEqual(['2024-02-01'])
    expect(found.problems.map((p) => [p.file, p.message.replace(/\(to .*\)/, '(to …)')])).toEqual([
      [
        'stable/2024-01-01',
        'symlink points outside the spec folder (to …); not followed. Copy the file into the folder instead.'
      ],
      [
        'stable/2024-03-01/openapi.json',
        'symlink points outside the spec folder (to …); not followed. Copy the file into the folder instead.'
      ]
    ])
  })

  it('discovers 200 versions', () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 200; i++) {
      const date = new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString().slice(0, 10)
      files[`${i % 2 ? 'preview' : 'stable'}/${date}${i % 2 ? '-preview' : ''}/inference.json`] =
        spec(date)
    }
    const dir = writeTree(tempDir(), files)
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.versions).toHaveLength(200)
    expect(found.problems).toEqual([])
  })
})

describe('named and moving versions', () => {
  it('reads a top-level preview/ as the version preview when it holds its spec and no version folders', () => {
    const dir = writeTree(tempDir(), {
      'v1/azure-v1-v1-generated.json': spec('v1'),
      'v1/azure-v1-v1-generated.yaml.txt': 'not a spec',
      'preview/azure-v1-preview-generated.json': spec('preview'),
      'latest/openapi.yaml': yamlSpec('latest')
    })
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.problems).toEqual([])
    expect(found.layout).toBe('version/file')
    // Named versions sort after the numbered ones; a lone spec is taken whatever its name.
    expect(
      found.versions.map((v) => [v.version, v.id.kind, v.channel, v.file, v.chosenBy])
    ).toEqual([
      ['v1', 'number', undefined, 'v1/azure-v1-v1-generated.json', 'only-spec'],
      ['latest', 'name', undefined, 'latest/openapi.yaml', 'precedence'],
      ['preview', 'name', undefined, 'preview/azure-v1-preview-generated.json', 'only-spec']
    ])
    expect(discoverVersions(dir, { cwd: dir, includePreviews: false }).filtered).toEqual([
      { version: 'preview', reason: 'preview (include-previews is false)' }
    ])
  })

  it('keeps preview/ a channel when it holds version folders (the dated layout, unchanged)', () => {
    const dir = writeTree(tempDir(), {
      'stable/2024-10-21/inference.json': spec('2024-10-21'),
      'preview/2025-03-01-preview/inference.json': spec('2025-03-01-preview'),
      'preview/2025-03-01-preview/examples/chat.json': '{"parameters": {}}',
      // A stray spec next to the version folders does not make preview/ a version.
      'preview/readme.json': spec('stray')
    })
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.layout).toBe('channel/version/file')
    expect(found.problems).toEqual([])
    expect(found.versions.map((v) => [v.version, v.channel])).toEqual([
      ['2024-10-21', 'stable'],
      ['2025-03-01-preview', 'preview']
    ])
  })

  it('says a preview/ with neither a spec nor version folders is ignored', () => {
    const dir = writeTree(tempDir(), {
      'v1/openapi.json': spec('v1'),
      'preview/notes.md': '# notes'
    })
    const found = discoverVersions(dir, { cwd: dir })
    expect(found.versions.map((v) => v.version)).toEqual(['v1'])
    expect(found.problems).toEqual([
      {
        severity: 'warning',
        file: 'preview',
        message: "ignored: 'preview' is neither a version folder nor a channel of version folders"
      }
    ])
  })

  it('parses preview and latest as named versions, sorted after dates and numbers', () => {
    expect(parseVersionId('preview')).toEqual({ kind: 'name', raw: 'preview' })
    expect(parseVersionId('Latest')).toEqual({ kind: 'name', raw: 'Latest' })
    expect(parseVersionId('nightly')).toBeUndefined()
    expect(
      ['preview', 'v2', '2024-10-21', 'latest', '1.2.3', '2025-03-01-preview'].sort(compareVersions)
    ).toEqual(['2024-10-21', '2025-03-01-preview', '1.2.3', 'v2', 'latest', 'preview'])
    expect(isPreview(parseVersionId('preview')!)).toBe(true)
    expect(isPreview(parseVersionId('latest')!)).toBe(false)
  })

  it('calls a version moving when its name is no date and no release: vN, preview, latest', () => {
    for (const moving of ['v1', 'V2', 'preview', 'latest', parseVersionId('v10')!])
      expect([moving, isMovingVersion(moving)]).toEqual([moving, true])
    for (const fixed of [
      '2024-10-21',
      '2025-03-01-preview',
      '1.2.3',
      'v1.2.3',
      '1.0.0-beta.1',
      'nope'
    ])
      expect([fixed, isMovingVersion(fixed)]).toEqual([fixed, false])
  })
})

describeShared('discover: the real Azure OpenAI inference folder', () => {
  it('lists the nine versions in order, inference.json over generated.json', () => {
    const analysis = analyzeFolder(sharedFile('inference'))
    expect(analysis.problems).toEqual([])
    expect(analysis.versions.map((v) => v.version)).toEqual(INFERENCE_VERSIONS)
    const first = analysis.versions[0]
    expect(path.basename(first.absoluteFile)).toBe('inference.json')
    expect(first.candidates).toEqual(['generated.json', 'inference.json'])
    expect(analysis.versions.map((v) => v.format)).toContain('openapi 3.1')
  })
})
