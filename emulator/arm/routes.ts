import { ArmError } from '../http.js'
import {
  deleteApiOperation,
  getApiOperation,
  listApiOperations,
  putApiOperation
} from './api-operations.js'
import { putApi } from './api-import.js'
import { deleteApi, getApi, listApis, patchApi } from './apis.js'
import { methodNotAllowed, type Handler, type RouteParams } from './context.js'
import { deleteFragment, getFragment, listFragments, putFragment } from './fragments.js'
import { getOperationStatus } from './long-running.js'
import { deletePolicy, getPolicy, listPolicies, putPolicy } from './policies.js'
import { deleteRelease, getRelease, listReleases, listRevisions, putRelease } from './revisions.js'
import { deleteBackend, getBackend, listBackends, putBackend } from './backends.js'
import {
  deleteNamedValue,
  getNamedValue,
  listNamedValues,
  listNamedValueValue,
  putNamedValue
} from './named-values.js'
import {
  deleteProduct,
  deleteProductApi,
  getProduct,
  headProductApi,
  listProductApis,
  listProducts,
  putProduct,
  putProductApi
} from './products.js'
import { getService } from './service.js'
import {
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  listSubscriptionSecrets,
  putSubscription,
  regeneratePrimaryKey,
  regenerateSecondaryKey
} from './subscriptions.js'
import {
  deleteApiTag,
  deleteTag,
  getApiTag,
  getTag,
  listApiTags,
  listTags,
  putApiTag,
  putTag
} from './tags.js'
import { deleteVersionSet, getVersionSet, listVersionSets, putVersionSet } from './version-sets.js'

type MethodHandlers = Partial<Record<'GET' | 'HEAD' | 'PUT' | 'PATCH' | 'DELETE' | 'POST', Handler>>

/**
 * Every ARM route the emulator serves: a URL pattern below `/subscriptions/…/service/{name}`
 * (`{name}` matches any one segment; `''` is the service itself) and the handler of each method
 * it allows.
 */
const ROUTES: Record<string, MethodHandlers> = {
  '': { GET: getService },
  'tenant/operationResults/{operationId}': { GET: getOperationStatus },

  apiVersionSets: { GET: listVersionSets },
  'apiVersionSets/{versionSetId}': {
    GET: getVersionSet,
    HEAD: getVersionSet,
    PUT: putVersionSet,
    PATCH: putVersionSet,
    DELETE: deleteVersionSet
  },

  tags: { GET: listTags },
  'tags/{tagId}': { GET: getTag, HEAD: getTag, PUT: putTag, PATCH: putTag, DELETE: deleteTag },

  policyFragments: { GET: listFragments },
  'policyFragments/{fragmentId}': {
    GET: getFragment,
    HEAD: getFragment,
    PUT: putFragment,
    DELETE: deleteFragment
  },

  apis: { GET: listApis },
  'apis/{apiId}': { GET: getApi, HEAD: getApi, PUT: putApi, PATCH: patchApi, DELETE: deleteApi },
  'apis/{apiId}/operations': { GET: listApiOperations },
  'apis/{apiId}/operations/{operationId}': {
    GET: getApiOperation,
    HEAD: getApiOperation,
    PUT: putApiOperation,
    PATCH: putApiOperation,
    DELETE: deleteApiOperation
  },
  'apis/{apiId}/revisions': { GET: listRevisions },
  'apis/{apiId}/releases': { GET: listReleases },
  'apis/{apiId}/releases/{releaseId}': {
    GET: getRelease,
    HEAD: getRelease,
    PUT: putRelease,
    PATCH: putRelease,
    DELETE: deleteRelease
  },
  'apis/{apiId}/policies': { GET: listPolicies },
  'apis/{apiId}/policies/{policyId}': {
    GET: getPolicy,
    HEAD: getPolicy,
    PUT: putPolicy,
    DELETE: deletePolicy
  },
  'apis/{apiId}/tags': { GET: listApiTags },
  'apis/{apiId}/tags/{tagId}': {
    GET: getApiTag,
    HEAD: getApiTag,
    PUT: putApiTag,
    DELETE: deleteApiTag
  },

  products: { GET: listProducts },
  'products/{productId}': {
    GET: getProduct,
    HEAD: getProduct,
    PUT: putProduct,
    PATCH: putProduct,
    DELETE: deleteProduct
  },
  'products/{productId}/apis': { GET: listProductApis },
  'products/{productId}/apis/{apiId}': {
    HEAD: headProductApi,
    PUT: putProductApi,
    DELETE: deleteProductApi
  },

  subscriptions: { GET: listSubscriptions },
  'subscriptions/{sid}': {
    GET: getSubscription,
    HEAD: getSubscription,
    PUT: putSubscription,
    PATCH: putSubscription,
    DELETE: deleteSubscription
  },
  'subscriptions/{sid}/listSecrets': { POST: listSubscriptionSecrets },
  'subscriptions/{sid}/regeneratePrimaryKey': { POST: regeneratePrimaryKey },
  'subscriptions/{sid}/regenerateSecondaryKey': { POST: regenerateSecondaryKey },

  backends: { GET: listBackends },
  'backends/{backendId}': {
    GET: getBackend,
    HEAD: getBackend,
    PUT: putBackend,
    PATCH: putBackend,
    DELETE: deleteBackend
  },

  namedValues: { GET: listNamedValues },
  'namedValues/{namedValueId}': {
    GET: getNamedValue,
    HEAD: getNamedValue,
    PUT: putNamedValue,
    PATCH: putNamedValue,
    DELETE: deleteNamedValue
  },
  'namedValues/{namedValueId}/listValue': { POST: listNamedValueValue }
}

const PATTERNS = Object.entries(ROUTES).map(([path, handlers]) => ({
  segments: path === '' ? [] : path.split('/'),
  handlers: new Map<string, Handler>(Object.entries(handlers))
}))

/**
 * The handler for `method` on these service segments: 404 when no pattern matches, 405 when
 * the matching one does not allow the method.
 */
export function findRoute(
  method: string,
  segments: string[],
  pathname: string
): { handler: Handler; params: RouteParams } {
  for (const { segments: pattern, handlers } of PATTERNS) {
    const params = matchPattern(pattern, segments)
    if (!params) continue
    const handler = handlers.get(method)
    if (!handler) throw methodNotAllowed(method)
    return { handler, params }
  }
  throw noRoute(method, pathname)
}

export function noRoute(method: string, pathname: string): ArmError {
  return new ArmError(
    404,
    'NotFound',
    `No route for ${method} ${pathname} in the emulator (see docs/emulator.md for what it emulates).`
  )
}

function matchPattern(pattern: string[], segments: string[]): RouteParams | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: RouteParams = {}
  for (const [i, part] of pattern.entries()) {
    if (part.startsWith('{')) params[part.slice(1, -1)] = segments[i]
    else if (part !== segments[i]) return undefined
  }
  return params
}
