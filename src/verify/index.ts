/** `verify`: one request per version through the APIM gateway, its answer classified. */
export { probeFor, type ProbeApi } from './probe.js'
export {
  apimError,
  classify,
  noAnswer,
  verifyFailure,
  verifyWarnings,
  type ResponseHeaders
} from './classify.js'
export {
  DEFAULT_VERIFY_CONCURRENCY,
  DEFAULT_VERIFY_TIMEOUT_MS,
  verifyVersions,
  type VerifyOptions,
  type VerifyTarget
} from './send.js'
export {
  FAILING,
  type Classification,
  type Probe,
  type VerifyClassification,
  type VerifyResult
} from './types.js'
