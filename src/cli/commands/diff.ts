import path from 'node:path'
import { renderChangelogMarkdown } from '../../render/changelog.js'
import { diffSpecs } from '../../specs/changelog.js'
import { displayPath } from '../../specs/discover.js'
import { loadSpecFile } from '../../specs/load.js'
import { expectPositionals, HELP_FLAG, JSON_FLAG, type Command } from '../command.js'

export const diffCommand: Command = {
  summary: 'show what changed between two versions of a spec',
  usage: 'apim-versions diff <old-spec> <new-spec> [--json]',
  options: {
    json: JSON_FLAG('print the change log as JSON instead of markdown'),
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    expectPositionals(positionals, ['old-spec', 'new-spec'])
    const [from, to] = await Promise.all(
      positionals.map(async (p) => {
        const absolute = path.resolve(io.cwd, p)
        const spec = await loadSpecFile(absolute, displayPath(absolute, io.cwd))
        return {
          root: spec.root,
          label: spec.infoVersion ? `${spec.infoVersion} (${spec.file})` : spec.file
        }
      })
    )
    const log = diffSpecs(from, to)
    io.stdout(values.json ? JSON.stringify(log, null, 2) + '\n' : renderChangelogMarkdown(log))
    return 0
  }
}
