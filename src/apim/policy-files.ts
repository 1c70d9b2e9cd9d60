import fs from 'node:fs'
import path from 'node:path'
import type { Settings } from '../settings.js'
import { isInside } from '../specs/discover.js'
import { SpecError } from '../specs/errors.js'
import { DEFAULT_POLICY_TEMPLATE, defaultFragment, xmlProblem } from './policy.js'

export interface PolicyTexts {
  policyTemplate: string
  fragment: string
}

/** Reads the policy template and fragment files (or the defaults), checked before any call. */
export function readPolicyTexts(settings: Settings, workspace: string): PolicyTexts {
  const read = (input: string, file: string | undefined) => {
    if (!file) return undefined
    const absolute = path.resolve(workspace, file)
    if (!isInside(absolute, workspace))
      throw new SpecError(file, `${input} is outside the workspace`)
    let text: string
    try {
      text = fs.readFileSync(absolute, 'utf8')
    } catch (err) {
      throw new SpecError(
        file,
        `cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
      )
    }
    const problem = xmlProblem(text)
    if (problem) throw new SpecError(file, `${input} is not well-formed XML: ${problem}`)
    return text
  }
  const policyTemplate = read('policy-file', settings.policyFile) ?? DEFAULT_POLICY_TEMPLATE
  const fragment =
    read('fragment-file', settings.fragmentFile) ?? defaultFragment(settings.api.versionParameter)
  if (!/^\s*<fragment[\s>]/.test(fragment)) {
    throw new SpecError(
      settings.fragmentFile ?? 'fragment',
      'a policy fragment must have <fragment> as its root element'
    )
  }
  return { policyTemplate, fragment }
}
