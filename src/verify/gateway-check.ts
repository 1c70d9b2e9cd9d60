import type { ApimGateway } from '../apim/types.js'
import type { Settings } from '../settings.js'
import { probeFor } from './probe.js'
import { verifyVersions } from './send.js'
import type { VerifyResult } from './types.js'

export interface VerifyOutcome {
  gatewayUrl: string
  results: VerifyResult[]
}

/** A version to call: its id and its patched spec as data (what APIM imported). */
export interface DeployedVersion {
  version: string
  spec: Record<string, unknown>
  /** The set's Original: called without a version identifier. */
  original?: boolean
}

/**
 * Calls each version once through the service's gateway, with the key callers would use: the
 * gateway URL is `gateway-url` or the service's `gatewayUrl`; the key is `verify-key` or the
 * primary key of `verify-subscription`, read from APIM (never logged).
 */
export async function verifyThroughGateway(
  versions: DeployedVersion[],
  settings: Settings,
  apim: ApimGateway,
  /** Masks the key read from APIM in the face's log (the action's core.setSecret). */
  secret?: (value: string) => void
): Promise<VerifyOutcome> {
  const { gateway, api } = settings
  const [gatewayUrl, key] = await Promise.all([
    gateway.gatewayUrl ?? apim.getGatewayUrl(),
    gateway.verifyKey ??
      (gateway.verifySubscription
        ? apim.getSubscriptionKey(gateway.verifySubscription).then(
            (value) => {
              secret?.(value)
              return value
            },
            (err: Error) => {
              throw new Error(
                `verify-subscription: the key of subscription '${gateway.verifySubscription}' could not be read: ${err.message}`,
                { cause: err }
              )
            }
          )
        : undefined)
  ])
  if (!gatewayUrl) {
    throw new Error(
      `the service has no gatewayUrl (a self-hosted or workspace gateway?): set gateway-url`
    )
  }
  const probes = versions.map((v) => probeFor(v, api))
  const results = await verifyVersions(probes, {
    gatewayUrl: gatewayUrl.replace(/\/+$/, ''),
    key,
    keyHeader: api.keyHeader
  })
  return { gatewayUrl, results }
}
