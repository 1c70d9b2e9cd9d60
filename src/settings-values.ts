import type { RawInputs } from './settings.js'

/** Parsers for raw input values: each adds a message to `problems` rather than throwing. */

export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

export function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
  return items && items.length > 0 ? items : undefined
}

export function bool(raw: RawInputs, name: string, fallback: boolean, problems: string[]): boolean {
  const value = nonEmpty(raw[name])?.toLowerCase()
  if (value === undefined) return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  problems.push(`${name}: expected true or false, got '${raw[name]}'`)
  return fallback
}

export function oneOf<T extends string>(
  raw: RawInputs,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[]
): T {
  const value = nonEmpty(raw[name])
  if (value === undefined) return fallback
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase())
  if (!match) problems.push(`${name}: '${value}' is not one of ${allowed.join(', ')}`)
  return match ?? fallback
}
