import { XMLValidator } from 'fast-xml-parser'
import { escapeXml } from '../render/escape.js'
import type { Scheme } from '../settings.js'

/**
 * The default fragment: give the backend back only what APIM's routing took for the scheme, and
 * add nothing else. Microsoft's "Versions in Azure API Management"
 * (https://learn.microsoft.com/azure/api-management/api-management-versions) documents the three
 * request shapes: Query `https://{yourDomain}/{apiName}/{operationId}?{queryParameterName}={versionIdentifier}`,
 * Header (a request header named by the version set), Segment
 * `https://{yourDomain}/{apiName}/{versionIdentifier}/{operationId}`. The gateway routes on the
 * version and forwards `serviceUrl` + the operation's path, so:
 * - Query: the version parameter is routed on and removed (the page does not say whether it is
 *   forwarded; this project's brief and emulator take it as removed). Azure OpenAI backends require
 *   `api-version`, so it is set again; `override` is idempotent if a gateway did forward it.
 * - Header: the same for the version header.
 * - With an Original version (`original-version`), Query and Header restore the version only when
 *   the API has one.
 * - Segment: the version is a path segment, consumed by routing like the API's path; a backend
 *   that wants it has it in `service-url` (`{version}`), so nothing is added: no query parameter
 *   the backend never asked for. APIM wants at least one policy in a fragment, so it only records
 *   the version in a context variable, which never reaches the backend.
 */
export function defaultFragment(
  versionParameter: string,
  scheme: Scheme = 'Query',
  hasOriginal = false
): string {
  const name = escapeXml(versionParameter)
  const restore =
    scheme === 'Query'
      ? [
          `  <set-query-parameter name="${name}" exists-action="override">`,
          '    <value>@(context.Api.Version)</value>',
          '  </set-query-parameter>'
        ]
      : scheme === 'Header'
        ? [
            `  <set-header name="${name}" exists-action="override">`,
            '    <value>@(context.Api.Version)</value>',
            '  </set-header>'
          ]
        : ['  <set-variable name="api-version" value="@(context.Api.Version)" />']
  // The Original version has no version identifier (context.Api.Version is empty): the backend
  // gets no version from the gateway then, not an empty one (choose-policy, policy expressions).
  const guarded =
    hasOriginal && scheme !== 'Segment'
      ? [
          '  <choose>',
          '    <when condition="@(!string.IsNullOrEmpty(context.Api.Version))">',
          ...restore.map((line) => `    ${line}`),
          '    </when>',
          '  </choose>'
        ]
      : restore
  return ['<fragment>', ...guarded, '</fragment>'].join('\n')
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
