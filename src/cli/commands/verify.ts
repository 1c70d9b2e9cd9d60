import { verifyOnly } from '../../pipeline.js'
import type { Command } from '../command.js'
import { cliSettings, options, startEmbedded, stderrReporter } from './plan-apply.js'

export const verifyCommand: Command = {
  summary: 'call each version of a spec folder once through the APIM gateway (no writes)',
  usage:
    'apim-versions verify [DIR] --api-id ID (--verify-key KEY | --verify-subscription ID) [--json] [--emulator | Azure flags…] | verify --config FILE [--api ID] [--environment ENV] …',
  options: options('print the results as JSON'),
  async run(positionals, values, io) {
    const { settings, embedded } = await cliSettings('verify', positionals, values, io)
    const { getIDToken } = await import('@actions/core')
    const verified = await verifyOnly(
      settings,
      io.cwd,
      {
        getIdToken: (audience) => getIDToken(audience),
        ...(embedded ? { withoutAzure: () => startEmbedded(io, values) } : {})
      },
      stderrReporter(io)
    )
    const [{ renderVerifyText, verifyJson }, { verifyFailure, verifyWarnings }] = await Promise.all(
      [import('../../render/verify.js'), import('../../verify/classify.js')]
    )
    if (values.json) io.stdout(JSON.stringify(verifyJson(verified.results), null, 2) + '\n')
    else {
      io.stdout(`Gateway: ${verified.gatewayUrl}\n`)
      io.stdout(renderVerifyText(verified.results))
    }
    for (const warning of verifyWarnings(verified.results)) io.stderr(`warning: ${warning}\n`)
    const failure = verifyFailure(verified.results)
    if (failure) io.stderr(`${failure}\n`)
    return failure ? 1 : 0
  }
}
