// Ids are opaque strings; branded so that look-alike ids cannot be swapped by mistake.

declare const brand: unique symbol
export type Brand<T, B extends string> = T & { readonly [brand]: B }

export type UserId = Brand<string, 'UserId'>
export type PersonId = Brand<string, 'PersonId'>
export type ActivityId = Brand<string, 'ActivityId'>
export type RegistrationId = Brand<string, 'RegistrationId'>
export type AreaId = Brand<string, 'AreaId'>
export type CourseId = Brand<string, 'CourseId'>

/** Letters, digits, `_` and `-`; WeChat OPENIDs (28 chars) and our generated ids both fit. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{3,140}$/

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value)

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A new id such as `per_k3x9q0...`; `random` is injected so tests stay deterministic. */
export function newId<T extends string>(prefix: string, random: () => number): T {
  let s = ''
  for (let i = 0; i < 16; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return `${prefix}_${s}` as T
}

/** One registration per (activity, person): the id is derived, so a duplicate is a key clash, not a race. */
export const registrationIdFor = (activityId: ActivityId, personId: PersonId): RegistrationId =>
  `reg-${activityId}-${personId}` as RegistrationId
