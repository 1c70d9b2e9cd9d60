export const id = 118;
export const ids = [118,854];
export const modules = {

/***/ 8854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_RETRY: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   retryReason: () => (/* binding */ retryReason),
/* harmony export */   withRetry: () => (/* binding */ withRetry)
/* harmony export */ });
const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };
/** Why an error is worth another try (throttling, a conflict APIM clears, a server fault, a dropped connection, a timeout), or undefined. */
function retryReason(err) {
    const e = err;
    const status = e?.statusCode;
    if (status === 429)
        return 'throttled (429)';
    if (status === 409 && e.code === 'PessimisticConcurrencyConflict')
        return 'an operation on the API is in progress (409)';
    if (status === 408)
        return 'request timeout (408)';
    if (status !== undefined && status >= 500)
        return `server error (${status})`;
    if (status !== undefined)
        return undefined;
    if (e?.code === 'LroTimeout')
        return 'the long-running operation timed out';
    if (e?.code &&
        /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|REQUEST_SEND_ERROR|UND_ERR_SOCKET)$/.test(e.code)) {
        return `connection problem (${e.code})`;
    }
    const message = e?.message ?? '';
    if (/socket hang up|ECONNRESET|network|terminated/i.test(message))
        return 'connection dropped';
    // A failed long-running operation: retry unless APIM rejected the content itself.
    const failed = /^The long-running operation has failed\. (\w+)/.exec(message);
    if (failed && !/Validation|BadRequest|Invalid|NotFound|Conflict/i.test(failed[1]))
        return `the operation failed (${failed[1]})`;
    return undefined;
}
/** Seconds (or an HTTP date) from a Retry-After header of a RestError, as milliseconds. */
function retryAfterMs(err) {
    const headers = err?.response?.headers;
    const value = headers?.get?.('retry-after');
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
/**
 * Runs `task`, retrying what `retryReason` allows with exponential backoff and full jitter,
 * honouring Retry-After, at most `attempts` times. The last error is rethrown.
 */
async function withRetry(task, options = DEFAULT_RETRY) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1;; attempt++) {
        try {
            return await task();
        }
        catch (err) {
            const reason = retryReason(err);
            if (!reason || attempt >= options.attempts)
                throw err;
            const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
            const delayMs = Math.max(retryAfterMs(err) ?? 0, Math.round(backoff / 2 + Math.random() * (backoff / 2)));
            options.onRetry?.({ attempt, delayMs, reason });
            await sleep(delayMs);
        }
    }
}


/***/ }),

/***/ 7118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyFolder: () => (/* binding */ applyFolder),
  planAgainstFolder: () => (/* binding */ planAgainstFolder),
  planFolder: () => (/* binding */ planFolder),
  readActual: () => (/* binding */ readActual),
  readPolicyTexts: () => (/* binding */ readPolicyTexts)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/apply/retry.ts
var apply_retry = __webpack_require__(8854);
;// CONCATENATED MODULE: ./src/apply/apply.ts


/** The release id of a revision made current for a spec fingerprint: the same on every re-run. */
function releaseIdFor(revision, fingerprint) {
    return `apimv-r${revision}-${fingerprint.slice(0, 8)}`;
}
/**
 * Makes APIM match the plan: fragment and version set first, then the versions with bounded
 * concurrency. Per version: import → policy → release with notes → provenance, written last so
 * a run killed anywhere leaves an API the next plan repairs. Failures are per version.
 */
async function applyPlan(plan, desired, apim, options) {
    const retry = (step, what) => (task) => (0,apply_retry.withRetry)(task, {
        ...options.retry,
        onRetry: ({ attempt, delayMs, reason }) => options.log(`${what}: ${step} ${reason}; retry ${attempt} in ${delayMs} ms`)
    });
    const result = {
        versionSet: 'unchanged',
        fragment: plan.fragment.action === 'unchanged' ? 'unchanged' : 'failed',
        versions: []
    };
    // The fragment (a long-running write) is only needed by the policies: it proceeds while the
    // version set is written and the imports run; each policy waits for it.
    const fragmentWritten = plan.fragment.action === 'unchanged'
        ? Promise.resolve()
        : retry('fragment', desired.fragment.id)(() => apim.putFragment(desired.fragment.id, desired.fragment.value, 'Managed by apim-version-action')).then(() => {
            result.fragment = 'done';
            options.log(`fragment ${desired.fragment.id}: ${plan.fragment.action}d`);
        });
    fragmentWritten.catch(() => undefined);
    try {
        if (plan.versionSet.action !== 'unchanged') {
            result.versionSet = 'failed';
            await retry('version set', desired.versionSet.id)(() => apim.putVersionSet(desired.versionSet.id, desired.versionSet.props));
            result.versionSet = 'done';
            options.log(`version set ${desired.versionSet.id}: ${plan.versionSet.action}d`);
        }
    }
    catch (err) {
        await fragmentWritten.catch(() => undefined);
        result.blocked = { step: 'version set', ...describe(err) };
        return result;
    }
    const byVersion = new Map(desired.versions.map((d) => [d.version, d]));
    const limit = (0,p_limit/* default */.A)(options.concurrency);
    result.versions = await Promise.all(plan.versions.map((step) => limit(async () => {
        const started = performance.now();
        const base = { version: step.version, apiId: step.apiId, action: step.action };
        if (step.action === 'unchanged' || step.action === 'orphan')
            return { ...base, status: 'skipped', ms: 0 };
        let current = 'start';
        const run = (name, task, retried = true) => {
            current = name;
            return retried ? retry(name, `${step.version} (${step.apiId})`)(task) : task();
        };
        try {
            const revision = await applyVersion(step, byVersion.get(step.version), apim, run, fragmentWritten);
            options.log(`${step.version}: ${step.action} done${revision ? ` (revision ${revision} current)` : ''}`);
            return { ...base, status: 'done', revision, ms: Math.round(performance.now() - started) };
        }
        catch (err) {
            const error = { ...describe(err), step: current };
            options.log(`${step.version}: ${step.action} failed at ${current}: ${error.code}: ${error.message}`);
            return { ...base, status: 'failed', error, ms: Math.round(performance.now() - started) };
        }
    })));
    return result;
}
async function applyVersion(step, d, apim, run, fragmentWritten) {
    if (step.action === 'delete') {
        await run('delete', () => apim.deleteApi(step.apiId));
        return undefined;
    }
    if (!d)
        throw new Error(`internal error: no desired state for ${step.version}`);
    const apiId = step.apiId;
    let revision = step.revision ?? 1;
    let target = apiId;
    if (step.action === 'revise') {
        // Reuse a revision an interrupted run left behind, so re-runs do not pile them up.
        const revisions = await run('list revisions', () => apim.listRevisions(apiId));
        const current = revisions.find((r) => r.isCurrent)?.revision ?? revision;
        const highest = Math.max(current, ...revisions.map((r) => r.revision));
        revision = highest > current ? highest : highest + 1;
        target = `${apiId};rev=${revision}`;
        await run('import', () => apim.importApi(target, { ...d.importProps, sourceApiId: `/apis/${apiId}` }));
    }
    else {
        await run('import', () => apim.importApi(apiId, d.importProps));
    }
    // The shared fragment write has its own retries; here a version only waits for it.
    await run('fragment', () => fragmentWritten, false);
    await run('policy', () => apim.putPolicy(target, d.policyXml));
    await run('release', () => apim.putRelease(apiId, releaseIdFor(revision, d.fingerprint), revision, d.notes));
    await run('provenance', () => apim.setRevisionDescription(apiId, d.provenance));
    return revision;
}
function describe(err) {
    const e = err;
    const inner = e?.details?.error;
    const detail = inner?.details?.[0]?.message;
    // The SDK reports a failed long-running operation as "…has failed. <code>. <message>".
    const lro = /^The long-running operation has failed\. (\w+)\. ([\s\S]*)$/.exec(e?.message ?? '');
    if (!inner && lro)
        return { code: lro[1], message: lro[2] };
    return {
        code: inner?.code ?? e?.code ?? 'Error',
        message: detail
            ? `${inner?.message ?? ''} ${detail}`.trim()
            : (inner?.message ?? e?.message ?? String(err))
    };
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js + 2 modules
var fxp = __webpack_require__(2667);
;// CONCATENATED MODULE: ./src/apim/policy.ts

/** The default fragment: give the backend its version parameter back (APIM removed it when routing). */
function defaultFragment(versionParameter) {
    return [
        '<fragment>',
        `  <set-query-parameter name="${escapeXml(versionParameter)}" exists-action="override">`,
        '    <value>@(context.Api.Version)</value>',
        '  </set-query-parameter>',
        '</fragment>'
    ].join('\n');
}
const DEFAULT_POLICY_TEMPLATE = [
    '<policies>',
    '  <inbound>',
    '    <base />',
    '    <include-fragment fragment-id="{fragment-id}" />',
    '  </inbound>',
    '  <backend>',
    '    <base />',
    '  </backend>',
    '  <outbound>',
    '    <base />',
    '  </outbound>',
    '  <on-error>',
    '    <base />',
    '  </on-error>',
    '</policies>'
].join('\n');
/** Fills a policy template's placeholders ({fragment-id}, {version}, {api-id}, {version-parameter}), XML-escaped. */
function renderPolicy(template, values) {
    return template.replace(/\{(fragment-id|version|api-id|version-parameter|scheme)\}/g, (_, name) => escapeXml({
        'fragment-id': values.fragmentId,
        version: values.version,
        'api-id': values.apiId,
        'version-parameter': values.versionParameter,
        scheme: values.scheme
    }[name] ?? ''));
}
/** A readable reason when `xml` is not well-formed, else undefined. */
function xmlProblem(xml) {
    const result = fxp/* XMLValidator */.iI.validate(xml);
    return result === true
        ? undefined
        : `${result.err.msg} (line ${result.err.line}, column ${result.err.col})`;
}
function escapeXml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/specs/changelog.ts
var specs_changelog = __webpack_require__(4682);
;// CONCATENATED MODULE: ./src/plan/desired.ts



const PROVENANCE_PREFIX = 'apim-version-action';
const MAX_DESCRIPTION = 256;
const MAX_NOTES = 4000;
/** `apim-version-action fp=<16 hex> cfg=<12 hex> spec=<path>`, at most 256 characters (APIM's limit). */
function provenanceOf(fingerprint, configHash, file) {
    const head = `${PROVENANCE_PREFIX} fp=${fingerprint} cfg=${configHash} spec=`;
    const room = MAX_DESCRIPTION - head.length;
    return head + (file.length <= room ? file : `…${file.slice(file.length - room + 1)}`);
}
function parseProvenance(description) {
    if (!description?.startsWith(PROVENANCE_PREFIX))
        return undefined;
    const fp = /\bfp=([0-9a-f]{16})\b/.exec(description)?.[1];
    const cfg = /\bcfg=([0-9a-f]{12})\b/.exec(description)?.[1];
    return fp && cfg ? { fingerprint: fp, configHash: cfg } : undefined;
}
/** APIM API id of a version: the base id and the version, made safe (`azure-openai-2024-05-01-preview`). */
function apiIdFor(baseId, version) {
    return `${baseId}-${version}`.replace(/[^A-Za-z0-9._~-]+/g, '-');
}
function importFormat(version) {
    if (version.format === 'swagger 2.0')
        return 'swagger-json';
    return version.syntax === 'json' ? 'openapi+json' : 'openapi';
}
/** The desired state of APIM for the folder's valid versions and the settings. */
function buildDesired(versions, settings, texts) {
    const { api } = settings;
    const versionSet = {
        id: api.id,
        props: {
            displayName: api.displayName,
            versioningScheme: api.scheme,
            ...(api.scheme === 'Query' ? { versionQueryName: api.versionParameter } : {}),
            ...(api.scheme === 'Header' ? { versionHeaderName: api.versionParameter } : {})
        }
    };
    const desired = versions.map((v, i) => {
        const apiId = apiIdFor(api.id, v.version);
        const importProps = {
            format: importFormat(v),
            value: v.patch.text,
            path: api.path,
            displayName: api.displayName,
            apiVersion: v.version,
            apiVersionSetId: `/apiVersionSets/${api.id}`,
            serviceUrl: api.serviceUrl?.replace(/\{version\}/g, encodeURIComponent(v.version)),
            subscriptionRequired: api.subscriptionRequired,
            subscriptionKeyHeader: api.keyHeader
        };
        const policyXml = renderPolicy(texts.policyTemplate, {
            fragmentId: settings.fragmentId,
            version: v.version,
            apiId,
            versionParameter: api.versionParameter,
            scheme: api.scheme
        });
        const { value: _value, ...props } = importProps;
        const configHash = (0,external_node_crypto_.createHash)('sha256')
            .update(JSON.stringify({ props, policyXml }))
            .digest('hex')
            .slice(0, 12);
        const previous = versions[i - 1];
        const changelog = previous
            ? (0,specs_changelog/* diffSpecs */._h)({ root: previous.patch.value, label: previous.version }, { root: v.patch.value, label: v.version })
            : undefined;
        return {
            version: v.version,
            channel: v.channel,
            apiId,
            file: v.file,
            fingerprint: v.fingerprint,
            configHash,
            provenance: provenanceOf(v.fingerprint, configHash, v.file),
            importProps,
            policyXml,
            operations: v.operations,
            patchSummary: v.patch.summary,
            patchEntries: v.patch.entries.map(({ kind, line, pointer, change }) => ({
                kind,
                line,
                pointer,
                change
            })),
            changelog,
            notes: releaseNotes(v, changelog)
        };
    });
    return {
        versionSet,
        fragment: { id: settings.fragmentId, value: texts.fragment.trim() },
        versions: desired
    };
}
function releaseNotes(v, changelog) {
    const lines = [
        `${v.version} from ${v.file} (fingerprint ${v.fingerprint}).`,
        changelog
            ? `Changes since ${changelog.from}: ${(0,specs_changelog/* changelogHeadline */.f$)(changelog)}.`
            : 'The first version in the folder.',
        `Patch: ${v.patch.summary}.`
    ];
    let notes = lines.join('\n');
    if (changelog)
        notes += `\n\n${(0,specs_changelog/* renderChangelogMarkdown */.Qb)(changelog, { heading: '####' })}`;
    return notes.length > MAX_NOTES
        ? `${notes.slice(0, MAX_NOTES - 40)}\n… (cut; see the job summary)`
        : notes;
}

// EXTERNAL MODULE: ./src/specs/versions.ts
var specs_versions = __webpack_require__(7623);
;// CONCATENATED MODULE: ./src/plan/planner.ts



const WRITING_ACTIONS = ['import', 'revise', 'reimport', 'repair', 'delete'];
/** The plan: a pure function of the desired and actual state. Deterministic order. */
function planChanges(desired, actual, options) {
    const byVersion = new Map(actual.apis.map((a) => [(a.apiVersion ?? '').toLowerCase(), a]));
    const versions = desired.versions.map((d) => {
        const base = {
            version: d.version,
            channel: d.channel,
            file: d.file,
            fingerprint: d.fingerprint,
            operations: d.operations,
            patch: d.patchSummary,
            changes: d.changelog
                ? `${(0,specs_changelog/* changelogHeadline */.f$)(d.changelog)} (since ${d.changelog.from})`
                : 'first version'
        };
        const existing = byVersion.get(d.version.toLowerCase());
        if (!existing)
            return { ...base, apiId: d.apiId, action: 'import', reason: 'not in APIM' };
        const step = { ...base, apiId: existing.name, revision: existing.apiRevision };
        const recorded = parseProvenance(existing.apiRevisionDescription);
        if (!recorded) {
            return {
                ...step,
                action: 'repair',
                reason: 'in APIM without provenance (an earlier run stopped half-way, or it was made by hand)'
            };
        }
        if (recorded.fingerprint !== d.fingerprint) {
            if (options.onSpecChange === 'ignore') {
                return {
                    ...step,
                    action: 'unchanged',
                    reason: `spec changed (${recorded.fingerprint} → ${d.fingerprint}); on-spec-change is ignore`
                };
            }
            return {
                ...step,
                action: options.onSpecChange === 'reimport' ? 'reimport' : 'revise',
                reason: `spec changed (${recorded.fingerprint} → ${d.fingerprint})`
            };
        }
        if (recorded.configHash !== d.configHash) {
            return {
                ...step,
                action: 'repair',
                reason: 'its settings or policy differ from the desired ones'
            };
        }
        return { ...step, action: 'unchanged', reason: 'up to date' };
    });
    const wanted = new Set(desired.versions.map((d) => d.version.toLowerCase()));
    const orphans = actual.apis
        .filter((a) => !wanted.has((a.apiVersion ?? '').toLowerCase()))
        .sort((a, b) => (0,specs_versions/* compareVersions */.Zy)(a.apiVersion ?? '', b.apiVersion ?? ''))
        .map((a) => ({
        version: a.apiVersion ?? '',
        apiId: a.name,
        revision: a.apiRevision,
        action: options.prune ? 'delete' : 'orphan',
        reason: options.prune
            ? 'not in the folder; prune is true'
            : 'not in the folder (deleted only with prune: true)'
    }));
    const all = [...versions, ...orphans];
    const counts = Object.fromEntries(['import', 'revise', 'reimport', 'repair', 'unchanged', 'orphan', 'delete'].map((a) => [a, all.filter((s) => s.action === a).length]));
    const versionSet = {
        id: desired.versionSet.id,
        action: compareVersionSet(desired.versionSet.props, actual.versionSet)
    };
    const fragment = {
        id: desired.fragment.id,
        action: (actual.fragment === undefined
            ? 'create'
            : normalizeXml(actual.fragment) === normalizeXml(desired.fragment.value)
                ? 'unchanged'
                : 'update')
    };
    const hasChanges = versionSet.action !== 'unchanged' ||
        fragment.action !== 'unchanged' ||
        all.some((s) => WRITING_ACTIONS.includes(s.action));
    return { versionSet, fragment, versions: all, counts, hasChanges };
}
function compareVersionSet(want, have) {
    if (!have)
        return 'create';
    const same = have.displayName === want.displayName &&
        have.versioningScheme === want.versioningScheme &&
        (have.versionQueryName ?? '') === (want.versionQueryName ?? '') &&
        (have.versionHeaderName ?? '') === (want.versionHeaderName ?? '');
    return same ? 'unchanged' : 'update';
}
function normalizeXml(xml) {
    return xml.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

// EXTERNAL MODULE: ./src/settings.ts
var src_settings = __webpack_require__(8750);
// EXTERNAL MODULE: ./src/specs/analyze.ts
var analyze = __webpack_require__(3464);
// EXTERNAL MODULE: ./src/specs/discover.ts
var discover = __webpack_require__(4293);
// EXTERNAL MODULE: ./src/specs/errors.ts
var errors = __webpack_require__(3933);
;// CONCATENATED MODULE: ./src/engine.ts










/** Reads the policy template and fragment files (or the defaults), checked before any call. */
function readPolicyTexts(settings, workspace) {
    const read = (input, file) => {
        if (!file)
            return undefined;
        const absolute = external_node_path_default().resolve(workspace, file);
        if (!(0,discover/* isInside */.FK)(absolute, workspace))
            throw new errors/* SpecError */.G(file, `${input} is outside the workspace`);
        let text;
        try {
            text = external_node_fs_default().readFileSync(absolute, 'utf8');
        }
        catch (err) {
            throw new errors/* SpecError */.G(file, `cannot read ${input}: ${err.code ?? String(err)}`);
        }
        const problem = xmlProblem(text);
        if (problem)
            throw new errors/* SpecError */.G(file, `${input} is not well-formed XML: ${problem}`);
        return text;
    };
    const policyTemplate = read('policy-file', settings.policyFile) ?? DEFAULT_POLICY_TEMPLATE;
    const fragment = read('fragment-file', settings.fragmentFile) ?? defaultFragment(settings.api.versionParameter);
    if (!/^\s*<fragment[\s>]/.test(fragment)) {
        throw new errors/* SpecError */.G(settings.fragmentFile ?? 'fragment', 'a policy fragment must have <fragment> as its root element');
    }
    return { policyTemplate, fragment };
}
/**
 * What APIM holds for this API: three reads (version set, one paged list of current APIs,
 * fragment). They need only ids from the settings, so they run while the specs are read.
 */
async function readActual(apim, ids) {
    const [versionSet, apis, fragment] = await Promise.all([
        apim.getVersionSet(ids.versionSetId),
        apim.listCurrentApis(),
        apim.getFragment(ids.fragmentId)
    ]);
    const setId = ids.versionSetId.toLowerCase();
    // APIM's $filter has no apiVersionSetId: keep our set's APIs here.
    const ours = apis.filter((a) => /\/apiVersionSets\/([^/]+)$/i.exec(a.apiVersionSetId ?? '')?.[1]?.toLowerCase() === setId);
    return { versionSet, fragment, apis: ours };
}
async function planFolder(settings, workspace, apim, texts) {
    const reading = readActual(apim, {
        versionSetId: settings.api.id,
        fragmentId: settings.fragmentId
    });
    // A failed read is awaited below; keep it from being reported as unhandled meanwhile.
    reading.catch(() => undefined);
    // Let the SDK put the reads on the wire before the (synchronous) spec analysis holds the thread.
    await new Promise((resolve) => setImmediate(resolve));
    const analysis = (0,analyze/* analyzeFolder */.n)(external_node_path_default().resolve(workspace, settings.specs.specFolder), (0,src_settings/* analyzeOptions */.bE)(settings.specs, workspace));
    const problems = [...analysis.problems];
    const usable = analysis.versions.filter((v) => {
        if (v.format === 'swagger 2.0' && v.syntax === 'yaml') {
            problems.push({
                severity: 'error',
                file: v.file,
                message: 'APIM imports Swagger 2.0 only as JSON; this version is left out'
            });
            return false;
        }
        return true;
    });
    const desired = buildDesired(usable, settings, texts);
    const actual = await reading;
    const plan = planChanges(desired, actual, {
        onSpecChange: settings.onSpecChange,
        prune: settings.prune
    });
    return { analysis, desired, actual, plan, problems: dedupe(problems) };
}
async function applyFolder(run, apim, options) {
    return applyPlan(run.plan, run.desired, apim, options);
}
function dedupe(problems) {
    const seen = new Set();
    return problems.filter((p) => {
        const key = `${p.severity}|${p.file}|${p.line}|${p.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/**
 * A plan without APIM: the folder at the pull request's base stands for what APIM holds (as if
 * an earlier apply had imported it), so the plan shows what this change adds, changes and removes.
 */
function planAgainstFolder(settings, workspace, baseFolder, texts) {
    const options = (0,src_settings/* analyzeOptions */.bE)(settings.specs, workspace);
    const analysis = (0,analyze/* analyzeFolder */.n)(external_node_path_default().resolve(workspace, settings.specs.specFolder), options);
    const base = (0,analyze/* analyzeFolder */.n)(baseFolder, { ...options, cwd: baseFolder });
    const desired = buildDesired(analysis.versions, settings, texts);
    const before = buildDesired(base.versions, settings, texts);
    const actual = {
        versionSet: desired.versionSet.props,
        fragment: desired.fragment.value,
        apis: before.versions.map((d) => ({
            name: d.apiId,
            apiVersion: d.version,
            apiRevision: 1,
            path: settings.api.path,
            apiRevisionDescription: d.provenance
        }))
    };
    const plan = planChanges(desired, actual, {
        onSpecChange: settings.onSpecChange,
        prune: settings.prune
    });
    return { analysis, desired, actual, plan, problems: dedupe(analysis.problems) };
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
