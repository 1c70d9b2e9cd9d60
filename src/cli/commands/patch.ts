import { promises as fs } from 'node:fs'
import path from 'node:path'
import { patchReportJson } from '../../render/report.js'
import { readSpecSettings } from '../../settings.js'
import { displayPath } from '../../specs/discover.js'
import { formatProblem } from '../../specs/errors.js'
import { loadSpecFile } from '../../specs/load.js'
import { patchSpec, type PatchEntryKind } from '../../specs/patch.js'
import { expectPositionals, flagInputs, HELP_FLAG, type CliIo, type Command } from '../command.js'

export const patchCommand: Command = {
  summary: 'patch one spec so APIM can route and import it (version parameter optional)',
  usage:
    'apim-versions patch <file> [--param api-version] [--keep-examples] [--importable patch|check|off] [-o OUT] [--report REPORT.json]',
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
    importable: {
      type: 'string',
      help: 'patch | check | off (default patch): rewrite what APIM cannot import where the API stays the same (recursion cut, OpenAPI 3.1 forms) and report the rest, only report, or neither; exit 1 while something is left'
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
      removeExternalExamples: !settings.keepExamples,
      importable: settings.importable
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
    for (const entry of result.entries.filter((e) => IMPORTABILITY_KINDS.includes(e.kind)))
      io.stderr(`${spec.file}:${entry.line}: ${entry.change} (${entry.reason})\n`)
    // The patched text is written all the same: it is what a fix of the rest starts from.
    for (const { rule, line, column, message } of result.problems) {
      const problem = { severity: 'error' as const, file: spec.file, line, column }
      io.stderr(formatProblem({ ...problem, message: `blocked: ${rule}: ${message}` }) + '\n')
    }
    return result.problems.length > 0 ? 1 : 0
  }
}

const IMPORTABILITY_KINDS: PatchEntryKind[] = ['recursion-cut', 'openapi-rewrite']

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
