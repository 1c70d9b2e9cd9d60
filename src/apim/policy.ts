import { XMLValidator } from 'fast-xml-parser'
import { escapeXml } from '../render/escape.js'
import type { Scheme } from '../settings.js'

/** The default fragment: give the backend its version parameter back (APIM removed it when routing). */
export function defaultFragment(versionParameter: string): string {
  return [
    '<fragment>',
    `  <set-query-parameter name="${escapeXml(versionParameter)}" exists-action="override">`,
    '    <value>@(context.Api.Version)</value>',
    '  </set-query-parameter>',
    '</fragment>'
  ].join('\n')
}

export const DEFAULT_POLICY_TEMPLATE = [
  '<policies>',
  '  <inbound>',
  '    <base />',
  '    <include-fragment fragment-id="{fragment-id}" />',
  '  </inbound>',
  '  <backend>',
  '    <base />',
  '  </backend>',
  '  <outbound>',
  '    <base />',
  '  </outbound>',
  '  <on-error>',
  '    <base />',
  '  </on-error>',
  '</policies>'
].join('\n')

/** Fills a policy template's placeholders ({fragment-id}, {version}, {api-id}, {version-parameter}), XML-escaped. */
export function renderPolicy(
  template: string,
  values: {
    fragmentId: string
    version: string
    apiId: string
    versionParameter: string
    scheme: Scheme
  }
): string {
  return template.replace(
    /\{(fragment-id|version|api-id|version-parameter|scheme)\}/g,
    (_, name: string) =>
      escapeXml(
        {
          'fragment-id': values.fragmentId,
          version: values.version,
          'api-id': values.apiId,
          'version-parameter': values.versionParameter,
          scheme: values.scheme
        }[name] ?? ''
      )
  )
}

/** A readable reason when `xml` is not well-formed, else undefined. */
export function xmlProblem(xml: string): string | undefined {
  const result = XMLValidator.validate(xml)
  return result === true
    ? undefined
    : `${result.err.msg} (line ${result.err.line}, column ${result.err.col})`
}
