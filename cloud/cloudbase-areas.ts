// Towns and streets on CloudBase (AreaRepository in src/domain/ports.ts): collection `areas`.

import type { AreaId } from '../src/domain/ids'
import type { AreaRepository } from '../src/domain/ports'
import type { Area } from '../src/domain/types'
import type { CloudDocument, DocData } from './cloudbase-types'
import { byIdCollection, type CloudContext } from './cloudbase-collection'
import { reader } from './cloudbase-reader'
import { AREA_KINDS } from '../src/domain/value-lists'

function toArea(doc: CloudDocument): Area {
  const r = reader('areas', doc)
  return { id: r.id() as AreaId, name: r.str('name'), kind: r.oneOf('kind', AREA_KINDS), sort: r.num('sort') }
}

const fromArea = (a: Area): DocData => ({ name: a.name, kind: a.kind, sort: a.sort })

export function cloudBaseAreas(ctx: CloudContext): AreaRepository {
  const areas = byIdCollection(ctx, { collection: 'areas', toDomain: toArea, toDocument: fromArea })
  return {
    listAreas: () => areas.list(areas.query().orderBy('sort', 'asc').orderBy('_id', 'asc')),
    getArea: (id) => areas.get(id),
    putArea: (a) => areas.put(a),
  }
}
