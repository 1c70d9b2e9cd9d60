/**
 * The one bundle entry, dist/index.js. The runner starts it as the action; dist/cli.js imports
 * it and calls cli(). Each face is loaded only when it runs.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export async function cli(): Promise<void> {
  const { main } = await import('./cli/index.js')
  await main()
}

function startedDirectly(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (startedDirectly()) await import('./action/index.js')
