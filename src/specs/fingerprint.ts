import { createHash } from 'node:crypto'

/**
 * The fingerprint of a spec: the first 16 hex digits of the SHA-256 of its canonical JSON form
 * (object keys sorted, no whitespace, numbers in shortest form so 1.0 and 1 are equal, integers
 * beyond 2^53 kept to the last digit). Reformatting or reordering keys keeps it; any change of
 * content changes it. It is computed over the patched document, so it also changes when the
 * patch options do.
 */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16)
}

export function canonicalJson(value: unknown): string {
  const parts: string[] = []
  write(value, parts)
  return parts.join('')
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null')
  } else if (typeof value === 'bigint') {
    out.push(value.toString())
  } else if (typeof value === 'number') {
    out.push(Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value)))
  } else if (typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value))
  } else if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      write(item, out)
    })
    out.push(']')
  } else if (value instanceof Date) {
    out.push(JSON.stringify(value.toISOString()))
  } else {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
    out.push('{')
    keys.forEach((key, i) => {
      if (i > 0) out.push(',')
      out.push(JSON.stringify(key), ':')
      write(record[key], out)
    })
    out.push('}')
  }
}
