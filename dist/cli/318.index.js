export const id = 318;
export const ids = [318];
export const modules = {

/***/ 47318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CommentPermissionError: () => (/* binding */ CommentPermissionError),
/* harmony export */   createOctokit: () => (/* binding */ createOctokit),
/* harmony export */   upsertStickyComment: () => (/* binding */ upsertStickyComment)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);



/** Octokit from @actions/github with retries and rate-limit throttling (at most two retries each). */
function createOctokit(token, options = {}) {
    const log = options.log ?? (() => undefined);
    return _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token, {
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        throttle: {
            onRateLimit: (retryAfter, request, _octokit, retryCount) => {
                log(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
                log(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
                return retryCount < 2;
            }
        },
        retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
}
/** The token cannot write comments (a fork's pull request, or no `pull-requests: write`). */
class CommentPermissionError extends Error {
}
/**
 * Creates the plan comment once, then edits it in place: found by its hidden marker together
 * with its author (the token's own login, or github-actions[bot] for the workflow token), paged
 * past 100 comments; not edited when the body is the same.
 */
async function upsertStickyComment(octokit, target, marker, body) {
    const author = await authenticatedLogin(octokit);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100
    });
    const existing = comments.find((c) => c.body?.includes(marker) && c.user?.login === author);
    try {
        if (existing) {
            if (existing.body === body)
                return { action: 'unchanged', id: existing.id, url: existing.html_url };
            const { data } = await octokit.rest.issues.updateComment({
                owner: target.owner,
                repo: target.repo,
                comment_id: existing.id,
                body
            });
            return { action: 'updated', id: data.id, url: data.html_url };
        }
        const { data } = await octokit.rest.issues.createComment({
            owner: target.owner,
            repo: target.repo,
            issue_number: target.issueNumber,
            body
        });
        return { action: 'created', id: data.id, url: data.html_url };
    }
    catch (err) {
        const status = err.status;
        if (status === 403 || status === 404) {
            throw new CommentPermissionError(`cannot write the plan comment (HTTP ${status}): the token lacks pull-requests: write (fork pull requests never have it)`);
        }
        throw err;
    }
}
/** The login the comments are written as; the workflow token cannot ask, and is github-actions[bot]. */
async function authenticatedLogin(octokit) {
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch {
        return 'github-actions[bot]';
    }
}


/***/ })

};
