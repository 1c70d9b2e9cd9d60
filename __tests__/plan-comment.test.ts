import { describe, expect, it } from '@jest/globals'
import { CommentPermissionError, upsertStickyComment } from '../src/github/comment.js'
import { createOctokit, GITHUB_PACING } from '../src/github/octokit.js'
import {
  COMMENT_LIMIT,
  commentMarker,
  renderPlanComment,
  renderPlanSummary
} from '../src/render/plan-comment.js'
import { renderApplyMarkdown } from '../src/render/plan.js'
import { apiIdFor, type DesiredState } from '../src/plan/desired.js'
import { planChanges } from '../src/plan/planner.js'
import { diffSpecs } from '../src/specs/changelog.js'
import { useFakeGitHub } from './support/fake-github.js'

const FAST_PACING = { writeIntervalMs: 0, notifyingWriteIntervalMs: 0, retryAfterUnitMs: 10 }

const gh = useFakeGitHub()
const target = { owner: 'org', repo: 'repo', issueNumber: 7 }

/** A desired state of `n` versions whose specs carry `text` in titles and summaries. */
function desiredWith(n: number, text = 'Chat'): DesiredState {
  const spec = (i: number) => ({
    root: {
      openapi: '3.0.0',
      info: { title: text, version: String(i) },
      paths: Object.fromEntries(
        Array.from({ length: i % 5 }, (_, k) => [
          `/op${k}`,
          { post: { summary: `${text} ${k}`, responses: { '200': { description: 'ok' } } } }
        ])
      ),
      components: {
        schemas: Object.fromEntries(
          Array.from({ length: 40 }, (_, k) => [`Schema${i}x${k}`, { type: 'object' }])
        )
      }
    },
    label: String(i)
  })
  return {
    versionSet: {
      id: 'aoai',
      props: { displayName: 'aoai', versioningScheme: 'Query', versionQueryName: 'api-version' }
    },
    fragment: {
      id: 'aoai-common',
      value: '<fragment/>',
      description: 'Managed by apim-version-action'
    },
    products: [],
    versions: Array.from({ length: n }, (_, i) => {
      const version = new Date(Date.UTC(2010, 0, 1) + i * 86400000 * 20).toISOString().slice(0, 10)
      return {
        version,
        channel: 'stable',
        apiId: apiIdFor('aoai', version),
        file: `specs/stable/${version}/inference.json`,
        fingerprint: '0123456789abcdef',
        configHash: '0123456789ab',
        provenance: '',
        importProps: {} as never,
        policyXml: '',
        operations: i % 5,
        patchSummary: `api-version optional in ${i % 5} operations`,
        patchEntries: Array.from({ length: 12 }, (_, k) => ({
          kind: 'parameter-optional',
          line: 10 + k,
          pointer: `/paths/~1op${k}/post/parameters/0/required`,
          change: 'required: true → false'
        })),
        changelog: i > 0 ? diffSpecs(spec(i - 1), spec(i)) : undefined
      }
    })
  }
}

function planInput(n: number, text?: string, service = 'my-apim', apiId = 'aoai') {
  const desired = desiredWith(n, text)
  const plan = planChanges(desired, { apis: [] }, { onSpecChange: 'revision', prune: false })
  return { apiId, service, plan, desired, problems: [], runUrl: 'https://github.example/run/1' }
}

function comment(n: number, text?: string, service = 'my-apim', apiId = 'aoai') {
  return renderPlanComment(planInput(n, text, service, apiId))
}

/** A table row's cells: split at the `|` that are not escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).length - 2

describe('the plan comment', () => {
  it('has a title, counts outside any collapsible, a table and details per new version', () => {
    const body = comment(3)
    expect(body.startsWith(commentMarker('aoai', 'my-apim'))).toBe(true)
    expect(body).toContain('## APIM plan: `aoai` on `my-apim`')
    expect(body.indexOf('**3 to import · 0 to revise · 0 unchanged · 0 orphaned**')).toBeLessThan(
      body.indexOf('<details>')
    )
    expect(body.match(/<details>/g)).toHaveLength(3)
    expect(body).toContain(
      '| `2010-01-21` | stable | **import** | 1 | `specs/stable/2010-01-21/inference.json` |'
    )
    expect(body.trimEnd().endsWith('[Workflow run](https://github.example/run/1)')).toBe(true)
    expect(body).toContain(
      '- line 10: required: true → false at `/paths/~1op0/post/parameters/0/required`'
    )
    expect(body).toContain('- … and 2 more edits')
  })

  it('stays under 65,536 characters with 200 versions, keeping counts and table, saying what was cut', () => {
    const body = comment(200)
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('**200 to import')
    expect(body.match(/^\| `/gm)).toHaveLength(200)
    expect(body).toMatch(
      /_\d+ version details cut to stay within GitHub's 65,536-character limit; the job summary has them\._/
    )
    expect(body.trimEnd().endsWith('[Workflow run](https://github.example/run/1)')).toBe(true)
  })

  it('renders spec text inert: no closing details, no HTML, no mentions, no links, backticks escaped', () => {
    const body = comment(
      3,
      '</details><img src=x onerror=alert(1)> @org/team `code` [link](http://evil)'
    )
    expect(body).not.toContain('<img')
    expect(body).not.toMatch(/@org\/team/)
    expect(body.match(/<\/details>/g)).toHaveLength(body.match(/<details>/g)!.length)
    expect(body).not.toMatch(/(?<!\\)\]\(http:\/\/evil\)/)
    expect(body).toContain('\\`code\\`')
  })

  it("spec text never carries a comment marker: '<!--' only on the first line", () => {
    const quote = `${commentMarker('aoai', 'my-apim')} <!-- x -->`
    const input = planInput(3, quote, 'my-apim', 'other')
    // Spec text lands in code spans too: schema names in change logs, pointers in patch reports.
    const spec = (schemas: object) => ({
      root: {
        openapi: '3.0.0',
        info: { title: 't', version: '1' },
        paths: {},
        components: { schemas }
      },
      label: 'x'
    })
    input.desired.versions[1].changelog = diffSpecs(spec({}), spec({ [quote]: { type: 'object' } }))
    input.desired.versions[1].patchEntries[0].pointer = `/components/schemas/${quote}`
    const body = renderPlanComment(input)
    expect(body).toContain('Schemas added (1)')
    expect(body.split('\n')[0]).toBe(commentMarker('other', 'my-apim'))
    expect(body.match(/<!--/g)).toHaveLength(1)
  })

  it('keeps table rows whole with | in file names, breaks bare URLs, sorts patch lines', () => {
    const input = planInput(2, 'see https://evil.example/x and www.evil.example')
    input.plan.versions[1].file = 'specs/stable/a|b/in`|`.json'
    input.desired.versions[0].patchEntries = []
    input.desired.versions[1].patchEntries = [34, 71, 52].map((line) => ({
      kind: 'parameter-optional',
      line,
      pointer: `/p${line}`,
      change: 'required: true → false'
    }))
    const body = renderPlanComment(input)
    const rows = body.split('\n').filter((l) => l.startsWith('| '))
    expect(rows.map(cells)).toEqual([5, 5, 5])
    // GitHub autolinks http(s):// and www. followed by a domain; only our own link may form.
    expect(body.replace('(https://github.example/run/1)', '')).not.toMatch(
      /https?:\/\/[a-z]|www\.[a-z]/i
    )
    expect(body.match(/- line (\d+)/g)).toEqual(['- line 34', '- line 52', '- line 71'])
  })

  it('the job summary has no marker; an offline title names the base commit; durations read well', () => {
    const input = {
      ...planInput(2),
      offlineNote: 'APIM was not consulted.',
      baseCommit: 'abc1234def'
    }
    const summary = renderPlanSummary(input)
    expect(summary).not.toContain('<!--')
    expect(summary.split('\n')[0]).toBe('## APIM plan: `aoai` against the base commit `abc1234`')
    expect(renderPlanComment({ ...input, service: 'offline' })).not.toMatch(/on `offline/)
    const applied = renderApplyMarkdown({
      versions: [
        { version: 'v1', apiId: 'a-v1', action: 'import', status: 'done', ms: 12 },
        { version: 'v2', apiId: 'a-v2', action: 'import', status: 'done', ms: 2345 }
      ]
    } as never)
    expect(applied).toContain('`v1` import in 12 ms')
    expect(applied).toContain('`v2` import in 2.3 s')
  })
})

describe('the sticky comment (real Octokit against a fake GitHub API)', () => {
  // No write spacing here: the rate-limit test below runs with GitHub's own pacing.
  const octokit = () => createOctokit('workflow-token', { baseUrl: gh.url, pacing: FAST_PACING })

  it('creates once, edits in place, and leaves an unchanged body alone', async () => {
    const marker = commentMarker('aoai', 'svc-a')
    const first = await upsertStickyComment(octokit(), target, marker, `${marker}\nv1`)
    expect(first.action).toBe('created')
    const second = await upsertStickyComment(octokit(), target, marker, `${marker}\nv2`)
    expect([second.action, second.id]).toEqual(['updated', first.id])
    const writes = gh.requests.filter((r) => r.method !== 'GET').length
    const third = await upsertStickyComment(octokit(), target, marker, `${marker}\nv2`)
    expect(third.action).toBe('unchanged')
    expect(gh.requests.filter((r) => r.method !== 'GET').length).toBe(writes)
    expect(gh.comments.get(7)).toHaveLength(1)
    // Another API or service gets its own comment.
    await upsertStickyComment(octokit(), target, commentMarker('aoai', 'svc-b'), 'other')
    expect(gh.comments.get(7)).toHaveLength(2)
  })

  it('finds its comment past 100 others, and ignores a marker someone else copied', async () => {
    const marker = commentMarker('paged', 'svc')
    const others = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      body: i === 20 ? marker : `comment ${i}`,
      user: { login: i === 20 ? 'someone' : 'dev' },
      html_url: 'x'
    }))
    gh.comments.set(8, [
      ...others,
      { id: 500, body: `${marker}\nold`, user: { login: 'github-actions[bot]' }, html_url: 'x' }
    ])
    const result = await upsertStickyComment(
      octokit(),
      { ...target, issueNumber: 8 },
      marker,
      `${marker}\nnew`
    )
    expect([result.action, result.id]).toEqual(['updated', 500])
    expect(gh.comments.get(8)![20].body).toBe(marker)
    expect(
      gh.requests.filter((r) => r.path.endsWith('/issues/8/comments') && r.method === 'GET')
    ).toHaveLength(2)
  })

  it("never takes another API's comment that quotes this API's marker", async () => {
    const marker = commentMarker('aoai', 'svc')
    const quoting = `${commentMarker('other', 'svc')}\nschema \`${marker}\` and\n${marker}`
    gh.comments.set(30, [
      { id: 300, body: quoting, user: { login: 'github-actions[bot]' }, html_url: 'x' }
    ])
    const result = await upsertStickyComment(
      octokit(),
      { ...target, issueNumber: 30 },
      marker,
      `${marker}\nplan`
    )
    expect(result.action).toBe('created')
    expect(gh.comments.get(30)!.map((c) => c.body)).toEqual([quoting, `${marker}\nplan`])
  })

  it('says when the token may not comment (fork pull requests)', async () => {
    gh.readOnly = true
    await expect(
      upsertStickyComment(octokit(), { ...target, issueNumber: 9 }, commentMarker('ro', 's'), 'x')
    ).rejects.toBeInstanceOf(CommentPermissionError)
    gh.readOnly = false
  })

  it("waits out a secondary rate limit's Retry-After (GitHub's pacing: 1 s), then succeeds", async () => {
    gh.rateLimitOnce = true
    const marker = commentMarker('limited', 's')
    const started = Date.now()
    const github = createOctokit('workflow-token', { baseUrl: gh.url, pacing: GITHUB_PACING })
    expect(
      (await upsertStickyComment(github, { ...target, issueNumber: 10 }, marker, `${marker}\nx`))
        .action
    ).toBe('created')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(gh.requests.some((r) => r.status === 429)).toBe(true)
  })

  it('waits Retry-After × the pacing unit, however the pacing is set', async () => {
    gh.rateLimitOnce = true
    const marker = commentMarker('limited-fast', 's')
    const started = Date.now()
    const github = createOctokit('workflow-token', {
      baseUrl: gh.url,
      pacing: { ...FAST_PACING, retryAfterUnitMs: 300 }
    })
    const limitedBefore = gh.requests.filter((r) => r.status === 429).length
    await upsertStickyComment(github, { ...target, issueNumber: 11 }, marker, `${marker}\nx`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(gh.requests.filter((r) => r.status === 429).length - limitedBefore).toBe(1)
  })
})
