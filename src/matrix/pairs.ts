import path from 'node:path'

/** One (api, environment) job of the matrix. */
export interface Pair {
  api: string
  environment: string
}

/** `strategy.matrix` as GitHub Actions takes it: one job per include entry. */
export interface Matrix {
  include: Pair[]
}

/**
 * The pairs a change concerns (paths relative to the workspace): every pair when the config
 * file changed; else those whose spec folder holds a changed file or whose policy or fragment
 * file changed (`filesOf` gives a pair's spec folder first, then its other files). Without a
 * list of changes (not a pull request or push, or git could not tell), every pair.
 */
export function changedPairs(
  pairs: Pair[],
  filesOf: (pair: Pair) => { folder: string; files?: string[] },
  changed: string[] | undefined,
  configFile?: string
): Pair[] {
  if (changed === undefined) return pairs
  const clean = (f: string) => path.posix.normalize(f.replace(/\\/g, '/')).replace(/\/+$/, '')
  const files = changed.map(clean)
  if (configFile !== undefined && files.includes(clean(configFile))) return pairs
  return pairs.filter((pair) => {
    const { folder, files: own = [] } = filesOf(pair)
    const root = clean(folder)
    return files.some(
      (file) =>
        root === '.' ||
        file === root ||
        file.startsWith(`${root}/`) ||
        own.some((f) => clean(f) === file)
    )
  })
}

/** The matrix of these pairs, in config order. */
export function matrixOf(pairs: Pair[]): Matrix {
  return { include: pairs.map(({ api, environment }) => ({ api, environment })) }
}
