// Input limits shared by the request schemas (contracts.ts) and the client's forms. Kept apart from
// contracts.ts so the client can import them without bundling zod.

/** Longest name of a person. */
export const NAME_MAX = 20
/** Longest search text on the home page. */
export const SEARCH_MAX = 40
/** Longest name of a town or street. */
export const AREA_NAME_MAX = 20
/** Longest reason for a manual roster tick. */
export const REASON_MAX = 40
/** Most offline check-ins sent in one sync call. */
export const SYNC_BATCH_MAX = 200
