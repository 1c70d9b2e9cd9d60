export const id = 31;
export const ids = [31];
export const modules = {

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
