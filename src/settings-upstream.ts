import type { RawInputs } from './settings.js'
import { bool, list, nonEmpty, oneOf } from './settings-values.js'

/** Where `sync-upstream` takes versions from, and how file names map to versions. */
export interface UpstreamSettings {
  preset: UpstreamPreset
  owner: string
  repo: string
  ref: string
  /** The upstream folder. */
  path: string
  /**
   * `folders`: `<version>/<file>` or `<channel>/<version>/<file>` (the dated inference tree);
   * `flat`: files directly in the folder, each standing for one version (the v1 API's).
   */
  layout: 'folders' | 'flat'
  /** folders: the file names to take from each version folder, most preferred first. */
  files: string[]
  /** flat: each file and the version it is. */
  flatFiles: { file: string; version: string }[]
  updateChanged: boolean
}

export type UpstreamPreset = 'azure-openai-inference' | 'azure-openai-v1' | 'custom'

/**
 * Azure OpenAI as Microsoft publishes it (Azure/azure-rest-api-specs): the dated inference tree
 * (`inference/{stable,preview}/<date>/inference.json`, last 2025-04-01-preview) and the v1 API's
 * two flat files, regenerated in place from TypeSpec (`specification/ai/data-plane/OpenAI.v1`).
 */
const PRESETS: Record<
  Exclude<UpstreamPreset, 'custom'>,
  Omit<UpstreamSettings, 'preset' | 'ref' | 'updateChanged'>
> = {
  'azure-openai-inference': {
    owner: 'Azure',
    repo: 'azure-rest-api-specs',
    path: 'specification/cognitiveservices/data-plane/AzureOpenAI/inference',
    layout: 'folders',
    files: ['inference.json'],
    flatFiles: []
  },
  'azure-openai-v1': {
    owner: 'Azure',
    repo: 'azure-rest-api-specs',
    path: 'specification/ai/data-plane/OpenAI.v1',
    layout: 'flat',
    files: [],
    flatFiles: [
      { file: 'azure-v1-v1-generated.json', version: 'v1' },
      { file: 'azure-v1-preview-generated.json', version: 'preview' }
    ]
  }
}

const FILE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/
const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export function readUpstreamSettings(raw: RawInputs, problems: string[]): UpstreamSettings {
  const presetName = oneOf(
    raw,
    'upstream',
    ['azure-openai-inference', 'azure-openai-v1', 'custom'] as const,
    'azure-openai-inference',
    problems
  )
  const preset = presetName === 'custom' ? PRESETS['azure-openai-inference'] : PRESETS[presetName]
  const repoText = nonEmpty(raw['upstream-repo']) ?? `${preset.owner}/${preset.repo}`
  if (!/^[\w.-]+\/[\w.-]+$/.test(repoText))
    problems.push(`upstream-repo: '${repoText}' is not owner/name`)
  const upstreamPath = (nonEmpty(raw['upstream-path']) ?? preset.path).replace(/^\/+|\/+$/g, '')
  if (upstreamPath.split('/').some((p) => p === '..'))
    problems.push(`upstream-path: '${upstreamPath}' may not contain ..`)
  const layout = oneOf(
    raw,
    'upstream-layout',
    ['folders', 'flat'] as const,
    preset.layout,
    problems
  )

  const given = list(raw['upstream-files'])
  let files = preset.files
  let flatFiles = preset.flatFiles
  if (given && layout === 'folders') {
    files = given
    if (given.some((f) => f.includes('=')))
      problems.push(
        'upstream-files: file=version pairs are for upstream-layout: flat; the folders layout takes file names'
      )
  } else if (given) {
    flatFiles = given.map((pair) => {
      const [file, version] = pair.split('=').map((s) => s.trim())
      if (!version || !VERSION_NAME.test(version))
        problems.push(
          `upstream-files: '${pair}' must be file=version (e.g. azure-v1-v1-generated.json=v1) in the flat layout`
        )
      return { file, version: version ?? '' }
    })
  }
  const names = layout === 'folders' ? files : flatFiles.map((f) => f.file)
  if (names.some((f) => !FILE_NAME.test(f)))
    problems.push('upstream-files: file names only (letters, digits, ., _ and -), no paths')
  if (layout === 'flat' && flatFiles.length === 0)
    problems.push('upstream-files: the flat layout needs file=version pairs')
  const versions = flatFiles.map((f) => f.version.toLowerCase())
  if (new Set(versions).size !== versions.length)
    problems.push('upstream-files: two files map to one version')

  return {
    preset: presetName,
    owner: repoText.split('/')[0],
    repo: repoText.split('/')[1],
    ref: nonEmpty(raw['upstream-ref']) ?? 'main',
    path: upstreamPath,
    layout,
    files,
    flatFiles,
    updateChanged: bool(raw, 'update-changed', false, problems)
  }
}
