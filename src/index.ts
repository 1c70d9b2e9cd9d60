/**
 * The one bundle entry, dist/index.js. The runner starts it as the action; dist/cli.js imports
 * it and calls cli(). Each face is loaded only when it runs. Started as a worker thread, it
 * analyses spec folders (src/specs/analysis-worker.ts).
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isMainThread, workerData } from 'node:worker_threads'
import { analyzeInWorkersFrom, isAnalysisTask } from './specs/analysis-entry.js'

export async function cli(): Promise<void> {
  const { main } = await import('./cli/index.js')
  await main()
}

function startedDirectly(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (!isMainThread && isAnalysisTask(workerData)) {
  const { serveAnalysis } = await import('./specs/analysis-worker.js')
  serveAnalysis(workerData)
} else {
  analyzeInWorkersFrom(fileURLToPath(import.meta.url))
  if (startedDirectly()) await import('./action/index.js')
}
