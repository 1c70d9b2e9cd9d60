// Jest's TypeScript transform: esbuild strips the types (type checking is `npm run lint`'s job).
// It is many times faster than ts-jest, which matters because each worker and each test file
// transforms the sources again.
import { transformSync } from 'esbuild'

export default {
  canInstrument: false,
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node24',
      sourcefile: filename,
      sourcemap: 'external'
    })
    return { code, map }
  }
}
