import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = process.cwd()

/** Node flags that run the TypeScript sources as they are (see run-source.mjs). */
const FROM_SOURCE = [
  '--disable-warning=ExperimentalWarning',
  '--import',
  pathToFileURL(path.join(root, '__tests__', 'support', 'run-source.mjs')).href
]

/** `node <ACTION>`: the action from src/, as the runner starts dist/index.js. */
export const ACTION = [...FROM_SOURCE, path.join(root, 'src', 'index.ts')]

/** `node <CLI> …`: apim-versions from src/, as dist/cli.js starts it. */
export const CLI = [
  ...FROM_SOURCE,
  path.join(root, '__tests__', 'support', 'bin', 'apim-versions.ts')
]
