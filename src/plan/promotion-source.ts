import { DEFAULT_RETRY, readApim, type RetryOptions } from '../apim/retry.js'
import type { ApimGateway } from '../apim/types.js'
import type { ApimSession, Reporter } from '../pipeline.js'
import { readSettings, type Settings } from '../settings.js'
import { parseProvenance } from './desired.js'
import type { PromoteFrom } from './folder.js'
import { inVersionSet } from './planner.js'

/**
 * What the source environment of `promote-from` has live for an api-id: one paged list of its
 * current APIs, those of the version set with the fingerprint their provenance records, by
 * version in lower case ('' for the set's Original, which has no version identifier; match it
 * with `liveKey`). An API without provenance is not live: the action never finished it. One whose
 * provenance names another api-id is not ours.
 */
export async function readLive(
  apim: ApimGateway,
  versionSetId: string,
  retry: RetryOptions = DEFAULT_RETRY
): Promise<Map<string, string>> {
  const apis = await readApim(
    `the live versions of ${versionSetId} in ${apim.description}`,
    () => apim.listCurrentApis(),
    retry
  )
  const live = new Map<string, string>()
  for (const api of apis) {
    if (!inVersionSet(api, versionSetId)) continue
    const recorded = parseProvenance(api.apiRevisionDescription)
    if (!recorded || (recorded.apiId !== undefined && recorded.apiId !== versionSetId)) continue
    live.set((api.apiVersion ?? '').toLowerCase(), recorded.fingerprint)
  }
  return live
}

/**
 * With `promote-from`: the source environment's APIM opened (its settings read from its inputs,
 * in this run's mode) for the plan to read what it has live, and closed once the plan is made.
 * Without it, the plan is made alone.
 */
export async function withPromotionSource<T>(
  settings: Settings,
  open: (source: Settings, environment: string) => Promise<ApimSession>,
  reporter: Pick<Reporter, 'info'>,
  work: (source?: PromoteFrom) => Promise<T>
): Promise<T> {
  const from = settings.promoteFrom
  if (!from) return work()
  // The source environment signs in as the run does unless the config gives it its own way.
  const own = from.inputs['client-id'] || from.inputs['access-token']
  const run = settings.azure
  const signIn = own
    ? {}
    : run?.accessToken
      ? { 'access-token': run.accessToken }
      : run?.clientId && run.tenantId
        ? { 'client-id': run.clientId, 'tenant-id': run.tenantId }
        : {}
  const session = await open(
    readSettings({ ...from.inputs, ...signIn, mode: settings.mode }),
    from.environment
  )
  try {
    reporter.info(
      `promote-from ${from.environment}: versions and revisions wait until they are live in ${session.service}`
    )
    return await work({ environment: from.environment, apim: session.apim, retry: session.retry })
  } finally {
    await session.close()
  }
}
