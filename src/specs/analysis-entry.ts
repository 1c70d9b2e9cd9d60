/**
 * Where the bundle's entry file is, so that spec analyses run in a worker thread started from
 * it. Unset (the sources run by tests, a library caller), they run in the calling thread.
 */
export const ANALYSIS_TASK = 'apim-versions:analyze-folders'

let entry: string | undefined

export function analyzeInWorkersFrom(file: string): void {
  entry = file
}

export function analysisEntry(): string | undefined {
  return entry
}

/** True in a worker thread the entry started to analyse folders (see analysis-worker.ts). */
export function isAnalysisTask(data: unknown): boolean {
  return (data as { task?: unknown } | undefined)?.task === ANALYSIS_TASK
}
