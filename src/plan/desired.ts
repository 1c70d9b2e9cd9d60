import { createHash } from 'node:crypto'
import type { BackendProps, ImportProps, VersionSetProps } from '../apim/types.js'
import { renderPolicy } from '../apim/policy.js'
import type { Settings } from '../settings.js'
import type { SpecVersion } from '../specs/analyze.js'
import { diffShapes, type Changelog } from '../specs/changelog.js'
import type { Problem } from '../specs/errors.js'

/** What APIM should hold for one version of the folder. */
export interface DesiredVersion {
  version: string
  channel?: string
  apiId: string
  file: string
  fingerprint: string
  /** Hash of everything else we set on the API: its properties and its policy. */
  configHash: string
  provenance: string
  importProps: ImportProps
  policyXml: string
  operations: number
  patchSummary: string
  /** The patch report: each edit (or note) with its line and JSON pointer. */
  patchEntries: { kind: string; line: number; pointer: string; change: string }[]
  changelog?: Changelog
  /**
   * For a revision: what changed against the spec APIM's current revision was imported from
   * (known when its provenance names a commit that has it, or in a plan against a base commit).
   */
  revisionChangelog?: Changelog
  /** The version set's Original: callers reach it without naming a version (`original-version`). */
  original?: boolean
  /** Why APIM would refuse this version as it stands (each at its file and line): it is not sent. */
  blockers?: Problem[]
}

export interface DesiredState {
  versionSet: { id: string; props: VersionSetProps }
  fragment: { id: string; value: string; description: string }
  /** The backend entity the versions are routed to, when the action manages one. */
  backend?: { id: string; props: BackendProps }
  /** Products every version is a member of. */
  products: string[]
  versions: DesiredVersion[]
}

export const PROVENANCE_PREFIX = 'apim-version-action'
const MAX_DESCRIPTION = 256

/**
 * `apim-version-action fp=<16 hex> cfg=<12 hex> api=<api-id> commit=<sha> spec=<path>`, at most
 * 256 characters (APIM's limit); the path loses its start first. The commit is the one the spec
 * was imported from (when the workspace is a git checkout): a later revision's notes compare
 * with the spec at that commit. Earlier releases wrote neither `api=` nor `commit=`.
 */
export function provenanceOf(
  fingerprint: string,
  configHash: string,
  file: string,
  origin: { apiId?: string; commit?: string } = {}
): string {
  const api = origin.apiId ? ` api=${origin.apiId}` : ''
  const commit = origin.commit ? ` commit=${origin.commit}` : ''
  const head = `${PROVENANCE_PREFIX} fp=${fingerprint} cfg=${configHash}${api}${commit} spec=`
  const room = MAX_DESCRIPTION - head.length
  return head + (file.length <= room ? file : `…${file.slice(file.length - room + 1)}`)
}

export interface Provenance {
  fingerprint: string
  configHash: string
  apiId?: string
  commit?: string
  /** The spec's path, unless it was cut to fit. */
  file?: string
}

export function parseProvenance(description: string | undefined): Provenance | undefined {
  if (!description?.startsWith(PROVENANCE_PREFIX)) return undefined
  const fp = /\bfp=([0-9a-f]{16})\b/.exec(description)?.[1]
  const cfg = /\bcfg=([0-9a-f]{12})\b/.exec(description)?.[1]
  if (!fp || !cfg) return undefined
  const apiId = / api=(\S+)/.exec(description)?.[1]
  const commit = / commit=([0-9a-f]{40})\b/.exec(description)?.[1]
  const file = / spec=(.*)$/.exec(description)?.[1]
  return {
    fingerprint: fp,
    configHash: cfg,
    ...(apiId ? { apiId } : {}),
    ...(commit ? { commit } : {}),
    ...(file && !file.startsWith('…') ? { file } : {})
  }
}

/**
 * APIM API id of a version: the base id and the version (`azure-openai-2024-05-01-preview`),
 * never rewritten: settings refuse a base id APIM would not take, and the plan refuses a version
 * whose id it would not take (versionApiIdProblem).
 */
export function apiIdFor(baseId: string, version: string): string {
  return `${baseId}-${version}`
}

/** Whether a version is the one callers reach without naming a version (`original-version`). */
export function isOriginal(version: string, originalVersion: string | undefined): boolean {
  return originalVersion !== undefined && version.toLowerCase() === originalVersion.toLowerCase()
}

export function importFormat(version: SpecVersion): ImportProps['format'] {
  if (version.format === 'swagger 2.0') return 'swagger-json'
  return version.syntax === 'json' ? 'openapi+json' : 'openapi'
}

/** The desired state of APIM for the folder's valid versions and the settings. */
export function buildDesired(
  versions: SpecVersion[],
  settings: Settings,
  texts: { policyTemplate: string; fragment: string; fragmentDescription: string },
  commit?: string
): DesiredState {
  const { api } = settings
  const versionSet: DesiredState['versionSet'] = {
    id: api.id,
    props: {
      displayName: api.displayName,
      versioningScheme: api.scheme,
      ...(api.scheme === 'Query' ? { versionQueryName: api.versionParameter } : {}),
      ...(api.scheme === 'Header' ? { versionHeaderName: api.versionParameter } : {})
    }
  }
  const desired = versions.map((v, i): DesiredVersion => {
    const apiId = apiIdFor(api.id, v.version)
    const props: Omit<ImportProps, 'value'> = {
      format: importFormat(v),
      path: api.path,
      displayName: api.displayName,
      // The Original version answers requests that name no version (api-management-versions,
      // "Original versions"): it has no version identifier of its own.
      ...(isOriginal(v.version, api.originalVersion) ? {} : { apiVersion: v.version }),
      apiVersionSetId: `/apiVersionSets/${api.id}`,
      serviceUrl: api.serviceUrl?.replace(/\{version\}/g, encodeURIComponent(v.version)),
      subscriptionRequired: api.subscriptionRequired,
      subscriptionKeyHeader: api.keyHeader
    }
    const policyXml = renderPolicy(texts.policyTemplate, {
      fragmentId: settings.fragmentId,
      version: v.version,
      apiId,
      versionParameter: api.versionParameter,
      scheme: api.scheme
    })
    // The spec's text is read when the import is sent: 60 texts need not be in memory at once.
    const importProps = Object.defineProperty({ ...props }, 'value', {
      get: () => v.patch.text,
      enumerable: true
    }) as ImportProps
    const configHash = createHash('sha256')
      .update(JSON.stringify({ props, policyXml }))
      .digest('hex')
      .slice(0, 12)
    const previous = versions[i - 1]
    // From the versions' shapes: their parsed specs are no longer in memory.
    const changelog = previous
      ? diffShapes({ ...previous.shape, label: previous.version }, { ...v.shape, label: v.version })
      : undefined
    return {
      version: v.version,
      ...(isOriginal(v.version, api.originalVersion) ? { original: true } : {}),
      channel: v.channel,
      apiId,
      file: v.file,
      fingerprint: v.fingerprint,
      configHash,
      provenance: provenanceOf(v.fingerprint, configHash, v.file, { apiId: api.id, commit }),
      importProps,
      policyXml,
      operations: v.operations,
      patchSummary: v.patch.summary,
      patchEntries: v.patch.entries.map(({ kind, line, pointer, change }) => ({
        kind,
        line,
        pointer,
        change
      })),
      changelog
    }
  })
  return {
    versionSet,
    fragment: {
      id: settings.fragmentId,
      value: texts.fragment.trim(),
      description: texts.fragmentDescription
    },
    ...(settings.gateway.backend
      ? {
          backend: {
            id: settings.gateway.backend.id,
            props: {
              url: settings.gateway.backend.url,
              protocol: 'http' as const,
              description: `Managed by apim-version-action for ${api.id}`
            }
          }
        }
      : {}),
    products: settings.gateway.products,
    versions: desired
  }
}
