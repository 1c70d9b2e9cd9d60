import { availableParallelism } from 'node:os'

// Jest runs the TypeScript sources as ES modules, types stripped by esbuild (type checking is
// `npm run lint`'s job, which keeps the suite fast). Two projects: `unit` (pure code and files
// in temp folders) and `e2e` (real servers on loopback: the emulator, a fake GitHub API, and the
// action and CLI as processes, from a bundle of src/ that global-setup.mjs makes first). Much e2e
// time is waiting on sockets and child processes, so twice as many workers as cores keeps the cores
// busy. (A number, not a percentage: given '150%', Jest 29 also starts workers to crawl files.)
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': '<rootDir>/__tests__/support/esbuild-transform.mjs'
  }
}

const E2E = [
  'action',
  'action-github',
  'action-release',
  'action-offline-sync',
  'analysis-worker',
  'bad-input',
  'budget-e2e',
  'bundle',
  'callers-e2e',
  'cli',
  'config-e2e',
  'crash-safety',
  'emulator-arm',
  'emulator-conformance',
  'emulator-import',
  'emulator-gateway',
  'emulator-lro-styles',
  'emulator-operations',
  'emulator-process',
  'emulator-products',
  'emulator-recordings',
  'emulator-timing',
  'emulator-wire',
  'importable-e2e',
  'main-job',
  'plan-comment',
  'promotion-e2e',
  'revisions',
  'upstream',
  'upstream-v1',
  'v1-e2e',
  'verify-e2e'
]
const e2e = E2E.map((name) => `<rootDir>/__tests__/${name}.test.ts`)

export default {
  maxWorkers: availableParallelism() * 2,
  testTimeout: 60000,
  globalSetup: '<rootDir>/__tests__/support/global-setup.mjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/dist/', '/node_modules/', ...e2e]
    },
    { ...common, displayName: 'e2e', testMatch: e2e }
  ]
}
