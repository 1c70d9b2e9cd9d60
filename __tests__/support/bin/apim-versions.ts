// The CLI from source (dist/cli.js's counterpart), for tests that start it as a process.
import { cli } from '../../../src/index.js'

await cli()
