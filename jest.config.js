// Jest runs the TypeScript sources as ES modules (ts-jest, transpile only: type checking is
// `npm run lint`'s job, which keeps the suite fast). Two projects: `unit` (pure code and files
// in temp folders) and `e2e` (real servers on loopback: the emulator, a fake GitHub API, and the
// action and CLI started from src/ as processes). Most e2e time is waiting on sockets and child
// processes, so more workers than cores keeps both cores busy.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  }
}

const E2E = [
  'action',
  'bad-input',
  'bundle',
  'cli',
  'crash-safety',
  'emulator-arm',
  'emulator-gateway',
  'emulator-process',
  'emulator-timing',
  'main-job',
  'plan-comment',
  'upstream'
]
const e2e = E2E.map((name) => `<rootDir>/__tests__/${name}.test.ts`)

export default {
  maxWorkers: '150%',
  testTimeout: 60000,
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
