import { parseFilter } from '../filter.js'
import { sendJson, validationError } from '../http.js'
import { recordedContract } from './api-model.js'
import type { RequestContext } from './context.js'

const PAGE_SIZE = 100

/**
 * `{value, count, nextLink}`: pages of `$top` (at most 100) items from `$skip`; nextLink is an
 * absolute URL that keeps every query parameter (api-version, $filter…) with the next `$skip`.
 * On the last page, up to 2022-08-01 (the recorded contracts) as the recordings write it: null
 * on revision lists (`nullNextLink`; azure-sdk-for-net and Azure/azure-cli recordings,
 * 2019-12-01 and 2021-08-01), no key on the others (Azure/azure-cli recordings of APIs,
 * operations, releases, version sets, products, product APIs, subscriptions and named values at
 * 2019-12-01 and 2021-08-01, azure-sdk-for-net BackendTests at 2019-12-01-preview, azure-sdk-assets
 * TestApimtagsTestSuite at 2022-08-01; __tests__/emulator-recordings.test.ts replays them); in
 * later contracts null (their examples write `""`). Every SDK stops on all three.
 */
export function sendPage(
  ctx: RequestContext,
  items: unknown[],
  { nullNextLink = false }: { nullNextLink?: boolean } = {}
): void {
  const top = Math.min(intParam(ctx.url, '$top', 1) ?? PAGE_SIZE, PAGE_SIZE)
  const skip = intParam(ctx.url, '$skip', 0) ?? 0
  const page = items.slice(skip, skip + top)
  let nextLink: string | null = null
  if (skip + page.length < items.length) {
    const query = new URLSearchParams(ctx.url.search)
    query.set('$skip', String(skip + page.length))
    nextLink = `${ctx.baseUrl}${ctx.url.pathname}?${query.toString().replace(/%24/g, '$')}`
  }
  const omit = nextLink === null && !nullNextLink && recordedContract(ctx)
  sendJson(ctx.res, 200, { value: page, count: items.length, ...(omit ? {} : { nextLink }) })
}

/** The items the request's `$filter` keeps (all without one); it may name only `fields`. */
export function filtered<T>(
  ctx: RequestContext,
  items: T[],
  fields: readonly string[],
  valueOf: (item: T, field: string) => unknown
): T[] {
  const filter = ctx.url.searchParams.get('$filter')
  if (!filter) return items
  const predicate = parseFilter(filter, fields)
  return items.filter((item) => predicate((field) => valueOf(item, field)))
}

function intParam(url: URL, name: string, min: number): number | undefined {
  const raw = url.searchParams.get(name)
  if (raw === null) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min)
    throw validationError(`${name} must be an integer ≥ ${min}.`, name)
  return n
}

/** A page of every entity of a collection, each as `toJson` shows it. */
export function sendCollection<T>(
  ctx: RequestContext,
  collection: Record<string, T>,
  toJson: (ctx: RequestContext, entity: T) => unknown
): void {
  sendPage(
    ctx,
    Object.values(collection).map((entity) => toJson(ctx, entity))
  )
}
