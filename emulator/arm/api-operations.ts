import { notFound, sendJson } from '../http.js'
import type { OperationEntity } from '../state.js'
import { requireApi } from './api-model.js'
import { dropUndefined, type Handler, type RequestContext } from './context.js'
import { sendPage } from './paging.js'

/** The operations an import derived from the document (read only: the emulator imports them). */
function operationJson(ctx: RequestContext, apiId: string, op: OperationEntity): unknown {
  return {
    id: `${ctx.servicePath}/apis/${apiId}/operations/${op.name}`,
    type: 'Microsoft.ApiManagement/service/apis/operations',
    name: op.name,
    properties: dropUndefined({
      displayName: op.displayName,
      method: op.method,
      urlTemplate: op.urlTemplate,
      description: op.description,
      templateParameters: op.templateParameters,
      request: dropUndefined({
        description: op.requestDescription,
        queryParameters: op.queryParameters,
        headers: [],
        representations: []
      }),
      responses: []
    })
  }
}

export const listApiOperations: Handler = (ctx, { apiId }) => {
  const { revision } = requireApi(ctx, apiId)
  sendPage(
    ctx,
    revision.operations.map((op) => operationJson(ctx, apiId, op))
  )
}

export const getApiOperation: Handler = (ctx, { apiId, operationId }) => {
  const { revision } = requireApi(ctx, apiId)
  const op = revision.operations.find((o) => o.name === operationId)
  if (!op) throw notFound('Operation')
  sendJson(ctx.res, 200, operationJson(ctx, apiId, op), { etag: revision.etag })
}
