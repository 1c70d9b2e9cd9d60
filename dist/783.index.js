export const id = 783;
export const ids = [783,31,144];
export const modules = {

/***/ 8144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   COMMENT_LIMIT: () => (/* binding */ COMMENT_LIMIT),
/* harmony export */   commentMarker: () => (/* binding */ commentMarker),
/* harmony export */   escapeHtml: () => (/* binding */ escapeHtml),
/* harmony export */   renderPlanComment: () => (/* binding */ renderPlanComment)
/* harmony export */ });
/* harmony import */ var _plan_render_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31);
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2495);
/* harmony import */ var _specs_changelog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4682);



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
        `### APIM plan: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(input.apiId)} on ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(input.service)}`,
        '',
        `**${(0,_plan_render_js__WEBPACK_IMPORTED_MODULE_0__.countsLine)(plan)}**`,
        ''
    ];
    if (input.offlineNote)
        head.push(`> ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(input.offlineNote)}`, '');
    const errors = input.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
        head.push(`**${errors.length} invalid spec${errors.length === 1 ? '' : 's'}** (left out):`, '');
        for (const p of errors)
            head.push(`- ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(p.line ? `${p.file}:${p.line}` : p.file)}: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(p.message)}`);
        head.push('');
    }
    head.push('| version | channel | action | operations | spec file |', '|---|---|---|---:|---|');
    for (const v of plan.versions) {
        head.push(`| ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(v.version)} | ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(v.channel ?? '—')} | **${v.action}** | ${v.operations ?? '—'} | ${v.file ? (0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(v.file) : '—'} |`);
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
            `${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(v.reason)}.`,
            '',
            `Patch: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(v.patch ?? '')}.`,
            '',
            ...patchReport(d?.patchEntries ?? []),
            d?.changelog
                ? (0,_specs_changelog_js__WEBPACK_IMPORTED_MODULE_1__/* .renderChangelogMarkdown */ .Qb)(d.changelog, { heading: '####' })
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
        .map((e) => `- line ${e.line}: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .F)(e.change)} at ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .a)(e.pointer)}`);
    if (edits.length > shown.length)
        shown.push(`- … and ${edits.length - shown.length} more edits`);
    return ['Patch report:', '', ...shown, ''];
}


/***/ }),

/***/ 9783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SYNC_BRANCH: () => (/* binding */ SYNC_BRANCH),
/* harmony export */   syncBody: () => (/* binding */ syncBody),
/* harmony export */   syncTitle: () => (/* binding */ syncTitle)
/* harmony export */ });
/* harmony import */ var _specs_analyze_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3464);
/* harmony import */ var _specs_changelog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4682);
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2495);
/* harmony import */ var _plan_comment_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8144);




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
    const analysis = (0,_specs_analyze_js__WEBPACK_IMPORTED_MODULE_0__/* .analyzeFolder */ .n)(specFolder, { cwd });
    const versions = analysis.versions;
    const lines = [
        `New API versions from ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(`${source.owner}/${source.repo}`)} (${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(source.path)} at ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(source.ref)}), found by apim-version-action.`,
        ''
    ];
    for (const s of synced) {
        const index = versions.findIndex((v) => v.version === s.version);
        const current = versions[index];
        const previous = index > 0 ? versions[index - 1] : undefined;
        lines.push(`### ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .F)(s.version)} (${s.kind})`, '');
        lines.push(`- file: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(s.file)}`, `- upstream commit: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(s.upstreamCommit)}`, `- patch: ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .F)(s.patchSummary)}`, '');
        if (current && previous) {
            lines.push((0,_specs_changelog_js__WEBPACK_IMPORTED_MODULE_1__/* .renderChangelogMarkdown */ .Qb)((0,_specs_changelog_js__WEBPACK_IMPORTED_MODULE_1__/* .diffSpecs */ ._h)({ root: previous.patch.value, label: previous.version }, { root: current.patch.value, label: current.version }), { heading: '####' }));
        }
        else if (current) {
            lines.push('The oldest version in the folder.', '');
        }
    }
    const body = lines.join('\n');
    return body.length <= _plan_comment_js__WEBPACK_IMPORTED_MODULE_2__.COMMENT_LIMIT
        ? body
        : `${body.slice(0, _plan_comment_js__WEBPACK_IMPORTED_MODULE_2__.COMMENT_LIMIT - 100)}\n\n_…cut at GitHub's 65,536-character limit._`;
}


/***/ }),

/***/ 31:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   countsLine: () => (/* binding */ countsLine),
/* harmony export */   planJson: () => (/* binding */ planJson),
/* harmony export */   renderApplyMarkdown: () => (/* binding */ renderApplyMarkdown),
/* harmony export */   renderPlanText: () => (/* binding */ renderPlanText)
/* harmony export */ });
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2495);

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


/***/ }),

/***/ 4682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qb: () => (/* binding */ renderChangelogMarkdown),
/* harmony export */   _h: () => (/* binding */ diffSpecs),
/* harmony export */   f$: () => (/* binding */ changelogHeadline)
/* harmony export */ });
/* unused harmony export isEmptyChangelog */
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6712);
/* harmony import */ var _operations_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7532);
/* harmony import */ var _pointer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2661);
/* harmony import */ var _refs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(120);
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2495);





/** Documentation keys left out of comparisons: a reworded description is not an API change. */
const DOC_KEYS = new Set([
    'description',
    'summary',
    'example',
    'examples',
    'x-ms-examples',
    'externalDocs'
]);
/** Keys whose members are names (of properties, schemas…), never documentation keywords. */
const NAME_MAPS = new Set([
    'properties',
    'patternProperties',
    'definitions',
    '$defs',
    'dependentSchemas'
]);
/**
 * What changed from one version's spec to the next: operations added, removed and changed
 * (parameters, request body and responses by content type), and component schemas.
 * Documentation-only edits (descriptions, examples) are not changes.
 */
function diffSpecs(from, to) {
    const before = operationsByKey(from);
    const after = operationsByKey(to);
    const added = [];
    const removed = [];
    const changed = [];
    for (const [key, op] of after) {
        const old = before.get(key);
        if (!old)
            added.push(summarize(op));
        else {
            const change = compareOperations(from, old, to, op);
            if (change)
                changed.push(change);
        }
    }
    for (const [key, op] of before)
        if (!after.has(key))
            removed.push(summarize(op));
    const schemasBefore = componentSchemas(from.root);
    const schemasAfter = componentSchemas(to.root);
    const schemas = compareMaps(schemasBefore, schemasAfter);
    return {
        from: from.label,
        to: to.label,
        operations: {
            added: added.sort(byRoute),
            removed: removed.sort(byRoute),
            changed: changed.sort(byRoute)
        },
        schemas
    };
}
function isEmptyChangelog(log) {
    const { operations, schemas } = log;
    return (operations.added.length + operations.removed.length + operations.changed.length === 0 &&
        schemas.added.length + schemas.removed.length + schemas.changed.length === 0);
}
function changelogHeadline(log) {
    const { operations: o, schemas: s } = log;
    if (isEmptyChangelog(log))
        return 'no API changes';
    const parts = [
        [o.added.length, 'operation', 'added'],
        [o.removed.length, 'operation', 'removed'],
        [o.changed.length, 'operation', 'changed'],
        [s.added.length, 'schema', 'added'],
        [s.removed.length, 'schema', 'removed'],
        [s.changed.length, 'schema', 'changed']
    ];
    return parts
        .filter(([n]) => n > 0)
        .map(([n, noun, verb]) => `${n} ${noun}${n === 1 ? '' : 's'} ${verb}`)
        .join(', ');
}
function renderChangelogMarkdown(log, options = {}) {
    const lines = [];
    const heading = options.heading ?? '###';
    lines.push(`${heading} ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .F)(log.from)} → ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .F)(log.to)}`, '');
    lines.push(`${changelogHeadline(log)}.`, '');
    const { operations, schemas } = log;
    const opLine = (op) => `- ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)((0,_operations_js__WEBPACK_IMPORTED_MODULE_1__/* .operationLabel */ .kF)(op))}${op.summary ? ` — ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .F)(op.summary)}` : ''}`;
    if (operations.added.length) {
        lines.push(`**Operations added (${operations.added.length})**`, '', ...operations.added.map(opLine), '');
    }
    if (operations.removed.length) {
        lines.push(`**Operations removed (${operations.removed.length})**`, '', ...operations.removed.map(opLine), '');
    }
    if (operations.changed.length) {
        lines.push(`**Operations changed (${operations.changed.length})**`, '');
        for (const op of operations.changed)
            lines.push(`- ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)((0,_operations_js__WEBPACK_IMPORTED_MODULE_1__/* .operationLabel */ .kF)(op))}: ${describeChange(op)}`);
        lines.push('');
    }
    const names = (list) => list.map((n) => (0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(n)).join(', ');
    if (schemas.added.length)
        lines.push(`**Schemas added (${schemas.added.length})**: ${names(schemas.added)}`, '');
    if (schemas.removed.length)
        lines.push(`**Schemas removed (${schemas.removed.length})**: ${names(schemas.removed)}`, '');
    if (schemas.changed.length)
        lines.push(`**Schemas changed (${schemas.changed.length})**: ${names(schemas.changed)}`, '');
    return lines.join('\n').trimEnd() + '\n';
}
function describeChange(op) {
    const parts = [];
    const list = (items) => items.map((i) => (0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(i)).join(', ');
    const { parameters: p, requestBody: b, responses: r } = op;
    if (p.added.length)
        parts.push(`parameters added ${list(p.added)}`);
    if (p.removed.length)
        parts.push(`parameters removed ${list(p.removed)}`);
    if (p.changed.length)
        parts.push(`parameters changed ${list(p.changed)}`);
    if (b.added.length)
        parts.push(`request content types added ${list(b.added)}`);
    if (b.removed.length)
        parts.push(`request content types removed ${list(b.removed)}`);
    if (b.changed.length)
        parts.push(`request schema changed (${list(b.changed)})`);
    if (r.added.length)
        parts.push(`responses added ${list(r.added)}`);
    if (r.removed.length)
        parts.push(`responses removed ${list(r.removed)}`);
    for (const c of r.changed) {
        const what = [];
        if (c.added.length)
            what.push(`content types added ${list(c.added)}`);
        if (c.removed.length)
            what.push(`content types removed ${list(c.removed)}`);
        if (c.changed.length)
            what.push(`schema changed (${list(c.changed)})`);
        parts.push(`response ${(0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .code */ .a)(c.status)} ${what.join(', ')}`);
    }
    return parts.join('; ');
}
function operationsByKey(spec) {
    const map = new Map();
    for (const op of (0,_operations_js__WEBPACK_IMPORTED_MODULE_1__/* .listOperations */ .RT)(spec)) {
        // Path parameters may be renamed between versions ({deployment-id} vs {deploymentId}).
        map.set(`${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}`, op);
    }
    return map;
}
function summarize(op) {
    const { operationId, summary } = op.operation;
    return {
        method: op.method,
        path: op.path,
        operationId: typeof operationId === 'string' ? operationId : undefined,
        summary: typeof summary === 'string' ? summary : undefined
    };
}
function compareOperations(fromSpec, from, toSpec, to) {
    const a = shapeOf(fromSpec, from);
    const b = shapeOf(toSpec, to);
    // A path parameter renamed in the route ({petId} → {pet-id}) is the same parameter.
    const oldNames = pathParameterNames(from.path);
    pathParameterNames(to.path).forEach((name, i) => {
        const old = a.parameters.get(`path ${oldNames[i]}`);
        if (oldNames[i] !== undefined && oldNames[i] !== name && old !== undefined) {
            a.parameters.delete(`path ${oldNames[i]}`);
            a.parameters.set(`path ${name}`, old);
        }
    });
    const parameters = compareMaps(a.parameters, b.parameters);
    const requestBody = compareMaps(a.request, b.request);
    const statuses = compareMaps(new Map([...a.responses].map(([k, v]) => [k, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)([...v])])), new Map([...b.responses].map(([k, v]) => [k, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)([...v])])));
    const responses = {
        added: statuses.added,
        removed: statuses.removed,
        changed: statuses.changed.map((status) => ({
            status,
            ...compareMaps(a.responses.get(status) ?? new Map(), b.responses.get(status) ?? new Map())
        }))
    };
    const changed = [parameters, requestBody, statuses].some((c) => c.added.length + c.removed.length + c.changed.length > 0);
    return changed ? { ...summarize(to), parameters, requestBody, responses } : undefined;
}
function shapeOf(spec, op) {
    const root = spec.root;
    const parameters = new Map();
    const request = new Map();
    const consumes = mediaTypes(op.operation.consumes ?? root.consumes);
    const produces = mediaTypes(op.operation.produces ?? root.produces);
    for (const p of (0,_operations_js__WEBPACK_IMPORTED_MODULE_1__/* .effectiveParameters */ .kY)(spec, op)) {
        if (p.value.in === 'body') {
            // Swagger 2.0: the body is a parameter; its schema applies to every `consumes` type.
            for (const type of consumes)
                request.set(type, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip(p.value.schema)));
            continue;
        }
        const { name, ...rest } = p.value;
        // A path parameter's name is its place in the route; compare the rest.
        parameters.set(`${p.value.in} ${name}`, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip(p.value.in === 'path' ? rest : p.value)));
    }
    const body = (0,_refs_js__WEBPACK_IMPORTED_MODULE_2__/* .deref */ .LA)(root, op.operation.requestBody, []).value;
    if ((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(body) && (0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(body.content)) {
        for (const [type, media] of Object.entries(body.content)) {
            request.set(type, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(media) ? media.schema : undefined)));
        }
    }
    const responses = new Map();
    if ((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(op.operation.responses)) {
        for (const [status, raw] of Object.entries(op.operation.responses)) {
            if (status.startsWith('x-'))
                continue;
            const response = (0,_refs_js__WEBPACK_IMPORTED_MODULE_2__/* .deref */ .LA)(root, raw, []).value;
            const byType = new Map();
            if ((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(response) && (0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(response.content)) {
                for (const [type, media] of Object.entries(response.content)) {
                    byType.set(type, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(media) ? media.schema : undefined)));
                }
            }
            else if ((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(response) && response.schema !== undefined) {
                for (const type of produces)
                    byType.set(type, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip(response.schema)));
            }
            responses.set(status, byType);
        }
    }
    return { parameters, request, responses };
}
function pathParameterNames(route) {
    return [...route.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
}
function mediaTypes(value) {
    return Array.isArray(value) && value.length > 0 ? value.map(String) : ['application/json'];
}
function componentSchemas(root) {
    const map = new Map();
    const holder = (0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(root.components) ? root.components.schemas : root.definitions;
    if ((0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(holder)) {
        for (const [name, schema] of Object.entries(holder))
            map.set(name, (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalJson */ .d)(strip(schema)));
    }
    return map;
}
function compareMaps(before, after) {
    const added = [];
    const removed = [];
    const changed = [];
    for (const [key, value] of after) {
        if (!before.has(key))
            added.push(key);
        else if (before.get(key) !== value)
            changed.push(key);
    }
    for (const key of before.keys())
        if (!after.has(key))
            removed.push(key);
    return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}
/** A copy without documentation keys (see DOC_KEYS), keeping names in property maps. */
function strip(value, namesHere = false) {
    if (Array.isArray(value))
        return value.map((v) => strip(v));
    if (!(0,_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .isObject */ .Gv)(value))
        return value;
    const result = {};
    for (const [key, child] of Object.entries(value)) {
        if (!namesHere && DOC_KEYS.has(key))
            continue;
        result[key] = namesHere ? strip(child) : strip(child, NAME_MAPS.has(key));
    }
    return result;
}
const METHOD_ORDER = new Map(_operations_js__WEBPACK_IMPORTED_MODULE_1__/* .HTTP_METHODS */ .y8.map((m, i) => [m, i]));
function byRoute(a, b) {
    if (a.path !== b.path)
        return a.path < b.path ? -1 : 1;
    return (METHOD_ORDER.get(a.method) ?? 99) - (METHOD_ORDER.get(b.method) ?? 99);
}


/***/ })

};
