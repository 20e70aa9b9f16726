// Persons on CloudBase (PersonRepository, PersonTx in src/domain/ports.ts): collection `persons`.

import type { AreaId, PersonId, UserId } from '../src/domain/ids'
import type { PersonRepository, PersonTx } from '../src/domain/ports'
import type { Person } from '../src/domain/types'
import type { CloudDocument, DocData, Transaction } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { reader } from './cloudbase-reader'

function toPerson(doc: CloudDocument): Person {
  const r = reader('persons', doc)
  return {
    id: r.id() as PersonId,
    ownerId: r.str('ownerId') as UserId,
    isSelf: r.bool('isSelf'),
    name: r.str('name'),
    birthYear: r.num('birthYear'),
    targetGroup: r.str('targetGroup') as Person['targetGroup'],
    areaId: r.str('areaId') as AreaId,
    phone: r.strOrNull('phone'),
    guardianConsentAt: r.strOrNull('guardianConsentAt'),
    cardVersion: r.numOr('cardVersion', 0),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
  }
}

function fromPerson(p: Person): DocData {
  return {
    ownerId: p.ownerId,
    isSelf: p.isSelf,
    name: p.name,
    birthYear: p.birthYear,
    targetGroup: p.targetGroup,
    areaId: p.areaId,
    phone: p.phone,
    guardianConsentAt: p.guardianConsentAt,
    cardVersion: p.cardVersion,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  }
}

export function cloudBasePersons(ctx: CloudContext): { repository: PersonRepository; tx(t: Transaction): PersonTx } {
  const persons = byIdCollection(ctx, { collection: 'persons', toDomain: toPerson, toDocument: fromPerson })
  const oldestFirst = (where: Record<string, string>) => persons.list(persons.query().where(where).orderBy('createdAt', 'asc').orderBy('_id', 'asc'))
  return {
    repository: {
      getPerson: (id) => persons.get(id),
      getPersons: (ids) => persons.getMany(ids),
      listPersonsByName: (name) => oldestFirst({ name }),
      listPersonsByPhone: (phone) => oldestFirst({ phone }),
      listPersonsByOwner: (ownerId) => oldestFirst({ ownerId }),
      putPerson: (p) => persons.put(p),
      deletePerson: (id) => persons.remove(id),
    },
    tx(t) {
      const inTx = persons.inTx(t)
      return { getPerson: (id) => inTx.get(id), putPerson: (p) => inTx.put(p) }
    },
  }
}
