import { raise } from '../domain/errors'
import type { UserId } from '../domain/ids'
import type { Store } from '../domain/ports'
import { privacyConsentId } from '../domain/privacy/notice'

/**
 * Refuses to collect personal data (create or edit a person, sign up, take over a record) before the
 * account agreed to the current privacy notice. One read by id, so it is cheap on every write.
 */
export async function requirePrivacyAgreed(store: Store, userId: UserId): Promise<void> {
  if (!(await store.getConsent(privacyConsentId(userId)))) raise('PRIVACY.NOT_AGREED')
}
