// Cloud function `account`: the privacy notice agreement, own-data export and account deletion, and
// the one-time link code with which a parent takes over the record a child made for them.

import { schemas, type ExportFile, type PersonView } from '../domain/contracts'
import { raise, unwrap } from '../domain/errors'
import { decideIssueLinkCode, decideRedeemLinkCode, linkCodeIdFor, newLinkCode, normalizeLinkCode } from '../domain/family/link-codes'
import type { UserId } from '../domain/ids'
import { PRIVACY_NOTICE_VERSION, privacyConsentId } from '../domain/privacy/notice'
import { anonymizeRegistration, anonymizeReminder } from '../domain/privacy/anonymize'
import { REMINDER_KINDS } from '../domain/reminders/schedule'
import { toPersonView } from '../domain/views'
import { collectMyData, erasePerson, hasRegistrationAhead, myDataFile } from './own-data'
import { requirePrivacyAgreed } from './privacy-guard'
import { action, userOf } from './table'

/** How many times a fresh code is drawn when it collides with a stored one (practically never). */
const LINK_CODE_DRAWS_MAX = 5

export interface PrivacyStatusView {
  readonly version: string
  /** When the caller agreed to the current version; null if not (yet). */
  readonly agreedAt: string | null
}

export interface LinkCodeView {
  readonly code: string
  readonly personId: string
  readonly personName: string
  readonly expiresAt: string
}

export const accountHandlers = {
  privacyStatus: action({
    access: 'signedIn',
    input: schemas.account.privacyStatus,
    run: async (_input, ctx): Promise<PrivacyStatusView> => {
      const consent = await ctx.deps.store.getConsent(privacyConsentId(userOf(ctx).id))
      return { version: PRIVACY_NOTICE_VERSION, agreedAt: consent?.at ?? null }
    },
  }),
  agreePrivacy: action({
    access: 'signedIn',
    input: schemas.account.agreePrivacy,
    run: async (input, ctx): Promise<PrivacyStatusView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      // Agreeing to a text the user did not see (an older page) must not count for the new one.
      if (input.version !== PRIVACY_NOTICE_VERSION) raise('PRIVACY.VERSION_MISMATCH', 'version')
      const id = privacyConsentId(user.id)
      const existing = await store.getConsent(id)
      if (existing) return { version: PRIVACY_NOTICE_VERSION, agreedAt: existing.at }
      const at = clock.now()
      await store.putConsent({ id, userId: user.id, kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at })
      return { version: PRIVACY_NOTICE_VERSION, agreedAt: at }
    },
  }),
  exportData: action({
    access: 'signedIn',
    input: schemas.account.exportData,
    run: async (input, ctx): Promise<ExportFile> => {
      const user = userOf(ctx)
      const data = await collectMyData(ctx.deps.store, user, ctx.deps.clock.now())
      const file = await myDataFile(data, input.format)
      return { fileName: file.fileName, contentType: file.contentType, base64: Buffer.from(file.bytes).toString('base64') }
    },
  }),
  deleteAccount: action({
    access: 'signedIn',
    input: schemas.account.deleteAccount,
    run: async (_input, ctx): Promise<{ deleted: true; persons: number; registrationsAnonymized: number }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const persons = await store.listPersonsByOwner(user.id)
      // Like deleting one person: open sign-ups for activities still to come are cancelled first.
      if (await hasRegistrationAhead(store, await store.listRegistrationsByOwner(user.id), now)) raise('ACCOUNT.HAS_ACTIVE_REGISTRATIONS')
      // Their ratings (评单) go with the account: a comment is their own words.
      await ctx.deps.feedback?.removeMany((await store.listRegistrationsByOwner(user.id)).map((r) => r.id))
      // Their 点单 wishes stay (others support them) but lose the link to the account.
      await ctx.deps.wishes?.forgetUser(user.id)
      let anonymized = 0
      for (const p of persons) anonymized += await erasePerson(store, p, [user.id], now)
      // Anything still linked to this account (a registration whose person is managed elsewhere) loses the link.
      for (const r of await store.listRegistrationsByOwner(user.id)) {
        await store.transaction(async (tx) => {
          const current = await tx.getRegistration(r.id)
          if (current) await tx.putRegistration(anonymizeRegistration(current, now))
        })
        anonymized++
      }
      for (const m of await store.listRemindersByUser(user.id)) {
        await store.transaction(async (tx) => {
          const current = await tx.getReminder(m.id)
          if (current) await tx.putReminder(anonymizeReminder(current, 'account_deleted', now))
        })
      }
      for (const c of await store.listConsentsByUser(user.id)) await store.deleteConsent(c.id)
      for (const kind of REMINDER_KINDS) await store.deleteSubscription(user.id, kind)
      await store.deleteUser(user.id)
      return { deleted: true, persons: persons.length, registrationsAnonymized: anonymized }
    },
  }),
  createLinkCode: action({
    access: 'signedIn',
    input: schemas.account.createLinkCode,
    run: async (input, ctx): Promise<LinkCodeView> => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const person = await store.getPerson(input.personId)
      for (let draw = 0; draw < LINK_CODE_DRAWS_MAX; draw++) {
        const code = newLinkCode(random)
        const linkCode = unwrap(decideIssueLinkCode({ person, userId: user.id, code, now }))
        const stored = await store.transaction(async (tx) => {
          if (await tx.getLinkCode(linkCode.id)) return false
          await tx.putLinkCode(linkCode)
          return true
        })
        if (stored) return { code, personId: linkCode.personId, personName: person!.name, expiresAt: linkCode.expiresAt }
      }
      return raise('SYSTEM.BUSY')
    },
  }),
  redeemLinkCode: action({
    access: 'signedIn',
    input: schemas.account.redeemLinkCode,
    run: async (input, ctx): Promise<PersonView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const code = normalizeLinkCode(input.code) ?? raise('LINK.CODE_INVALID', 'code')
      await requirePrivacyAgreed(store, user.id)
      const id = linkCodeIdFor(code)
      const preview = await store.getLinkCode(id)
      const registrations = preview ? await store.listRegistrationsByPerson(preview.personId) : []
      const mine = await store.listPersonsByOwner(user.id)
      // One transaction: the code is used, the person changes hands and their registrations follow,
      // or nothing happens. Everything is re-read inside it.
      const person = await store.transaction(async (tx) => {
        const linkCode = await tx.getLinkCode(id)
        const current = linkCode ? await tx.getPerson(linkCode.personId) : null
        const d = unwrap(decideRedeemLinkCode({ linkCode, person: current, redeemer: user.id, redeemerHasSelf: mine.some((p) => p.isSelf), now }))
        await tx.putLinkCode(d.linkCode)
        await tx.putPerson(d.person)
        for (const r of registrations) {
          const reg = await tx.getRegistration(r.id)
          if (reg && reg.personId === d.person.id && reg.ownerId !== user.id) await tx.putRegistration({ ...reg, ownerId: user.id as UserId, updatedAt: now })
        }
        return d.person
      })
      return toPersonView(person)
    },
  }),
}
