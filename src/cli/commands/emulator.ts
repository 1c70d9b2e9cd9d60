import path from 'node:path'
import { UsageError } from '../../settings.js'
import { expectPositionals, HELP_FLAG, wholeNumber, type Command } from '../command.js'

export const emulatorCommand: Command = {
  summary: 'run the local APIM emulator (ARM management API and gateway over HTTPS)',
  usage:
    'apim-versions emulator [--port 0] [--state FILE] [--latency-ms N] [--lro-ms N] [--token T] [--sku TIER] [--lro-style STYLE]',
  options: {
    port: { type: 'string', help: 'port on 127.0.0.1 (default 0: a free one)' },
    state: { type: 'string', help: 'keep the state in this JSON file (restored on start)' },
    'latency-ms': { type: 'string', help: 'latency added to every ARM request (default 0)' },
    'lro-ms': { type: 'string', help: 'how long imports stay InProgress (default 0)' },
    token: { type: 'string', help: 'the bearer token to require (default: random)' },
    sku: {
      type: 'string',
      help: 'pricing tier, which sets the operation limit (default Developer; Consumption, Basic, Standard, Premium, their V2s, Isolated)'
    },
    'lro-style': {
      type: 'string',
      help: "how long-running operations answer: contract (default: as the request's api-version's contract), location (202 with only Location, as 2022-08-01), async-operation (201 with Azure-AsyncOperation, as 2024-05-01); or APIM_EMULATOR_LRO_STYLE"
    },
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    expectPositionals(positionals, [])
    const { startEmulator } = await import('../../../emulator/index.js')
    const sku = typeof values.sku === 'string' ? values.sku : undefined
    const lroStyle = typeof values['lro-style'] === 'string' ? values['lro-style'] : undefined
    const emulator = await startEmulator({
      port: wholeNumber(values, 'port', 65_535),
      stateFile: typeof values.state === 'string' ? path.resolve(io.cwd, values.state) : undefined,
      latencyMs: wholeNumber(values, 'latency-ms'),
      lroMs: wholeNumber(values, 'lro-ms'),
      token: typeof values.token === 'string' ? values.token : undefined,
      sku,
      ...(lroStyle !== undefined ? { lroStyle: lroStyle as never } : {})
    }).catch((err: Error) => {
      if (/unknown sku|capacity/i.test(err.message)) throw new UsageError(`--sku: ${err.message}`)
      if (/long-running answer style/.test(err.message))
        throw new UsageError(`--lro-style: ${err.message}`)
      throw err
    })
    io.stdout(JSON.stringify(emulator.info()) + '\n')
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await emulator.stop()
    return 0
  }
}
