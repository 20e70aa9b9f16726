// Persons (PersonRepository, PersonTx in src/domain/ports.ts): the people an account signs up, itself
// included. Table: persons (migrations.ts).

import type { TargetGroup } from '../../src/domain/catalog'
import type { AreaId, PersonId, UserId } from '../../src/domain/ids'
import type { PersonRepository, PersonTx } from '../../src/domain/ports'
import type { Person } from '../../src/domain/types'
import { canonicalInstant, nullableInstant, reader } from './rows'
import { byIdTable, type SqliteContext, type SyncPort } from './table'

export interface PersonRow {
  id: string
  owner_id: string
  is_self: number
  name: string
  birth_year: number
  target_group: string
  area_id: string
  phone: string | null
  guardian_consent_at: string | null
  card_version: number
  created_at: string
  updated_at: string
}

export const personToRow = (p: Person): PersonRow => ({
  id: p.id,
  owner_id: p.ownerId,
  is_self: p.isSelf ? 1 : 0,
  name: p.name,
  birth_year: p.birthYear,
  target_group: p.targetGroup,
  area_id: p.areaId,
  phone: p.phone,
  guardian_consent_at: nullableInstant(p.guardianConsentAt),
  card_version: p.cardVersion,
  created_at: canonicalInstant(p.createdAt),
  updated_at: canonicalInstant(p.updatedAt),
})

export function rowToPerson(row: PersonRow): Person {
  const r = reader('persons', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as PersonId,
    ownerId: r.str('owner_id') as UserId,
    isSelf: r.bool('is_self'),
    name: r.str('name'),
    birthYear: r.int('birth_year'),
    targetGroup: r.str('target_group') as TargetGroup,
    areaId: r.str('area_id') as AreaId,
    phone: r.optStr('phone'),
    guardianConsentAt: r.optStr('guardian_consent_at'),
    cardVersion: r.int('card_version'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

const PERSON_COLUMNS = [
  'id', 'owner_id', 'is_self', 'name', 'birth_year', 'target_group', 'area_id', 'phone', 'guardian_consent_at',
  'card_version', 'created_at', 'updated_at',
] as const satisfies readonly (keyof PersonRow)[]

/** At most this many persons answer a search by name or phone. */
const SEARCH_LIMIT = 200

export function sqlitePersons(ctx: SqliteContext): { repository: PersonRepository; tx: SyncPort<PersonTx> } {
  const persons = byIdTable(ctx.db, { table: 'persons', columns: PERSON_COLUMNS, toRow: personToRow, fromRow: rowToPerson })
  const byOwner = persons.query<[string]>('WHERE owner_id = ? ORDER BY created_at, id')
  const byName = persons.query<[string]>(`WHERE name = ? ORDER BY created_at, id LIMIT ${SEARCH_LIMIT}`)
  const byPhone = persons.query<[string]>(`WHERE phone = ? ORDER BY created_at, id LIMIT ${SEARCH_LIMIT}`)
  return {
    repository: {
      getPerson: async (id) => persons.get(id),
      getPersons: async (ids) => persons.getMany(ids),
      listPersonsByOwner: async (ownerId) => persons.all(byOwner, ownerId),
      listPersonsByName: async (name) => persons.all(byName, name),
      listPersonsByPhone: async (phone) => persons.all(byPhone, phone),
      putPerson: (person) => ctx.exclusive('putPerson', () => persons.put(person)),
      deletePerson: (id) => ctx.write('deletePerson', () => persons.delete(id)),
    },
    tx: {
      getPerson: (id) => persons.get(id),
      putPerson: (person) => persons.put(person),
    },
  }
}
