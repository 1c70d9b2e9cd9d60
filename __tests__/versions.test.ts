import { describe, expect, it } from '@jest/globals'
import { compareVersions, isPreview, parseVersionId } from '../src/specs/versions.js'

describe('version ids', () => {
  it('recognises Azure dates, vN and semver, and rejects the rest', () => {
    for (const ok of [
      '2024-10-21',
      '2025-03-01-preview',
      '2024-02-29',
      'v1',
      'V2',
      '1.2.3',
      'v1.2.3',
      '1.0.0-beta.2'
    ]) {
      expect([ok, parseVersionId(ok) !== undefined]).toEqual([ok, true])
    }
    for (const bad of [
      '2024-13-45',
      '2023-02-29',
      'nightly',
      'examples',
      '2024-1-1',
      'v',
      '1.2',
      ''
    ]) {
      expect([bad, parseVersionId(bad)]).toEqual([bad, undefined])
    }
  })

  it('sorts a preview before the stable release of the same date', () => {
    const sorted = [
      '2024-10-21',
      '2024-10-01-preview',
      '2024-02-01',
      '2024-02-01-preview',
      '2022-12-01'
    ].sort(compareVersions)
    expect(sorted).toEqual([
      '2022-12-01',
      '2024-02-01-preview',
      '2024-02-01',
      '2024-10-01-preview',
      '2024-10-21'
    ])
  })

  it('orders majors and semver numerically, prereleases first, after every date version', () => {
    const sorted = [
      'v10',
      'v2',
      '1.10.0',
      '1.9.0',
      '1.10.0-rc.1',
      '1.10.0-alpha',
      '2025-01-01',
      'v1'
    ].sort(compareVersions)
    expect(sorted).toEqual([
      '2025-01-01',
      'v1',
      '1.9.0',
      '1.10.0-alpha',
      '1.10.0-rc.1',
      '1.10.0',
      'v2',
      'v10'
    ])
    // The same number written two ways is still a total order.
    expect(['v2', '2.0.0'].sort(compareVersions)).toEqual(['2.0.0', 'v2'])
  })

  it('knows previews', () => {
    expect(isPreview(parseVersionId('2025-03-01-preview')!)).toBe(true)
    expect(isPreview(parseVersionId('2024-10-21')!)).toBe(false)
    expect(isPreview(parseVersionId('1.0.0-beta')!)).toBe(true)
    expect(isPreview(parseVersionId('v1')!)).toBe(false)
  })
})
