import { validationError } from '../http.js'

/** APIM's identifier rules and the forms in which ids appear in URLs and bodies. */
export const API_ID = /^[^*#&+:<>?]+$/
export const FRAGMENT_ID = /(^[\w]+$)|(^[\w][\w-]+[\w]$)/

export function checkName(name: string, pattern: RegExp, max: number, what: string): void {
  const bare = what === 'API' ? splitApiId(name).root : name
  if (!pattern.test(bare) || name.length > max) {
    throw validationError(
      `'${name}' is not a valid ${what} identifier: it must match ${pattern.source} and be 1 to ${max} characters long.`,
      'name'
    )
  }
}

/** `name;rev=N` → the API's name and the revision number. */
export function splitApiId(id: string): { root: string; rev?: number } {
  const match = /^(.*);rev=(\d+)$/.exec(id)
  return match ? { root: match[1], rev: Number(match[2]) } : { root: id }
}

/** An API reference in a body: `/apis/x;rev=2` or a full ARM id. */
export function apiFromReference(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined
  return /\/apis\/([^/]+)$/i.exec(reference)?.[1]
}

/** The version set name of an `apiVersionSetId` (short `/apiVersionSets/x` or full ARM id). */
export function versionSetName(id: string | undefined): string | undefined {
  return id ? /\/apiVersionSets\/([^/]+)$/i.exec(id)?.[1] : undefined
}
