// Towns and streets (AreaRepository in src/domain/ports.ts). Table: areas (migration 1).

import type { AreaId } from '../../src/domain/ids'
import type { AreaRepository } from '../../src/domain/ports'
import type { Area } from '../../src/domain/types'
import { reader } from './rows'
import { byIdTable, type SqliteContext } from './table'
import { AREA_KINDS } from '../../src/domain/value-lists'

export interface AreaRow {
  id: string
  name: string
  kind: string
  sort: number
}

export const areaToRow = (a: Area): AreaRow => ({ id: a.id, name: a.name, kind: a.kind, sort: a.sort })

export function rowToArea(row: AreaRow): Area {
  const r = reader('areas', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id') as AreaId,
    name: r.str('name'),
    kind: r.oneOf('kind', AREA_KINDS),
    sort: r.int('sort'),
  }
}

const AREA_COLUMNS = ['id', 'name', 'kind', 'sort'] as const satisfies readonly (keyof AreaRow)[]

export function sqliteAreas(ctx: SqliteContext): AreaRepository {
  const areas = byIdTable(ctx.db, { table: 'areas', columns: AREA_COLUMNS, toRow: areaToRow, fromRow: rowToArea })
  const listAreas = areas.query<[]>('ORDER BY sort, id')
  return {
    listAreas: async () => areas.all(listAreas),
    getArea: async (id) => areas.get(id),
    putArea: (area) => ctx.write('putArea', () => areas.put(area)),
  }
}
