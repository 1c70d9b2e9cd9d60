import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from '@jest/globals'

const made: string[] = []
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

/** A fresh temp folder, removed after the test file's tests. */
export function tempDir(prefix = 'apimv-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Writes files given as { 'a/b.json': text } under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, content)
  }
  return root
}
