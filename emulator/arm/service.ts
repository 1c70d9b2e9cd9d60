import { createHash } from 'node:crypto'
import { PREFIX } from '../gateway.js'
import { sendJson } from '../http.js'
import type { ServiceSku, ServiceState } from '../state.js'
import { recordedContract } from './api-model.js'
import type { Handler, RequestContext } from './context.js'

/** `SkuType` of API version 2024-05-01, and PremiumV2, which later API versions add. */
const SKU_NAMES = [
  'Developer',
  'Basic',
  'Standard',
  'Premium',
  'Isolated',
  'Consumption',
  'BasicV2',
  'StandardV2',
  'PremiumV2'
]

/**
 * A tier by name (any case) with the capacity of a new service of it, or with a given capacity.
 * "For Consumption SKU capacity must be specified as 0" (ApiManagementServiceSkuProperties).
 */
export function parseSku(value: string | ServiceSku): ServiceSku {
  const name = typeof value === 'string' ? value : value.name
  const canonical = SKU_NAMES.find((n) => n.toLowerCase() === name.toLowerCase())
  if (!canonical) throw new Error(`unknown sku '${name}': use one of ${SKU_NAMES.join(', ')}`)
  const capacity =
    typeof value === 'string' ? (canonical === 'Consumption' ? 0 : 1) : value.capacity
  if (!Number.isInteger(capacity) || capacity < 0 || (canonical === 'Consumption') !== !capacity) {
    throw new Error(
      `sku capacity ${capacity} is not valid for ${canonical}: 0 for Consumption, 1 or more for the others`
    )
  }
  return { name: canonical, capacity }
}

/** APIM shows the region's display name, ARM's resource groups its programmatic name. */
const LOCATION = { display: 'East US', name: 'eastus' }
const EMULATOR = 'apim-emulator'

/**
 * The TLS switches of a service created with the defaults, as ApiManagementServiceGetService.json
 * (2024-05-01 examples) shows them; recorded sessions spell the value `False`
 * (azure-sdk-assets go/…/armapimanagement recordings, 2022-08-01; Azure/azure-cli
 * recordings/test_apim_Subscription.yaml, 2021-08-01).
 */
const CUSTOM_PROPERTY_KEYS = [
  'Security.Ciphers.TripleDes168',
  'Security.Protocols.Tls11',
  'Security.Protocols.Tls10',
  'Security.Protocols.Ssl30',
  'Security.Backend.Protocols.Tls11',
  'Security.Backend.Protocols.Tls10',
  'Security.Backend.Protocols.Ssl30',
  'Protocols.Server.Http2'
].map((key) => `Microsoft.WindowsAzure.ApiManagement.Gateway.${key}`)
const NOT_ON_CONSUMPTION = ['Security.Protocols.Ssl30', 'Security.Ciphers.TripleDes168']

/**
 * GET `…/service/{name}`: ApiManagementServiceResource as the 2024-05-01 examples show it, for one
 * region without a virtual network, managed identity or custom hostname, with the nulls of the
 * recorded sessions above (the built-in hostname's certificate fields, `publicIpAddressId`,
 * `zones`; its one hostname is the default SSL binding). The developer portal, the legacy portal,
 * the direct management API and the Git endpoint are not served, so their URLs are null.
 */
export const getService: Handler = (ctx) => {
  const service = serviceJson(ctx)
  // With its ETag as a header too (recordings/test_apim_Subscription.yaml, 2021-08-01).
  sendJson(ctx.res, 200, service, { etag: `"${String(service.etag)}"` })
}

function serviceJson(ctx: RequestContext): Record<string, unknown> {
  const { identity, sku, createdDateTime: createdAtUtc } = ctx.state
  const gatewayUrl = `${ctx.baseUrl}${PREFIX}`
  // Consumption has no regional gateway URL, no public IP addresses and six TLS switches, not
  // eight (no Ssl30 of the gateway, no TripleDes168): Azure/azure-cli
  // recordings/test_apim_Subscription.yaml (2021-08-01) reads a Consumption service so.
  const consumption = sku.name === 'Consumption'
  const switches = CUSTOM_PROPERTY_KEYS.filter(
    (key) => !consumption || !NOT_ON_CONSUMPTION.some((absent) => key.endsWith(`Gateway.${absent}`))
  )
  return {
    id: ctx.servicePath,
    name: identity.serviceName,
    type: 'Microsoft.ApiManagement/service',
    tags: {},
    location: LOCATION.display,
    etag: serviceEtag(ctx.state),
    properties: {
      publisherEmail: `${EMULATOR}@example.com`,
      publisherName: 'APIM emulator',
      notificationSenderEmail: 'apimgmt-noreply@mail.windowsazure.com',
      provisioningState: 'Succeeded',
      targetProvisioningState: '',
      createdAtUtc,
      gatewayUrl,
      gatewayRegionalUrl: consumption ? null : gatewayUrl,
      portalUrl: null,
      developerPortalUrl: null,
      managementApiUrl: null,
      scmUrl: null,
      hostnameConfigurations: [
        {
          type: 'Proxy',
          hostName: new URL(ctx.baseUrl).hostname,
          encodedCertificate: null,
          keyVaultId: null,
          certificatePassword: null,
          negotiateClientCertificate: false,
          certificate: null,
          defaultSslBinding: true,
          identityClientId: null,
          certificateSource: 'BuiltIn',
          certificateStatus: null
        }
      ],
      publicIPAddresses: consumption ? null : [new URL(ctx.baseUrl).hostname],
      privateIPAddresses: null,
      additionalLocations: null,
      virtualNetworkConfiguration: null,
      customProperties: Object.fromEntries(
        switches.map((key) => [key, recordedContract(ctx) ? 'False' : 'false'])
      ),
      virtualNetworkType: 'None',
      certificates: null,
      disableGateway: false,
      apiVersionConstraint: { minApiVersion: null },
      publicIpAddressId: null,
      publicNetworkAccess: 'Enabled',
      privateEndpointConnections: null,
      // learn.microsoft.com "API Management compute platform": stv2, and mtv1 for Consumption.
      platformVersion: sku.name === 'Consumption' ? 'mtv1' : 'stv2'
    },
    sku: { ...sku },
    identity: null,
    zones: null,
    systemData: {
      createdBy: EMULATOR,
      createdByType: 'Application',
      createdAt: createdAtUtc,
      lastModifiedBy: EMULATOR,
      lastModifiedByType: 'Application',
      lastModifiedAt: createdAtUtc
    }
  }
}

/** Opaque and stable while the service resource itself does not change (APIs do not change it). */
function serviceEtag(state: ServiceState): string {
  const digest = createHash('sha256')
    .update(`${state.createdDateTime}|${state.sku.name}|${state.sku.capacity}`)
    .digest()
  return digest.subarray(0, 8).toString('base64')
}

/**
 * GET `/subscriptions/{sub}/resourceGroups/{rg}`: the ResourceGroup of Microsoft.Resources
 * (resources.json: id, name, type, location, properties.provisioningState).
 */
export const getResourceGroup: Handler = (ctx) => {
  const { subscriptionId, resourceGroup } = ctx.state.identity
  sendJson(ctx.res, 200, {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
    name: resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: LOCATION.name,
    properties: { provisioningState: 'Succeeded' }
  })
}
