import type { RawInputs } from './settings.js'
import { nonEmpty, oneOf } from './settings-values.js'

export interface AzureTarget {
  subscriptionId: string
  resourceGroup: string
  serviceName: string
  cloud: 'public' | 'china' | 'usgov'
  /** Where ARM requests go: the cloud's endpoint or `arm-endpoint`. */
  endpoint: string
  /** The token scope: always the cloud's, whatever the endpoint. */
  scope: string
  clientId?: string
  tenantId?: string
  accessToken?: string
}

export const CLOUDS: Record<AzureTarget['cloud'], string> = {
  public: 'https://management.azure.com',
  china: 'https://management.chinacloudapi.cn',
  usgov: 'https://management.usgovcloudapi.net'
}

/** The choices of `azure-cloud`. */
export const AZURE_CLOUDS = Object.keys(CLOUDS) as readonly AzureTarget['cloud'][]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SERVICE_NAME = /^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/

/** The APIM service and how to sign in: all of subscription, resource group and service, or none. */
export function readAzure(raw: RawInputs, problems: string[]): AzureTarget | undefined {
  const subscriptionId = nonEmpty(raw['subscription-id'])
  const resourceGroup = nonEmpty(raw['resource-group'])
  const serviceName = nonEmpty(raw['service-name'])
  const clientId = nonEmpty(raw['client-id'])
  const tenantId = nonEmpty(raw['tenant-id'])
  const accessToken = nonEmpty(raw['access-token'])
  const cloud = oneOf(raw, 'azure-cloud', AZURE_CLOUDS, 'public', problems)
  const armEndpoint = nonEmpty(raw['arm-endpoint'])
  const given = [subscriptionId, resourceGroup, serviceName].filter(Boolean).length
  if (given > 0 && given < 3) {
    problems.push(
      'subscription-id, resource-group and service-name: give all three (the APIM service) or none'
    )
  }
  if (subscriptionId && !UUID.test(subscriptionId))
    problems.push(`subscription-id: '${subscriptionId}' is not a GUID`)
  if (resourceGroup && (resourceGroup.length > 90 || !/^[-\w._()]+$/.test(resourceGroup))) {
    problems.push(`resource-group: '${resourceGroup}' is not a valid resource group name`)
  }
  if (serviceName && (!SERVICE_NAME.test(serviceName) || serviceName.length > 50)) {
    problems.push(`service-name: '${serviceName}' is not a valid APIM service name`)
  }
  if (Boolean(clientId) !== Boolean(tenantId))
    problems.push('client-id and tenant-id: give both (OIDC federation) or neither')
  if (accessToken && clientId)
    problems.push('access-token and client-id: give one way to sign in, not both')
  if (armEndpoint && !/^https:\/\/[^\s/]+/.test(armEndpoint))
    problems.push(`arm-endpoint: '${armEndpoint}' must be an https URL`)
  if (given < 3) {
    if (clientId || accessToken || armEndpoint) {
      problems.push(
        'subscription-id, resource-group and service-name are required when signing in to Azure'
      )
    }
    return undefined
  }
  return {
    subscriptionId: subscriptionId!,
    resourceGroup: resourceGroup!,
    serviceName: serviceName!,
    cloud,
    endpoint: (armEndpoint ?? CLOUDS[cloud]).replace(/\/+$/, ''),
    scope: `${CLOUDS[cloud]}/.default`,
    clientId,
    tenantId,
    accessToken
  }
}
