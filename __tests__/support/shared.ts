import fs from 'node:fs'
import path from 'node:path'
import { describe } from '@jest/globals'

/** The real Azure OpenAI specs in ../shared (public data, never copied into the project). */
export const SHARED_SPECS = path.resolve(process.cwd(), '..', 'shared', 'specs', 'azure-openai')
export const haveSharedSpecs = fs.existsSync(SHARED_SPECS)

/** `describe` when ../shared is there; otherwise skipped, saying why. */
export function describeShared(name: string, body: () => void): void {
  if (haveSharedSpecs) {
    describe(name, body)
  } else {
    console.log(`skipping "${name}": ${SHARED_SPECS} is absent (the real specs live in ../shared)`)
    describe.skip(name, body)
  }
}

export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_SPECS, ...parts)
}
