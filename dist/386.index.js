export const id = 386;
export const ids = [386];
export const modules = {

/***/ 5386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   releaseTag: () => (/* binding */ releaseTag),
/* harmony export */   renderReleaseBody: () => (/* binding */ renderReleaseBody),
/* harmony export */   upsertRelease: () => (/* binding */ upsertRelease)
/* harmony export */ });
/* unused harmony export RELEASE_BODY_LIMIT */
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);

/** GitHub's limit for a release body. */
const RELEASE_BODY_LIMIT = 125_000;
/** `apim-<api-id>-run-<run id>`: one release per workflow run; a re-run of the run updates it. */
function releaseTag(apiId, runId) {
    return `apim-${apiId}-run-${runId}`.replace(/[^A-Za-z0-9._-]+/g, '-');
}
/** The release notes of an apply run: per version imported or revised, its notes (change log and patch). */
function renderReleaseBody(result, desired, context) {
    const byVersion = new Map(desired.versions.map((d) => [d.version, d]));
    const lines = [`## ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(context.apiId)} on ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(context.service)}`, ''];
    for (const v of result.versions) {
        if (v.status !== 'done' || v.action === 'delete')
            continue;
        const verb = v.action === 'import' ? 'imported' : v.action === 'repair' ? 'repaired' : 'revised';
        lines.push(`### ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(v.version)}: ${verb}${v.revision ? ` (revision ${v.revision})` : ''}`, '');
        // Notes are ours (the change log renderer escapes spec text), kept as markdown.
        lines.push(byVersion.get(v.version)?.notes ?? '', '');
    }
    const deleted = result.versions.filter((v) => v.status === 'done' && v.action === 'delete');
    if (deleted.length > 0)
        lines.push(`Deleted (prune): ${deleted.map((v) => (0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(v.version)).join(', ')}`, '');
    const body = lines.join('\n');
    return body.length <= RELEASE_BODY_LIMIT
        ? body
        : `${body.slice(0, RELEASE_BODY_LIMIT - 80)}\n\n_…cut at GitHub's limit; the job summary has it all._`;
}
/** Creates the run's release, or updates it when the same run is re-run. Returns its URL. */
async function upsertRelease(octokit, target) {
    const { owner, repo, tag } = target;
    let existing;
    try {
        existing = (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data;
    }
    catch (err) {
        if (err.status !== 404)
            throw err;
    }
    if (existing) {
        const { data } = await octokit.rest.repos.updateRelease({
            owner,
            repo,
            release_id: existing.id,
            name: target.name,
            body: target.body
        });
        return { action: 'updated', url: data.html_url };
    }
    const { data } = await octokit.rest.repos.createRelease({
        owner,
        repo,
        tag_name: tag,
        target_commitish: target.sha,
        name: target.name,
        body: target.body
    });
    return { action: 'created', url: data.html_url };
}


/***/ })

};
