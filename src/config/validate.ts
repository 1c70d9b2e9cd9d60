import type { ErrorObject } from 'ajv'
import { INPUT_GROUPS } from '../inputs.js'
import { API_KEYS, ENVIRONMENT_INPUTS, NOT_IN_FILE, SERVICE_KEYS } from './schema.js'
// Ajv's code for schema/apim-versions.schema.json, precompiled by `npm run schema`: no Ajv in the
// bundle and nothing compiled at run time.
import { validate } from './validator.generated.js'

/** A problem of the file at a path of its data: where it is (key or value) is found by the caller. */
export interface SchemaProblem {
  /** The data path, e.g. ['environments', 'prod', 'servce-name']. */
  path: string[]
  /** Point at the key of `path` (an unknown or misnamed key) rather than its value. */
  at: 'key' | 'value'
  message: string
}

/**
 * The file's data checked against the schema: one problem per error, with what to do. `written`
 * gives a value's text as the file has it (`1.0` where the data has 1).
 */
export function schemaProblems(
  data: unknown,
  written: (path: string[]) => string | undefined = () => undefined
): SchemaProblem[] {
  if (validate(data)) return []
  const problems: SchemaProblem[] = []
  for (const error of validate.errors ?? []) {
    const problem = describe(error, written)
    if (problem) problems.push(problem)
  }
  return problems
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** `apis.azure-openai.concurrency`; the top level is "the file". */
export function dotted(path: readonly string[]): string {
  return path.length === 0 ? 'the file' : path.join('.')
}

function describe(
  error: ErrorObject,
  written: (path: string[]) => string | undefined
): SchemaProblem | undefined {
  const path = pathOf(error)
  const here = dotted(path)
  const parent = error.parentSchema as { properties?: object; minimum?: number; maximum?: number }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty)
      const allowed = Object.keys(parent.properties ?? {})
      return {
        path: [...path, key],
        at: 'key',
        message: `${here}: unknown key '${key}' (${unknownKeyHint(key, path, allowed)})`
      }
    }
    case 'required': {
      const missing = String(error.params.missingProperty)
      const why = (SERVICE_KEYS as readonly string[]).includes(missing)
        ? `an environment names its APIM service: ${SERVICE_KEYS.join(', ')}`
        : 'the APIs, each under its api-id'
      return { path, at: 'key', message: `${here}: missing ${missing} (${why})` }
    }
    case 'type':
      return { path, at: 'value', message: `${here}: ${typeMessage(error, written(path))}` }
    case 'enum': {
      const allowed = (error.schema as string[]) ?? []
      const text = String(error.data)
      const spelled = allowed.find((a) => a.toLowerCase() === text.toLowerCase())
      return {
        path,
        at: 'value',
        message: `${here}: '${text}' is not one of ${allowed.join(', ')}${spelled ? ` (write it as ${spelled})` : ''}`
      }
    }
    case 'minimum':
    case 'maximum':
      return {
        path,
        at: 'value',
        message: `${here}: expected a whole number from ${parent.minimum} to ${parent.maximum}, got ${String(error.data)}`
      }
    case 'minProperties':
      return { path, at: 'key', message: `${here}: give at least one API, under its api-id` }
    case 'pattern': {
      if (error.propertyName !== undefined) {
        const name = error.propertyName
        const what =
          path.at(-1) === 'environments'
            ? 'an environment name must be letters, digits, - and _ (starting with a letter or digit), at most 60 characters'
            : "an api-id must be letters, digits, - and _ (starting with a letter or digit), at most 60 characters: it is the version set's id and, with -<version>, each API's id in APIM"
        return { path: [...path, name], at: 'key', message: `${here}: '${name}': ${what}` }
      }
      return {
        path,
        at: 'value',
        message: `${here}: '${String(error.data)}' is not an environment name (letters, digits, - and _)`
      }
    }
    case 'propertyNames':
      return undefined // said by the pattern error beside it
    default:
      return { path, at: 'value', message: `${here}: ${error.message ?? 'is not valid'}` }
  }
}

const TYPE_NAMES: Record<string, string> = {
  boolean: 'true or false',
  integer: 'a whole number',
  string: 'a string',
  object: 'a mapping of keys to values',
  'array,string': 'a list (or a comma-separated string)'
}

function typeMessage(error: ErrorObject, written: string | undefined): string {
  const expected = String(error.params.type)
  const data = error.data
  const got =
    data === null
      ? 'nothing'
      : Array.isArray(data)
        ? 'a list'
        : typeof data === 'object'
          ? 'a mapping'
          : `${typeof data === 'string' ? 'the string' : `the ${typeof data}`} ${JSON.stringify(data)}`
  let fix = ''
  if (data === null) fix = ': give a value or leave the key out'
  else if (expected === 'string' && (typeof data === 'number' || typeof data === 'boolean')) {
    const text = written?.trim() || String(data)
    fix = `${text !== String(data) ? ` (written ${text})` : ''}: quote it to give text ('${text}'), as YAML reads it as a ${typeof data}`
  } else if (expected === 'boolean' && typeof data === 'string')
    fix = /^(true|false)$/i.test(data)
      ? `: write ${data.toLowerCase()} without quotes`
      : ': write true or false'
  else if (expected === 'integer' && typeof data === 'string' && /^\d+$/.test(data))
    fix = `: write ${data} without quotes`
  return `expected ${TYPE_NAMES[expected] ?? expected}, got ${got}${fix}`
}

/** What to do about an unknown key: a near spelling, or where the key belongs. */
function unknownKeyHint(key: string, path: readonly string[], allowed: string[]): string {
  if (NOT_IN_FILE[key]) return NOT_IN_FILE[key]
  const near = closest(key, allowed)
  if (near) return `did you mean ${near}?`
  const inEnvironment = path[0] === 'environments' && path.length === 2
  if (inEnvironment && API_KEYS.includes(key))
    return `per-API values go under environments.${path[1]}.apis.<api-id>`
  if (!inEnvironment && ENVIRONMENT_INPUTS.includes(key))
    return 'the APIM service and its sign-in go in an environment under environments:'
  if ((INPUT_GROUPS.upstream as readonly string[]).includes(key))
    return 'sync-upstream inputs are not in the file: give them as inputs'
  return allowed.length <= 12
    ? `allowed: ${allowed.join(', ')}`
    : 'the keys are the inputs of the spec, api and gateway groups: see docs/config-file.md'
}

/** The allowed key nearest to `key` by edit distance, when near enough to be a typo. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of allowed) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    previous = current
  }
  return previous[b.length]
}
