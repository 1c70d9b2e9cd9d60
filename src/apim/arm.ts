import { ApiManagementClient } from '@azure/arm-apimanagement'
import type { TokenCredential } from '@azure/identity'
import type { Agent } from 'node:https'
import { apiFromApim, orAbsent, versionSetFromApim } from './normalize.js'
import type { ApimApi, ApimGateway, BackendProps, ImportProps, VersionSetProps } from './types.js'

export interface ArmTarget {
  subscriptionId: string
  resourceGroup: string
  serviceName: string
  endpoint: string
  scope: string
}

/** How long an import may stay in progress before it counts as a timeout (and is retried). */
export const LRO_TIMEOUT_MS = 10 * 60 * 1000
/** How long one HTTP request to ARM may take (each poll of an import is a request of its own). */
export const REQUEST_TIMEOUT_MS = 60 * 1000

/** The APIM gateway over `@azure/arm-apimanagement`. Retries are the caller's (the SDK's are off). */
export class ArmApimGateway implements ApimGateway {
  private readonly client: ApiManagementClient
  readonly description: string

  constructor(
    credential: TokenCredential,
    private readonly target: ArmTarget,
    options: {
      agent?: Agent
      pollIntervalMs?: number
      lroTimeoutMs?: number
      /** The deadline of every single request (default REQUEST_TIMEOUT_MS). */
      requestTimeoutMs?: number
      description?: string
    } = {}
  ) {
    this.client = new ApiManagementClient(credential, target.subscriptionId, {
      endpoint: target.endpoint,
      credentialScopes: [target.scope],
      retryOptions: { maxRetries: 0 },
      ...(options.agent ? { agent: options.agent } : {})
    })
    const timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    // Every request gets a deadline (a PUT that never answers would otherwise hang the run); a
    // request that misses it fails with a retryable RequestTimeout naming it.
    this.client.pipeline.addPolicy({
      name: 'apimRequestDeadline',
      async sendRequest(request, next) {
        const outer = request.abortSignal as AbortSignal | undefined
        const deadline = AbortSignal.timeout(timeoutMs)
        request.abortSignal = outer ? AbortSignal.any([outer, deadline]) : deadline
        try {
          return await next(request)
        } catch (err) {
          if (!deadline.aborted || outer?.aborted) throw err
          const path = decodeURIComponent(new URL(request.url).pathname)
          const where = path.replace(/^.*\/service\/[^/]+/, '')
          throw Object.assign(
            new Error(
              `APIM did not answer ${request.method} ${where || '/'} within ${timeoutMs / 1000} s`,
              { cause: err }
            ),
            { code: 'RequestTimeout' }
          )
        } finally {
          request.abortSignal = outer
        }
      }
    })
    this.pollIntervalMs = options.pollIntervalMs ?? 2000
    this.lroTimeoutMs = options.lroTimeoutMs ?? LRO_TIMEOUT_MS
    this.description =
      options.description ?? `${target.serviceName} (resource group ${target.resourceGroup})`
  }

  private readonly pollIntervalMs: number
  private readonly lroTimeoutMs: number

  private get rg() {
    return this.target.resourceGroup
  }
  private get svc() {
    return this.target.serviceName
  }

  /** Runs a long-running call with a deadline; a timeout surfaces as a retryable error. */
  private async withDeadline<T>(run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.lroTimeoutMs)
    try {
      return await run(controller.signal)
    } catch (err) {
      if (controller.signal.aborted) {
        throw Object.assign(
          new Error(`the operation did not finish within ${this.lroTimeoutMs / 1000} s`),
          { code: 'LroTimeout' }
        )
      }
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  async getVersionSet(id: string): Promise<VersionSetProps | undefined> {
    try {
      const set = await this.client.apiVersionSet.get(this.rg, this.svc, id)
      return versionSetFromApim(set)
    } catch (err) {
      if (statusOf(err) === 404) return undefined
      throw err
    }
  }

  async putVersionSet(id: string, props: VersionSetProps): Promise<void> {
    await this.client.apiVersionSet.createOrUpdate(this.rg, this.svc, id, props)
  }

  async listCurrentApis(): Promise<ApimApi[]> {
    const apis: ApimApi[] = []
    for await (const api of this.client.api.listByService(this.rg, this.svc, {
      filter: 'isCurrent eq true'
    })) {
      apis.push(apiFromApim(api))
    }
    return apis
  }

  async getFragment(id: string): Promise<{ value: string; description?: string } | undefined> {
    try {
      const fragment = await this.client.policyFragment.get(this.rg, this.svc, id, {
        format: 'rawxml'
      })
      return { value: fragment.value ?? '', description: orAbsent(fragment.description) }
    } catch (err) {
      if (statusOf(err) === 404) return undefined
      throw err
    }
  }

  async putFragment(id: string, value: string, description: string): Promise<void> {
    await this.withDeadline((abortSignal) =>
      this.client.policyFragment.beginCreateOrUpdateAndWait(
        this.rg,
        this.svc,
        id,
        { format: 'rawxml', value, description },
        { updateIntervalInMs: this.pollIntervalMs, abortSignal }
      )
    )
  }

  async importApi(apiId: string, props: ImportProps): Promise<void> {
    await this.withDeadline((abortSignal) =>
      this.client.api.beginCreateOrUpdateAndWait(
        this.rg,
        this.svc,
        apiId,
        {
          format: props.format,
          value: props.value,
          path: props.path,
          displayName: props.displayName,
          apiVersion: props.apiVersion,
          apiVersionSetId: props.apiVersionSetId,
          serviceUrl: props.serviceUrl,
          protocols: ['https'],
          subscriptionRequired: props.subscriptionRequired,
          subscriptionKeyParameterNames: {
            header: props.subscriptionKeyHeader,
            query: 'subscription-key'
          },
          description: props.description,
          sourceApiId: props.sourceApiId
        },
        { updateIntervalInMs: this.pollIntervalMs, abortSignal }
      )
    )
  }

  async listRevisions(apiId: string): Promise<{ revision: number; isCurrent: boolean }[]> {
    const revisions: { revision: number; isCurrent: boolean }[] = []
    for await (const r of this.client.apiRevision.listByService(this.rg, this.svc, apiId)) {
      revisions.push({ revision: Number(r.apiRevision), isCurrent: r.isCurrent === true })
    }
    return revisions
  }

  async putPolicy(apiId: string, xml: string): Promise<void> {
    await this.client.apiPolicy.createOrUpdate(this.rg, this.svc, apiId, 'policy', {
      format: 'rawxml',
      value: xml
    })
  }

  async putRelease(
    apiId: string,
    releaseId: string,
    revision: number,
    notes: string
  ): Promise<void> {
    await this.client.apiRelease.createOrUpdate(this.rg, this.svc, apiId, releaseId, {
      apiId: `/apis/${apiId};rev=${revision}`,
      notes
    })
  }

  async setRevisionDescription(apiId: string, description: string): Promise<void> {
    await this.client.api.update(this.rg, this.svc, apiId, '*', {
      apiRevisionDescription: description
    })
  }

  async deleteRevision(apiId: string, revision: number): Promise<void> {
    await this.withDeadline((abortSignal) =>
      this.client.api.beginDeleteAndWait(this.rg, this.svc, `${apiId};rev=${revision}`, '*', {
        updateIntervalInMs: this.pollIntervalMs,
        abortSignal
      })
    )
  }

  async getServiceSku(): Promise<string> {
    const service = await this.client.apiManagementService.get(this.rg, this.svc)
    return service.sku?.name ?? 'unknown'
  }

  async listAllApiNames(): Promise<string[]> {
    const names: string[] = []
    for await (const api of this.client.api.listByService(this.rg, this.svc)) {
      if (api.name) names.push(api.name)
    }
    return names
  }

  async countOperations(apiId: string): Promise<number> {
    // The collection's `count` is the total across pages; the SDK drops it, onResponse keeps it.
    let count: number | undefined
    let listed = 0
    const pages = this.client.apiOperation
      .listByApi(this.rg, this.svc, apiId, {
        top: 1,
        onResponse: (raw) => {
          const body = raw.parsedBody as { count?: unknown } | undefined
          if (count === undefined && typeof body?.count === 'number') count = body.count
        }
      })
      .byPage()
    for await (const page of pages) {
      if (count !== undefined) return count
      listed += page.length
    }
    return count ?? listed
  }

  async getGatewayUrl(): Promise<string | undefined> {
    return (await this.client.apiManagementService.get(this.rg, this.svc)).gatewayUrl ?? undefined
  }

  async listProductApis(productId: string): Promise<string[] | undefined> {
    const ids: string[] = []
    try {
      for await (const api of this.client.productApi.listByProduct(this.rg, this.svc, productId)) {
        if (api.name) ids.push(api.name)
      }
    } catch (err) {
      if (statusOf(err) === 404) return undefined
      throw err
    }
    return ids
  }

  async listProducts(): Promise<string[]> {
    const ids: string[] = []
    for await (const product of this.client.product.listByService(this.rg, this.svc)) {
      if (product.name) ids.push(product.name)
    }
    return ids
  }

  async addProductApi(productId: string, apiId: string): Promise<void> {
    await this.client.productApi.createOrUpdate(this.rg, this.svc, productId, apiId)
  }

  async putBackend(id: string, props: BackendProps): Promise<void> {
    await this.client.backend.createOrUpdate(this.rg, this.svc, id, props)
  }

  async getSubscriptionKey(subscriptionId: string): Promise<string> {
    const secrets = await this.client.subscription.listSecrets(this.rg, this.svc, subscriptionId)
    if (!secrets.primaryKey) throw new Error(`subscription ${subscriptionId} has no primary key`)
    return secrets.primaryKey
  }

  async deleteApi(apiId: string): Promise<void> {
    await this.withDeadline((abortSignal) =>
      this.client.api.beginDeleteAndWait(this.rg, this.svc, apiId, '*', {
        deleteRevisions: true,
        updateIntervalInMs: this.pollIntervalMs,
        abortSignal
      })
    )
  }
}

export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | undefined)?.statusCode
}
