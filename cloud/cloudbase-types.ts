// The subset of the wx-server-sdk database API the CloudBase adapter uses, typed as the SDK behaves
// (wx-server-sdk 4.x, checked against its source): get() resolves `{ data }` (an array for queries,
// one document for doc(id)), count() resolves `{ total }`, set/update take `{ data }` without `_id`,
// and doc(id).get() of a missing document rejects with "document.get:fail document with _id … does
// not exist". A server-side get() returns 100 documents without a limit and at most 1000 with one
// (and at most 1 MB per reply); an aggregate returns 20 results without a $limit. Inside
// runTransaction only single-document operations exist: count(), aggregate() and where().update()
// sent there run outside the transaction. Tests run it through the real SDK on tests/support/cloudbase-server.

declare const opaque: unique symbol

/** A field-level operator such as `_.gt(3)`; opaque so the adapter cannot depend on its internals. */
export interface QueryCommand {
  readonly [opaque]: 'QueryCommand'
}

/** `_.and(...)` / `_.or(...)`, usable as a whole where() condition or as a field's value. */
export interface LogicCommand {
  readonly [opaque]: 'LogicCommand'
}

/** An update operator such as `_.inc(1)`. */
export interface UpdateCommand {
  readonly [opaque]: 'UpdateCommand'
}

/** A database regular expression from `db.RegExp({ regexp, options })`. */
export interface DbRegExp {
  readonly [opaque]: 'DbRegExp'
}

export type FieldCondition = string | number | boolean | null | QueryCommand | LogicCommand | DbRegExp
export type QueryCondition = LogicCommand | { readonly [field: string]: FieldCondition }

/** What is stored: plain JSON-like values. `_id` is the document key and never part of written data. */
export type DocValue = string | number | boolean | null | DocValue[] | { [key: string]: DocValue }
export type DocData = { [key: string]: DocValue }
export type UpdateData = { [key: string]: DocValue | UpdateCommand }
export type CloudDocument = DocData & { readonly _id: string }

export interface DatabaseCommand {
  eq(value: DocValue): QueryCommand
  neq(value: DocValue): QueryCommand
  lt(value: number | string): QueryCommand
  lte(value: number | string): QueryCommand
  gt(value: number | string): QueryCommand
  gte(value: number | string): QueryCommand
  in(values: DocValue[]): QueryCommand
  nin(values: DocValue[]): QueryCommand
  /** Accepts an array or separate arguments, like the SDK. */
  and(...conditions: (QueryCondition | QueryCommand | QueryCondition[] | QueryCommand[])[]): LogicCommand
  or(...conditions: (QueryCondition | QueryCommand | QueryCondition[] | QueryCommand[])[]): LogicCommand
  inc(by: number): UpdateCommand
}

export interface DocumentReference {
  /** Rejects when the document does not exist (the SDK's default `throwOnNotFound: true`). */
  get(): Promise<{ data: CloudDocument }>
  /** Replaces the whole document, creating it when missing. */
  set(options: { data: DocData }): Promise<unknown>
  /** Merges the given fields; a missing document is left missing. */
  update(options: { data: UpdateData }): Promise<unknown>
  remove(): Promise<unknown>
}

export type OrderDirection = 'asc' | 'desc'

/** Immutable: every call returns a new query. */
export interface Query {
  where(condition: QueryCondition): Query
  orderBy(field: string, direction: OrderDirection): Query
  skip(offset: number): Query
  /** At most 1000 on the server side; without it a get() returns at most 100 documents. */
  limit(max: number): Query
  /** Returns only the given fields (dotted paths allowed) and `_id`. */
  field(projection: { readonly [path: string]: boolean }): Query
  get(): Promise<{ data: CloudDocument[] }>
  /** Counts matching documents, ignoring skip and limit. */
  count(): Promise<{ total: number }>
}

export interface CollectionReference extends Query {
  doc(id: string): DocumentReference
  add(options: { data: DocData }): Promise<{ _id: string }>
}

/** Inside a transaction there are no queries, only documents by id. */
export interface TransactionCollection {
  doc(id: string): DocumentReference
}

export interface Transaction {
  collection(name: string): TransactionCollection
}

export interface CloudDb {
  collection(name: string): CollectionReference
  readonly command: DatabaseCommand
  RegExp(options: { regexp: string; options?: string }): DbRegExp
  /**
   * Runs `callback` in a transaction and commits when it returns. On a write conflict the SDK runs it
   * again (up to `times` more times, default 3), then rejects with the conflict
   * (`code: 'DATABASE_TRANSACTION_CONFLICT'`). Anything the callback throws rolls back and is
   * rethrown as is.
   */
  runTransaction<T>(callback: (transaction: Transaction) => Promise<T>, times?: number): Promise<T>
}

/** The parts of the wx-server-sdk module the cloud entry uses. */
export interface WxServerSdk {
  init(config?: { env?: unknown; secretId?: string; secretKey?: string }): void
  readonly DYNAMIC_CURRENT_ENV: unknown
  database(): unknown
  getWXContext(): { OPENID?: string; APPID?: string; UNIONID?: string }
  /** Cloud storage (activity posters). */
  uploadFile?(options: { cloudPath: string; fileContent: Uint8Array }): Promise<{ fileID: string }>
  downloadFile?(options: { fileID: string }): Promise<{ fileContent: Uint8Array }>
  deleteFile?(options: { fileList: string[] }): Promise<unknown>
  /** Open API calls made with the function's own credentials (needs the permission in config.json). */
  readonly openapi?: {
    readonly wxacode?: {
      getUnlimited(options: { scene: string; page: string; checkPath?: boolean; width?: number }): Promise<{ buffer: Uint8Array; contentType?: string }>
    }
    /** One-time subscribe messages (needs `subscribeMessage.send` in config.json's openapi permissions). */
    readonly subscribeMessage?: {
      send(options: {
        touser: string
        templateId: string
        page?: string
        data: Record<string, { value: string }>
        miniprogramState?: 'developer' | 'trial' | 'formal'
      }): Promise<{ errCode?: number; errMsg?: string }>
    }
  }
}
