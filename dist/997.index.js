export const id = 997;
export const ids = [997];
export const modules = {

/***/ 3997:
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
    const identity = await Promise.all(/* import() */[__webpack_require__.e(738), __webpack_require__.e(16)]).then(__webpack_require__.bind(__webpack_require__, 3016));
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


/***/ })

};
