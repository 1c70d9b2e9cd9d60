import path from 'node:path'
import { listVersions } from '../../pipeline.js'
import { textTable, versionRecord } from '../../render/report.js'
import { readSpecSettings } from '../../settings.js'
import { displayPath } from '../../specs/discover.js'
import { formatProblem } from '../../specs/errors.js'
import { expectPositionals, flagInputs, HELP_FLAG, JSON_FLAG, type Command } from '../command.js'

export const versionsCommand: Command = {
  summary: 'list the API versions of a spec folder, oldest first',
  usage:
    'apim-versions versions <folder> [--json] [--spec-file NAME,...] [--include-previews true|false] [--min-version V]',
  options: {
    json: JSON_FLAG('print a JSON array instead of a table'),
    'spec-file': {
      type: 'string',
      help: 'file names to prefer when a version folder holds several specs (default: inference.json,openapi.json,openapi.yaml,inference.yaml)'
    },
    'include-previews': { type: 'string', help: 'include preview versions (default true)' },
    'min-version': { type: 'string', help: 'leave out versions older than this' },
    param: { type: 'string', help: 'the version query parameter (default api-version)' },
    'version-parameter': { type: 'string', help: 'the same as --param' },
    'keep-examples': {
      type: 'boolean',
      help: 'do not remove x-ms-examples that refer to other files'
    },
    importable: {
      type: 'string',
      help: 'patch | check | off (default patch): what to do about what APIM cannot import'
    },
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    expectPositionals(positionals, ['folder'])
    const settings = readSpecSettings(
      { ...flagInputs(values), 'spec-folder': positionals[0] },
      { emptyIsError: true }
    )
    const analysis = await listVersions(settings, io.cwd)
    const { versions, problems, discovery } = analysis
    if (values.json) {
      io.stdout(JSON.stringify(versions.map(versionRecord), null, 2) + '\n')
    } else {
      const folder = path.resolve(io.cwd, settings.specFolder)
      const rows = versions.map((v) => [
        v.version,
        v.channel ?? '-',
        path.relative(discovery.root, v.absoluteFile),
        `${v.format} ${v.syntax}`,
        String(v.operations),
        v.fingerprint,
        v.importProblems.length > 0
          ? `${v.patch.summary}; BLOCKED: ${v.importProblems.length} problem${v.importProblems.length === 1 ? '' : 's'} APIM would refuse (below)`
          : v.patch.summary
      ])
      io.stdout(
        `${displayPath(folder, io.cwd)}: ${versions.length} version${versions.length === 1 ? '' : 's'} (layout ${discovery.layout})\n`
      )
      if (rows.length > 0) {
        io.stdout(
          textTable(['VERSION', 'CHANNEL', 'FILE', 'FORMAT', 'OPS', 'FINGERPRINT', 'PATCH'], rows)
        )
      }
      for (const v of versions) {
        if (v.candidates.length > 1) {
          const others = v.candidates.filter((c) => c !== path.basename(v.absoluteFile))
          io.stdout(
            `${v.version}: chose ${path.basename(v.absoluteFile)} over ${others.join(', ')} (spec-file precedence)\n`
          )
        }
      }
      for (const f of discovery.filtered) io.stdout(`${f.version}: left out, ${f.reason}\n`)
    }
    for (const problem of problems) io.stderr(formatProblem(problem) + '\n')
    return problems.some((p) => p.severity === 'error') ? 1 : 0
  }
}
