/**
 * The config file: many APIs (by api-id) on many APIM services (environments), one settings model
 * with the inputs. Loaded only when a run names one (input `config`, CLI `--config`).
 */
export { loadConfig, parseConfig } from './load.js'
export {
  inputsFor,
  pairsOf,
  type ConfigEnvironment,
  type ConfigFile,
  type ConfigPair,
  type Position
} from './model.js'
export { configSettings, usesConfig, type ConfigRun, type ConfigSettings } from './resolve.js'
export { configSchema, SCHEMA_URL } from './schema.js'
