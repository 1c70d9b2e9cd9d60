import { describe, expect, it } from '@jest/globals'
import {
  apiFromApim,
  apimPath,
  versionSetFromApim,
  type AnsweredApi
} from '../src/apim/normalize.js'
import { apiIdFor, provenanceOf, type DesiredState } from '../src/plan/desired.js'
import { planChanges, type ActualState } from '../src/plan/planner.js'
import { readSettings } from '../src/settings.js'

const FP = 'a'.repeat(16)
const CFG = 'b'.repeat(12)
const VERSIONS = ['2024-06-01', '2024-10-21']

const desired: DesiredState = {
  versionSet: {
    id: 'aoai',
    props: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' }
  },
  fragment: { id: 'aoai-common', value: '<fragment />', description: 'Managed' },
  products: ['starter'],
  versions: VERSIONS.map((v) => ({
    version: v,
    apiId: apiIdFor('aoai', v),
    file: `specs/${v}/inference.json`,
    fingerprint: FP,
    configHash: CFG,
    provenance: provenanceOf(FP, CFG, `specs/${v}/inference.json`),
    importProps: {} as never,
    policyXml: '<policies />',
    operations: 3,
    patchSummary: '',
    patchEntries: []
  }))
}

/** An API as a 2024-05-01 GET answers it (the SDK hands the JSON's nulls over as they are). */
const answered = (v: string, change: Partial<AnsweredApi> = {}): AnsweredApi => ({
  name: apiIdFor('aoai', v),
  apiVersion: v,
  apiVersionSetId:
    '/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/x/apiVersionSets/aoai',
  apiRevision: '1',
  path: 'openai',
  apiRevisionDescription: provenanceOf(FP, CFG, `specs/${v}/inference.json`),
  ...change
})

function actualFrom(apis: AnsweredApi[], productApis: string[]): ActualState {
  return {
    versionSet: versionSetFromApim({
      displayName: 'aoai',
      versioningScheme: 'Query',
      versionQueryName: 'api-version',
      versionHeaderName: null,
      description: null
    }),
    fragment: '<fragment />',
    fragmentDescription: 'Managed',
    apis: apis.map(apiFromApim),
    others: [],
    productApis: new Map([['starter', productApis]])
  }
}

describe('what APIM answers, read as the planner compares it', () => {
  it('reads null as absent, the path as APIM stores it, the revision as a number', () => {
    expect(
      apiFromApim({
        name: 'aoai-v1',
        apiVersion: null,
        apiVersionSetId: null,
        apiRevision: '3',
        path: '/openai/v1/',
        apiRevisionDescription: null
      })
    ).toStrictEqual({
      name: 'aoai-v1',
      apiVersion: undefined,
      apiVersionSetId: undefined,
      apiRevision: 3,
      path: 'openai/v1',
      apiRevisionDescription: undefined
    })
    expect(apimPath('//api/x/')).toBe('api/x')
  })

  it('api-path "/openai/" is the path APIM stores: openai', () => {
    const read = readSettings({
      'spec-folder': 'specs',
      'api-id': 'aoai',
      'api-path': '/openai/',
      'subscription-id': '00000000-0000-0000-0000-000000000000',
      'resource-group': 'r',
      'service-name': 'x'
    })
    expect(read.api.path).toBe('openai')
  })

  // Each of APIM's ways of answering an unchanged API, one at a time: the plan stays a no-op.
  // (A third entry every row: jest hands a row shorter than the test's parameters a done callback.)
  const NORMALISATIONS: [string, Partial<AnsweredApi>, string[] | null][] = [
    ['as answered (the version set with its unset properties as null)', {}, null],
    ['the revision as a string', { apiRevision: '1' }, null],
    ['the revision as a number', { apiRevision: 1 }, null],
    ['the path with the leading / a user wrote', { path: '/openai' }, null],
    [
      'the version set id in another case',
      {
        apiVersionSetId:
          '/subscriptions/S/resourceGroups/R/providers/Microsoft.ApiManagement/service/X/apiVersionSets/AOAI'
      },
      null
    ],
    ['the API name in another case', { name: 'AOAI-2024-06-01' }, null],
    [
      'product memberships named in another case',
      {},
      VERSIONS.map((v) => apiIdFor('AOAI', v).toUpperCase())
    ]
  ]
  it.each(NORMALISATIONS)('a no-op stays a no-op: %s', (_, change, members) => {
    const actual = actualFrom(
      [answered('2024-06-01', change), answered('2024-10-21')],
      members ?? VERSIONS.map((v) => apiIdFor('aoai', v))
    )
    const plan = planChanges(desired, actual, { onSpecChange: 'revision', prune: false })
    expect(plan.versions.map((s) => [s.version, s.action, s.addToProducts])).toEqual(
      VERSIONS.map((v) => [v, 'unchanged', undefined])
    )
    expect(plan.hasChanges).toBe(false)
  })
})
