// One typed function per action. Types come from the domain contracts (type-only: zod stays out of the bundle).

import { call, type Request } from './transport'

export const api = {
  session: {
    whoami: () => call('session', 'whoami', {}),
  },
  catalog: {
    get: () => call('catalog', 'get', {}),
    saveArea: (data: Request<'catalog', 'saveArea'>) => call('catalog', 'saveArea', data),
  },
  activities: {
    list: (data: Request<'activities', 'list'>) => call('activities', 'list', data),
    get: (id: string) => call('activities', 'get', { id }),
  },
  persons: {
    list: () => call('persons', 'list', {}),
    create: (data: Request<'persons', 'create'>) => call('persons', 'create', data),
    update: (data: Request<'persons', 'update'>) => call('persons', 'update', data),
    remove: (id: string) => call('persons', 'remove', { id }),
  },
  registrations: {
    signUp: (activityId: string, personId: string) => call('registrations', 'signUp', { activityId, personId }),
    cancel: (registrationId: string) => call('registrations', 'cancel', { registrationId }),
    listMine: () => call('registrations', 'listMine', {}),
  },
}

export type Api = typeof api
export type ActivityListRequest = Request<'activities', 'list'>
export type PersonCreateRequest = Request<'persons', 'create'>
export type PersonUpdateRequest = Request<'persons', 'update'>
