import { runCli } from '../../src/cli/index.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process, as `apim-versions ...args` in folder `cwd`. */
export async function cli(args: string[], cwd = process.cwd()): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd
  })
  return { code, stdout, stderr }
}
