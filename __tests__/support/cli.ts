import { runCli } from '../../src/cli/index.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the CLI in-process, as `apim-versions ...args` in folder `cwd`, with environment `env`
 * (default: none, so a token in the developer's environment never reaches a test).
 */
export async function cli(
  args: string[],
  cwd = process.cwd(),
  env: Record<string, string | undefined> = {}
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env
  })
  return { code, stdout, stderr }
}
