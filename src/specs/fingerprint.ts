import { createHash } from 'node:crypto'

/**
 * The fingerprint of a spec: the first 16 hex digits of the SHA-256 of its canonical JSON form
 * (object keys sorted, no whitespace, numbers in shortest form so 1.0 and 1 are equal, integers
 * beyond 2^53 kept to the last digit). Reformatting or reordering keys keeps it; any change of
 * content changes it. It is computed over the patched document, so it also changes when the
 * patch options do.
 */
export function fingerprint(value: unknown): string {
  const hash = createHash('sha256')
  new CanonicalWriter((chunk) => hash.update(chunk)).write(value).flush()
  return hash.digest('hex').slice(0, 16)
}

export function canonicalJson(value: unknown): string {
  let text = ''
  new CanonicalWriter((chunk) => (text += chunk)).write(value).flush()
  return text
}

/** Writes canonical JSON to a sink in chunks, so large documents make little garbage. */
class CanonicalWriter {
  private buffer = ''

  constructor(private readonly sink: (chunk: string) => void) {}

  flush(): void {
    if (this.buffer) this.sink(this.buffer)
    this.buffer = ''
  }

  write(value: unknown): this {
    if (this.buffer.length > 65536) this.flush()
    if (value === null || value === undefined) {
      this.buffer += 'null'
    } else if (typeof value === 'string' || typeof value === 'boolean') {
      this.buffer += JSON.stringify(value)
    } else if (typeof value === 'number') {
      this.buffer += Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value))
    } else if (typeof value === 'bigint') {
      this.buffer += value.toString()
    } else if (Array.isArray(value)) {
      this.buffer += '['
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.buffer += ','
        this.write(value[i])
      }
      this.buffer += ']'
    } else if (value instanceof Date) {
      this.buffer += JSON.stringify(value.toISOString())
    } else {
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).sort()
      this.buffer += '{'
      let first = true
      for (const key of keys) {
        if (record[key] === undefined) continue
        this.buffer += (first ? '' : ',') + JSON.stringify(key) + ':'
        first = false
        this.write(record[key])
      }
      this.buffer += '}'
    }
    return this
  }
}
