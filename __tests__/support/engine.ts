import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { ArmApimGateway } from '../../src/apim/arm.js'
import { StaticTokenCredential } from '../../src/apim/credentials.js'
import { planApply, runFailure, verifyOnly } from '../../src/pipeline.js'
import { verifyFailure } from '../../src/verify/classify.js'
import { readSettings, type RawInputs, type Settings } from '../../src/settings.js'
import type { TestEmulator } from './emulator.js'

export const FAST_RETRY = { attempts: 6, baseDelayMs: 20, maxDelayMs: 200 }

export function gatewayFor(
  t: Pick<TestEmulator, 'emulator'>,
  options: { lroTimeoutMs?: number; requestTimeoutMs?: number } = {}
): ArmApimGateway {
  return new ArmApimGateway(
    new StaticTokenCredential(t.emulator.token),
    {
      subscriptionId: t.emulator.subscriptionId,
      resourceGroup: t.emulator.resourceGroup,
      serviceName: t.emulator.serviceName,
      endpoint: t.emulator.armEndpoint,
      scope: 'https://management.azure.com/.default'
    },
    {
      agent: new https.Agent({ ca: t.emulator.caCert, keepAlive: true }),
      pollIntervalMs: 10,
      ...options
    }
  )
}

/** Plans (and applies) a folder against the test emulator through the real engine and SDK; `failure` is what would fail the run. */
export async function runEngine(
  t: Pick<TestEmulator, 'emulator'>,
  workspace: string,
  inputs: RawInputs,
  apply = true,
  gateway: { requestTimeoutMs?: number } = {}
) {
  const settings = readSettings({ mode: apply ? 'apply' : 'plan', ...inputs })
  const { access, reporter, log } = engineParts(t, gateway)
  const outcome = await planApply(settings, workspace, access, reporter)
  return {
    run: outcome.plan.run,
    result: outcome.applied?.result,
    verified: outcome.verified,
    failure: runFailure(outcome),
    log
  }
}

/**
 * Plans (and applies) in an environment promoted from another (`promote-from`), through the real
 * engine and SDK: `t` is this environment's emulator, `source` the source environment's (read for
 * what it has live, through `ApimAccess.sessionFor`). Both take the same inputs.
 */
export async function runPromoted(
  t: Pick<TestEmulator, 'emulator'>,
  source: { environment: string; emulator: Pick<TestEmulator, 'emulator'> },
  workspace: string,
  inputs: RawInputs,
  apply = true
) {
  const mode = apply ? 'apply' : 'plan'
  // As the config file's `promote-from` gives it: the source environment's inputs.
  const settings: Settings = {
    ...readSettings({ mode, ...inputs }),
    promoteFrom: { environment: source.environment, inputs }
  }
  const { access, reporter, log } = engineParts(t, {})
  const sourceApim = gatewayFor(source.emulator)
  const opened: { environment: string; mode: string }[] = []
  const promoting = {
    ...access,
    sessionFor: async (sourceSettings: Settings, environment: string) => {
      opened.push({ environment, mode: sourceSettings.mode })
      return {
        apim: sourceApim,
        service: `${environment} (${sourceApim.description})`,
        close: async () => undefined,
        retry: FAST_RETRY
      }
    }
  }
  const outcome = await planApply(settings, workspace, promoting, reporter)
  return {
    run: outcome.plan.run,
    result: outcome.applied?.result,
    failure: runFailure(outcome),
    opened,
    log
  }
}

/** `mode: verify` through the real engine: each version called once through the emulator's gateway. */
export async function verifyEngine(
  t: Pick<TestEmulator, 'emulator'>,
  workspace: string,
  inputs: RawInputs
) {
  const settings = readSettings({ mode: 'verify', ...inputs })
  const { access, reporter } = engineParts(t, {})
  const verified = await verifyOnly(settings, workspace, access, reporter)
  return { verified, failure: verifyFailure(verified.results) }
}

function engineParts(t: Pick<TestEmulator, 'emulator'>, gateway: { requestTimeoutMs?: number }) {
  const apim = gatewayFor(t, gateway)
  const log: string[] = []
  const access = {
    getIdToken: () => Promise.reject(new Error('no OIDC in tests')),
    withoutAzure: async () => ({
      apim,
      service: apim.description,
      close: async () => undefined,
      retry: FAST_RETRY
    })
  }
  const reporter = {
    info: (l: string) => log.push(l),
    warning: (l: string) => log.push(l),
    group: <T>(_t: string, work: () => Promise<T>) => work()
  }
  return { access, reporter, log }
}

/** Copies a folder of the project into a temp workspace (tests may change it). */
export function copyInto(workspace: string, from: string, to: string): string {
  fs.cpSync(path.join(process.cwd(), from), path.join(workspace, to), { recursive: true })
  return path.join(workspace, to)
}

/** The emulator state without what changes from run to run (ETags, times, counters). */
export function comparableState(state: any): unknown {
  const strip = (value: any): any => {
    if (Array.isArray(value)) return value.map(strip)
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(
            ([k]) =>
              ![
                'etag',
                'createdDateTime',
                'updatedDateTime',
                'sequence',
                'identity',
                'primaryKey',
                'secondaryKey'
              ].includes(k)
          )
          .map(([k, v]) => [k, strip(v)])
      )
    }
    return value
  }
  return strip(state)
}
