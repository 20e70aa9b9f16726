// Platform-neutral half of the transport: the wire types, ApiError and the typed `call` wrapper.
// The platform halves (transport.h5.ts, transport.weapp.ts) only know how to move one request.

import type { z } from 'zod'
import { messageFor } from '../domain/errors'
import type { Schemas } from '../domain/contracts'
import type { FunctionsTable } from '../handlers'

/** The wire reply of every action, in the cloud and over HTTP alike. */
export type Reply<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message?: string; field?: string } }

/** Moves one `{ action, data }` request to a function and brings back its reply; throws ApiError('NETWORK') when it cannot. */
export interface Transport {
  invoke(fn: string, action: string, data: unknown): Promise<Reply>
}

export const NETWORK_ERROR_CODE = 'NETWORK'
export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试'

/** An expected failure from the API (or the network), with a Chinese message ready to show. */
export class ApiError extends Error {
  readonly code: string
  readonly field?: string
  constructor(code: string, message?: string, field?: string) {
    super(message || (code === NETWORK_ERROR_CODE ? NETWORK_ERROR_MESSAGE : messageFor(code)))
    this.name = 'ApiError'
    this.code = code
    if (field) this.field = field
  }
}

/** Works even where transpiled subclasses of Error lose their prototype. */
export const isApiError = (e: unknown): e is ApiError =>
  !!e && typeof e === 'object' && (e as { name?: unknown }).name === 'ApiError' && typeof (e as { code?: unknown }).code === 'string'

export const networkError = (): ApiError => new ApiError(NETWORK_ERROR_CODE, NETWORK_ERROR_MESSAGE)

/** Any thrown value as an ApiError, so pages show one kind of message. */
export const toApiError = (e: unknown): ApiError => (isApiError(e) ? e : new ApiError('SYSTEM.ERROR'))

/** The Chinese message for anything a call may throw. */
export const errorMessage = (e: unknown): string => toApiError(e).message

export type FunctionName = keyof Schemas & keyof FunctionsTable
export type ActionName<F extends FunctionName> = keyof Schemas[F] & keyof FunctionsTable[F] & string
/** What the client sends: the schema's input side (before transforms). */
export type Request<F extends FunctionName, A extends ActionName<F>> = Schemas[F][A] extends z.ZodType
  ? z.input<Schemas[F][A]>
  : never
/** What the action resolves with. */
export type Response<F extends FunctionName, A extends ActionName<F>> = FunctionsTable[F][A] extends {
  run: (...args: never[]) => Promise<infer R>
}
  ? R
  : never

export type Call = <F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: Request<F, A>) => Promise<Response<F, A>>

/** Typed calls over a transport; a failed reply is thrown as ApiError with the server's Chinese message. */
export function createCall(transport: Transport): Call {
  return async (fn, action, data) => {
    const reply = await transport.invoke(fn, action, data)
    if (!reply || typeof reply !== 'object' || typeof reply.ok !== 'boolean') throw new ApiError('SYSTEM.ERROR')
    if (reply.ok) return reply.data as never
    const { code, message, field } = reply.error ?? { code: 'SYSTEM.ERROR' }
    throw new ApiError(code, message, field)
  }
}
