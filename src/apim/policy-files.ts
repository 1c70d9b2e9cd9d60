import fs from 'node:fs'
import path from 'node:path'
import type { Settings } from '../settings.js'
import { confine } from '../specs/confine.js'
import { SpecError } from '../specs/errors.js'
import { fragmentDescription, gatewayPolicyLines, withGatewayPolicies } from './gateway-policies.js'
import { DEFAULT_POLICY_TEMPLATE, defaultFragment, xmlProblem } from './policy.js'

export interface PolicyTexts {
  policyTemplate: string
  /** The fragment with the gateway's policies (backend, managed identity, token limit…). */
  fragment: string
  fragmentDescription: string
}

/** Reads the policy template and fragment files (or the defaults), checked before any call. */
export function readPolicyTexts(settings: Settings, workspace: string): PolicyTexts {
  const read = (input: string, file: string | undefined) => {
    if (!file) return undefined
    const inside = confine(path.resolve(workspace, file), workspace, 'the workspace')
    if (inside.problem !== undefined) throw new SpecError(file, `${input}: ${inside.problem}`)
    const absolute = inside.real
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
    read('fragment-file', settings.fragmentFile) ??
    defaultFragment(
      settings.api.versionParameter,
      settings.api.scheme,
      settings.api.originalVersion !== undefined
    )
  if (!/^\s*<fragment[\s>]/.test(fragment)) {
    throw new SpecError(
      settings.fragmentFile ?? 'fragment',
      'a policy fragment must have <fragment> as its root element'
    )
  }
  const withGateway = withGatewayPolicies(
    fragment,
    gatewayPolicyLines(settings.gateway, settings.api.keyHeader)
  )
  const problem = xmlProblem(withGateway)
  if (problem) {
    throw new SpecError(
      settings.fragmentFile ?? 'fragment',
      `the fragment with the gateway policies is not well-formed XML: ${problem}`
    )
  }
  return {
    policyTemplate,
    fragment: withGateway,
    fragmentDescription: fragmentDescription(settings.gateway)
  }
}
