import { fail, ok, type Result } from '../errors'
import { shanghaiYear, type Instant } from '../time'
import type { Person } from '../types'
import type { UserId } from '../ids'

/** Under this age a guardian must consent before the person's data is kept (PIPL Art. 31). */
export const GUARDIAN_CONSENT_AGE_YEARS = 14
/** One account manages itself and a handful of family members. */
export const MAX_PERSONS_PER_OWNER = 20

/** Age in whole calendar years, as a registration desk would reckon it from the birth year. */
export const ageIn = (birthYear: number, now: Instant): number => shanghaiYear(now) - birthYear

export const needsGuardianConsent = (birthYear: number, now: Instant): boolean =>
  ageIn(birthYear, now) < GUARDIAN_CONSENT_AGE_YEARS

/** The birth year of a person who did not give it (a walk-in is asked only for name, group and area). */
export const BIRTH_YEAR_NOT_GIVEN = 0

/**
 * Whether adding this person needs their own agreement to be managed by the caller (代家人登记): another
 * person who is 14 or older. Children are covered by the guardian's consent instead, oneself by nothing.
 * @example needsProxyConsent({ isSelf: false, birthYear: 1950 }, now) // true
 */
export const needsProxyConsent = (person: { readonly isSelf: boolean; readonly birthYear: number }, now: Instant): boolean =>
  !person.isSelf && !needsGuardianConsent(person.birthYear, now)

/**
 * A new person record: no card yet, created and updated `now`. The one constructor for every way a
 * person comes to exist (我的 → 家人, a walk-in at the desk).
 */
export function newPerson(
  fields: Omit<Person, 'cardVersion' | 'createdAt' | 'updatedAt'>,
  now: Instant,
): Person {
  // Field by field, so that a request spread into `fields` brings nothing else along.
  const { id, ownerId, isSelf, name, birthYear, targetGroup, areaId, phone, guardianConsentAt } = fields
  return { id, ownerId, isSelf, name, birthYear, targetGroup, areaId, phone, guardianConsentAt, cardVersion: 0, createdAt: now, updatedAt: now }
}

/** Checks the parts of a person that depend on time: birth year not in the future, consent for children. */
export function checkPersonDetails(
  input: { birthYear: number; guardianConsent?: boolean },
  now: Instant,
): Result<{ guardianConsentAt: Instant | null }> {
  if (input.birthYear > shanghaiYear(now)) return fail('PERSON.BIRTH_YEAR_FUTURE', 'birthYear')
  if (!needsGuardianConsent(input.birthYear, now)) return ok({ guardianConsentAt: null })
  if (!input.guardianConsent) return fail('PERSON.CONSENT_REQUIRED', 'guardianConsent')
  return ok({ guardianConsentAt: now })
}

/** A child under 14 is signed up (for an activity or a course) only with a guardian's consent on record (PIPL Art. 31). */
export function checkSignUpConsent(person: Person, now: Instant): Result<Person> {
  if (needsGuardianConsent(person.birthYear, now) && !person.guardianConsentAt) return fail('PERSON.CONSENT_REQUIRED', 'personId')
  return ok(person)
}

/**
 * Checks a 现场报名 (walk-in) person. A walk-in is asked only for name, group and area; the birth year
 * is optional, except for 青少年, whose age decides whether the guardian on the spot must agree (PIPL
 * Art. 28/31) — under 14 the organizer records that the guardian agreed, as a parent does in 我的.
 */
export function checkWalkInPerson(
  input: { targetGroup: string; birthYear?: number; guardianConsent?: boolean },
  now: Instant,
): Result<{ guardianConsentAt: Instant | null }> {
  if (input.birthYear === undefined) {
    if (input.targetGroup === 'youth') return fail('PERSON.BIRTH_YEAR_REQUIRED', 'birthYear')
    return ok({ guardianConsentAt: null })
  }
  return checkPersonDetails({ birthYear: input.birthYear, guardianConsent: input.guardianConsent }, now)
}

/** The caller may act for a person only if their account manages it. */
export function checkManages(person: Person | null, userId: UserId): Result<Person> {
  if (!person) return fail('PERSON.NOT_FOUND', 'personId')
  if (person.ownerId !== userId) return fail('PERSON.NOT_MANAGED', 'personId')
  return ok(person)
}

/**
 * A person's name: at least one letter (汉字 or Latin), and no emoji or other pictographs; the
 * middle dot of names such as 买买提·艾力 is fine.
 */
export const isPersonName = (text: string): boolean => /\p{L}/u.test(text) && !/\p{Extended_Pictographic}/u.test(text)

/** What a form says under a name that is not isPersonName. */
export const PERSON_NAME_INVALID_MESSAGE = '姓名应由汉字或字母组成，不能只有符号或表情'

/** A mainland mobile number: 11 digits, the second 3–9 (the number segments 13x–19x; 10x–12x are no mobiles). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/

/** What a form says under a phone number that does not match PHONE_PATTERN. */
export const PHONE_INVALID_MESSAGE = '请输入正确的11位手机号'

/** Whether a typed text is a phone number as stored (used for the form check and the record search). */
export const isPhone = (text: string): boolean => PHONE_PATTERN.test(text)

/** Masks a phone number for anyone but the person's manager and admins: 138****5678. */
export const maskPhone = (phone: string | null): string | null =>
  phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone

/**
 * A phone as a console shows it: in full to admins, and to the activity's organizers where they took it
 * down themselves (a walk-in at their desk); masked to everyone else, scanner volunteers included.
 */
export function rosterPhone(phone: string | null, viewer: { readonly admin: boolean; readonly organizesActivity: boolean }, walkIn: boolean): string | null {
  return viewer.admin || (viewer.organizesActivity && walkIn) ? phone : maskPhone(phone)
}
