/**
 * Version identifiers of a spec folder: Azure date versions (2024-10-21, 2025-03-01-preview),
 * major versions (v1, v2) and semver (1.2.3, 1.2.3-beta.1, optionally with a leading "v").
 *
 * Order: date versions first, then major and semver versions by number. A date version with a
 * suffix (preview, alpha, beta…) sorts before the stable release of the same date.
 */
export type VersionId =
  | { kind: 'date'; raw: string; date: string; suffix?: string }
  | { kind: 'number'; raw: string; numbers: [number, number, number]; prerelease?: string }

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:-([a-z][a-z0-9.]*))?$/i
const MAJOR = /^v(\d+)$/i
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9a-z-]+(?:\.[0-9a-z-]+)*))?(?:\+[0-9a-z-.]+)?$/i

export function parseVersionId(raw: string): VersionId | undefined {
  const date = DATE.exec(raw)
  if (date) {
    const [, y, m, d, suffix] = date
    const parsed = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
    const valid =
      parsed.getUTCFullYear() === Number(y) &&
      parsed.getUTCMonth() === Number(m) - 1 &&
      parsed.getUTCDate() === Number(d)
    if (!valid) return undefined
    return { kind: 'date', raw, date: `${y}-${m}-${d}`, suffix: suffix?.toLowerCase() }
  }
  const major = MAJOR.exec(raw)
  if (major) return { kind: 'number', raw, numbers: [Number(major[1]), 0, 0] }
  const semver = SEMVER.exec(raw)
  if (semver) {
    return {
      kind: 'number',
      raw,
      numbers: [Number(semver[1]), Number(semver[2]), Number(semver[3])],
      prerelease: semver[4]
    }
  }
  return undefined
}

export function isPreview(version: VersionId): boolean {
  return version.kind === 'date' ? version.suffix !== undefined : version.prerelease !== undefined
}

export function compareVersionIds(a: VersionId, b: VersionId): number {
  if (a.kind !== b.kind) return a.kind === 'date' ? -1 : 1
  if (a.kind === 'date' && b.kind === 'date') {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1
    return compareSuffix(a.suffix, b.suffix) || compareText(a.raw, b.raw)
  }
  if (a.kind === 'number' && b.kind === 'number') {
    for (let i = 0; i < 3; i++) {
      if (a.numbers[i] !== b.numbers[i]) return a.numbers[i] - b.numbers[i]
    }
    return comparePrerelease(a.prerelease, b.prerelease) || compareText(a.raw, b.raw)
  }
  return 0
}

/** Compares two version strings; unparseable ones sort after every version, by text. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersionId(a)
  const vb = parseVersionId(b)
  if (va && vb) return compareVersionIds(va, vb)
  if (va) return -1
  if (vb) return 1
  return compareText(a, b)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareSuffix(a?: string, b?: string): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  return compareText(a, b)
}

// Semver precedence: a release sorts after its prereleases; identifiers compare numerically when
// both are numbers, numbers before words.
function comparePrerelease(a?: string, b?: string): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  const pa = a.split('.')
  const pb = b.split('.')
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1
    if (pb[i] === undefined) return 1
    const na = /^\d+$/.test(pa[i]) ? Number(pa[i]) : undefined
    const nb = /^\d+$/.test(pb[i]) ? Number(pb[i]) : undefined
    if (na !== undefined && nb !== undefined) {
      if (na !== nb) return na - nb
    } else if (na !== undefined) {
      return -1
    } else if (nb !== undefined) {
      return 1
    } else if (pa[i] !== pb[i]) {
      return compareText(pa[i], pb[i])
    }
  }
  return 0
}

export const VERSION_FORMS = '2024-10-21, 2025-03-01-preview, v1 or 1.2.3'
