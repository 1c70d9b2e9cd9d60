// Spec builders for the bad-specs category (1) of script/red-team.mjs.
import { API_VERSION, specObject, BAD } from './plumbing.mjs'

export const j = (o) => JSON.stringify(o, null, 2)
export const withOp = (op) =>
  specObject('Bad', {
    paths: {
      '/items': {
        get: {
          operationId: 'x',
          parameters: [API_VERSION],
          responses: { 200: { description: 'ok' } },
          ...op
        }
      }
    }
  })
export const deepJson = (n, open, close, inner = '1') => {
  const s = specObject('Deep')
  const text = j(s)
  return text.replace(
    '"type": "object",',
    `"type": "object", "x-deep": ${open.repeat(n)}${inner}${close.repeat(n)},`
  )
}
export const yamlGood = [
  'openapi: 3.0.3',
  'info:',
  '  title: Y',
  "  version: '1'",
  'paths:',
  '  /items:',
  '    get:',
  '      operationId: listItems',
  '      parameters:',
  '        - name: api-version',
  '          in: query',
  '          required: true',
  '          schema:',
  '            type: string',
  '      responses:',
  "        '200':",
  '          description: ok',
  ''
].join('\n')
export const hugeDescription = () => {
  const s = specObject('Huge')
  s.info.description = 'x'.repeat(4.5 * 1024 * 1024)
  return j(s)
}
export const hugeManyPaths = () => {
  const s = specObject('Huge')
  for (let i = 0; i < 15000; i++)
    s.paths[`/p${i}`] = {
      get: {
        operationId: `op${i}`,
        parameters: [API_VERSION],
        responses: { 200: { description: `ok ${'y'.repeat(200)}` } }
      }
    }
  return JSON.stringify(s)
}
export const utf16 = (text, be) => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le')
  if (!be) return le
  const out = Buffer.alloc(le.length)
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]
    out[i + 1] = le[i]
  }
  return out
}

export const f = `${BAD}/openapi.json`
export const y = `${BAD}/openapi.yaml`
