import { describe, expect, it } from '@jest/globals'
import { versionTimeline } from '../src/render/timeline.js'
import { isMovingVersion } from '../src/specs/versions.js'

const entry = (version: string, extra: { channel?: string; mark?: 'new' | 'revised' } = {}) => ({
  version,
  moving: isMovingVersion(version),
  ...extra
})

describe('versionTimeline', () => {
  it('draws stable, preview and moving lanes, grouped by year, new and revised marked', () => {
    const text = versionTimeline(
      [
        entry('v1', { mark: 'revised' }),
        entry('2024-10-21', { channel: 'stable', mark: 'new' }),
        entry('2024-02-01', { channel: 'stable' }),
        entry('2022-12-01', { channel: 'stable' }),
        entry('2025-04-01-preview', { channel: 'preview' }),
        entry('2024-05-01-preview', { channel: 'preview' }),
        entry('preview', { mark: 'new' }),
        entry('1.2.3')
      ],
      'API versions in specs/azure-openai'
    )
    expect(text).toBe(
      [
        '```mermaid',
        'timeline',
        '    title API versions in specs/azure-openai',
        '    section stable',
        '        2022 : 2022-12-01',
        '        2024 : 2024-02-01',
        '             : 2024-10-21 (new)',
        '        v1 : 1.2.3',
        '    section preview',
        '        2024 : 2024-05-01-preview',
        '        2025 : 2025-04-01-preview',
        '    section moving',
        '        v1 : v1 (revised)',
        '        preview : preview (new)',
        '```'
      ].join('\n')
    )
  })

  it('puts a version in the preview lane by its channel or its name, and leaves empty lanes out', () => {
    const text = versionTimeline(
      [entry('2024-01-01', { channel: 'preview' }), entry('1.0.0-beta.1')],
      'x'
    )
    expect(text).toContain(
      '    section preview\n        2024 : 2024-01-01\n        v1 : 1.0.0-beta.1'
    )
    expect(text).not.toContain('section stable')
    expect(text).not.toContain('section moving')
  })

  it('keeps the newest 30 of a lane and counts the rest', () => {
    const many = Array.from({ length: 120 }, (_, i) => {
      const day = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000 * 20).toISOString().slice(0, 10)
      return entry(i % 2 ? `${day}-preview` : day, { mark: i === 119 ? 'new' : undefined })
    })
    const text = versionTimeline(many, 'many')
    const lanes = text.split('    section ').slice(1)
    expect(lanes.map((l) => l.split('\n')[0])).toEqual(['stable', 'preview'])
    for (const lane of lanes) {
      expect(lane).toContain('        earlier : 30 older versions')
      expect(lane.match(/: \d{4}-\d{2}-\d{2}/g)).toHaveLength(30)
    }
    expect(text).toMatch(/: 2021-\d\d-\d\d-preview \(new\)\n```$/)
    expect(text.split('\n').length).toBeLessThan(80)
  })

  it('lets nothing through that breaks Mermaid timeline syntax', () => {
    const text = versionTimeline(
      [
        { version: 'v1: evil # comment; x', moving: true },
        { version: 'timeline', moving: false },
        { version: '', moving: false }
      ],
      'Title: with # and ; and `code`\nnext line'
    )
    const body = text.split('\n').slice(1, -1)
    expect(body[1]).toBe('    title Title_ with _ and _ and _code_ next line')
    for (const line of body.slice(2)) {
      // Only the separators we write: one ' : ' per event, never '#' or ';'.
      expect(line).toMatch(/^ {4}section [a-z]+$|^ {8}\S+ : [A-Za-z0-9._ ()-]+$/)
    }
    expect(text).toContain('        v1__evil___comment__x : v1__evil___comment__x')
    expect(text).toContain('        _ : _')
    expect(text).toContain('        _timeline : timeline')
    // No backtick but the fences': nothing closes the code block early.
    expect(text.match(/`/g)).toHaveLength(6)
  })
})
