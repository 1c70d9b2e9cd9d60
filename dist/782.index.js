export const id = 782;
export const ids = [782];
export const modules = {

/***/ 3782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gitBlobSha: () => (/* binding */ gitBlobSha),
/* harmony export */   listUpstream: () => (/* binding */ listUpstream),
/* harmony export */   syncFromSettings: () => (/* binding */ syncFromSettings),
/* harmony export */   syncUpstream: () => (/* binding */ syncUpstream)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _specs_discover_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4293);
/* harmony import */ var _specs_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3933);
/* harmony import */ var _specs_load_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2640);
/* harmony import */ var _specs_patch_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8082);
/* harmony import */ var _specs_versions_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7623);








const SAFE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
/** The git blob id of a file's bytes: what GitHub's trees report for it. */
function gitBlobSha(bytes) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
function notFound(source, what) {
    return new Error(`${what} not found in ${source.owner}/${source.repo} at '${source.ref}': check upstream-repo, upstream-ref and upstream-path`);
}
/**
 * The version folders under the upstream path, read through the Git trees API. A truncated
 * recursive tree is walked folder by folder instead.
 */
async function listUpstream(octokit, source) {
    const { owner, repo } = source;
    let commit;
    try {
        commit = (await octokit.rest.repos.getCommit({ owner, repo, ref: source.ref })).data.sha;
    }
    catch (err) {
        const status = err.status;
        if (status === 404 || status === 422)
            throw Object.assign(notFound(source, `ref '${source.ref}'`), { cause: err });
        if (status === 403) {
            throw new Error(`GitHub refused to read ${owner}/${repo} (403): a private repository, or the rate limit; give github-token access`, { cause: err });
        }
        throw err;
    }
    const tree = async (sha, recursive) => (await octokit.rest.git.getTree({
        owner,
        repo,
        tree_sha: sha,
        ...(recursive ? { recursive: 'true' } : {})
    })).data;
    // Walk down to the upstream folder one level at a time (cheap, never truncated).
    let sha = commit;
    for (const segment of source.path.split('/').filter(Boolean)) {
        const entry = (await tree(sha, false)).tree.find((e) => e.path === segment && e.type === 'tree');
        if (!entry)
            throw notFound(source, `upstream-path '${source.path}'`);
        sha = entry.sha;
    }
    let entries;
    const full = await tree(sha, true);
    if (!full.truncated)
        entries = full.tree;
    else {
        entries = [];
        const walk = async (treeSha, prefix, depth) => {
            for (const e of (await tree(treeSha, false)).tree) {
                const p = prefix ? `${prefix}/${e.path}` : e.path;
                entries.push({ ...e, path: p });
                // Version folders sit at most two levels down (<channel>/<version>); their examples are not needed.
                if (e.type === 'tree' && depth < 2 && e.path !== 'examples')
                    await walk(e.sha, p, depth + 1);
            }
        };
        await walk(sha, '', 0);
    }
    const versions = [];
    const skipped = [];
    const folders = new Map();
    for (const e of entries) {
        if (e.type !== 'blob')
            continue;
        if (e.path.startsWith('/') || e.path.split('/').some((p) => p === '..' || p === '')) {
            skipped.push(`${e.path}: unsafe path`);
            continue;
        }
        const parts = e.path.split('/');
        if (parts.length < 2 || parts.length > 3)
            continue;
        const dir = parts.slice(0, -1).join('/');
        folders.set(dir, [...(folders.get(dir) ?? []), { ...e, path: parts[parts.length - 1] }]);
    }
    for (const [dir, files] of folders) {
        const parts = dir.split('/');
        const name = parts[parts.length - 1];
        const id = (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .parseVersionId */ .h4)(name);
        if (!id)
            continue;
        const channel = parts.length === 2 ? parts[0] : undefined;
        if (!SAFE_NAME.test(name) || (channel !== undefined && !SAFE_NAME.test(channel))) {
            skipped.push(`${dir}: unsafe folder name`);
            continue;
        }
        const chosen = source.files.map((f) => files.find((x) => x.path === f)).find(Boolean);
        if (chosen)
            versions.push({ version: name, id, channel, file: chosen.path, sha: chosen.sha });
    }
    versions.sort((a, b) => (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .compareVersionIds */ .wO)(a.id, b.id));
    return { commit, versions, skipped };
}
/**
 * Brings upstream versions the local folder lacks (and, with updateChanged, those whose upstream
 * blob differs) into `specFolder`, in the same layout. Each download is checked with the spec
 * engine (decodes, is a spec, can be patched) before it is written; a bad one is skipped and named.
 * Nothing is ever written outside `specFolder`.
 */
async function syncUpstream(octokit, source, options) {
    const { commit, versions, skipped } = await listUpstream(octokit, source);
    const warnings = skipped.map((s) => `upstream ${s}; skipped`);
    const root = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(options.specFolder);
    node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(root, { recursive: true });
    const local = localVersions(root);
    const minimum = options.minVersion ? (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .parseVersionId */ .h4)(options.minVersion) : undefined;
    const synced = [];
    for (const v of versions) {
        if (!options.includePreviews && (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .isPreview */ .bU)(v.id))
            continue;
        if (minimum && (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .compareVersionIds */ .wO)(v.id, minimum) < 0)
            continue;
        const existing = local.get(v.version.toLowerCase());
        let target;
        if (existing) {
            if (!options.updateChanged)
                continue;
            const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(existing, v.file);
            if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(file) && gitBlobSha(node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file)) === v.sha)
                continue;
            target = file;
        }
        else {
            target = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, ...(v.channel ? [v.channel] : []), v.version, v.file);
        }
        const shown = `${source.owner}/${source.repo}/${source.path}/${v.channel ? `${v.channel}/` : ''}${v.version}/${v.file}`;
        if (!(0,_specs_discover_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(target), root)) {
            warnings.push(`${shown}: would be written outside the spec folder; skipped`);
            continue;
        }
        const { data } = await octokit.rest.git.getBlob({
            owner: source.owner,
            repo: source.repo,
            file_sha: v.sha
        });
        const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
        let summary;
        try {
            (0,_specs_load_js__WEBPACK_IMPORTED_MODULE_5__/* .checkSize */ .C1)(bytes.length, shown);
            const text = (0,_specs_load_js__WEBPACK_IMPORTED_MODULE_5__/* .decodeSpecBytes */ .fw)(bytes, shown);
            summary = (0,_specs_patch_js__WEBPACK_IMPORTED_MODULE_6__/* .patchSpec */ .o)((0,_specs_load_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSpec */ .F9)(text, shown, (0,_specs_load_js__WEBPACK_IMPORTED_MODULE_5__/* .syntaxOf */ .rS)(v.file, text)), {
                parameter: options.parameter
            }).summary;
        }
        catch (err) {
            if (!(err instanceof _specs_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SpecError */ .G))
                throw err;
            warnings.push(`${shown}${err.line ? `:${err.line}` : ''}: ${err.message}; not written`);
            continue;
        }
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target), { recursive: true });
        const temp = `${target}.tmp-${process.pid}`;
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(temp, bytes);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(temp, target);
        synced.push({
            version: v.version,
            channel: v.channel,
            file: node_path__WEBPACK_IMPORTED_MODULE_2___default().relative(process.cwd(), target),
            kind: existing ? 'changed' : 'new',
            upstreamCommit: commit,
            patchSummary: summary
        });
    }
    return { synced, warnings };
}
/** Version folders already in the local spec folder: version (lower case) → folder. */
function localVersions(root) {
    const found = new Map();
    for (const entry of node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(root, { withFileTypes: true })) {
        if (!entry.isDirectory())
            continue;
        const full = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, entry.name);
        if ((0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .parseVersionId */ .h4)(entry.name))
            found.set(entry.name.toLowerCase(), full);
        else {
            for (const child of node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(full, { withFileTypes: true })) {
                if (child.isDirectory() && (0,_specs_versions_js__WEBPACK_IMPORTED_MODULE_7__/* .parseVersionId */ .h4)(child.name))
                    found.set(child.name.toLowerCase(), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(full, child.name));
            }
        }
    }
    return found;
}
/** The sync the settings ask for (the action and the CLI run the same one). */
async function syncFromSettings(octokit, settings, specFolder) {
    const { owner, repo, ref, path: upstreamPath, files, updateChanged } = settings.upstream;
    const source = { owner, repo, ref, path: upstreamPath, files };
    const result = await syncUpstream(octokit, source, {
        specFolder,
        includePreviews: settings.specs.includePreviews,
        minVersion: settings.specs.minVersion,
        updateChanged,
        parameter: settings.specs.versionParameter
    });
    return { source, result };
}


/***/ })

};
