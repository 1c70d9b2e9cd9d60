// The type of validator.generated.js, which script/config-schema.mjs writes (npm run schema).
import type { ErrorObject } from 'ajv'

/** Ajv's validating function for schema/apim-versions.schema.json; `errors` after a false. */
export declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }
export default validate
