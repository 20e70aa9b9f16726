// Towns and streets (镇街) on PostgreSQL.

import type { AreaRepository } from '../../src/domain/ports'
import type { Area } from '../../src/domain/types'
import type { Sql } from './db'
import { docTable } from './doc-table'
import { c } from './columns'

const areas = docTable<Area>({ table: 'areas', id: (a) => a.id, columns: { sort: (a) => a.sort } })

export function pgAreas(sql: Sql): AreaRepository {
  return {
    listAreas: () => areas.select(sql, `ORDER BY sort, ${c('id')}`),
    getArea: (id) => areas.get(sql, id),
    putArea: (area) => areas.put(sql, area),
  }
}
