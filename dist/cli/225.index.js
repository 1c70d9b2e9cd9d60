export const id = 225;
export const ids = [225,677,997];
export const modules = {

/***/ 47677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ArmApimGateway: () => (/* binding */ ArmApimGateway),
/* harmony export */   LRO_TIMEOUT_MS: () => (/* binding */ LRO_TIMEOUT_MS),
/* harmony export */   statusOf: () => (/* binding */ statusOf)
/* harmony export */ });
/* harmony import */ var _azure_arm_apimanagement__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87893);

/** How long an import may stay in progress before it counts as a timeout (and is retried). */
const LRO_TIMEOUT_MS = 10 * 60 * 1000;
/** The APIM gateway over `@azure/arm-apimanagement`. Retries are the caller's (the SDK's are off). */
class ArmApimGateway {
    target;
    client;
    description;
    constructor(credential, target, options = {}) {
        this.target = target;
        this.client = new _azure_arm_apimanagement__WEBPACK_IMPORTED_MODULE_0__/* .ApiManagementClient */ .TM(credential, target.subscriptionId, {
            endpoint: target.endpoint,
            credentialScopes: [target.scope],
            retryOptions: { maxRetries: 0 },
            ...(options.agent ? { agent: options.agent } : {})
        });
        this.pollIntervalMs = options.pollIntervalMs ?? 2000;
        this.lroTimeoutMs = options.lroTimeoutMs ?? LRO_TIMEOUT_MS;
        this.description =
            options.description ?? `${target.serviceName} (resource group ${target.resourceGroup})`;
    }
    pollIntervalMs;
    lroTimeoutMs;
    get rg() {
        return this.target.resourceGroup;
    }
    get svc() {
        return this.target.serviceName;
    }
    /** Runs a long-running call with a deadline; a timeout surfaces as a retryable error. */
    async withDeadline(run) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.lroTimeoutMs);
        try {
            return await run(controller.signal);
        }
        catch (err) {
            if (controller.signal.aborted) {
                throw Object.assign(new Error(`the operation did not finish within ${this.lroTimeoutMs / 1000} s`), { code: 'LroTimeout' });
            }
            throw err;
        }
        finally {
            clearTimeout(timer);
        }
    }
    async getVersionSet(id) {
        try {
            const set = await this.client.apiVersionSet.get(this.rg, this.svc, id);
            return {
                displayName: set.displayName ?? '',
                versioningScheme: set.versioningScheme,
                versionQueryName: set.versionQueryName,
                versionHeaderName: set.versionHeaderName,
                description: set.description
            };
        }
        catch (err) {
            if (statusOf(err) === 404)
                return undefined;
            throw err;
        }
    }
    async putVersionSet(id, props) {
        await this.client.apiVersionSet.createOrUpdate(this.rg, this.svc, id, props);
    }
    async listCurrentApis() {
        const apis = [];
        for await (const api of this.client.api.listByService(this.rg, this.svc, {
            filter: 'isCurrent eq true'
        })) {
            apis.push({
                name: api.name ?? '',
                apiVersion: api.apiVersion,
                apiVersionSetId: api.apiVersionSetId,
                apiRevision: Number(api.apiRevision ?? 1),
                path: api.path ?? '',
                apiRevisionDescription: api.apiRevisionDescription
            });
        }
        return apis;
    }
    async getFragment(id) {
        try {
            return (await this.client.policyFragment.get(this.rg, this.svc, id, { format: 'rawxml' }))
                .value;
        }
        catch (err) {
            if (statusOf(err) === 404)
                return undefined;
            throw err;
        }
    }
    async putFragment(id, value, description) {
        await this.withDeadline((abortSignal) => this.client.policyFragment.beginCreateOrUpdateAndWait(this.rg, this.svc, id, { format: 'rawxml', value, description }, { updateIntervalInMs: this.pollIntervalMs, abortSignal }));
    }
    async importApi(apiId, props) {
        await this.withDeadline((abortSignal) => this.client.api.beginCreateOrUpdateAndWait(this.rg, this.svc, apiId, {
            format: props.format,
            value: props.value,
            path: props.path,
            displayName: props.displayName,
            apiVersion: props.apiVersion,
            apiVersionSetId: props.apiVersionSetId,
            serviceUrl: props.serviceUrl,
            protocols: ['https'],
            subscriptionRequired: props.subscriptionRequired,
            subscriptionKeyParameterNames: {
                header: props.subscriptionKeyHeader,
                query: 'subscription-key'
            },
            description: props.description,
            sourceApiId: props.sourceApiId
        }, { updateIntervalInMs: this.pollIntervalMs, abortSignal }));
    }
    async listRevisions(apiId) {
        const revisions = [];
        for await (const r of this.client.apiRevision.listByService(this.rg, this.svc, apiId)) {
            revisions.push({ revision: Number(r.apiRevision), isCurrent: r.isCurrent === true });
        }
        return revisions;
    }
    async putPolicy(apiId, xml) {
        await this.client.apiPolicy.createOrUpdate(this.rg, this.svc, apiId, 'policy', {
            format: 'rawxml',
            value: xml
        });
    }
    async putRelease(apiId, releaseId, revision, notes) {
        await this.client.apiRelease.createOrUpdate(this.rg, this.svc, apiId, releaseId, {
            apiId: `/apis/${apiId};rev=${revision}`,
            notes
        });
    }
    async setRevisionDescription(apiId, description) {
        await this.client.api.update(this.rg, this.svc, apiId, '*', {
            apiRevisionDescription: description
        });
    }
    async deleteApi(apiId) {
        await this.withDeadline((abortSignal) => this.client.api.beginDeleteAndWait(this.rg, this.svc, apiId, '*', {
            deleteRevisions: true,
            updateIntervalInMs: this.pollIntervalMs,
            abortSignal
        }));
    }
}
function statusOf(err) {
    return err?.statusCode;
}


/***/ }),

/***/ 93997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   StaticTokenCredential: () => (/* binding */ StaticTokenCredential),
/* harmony export */   chooseCredential: () => (/* binding */ chooseCredential)
/* harmony export */ });
/** A fixed token (the `access-token` input, or the emulator's). */
class StaticTokenCredential {
    token;
    constructor(token) {
        this.token = token;
    }
    async getToken() {
        return { token: this.token, expiresOnTimestamp: Date.now() + 55 * 60 * 1000 };
    }
}
/**
 * The credential for the target: `access-token` if given; else `client-id` + `tenant-id` as a
 * federated (OIDC) credential whose assertion is a fresh GitHub ID token on every refresh; else
 * `DefaultAzureCredential` (what `azure/login` left, environment, managed identity).
 */
async function chooseCredential(target, sources) {
    if (target.accessToken)
        return { credential: new StaticTokenCredential(target.accessToken), kind: 'access-token' };
    const identity = await Promise.all(/* import() */[__webpack_require__.e(738), __webpack_require__.e(16)]).then(__webpack_require__.bind(__webpack_require__, 73016));
    const authorityHost = {
        public: identity.AzureAuthorityHosts.AzurePublicCloud,
        china: identity.AzureAuthorityHosts.AzureChina,
        usgov: identity.AzureAuthorityHosts.AzureGovernment
    }[target.cloud];
    if (target.clientId && target.tenantId) {
        const assertion = async () => {
            try {
                return await sources.getIdToken('api://AzureADTokenExchange');
            }
            catch (err) {
                throw new Error(`cannot get a GitHub OIDC token for client-id ${target.clientId}: ${err.message}. ` +
                    'Give the workflow `permissions: id-token: write`.', { cause: err });
            }
        };
        return {
            credential: new identity.ClientAssertionCredential(target.tenantId, target.clientId, assertion, { authorityHost }),
            kind: 'OIDC federation (client-id, tenant-id)'
        };
    }
    return {
        credential: new identity.DefaultAzureCredential({ authorityHost }),
        kind: 'DefaultAzureCredential'
    };
}


/***/ }),

/***/ 83225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EMBEDDED_STATE: () => (/* binding */ EMBEDDED_STATE),
/* harmony export */   startEmbeddedEmulator: () => (/* binding */ startEmbeddedEmulator)
/* harmony export */ });
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _apim_arm_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(47677);
/* harmony import */ var _apim_credentials_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(93997);





const EMBEDDED_STATE = node_path__WEBPACK_IMPORTED_MODULE_1___default().join('.apim-emulator', 'state.json');
/**
 * The CLI's default target without Azure coordinates: the local APIM emulator, in process, with
 * its state in `.apim-emulator/state.json` of the working folder (so plan and apply agree).
 */
async function startEmbeddedEmulator(cwd) {
    const stateFile = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(cwd, EMBEDDED_STATE);
    node_fs__WEBPACK_IMPORTED_MODULE_2___default().mkdirSync(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(stateFile), { recursive: true });
    const { startEmulator } = await Promise.all(/* import() */[__webpack_require__.e(744), __webpack_require__.e(345)]).then(__webpack_require__.bind(__webpack_require__, 74345));
    const emulator = await startEmulator({ stateFile });
    const apim = new _apim_arm_js__WEBPACK_IMPORTED_MODULE_3__.ArmApimGateway(new _apim_credentials_js__WEBPACK_IMPORTED_MODULE_4__.StaticTokenCredential(emulator.token), {
        subscriptionId: emulator.subscriptionId,
        resourceGroup: emulator.resourceGroup,
        serviceName: emulator.serviceName,
        endpoint: emulator.armEndpoint,
        scope: `${emulator.armEndpoint}/.default`
    }, {
        agent: new (node_https__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ ca: emulator.caCert, keepAlive: true }),
        pollIntervalMs: 100,
        description: `the embedded emulator (${EMBEDDED_STATE})`
    });
    return { apim, stateFile: EMBEDDED_STATE, stop: () => emulator.stop() };
}


/***/ })

};
