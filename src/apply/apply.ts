import pLimit from 'p-limit'
import type { ApimGateway } from '../apim/types.js'
import type { DesiredState, DesiredVersion } from '../plan/desired.js'
import { nextRevision } from '../plan/budget.js'
import { WRITING_ACTIONS, type Plan, type VersionStep } from '../plan/planner.js'
import { withRetry, type RetryOptions } from '../apim/retry.js'

export interface VersionResult {
  version: string
  apiId: string
  action: VersionStep['action']
  status: 'done' | 'failed' | 'skipped'
  /** The revision made current (import: 1; revise: the new one). */
  revision?: number
  error?: { code: string; message: string; step: string }
  ms: number
}

export interface ApplyResult {
  versionSet: 'done' | 'failed' | 'unchanged'
  fragment: 'done' | 'failed' | 'unchanged'
  backend?: 'done' | 'failed' | 'unchanged'
  versions: VersionResult[]
  /** Set when the version set failed: no version was attempted. (A failed fragment fails each version at its policy.) */
  blocked?: { step: string; code: string; message: string }
}

export interface ApplyOptions {
  concurrency: number
  retry: RetryOptions
  log: (line: string) => void
  /** The notes of the APIM release that makes a version's new revision current. */
  releaseNotes: (version: DesiredVersion) => string
}

/** The release id of a revision made current for a spec fingerprint: the same on every re-run. */
export function releaseIdFor(revision: number, fingerprint: string): string {
  return `apimv-r${revision}-${fingerprint.slice(0, 8)}`
}

/**
 * Makes APIM match the plan: fragment and version set first, then the versions with bounded
 * concurrency. Per version: import → policy → release with notes → provenance, written last so
 * a run killed anywhere leaves an API the next plan repairs. Failures are per version.
 */
export async function applyPlan(
  plan: Plan,
  desired: DesiredState,
  apim: ApimGateway,
  options: ApplyOptions
): Promise<ApplyResult> {
  const retry =
    (step: string, what: string) =>
    <T>(task: () => Promise<T>) =>
      withRetry(task, {
        ...options.retry,
        onRetry: ({ attempt, delayMs, reason }) =>
          options.log(`${what}: ${step} ${reason}; retry ${attempt} in ${delayMs} ms`)
      })
  const result: ApplyResult = {
    versionSet: 'unchanged',
    fragment: plan.fragment.action === 'unchanged' ? 'unchanged' : 'failed',
    versions: []
  }

  // The backend first: the fragment routes to it by id. The fragment (a long-running write) is
  // only needed by the policies: it proceeds while the version set is written and the imports
  // run; each policy waits for it.
  const backend = desired.backend
  if (plan.backend) result.backend = plan.backend.action === 'unchanged' ? 'unchanged' : 'failed'
  const backendWritten: Promise<void> =
    backend && plan.backend?.action !== 'unchanged'
      ? retry(
          'backend',
          backend.id
        )(() => apim.putBackend(backend.id, backend.props)).then(() => {
          result.backend = 'done'
          options.log(`backend ${backend.id}: created or updated at ${backend.props.url}`)
        })
      : Promise.resolve()
  const fragmentWritten: Promise<void> =
    plan.fragment.action === 'unchanged'
      ? backendWritten
      : backendWritten.then(() =>
          retry(
            'fragment',
            desired.fragment.id
          )(() =>
            apim.putFragment(
              desired.fragment.id,
              desired.fragment.value,
              desired.fragment.description
            )
          ).then(() => {
            result.fragment = 'done'
            options.log(`fragment ${desired.fragment.id}: ${plan.fragment.action}d`)
          })
        )
  fragmentWritten.catch(() => undefined)
  try {
    if (plan.versionSet.action !== 'unchanged') {
      result.versionSet = 'failed'
      await retry(
        'version set',
        desired.versionSet.id
      )(() => apim.putVersionSet(desired.versionSet.id, desired.versionSet.props))
      result.versionSet = 'done'
      options.log(`version set ${desired.versionSet.id}: ${plan.versionSet.action}d`)
    }
  } catch (err) {
    await fragmentWritten.catch(() => undefined)
    result.blocked = { step: 'version set', ...describe(err) }
    return result
  }

  const byVersion = new Map(desired.versions.map((d) => [d.version, d]))
  const limit = pLimit(options.concurrency)
  result.versions = await Promise.all(
    plan.versions.map((step) =>
      limit(async (): Promise<VersionResult> => {
        const started = performance.now()
        const base = { version: step.version, apiId: step.apiId, action: step.action }
        const writes = WRITING_ACTIONS.includes(step.action)
        if (!writes && !step.addToProducts) return { ...base, status: 'skipped', ms: 0 }
        let current = 'start'
        const run: Run = (name, task, retried = true) => {
          current = name
          return retried ? retry(name, `${step.version} (${step.apiId})`)(task) : task()
        }
        try {
          const revision = writes
            ? await applyVersion(
                step,
                byVersion.get(step.version),
                apim,
                run,
                fragmentWritten,
                options.releaseNotes
              )
            : undefined
          // Memberships last: the API exists now, and a product key reaches it from here on.
          for (const product of step.addToProducts ?? []) {
            await run(`product ${product}`, () => apim.addProductApi(product, step.apiId))
          }
          const joined = step.addToProducts ? `added to ${step.addToProducts.join(', ')}` : ''
          const done = writes
            ? `${step.action} done${revision ? ` (revision ${revision} current)` : ''}`
            : ''
          options.log(`${step.version}: ${[done, joined].filter(Boolean).join('; ')}`)
          return { ...base, status: 'done', revision, ms: Math.round(performance.now() - started) }
        } catch (err) {
          const error = { ...describe(err), step: current }
          options.log(
            `${step.version}: ${step.action} failed at ${current}: ${error.code}: ${error.message}`
          )
          return { ...base, status: 'failed', error, ms: Math.round(performance.now() - started) }
        }
      })
    )
  )
  return result
}

/** Runs one step of a version under its name (for failure reports), retried unless told not to. */
type Run = <T>(step: string, task: () => Promise<T>, retried?: boolean) => Promise<T>

async function applyVersion(
  step: VersionStep,
  d: DesiredVersion | undefined,
  apim: ApimGateway,
  run: Run,
  fragmentWritten: Promise<void>,
  releaseNotes: ApplyOptions['releaseNotes']
): Promise<number | undefined> {
  if (step.action === 'delete') {
    await run('delete', () => apim.deleteApi(step.apiId))
    return undefined
  }
  if (!d) throw new Error(`internal error: no desired state for ${step.version}`)
  const apiId = step.apiId
  let revision = step.revision ?? 1
  let target = apiId
  if (step.action === 'revise') {
    // Reuse a revision an interrupted run left behind, so re-runs do not pile them up.
    const revisions = await run('list revisions', () => apim.listRevisions(apiId))
    revision = nextRevision(revisions, revisions.find((r) => r.isCurrent)?.revision ?? revision)
    target = `${apiId};rev=${revision}`
    await run('import', () =>
      apim.importApi(target, { ...d.importProps, sourceApiId: `/apis/${apiId}` })
    )
  } else {
    await run('import', () => apim.importApi(apiId, d.importProps))
  }
  // The shared fragment write has its own retries; here a version only waits for it.
  await run('fragment', () => fragmentWritten, false)
  await run('policy', () => apim.putPolicy(target, d.policyXml))
  await run('release', () =>
    apim.putRelease(apiId, releaseIdFor(revision, d.fingerprint), revision, releaseNotes(d))
  )
  await run('provenance', () => apim.setRevisionDescription(apiId, d.provenance))
  // keep-revisions: only once the new revision is current; never the current one.
  for (const old of step.deleteRevisions ?? []) {
    if (old === revision) continue
    await run(`delete revision ${old}`, () => apim.deleteRevision(apiId, old))
  }
  return revision
}

export function describe(err: unknown): { code: string; message: string } {
  const e = err as {
    code?: string
    message?: string
    details?: { error?: { code?: string; message?: string; details?: { message?: string }[] } }
  }
  const inner = e?.details?.error
  const detail = inner?.details?.[0]?.message
  // The SDK reports a failed long-running operation as "…has failed. <code>. <message>".
  const lro = /^The long-running operation has failed\. (\w+)\. ([\s\S]*)$/.exec(e?.message ?? '')
  if (!inner && lro) return { code: lro[1], message: lro[2] }
  return {
    code: inner?.code ?? e?.code ?? 'Error',
    message: detail
      ? `${inner?.message ?? ''} ${detail}`.trim()
      : (inner?.message ?? e?.message ?? String(err))
  }
}
