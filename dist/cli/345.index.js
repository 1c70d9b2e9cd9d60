export const id = 345;
export const ids = [345];
export const modules = {

/***/ 74345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startEmulator: () => (/* binding */ startEmulator)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./emulator/http.ts
/** An ARM error answer: `{"error":{"code","message","details"}}` with an HTTP status. */
class ArmError extends Error {
    status;
    code;
    details;
    headers;
    constructor(status, code, message, details = [], headers = {}) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
    }
    body() {
        return { error: { code: this.code, message: this.message, details: this.details } };
    }
}
const notFound = (what) => new ArmError(404, 'ResourceNotFound', `${what} not found.`);
/** APIM's validation failure: a generic message with the specific one in details. */
function validationError(message, target) {
    return new ArmError(400, 'ValidationError', 'One or more fields contain incorrect values:', [
        { code: 'ValidationError', target, message }
    ]);
}
const MAX_BODY_BYTES = 8 * 1024 * 1024;
async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
            throw new ArmError(413, 'RequestEntityTooLarge', `The request body is over ${MAX_BODY_BYTES} bytes.`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
async function readJson(req) {
    const body = await readBody(req);
    if (body.length === 0)
        return {};
    try {
        const value = JSON.parse(body.toString('utf8'));
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            throw new Error('not an object');
        return value;
    }
    catch {
        throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    }
}
function sendJson(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
        ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'content-length': Buffer.byteLength(text),
        ...headers
    });
    res.end(text);
}
function sendArmError(res, error) {
    sendJson(res, error.status, error.body(), error.headers);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ./emulator/filter.ts

function tokenize(text) {
    const tokens = [];
    const pattern = /\s*(?:'((?:[^']|'')*)'|([A-Za-z_][\w/.]*)|([(),])|(\S))/gy;
    let match;
    while ((match = pattern.exec(text)) !== null && match[0] !== '') {
        if (match[1] !== undefined)
            tokens.push({ kind: 'string', value: match[1].replace(/''/g, "'") });
        else if (match[2] !== undefined)
            tokens.push({ kind: 'word', value: match[2] });
        else if (match[3] !== undefined)
            tokens.push({ kind: 'punct', value: match[3] });
        else
            throw invalid(text);
    }
    return tokens;
}
function invalid(text) {
    return validationError(`Invalid filter clause specified: '${text}'.`, '$filter');
}
const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'substringof']);
/**
 * Parses `$filter` for `fields` (allowed names, with or without a `properties/` prefix):
 * comparisons (eq ne gt ge lt le), contains/startswith/endswith/substringof, and, or, not,
 * parentheses. Anything else is APIM's "Invalid filter clause" (400).
 */
function parseFilter(text, fields) {
    const tokens = tokenize(text);
    let at = 0;
    const peek = () => tokens[at];
    const next = () => {
        const token = tokens[at++];
        if (!token)
            throw invalid(text);
        return token;
    };
    const expect = (value) => {
        if (next().value !== value)
            throw invalid(text);
    };
    const fieldName = (word) => {
        const name = word.replace(/^properties\//, '');
        if (!fields.includes(name))
            throw invalid(text);
        return name;
    };
    const literal = () => {
        const token = next();
        if (token.kind === 'string')
            return token.value;
        if (token.value === 'true' || token.value === 'false')
            return token.value === 'true';
        throw invalid(text);
    };
    const factor = () => {
        const token = next();
        if (token.value === '(') {
            const inner = expression();
            expect(')');
            return inner;
        }
        if (token.value === 'not') {
            const inner = factor();
            return (get) => !inner(get);
        }
        if (token.kind !== 'word')
            throw invalid(text);
        if (FUNCTIONS.has(token.value.toLowerCase())) {
            const fn = token.value.toLowerCase();
            expect('(');
            const first = next();
            expect(',');
            const second = next();
            expect(')');
            const [fieldToken, valueToken] = fn === 'substringof' ? [second, first] : [first, second];
            if (fieldToken.kind !== 'word' || valueToken.kind !== 'string')
                throw invalid(text);
            const name = fieldName(fieldToken.value);
            const value = valueToken.value.toLowerCase();
            return (get) => {
                const actual = String(get(name) ?? '').toLowerCase();
                if (fn === 'startswith')
                    return actual.startsWith(value);
                if (fn === 'endswith')
                    return actual.endsWith(value);
                return actual.includes(value);
            };
        }
        const name = fieldName(token.value);
        const op = next().value;
        if (!COMPARE.has(op))
            throw invalid(text);
        const value = literal();
        return (get) => {
            const actual = get(name);
            const a = typeof value === 'boolean' ? actual === true : String(actual ?? '').toLowerCase();
            const b = typeof value === 'boolean' ? value : value.toLowerCase();
            switch (op) {
                case 'eq':
                    return a === b;
                case 'ne':
                    return a !== b;
                case 'gt':
                    return a > b;
                case 'ge':
                    return a >= b;
                case 'lt':
                    return a < b;
                default:
                    return a <= b;
            }
        };
    };
    const term = () => {
        let left = factor();
        while (peek()?.value === 'and') {
            next();
            const l = left;
            const r = factor();
            left = (get) => l(get) && r(get);
        }
        return left;
    };
    const expression = () => {
        let left = term();
        while (peek()?.value === 'or') {
            next();
            const l = left;
            const r = term();
            left = (get) => l(get) || r(get);
        }
        return left;
    };
    const predicate = expression();
    if (at !== tokens.length)
        throw invalid(text);
    return predicate;
}

// EXTERNAL MODULE: ./src/specs/errors.ts
var errors = __webpack_require__(93933);
// EXTERNAL MODULE: ./src/specs/load.ts + 3 modules
var load = __webpack_require__(92640);
// EXTERNAL MODULE: ./src/specs/operations.ts
var specs_operations = __webpack_require__(47532);
// EXTERNAL MODULE: ./src/specs/pointer.ts
var pointer = __webpack_require__(22661);
;// CONCATENATED MODULE: ./emulator/importer.ts





const INLINE_FORMATS = new Set(['openapi', 'openapi+json', 'swagger-json']);
/**
 * Imports an inline OpenAPI/Swagger document the way APIM does: operations named from the
 * normalised operationId, displayed by summary, required query parameters turned into URL
 * template parameters unless `translateRequiredQueryParameters` is `query`.
 */
function importDocument(format, value, translate) {
    if (!INLINE_FORMATS.has(format)) {
        throw validationError(`Format '${format}' is not supported by the emulator; use openapi, openapi+json or swagger-json with an inline value.`, 'format');
    }
    if (Buffer.byteLength(value) > load/* MAX_SPEC_BYTES */.p) {
        throw validationError('The document is larger than the 4 MB allowed for an inline import; import it by URL.', 'value');
    }
    let spec;
    try {
        spec = (0,load/* parseSpec */.F9)(value, 'document', format === 'openapi' && !value.trimStart().startsWith('{') ? 'yaml' : 'json');
    }
    catch (err) {
        if (!(err instanceof errors/* SpecError */.G))
            throw err;
        const where = err.line ? ` (line ${err.line}${err.column ? `, column ${err.column}` : ''})` : '';
        throw new ArmError(400, 'ValidationError', `Parsing error(s): ${err.message}${where}`);
    }
    if (format === 'swagger-json' && spec.format !== 'swagger 2.0') {
        throw validationError("Format 'swagger-json' expects an OpenAPI 2.0 (Swagger) document.", 'format');
    }
    if (format === 'openapi' && spec.format === 'swagger 2.0' && spec.source.syntax === 'yaml') {
        throw validationError('OpenAPI version 2 is supported in JSON only.', 'format');
    }
    const operations = [];
    const names = new Set();
    const signatures = new Map();
    for (const op of (0,specs_operations/* listOperations */.RT)(spec)) {
        const parameters = (0,specs_operations/* effectiveParameters */.kY)(spec, op);
        const pathParams = parameters.filter((p) => p.value.in === 'path');
        const query = parameters.filter((p) => p.value.in === 'query');
        const templated = translate === 'template' ? query.filter((p) => p.value.required === true) : [];
        const [route, fixedQuery] = op.path.split('?');
        const queryTemplate = [
            ...(fixedQuery ? [fixedQuery] : []),
            ...templated.map((p) => `${String(p.value.name)}={${String(p.value.name)}}`)
        ];
        const urlTemplate = queryTemplate.length > 0 ? `${route}?${queryTemplate.join('&')}` : route;
        const signature = `${op.method.toUpperCase()} ${urlTemplate.replace(/\{[^}]*\}/g, '{}')}`;
        signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
        const operationId = typeof op.operation.operationId === 'string' ? op.operation.operationId : undefined;
        const summary = typeof op.operation.summary === 'string' ? op.operation.summary : undefined;
        const name = uniqueName(normalizeName(operationId ?? `${op.method}-${op.path}`), names);
        operations.push({
            name,
            displayName: (summary ?? operationId ?? name).slice(0, 300),
            method: op.method.toUpperCase(),
            urlTemplate,
            description: typeof op.operation.description === 'string' ? op.operation.description : undefined,
            templateParameters: [...pathParams, ...templated].map((p) => ({
                name: String(p.value.name),
                type: typeOf(p.value),
                required: true
            })),
            queryParameters: query
                .filter((p) => !templated.includes(p))
                .map((p) => ({
                name: String(p.value.name),
                type: typeOf(p.value),
                required: p.value.required === true
            }))
        });
    }
    const duplicates = [...signatures].filter(([, count]) => count > 1);
    if (duplicates.length > 0) {
        const [signature, count] = duplicates[0];
        throw new ArmError(400, 'ValidationError', `Importing API has duplicate signature operations: ${count} operations with signature '${signature}'`);
    }
    const info = (0,pointer/* isObject */.Gv)(spec.root.info) ? spec.root.info : {};
    return {
        operations,
        title: spec.title,
        description: typeof info.description === 'string' ? info.description : undefined,
        serviceUrl: serviceUrlOf(spec.root)
    };
}
/** APIM's operation name: lower-case, runs of other characters as one '-', at most 76 long. */
function normalizeName(text) {
    const name = text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 76)
        .replace(/-+$/, '');
    return name || 'operation';
}
function uniqueName(base, taken) {
    let name = base;
    for (let i = 1; taken.has(name); i++)
        name = `${base}-${i}`;
    taken.add(name);
    return name;
}
function typeOf(parameter) {
    if (typeof parameter.type === 'string')
        return parameter.type;
    const schema = parameter.schema;
    return (0,pointer/* isObject */.Gv)(schema) && typeof schema.type === 'string' ? schema.type : 'string';
}
/** The first https server of the document, variables at their defaults (as APIM picks it). */
function serviceUrlOf(root) {
    if (Array.isArray(root.servers)) {
        for (const server of root.servers) {
            if (!(0,pointer/* isObject */.Gv)(server) || typeof server.url !== 'string')
                continue;
            const variables = (0,pointer/* isObject */.Gv)(server.variables) ? server.variables : {};
            const url = server.url.replace(/\{([^}]+)\}/g, (_, name) => {
                const variable = variables[name];
                return (0,pointer/* isObject */.Gv)(variable) && typeof variable.default === 'string' ? variable.default : '';
            });
            if (url.startsWith('https://'))
                return url;
        }
    }
    if (typeof root.host === 'string') {
        const schemes = Array.isArray(root.schemes) ? root.schemes : ['https'];
        const scheme = schemes.includes('https') ? 'https' : String(schemes[0]);
        return `${scheme}://${root.host}${typeof root.basePath === 'string' ? root.basePath : ''}`;
    }
    return undefined;
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 26 modules
var XMLParser = __webpack_require__(69658);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js
var fxp = __webpack_require__(75824);
;// CONCATENATED MODULE: ./emulator/policy.ts


const parser = new XMLParser/* default */.A({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: true,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true
});
function parseXml(xml) {
    return parser.parse(xml)
        .map(toElement)
        .filter((e) => e !== undefined);
}
function toElement(node) {
    const record = node;
    const name = Object.keys(record).find((k) => k !== ':@');
    if (!name || name === '#text' || name.startsWith('?'))
        return undefined;
    const content = record[name] ?? [];
    const children = content.map(toElement).filter((e) => e !== undefined);
    const text = content
        .map((c) => c['#text'])
        .filter((t) => t !== undefined)
        .join('');
    return { name, attributes: record[':@'] ?? {}, children, text };
}
const SECTIONS = new Set(['inbound', 'backend', 'outbound', 'on-error']);
/** Where each `<include-fragment fragment-id="…">` sits, for APIM-like messages. */
function includes(xml) {
    const found = [];
    const pattern = /<include-fragment\b[^>]*?\bfragment-id\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    for (const match of xml.matchAll(pattern)) {
        const before = xml.slice(0, match.index);
        const line = before.split('\n').length;
        found.push({ id: match[1] ?? match[2], line, column: match.index - before.lastIndexOf('\n') });
    }
    return found;
}
function checkWellFormed(xml, what) {
    const result = fxp/* XMLValidator */.iI.validate(xml, { allowBooleanAttributes: false });
    if (result !== true) {
        throw validationError(`${what} is not a valid XML: ${result.err.msg} Line ${result.err.line}, position ${result.err.col}.`);
    }
    const roots = parseXml(xml);
    if (roots.length !== 1)
        throw validationError(`${what} must have exactly one root element.`);
    return roots[0];
}
/** Checks an API policy as APIM does on PUT: XML, `<policies>` root, fragments that exist. */
function checkPolicy(xml, fragmentExists) {
    const root = checkWellFormed(xml, 'The policy');
    if (root.name !== 'policies') {
        throw validationError(`The root element of a policy must be 'policies', not '${root.name}'.`);
    }
    for (const include of includes(xml)) {
        if (!fragmentExists(include.id)) {
            throw validationError(`Error in element 'include-fragment' on line ${include.line}, column ${include.column}: Policy fragment with id '${include.id}' could not be found.`, 'include-fragment');
        }
    }
}
/** Checks a fragment: XML with a `<fragment>` root and no sections, `<base/>` or nested fragments. */
function checkFragment(xml) {
    const root = checkWellFormed(xml, 'The policy fragment');
    if (root.name !== 'fragment') {
        throw validationError(`The root element of a policy fragment must be 'fragment', not '${root.name}'.`);
    }
    const walk = (element) => {
        for (const child of element.children) {
            if (SECTIONS.has(child.name) || child.name === 'base' || child.name === 'include-fragment') {
                throw validationError(`A policy fragment cannot contain '${child.name}'.`);
            }
            walk(child);
        }
    };
    walk(root);
}
function fragmentIds(xml) {
    return includes(xml).map((i) => i.id);
}
/** The fragment's policies without the `<fragment>` wrapper (how APIM echoes `format=xml`). */
function fragmentInner(xml) {
    return xml
        .replace(/^\s*<fragment\b[^>]*>/, '')
        .replace(/<\/fragment>\s*$/, '')
        .trim();
}
class PolicyExecutionError extends Error {
}
/**
 * Runs a section of a policy (`inbound`, `outbound`) with fragments inlined. Supported:
 * set-query-parameter, set-header, set-backend-service base-url, include-fragment, base;
 * other elements are ignored.
 */
function runSection(policyXml, section, context, fragmentXml) {
    if (!policyXml)
        return;
    const [root] = parseXml(policyXml);
    const element = root?.children.find((c) => c.name === section);
    if (!element)
        return;
    const run = (elements) => {
        for (const el of elements) {
            switch (el.name) {
                case 'include-fragment': {
                    const xml = fragmentXml(el.attributes['fragment-id']);
                    if (xml)
                        run(parseXml(xml)[0]?.children ?? []);
                    break;
                }
                case 'set-query-parameter':
                    applyNamed(el, context, (name) => context.url.searchParams.getAll(name), (name, values) => {
                        context.url.searchParams.delete(name);
                        for (const v of values)
                            context.url.searchParams.append(name, v);
                    });
                    break;
                case 'set-header':
                    applyNamed(el, context, (name) => context.headers[name.toLowerCase()] ? [context.headers[name.toLowerCase()]] : [], (name, values) => {
                        if (values.length === 0)
                            delete context.headers[name.toLowerCase()];
                        else
                            context.headers[name.toLowerCase()] = values.join(',');
                    });
                    break;
                case 'set-backend-service':
                    if (el.attributes['base-url'])
                        context.backendBaseUrl = evaluate(el.attributes['base-url'], context);
                    break;
                default:
                    break;
            }
        }
    };
    run(element.children);
}
function applyNamed(el, context, get, set) {
    const name = el.attributes.name;
    if (!name)
        throw new PolicyExecutionError(`'${el.name}' needs a name attribute`);
    const action = el.attributes['exists-action'] ?? 'override';
    const values = el.children.filter((c) => c.name === 'value').map((c) => evaluate(c.text, context));
    const existing = get(name);
    if (action === 'delete')
        set(name, []);
    else if (action === 'skip') {
        if (existing.length === 0)
            set(name, values);
    }
    else if (action === 'append')
        set(name, [...existing, ...values]);
    else
        set(name, values);
}
const GET_VALUE = /^context\.(Request\.(?:OriginalUrl|Url)\.Query|Request\.Headers)\.GetValueOrDefault\(\s*"([^"]*)"\s*(?:,\s*"([^"]*)"\s*)?\)$/;
/** Evaluates a literal or one of the supported expressions (see the README). */
function evaluate(text, context) {
    const trimmed = text.trim();
    const expression = /^@\((.*)\)$/s.exec(trimmed)?.[1]?.trim();
    if (expression === undefined) {
        if (trimmed.startsWith('@'))
            throw new PolicyExecutionError(`policy expression not supported by the emulator: ${trimmed}`);
        return text;
    }
    if (expression === 'context.Api.Version')
        return context.apiVersion ?? '';
    const match = GET_VALUE.exec(expression);
    if (!match)
        throw new PolicyExecutionError(`policy expression not supported by the emulator: ${trimmed}`);
    const [, source, name, fallback] = match;
    let value;
    if (source === 'Request.Headers')
        value = context.headers[name.toLowerCase()] ?? null;
    else if (source === 'Request.OriginalUrl.Query')
        value = context.originalUrl.searchParams.get(name);
    else
        value = context.url.searchParams.get(name);
    return value ?? fallback ?? '';
}

;// CONCATENATED MODULE: ./emulator/arm.ts





const API_ID = /^[^*#&+:<>?]+$/;
const FRAGMENT_ID = /(^[\w]+$)|(^[\w][\w-]+[\w]$)/;
const DEFAULT_KEY_NAMES = { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' };
/** Properties that only the current revision may change (APIM's rule). */
const VERSION_SCOPED = [
    ['path', 'Path'],
    ['apiVersion', 'ApiVersion'],
    ['displayName', 'Name'],
    ['description', 'Description'],
    ['protocols', 'Protocols'],
    ['subscriptionRequired', 'SubscriptionRequired'],
    ['apiVersionDescription', 'ApiVersionDescription']
];
const PAGE_SIZE = 100;
/** The ARM management API of one APIM service (the subset the README lists). */
class ArmApi {
    options;
    operations = new Map();
    constructor(options) {
        this.options = options;
    }
    get state() {
        return this.options.store.state;
    }
    get servicePath() {
        const { subscriptionId, resourceGroup, serviceName } = this.state.identity;
        return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`;
    }
    async handle(req, res, url) {
        const apiVersion = url.searchParams.get('api-version');
        if (!apiVersion) {
            throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
        }
        const segments = this.serviceSegments(url.pathname);
        const method = req.method ?? 'GET';
        const [collection, id, sub, subId, ...rest] = segments;
        const ctx = { req, res, url, method, apiVersion };
        if (collection === 'tenant' && id === 'operationResults' && sub && !subId)
            return this.operationResult(ctx, sub);
        if (collection === 'apiVersionSets') {
            if (id === undefined)
                return this.onlyGet(ctx, () => this.list(ctx, Object.values(this.state.versionSets).map((v) => this.versionSetJson(v))));
            if (sub === undefined)
                return this.versionSet(ctx, id);
        }
        if (collection === 'tags') {
            if (id === undefined)
                return this.onlyGet(ctx, () => this.list(ctx, Object.values(this.state.tags).map((t) => this.tagJson(t))));
            if (sub === undefined)
                return this.tag(ctx, id);
        }
        if (collection === 'policyFragments') {
            if (id === undefined)
                return this.onlyGet(ctx, () => this.list(ctx, Object.values(this.state.fragments).map((f) => this.fragmentJson(f, 'xml'))));
            if (sub === undefined)
                return this.fragment(ctx, id);
        }
        if (collection === 'apis') {
            if (id === undefined)
                return this.onlyGet(ctx, () => this.listApis(ctx));
            if (sub === undefined)
                return this.api(ctx, id);
            if (rest.length === 0) {
                if (sub === 'operations')
                    return this.onlyGet(ctx, () => this.apiOperations(ctx, id, subId));
                if (sub === 'revisions' && subId === undefined)
                    return this.onlyGet(ctx, () => this.revisions(ctx, id));
                if (sub === 'releases')
                    return this.release(ctx, id, subId);
                if (sub === 'policies')
                    return this.policy(ctx, id, subId);
                if (sub === 'tags')
                    return this.apiTag(ctx, id, subId);
            }
        }
        throw new ArmError(404, 'NotFound', `No route for ${method} ${url.pathname} in the emulator (see the README for what it emulates).`);
    }
    /** The path segments below `/subscriptions/…/service/{name}`, percent-decoded. */
    serviceSegments(pathname) {
        const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
        const { subscriptionId, resourceGroup, serviceName } = this.state.identity;
        const expected = [
            'subscriptions',
            subscriptionId,
            'resourceGroups',
            resourceGroup,
            'providers',
            'Microsoft.ApiManagement',
            'service',
            serviceName
        ];
        const matches = expected.every((part, i) => parts[i]?.toLowerCase() === part.toLowerCase());
        if (!matches) {
            throw new ArmError(404, 'ResourceNotFound', `The Resource 'Microsoft.ApiManagement/service/${parts[7] ?? '?'}' under resource group '${parts[3] ?? '?'}' was not found. The emulator serves ${this.servicePath}.`);
        }
        return parts.slice(expected.length);
    }
    onlyGet(ctx, answer) {
        if (ctx.method !== 'GET')
            throw methodNotAllowed(ctx.method);
        answer();
    }
    // --- Long-running operations -------------------------------------------------------------
    startOperation(ctx, resourcePath, code, failure) {
        const id = (0,external_node_crypto_.randomUUID)().replace(/-/g, '').slice(0, 24);
        this.operations.set(id, {
            doneAt: Date.now() + this.options.lroMs,
            status: failure ? 'Failed' : 'Succeeded',
            error: failure,
            code
        });
        const base = this.options.baseUrl();
        return {
            'azure-asyncoperation': `${base}${this.servicePath}/tenant/operationResults/${id}?api-version=${ctx.apiVersion}`,
            location: `${base}${resourcePath}?api-version=${ctx.apiVersion}&asyncId=${id}&asyncCode=${code}`
        };
    }
    pending(id) {
        const op = this.operations.get(id);
        return op ? { op, remainingMs: Math.max(0, op.doneAt - Date.now()) } : undefined;
    }
    operationResult(ctx, id) {
        if (ctx.method !== 'GET')
            throw methodNotAllowed(ctx.method);
        const found = this.pending(id);
        if (!found)
            throw notFound('Operation');
        const { op, remainingMs } = found;
        if (remainingMs > 0) {
            sendJson(ctx.res, 200, { id, name: id, status: 'InProgress' }, { 'retry-after': String(Math.ceil(remainingMs / 1000)) });
            return;
        }
        sendJson(ctx.res, 200, {
            id,
            name: id,
            status: op.status,
            ...(op.error ? { error: op.error } : {})
        });
    }
    /** A GET of a resource URL carrying `asyncId` (the Location header) answers for the operation. */
    answeredByOperation(ctx) {
        const asyncId = ctx.url.searchParams.get('asyncId');
        if (!asyncId || ctx.method !== 'GET')
            return false;
        const found = this.pending(asyncId);
        if (!found)
            return false;
        if (found.remainingMs > 0) {
            sendJson(ctx.res, 202, undefined, {
                'retry-after': String(Math.ceil(found.remainingMs / 1000))
            });
            return true;
        }
        if (found.op.status === 'Failed') {
            const error = found.op.error ?? {
                code: 'InternalServerError',
                message: 'The operation failed.'
            };
            sendJson(ctx.res, 400, { error: { ...error, details: [] } });
            return true;
        }
        if (found.op.code === 204) {
            sendJson(ctx.res, 204, undefined);
            return true;
        }
        return false;
    }
    /** The failure an `lro-fail` fault gives this request, if one is set. */
    injectedFailure(ctx) {
        const fault = this.options.faults.take(ctx.method, ctx.url.pathname, 'lro');
        return fault
            ? {
                code: fault.code ?? 'InternalServerError',
                message: 'The long-running operation failed (fault injected by the emulator).'
            }
            : undefined;
    }
    // --- Version sets ------------------------------------------------------------------------
    versionSetJson(v) {
        return {
            id: `${this.servicePath}/apiVersionSets/${v.name}`,
            type: 'Microsoft.ApiManagement/service/api-version-sets',
            name: v.name,
            properties: dropUndefined({
                displayName: v.displayName,
                description: v.description,
                versioningScheme: v.versioningScheme,
                versionQueryName: v.versionQueryName,
                versionHeaderName: v.versionHeaderName
            })
        };
    }
    async versionSet(ctx, name) {
        checkName(name, API_ID, 80, 'version set');
        const existing = this.state.versionSets[name];
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!existing)
                    throw notFound('ApiVersionSet');
                return sendEntity(ctx, 200, this.versionSetJson(existing), existing.etag);
            case 'PUT':
            case 'PATCH': {
                if (ctx.method === 'PATCH' && !existing)
                    throw notFound('ApiVersionSet');
                checkIfMatch(ctx, existing?.etag, ctx.method === 'PATCH');
                const props = propertiesOf(await readJson(ctx.req));
                const base = ctx.method === 'PATCH' && existing ? existing : undefined;
                const merged = {
                    ...(base ?? {}),
                    ...pick(props, [
                        'displayName',
                        'description',
                        'versioningScheme',
                        'versionQueryName',
                        'versionHeaderName'
                    ])
                };
                validateVersionSet(merged);
                const entity = {
                    ...merged,
                    name,
                    ...this.options.store.stamp(existing)
                };
                this.state.versionSets[name] = entity;
                this.options.store.save();
                return sendEntity(ctx, existing ? 200 : 201, this.versionSetJson(entity), entity.etag);
            }
            case 'DELETE': {
                checkIfMatch(ctx, existing?.etag, true);
                if (!existing)
                    return sendJson(ctx.res, 204, undefined);
                const user = Object.values(this.state.apis).find((api) => this.versionSetName(current(api).properties.apiVersionSetId) === name);
                if (user)
                    throw validationError(`The version set is used by API '${user.name}'; delete its APIs first.`);
                delete this.state.versionSets[name];
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            }
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    /** The version set name of an `apiVersionSetId` (short `/apiVersionSets/x` or full ARM id). */
    versionSetName(id) {
        return id ? /\/apiVersionSets\/([^/]+)$/i.exec(id)?.[1] : undefined;
    }
    // --- APIs --------------------------------------------------------------------------------
    apiJson(api, revision, name, expandVersionSet = false) {
        const p = revision.properties;
        const setName = this.versionSetName(p.apiVersionSetId);
        const set = setName ? this.state.versionSets[setName] : undefined;
        return {
            id: `${this.servicePath}/apis/${name}`,
            type: 'Microsoft.ApiManagement/service/apis',
            name,
            properties: dropUndefined({
                displayName: p.displayName,
                apiRevision: String(revision.revision),
                description: p.description,
                subscriptionRequired: p.subscriptionRequired,
                serviceUrl: p.serviceUrl,
                path: p.path,
                protocols: p.protocols,
                subscriptionKeyParameterNames: p.subscriptionKeyParameterNames,
                isCurrent: api.current === revision.revision,
                isOnline: true,
                apiRevisionDescription: p.apiRevisionDescription,
                apiVersion: p.apiVersion,
                apiVersionDescription: p.apiVersionDescription,
                apiVersionSetId: setName ? `${this.servicePath}/apiVersionSets/${setName}` : undefined,
                apiVersionSet: expandVersionSet && set
                    ? dropUndefined({
                        id: `${this.servicePath}/apiVersionSets/${set.name}`,
                        name: set.displayName,
                        description: set.description,
                        versioningScheme: set.versioningScheme,
                        versionQueryName: set.versionQueryName,
                        versionHeaderName: set.versionHeaderName
                    })
                    : undefined,
                type: p.type
            })
        };
    }
    /** Every revision as GET /apis lists them: the current one by its name, others as `name;rev=N`. */
    allApiItems(expand) {
        const items = [];
        for (const api of Object.values(this.state.apis)) {
            for (const revision of Object.values(api.revisions)) {
                const name = api.current === revision.revision ? api.name : `${api.name};rev=${revision.revision}`;
                items.push(this.apiJson(api, revision, name, expand));
            }
        }
        return items;
    }
    listApis(ctx) {
        const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true';
        let items = this.allApiItems(expand);
        const filter = ctx.url.searchParams.get('$filter');
        if (filter) {
            const predicate = parseFilter(filter, [
                'name',
                'displayName',
                'description',
                'serviceUrl',
                'path',
                'isCurrent'
            ]);
            items = items.filter((item) => {
                const props = item.properties;
                return predicate((field) => (field === 'name' ? item.name : props[field]));
            });
        }
        this.list(ctx, items);
    }
    /** Finds an API revision by `name` or `name;rev=N`. */
    resolveApi(id) {
        const { root, rev } = splitApiId(id);
        const api = this.state.apis[root];
        if (!api)
            return undefined;
        const revision = api.revisions[String(rev ?? api.current)];
        return revision ? { api, revision } : undefined;
    }
    /** An API reference in a body: `/apis/x;rev=2` or a full ARM id. */
    apiFromReference(reference) {
        if (typeof reference !== 'string')
            return undefined;
        return /\/apis\/([^/]+)$/i.exec(reference)?.[1];
    }
    async api(ctx, id) {
        checkName(id, API_ID, 256, 'API');
        if (this.answeredByOperation(ctx))
            return;
        const found = this.resolveApi(id);
        switch (ctx.method) {
            case 'GET':
            case 'HEAD': {
                if (!found)
                    throw notFound('Api');
                const expand = ctx.url.searchParams.get('expandApiVersionSet') === 'true';
                return sendEntity(ctx, 200, this.apiJson(found.api, found.revision, id, expand), found.revision.etag);
            }
            case 'PUT':
                return this.putApi(ctx, id);
            case 'PATCH': {
                if (!found)
                    throw notFound('Api');
                checkIfMatch(ctx, found.revision.etag, true);
                const props = propertiesOf(await readJson(ctx.req));
                const update = this.apiProperties(props);
                this.checkNonCurrent(found.api, found.revision.revision, update);
                const merged = { ...found.revision.properties, ...update };
                this.checkApiRules(found.api.name, merged);
                Object.assign(found.revision, { properties: merged }, this.options.store.stamp(found.revision));
                this.options.store.save();
                return sendEntity(ctx, 200, this.apiJson(found.api, found.revision, id), found.revision.etag);
            }
            case 'DELETE':
                return this.deleteApi(ctx, id, found);
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    apiProperties(props) {
        return pick(props, [
            'displayName',
            'path',
            'serviceUrl',
            'protocols',
            'description',
            'apiVersion',
            'apiVersionDescription',
            'apiVersionSetId',
            'apiRevisionDescription',
            'subscriptionRequired',
            'subscriptionKeyParameterNames',
            'type'
        ]);
    }
    checkNonCurrent(api, revision, update) {
        if (!api || api.current === revision)
            return;
        const currentProps = current(api).properties;
        for (const [key, label] of VERSION_SCOPED) {
            if (update[key] !== undefined &&
                JSON.stringify(update[key]) !== JSON.stringify(currentProps[key])) {
                throw validationError(`Can't change property ${label} for non-current revision `, key);
            }
        }
    }
    /** APIM's cross-API rules: the version set exists, paths are shared only inside a set, versions are unique in it. */
    checkApiRules(root, props) {
        const setName = this.versionSetName(props.apiVersionSetId);
        if (props.apiVersionSetId && (!setName || !this.state.versionSets[setName])) {
            throw notFound('ApiVersionSet');
        }
        for (const other of Object.values(this.state.apis)) {
            if (other.name === root)
                continue;
            const o = current(other).properties;
            const otherSet = this.versionSetName(o.apiVersionSetId);
            if (o.path.toLowerCase() === props.path.toLowerCase() && (!setName || otherSet !== setName)) {
                throw validationError(`Cannot create API '${root}' with the same Path '${props.path}' as API '${other.name}'  unless it's a part of the same version set`, 'path');
            }
            if (setName && otherSet === setName && (o.apiVersion ?? '') === (props.apiVersion ?? '')) {
                throw validationError(`API with specified version '${props.apiVersion ?? ''}' already exists`, 'apiVersion');
            }
        }
    }
    async putApi(ctx, id) {
        const { root, rev } = splitApiId(id);
        const body = propertiesOf(await readJson(ctx.req));
        const api = this.state.apis[root];
        const revisionNumber = rev ?? api?.current ?? 1;
        const existing = api?.revisions[String(revisionNumber)];
        checkIfMatch(ctx, existing?.etag, false);
        if (body.apiRevision !== undefined && String(body.apiRevision) !== String(revisionNumber)) {
            throw validationError(`apiRevision '${String(body.apiRevision)}' does not match the revision in the name (${revisionNumber}).`, 'apiRevision');
        }
        // A new revision starts as a copy of its source (sourceApiId) or of the current revision.
        let base = existing;
        if (!existing && body.sourceApiId !== undefined) {
            const sourceId = this.apiFromReference(body.sourceApiId);
            base = sourceId ? this.resolveApi(sourceId)?.revision : undefined;
            if (!base)
                throw notFound('Api');
        }
        else if (!existing && api) {
            base = current(api);
        }
        const update = this.apiProperties(body);
        this.checkNonCurrent(api, revisionNumber, update);
        const properties = {
            protocols: ['https'],
            subscriptionRequired: true,
            subscriptionKeyParameterNames: { ...DEFAULT_KEY_NAMES },
            type: 'http',
            displayName: root,
            ...(base ? structuredClone(base.properties) : {}),
            ...update
        };
        if (typeof properties.path !== 'string')
            throw validationError("'path' is required.", 'path');
        if (properties.subscriptionKeyParameterNames) {
            properties.subscriptionKeyParameterNames = {
                ...DEFAULT_KEY_NAMES,
                ...properties.subscriptionKeyParameterNames
            };
        }
        if (properties.apiVersionSetId) {
            const setName = this.versionSetName(properties.apiVersionSetId);
            properties.apiVersionSetId = setName
                ? `/apiVersionSets/${setName}`
                : properties.apiVersionSetId;
        }
        this.checkApiRules(root, properties);
        // The document is validated as part of the long-running operation, as APIM does.
        let failure = this.injectedFailure(ctx);
        let operations = base ? structuredClone(base.operations) : [];
        if (!failure && body.format !== undefined) {
            try {
                const translate = body.translateRequiredQueryParameters === 'query' ? 'query' : 'template';
                const imported = importDocument(String(body.format), String(body.value ?? ''), translate);
                operations = imported.operations;
                if (update.displayName === undefined && !base && imported.title)
                    properties.displayName = imported.title;
                if (update.serviceUrl === undefined && !properties.serviceUrl && imported.serviceUrl)
                    properties.serviceUrl = imported.serviceUrl;
            }
            catch (err) {
                if (!(err instanceof ArmError))
                    throw err;
                failure = { code: err.code, message: err.details[0]?.message ?? err.message };
            }
        }
        const created = !existing;
        const revision = {
            revision: revisionNumber,
            properties,
            operations,
            policy: existing?.policy ?? (base ? structuredClone(base.policy) : undefined),
            ...this.options.store.stamp(existing)
        };
        if (!failure) {
            const entity = api ?? {
                name: root,
                current: revisionNumber,
                revisions: {},
                releases: {},
                tags: []
            };
            entity.revisions[String(revisionNumber)] = revision;
            this.state.apis[root] = entity;
            this.options.store.save();
        }
        const code = created ? 201 : 200;
        const headers = this.startOperation(ctx, `${this.servicePath}/apis/${encodeURIComponent(id)}`, code, failure);
        const view = this.apiJson(this.state.apis[root] ?? {
            name: root,
            current: revisionNumber,
            revisions: {},
            releases: {},
            tags: []
        }, revision, id);
        view.properties.provisioningState = 'InProgress';
        sendJson(ctx.res, code, view, { ...headers, etag: revision.etag });
    }
    deleteApi(ctx, id, found) {
        checkIfMatch(ctx, found?.revision.etag, true);
        if (!found)
            return sendJson(ctx.res, 204, undefined);
        const { rev } = splitApiId(id);
        if (rev !== undefined) {
            if (found.api.current === rev)
                throw validationError('Cannot delete the current revision of an API.');
            delete found.api.revisions[String(rev)];
        }
        else {
            delete this.state.apis[found.api.name];
        }
        this.options.store.save();
        const headers = this.startOperation(ctx, `${this.servicePath}/apis/${encodeURIComponent(id)}`, 204);
        sendJson(ctx.res, 202, undefined, headers);
    }
    apiOperations(ctx, id, operationName) {
        const found = this.resolveApi(id);
        if (!found)
            throw notFound('Api');
        const json = (op) => ({
            id: `${this.servicePath}/apis/${id}/operations/${op.name}`,
            type: 'Microsoft.ApiManagement/service/apis/operations',
            name: op.name,
            properties: dropUndefined({
                displayName: op.displayName,
                method: op.method,
                urlTemplate: op.urlTemplate,
                description: op.description,
                templateParameters: op.templateParameters,
                request: { queryParameters: op.queryParameters, headers: [], representations: [] },
                responses: []
            })
        });
        if (operationName === undefined)
            return this.list(ctx, found.revision.operations.map(json));
        const op = found.revision.operations.find((o) => o.name === operationName);
        if (!op)
            throw notFound('Operation');
        sendJson(ctx.res, 200, json(op), { etag: found.revision.etag });
    }
    revisions(ctx, id) {
        const api = this.state.apis[splitApiId(id).root];
        if (!api)
            throw notFound('Api');
        const items = Object.values(api.revisions)
            .sort((a, b) => b.revision - a.revision)
            .map((r) => dropUndefined({
            apiId: `${this.servicePath}/apis/${api.name};rev=${r.revision}`,
            apiRevision: String(r.revision),
            createdDateTime: r.createdDateTime,
            updatedDateTime: r.updatedDateTime,
            description: r.properties.apiRevisionDescription,
            privateUrl: `/${r.properties.path};rev=${r.revision}`,
            isOnline: true,
            isCurrent: api.current === r.revision
        }));
        const filter = ctx.url.searchParams.get('$filter');
        const predicate = filter ? parseFilter(filter, ['apiRevision']) : undefined;
        this.list(ctx, predicate ? items.filter((i) => predicate((f) => i[f])) : items);
    }
    // --- Releases ----------------------------------------------------------------------------
    releaseJson(api, release) {
        return {
            id: `${this.servicePath}/apis/${api.name}/releases/${release.name}`,
            type: 'Microsoft.ApiManagement/service/apis/releases',
            name: release.name,
            properties: dropUndefined({
                apiId: release.apiId,
                createdDateTime: release.createdDateTime,
                updatedDateTime: release.updatedDateTime,
                notes: release.notes
            })
        };
    }
    async release(ctx, id, releaseName) {
        const api = this.state.apis[splitApiId(id).root];
        if (!api)
            throw notFound('Api');
        if (releaseName === undefined) {
            if (ctx.method !== 'GET')
                throw methodNotAllowed(ctx.method);
            const items = Object.values(api.releases).map((r) => this.releaseJson(api, r));
            return this.list(ctx, items);
        }
        checkName(releaseName, API_ID, 80, 'release');
        const existing = api.releases[releaseName];
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!existing)
                    throw notFound('ApiRelease');
                return sendEntity(ctx, 200, this.releaseJson(api, existing), existing.etag);
            case 'PUT':
            case 'PATCH': {
                if (ctx.method === 'PATCH' && !existing)
                    throw notFound('ApiRelease');
                checkIfMatch(ctx, existing?.etag, ctx.method === 'PATCH');
                const props = propertiesOf(await readJson(ctx.req));
                const target = this.apiFromReference(props.apiId ?? existing?.apiId);
                if (!target)
                    throw validationError("'apiId' is required: the revision to make current, e.g. /apis/name;rev=2.", 'apiId');
                const { root, rev } = splitApiId(target);
                if (root !== api.name)
                    throw validationError(`The release's apiId must name a revision of '${api.name}'.`, 'apiId');
                const revision = api.revisions[String(rev ?? api.current)];
                if (!revision)
                    throw notFound('Api');
                api.current = revision.revision;
                const entity = {
                    name: releaseName,
                    apiId: `${this.servicePath}/apis/${api.name};rev=${revision.revision}`,
                    notes: typeof props.notes === 'string' ? props.notes : existing?.notes,
                    ...this.options.store.stamp(existing)
                };
                api.releases[releaseName] = entity;
                this.options.store.save();
                return sendEntity(ctx, existing ? 200 : 201, this.releaseJson(api, entity), entity.etag);
            }
            case 'DELETE':
                checkIfMatch(ctx, existing?.etag, true);
                if (!existing)
                    return sendJson(ctx.res, 204, undefined);
                delete api.releases[releaseName];
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    // --- API policies ------------------------------------------------------------------------
    async policy(ctx, id, policyName) {
        const found = this.resolveApi(id);
        if (!found)
            throw notFound('Api');
        const json = (format) => {
            const policy = found.revision.policy;
            return policy
                ? {
                    id: `${this.servicePath}/apis/${id}/policies/policy`,
                    type: 'Microsoft.ApiManagement/service/apis/policies',
                    name: 'policy',
                    properties: { format, value: policy.value }
                }
                : undefined;
        };
        if (policyName === undefined) {
            if (ctx.method !== 'GET')
                throw methodNotAllowed(ctx.method);
            const item = json('xml');
            return sendJson(ctx.res, 200, {
                value: item ? [item] : [],
                count: item ? 1 : 0,
                nextLink: ''
            });
        }
        if (policyName !== 'policy')
            throw validationError(`Policy id must be 'policy', not '${policyName}'.`, 'policyId');
        const existing = found.revision.policy;
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!existing)
                    throw notFound('Policy');
                return sendEntity(ctx, 200, json(ctx.url.searchParams.get('format') ?? 'xml'), existing.etag);
            case 'PUT': {
                checkIfMatch(ctx, existing?.etag, false);
                const props = propertiesOf(await readJson(ctx.req));
                const format = typeof props.format === 'string' ? props.format : 'xml';
                if (format !== 'xml' && format !== 'rawxml') {
                    throw validationError(`Policy format '${format}' is not supported by the emulator; use xml or rawxml.`, 'format');
                }
                if (typeof props.value !== 'string' || !props.value.trim())
                    throw validationError("'value' is required.", 'value');
                checkPolicy(props.value, (fragmentId) => fragmentId in this.state.fragments);
                found.revision.policy = {
                    format,
                    value: props.value,
                    ...this.options.store.stamp(existing)
                };
                this.options.store.save();
                return sendEntity(ctx, existing ? 200 : 201, json(format), found.revision.policy.etag);
            }
            case 'DELETE':
                checkIfMatch(ctx, existing?.etag, true);
                if (!existing)
                    return sendJson(ctx.res, 204, undefined);
                delete found.revision.policy;
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    // --- Policy fragments --------------------------------------------------------------------
    fragmentJson(f, format) {
        return {
            id: `${this.servicePath}/policyFragments/${f.name}`,
            type: 'Microsoft.ApiManagement/service/policyFragments',
            name: f.name,
            properties: dropUndefined({
                format,
                description: f.description,
                value: format === 'rawxml' ? f.value : fragmentInner(f.value),
                provisioningState: 'Succeeded'
            })
        };
    }
    async fragment(ctx, name) {
        checkName(name, FRAGMENT_ID, 80, 'policy fragment');
        if (this.answeredByOperation(ctx))
            return;
        const existing = this.state.fragments[name];
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!existing)
                    throw notFound('PolicyFragment');
                return sendEntity(ctx, 200, this.fragmentJson(existing, ctx.url.searchParams.get('format') ?? 'xml'), existing.etag);
            case 'PUT': {
                checkIfMatch(ctx, existing?.etag, false);
                const props = propertiesOf(await readJson(ctx.req));
                const format = typeof props.format === 'string' ? props.format : 'xml';
                if (format !== 'xml' && format !== 'rawxml')
                    throw validationError(`Fragment format '${format}' must be xml or rawxml.`, 'format');
                if (typeof props.value !== 'string')
                    throw validationError("'value' is required.", 'value');
                if (typeof props.description === 'string' && props.description.length > 1000) {
                    throw validationError('The description is longer than 1000 characters.', 'description');
                }
                checkFragment(props.value);
                const failure = this.injectedFailure(ctx);
                const entity = {
                    name,
                    format,
                    description: typeof props.description === 'string' ? props.description : existing?.description,
                    value: props.value.trim(),
                    ...this.options.store.stamp(existing)
                };
                if (!failure) {
                    this.state.fragments[name] = entity;
                    this.options.store.save();
                }
                const code = existing ? 200 : 201;
                const headers = this.startOperation(ctx, `${this.servicePath}/policyFragments/${name}`, code, failure);
                const view = this.fragmentJson(entity, 'xml');
                view.properties.provisioningState = 'InProgress';
                return sendJson(ctx.res, code, view, { ...headers, etag: entity.etag });
            }
            case 'DELETE': {
                checkIfMatch(ctx, existing?.etag, true);
                if (!existing)
                    return sendJson(ctx.res, 204, undefined);
                const user = Object.values(this.state.apis).find((api) => Object.values(api.revisions).some((r) => r.policy && fragmentIds(r.policy.value).includes(name)));
                if (user)
                    throw validationError(`The policy fragment '${name}' is referenced by the policy of API '${user.name}'; remove the reference first.`);
                delete this.state.fragments[name];
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            }
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    // --- Tags --------------------------------------------------------------------------------
    tagJson(t) {
        return {
            id: `${this.servicePath}/tags/${t.name}`,
            type: 'Microsoft.ApiManagement/service/tags',
            name: t.name,
            properties: { displayName: t.displayName }
        };
    }
    async tag(ctx, name) {
        checkName(name, API_ID, 80, 'tag');
        const existing = this.state.tags[name];
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!existing)
                    throw notFound('Tag');
                return sendEntity(ctx, 200, this.tagJson(existing), existing.etag);
            case 'PUT': {
                checkIfMatch(ctx, existing?.etag, false);
                const displayName = propertiesOf(await readJson(ctx.req)).displayName;
                if (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 160) {
                    throw validationError("'displayName' is required (1 to 160 characters).", 'displayName');
                }
                const entity = { name, displayName, ...this.options.store.stamp(existing) };
                this.state.tags[name] = entity;
                this.options.store.save();
                return sendEntity(ctx, existing ? 200 : 201, this.tagJson(entity), entity.etag);
            }
            case 'DELETE':
                checkIfMatch(ctx, existing?.etag, true);
                if (!existing)
                    return sendJson(ctx.res, 204, undefined);
                delete this.state.tags[name];
                for (const api of Object.values(this.state.apis))
                    api.tags = api.tags.filter((t) => t !== name);
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    /** Tags on an API: PUT with no body assigns (201, or 200 when already assigned). */
    apiTag(ctx, id, tagName) {
        const found = this.resolveApi(id);
        if (!found)
            throw notFound('Api');
        const { api } = found;
        if (tagName === undefined) {
            if (ctx.method !== 'GET')
                throw methodNotAllowed(ctx.method);
            return this.list(ctx, api.tags
                .map((t) => this.state.tags[t])
                .filter(Boolean)
                .map((t) => this.tagJson(t)));
        }
        const tag = this.state.tags[tagName];
        switch (ctx.method) {
            case 'GET':
            case 'HEAD':
                if (!tag || !api.tags.includes(tagName))
                    throw notFound('Tag');
                return sendEntity(ctx, 200, this.tagJson(tag), tag.etag);
            case 'PUT': {
                if (!tag)
                    throw notFound('Tag');
                const assigned = api.tags.includes(tagName);
                if (!assigned) {
                    api.tags.push(tagName);
                    this.options.store.save();
                }
                return sendEntity(ctx, assigned ? 200 : 201, this.tagJson(tag), tag.etag);
            }
            case 'DELETE':
                if (!api.tags.includes(tagName))
                    return sendJson(ctx.res, 204, undefined);
                api.tags = api.tags.filter((t) => t !== tagName);
                this.options.store.save();
                return sendJson(ctx.res, 200, undefined);
            default:
                throw methodNotAllowed(ctx.method);
        }
    }
    // --- Lists -------------------------------------------------------------------------------
    /**
     * `{value, count, nextLink}`: pages of `$top` (at most 100) items from `$skip`; nextLink is an
     * absolute URL that keeps every query parameter (api-version, $filter…) with the next `$skip`.
     */
    list(ctx, items) {
        const top = Math.min(intParam(ctx.url, '$top', 1) ?? PAGE_SIZE, PAGE_SIZE);
        const skip = intParam(ctx.url, '$skip', 0) ?? 0;
        const page = items.slice(skip, skip + top);
        let nextLink = '';
        if (skip + page.length < items.length) {
            const query = new URLSearchParams(ctx.url.search);
            query.set('$skip', String(skip + page.length));
            nextLink = `${this.options.baseUrl()}${ctx.url.pathname}?${query.toString().replace(/%24/g, '$')}`;
        }
        sendJson(ctx.res, 200, { value: page, count: items.length, nextLink });
    }
}
function splitApiId(id) {
    const match = /^(.*);rev=(\d+)$/.exec(id);
    return match ? { root: match[1], rev: Number(match[2]) } : { root: id };
}
function current(api) {
    return api.revisions[String(api.current)];
}
function checkName(name, pattern, max, what) {
    const bare = what === 'API' ? splitApiId(name).root : name;
    if (!pattern.test(bare) || name.length > max) {
        throw validationError(`'${name}' is not a valid ${what} identifier: it must match ${pattern.source} and be 1 to ${max} characters long.`, 'name');
    }
}
/** If-Match: optional on PUT (create or update), required on PATCH and DELETE; `*` matches any. */
function checkIfMatch(ctx, etag, required) {
    const header = ctx.req.headers['if-match'];
    if (header === undefined) {
        if (required)
            throw new ArmError(400, 'InvalidRequest', "The 'If-Match' header is required: send '*' or the entity's ETag.");
        return;
    }
    if (header === '*' || etag === undefined)
        return;
    if (header !== etag) {
        throw new ArmError(412, 'PreconditionFailed', 'The entity was changed since it was read: its ETag does not match If-Match. Read it again and retry.');
    }
}
function sendEntity(ctx, status, body, etag) {
    if (ctx.method === 'HEAD') {
        ctx.res.writeHead(status, { etag });
        ctx.res.end();
        return;
    }
    sendJson(ctx.res, status, body, { etag });
}
function methodNotAllowed(method) {
    return new ArmError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`);
}
function propertiesOf(body) {
    const props = body.properties;
    return typeof props === 'object' && props !== null && !Array.isArray(props)
        ? props
        : {};
}
function pick(source, keys) {
    const result = {};
    for (const key of keys)
        if (source[key] !== undefined && source[key] !== null)
            result[key] = source[key];
    return result;
}
function dropUndefined(value) {
    for (const key of Object.keys(value))
        if (value[key] === undefined)
            delete value[key];
    return value;
}
function intParam(url, name, min) {
    const raw = url.searchParams.get(name);
    if (raw === null)
        return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
        throw validationError(`${name} must be an integer ≥ ${min}.`, name);
    return n;
}
function validateVersionSet(v) {
    if (typeof v.displayName !== 'string' || v.displayName.length < 1 || v.displayName.length > 100) {
        throw validationError("'displayName' is required (1 to 100 characters).", 'displayName');
    }
    if (!['Segment', 'Query', 'Header'].includes(String(v.versioningScheme))) {
        throw validationError("'versioningScheme' must be Segment, Query or Header.", 'versioningScheme');
    }
    if (v.versioningScheme === 'Query' && !v.versionQueryName) {
        throw validationError("'versionQueryName' is required when versioningScheme is Query.", 'versionQueryName');
    }
    if (v.versioningScheme === 'Header' && !v.versionHeaderName) {
        throw validationError("'versionHeaderName' is required when versioningScheme is Header.", 'versionHeaderName');
    }
}

;// CONCATENATED MODULE: ./emulator/faults.ts

const RESPONSES = new Set([429, 409, 500, 503, 'drop', 'lro-fail', 'hang']);
/** Faults to inject, each used up after `times` matching requests. */
class FaultRegistry {
    faults = [];
    counter = 0;
    add(input) {
        if (typeof input.path !== 'string')
            throw new ArmError(400, 'InvalidFault', 'path (a regular expression) is required');
        if (!RESPONSES.has(input.response)) {
            throw new ArmError(400, 'InvalidFault', 'response must be one of 429, 409, 500, 503, "drop", "lro-fail"');
        }
        let pattern;
        try {
            pattern = new RegExp(input.path);
        }
        catch (err) {
            throw new ArmError(400, 'InvalidFault', `path is not a valid regular expression: ${err.message}`);
        }
        const fault = {
            id: `fault-${++this.counter}`,
            method: typeof input.method === 'string' ? input.method.toUpperCase() : undefined,
            path: input.path,
            response: input.response,
            retryAfter: typeof input.retryAfter === 'number' ? input.retryAfter : undefined,
            times: typeof input.times === 'number' && input.times > 0 ? input.times : 1,
            probability: typeof input.probability === 'number' ? input.probability : undefined,
            skip: typeof input.skip === 'number' && input.skip > 0 ? input.skip : undefined,
            code: typeof input.code === 'string' && /^\w+$/.test(input.code) ? input.code : undefined
        };
        const methods = fault.method ? new RegExp(`^(?:${fault.method})$`) : undefined;
        this.faults.push({ ...fault, pattern, methods });
        return fault;
    }
    clear() {
        this.faults = [];
    }
    list() {
        return this.faults.map(({ pattern: _pattern, methods: _methods, ...fault }) => fault);
    }
    /** The fault this request triggers, if any (using one of its `times`). */
    take(method, path, kind) {
        for (const fault of this.faults) {
            const forLro = fault.response === 'lro-fail';
            if (forLro !== (kind === 'lro'))
                continue;
            if (fault.methods && !fault.methods.test(method))
                continue;
            if (!fault.pattern.test(path))
                continue;
            if (fault.skip) {
                fault.skip--;
                continue;
            }
            if (fault.probability !== undefined && Math.random() >= fault.probability)
                continue;
            fault.times--;
            if (fault.times <= 0)
                this.faults = this.faults.filter((f) => f !== fault);
            return fault;
        }
        return undefined;
    }
}
/** The ARM answer for an injected status fault. */
function faultError(fault) {
    const headers = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
    switch (fault.response) {
        case 429:
            return new ArmError(429, 'SubscriptionRequestsThrottled', "Number of 'write' requests for subscription actor exceeded. Please try again after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.", [], headers);
        case 409:
            return new ArmError(409, 'PessimisticConcurrencyConflict', 'Operation on the API is in progress', [], headers);
        case 503:
            return new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', [], headers);
        default:
            return new ArmError(500, 'InternalServerError', 'Request processing failed due to internal error.', [], headers);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./emulator/gateway.ts



const HOP_BY_HOP = new Set([
    'connection',
    'keep-alive',
    'proxy-connection',
    'transfer-encoding',
    'upgrade',
    'host',
    'content-length',
    'te',
    'trailer'
]);
const PREFIX = '/gateway';
function sendGatewayError(res, status, message) {
    const body = JSON.stringify({ statusCode: status, message });
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body)
    });
    res.end(body);
    return status;
}
/**
 * Routes client calls as APIM's gateway does: API by path, version by the version set's scheme
 * (the version parameter is removed once used), subscription key, operation by method and URL
 * template (required query template parameters included), then the API policy and the backend.
 */
class Gateway {
    store;
    constructor(store) {
        this.store = store;
    }
    async handle(req, res, url) {
        const headers = {};
        for (const [name, value] of Object.entries(req.headers)) {
            if (value !== undefined)
                headers[name] = Array.isArray(value) ? value.join(',') : value;
        }
        const route = this.route(url, headers);
        if (!route)
            return sendGatewayError(res, 404, 'Resource not found');
        const props = route.revision.properties;
        if (props.subscriptionRequired) {
            const keyNames = props.subscriptionKeyParameterNames;
            const given = route.headers[keyNames.header.toLowerCase()] ?? route.url.searchParams.get(keyNames.query);
            if (!given) {
                return sendGatewayError(res, 401, 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.');
            }
            if (given !== this.store.state.identity.subscriptionKey) {
                return sendGatewayError(res, 401, 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.');
            }
        }
        const operation = matchOperation(route.revision.operations, req.method ?? 'GET', route.rest, route.url);
        if (!operation)
            return sendGatewayError(res, 404, 'Resource not found');
        const forward = new URL(url.toString());
        forward.pathname = route.rest;
        forward.search = route.url.search;
        const context = {
            originalUrl: url,
            url: forward,
            headers: route.headers,
            apiVersion: props.apiVersion
        };
        const fragments = this.store.state.fragments;
        try {
            runSection(route.revision.policy?.value, 'inbound', context, (id) => fragments[id]?.value);
        }
        catch (err) {
            if (err instanceof PolicyExecutionError)
                return sendGatewayError(res, 500, err.message);
            throw err;
        }
        const base = context.backendBaseUrl ?? props.serviceUrl;
        if (!base)
            return sendGatewayError(res, 500, 'The API has no backend: set its serviceUrl or a set-backend-service policy.');
        const target = new URL(base.replace(/\/+$/, '') + context.url.pathname + context.url.search);
        return this.forward(req, res, target, context, route.revision);
    }
    route(url, headers) {
        const path = url.pathname.slice(PREFIX.length) || '/';
        const lower = path.toLowerCase();
        let best;
        for (const api of Object.values(this.store.state.apis)) {
            const revision = api.revisions[String(api.current)];
            const apiPath = revision.properties.path.replace(/^\/+|\/+$/g, '').toLowerCase();
            const prefix = apiPath ? `/${apiPath}` : '';
            if (lower !== prefix && !lower.startsWith(`${prefix}/`) && prefix !== '')
                continue;
            if (!best || prefix.length > best.length)
                best = { apis: [{ api, revision }], length: prefix.length };
            else if (prefix.length === best.length)
                best.apis.push({ api, revision });
        }
        if (!best)
            return undefined;
        let rest = path.slice(best.length) || '/';
        const requestUrl = new URL(url.toString());
        const requestHeaders = { ...headers };
        const sets = this.store.state.versionSets;
        const setOf = (revision) => {
            const name = revision.properties.apiVersionSetId
                ? /\/apiVersionSets\/([^/]+)$/i.exec(revision.properties.apiVersionSetId)?.[1]
                : undefined;
            return name ? sets[name] : undefined;
        };
        const versioned = best.apis.filter((a) => setOf(a.revision));
        const plain = best.apis.filter((a) => !setOf(a.revision));
        if (versioned.length === 0) {
            return plain.length === 1
                ? { ...plain[0], rest, url: requestUrl, headers: requestHeaders }
                : undefined;
        }
        const set = setOf(versioned[0].revision);
        let version = null;
        if (set.versioningScheme === 'Query') {
            version = requestUrl.searchParams.get(set.versionQueryName ?? '');
            requestUrl.searchParams.delete(set.versionQueryName ?? '');
        }
        else if (set.versioningScheme === 'Header') {
            const name = (set.versionHeaderName ?? '').toLowerCase();
            version = requestHeaders[name] ?? null;
            delete requestHeaders[name];
        }
        else {
            const segment = /^\/([^/]+)(\/.*)?$/.exec(rest);
            if (segment) {
                const candidate = decodeURIComponent(segment[1]);
                if (versioned.some((a) => (a.revision.properties.apiVersion ?? '').toLowerCase() === candidate.toLowerCase())) {
                    version = candidate;
                    rest = segment[2] ?? '/';
                }
            }
        }
        const wanted = (version ?? '').toLowerCase();
        const match = versioned.find((a) => (a.revision.properties.apiVersion ?? '').toLowerCase() === wanted);
        return match ? { ...match, rest, url: requestUrl, headers: requestHeaders } : undefined;
    }
    forward(req, res, target, context, revision) {
        const headers = {};
        for (const [name, value] of Object.entries(context.headers))
            if (!HOP_BY_HOP.has(name))
                headers[name] = value;
        const client = target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
        return new Promise((resolve) => {
            const upstream = client.request(target, { method: req.method, headers }, (backend) => {
                const responseHeaders = {};
                for (const [name, value] of Object.entries(backend.headers)) {
                    if (value !== undefined && !HOP_BY_HOP.has(name))
                        responseHeaders[name] = Array.isArray(value) ? value.join(',') : value;
                }
                const outbound = { ...context, headers: responseHeaders };
                try {
                    runSection(revision.policy?.value, 'outbound', outbound, (id) => this.store.state.fragments[id]?.value);
                }
                catch {
                    // Outbound expressions outside the supported subset leave the response as it is.
                }
                res.writeHead(backend.statusCode ?? 502, outbound.headers);
                backend.pipe(res);
                backend.on('end', () => resolve(backend.statusCode ?? 502));
            });
            upstream.on('error', (err) => {
                resolve(sendGatewayError(res, 502, `The backend ${target.origin} did not answer: ${err.message}`));
            });
            req.pipe(upstream);
        });
    }
}
/** The operation whose method and URL template match; literal segments beat parameters. */
function matchOperation(operations, method, path, url) {
    const segments = path.split('/').filter(Boolean);
    let best;
    for (const op of operations) {
        if (op.method.toUpperCase() !== method.toUpperCase())
            continue;
        const [template, query] = op.urlTemplate.split('?');
        const parts = template.split('/').filter(Boolean);
        if (parts.length !== segments.length)
            continue;
        let score = 0;
        const matches = parts.every((part, i) => {
            if (/^\{[^}]+\}$/.test(part))
                return segments[i] !== '';
            score++;
            return part.toLowerCase() === decodeURIComponent(segments[i]).toLowerCase();
        });
        if (!matches)
            continue;
        // Query parameters in the template are required: `api-version={api-version}` needs api-version.
        const required = (query ?? '')
            .split('&')
            .filter(Boolean)
            .map((pair) => pair.split('='));
        const queryOk = required.every(([name, value]) => /^\{[^}]+\}$/.test(value ?? '')
            ? url.searchParams.has(name)
            : url.searchParams.get(name) === (value ?? ''));
        if (!queryOk)
            continue;
        if (!best || score > best.score)
            best = { op, score };
    }
    return best?.op;
}

;// CONCATENATED MODULE: ./emulator/state.ts


function emptyState(identity) {
    return { identity, sequence: 0, versionSets: {}, apis: {}, fragments: {}, tags: {} };
}
/**
 * Keeps the state in memory and, with a file, on disk after every write: a temp file then a
 * rename, so a kill at any moment leaves either the old or the new state, never half of one.
 */
class StateStore {
    state;
    file;
    constructor(state, file) {
        this.state = state;
        this.file = file;
    }
    static open(file, identity) {
        if (file && external_node_fs_default().existsSync(file)) {
            const text = external_node_fs_default().readFileSync(file, 'utf8');
            let loaded;
            try {
                loaded = JSON.parse(text);
            }
            catch (err) {
                throw new Error(`the state file ${file} is not valid JSON (${err.message}); move it away to start empty`, { cause: err });
            }
            if (!loaded.identity || typeof loaded.sequence !== 'number') {
                throw new Error(`the state file ${file} is not an emulator state; move it away to start empty`);
            }
            return new StateStore({ ...emptyState(loaded.identity), ...loaded }, file);
        }
        return new StateStore(emptyState(identity), file);
    }
    /** A fresh ETag and timestamps for an entity being written. */
    stamp(previous) {
        this.state.sequence++;
        const now = new Date().toISOString();
        return {
            etag: `"${this.state.sequence.toString(16).padStart(8, '0')}"`,
            createdDateTime: previous?.createdDateTime ?? now,
            updatedDateTime: now
        };
    }
    save() {
        if (!this.file)
            return;
        const temp = external_node_path_default().join(external_node_path_default().dirname(this.file), `.${external_node_path_default().basename(this.file)}.${process.pid}.tmp`);
        const fd = external_node_fs_default().openSync(temp, 'w');
        try {
            external_node_fs_default().writeSync(fd, JSON.stringify(this.state));
            external_node_fs_default().fsyncSync(fd);
        }
        finally {
            external_node_fs_default().closeSync(fd);
        }
        external_node_fs_default().renameSync(temp, this.file);
    }
}

// EXTERNAL MODULE: ./node_modules/selfsigned/index.js
var selfsigned = __webpack_require__(7686);
;// CONCATENATED MODULE: ./emulator/tls.ts

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made at start (EC P-256, quick),
 * so clients trust the emulator through NODE_EXTRA_CA_CERTS or an https.Agent({ ca }).
 */
async function generateLocalTls() {
    const notBeforeDate = new Date(Date.now() - 60_000);
    const notAfterDate = new Date(Date.now() + 30 * 86_400_000);
    const ca = await (0,selfsigned/* generate */.c)([{ name: 'commonName', value: 'apim-version-action local emulator CA' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate,
        notAfterDate,
        extensions: [
            { name: 'basicConstraints', cA: true, critical: true },
            {
                name: 'keyUsage',
                keyCertSign: true,
                cRLSign: true,
                digitalSignature: true,
                critical: true
            }
        ]
    });
    const server = await (0,selfsigned/* generate */.c)([{ name: 'commonName', value: 'localhost' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate,
        notAfterDate,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
            { name: 'basicConstraints', cA: false },
            { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
            { name: 'extKeyUsage', serverAuth: true },
            {
                name: 'subjectAltName',
                altNames: [
                    { type: 2, value: 'localhost' },
                    { type: 7, ip: '127.0.0.1' }
                ]
            }
        ]
    });
    return { caCert: ca.cert, cert: server.cert, key: server.private };
}

;// CONCATENATED MODULE: ./emulator/index.ts











const DEFAULT_IDENTITY = {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg-apim-emulator',
    serviceName: 'apim-emulator'
};
/** Starts the local APIM: ARM management API and gateway over HTTPS on 127.0.0.1. */
async function startEmulator(options = {}) {
    const store = StateStore.open(options.stateFile, {
        ...DEFAULT_IDENTITY,
        subscriptionKey: (0,external_node_crypto_.randomBytes)(16).toString('hex')
    });
    // Hex, not base64url: a token starting with '-' would read as a flag (--access-token -x…).
    const token = options.token ?? (0,external_node_crypto_.randomBytes)(24).toString('hex');
    const tls = await generateLocalTls();
    const faults = new FaultRegistry();
    const requests = [];
    let baseUrl = '';
    const arm = new ArmApi({ store, faults, baseUrl: () => baseUrl, lroMs: options.lroMs ?? 0 });
    const gateway = new Gateway(store);
    const latencyMs = options.latencyMs ?? 0;
    const authorized = (req) => req.headers.authorization === `Bearer ${token}`;
    const handle = async (req, res) => {
        const started = performance.now();
        const at = Date.now();
        const url = new URL(req.url ?? '/', baseUrl);
        const method = req.method ?? 'GET';
        const log = (kind, status) => requests.push({
            kind,
            method,
            path: url.pathname,
            status,
            ms: Math.round(performance.now() - started),
            at
        });
        if (url.pathname.startsWith('/_emulator/')) {
            if (!authorized(req))
                return sendArmError(res, unauthenticated());
            return control(req, res, url);
        }
        const kind = url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`) ? 'gateway' : 'arm';
        try {
            if (kind === 'arm') {
                if (!authorized(req))
                    throw unauthenticated();
                if (latencyMs > 0)
                    await sleep(latencyMs);
            }
            const fault = faults.take(method, url.pathname, 'answer');
            if (fault?.response === 'drop') {
                log(kind, 0);
                req.socket.destroy();
                return;
            }
            if (fault?.response === 'hang') {
                // Never answered: lets a test kill a client at a known point (closed on stop).
                log(kind, 0);
                return;
            }
            if (fault)
                throw faultError(fault);
            if (kind === 'gateway') {
                log(kind, await gateway.handle(req, res, url));
                return;
            }
            await arm.handle(req, res, url);
            log(kind, res.statusCode);
        }
        catch (err) {
            const error = err instanceof ArmError
                ? err
                : new ArmError(500, 'InternalServerError', `Emulator error: ${err.message}`);
            if (!res.headersSent)
                sendArmError(res, error);
            else
                res.destroy();
            log(kind, error.status);
        }
    };
    const control = async (req, res, url) => {
        const route = `${req.method} ${url.pathname}`;
        try {
            switch (route) {
                case 'GET /_emulator/requests':
                    return sendJson(res, 200, requests);
                case 'DELETE /_emulator/requests':
                    requests.length = 0;
                    return sendJson(res, 204, undefined);
                case 'GET /_emulator/faults':
                    return sendJson(res, 200, faults.list());
                case 'POST /_emulator/faults':
                    return sendJson(res, 201, { id: faults.add(await readJson(req)).id });
                case 'DELETE /_emulator/faults':
                    faults.clear();
                    return sendJson(res, 204, undefined);
                case 'GET /_emulator/state':
                    return sendJson(res, 200, store.state);
                default:
                    throw new ArmError(404, 'NotFound', `No emulator control route ${route}.`);
            }
        }
        catch (err) {
            sendArmError(res, err instanceof ArmError
                ? err
                : new ArmError(500, 'InternalServerError', err.message));
        }
    };
    const server = external_node_https_default().createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
        handle(req, res).catch((err) => {
            if (!res.headersSent)
                sendArmError(res, new ArmError(500, 'InternalServerError', String(err)));
        });
    });
    server.keepAliveTimeout = 5000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    baseUrl = `https://127.0.0.1:${port}`;
    const caCertFile = external_node_path_default().join(external_node_os_default().tmpdir(), `apim-emulator-${process.pid}-${port}-ca.pem`);
    external_node_fs_default().writeFileSync(caCertFile, tls.caCert);
    const { identity } = store.state;
    const info = {
        armEndpoint: baseUrl,
        gatewayUrl: `${baseUrl}${PREFIX}`,
        caCertFile,
        token,
        subscriptionId: identity.subscriptionId,
        resourceGroup: identity.resourceGroup,
        serviceName: identity.serviceName,
        subscriptionKey: identity.subscriptionKey
    };
    store.save();
    let stopped;
    return {
        ...info,
        caCert: tls.caCert,
        info: () => ({ ...info }),
        stop: () => (stopped ??= new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
            external_node_fs_default().rmSync(caCertFile, { force: true });
        }))
    };
}
function unauthenticated() {
    return new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or does not carry the emulator's bearer token.");
}


/***/ })

};
