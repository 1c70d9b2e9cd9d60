// A stand-in for @actions/core (as actions/typescript-action's __fixtures__/core.ts), for tests
// that call the action's run() in-process: inputs come from `inputs`, and what the action says
// (outputs, log, annotations, job summary, failure) is kept in `recorded` for the test to read.
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

export const inputs: Record<string, string> = {}

export const recorded = {
  outputs: {} as Record<string, string>,
  log: [] as string[],
  annotations: [] as { kind: string; message: string; file?: string; line?: number }[],
  summary: '',
  failed: undefined as string | undefined
}

/** Before each run: these inputs, nothing recorded. */
export function reset(values: Record<string, string>): void {
  for (const key of Object.keys(inputs)) delete inputs[key]
  Object.assign(inputs, values)
  Object.assign(recorded, { outputs: {}, log: [], annotations: [], summary: '', failed: undefined })
}

const annotate =
  (kind: string) =>
  (message: string | Error, properties?: core.AnnotationProperties): void => {
    recorded.annotations.push({
      kind,
      message: String(message),
      file: properties?.file,
      line: properties?.startLine
    })
  }

export const getInput = jest.fn<typeof core.getInput>((name) => inputs[name] ?? '')
export const getIDToken = jest.fn<typeof core.getIDToken>(() =>
  Promise.reject(new Error('no OIDC in tests'))
)
export const setSecret = jest.fn<typeof core.setSecret>()
export const setOutput = jest.fn<typeof core.setOutput>((name, value) => {
  recorded.outputs[name] = String(value)
})
export const setFailed = jest.fn<typeof core.setFailed>((message) => {
  recorded.failed = String(message)
})
export const info = jest.fn<typeof core.info>((line) => {
  recorded.log.push(line)
})
export const startGroup = jest.fn<typeof core.startGroup>((title) => {
  recorded.log.push(`::group::${title}`)
})
export const endGroup = jest.fn<typeof core.endGroup>(() => {
  recorded.log.push('::endgroup::')
})
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  startGroup(title)
  try {
    return await work()
  } finally {
    endGroup()
  }
}
export const error = jest.fn<typeof core.error>(annotate('error'))
export const warning = jest.fn<typeof core.warning>(annotate('warning'))
export const notice = jest.fn<typeof core.notice>(annotate('notice'))
export const summary = {
  addRaw(text: string) {
    recorded.summary += text
    return summary
  },
  async write() {
    return summary
  }
}
