/**
 * A positional scan of a policy document: each element with its attributes and the line and
 * column of its `<`, which APIM names in its messages ("Error in element 'x' on line 11, column
 * 4: …"). fast-xml-parser (policy.ts) checks well-formedness first; this only locates.
 */
export interface ScannedElement {
  name: string
  attributes: Record<string, string>
  line: number
  column: number
  /** Offset of the `<` and of the end of the element (after its end tag or `/>`). */
  start: number
  end: number
  children: ScannedElement[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)))
    return ENTITIES[entity] ?? whole
  })
}

/** Comments, CDATA and processing instructions blanked out, offsets kept. */
function blank(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) =>
    m.replace(/[^\n]/g, ' ')
  )
}

export function positionOf(xml: string, offset: number): { line: number; column: number } {
  const before = xml.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

/** The root elements of the document (one, for a well-formed policy). */
export function scanXml(xml: string): ScannedElement[] {
  const text = blank(xml)
  const roots: ScannedElement[] = []
  const stack: ScannedElement[] = []
  const tag = /<(\/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g
  for (const match of text.matchAll(tag)) {
    const [whole, closing, name, attributeText, selfClosing] = match
    if (closing) {
      const open = stack.pop()
      if (open) open.end = match.index + whole.length
      continue
    }
    const attributes: Record<string, string> = {}
    for (const a of attributeText.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attributes[a[1]] = decodeEntities(a[2] ?? a[3])
    const element: ScannedElement = {
      name,
      attributes,
      ...positionOf(xml, match.index),
      start: match.index,
      end: match.index + whole.length,
      children: []
    }
    ;(stack.at(-1)?.children ?? roots).push(element)
    if (!selfClosing) stack.push(element)
  }
  return roots
}

/** Every element of the tree, depth first. */
export function allElements(roots: ScannedElement[]): ScannedElement[] {
  return roots.flatMap((e) => [e, ...allElements(e.children)])
}

/** The innermost element whose span holds `offset`. */
export function elementAt(roots: ScannedElement[], offset: number): ScannedElement | undefined {
  for (const e of roots) {
    if (offset >= e.start && offset < e.end) return elementAt(e.children, offset) ?? e
  }
  return undefined
}
