export const id = 875;
export const ids = [875];
export const modules = {

/***/ 1875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   specFolderAtCommit: () => (/* binding */ specFolderAtCommit)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);





const run = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/**
 * Writes the spec folder as it is at commit `sha` into a temp folder (git archive, so nothing
 * in the workspace changes), fetching the commit first when a shallow checkout lacks it.
 * Returns the folder and a cleanup; the folder is empty when the base had no spec folder.
 */
async function specFolderAtCommit(workspace, sha, specFolder) {
    const root = node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdtempSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(node_os__WEBPACK_IMPORTED_MODULE_2___default().tmpdir(), 'apimv-base-'));
    const cleanup = () => node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(root, { recursive: true, force: true });
    try {
        const has = await run('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: workspace }).then(() => true, () => false);
        if (!has)
            await run('git', ['fetch', '--no-tags', '--depth=1', 'origin', sha], { cwd: workspace });
        const relative = node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(workspace, node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(workspace, specFolder))
            .split((node_path__WEBPACK_IMPORTED_MODULE_3___default().sep))
            .join('/');
        const listed = await run('git', ['ls-tree', '-d', '--name-only', sha, '--', relative], {
            cwd: workspace
        });
        if (listed.stdout.trim()) {
            const archive = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, 'base.tar');
            await run('git', ['archive', '--format=tar', '-o', archive, sha, '--', relative], {
                cwd: workspace
            });
            await run('tar', ['-xf', archive, '-C', root]);
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(archive);
        }
        const folder = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, relative);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(folder, { recursive: true });
        return { root, folder, cleanup };
    }
    catch (err) {
        cleanup();
        throw new Error(`cannot read ${specFolder} at the base commit ${sha.slice(0, 7)}: ${err.message.split('\n')[0]}`, {
            cause: err
        });
    }
}


/***/ })

};
