import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { changedFiles } from '../src/git/history.js'
import { changedPairs, matrixOf } from '../src/matrix/pairs.js'
import { tempDir, writeTree } from './support/temp.js'
import { apiIdFor, provenanceOf, type DesiredState } from '../src/plan/desired.js'
import { planChanges } from '../src/plan/planner.js'
import {
  matrixCommentMarker,
  renderMatrixComment,
  type PairPlan
} from '../src/render/matrix-comment.js'

const pairs = [
  { api: 'aoai', environment: 'dev' },
  { api: 'aoai', environment: 'prod' },
  { api: 'aoai-v1', environment: 'dev' },
  { api: 'aoai-v1', environment: 'prod' }
]
const folders: Record<string, string> = {
  aoai: 'specs/azure-openai',
  'aoai-v1': 'specs/azure-openai-v1'
}

describe('the matrix', () => {
  it('lists every pair for strategy.matrix, or those whose spec folder changed', () => {
    expect(matrixOf(pairs)).toEqual({ include: pairs })
    const folderOf = (p: { api: string }) => ({
      folder: folders[p.api],
      files: p.api === 'aoai' ? ['policies/aoai.xml'] : []
    })
    expect(changedPairs(pairs, folderOf, undefined)).toEqual(pairs)
    expect(
      changedPairs(pairs, folderOf, ['specs/azure-openai-v1/v1/openapi.json', 'README.md'])
    ).toEqual([
      { api: 'aoai-v1', environment: 'dev' },
      { api: 'aoai-v1', environment: 'prod' }
    ])
    // A folder name that is a prefix of another is not a match.
    expect(
      changedPairs(pairs, folderOf, ['specs/azure-openai-v1/x.json']).map((p) => p.api)
    ).not.toContain('aoai')
    expect(changedPairs(pairs, folderOf, [])).toEqual([])
    // The config file concerns every pair; a policy file the pairs of its API.
    expect(changedPairs(pairs, folderOf, ['apim-versions.yaml'], 'apim-versions.yaml')).toEqual(
      pairs
    )
    expect(changedPairs(pairs, folderOf, ['policies/aoai.xml']).map((p) => p.api)).toEqual([
      'aoai',
      'aoai'
    ])
  })
})

describe('what changed, from git', () => {
  it('names a renamed file under both paths, relative to the workspace (a subfolder of the repository)', async () => {
    const repo = tempDir()
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8'
      }).trim()
    writeTree(repo, { 'apis/specs/a/2024-01-01/spec.json': '{"openapi":"3.0.0"}' })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'first')
    const base = git('rev-parse', 'HEAD')
    fs.mkdirSync(path.join(repo, 'apis/specs/b'), { recursive: true })
    git('mv', 'apis/specs/a/2024-01-01', 'apis/specs/b/2024-01-01')
    git('commit', '-qm', 'moved')
    expect((await changedFiles(path.join(repo, 'apis'), base))?.sort()).toEqual([
      'specs/a/2024-01-01/spec.json',
      'specs/b/2024-01-01/spec.json'
    ])
    expect(await changedFiles(repo, 'f'.repeat(40))).toBeUndefined()
  })
})

const desired = (id: string, versions: string[]): DesiredState => ({
  versionSet: {
    id,
    props: { displayName: id, versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: {
    id: `${id}-common`,
    value: '<fragment/>',
    description: 'Managed by apim-version-action'
  },
  products: [],
  versions: versions.map((v) => ({
    version: v,
    apiId: apiIdFor(id, v),
    file: `specs/${v}/openapi.json`,
    fingerprint: 'a'.repeat(16),
    configHash: 'b'.repeat(12),
    provenance: provenanceOf('a'.repeat(16), 'b'.repeat(12), 'x'),
    importProps: {} as never,
    policyXml: '<policies />',
    operations: 2,
    patchSummary: 'nothing to patch',
    patchEntries: []
  }))
})

function pairPlan(api: string, environment: string, inApim: string[]): PairPlan {
  const d = desired(api, ['2024-06-01', '2024-10-21'])
  const plan = planChanges(
    d,
    {
      versionSet: d.versionSet.props,
      fragment: '<fragment/>',
      fragmentDescription: 'Managed by apim-version-action',
      apis: inApim.map((v) => ({
        name: apiIdFor(api, v),
        apiVersion: v,
        apiVersionSetId: `/apiVersionSets/${api}`,
        apiRevision: 1,
        path: api,
        apiRevisionDescription: provenanceOf('a'.repeat(16), 'b'.repeat(12), 'x')
      }))
    },
    { onSpecChange: 'revision', prune: false }
  )
  return {
    api,
    environment,
    view: { apiId: api, service: environment, plan, desired: d, problems: [] }
  }
}

describe('one plan comment for every pair', () => {
  const plans = [
    pairPlan('aoai', 'dev', []),
    pairPlan('aoai', 'prod', ['2024-06-01', '2024-10-21']),
    pairPlan('aoai-v1', 'dev', ['2024-06-01'])
  ]

  it('has its marker first, a table of api × environment, and a collapsed section per pair', () => {
    const comment = renderMatrixComment(plans, { configFile: 'apim-versions.yaml' })
    const lines = comment.split('\n')
    expect(lines[0]).toBe(matrixCommentMarker('apim-versions.yaml'))
    expect(comment).toContain('| api | `dev` | `prod` |')
    expect(comment).toContain('| `aoai` | 2 import | no change |')
    expect(comment).toContain('| `aoai-v1` | 1 import | — |')
    expect(comment.match(/<details><summary>[\w-]+ on \w+:/g)).toHaveLength(3)
    expect(comment).toContain('<details><summary>aoai on dev: 2 to import')
  })

  it('stays within the limit, cutting pair sections last-first with a pointer to the job summary', () => {
    const comment = renderMatrixComment(plans, { configFile: 'apim-versions.yaml' }, 1500)
    expect(comment.length).toBeLessThanOrEqual(1500)
    expect(comment).toContain(
      "cut to stay within GitHub's 1,500-character limit; the job summary has them"
    )
    expect(comment).toContain('| `aoai` | 2 import | no change |')
  })
})
