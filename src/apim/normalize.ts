import type { ApimApi, VersionSetProps } from './types.js'

/**
 * What APIM answers, in the form the planner compares with what the folder wants. APIM writes
 * unset properties as `null` (recorded sessions; docs/emulator.md, "Fidelity") where the SDK's
 * types say "absent", stores an API's path without its leading `/`, and answers a revision
 * number as a string. Left as answered, each would read as a change on every run.
 */

/** `null` as absent. */
export function orAbsent<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined
}

/** An API's path as APIM stores it: `/openai/` is `openai`. */
export function apimPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '')
}

/** The fields of an API contract the planner reads, as the SDK hands them over. */
export interface AnsweredApi {
  name?: string | null
  apiVersion?: string | null
  apiVersionSetId?: string | null
  apiRevision?: string | number | null
  path?: string | null
  apiRevisionDescription?: string | null
}

export function apiFromApim(api: AnsweredApi): ApimApi {
  const revision = Number(api.apiRevision ?? 1)
  return {
    name: api.name ?? '',
    apiVersion: api.apiVersion || undefined,
    apiVersionSetId: api.apiVersionSetId || undefined,
    apiRevision: Number.isInteger(revision) && revision > 0 ? revision : 1,
    path: apimPath(api.path ?? ''),
    apiRevisionDescription: orAbsent(api.apiRevisionDescription)
  }
}

export interface AnsweredVersionSet {
  displayName?: string | null
  versioningScheme?: string | null
  versionQueryName?: string | null
  versionHeaderName?: string | null
  description?: string | null
}

export function versionSetFromApim(set: AnsweredVersionSet): VersionSetProps {
  return {
    displayName: set.displayName ?? '',
    versioningScheme: set.versioningScheme as VersionSetProps['versioningScheme'],
    versionQueryName: orAbsent(set.versionQueryName),
    versionHeaderName: orAbsent(set.versionHeaderName),
    description: orAbsent(set.description)
  }
}
