import { validationError } from './http.js'

/** A parsed OData `$filter` as APIM accepts it on lists: a predicate over an item's fields. */
export type Predicate = (field: (name: string) => unknown) => boolean

type Token = { kind: 'word' | 'string' | 'punct'; value: string }

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s*(?:'((?:[^']|'')*)'|([A-Za-z_][\w/.]*)|([(),])|(\S))/gy
  let match: RegExpExecArray | null
  while ((match = pattern.exec(text)) !== null && match[0] !== '') {
    if (match[1] !== undefined) tokens.push({ kind: 'string', value: match[1].replace(/''/g, "'") })
    else if (match[2] !== undefined) tokens.push({ kind: 'word', value: match[2] })
    else if (match[3] !== undefined) tokens.push({ kind: 'punct', value: match[3] })
    else throw invalid(text)
  }
  return tokens
}

function invalid(text: string): Error {
  return validationError(`Invalid filter clause specified: '${text}'.`, '$filter')
}

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'substringof'])

/**
 * Parses `$filter` for `fields` (allowed names, with or without a `properties/` prefix):
 * comparisons (eq ne gt ge lt le), contains/startswith/endswith/substringof, and, or, not,
 * parentheses. Anything else is APIM's "Invalid filter clause" (400).
 */
export function parseFilter(text: string, fields: readonly string[]): Predicate {
  const tokens = tokenize(text)
  let at = 0
  const peek = () => tokens[at]
  const next = () => {
    const token = tokens[at++]
    if (!token) throw invalid(text)
    return token
  }
  const expect = (value: string) => {
    if (next().value !== value) throw invalid(text)
  }
  const fieldName = (word: string): string => {
    const name = word.replace(/^properties\//, '')
    if (!fields.includes(name)) throw invalid(text)
    return name
  }
  const literal = (): string | boolean => {
    const token = next()
    if (token.kind === 'string') return token.value
    if (token.value === 'true' || token.value === 'false') return token.value === 'true'
    throw invalid(text)
  }

  const factor = (): Predicate => {
    const token = next()
    if (token.value === '(') {
      const inner = expression()
      expect(')')
      return inner
    }
    if (token.value === 'not') {
      const inner = factor()
      return (get) => !inner(get)
    }
    if (token.kind !== 'word') throw invalid(text)
    if (FUNCTIONS.has(token.value.toLowerCase())) {
      const fn = token.value.toLowerCase()
      expect('(')
      const first = next()
      expect(',')
      const second = next()
      expect(')')
      const [fieldToken, valueToken] = fn === 'substringof' ? [second, first] : [first, second]
      if (fieldToken.kind !== 'word' || valueToken.kind !== 'string') throw invalid(text)
      const name = fieldName(fieldToken.value)
      const value = valueToken.value.toLowerCase()
      return (get) => {
        const actual = String(get(name) ?? '').toLowerCase()
        if (fn === 'startswith') return actual.startsWith(value)
        if (fn === 'endswith') return actual.endsWith(value)
        return actual.includes(value)
      }
    }
    const name = fieldName(token.value)
    const op = next().value
    if (!COMPARE.has(op)) throw invalid(text)
    const value = literal()
    return (get) => {
      const actual = get(name)
      const a = typeof value === 'boolean' ? actual === true : String(actual ?? '').toLowerCase()
      const b = typeof value === 'boolean' ? value : value.toLowerCase()
      switch (op) {
        case 'eq':
          return a === b
        case 'ne':
          return a !== b
        case 'gt':
          return a > b
        case 'ge':
          return a >= b
        case 'lt':
          return a < b
        default:
          return a <= b
      }
    }
  }
  const term = (): Predicate => {
    let left = factor()
    while (peek()?.value === 'and') {
      next()
      const l = left
      const r = factor()
      left = (get) => l(get) && r(get)
    }
    return left
  }
  const expression = (): Predicate => {
    let left = term()
    while (peek()?.value === 'or') {
      next()
      const l = left
      const r = term()
      left = (get) => l(get) || r(get)
    }
    return left
  }
  const predicate = expression()
  if (at !== tokens.length) throw invalid(text)
  return predicate
}
