import https from 'node:https'
import tls from 'node:tls'
import path from 'node:path'
import fs from 'node:fs'
import { ArmApimGateway } from './arm.js'
import { StaticTokenCredential } from './credentials.js'
import type { ApimGateway } from './types.js'

export const EMBEDDED_STATE = path.join('.apim-emulator', 'state.json')

/**
 * The CLI's default target without Azure coordinates: the local APIM emulator, in process, with
 * its state in `.apim-emulator/state.json` of the working folder (so plan and apply agree).
 */
export async function startEmbeddedEmulator(
  cwd: string
): Promise<{ apim: ApimGateway; stateFile: string; stop: () => Promise<void> }> {
  const stateFile = path.join(cwd, EMBEDDED_STATE)
  fs.mkdirSync(path.dirname(stateFile), { recursive: true })
  const { startEmulator } = await import('../../emulator/index.js')
  const emulator = await startEmulator({ stateFile })
  // The gateway answers over HTTPS with the emulator's own CA: trusted in this process (besides
  // the default roots) so that `verify` can call it with the plain fetch.
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caCert])
  const apim = new ArmApimGateway(
    new StaticTokenCredential(emulator.token),
    {
      subscriptionId: emulator.subscriptionId,
      resourceGroup: emulator.resourceGroup,
      serviceName: emulator.serviceName,
      endpoint: emulator.armEndpoint,
      scope: `${emulator.armEndpoint}/.default`
    },
    {
      agent: new https.Agent({ ca: emulator.caCert, keepAlive: true }),
      pollIntervalMs: 100,
      description: `the embedded emulator (${EMBEDDED_STATE})`
    }
  )
  return { apim, stateFile: EMBEDDED_STATE, stop: () => emulator.stop() }
}
