// Persons (the people an account signs up: itself, children, parents) on PostgreSQL.

import type { PersonRepository, PersonTx } from '../../src/domain/ports'
import type { Person } from '../../src/domain/types'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c, canonicalInstant } from './columns'

export const persons = docTable<Person>({
  table: 'persons',
  id: (p) => p.id,
  columns: {
    owner_id: (p) => p.ownerId,
    name: (p) => p.name,
    phone: (p) => p.phone,
    created_at: (p) => canonicalInstant(p.createdAt),
  },
})

const OLDEST_FIRST = `ORDER BY ${c('created_at')}, ${c('id')}`
/** Admins' duplicate searches show at most this many (as SQLite). */
const SEARCH_MAX = 200

export function pgPersons(sql: Sql): PersonRepository {
  return {
    getPerson: (id) => persons.get(sql, id),
    getPersons: (ids) => persons.getMany(sql, ids),
    listPersonsByOwner: (ownerId) => persons.select(sql, `WHERE owner_id = $1 ${OLDEST_FIRST}`, [ownerId]),
    listPersonsByName: (name) => persons.select(sql, `WHERE name = $1 ${OLDEST_FIRST} LIMIT ${SEARCH_MAX}`, [name]),
    listPersonsByPhone: (phone) => persons.select(sql, `WHERE phone = $1 ${OLDEST_FIRST} LIMIT ${SEARCH_MAX}`, [phone]),
    putPerson: (person) => persons.put(sql, person),
    deletePerson: (id) => persons.remove(sql, id),
  }
}

export function pgPersonTx(sql: Sql): PersonTx {
  return {
    getPerson: (id) => persons.get(sql, id),
    putPerson: (person) => persons.put(sql, person),
  }
}
