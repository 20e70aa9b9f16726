import { schemas, type PersonView } from '../domain/contracts'
import { raise, unwrap } from '../domain/errors'
import { newId, type AreaId, type PersonId } from '../domain/ids'
import { checkManages, checkPersonDetails, MAX_PERSONS_PER_OWNER, needsProxyConsent, newPerson } from '../domain/persons/rules'
import type { Store } from '../domain/ports'
import type { Person } from '../domain/types'
import { toPersonView } from '../domain/views'
import { action, userOf } from './table'
import { requirePrivacyAgreed } from './privacy-guard'
import { erasePerson, hasRegistrationAhead } from './own-data'
import { proxyConsentId } from '../domain/privacy/notice'

async function requireArea(store: Store, areaId: AreaId): Promise<void> {
  if (!(await store.getArea(areaId))) raise('AREA.NOT_FOUND', 'areaId')
}

export const personsHandlers = {
  list: action({
    access: 'signedIn',
    input: schemas.persons.list,
    run: async (_input, ctx): Promise<PersonView[]> => {
      const { store } = ctx.deps
      const user = userOf(ctx)
      const [persons, consents] = await Promise.all([store.listPersonsByOwner(user.id), store.listConsentsByUser(user.id)])
      const proxy = new Map(consents.filter((c) => c.kind === 'proxy_management').map((c) => [c.subjectId, c.at]))
      return persons.map((p) => ({ ...toPersonView(p), proxyConsentAt: proxy.get(p.id) ?? null }))
    },
  }),
  create: action({
    access: 'signedIn',
    input: schemas.persons.create,
    run: async (input, ctx): Promise<PersonView> => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      await requirePrivacyAgreed(store, user.id)
      const details = unwrap(checkPersonDetails(input, now))
      const mine = await store.listPersonsByOwner(user.id)
      if (mine.length >= MAX_PERSONS_PER_OWNER) raise('PERSON.LIMIT')
      if (input.isSelf && mine.some((p) => p.isSelf)) raise('PERSON.SELF_EXISTS', 'isSelf')
      await requireArea(store, input.areaId)
      // Managing another adult needs that adult's agreement, declared by the caller and recorded.
      const isSelf = input.isSelf ?? false
      const proxy = needsProxyConsent({ isSelf, birthYear: input.birthYear }, now)
      if (proxy && !input.proxyConsent) raise('PERSON.PROXY_CONSENT_REQUIRED', 'proxyConsent')
      const { name, birthYear, targetGroup, areaId, phone } = input
      const person = newPerson({ id: newId<PersonId>('per', random), ownerId: user.id, isSelf, name, birthYear, targetGroup, areaId, phone, guardianConsentAt: details.guardianConsentAt }, now)
      // The consent first: a person managed by proxy never exists without the recorded agreement.
      if (proxy) {
        await store.putConsent({ id: proxyConsentId(user.id, person.id), userId: user.id, kind: 'proxy_management', version: '1', subjectId: person.id, at: now })
      }
      await store.putPerson(person)
      return { ...toPersonView(person), proxyConsentAt: proxy ? now : null }
    },
  }),
  update: action({
    access: 'signedIn',
    input: schemas.persons.update,
    run: async (input, ctx): Promise<PersonView> => {
      const { store, clock } = ctx.deps
      const now = clock.now()
      const person = unwrap(checkManages(await store.getPerson(input.id), userOf(ctx).id))
      await requirePrivacyAgreed(store, userOf(ctx).id)
      // Consent given once stays on record; it is not asked again on every edit.
      const details = unwrap(checkPersonDetails({ ...input, guardianConsent: input.guardianConsent || !!person.guardianConsentAt }, now))
      await requireArea(store, input.areaId)
      // Re-read inside a transaction: a card revoked meanwhile must stay revoked.
      const updated = await store.transaction(async (tx) => {
        const current = unwrap(checkManages(await tx.getPerson(person.id), userOf(ctx).id))
        const next: Person = {
          ...current,
          name: input.name,
          birthYear: input.birthYear,
          targetGroup: input.targetGroup,
          areaId: input.areaId,
          phone: input.phone,
          guardianConsentAt: details.guardianConsentAt ? (current.guardianConsentAt ?? details.guardianConsentAt) : null,
          updatedAt: now,
        }
        await tx.putPerson(next)
        return next
      })
      return toPersonView(updated)
    },
  }),
  remove: action({
    access: 'signedIn',
    input: schemas.persons.remove,
    run: async (input, ctx): Promise<{ removed: PersonId }> => {
      const { store, clock } = ctx.deps
      const person = unwrap(checkManages(await store.getPerson(input.id), userOf(ctx).id))
      if (await hasRegistrationAhead(store, await store.listActiveRegistrationsByPerson(person.id), clock.now())) raise('PERSON.HAS_ACTIVE_REGISTRATIONS', 'id')
      // Registrations, check-ins and ledger facts stay, anonymized; the person's data goes.
      await erasePerson(store, person, [], clock.now())
      return { removed: person.id }
    },
  }),
}
