import { promises as fs } from 'node:fs'
import path from 'node:path'
import { patchReportJson } from '../../render/report.js'
import { readSpecSettings } from '../../settings.js'
import { displayPath } from '../../specs/discover.js'
import { loadSpecFile } from '../../specs/load.js'
import { patchSpec } from '../../specs/patch.js'
import { expectPositionals, flagInputs, HELP_FLAG, type CliIo, type Command } from '../command.js'

export const patchCommand: Command = {
  summary: 'patch one spec so APIM can route it (version parameter optional)',
  usage:
    'apim-versions patch <file> [--param api-version] [--keep-examples] [-o OUT] [--report REPORT.json]',
  options: {
    param: {
      type: 'string',
      help: 'the version query parameter to make optional (default api-version)'
    },
    'version-parameter': { type: 'string', help: 'the same as --param' },
    'keep-examples': {
      type: 'boolean',
      help: 'do not remove x-ms-examples that refer to other files'
    },
    output: {
      type: 'string',
      short: 'o',
      help: 'write the patched spec here (default and `-`: stdout)'
    },
    report: { type: 'string', help: 'write the list of edits as JSON here (`-`: stdout)' },
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    expectPositionals(positionals, ['file'])
    const settings = readSpecSettings(flagInputs(values), { emptyIsError: true })
    const absolute = path.resolve(io.cwd, positionals[0])
    const spec = await loadSpecFile(absolute, displayPath(absolute, io.cwd))
    const result = patchSpec(spec, {
      parameter: settings.versionParameter,
      removeExternalExamples: !settings.keepExamples
    })
    const output = typeof values.output === 'string' ? values.output : '-'
    await writeOutput(output === '-' ? '-' : path.resolve(io.cwd, output), result.text, io)
    if (typeof values.report === 'string') {
      const report = values.report === '-' ? '-' : path.resolve(io.cwd, values.report)
      await writeOutput(report, patchReportJson(result.entries), io)
    }
    io.stderr(
      `${spec.file}: ${result.summary} (${result.edits} edit${result.edits === 1 ? '' : 's'})\n`
    )
    return 0
  }
}

/**
 * Writes an output file. A regular (or new) file is replaced atomically (temp file + rename);
 * anything else (`-o /dev/stdout`, a FIFO, a symlink) is written in place, never renamed over.
 */
async function writeOutput(target: string, text: string, io: CliIo): Promise<void> {
  if (target === '-') {
    const write = io.data ?? io.stdout
    write(text)
    return
  }
  const existing = await fs.lstat(target).catch(() => undefined)
  if (existing && !existing.isFile()) {
    await fs.writeFile(target, text)
    return
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`)
  await fs.writeFile(temp, text)
  await fs.rename(temp, target)
}
