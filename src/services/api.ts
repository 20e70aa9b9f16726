// One typed function per action. Types come from the domain contracts (type-only: zod stays out of the bundle).

import type { z } from 'zod'
import type { CorrectionView, DashboardView, DrillView, ExportFile, Schemas } from '../domain/contracts'
import type { IndicatorChange } from '../domain/ledger/indicators'
import type { ActivityInput } from '../domain/activities/editing'
import type { PersonRecordView } from '../domain/views'
import { call, type Request, type Response } from './transport'
import type { StaffAction, StaffRequest } from '../domain/staff/schemas'
import type { FunctionsTable } from '../handlers'

/** What the client sends to a ledger action (the schema's input side). */
export type LedgerRequest<A extends keyof Schemas['ledger']> = z.input<Schemas['ledger'][A]>

/** One audited change of an indicator's definition, as ledger.changes lists them. */
export type LedgerChange = Pick<IndicatorChange, 'id' | 'at' | 'by' | 'before' | 'after'> & { byName?: string }

/** For ledger actions the handler table does not type yet: the reply type comes from the contract views. */
const ledgerCall = <T>(action: keyof Schemas['ledger'], data: unknown): Promise<T> =>
  (call as unknown as (fn: string, action: string, data: unknown) => Promise<T>)('ledger', action, data)

/** What a staff action resolves with (the staff schemas live in domain/staff/schemas.ts, beside contracts.ts). */
export type StaffReply<A extends StaffAction> = Awaited<ReturnType<FunctionsTable['staff'][A]['run']>>
const staffCall = <A extends StaffAction>(action: A, data: StaffRequest<A>): Promise<StaffReply<A>> =>
  (call as unknown as (fn: string, action: string, data: unknown) => Promise<StaffReply<A>>)('staff', action, data)

/** What a feedback action resolves with (schemas in domain/feedback/schemas.ts). */
type FeedbackReply<A extends keyof FunctionsTable['feedback']> = Awaited<ReturnType<FunctionsTable['feedback'][A]['run']>>
const feedbackCall = <A extends keyof FunctionsTable['feedback']>(action: A, data: unknown): Promise<FeedbackReply<A>> =>
  (call as unknown as (fn: string, action: string, data: unknown) => Promise<FeedbackReply<A>>)('feedback', action, data)

/** What a wishes action resolves with (schemas in domain/wishes/schemas.ts). */
type WishesReply<A extends keyof FunctionsTable['wishes']> = Awaited<ReturnType<FunctionsTable['wishes'][A]['run']>>
const wishesCall = <A extends keyof FunctionsTable['wishes']>(action: A, data: unknown): Promise<WishesReply<A>> =>
  (call as unknown as (fn: string, action: string, data: unknown) => Promise<WishesReply<A>>)('wishes', action, data)

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
    // The form's own type: the schema's input side widens the catalog codes to unknown.
    create: (data: { input: ActivityInput; publish?: boolean; wishId?: string }) => call('activities', 'create', data as unknown as Request<'activities', 'create'>),
    update: (data: { id: string; input: ActivityInput }) => call('activities', 'update', data as unknown as Request<'activities', 'update'>),
    submit: (id: string) => call('activities', 'submit', { id }),
    review: (data: Request<'activities', 'review'>) => call('activities', 'review', data),
    cancel: (id: string, reason: string) => call('activities', 'cancel', { id, reason }),
    organized: (data: Request<'activities', 'organized'> = {}) => call('activities', 'organized', data),
    editing: (id: string) => call('activities', 'editing', { id }),
    sharePoster: (id: string) => call('activities', 'sharePoster', { id }),
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
    myTickets: () => call('checkin', 'myTickets', {}),
    issueCard: (personId: string) => call('checkin', 'issueCard', { personId }),
    revokeCard: (personId: string) => call('checkin', 'revokeCard', { personId }),
    myConsoles: () => call('checkin', 'myConsoles', {}),
    console: (activityId: string) => call('checkin', 'console', { activityId }),
    exportRoster: (activityId: string, format: 'xlsx' | 'csv' = 'xlsx') => call('checkin', 'exportRoster', { activityId, format }),
    bundle: (activityId: string, deviceId: string) => call('checkin', 'bundle', { activityId, deviceId }),
    scan: (data: Request<'checkin', 'scan'>) => call('checkin', 'scan', data),
    tick: (data: Request<'checkin', 'tick'>) => call('checkin', 'tick', data),
    walkIn: (data: Request<'checkin', 'walkIn'>) => call('checkin', 'walkIn', data),
    sync: (data: Request<'checkin', 'sync'>) => call('checkin', 'sync', data),
    activityCode: (activityId: string) => call('checkin', 'activityCode', { activityId }),
    self: (code: string, personIds: string[]) => call('checkin', 'self', { code, personIds }),
    finalize: (activityId: string) => call('checkin', 'finalize', { activityId }),
    printCards: (activityId: string) => call('checkin', 'printCards', { activityId }),
    invite: (data: Request<'checkin', 'invite'>) => call('checkin', 'invite', data),
    redeem: (code: string) => call('checkin', 'redeem', { code }),
  },
  courses: {
    create: (data: Request<'courses', 'create'>) => call('courses', 'create', data),
    addMakeUp: (data: Request<'courses', 'addMakeUp'>) => call('courses', 'addMakeUp', data),
    get: (id: string) => call('courses', 'get', { id }),
    signUp: (courseId: string, personId: string) => call('courses', 'signUp', { courseId, personId }),
    mine: () => call('courses', 'mine', {}),
    organized: () => call('courses', 'organized', {}),
    manage: (id: string) => call('courses', 'manage', { id }),
    certificate: (courseId: string, personId: string) => call('courses', 'certificate', { courseId, personId }),
    verify: (code: string) => call('courses', 'verify', { code }),
  },
  account: {
    privacyStatus: () => call('account', 'privacyStatus', {}),
    agreePrivacy: (version: string) => call('account', 'agreePrivacy', { version }),
    exportData: (format: 'json' | 'xlsx') => call('account', 'exportData', { format }),
    deleteAccount: () => call('account', 'deleteAccount', { confirm: true }),
    createLinkCode: (personId: string) => call('account', 'createLinkCode', { personId }),
    redeemLinkCode: (code: string) => call('account', 'redeemLinkCode', { code }),
  },
  feedback: {
    get: (registrationId: string) => feedbackCall('get', { registrationId }),
    submit: (data: { registrationId: string; rating: number; comment?: string | null }) => feedbackCall('submit', data),
    summary: (data: { activityId?: string; departmentCode?: string; byProject?: boolean }) => feedbackCall('summary', data),
  },
  wishes: {
    create: (data: { title: string; detail?: string | null; targetGroup: string; areaId?: string | null }) => wishesCall('create', data),
    support: (id: string) => wishesCall('support', { id }),
    get: (id: string) => wishesCall('get', { id }),
    list: (offset?: number) => wishesCall('list', offset ? { offset } : {}),
  },
  staff: {
    invite: (departmentCode: string) => staffCall('invite', { departmentCode }),
    redeem: (code: string) => staffCall('redeem', { code }),
    list: (departmentCode?: string) => staffCall('list', departmentCode ? { departmentCode } : {}),
    revoke: (userId: string) => staffCall('revoke', { userId }),
  },
  reminders: {
    info: () => call('reminders', 'info', {}),
    subscribe: (accepted: Request<'reminders', 'subscribe'>['accepted']) => call('reminders', 'subscribe', { accepted }),
    outbox: () => call('reminders', 'outbox', {}),
    run: () => call('reminders', 'run', {}),
  },
  ledger: {
    dashboard: (data: LedgerRequest<'dashboard'>): Promise<DashboardView> => call('ledger', 'dashboard', data),
    drill: (data: LedgerRequest<'drill'>): Promise<DrillView> => call('ledger', 'drill', data),
    saveIndicator: (data: LedgerRequest<'saveIndicator'>) => call('ledger', 'saveIndicator', data),
    enterFigure: (data: LedgerRequest<'enterFigure'>) => call('ledger', 'enterFigure', data),
    copyPlan: (data: LedgerRequest<'copyPlan'>) => call('ledger', 'copyPlan', data),
    changes: (indicatorId: string): Promise<LedgerChange[]> => call('ledger', 'changes', { indicatorId }),
    findPersons: (data: LedgerRequest<'findPersons'>): Promise<PersonRecordView[]> => call('ledger', 'findPersons', data),
    mergePersons: (data: LedgerRequest<'mergePersons'>): Promise<{ moved: number; absorbed: number }> => call('ledger', 'mergePersons', data),
    correctAttendance: (data: LedgerRequest<'correctAttendance'>): Promise<CorrectionView> => call('ledger', 'correctAttendance', data),
    corrections: (data: LedgerRequest<'corrections'>): Promise<CorrectionView[]> => call('ledger', 'corrections', data),
    /** Not in the handler table yet when this was written: typed by the ExportFile view. */
    export: (data: LedgerRequest<'export'>) => ledgerCall<ExportFile>('export', data),
  },
}

export type Api = typeof api
export type ActivityListRequest = Request<'activities', 'list'>
export type PersonCreateRequest = Request<'persons', 'create'>
export type PersonUpdateRequest = Request<'persons', 'update'>
export type CourseCreateRequest = Request<'courses', 'create'>
export type SyncItem = Request<'checkin', 'sync'>['items'][number]
export type ActivityCodeResult = Response<'checkin', 'activityCode'>
export type SelfCheckInResult = Response<'checkin', 'self'>['results'][number]
export type InviteResult = Response<'checkin', 'invite'>
export type MyConsolesResult = Response<'checkin', 'myConsoles'>
