// The failures the local CloudBase server answers with: HTTP 200 and `{ code, message, requestId }`,
// the shape @cloudbase/node-sdk turns into a TcbError (`code` kept) and wx-server-sdk then into
// `<api>:fail <errCode> … . <message>` (the string `code` mapped to a number, unknown ones to -501001).
// Codes are the ones the SDKs know (@cloudbase/database const/code.ts, wx-server-sdk TCB_ERR_CODE).

export type ErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'ACTION_NOT_SUPPORTED'

export class ServerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const invalid = (message: string): ServerError => new ServerError('INVALID_PARAM', message)
export const failed = (message: string): ServerError => new ServerError('DATABASE_REQUEST_FAILED', message)
/** The message @cloudbase/database uses for this code (ERRORS.DATABASE_TRANSACTION_CONFLICT). */
export const conflict = (): ServerError => new ServerError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict')
export const noCollection = (name: string): ServerError => new ServerError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`)
