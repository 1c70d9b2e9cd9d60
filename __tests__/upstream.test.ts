import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { createOctokit } from '../src/github/octokit.js'
import { syncUpstream, type UpstreamSource } from '../src/sync/upstream.js'
import { useFakeGitHub } from './support/fake-github.js'
import { tempDir } from './support/temp.js'

const gh = useFakeGitHub()
const UP = 'specification/cognitiveservices/data-plane/AzureOpenAI/inference'
const example = (file: string) =>
  fs.readFileSync(path.join(process.cwd(), 'examples/azure-openai', file))
const withVersion = (file: string, version: string) =>
  Buffer.from(
    example(file)
      .toString()
      .replace(/"version": "[^"]+"/, `"version": "${version}"`)
  )

function seedUpstream() {
  const files = gh.upstream.files
  files.clear()
  files.set(`${UP}/stable/2024-02-01/inference.json`, example('stable/2024-02-01/inference.json'))
  files.set(`${UP}/stable/2024-02-01/examples/chat.json`, Buffer.from('{"parameters": {}}'))
  files.set(
    `${UP}/stable/2024-10-21/inference.json`,
    withVersion('stable/2024-02-01/inference.json', '2024-10-21')
  )
  files.set(
    `${UP}/preview/2024-05-01-preview/inference.json`,
    example('preview/2024-05-01-preview/inference.json')
  )
  files.set(
    `${UP}/preview/2025-01-01-preview/inference.json`,
    withVersion('preview/2024-05-01-preview/inference.json', '2025-01-01-preview')
  )
  files.set(
    `${UP}/preview/2025-02-01-preview/inference.json`,
    Buffer.from('{ "openapi": "3.0.0", ')
  )
  files.set('specification/other/readme.md', Buffer.from('# other'))
}

function localFolder(): string {
  const dir = path.join(tempDir(), 'specs')
  fs.cpSync(
    path.join(process.cwd(), 'examples/azure-openai/stable/2024-02-01'),
    path.join(dir, 'stable/2024-02-01'),
    { recursive: true }
  )
  fs.cpSync(
    path.join(process.cwd(), 'examples/azure-openai/preview/2024-05-01-preview'),
    path.join(dir, 'preview/2024-05-01-preview'),
    { recursive: true }
  )
  return dir
}

const source: UpstreamSource = {
  owner: 'Azure',
  repo: 'azure-rest-api-specs',
  ref: 'main',
  path: UP,
  files: ['inference.json']
}
const options = (specFolder: string) => ({
  specFolder,
  includePreviews: true,
  updateChanged: false,
  parameter: 'api-version'
})
const octokit = () =>
  createOctokit('workflow-token', {
    baseUrl: gh.url,
    pacing: { writeIntervalMs: 0, notifyingWriteIntervalMs: 0, retryAfterUnitMs: 10 }
  })

describe('sync-upstream against a fake GitHub API', () => {
  it('writes the new stable and preview versions in the same layout, skipping and naming a malformed one', async () => {
    seedUpstream()
    const folder = localFolder()
    const result = await syncUpstream(octokit(), source, options(folder))
    expect(result.synced.map((s) => [s.version, s.channel, s.kind, s.upstreamCommit])).toEqual([
      ['2024-10-21', 'stable', 'new', gh.upstream.commit],
      ['2025-01-01-preview', 'preview', 'new', gh.upstream.commit]
    ])
    expect(fs.readFileSync(path.join(folder, 'stable/2024-10-21/inference.json'))).toEqual(
      gh.upstream.files.get(`${UP}/stable/2024-10-21/inference.json`)
    )
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Azure\/azure-rest-api-specs\/.*\/preview\/2025-02-01-preview\/inference\.json:1: invalid JSON: .*; not written$/
      )
    ])
    expect(fs.existsSync(path.join(folder, 'preview/2025-02-01-preview'))).toBe(false)
  })

  it('has nothing to do on a second run and touches no file', async () => {
    seedUpstream()
    const folder = localFolder()
    await syncUpstream(octokit(), source, options(folder))
    const before = fs.statSync(path.join(folder, 'stable/2024-10-21/inference.json')).mtimeMs
    const again = await syncUpstream(octokit(), source, options(folder))
    expect(again.synced).toEqual([])
    expect(fs.statSync(path.join(folder, 'stable/2024-10-21/inference.json')).mtimeMs).toBe(before)
  })

  it('walks a truncated tree folder by folder', async () => {
    seedUpstream()
    gh.upstream.truncate = true
    const result = await syncUpstream(octokit(), source, options(localFolder()))
    gh.upstream.truncate = false
    expect(result.synced.map((s) => s.version)).toEqual(['2024-10-21', '2025-01-01-preview'])
  })

  it('updates a changed version only with updateChanged, and honours include-previews and min-version', async () => {
    seedUpstream()
    const folder = localFolder()
    gh.upstream.files.set(
      `${UP}/stable/2024-02-01/inference.json`,
      withVersion('stable/2024-02-01/inference.json', '2024-02-01 ')
    )
    const changed = await syncUpstream(octokit(), source, {
      ...options(folder),
      updateChanged: true,
      includePreviews: false,
      minVersion: '2024-01-01'
    })
    expect(changed.synced.map((s) => [s.version, s.kind])).toEqual([
      ['2024-02-01', 'changed'],
      ['2024-10-21', 'new']
    ])
  })

  it('says clearly when the path or ref is wrong, and retries a rate limit', async () => {
    seedUpstream()
    await expect(
      syncUpstream(octokit(), { ...source, path: 'specification/nope' }, options(localFolder()))
    ).rejects.toThrow(
      "upstream-path 'specification/nope' not found in Azure/azure-rest-api-specs at 'main': check upstream-repo, upstream-ref and upstream-path"
    )
    await expect(
      syncUpstream(octokit(), { ...source, ref: 'no-such-branch' }, options(localFolder()))
    ).rejects.toThrow("ref 'no-such-branch' not found in Azure/azure-rest-api-specs")
    gh.rateLimitOnce = true
    const result = await syncUpstream(octokit(), source, options(localFolder()))
    expect(result.synced).toHaveLength(2)
    expect(gh.requests.some((r) => r.status === 429)).toBe(true)
  })

  it('refuses upstream names that would leave the spec folder', async () => {
    seedUpstream()
    gh.upstream.files.set(
      `${UP}/../2024-03-01/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    gh.upstream.files.set(
      `${UP}/stable/../../2024-04-01/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    // Listed relative to the upstream folder as `/tmp/2024-05-05/inference.json`: absolute.
    gh.upstream.files.set(
      `${UP}//tmp/2024-05-05/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    const folder = localFolder()
    const result = await syncUpstream(octokit(), source, options(folder))
    expect(result.synced.map((s) => s.version)).toEqual(['2024-10-21', '2025-01-01-preview'])
    expect(
      result.warnings.filter((w) => w.includes('unsafe path')).map((w) => w.split(':')[0])
    ).toEqual([
      'upstream ../2024-03-01/inference.json',
      'upstream stable/../../2024-04-01/inference.json',
      'upstream /tmp/2024-05-05/inference.json'
    ])
    expect(fs.existsSync('/tmp/2024-05-05')).toBe(false)
    expect(fs.readdirSync(path.dirname(folder)).sort()).toEqual(['specs'])
  })

  it('skips and names a spec nested thousands of levels deep; the versions around it are written', async () => {
    seedUpstream()
    const deep = 5000
    gh.upstream.files.set(
      `${UP}/stable/2024-11-01/inference.json`,
      Buffer.from(`{"openapi": "3.0.0",\n"x-deep": ${'['.repeat(deep)}${']'.repeat(deep)}}`)
    )
    const folder = localFolder()
    const result = await syncUpstream(octokit(), source, options(folder))
    expect(result.synced.map((s) => s.version)).toEqual(['2024-10-21', '2025-01-01-preview'])
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Azure\/azure-rest-api-specs\/.*\/stable\/2024-11-01\/inference\.json:2: nesting deeper than 128 levels .*; not written$/
      ),
      expect.stringMatching(/\/preview\/2025-02-01-preview\/inference\.json:1: invalid JSON/)
    ])
    expect(fs.existsSync(path.join(folder, 'stable/2024-11-01'))).toBe(false)
  })

  it('writes nothing through a symlink that leads out of the spec folder, and names the file', async () => {
    seedUpstream()
    gh.upstream.files.set(
      `${UP}/evil/2024-06-01/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    const folder = localFolder()
    const elsewhere = tempDir()
    fs.writeFileSync(path.join(elsewhere, 'secret.json'), 'outside')
    // A channel folder that leads out, and a version's file that leads out.
    fs.symlinkSync(elsewhere, path.join(folder, 'evil'))
    const local = path.join(folder, 'stable/2024-02-01/inference.json')
    fs.rmSync(local)
    fs.symlinkSync(path.join(elsewhere, 'secret.json'), local)
    const result = await syncUpstream(octokit(), source, {
      ...options(folder),
      updateChanged: true
    })
    expect(result.synced.map((s) => s.version)).toEqual(['2024-10-21', '2025-01-01-preview'])
    const refused = result.warnings.filter((w) => !w.includes('invalid JSON'))
    expect(refused.map((w) => w.replace(/\(to [^)]*\)/, '(to …)'))).toEqual([
      expect.stringMatching(
        /\/stable\/2024-02-01\/inference\.json: not written to .*specs\/stable\/2024-02-01\/inference\.json: a symlink leads outside the spec folder \(to …\); not followed$/
      ),
      expect.stringMatching(
        /\/evil\/2024-06-01\/inference\.json: not written to .*specs\/evil\/2024-06-01\/inference\.json: a symlink leads outside the spec folder \(to …\); not followed$/
      )
    ])
    expect(fs.readdirSync(elsewhere)).toEqual(['secret.json'])
    expect(fs.readFileSync(path.join(elsewhere, 'secret.json'), 'utf8')).toBe('outside')
    expect(fs.readlinkSync(local)).toBe(path.join(elsewhere, 'secret.json'))
  })

  it('refuses a broken symlink on the way (writing through it would create its target)', async () => {
    seedUpstream()
    gh.upstream.files.set(
      `${UP}/gone/2024-07-01/inference.json`,
      example('stable/2024-02-01/inference.json')
    )
    const folder = localFolder()
    const elsewhere = tempDir()
    fs.symlinkSync(path.join(elsewhere, 'missing'), path.join(folder, 'gone'))
    const result = await syncUpstream(octokit(), source, options(folder))
    expect(result.synced.map((s) => s.version)).toEqual(['2024-10-21', '2025-01-01-preview'])
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /\/gone\/2024-07-01\/inference\.json: not written to .*specs\/gone\/2024-07-01\/inference\.json: \/\S+\/specs\/gone is a broken symlink; not followed$/
      )
    )
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('refuses a spec folder that a symlink leads out of the workspace', async () => {
    seedUpstream()
    const workspace = tempDir()
    const elsewhere = tempDir()
    fs.symlinkSync(elsewhere, path.join(workspace, 'specs'))
    await expect(
      syncUpstream(octokit(), source, {
        ...options(path.join(workspace, 'specs')),
        workspace
      })
    ).rejects.toThrow(
      new RegExp(
        `^spec-folder '.*specs': a symlink leads outside the workspace \\(to ${elsewhere}\\)`
      )
    )
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('replaces a symlinked file inside the folder instead of writing through it', async () => {
    seedUpstream()
    const folder = localFolder()
    // 2024-10-21 exists locally as a link to 2024-02-01's file; upstream has different bytes for it.
    fs.mkdirSync(path.join(folder, 'stable/2024-10-21'))
    const link = path.join(folder, 'stable/2024-10-21/inference.json')
    fs.symlinkSync('../2024-02-01/inference.json', link)
    const before = fs.readFileSync(path.join(folder, 'stable/2024-02-01/inference.json'))
    const result = await syncUpstream(octokit(), source, {
      ...options(folder),
      updateChanged: true
    })
    expect(result.synced.map((s) => [s.version, s.kind])).toContainEqual(['2024-10-21', 'changed'])
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false)
    expect(fs.readFileSync(link)).toEqual(
      gh.upstream.files.get(`${UP}/stable/2024-10-21/inference.json`)
    )
    expect(fs.readFileSync(path.join(folder, 'stable/2024-02-01/inference.json'))).toEqual(before)
    expect(fs.readdirSync(path.join(folder, 'stable/2024-10-21'))).toEqual(['inference.json'])
  })
})
