import { schemas, type CatalogView } from '../domain/contracts'
import { newId, type AreaId } from '../domain/ids'
import { raise } from '../domain/errors'
import { action } from './table'

export const catalogHandlers = {
  get: action({
    access: 'public',
    input: schemas.catalog.get,
    run: async (_input, ctx): Promise<CatalogView> => ({ areas: await ctx.deps.store.listAreas() }),
  }),
  /** Admins keep the list of towns and streets current (renames, new sub-districts). */
  saveArea: action({
    access: ['admin'],
    input: schemas.catalog.saveArea,
    run: async (input, ctx): Promise<CatalogView> => {
      const { store, random } = ctx.deps
      const existing = input.id ? await store.getArea(input.id) : null
      if (input.id && !existing) raise('AREA.NOT_FOUND', 'id')
      const areas = await store.listAreas()
      await store.putArea({
        id: existing?.id ?? newId<AreaId>('area', random),
        name: input.name,
        kind: input.kind,
        sort: input.sort ?? existing?.sort ?? areas.length + 1,
      })
      return { areas: await store.listAreas() }
    },
  }),
}
