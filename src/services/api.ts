// One typed function per action. Types come from the domain contracts (type-only: zod stays out of the bundle).

import type { z } from 'zod'
import type { Schemas } from '../domain/contracts'
import type { CheckinResponses } from './checkin-types'
import { call, transport, createCall, type Request } from './transport'

type CheckinAction = keyof Schemas['checkin'] & keyof CheckinResponses
type CheckinRequest<A extends CheckinAction> = z.input<Schemas['checkin'][A]>
const callAny = createCall(transport) as unknown as (fn: string, action: string, data: unknown) => Promise<unknown>
/** Check-in calls, typed by the contracts' schemas and views. */
const checkin = <A extends CheckinAction>(action: A, data: CheckinRequest<A>): Promise<CheckinResponses[A]> =>
  callAny('checkin', action, data) as Promise<CheckinResponses[A]>

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
  checkin: {
    myTickets: () => checkin('myTickets', {}),
    issueCard: (personId: string) => checkin('issueCard', { personId }),
    revokeCard: (personId: string) => checkin('revokeCard', { personId }),
    myConsoles: () => checkin('myConsoles', {}),
    console: (activityId: string) => checkin('console', { activityId }),
    bundle: (activityId: string, deviceId: string) => checkin('bundle', { activityId, deviceId }),
    scan: (data: CheckinRequest<'scan'>) => checkin('scan', data),
    tick: (data: CheckinRequest<'tick'>) => checkin('tick', data),
    walkIn: (data: CheckinRequest<'walkIn'>) => checkin('walkIn', data),
    sync: (data: CheckinRequest<'sync'>) => checkin('sync', data),
    activityCode: (activityId: string) => checkin('activityCode', { activityId }),
    self: (code: string, personIds: string[]) => checkin('self', { code, personIds }),
    finalize: (activityId: string) => checkin('finalize', { activityId }),
    printCards: (activityId: string) => checkin('printCards', { activityId }),
    invite: (data: CheckinRequest<'invite'>) => checkin('invite', data),
    redeem: (code: string) => checkin('redeem', { code }),
  },
}

export type Api = typeof api
export type ActivityListRequest = Request<'activities', 'list'>
export type PersonCreateRequest = Request<'persons', 'create'>
export type PersonUpdateRequest = Request<'persons', 'update'>
export type ScanRequest = CheckinRequest<'scan'>
export type SyncRequest = CheckinRequest<'sync'>
export type SyncItem = SyncRequest['items'][number]
export type WalkInRequest = CheckinRequest<'walkIn'>
export type { CheckinResponses }
