import path from 'node:path'

// Built from src/ before the tests by global-setup.mjs.
const build = path.join(process.cwd(), 'build', 'e2e')

/** `node <ACTION>`: the action, as the runner starts dist/index.js. */
export const ACTION = [path.join(build, 'index.js')]

/** `node <CLI> …`: apim-versions, as dist/cli.js starts it. */
export const CLI = [path.join(build, 'cli.js')]
