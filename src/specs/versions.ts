/**
 * Version identifiers of a spec folder: Azure date versions (2024-10-21, 2025-03-01-preview),
 * major versions (v1, v2), semver (1.2.3, 1.2.3-beta.1, optionally with a leading "v") and the
 * named versions `preview` and `latest` (the Azure OpenAI v1 API publishes `v1` and `preview`).
 *
 * Order: date versions first, then major and semver versions by number, then named versions. A
 * date version with a suffix (preview, alpha, beta…) sorts before the stable release of the same
 * date.
 */
export type VersionId =
  | { kind: 'date'; raw: string; date: string; suffix?: string }
  | { kind: 'number'; raw: string; numbers: [number, number, number]; prerelease?: string }
  | { kind: 'name'; raw: string }

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:-([a-z][a-z0-9.]*))?$/i
const MAJOR = /^v(\d+)$/i
/** Versions known by a name: what the name stands for changes, the name does not. */
const NAMED = /^(preview|latest)$/i
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
  if (NAMED.test(raw)) return { kind: 'name', raw }
  return undefined
}

/** A preview: a date with a suffix, a semver prerelease, or the version named `preview`. */
export function isPreview(version: VersionId): boolean {
  if (version.kind === 'date') return version.suffix !== undefined
  if (version.kind === 'number') return version.prerelease !== undefined
  return version.raw.toLowerCase() === 'preview'
}

/**
 * A version whose name is not a date is expected to change in place: `v1` (a major version
 * only) and the named `preview` and `latest` are regenerated under the same name, so a newer
 * upstream file for them is an update, not a conflict. A date says when a version was published
 * and a full semver (1.2.3, v1.2.3) names a release: both are fixed once published.
 */
export function isMovingVersion(version: VersionId | string): boolean {
  const id = typeof version === 'string' ? parseVersionId(version) : version
  if (!id) return false
  return id.kind === 'name' || (id.kind === 'number' && MAJOR.test(id.raw))
}

const KIND_ORDER = { date: 0, number: 1, name: 2 } as const

export function compareVersionIds(a: VersionId, b: VersionId): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
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
  return compareText(a.raw.toLowerCase(), b.raw.toLowerCase()) || compareText(a.raw, b.raw)
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

export const VERSION_FORMS = '2024-10-21, 2025-03-01-preview, v1, 1.2.3 or preview'
