import fs from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser'
import { countMembers, JsonLocator, outline } from '../src/specs/json-scan.js'
import { parseJsonSource } from '../src/specs/json-source.js'
import { describeShared, sharedFile } from './support/shared.js'

type Path = (string | number)[]

/** Every path of the data, the root's included. */
function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out))
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out)
  return out
}

/** The locator against jsonc-parser's tree: each value's range and its key's. */
function expectSameOffsets(text: string): number {
  const tree = parseTree(text)!
  const locator = new JsonLocator(text)
  const paths = pathsOf(JSON.parse(text))
  for (const path of paths) {
    const node = findNodeAtLocation(tree, path) as Node
    const found = locator.find(path)!
    const key = node.parent?.type === 'property' ? node.parent.children![0] : undefined
    expect({
      path,
      start: found.slot.start,
      end: found.slot.end,
      keyStart: found.slot.keyStart,
      keyEnd: found.slot.keyEnd
    }).toEqual({
      path,
      start: node.offset,
      end: node.offset + node.length,
      keyStart: key?.offset,
      keyEnd: key && key.offset + key.length
    })
  }
  return paths.length
}

const CRAFTED = [
  '{"a":1,"b":[1,2,{"c":"x\\"y"}],"d":{}}',
  ' \r\n\t{ "k\\u0041y" : "v\\\\" , "e" : [ ] , "f" : [ [ ] , { } ] , "n" : -1.5e+3 , "t" : true , "z" : null } \n',
  '[ {"a": "}]{[\\"" }, "\\\\", 12345678901234567890 ]',
  '{"é ✓ 𝄞": {"": {"0": [false]}}, "__proto__": {"x": 1}}'
]

describe('JsonLocator finds each value where jsonc-parser puts it', () => {
  it.each(CRAFTED)('%s', (text) => {
    expect(expectSameOffsets(text)).toBeGreaterThan(1)
  })

  it('says undefined for what is not there', () => {
    const locator = new JsonLocator('{"a": [1, {"b": 2}]}')
    expect(locator.find(['x'])).toBeUndefined()
    expect(locator.find(['a', 2])).toBeUndefined()
    expect(locator.find(['a', 'b'])).toBeUndefined()
    expect(locator.find(['a', 1, 'b', 'c'])).toBeUndefined()
    expect(locator.find(['a', '1', 'b'])?.slot.start).toBe(16)
  })
})

describeShared('JsonLocator on the real specs', () => {
  it.each(['inference/stable/2024-10-21/inference.json', 'v1/v1/AIFoundryOpenAIV1.json'])(
    '%s, every value where jsonc-parser puts it',
    (file) => {
      const text = fs.readFileSync(sharedFile(...file.split('/')), 'utf8')
      expect(expectSameOffsets(text)).toBeGreaterThan(1000)
    }
  )
})

describe('outline', () => {
  it('counts the members as the data has them, strings with colons and escapes aside', () => {
    const text = '{"a:b": "c:\\"d:", "e": [{"f": 1}, {"g": {"h": null}}], "i": {}}'
    expect(outline(text, 128)).toEqual({ members: 6, escapedKeys: false })
    expect(countMembers(JSON.parse(text))).toBe(6)
  })

  it('finds where nesting first goes past the limit, brackets in strings aside', () => {
    expect(outline('{"a": "[[[[", "b": [[1]]}', 2)).toEqual({
      members: 2,
      escapedKeys: false,
      tooDeepAt: 20
    })
    expect(outline('[[["x"]]]', 3)).toEqual({ members: 0, escapedKeys: false })
  })

  it('counts fewer members in the data than in the text of a duplicate key', () => {
    const text = '{"a": 1, "b": {"c": 1, "c": 2}}'
    expect(countMembers(JSON.parse(text))).toBe(outline(text, 128).members - 1)
  })
})

describe('parseJsonSource: what JSON.parse alone would get wrong', () => {
  it('reads keys with escapes as written, whatever V8 parsed before (nodejs/node#63785)', () => {
    expect(outline('{"a": "\\\\", "b": 1}', 128).escapedKeys).toBe(false)
    expect(outline('{"a\\u0041": 1}', 128).escapedKeys).toBe(true)
    parseJsonSource('{"c": 1, "\\\\": 2}', 'a.json')
    expect(parseJsonSource('{"c": 1, "\\u0041": 2}', 'b.json').value).toEqual({ c: 1, A: 2 })
  })

  it('names the first duplicate key in document order', () => {
    expect(() => parseJsonSource('{"a":{"b":1,"b":2},"a":3}', 'd.json')).toThrow(
      /duplicate key "b" \(first at line 1\)/
    )
    try {
      parseJsonSource('{"b":[{"x":1,"x":2}],"c":1,"c":2}', 'd.json')
    } catch (err) {
      expect((err as Error).message).toMatch(/duplicate key "x"/)
      expect((err as { column?: number }).column).toBe(14)
    }
    expect.assertions(3)
  })
})
