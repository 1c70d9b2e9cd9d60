import { UsageError } from '../../settings.js'
import { expectPositionals, HELP_FLAG, type Command } from '../command.js'

export const matrixCommand: Command = {
  summary: "print a config's (api, environment) pairs as JSON for a workflow's strategy.matrix",
  usage: 'apim-versions matrix --config FILE [--changed-since SHA]',
  options: {
    config: { type: 'string', help: 'the config file of APIs and environments' },
    'changed-since': {
      type: 'string',
      help: 'only the pairs whose spec folder changed since this commit (git diff SHA HEAD)'
    },
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    expectPositionals(positionals, [])
    const file = typeof values.config === 'string' ? values.config.trim() : ''
    if (!file) throw new UsageError('--config: the config file of APIs and environments is needed')
    const since = typeof values['changed-since'] === 'string' ? values['changed-since'] : undefined
    if (since !== undefined && !/^[0-9a-f]{7,40}$/.test(since))
      throw new UsageError(`--changed-since: '${since}' is not a commit sha`)
    const { configMatrix } = await import('../../matrix/run.js')
    const { matrix, filtered } = await configMatrix(file, io.cwd, since)
    if (since && !filtered)
      io.stderr('warning: git could not say what changed since that commit: every pair is listed\n')
    io.stdout(JSON.stringify(matrix) + '\n')
    return 0
  }
}
