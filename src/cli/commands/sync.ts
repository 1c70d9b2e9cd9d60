import { INPUT_GROUPS } from '../../inputs.js'
import { syncUpstream } from '../../pipeline.js'
import { readSettings, UsageError } from '../../settings.js'
import { HELP_FLAG, inputFlags, JSON_FLAG, specFolderInputs, type Command } from '../command.js'
import { stderrReporter } from './plan-apply.js'

export const syncCommand: Command = {
  summary: 'bring new upstream versions (Azure/azure-rest-api-specs by default) into a spec folder',
  usage:
    'apim-versions sync-upstream [DIR] [--upstream-repo O/R] [--upstream-ref REF] [--upstream-path P] [--json] (token: GITHUB_TOKEN or --github-token)',
  options: {
    ...inputFlags(
      ['spec-folder', 'include-previews', 'min-version', 'version-parameter'],
      'Spec folder'
    ),
    ...inputFlags(INPUT_GROUPS.upstream, 'Upstream'),
    json: JSON_FLAG('print the synced versions as JSON'),
    help: HELP_FLAG
  },
  async run(positionals, values, io) {
    const raw = specFolderInputs(positionals, values, 'sync-upstream')
    const env = io.env ?? process.env
    if (raw['github-token'] === undefined && env.GITHUB_TOKEN !== undefined) {
      if (env.GITHUB_TOKEN.trim() === '')
        throw new UsageError('GITHUB_TOKEN is set but empty: give it a token, or unset it')
      raw['github-token'] = env.GITHUB_TOKEN
    }
    const settings = readSettings(raw, { emptyIsError: true })
    if (!settings.githubToken)
      throw new UsageError(
        `a GitHub token is needed to read ${settings.upstream.owner}/${settings.upstream.repo}: set GITHUB_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token)) or pass --github-token; read access to public repositories is enough`
      )
    const [{ createOctokit }, { syncTitle, syncedVersionsJson }, { changelogHeadline }] =
      await Promise.all([
        import('../../github/octokit.js'),
        import('../../render/sync-report.js'),
        import('../../specs/changelog.js')
      ])
    const reporter = stderrReporter(io)
    const github = createOctokit(settings.githubToken, {
      baseUrl: env.GITHUB_API_URL,
      log: reporter.info
    })
    const { source, result } = await syncUpstream(settings, io.cwd, github, reporter)
    if (values.json)
      io.stdout(JSON.stringify(JSON.parse(syncedVersionsJson(result.synced)), null, 2) + '\n')
    else if (result.synced.length === 0)
      io.stdout(
        `No new API versions in ${source.owner}/${source.repo}/${source.path} at ${source.ref}.\n`
      )
    else {
      io.stdout(`${syncTitle(result.synced)}\n`)
      for (const s of result.synced)
        io.stdout(
          `  ${s.version} (${s.kind}): ${s.file}${s.changes ? `: ${changelogHeadline(s.changes)}` : ''}\n`
        )
    }
    return 0
  }
}
