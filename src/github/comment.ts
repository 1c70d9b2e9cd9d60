import type { Octokit } from './octokit.js'

/** The token cannot write comments (a fork's pull request, or no `pull-requests: write`). */
export class CommentPermissionError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message)
  }
}

export type StickyResult = { action: 'created' | 'updated' | 'unchanged'; id: number; url: string }

/**
 * Creates the plan comment once, then edits it in place: found by its hidden marker as the first
 * line (where this tool puts it; the same text anywhere else, such as in spec text another plan
 * quotes, does not count) together with its author (the token's own login, or
 * github-actions[bot] for the workflow token), paged past 100 comments; not edited when the body
 * is the same.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: { owner: string; repo: string; issueNumber: number },
  marker: string,
  body: string
): Promise<StickyResult> {
  const author = await authenticatedLogin(octokit)
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  const existing = comments.find((c) => firstLine(c.body) === marker && c.user?.login === author)
  try {
    if (existing) {
      if (existing.body === body)
        return { action: 'unchanged', id: existing.id, url: existing.html_url }
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body
      })
      return { action: 'updated', id: data.id, url: data.html_url }
    }
    const { data } = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body
    })
    return { action: 'created', id: data.id, url: data.html_url }
  } catch (err) {
    const status = (err as { status?: number }).status
    if (status === 403 || status === 404) {
      throw new CommentPermissionError(
        `cannot write the plan comment (HTTP ${status}): the token lacks pull-requests: write (fork pull requests never have it)`,
        status
      )
    }
    throw err
  }
}

function firstLine(body: string | null | undefined): string {
  return (body ?? '').split('\n', 1)[0].replace(/\r$/, '')
}

/**
 * The login the comments are written as; the workflow token may not ask (403), and is
 * github-actions[bot]. Any other failure (GitHub unreachable) is the caller's error: guessing
 * the author then could write a second comment.
 */
async function authenticatedLogin(octokit: Octokit): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login
  } catch (err) {
    const status = (err as { status?: number }).status
    if (status === 401 || status === 403 || status === 404) return 'github-actions[bot]'
    throw err
  }
}
