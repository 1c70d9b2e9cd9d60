import fs from 'node:fs'
import path from 'node:path'
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads'
import { analysisEntry, ANALYSIS_TASK } from './analysis-entry.js'
import { SpecError } from './errors.js'
import {
  analyzeFolder,
  partsOf,
  patchOf,
  type AnalyzeOptions,
  type FolderAnalysis,
  type PatchParts,
  type SpecVersion
} from './analyze.js'

/** One folder to analyse; folders analysed together share what reads the same (a base commit). */
export interface FolderRequest {
  folder: string
  options?: Omit<AnalyzeOptions, 'reuse'>
}

/**
 * The analysing thread's heap. Parsing 18 MB of specs makes ~1 GB of short-lived data; with
 * V8's defaults, sized by the machine's memory, the young generation and the old generation's
 * growth made the process peak at 270-440 MB for 7 MB it keeps. Measured on 60 real specs
 * (`npm run bench:memory`): 8 MB of young generation and a 512 MB old generation keep
 * `versions` near 155 MB (16 MB: 170, 32 MB: 185), as fast. The old generation's limit is far
 * above what any folder keeps; a folder that still needs more is analysed again in the calling
 * thread, unbounded.
 */
export const ANALYSIS_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 }

/**
 * Spec files smaller than this together are analysed in the calling thread: a worker's start
 * costs ~60 ms and ~20 MB, and the churn of a few MB of specs stays far below the 200 MB that
 * 18 MB reached (`npm run bench:memory`; docs/performance.md).
 */
export const WORKER_FROM_BYTES = 4 * 2 ** 20

/** Whether the folders' spec-like files (JSON, YAML) hold at least `bytes`; stops counting there. */
function specBytesReach(requests: FolderRequest[], bytes: number): boolean {
  let total = 0
  for (const { folder } of requests) {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(folder, { recursive: true, withFileTypes: true })
    } catch {
      continue
    }
    for (const entry of entries) {
      if (!entry.isFile() || !/\.(json|ya?ml)$/i.test(entry.name)) continue
      try {
        total += fs.statSync(path.join(entry.parentPath, entry.name)).size
      } catch {
        continue
      }
      if (total >= bytes) return true
    }
  }
  return total >= bytes
}

export interface AnalysisTask {
  task: typeof ANALYSIS_TASK
  requests: FolderRequest[]
}

type WireVersion = Omit<SpecVersion, 'patch'> & { patch: PatchParts }
type WireAnalysis = Omit<FolderAnalysis, 'versions'> & { versions: WireVersion[] }

/**
 * Discovers, loads, patches and fingerprints each folder (see analyzeFolder): in a worker thread
 * with a bounded heap when the bundle's entry is known and the specs are large (WORKER_FROM_BYTES),
 * else here. The thread also leaves this one free to carry on with APIM's answers meanwhile.
 */
export async function analyzeFolders(
  requests: FolderRequest[],
  thread: { heap?: ResourceLimits; onOutOfMemory?: () => void; fromBytes?: number } = {}
): Promise<FolderAnalysis[]> {
  const entry = analysisEntry()
  const fromBytes = thread.fromBytes ?? WORKER_FROM_BYTES
  if (entry && specBytesReach(requests, fromBytes)) {
    try {
      return (await inWorker(entry, requests, thread.heap ?? ANALYSIS_HEAP)).map(fromWire)
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err
      thread.onOutOfMemory?.()
    }
  }
  return analyzeHere(requests)
}

function analyzeHere(requests: FolderRequest[]): FolderAnalysis[] {
  const reuse = requests.length > 1 ? new Map() : undefined
  return requests.map((r) => analyzeFolder(r.folder, { ...r.options, ...(reuse ? { reuse } : {}) }))
}

function inWorker(
  entry: string,
  requests: FolderRequest[],
  heap: ResourceLimits
): Promise<WireAnalysis[]> {
  return new Promise((resolve, reject) => {
    const data: AnalysisTask = { task: ANALYSIS_TASK, requests }
    const worker = new Worker(entry, { workerData: data, resourceLimits: heap })
    let answered = false
    worker.once('message', (results: WireAnalysis[]) => {
      answered = true
      resolve(results)
    })
    worker.once('error', (err) => reject(revived(err)))
    worker.once('exit', (code) => {
      if (!answered)
        reject(
          new Error(`internal error: the spec analysis thread ended (code ${code}) unanswered`)
        )
    })
  })
}

/**
 * A SpecError thrown in the worker (the folder is missing, leads outside the workspace…) as a
 * SpecError again: a thread hands errors over as plain Errors, and the faces print a SpecError
 * with its file and line.
 */
function revived(err: Error): Error {
  if (err?.name !== 'SpecError') return err
  const { file, line, column } = err as Error & { file: string; line?: number; column?: number }
  return new SpecError(file, err.message, { line, column })
}

/** The worker thread's side: analyse, answer, end. */
export function serveAnalysis(data: AnalysisTask): void {
  parentPort!.postMessage(analyzeHere(data.requests).map(toWire))
}

function toWire(analysis: FolderAnalysis): WireAnalysis {
  return {
    ...analysis,
    versions: analysis.versions.map((v) => ({ ...v, patch: partsOf(v.patch)! }))
  }
}

function fromWire(analysis: WireAnalysis): FolderAnalysis {
  return {
    ...analysis,
    versions: analysis.versions.map((v) => ({ ...v, patch: patchOf(v.patch) }))
  }
}
