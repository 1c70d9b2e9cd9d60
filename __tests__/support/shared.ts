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

/** The versions of the shared inference folder, in the order `apim-versions versions` lists them. */
export const INFERENCE_VERSIONS = [
  '2022-12-01',
  '2024-02-01',
  '2024-05-01-preview',
  '2024-06-01',
  '2024-07-01-preview',
  '2024-08-01-preview',
  '2024-09-01-preview',
  '2024-10-21',
  '2025-03-01-preview'
]
