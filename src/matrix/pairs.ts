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
 * The pairs whose spec folder holds a changed file (paths relative to the workspace). `folderOf`
 * gives a pair's spec folder relative to the workspace. Without a list of changes (not a pull
 * request or push, or git could not tell), every pair.
 */
export function changedPairs(
  pairs: Pair[],
  folderOf: (pair: Pair) => string,
  changed: string[] | undefined
): Pair[] {
  if (changed === undefined) return pairs
  const files = changed.map((f) => path.posix.normalize(f.replace(/\\/g, '/')))
  return pairs.filter((pair) => {
    const folder = path.posix.normalize(folderOf(pair).replace(/\\/g, '/')).replace(/\/+$/, '')
    return files.some((file) => folder === '.' || file === folder || file.startsWith(`${folder}/`))
  })
}

/** The matrix of these pairs, in config order. */
export function matrixOf(pairs: Pair[]): Matrix {
  return { include: pairs.map(({ api, environment }) => ({ api, environment })) }
}
