export const id = 998;
export const ids = [998,31];
export const modules = {

/***/ 18998:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SYNC_BRANCH: () => (/* binding */ SYNC_BRANCH),
  syncBody: () => (/* binding */ syncBody),
  syncTitle: () => (/* binding */ syncTitle)
});

// EXTERNAL MODULE: ./src/specs/analyze.ts
var analyze = __webpack_require__(3464);
// EXTERNAL MODULE: ./src/specs/changelog.ts
var changelog = __webpack_require__(54682);
// EXTERNAL MODULE: ./src/render/markdown.ts
var markdown = __webpack_require__(42495);
// EXTERNAL MODULE: ./src/plan/render.ts
var render = __webpack_require__(30031);
;// CONCATENATED MODULE: ./src/github/plan-comment.ts



/** GitHub refuses comment bodies over 65,536 characters. */
const COMMENT_LIMIT = 65_536;
/** The hidden marker that finds this API's and service's comment again. */
function commentMarker(apiId, service) {
    return `<!-- apim-version-action:plan api=${encodeURIComponent(apiId)} service=${encodeURIComponent(service)} -->`;
}
/** Text for HTML contexts (a <summary>): no tag, entity or mention can form. */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\[/g, '&#91;')
        .replace(/\]/g, '&#93;')
        .replace(/`/g, '&#96;')
        .replace(/@/g, '@\u200b')
        .replace(/\r?\n|\r/g, ' ');
}
/**
 * The sticky plan comment: title, counts (outside any collapsible), problems first, a table per
 * version, then a <details> per new or changed version with its change log and patch summary.
 * Kept under GitHub's limit by cutting details last-first, with a note saying so.
 */
function renderPlanComment(input, limit = COMMENT_LIMIT) {
    const { plan, desired } = input;
    const head = [
        commentMarker(input.apiId, input.service),
        `### APIM plan: ${code(input.apiId)} on ${code(input.service)}`,
        '',
        `**${countsLine(plan)}**`,
        ''
    ];
    if (input.offlineNote)
        head.push(`> ${escapeMarkdown(input.offlineNote)}`, '');
    const errors = input.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
        head.push(`**${errors.length} invalid spec${errors.length === 1 ? '' : 's'}** (left out):`, '');
        for (const p of errors)
            head.push(`- ${code(p.line ? `${p.file}:${p.line}` : p.file)}: ${escapeMarkdown(p.message)}`);
        head.push('');
    }
    head.push('| version | channel | action | operations | spec file |', '|---|---|---|---:|---|');
    for (const v of plan.versions) {
        head.push(`| ${code(v.version)} | ${escapeMarkdown(v.channel ?? '—')} | **${v.action}** | ${v.operations ?? '—'} | ${v.file ? code(v.file) : '—'} |`);
    }
    head.push('');
    const footer = input.runUrl ? ['', `[Workflow run](${input.runUrl})`] : [];
    const byVersion = new Map(desired.versions.map((d) => [d.version, d]));
    const details = plan.versions
        .filter((v) => ['import', 'revise', 'reimport', 'repair'].includes(v.action))
        .map((v) => {
        const d = byVersion.get(v.version);
        const summary = `${v.version}: ${v.action}, ${v.changes ?? ''}`;
        const body = [
            `<details><summary>${escapeHtml(summary)}</summary>`,
            '',
            `${escapeMarkdown(v.reason)}.`,
            '',
            `Patch: ${escapeMarkdown(v.patch ?? '')}.`,
            '',
            ...patchReport(d?.patchEntries ?? []),
            d?.changelog
                ? renderChangelogMarkdown(d.changelog, { heading: '####' })
                : 'The first version in the folder.',
            '',
            '</details>',
            ''
        ];
        return body.join('\n');
    });
    const cutNote = (n) => `\n_${n} version detail${n === 1 ? '' : 's'} cut to stay within GitHub's ${limit.toLocaleString('en-US')}-character limit; the job summary has them._\n`;
    let text = head.join('\n');
    // Room for the details: what the head and footer leave, less the note that may follow them.
    let budget = limit - text.length - footer.join('\n').length - cutNote(details.length).length;
    let kept = 0;
    for (const block of details) {
        if (block.length > budget)
            break;
        text += block;
        budget -= block.length;
        kept++;
    }
    if (kept < details.length)
        text += cutNote(details.length - kept);
    text += footer.join('\n');
    // The table alone may pass the limit with thousands of versions: cut it too, visibly.
    return text.length <= limit
        ? text
        : `${text.slice(0, limit - 80)}\n\n_…cut at GitHub's comment limit; the job summary has the whole plan._`;
}
/** The first edits of a version's patch report, one line each, and how many more there are. */
function patchReport(entries) {
    const edits = entries.filter((e) => e.kind !== 'parameter-missing');
    if (edits.length === 0)
        return [];
    const shown = edits
        .slice(0, 10)
        .map((e) => `- line ${e.line}: ${escapeMarkdown(e.change)} at ${code(e.pointer)}`);
    if (edits.length > shown.length)
        shown.push(`- … and ${edits.length - shown.length} more edits`);
    return ['Patch report:', '', ...shown, ''];
}

;// CONCATENATED MODULE: ./src/github/sync-report.ts




/** The fixed branch of the sync pull request, so one pull request is updated instead of many. */
const SYNC_BRANCH = 'apim-version-action/sync-upstream';
function syncTitle(synced) {
    const names = synced.map((s) => s.version);
    return names.length === 1
        ? `Add API version ${names[0]} from upstream`
        : `Add ${names.length} API versions from upstream: ${names.join(', ')}`;
}
/**
 * The sync pull request's body: each synced version with its change log against the newest
 * older version of the folder, its patch summary and the upstream commit; within GitHub's limit.
 */
function syncBody(synced, source, specFolder, cwd) {
    const analysis = (0,analyze/* analyzeFolder */.n)(specFolder, { cwd });
    const versions = analysis.versions;
    const lines = [
        `New API versions from ${(0,markdown/* code */.a)(`${source.owner}/${source.repo}`)} (${(0,markdown/* code */.a)(source.path)} at ${(0,markdown/* code */.a)(source.ref)}), found by apim-version-action.`,
        ''
    ];
    for (const s of synced) {
        const index = versions.findIndex((v) => v.version === s.version);
        const current = versions[index];
        const previous = index > 0 ? versions[index - 1] : undefined;
        lines.push(`### ${(0,markdown/* escapeMarkdown */.F)(s.version)} (${s.kind})`, '');
        lines.push(`- file: ${(0,markdown/* code */.a)(s.file)}`, `- upstream commit: ${(0,markdown/* code */.a)(s.upstreamCommit)}`, `- patch: ${(0,markdown/* escapeMarkdown */.F)(s.patchSummary)}`, '');
        if (current && previous) {
            lines.push((0,changelog/* renderChangelogMarkdown */.Qb)((0,changelog/* diffSpecs */._h)({ root: previous.patch.value, label: previous.version }, { root: current.patch.value, label: current.version }), { heading: '####' }));
        }
        else if (current) {
            lines.push('The oldest version in the folder.', '');
        }
    }
    const body = lines.join('\n');
    return body.length <= COMMENT_LIMIT
        ? body
        : `${body.slice(0, COMMENT_LIMIT - 100)}\n\n_…cut at GitHub's 65,536-character limit._`;
}


/***/ }),

/***/ 30031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   countsLine: () => (/* binding */ countsLine),
/* harmony export */   planJson: () => (/* binding */ planJson),
/* harmony export */   renderApplyMarkdown: () => (/* binding */ renderApplyMarkdown),
/* harmony export */   renderPlanText: () => (/* binding */ renderPlanText)
/* harmony export */ });
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42495);

const ORDER = [
    'import',
    'revise',
    'reimport',
    'repair',
    'delete',
    'unchanged',
    'orphan'
];
const VERBS = {
    import: 'to import',
    revise: 'to revise',
    reimport: 'to re-import',
    repair: 'to repair',
    delete: 'to delete',
    unchanged: 'unchanged',
    orphan: 'orphaned'
};
/** `2 to import · 1 to revise · 6 unchanged · 0 orphaned` (zero counts of rarer actions left out). */
function countsLine(plan) {
    return ORDER.filter((a) => plan.counts[a] > 0 || a === 'import' || a === 'revise' || a === 'unchanged' || a === 'orphan')
        .map((a) => `${plan.counts[a]} ${VERBS[a]}`)
        .join(' · ');
}
/** The plan as JSON (the `plan` output; documented in the README). */
function planJson(plan, context) {
    return {
        service: context.service,
        versionSet: plan.versionSet,
        fragment: plan.fragment,
        versions: plan.versions,
        counts: plan.counts,
        hasChanges: plan.hasChanges,
        problems: context.problems
    };
}
function renderPlanText(plan, service) {
    const lines = [`Plan for ${service}: ${countsLine(plan)}`];
    lines.push(`  version set ${plan.versionSet.id}: ${plan.versionSet.action}; fragment ${plan.fragment.id}: ${plan.fragment.action}`);
    const width = Math.max(7, ...plan.versions.map((v) => v.version.length));
    for (const v of plan.versions) {
        lines.push(`  ${v.version.padEnd(width)}  ${v.action.padEnd(9)}  ${v.apiId}: ${v.reason}`);
    }
    return lines.join('\n') + '\n';
}
function renderApplyMarkdown(result) {
    const lines = ['#### Applied', ''];
    if (result.blocked) {
        lines.push(`Stopped before any version: the ${result.blocked.step} failed: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .a)(result.blocked.code)} ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(result.blocked.message)}`, '');
        return lines.join('\n');
    }
    const failed = result.versions.filter((v) => v.status === 'failed');
    const done = result.versions.filter((v) => v.status === 'done');
    lines.push(`${done.length} done · ${failed.length} failed`, '');
    for (const v of failed) {
        lines.push(`- ❌ ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .a)(v.version)} (${v.action}) failed at ${v.error.step}: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .a)(v.error.code)} ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .F)(v.error.message)}`);
    }
    for (const v of done) {
        lines.push(`- ✅ ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .a)(v.version)} ${v.action}${v.revision ? ` (revision ${v.revision} current)` : ''} in ${(v.ms / 1000).toFixed(1)} s`);
    }
    return lines.join('\n') + '\n';
}


/***/ })

};
