import { describe, expect, it } from '@jest/globals'
import { defaultFragment, xmlProblem } from '../src/apim/policy.js'
import { apiIdFor, provenanceOf, type DesiredState } from '../src/plan/desired.js'
import { planChanges } from '../src/plan/planner.js'
import { readSettings } from '../src/settings.js'
import { probeFor } from '../src/verify/probe.js'

const FP = 'a'.repeat(16)
const CFG = 'b'.repeat(12)

const version = (v: string, original = false) => ({
  version: v,
  ...(original ? { original: true } : {}),
  apiId: apiIdFor('aoai-v1', v),
  file: `specs/${v}/openapi.json`,
  fingerprint: FP,
  configHash: CFG,
  provenance: provenanceOf(FP, CFG, `specs/${v}/openapi.json`),
  importProps: {} as never,
  policyXml: '<policies />',
  operations: 2,
  patchSummary: 'nothing to patch',
  patchEntries: []
})

const desired: DesiredState = {
  versionSet: {
    id: 'aoai-v1',
    props: { displayName: 'v1', versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: {
    id: 'aoai-v1-common',
    value: '<fragment/>',
    description: 'Managed by apim-version-action'
  },
  products: [],
  versions: [version('v1', true), version('preview')]
}

describe("original-version: the set's Original, reached without a version identifier", () => {
  it('is read as a version id', () => {
    expect(
      readSettings({ mode: 'plan', 'api-id': 'a', 'original-version': 'v1' }).api.originalVersion
    ).toBe('v1')
    expect(() => readSettings({ mode: 'plan', 'api-id': 'a', 'original-version': 'v1 x' })).toThrow(
      "original-version: 'v1 x' is not a version"
    )
  })

  it('is matched with the API that has no apiVersion in APIM, and up to date stays unchanged', () => {
    const api = (name: string, apiVersion?: string) => ({
      name,
      ...(apiVersion ? { apiVersion } : {}),
      apiVersionSetId: '/apiVersionSets/aoai-v1',
      apiRevision: 1,
      path: 'openai/v1',
      apiRevisionDescription: provenanceOf(FP, CFG, 'x')
    })
    const plan = planChanges(
      desired,
      {
        versionSet: desired.versionSet.props,
        fragment: '<fragment/>',
        fragmentDescription: 'Managed by apim-version-action',
        apis: [api('aoai-v1-v1'), api('aoai-v1-preview', 'preview')]
      },
      { onSpecChange: 'revision', prune: false }
    )
    expect(plan.versions.map((v) => [v.version, v.action])).toEqual([
      ['v1', 'unchanged'],
      ['preview', 'unchanged']
    ])
    expect(plan.hasChanges).toBe(false)
  })

  it('switched on for a deployed version: a conflict saying what to do, never an import and a delete of one API', () => {
    const plan = planChanges(
      desired,
      {
        versionSet: desired.versionSet.props,
        fragment: '<fragment/>',
        fragmentDescription: 'Managed by apim-version-action',
        apis: [
          {
            name: 'aoai-v1-v1',
            apiVersion: 'v1',
            apiVersionSetId: '/apiVersionSets/aoai-v1',
            apiRevision: 1,
            path: 'openai/v1',
            apiRevisionDescription: provenanceOf(FP, CFG, 'x')
          }
        ]
      },
      { onSpecChange: 'revision', prune: true }
    )
    expect(plan.versions.map((v) => [v.version, v.apiId, v.action])).toEqual([
      ['v1', 'aoai-v1-v1', 'conflict'],
      ['preview', 'aoai-v1-preview', 'import']
    ])
    expect(plan.versions[0].reason).toContain("APIM holds it with version identifier 'v1'")
  })

  it('gets the version parameter back only when the API has a version', () => {
    const fragment = defaultFragment('api-version', 'Query', true)
    expect(xmlProblem(fragment)).toBeUndefined()
    expect(fragment).toContain('<when condition="@(!string.IsNullOrEmpty(context.Api.Version))">')
    expect(defaultFragment('api-version', 'Query')).not.toContain('<choose>')
    expect(defaultFragment('api-version', 'Segment', true)).not.toContain('<choose>')
  })

  it('is verified without a version identifier', () => {
    const spec = {
      paths: {
        '/models': {
          get: {
            parameters: [
              { in: 'query', name: 'api-version', required: true, schema: { type: 'string' } }
            ],
            responses: { '200': { description: 'OK' } }
          }
        }
      }
    }
    const api = {
      path: 'openai/v1',
      scheme: 'Query' as const,
      versionParameter: 'api-version',
      keyHeader: 'api-key'
    }
    expect(probeFor({ version: 'v1', spec, original: true }, api).pathAndQuery).toBe(
      '/openai/v1/models'
    )
    expect(probeFor({ version: 'preview', spec }, api).pathAndQuery).toBe(
      '/openai/v1/models?api-version=preview'
    )
  })
})
