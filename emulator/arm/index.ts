import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultRegistry } from '../faults.js'
import { ArmError } from '../http.js'
import type { StateStore } from '../state.js'
import { LongRunningOperations } from './long-running.js'
import { findRoute } from './routes.js'

export interface ArmOptions {
  store: StateStore
  faults: FaultRegistry
  baseUrl: () => string
  lroMs: number
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
    const { handler, params } = findRoute(method, this.serviceSegments(url.pathname), url.pathname)
    const { store, faults, baseUrl } = this.options
    await handler(
      {
        req,
        res,
        url,
        method,
        apiVersion,
        store,
        state: store.state,
        faults,
        operations: this.operations,
        servicePath: this.servicePath,
        baseUrl: baseUrl()
      },
      params
    )
  }

  /** The path segments below `/subscriptions/…/service/{name}`, percent-decoded. */
  private serviceSegments(pathname: string): string[] {
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const { subscriptionId, resourceGroup, serviceName } = this.options.store.state.identity
    const expected = [
      'subscriptions',
      subscriptionId,
      'resourceGroups',
      resourceGroup,
      'providers',
      'Microsoft.ApiManagement',
      'service',
      serviceName
    ]
    const matches = expected.every((part, i) => parts[i]?.toLowerCase() === part.toLowerCase())
    if (!matches) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ApiManagement/service/${parts[7] ?? '?'}' under resource group '${parts[3] ?? '?'}' was not found. The emulator serves ${this.servicePath}.`
      )
    }
    return parts.slice(expected.length)
  }
}
