import { SpecError } from './errors.js'
import type { PathSegment } from './pointer.js'
import type { Position } from './source.js'

/**
 * How deeply objects and arrays may nest in a spec (the root object is level 1). The real Azure
 * OpenAI specs reach 20; a limit far above that keeps every recursive walk (the parsers, $ref
 * checks, fingerprints, change logs) far from the stack's end, so a hostile or broken file is
 * refused with its name and line instead of crashing the run.
 */
export const MAX_NESTING = 128

export function nestingError(file: string, position: Position | undefined): SpecError {
  return new SpecError(
    file,
    `nesting deeper than ${MAX_NESTING} levels (objects and arrays inside each other); real specs stay ` +
      'far below that. Move deeply nested schemas to components and refer to them with $ref.',
    position
  )
}

/**
 * The path to the first value nested deeper than MAX_NESTING (a YAML alias can nest a value inside
 * itself: that is infinitely deep), walked without recursion; undefined when none is.
 */
export function tooDeepPath(value: unknown): { path: PathSegment[]; cycle: boolean } | undefined {
  type Frame = { value: unknown; key: PathSegment; parent: Frame | undefined; depth: number }
  const stack: Frame[] = [{ value, key: '', parent: undefined, depth: 0 }]
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const node = frame.value
    if (typeof node !== 'object' || node === null) continue
    const depth = frame.depth + 1
    if (depth > MAX_NESTING) {
      const path: PathSegment[] = []
      const seen = new Set<unknown>()
      let cycle = false
      for (let f: Frame | undefined = frame; f; f = f.parent) {
        if (f.parent) path.unshift(f.key)
        if (seen.has(f.value)) cycle = true
        seen.add(f.value)
      }
      return { path, cycle }
    }
    const entries: [PathSegment, unknown][] = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, key, parent: frame, depth })
    }
  }
  return undefined
}
