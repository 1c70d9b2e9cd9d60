import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultRegistry } from '../faults.js'
import { ArmError } from '../http.js'
import type { StateStore } from '../state.js'
import { recordedContract } from './api-model.js'
import { methodNotAllowed, type RequestContext } from './context.js'
import { LongRunningOperations, lroStyleFor, type LroStyleSetting } from './long-running.js'
import { findRoute, noRoute } from './routes.js'
import { getResourceGroup } from './service.js'

export interface ArmOptions {
  store: StateStore
  faults: FaultRegistry
  baseUrl: () => string
  lroMs: number
  /** The answer style of long-running operations (default: each api-version's contract). */
  lroStyle?: LroStyleSetting
}

/** The ARM management API of one APIM service (the subset docs/emulator.md lists). */
export class ArmApi {
  private readonly operations: LongRunningOperations

  constructor(private readonly options: ArmOptions) {
    this.operations = new LongRunningOperations(options.lroMs)
  }

  get servicePath(): string {
    const { subscriptionId, resourceGroup, serviceName } = this.options.store.state.identity
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const apiVersion = url.searchParams.get('api-version')
    if (!apiVersion) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.'
      )
    }
    const method = req.method ?? 'GET'
    const { store, faults, baseUrl } = this.options
    const ctx: RequestContext = {
      req,
      res,
      url,
      method,
      apiVersion,
      store,
      state: store.state,
      faults,
      operations: this.operations,
      lroStyle: lroStyleFor(this.options.lroStyle ?? 'contract', apiVersion),
      servicePath: this.servicePath,
      baseUrl: baseUrl()
    }
    const segments = this.serviceSegments(method, url.pathname)
    if (segments === 'resourceGroup') {
      // Only the read: creating, changing or deleting resource groups is not emulated.
      if (method !== 'GET') throw methodNotAllowed(method)
      return getResourceGroup(ctx, {})
    }
    const { handler, params } = findRoute(method, segments, url.pathname)
    try {
      await handler(ctx, params)
    } catch (err) {
      // Up to the recorded contracts, "not found" has `details: null` (azure-sdk-for-net
      // SessionRecords BackendTests/CreateListUpdateDelete.json, 2019-12-01-preview: "Backend not
      // found.").
      if (err instanceof ArmError && err.code === 'ResourceNotFound' && recordedContract(ctx))
        err.nullDetails = true
      throw err
    }
  }

  /**
   * The path segments below `/subscriptions/…/service/{name}`, percent-decoded, or
   * `resourceGroup` for the service's resource group. Another subscription, resource group or
   * service is ARM's 404 for it (SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound).
   */
  private serviceSegments(method: string, pathname: string): string[] | 'resourceGroup' {
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const { subscriptionId, resourceGroup, serviceName } = this.options.store.state.identity
    const is = (i: number, expected: string) => parts[i]?.toLowerCase() === expected.toLowerCase()
    if (!is(0, 'subscriptions') || parts.length < 4 || !is(2, 'resourceGroups'))
      throw noRoute(method, pathname)
    if (!is(1, subscriptionId)) {
      throw new ArmError(
        404,
        'SubscriptionNotFound',
        `The subscription '${parts[1]}' could not be found.`
      )
    }
    if (!is(3, resourceGroup)) {
      throw new ArmError(
        404,
        'ResourceGroupNotFound',
        `Resource group '${parts[3]}' could not be found.`
      )
    }
    if (parts.length === 4) return 'resourceGroup'
    if (
      parts.length < 8 ||
      !is(4, 'providers') ||
      !is(5, 'Microsoft.ApiManagement') ||
      !is(6, 'service')
    )
      throw noRoute(method, pathname)
    if (!is(7, serviceName)) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ApiManagement/service/${parts[7]}' under resource group '${parts[3]}' was not found. The emulator serves ${this.servicePath}.`
      )
    }
    return parts.slice(8)
  }
}
