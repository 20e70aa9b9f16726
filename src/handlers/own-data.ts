// Own-data rights on top of the Store: erasing a person (registrations anonymized, counts kept) and
// assembling everything kept about an account for export.

import { hasEnded } from '../domain/activities/rules'
import { checkInIdFor, type CheckIn } from '../domain/checkin/rules'
import { TARGET_GROUPS, nameOf } from '../domain/catalog'
import type { UserId } from '../domain/ids'
import type { Store } from '../domain/ports'
import { anonymizeCheckIn, anonymizeRegistration, anonymizeReminder } from '../domain/privacy/anonymize'
import { proxyConsentId, PRIVACY_NOTICE_VERSION } from '../domain/privacy/notice'
import { REMINDER_KINDS, REMINDER_KIND_LABELS, REMINDER_STATUS_LABELS, reminderIdFor } from '../domain/reminders/schedule'
import type { Instant } from '../domain/time'
import type { Person, Registration, User } from '../domain/types'
import { exportFileName, toXlsx, XLSX_CONTENT_TYPE, type Table } from './export-table'

/** Whether any live registration here is for an activity that has not ended yet (deleting waits until then). */
export async function hasRegistrationAhead(store: Store, registrations: readonly Registration[], now: Instant): Promise<boolean> {
  const live = registrations.filter((r) => r.status !== 'cancelled')
  if (live.length === 0) return false
  return (await store.getActivities(live.map((r) => r.activityId))).some((a) => !hasEnded(a, now))
}

/**
 * Deletes a person: first every registration of theirs is anonymized (with its check-ins and
 * reminders), one transaction per registration, then the person document and the proxy consent go.
 * Safe to repeat after an interruption: anonymizing twice changes nothing. Ledger facts are untouched.
 */
export async function erasePerson(store: Store, person: Person, erasedUsers: readonly UserId[], now: Instant): Promise<number> {
  const registrations = await store.listRegistrationsByPerson(person.id)
  for (const r of registrations) {
    await store.transaction(async (tx) => {
      const current = await tx.getRegistration(r.id)
      if (current) await tx.putRegistration(anonymizeRegistration(current, now))
      for (const kind of ['in', 'out'] as const) {
        const c = await tx.getCheckIn(checkInIdFor(r.id, kind))
        const anonymous = c ? anonymizeCheckIn(c, [...erasedUsers, r.ownerId, r.createdBy]) : null
        if (anonymous) await tx.putCheckIn(anonymous)
      }
      for (const kind of REMINDER_KINDS) {
        const m = await tx.getReminder(reminderIdFor(kind, r.id))
        if (m) await tx.putReminder(anonymizeReminder(m, 'person_deleted', now))
      }
    })
  }
  await store.deletePerson(person.id)
  await store.deleteConsent(proxyConsentId(person.ownerId, person.id))
  return registrations.length
}

export interface MyData {
  readonly exportedAt: Instant
  readonly privacyNoticeVersion: string
  readonly account: { id: string; displayName: string; role: string; createdAt: string }
  readonly persons: Array<Person & { proxyConsentAt: string | null }>
  readonly registrations: Array<{
    id: string
    personId: string
    personName: string
    activityId: string
    activityTitle: string
    activityStartAt: string | null
    activityPlace: string | null
    status: string
    createdAt: string
    cancelledAt: string | null
    promotedAt: string | null
    attendance: string | null
    walkIn: boolean
  }>
  readonly checkIns: Array<{ registrationId: string; personName: string; activityTitle: string; kind: string; method: string; at: string; deviceId: string }>
  readonly consents: Array<{ kind: string; version: string; subjectId: string | null; at: string }>
  readonly subscriptions: Array<{ kind: string; credits: number; updatedAt: string }>
  readonly reminders: Array<{ kind: string; activityId: string; status: string; dueAt: string; sentAt: string | null }>
}

/** Everything kept about `user`: the account, the persons it manages and their records. */
export async function collectMyData(store: Store, user: User, now: Instant): Promise<MyData> {
  const [persons, registrations, consents, subscriptions, reminders] = await Promise.all([
    store.listPersonsByOwner(user.id),
    store.listRegistrationsByOwner(user.id),
    store.listConsentsByUser(user.id),
    store.listSubscriptionsByUser(user.id),
    store.listRemindersByUser(user.id),
  ])
  const activities = new Map((await store.getActivities([...new Set(registrations.map((r) => r.activityId))])).map((a) => [a.id as string, a]))
  const names = new Map(persons.map((p) => [p.id as string, p.name]))
  const checkIns: CheckIn[] = []
  for (const r of registrations) {
    if (!r.checkedInAt && !r.checkedOutAt) continue
    for (const kind of ['in', 'out'] as const) {
      const c = await store.getCheckIn(checkInIdFor(r.id, kind))
      if (c) checkIns.push(c)
    }
  }
  const proxy = new Map(consents.filter((c) => c.kind === 'proxy_management').map((c) => [c.subjectId, c.at]))
  return {
    exportedAt: now,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    account: { id: user.id, displayName: user.displayName, role: user.role, createdAt: user.createdAt },
    persons: persons.map((p) => ({ ...p, proxyConsentAt: proxy.get(p.id) ?? null })),
    registrations: registrations.map((r) => {
      const a = activities.get(r.activityId)
      return {
        id: r.id,
        personId: r.personId,
        personName: names.get(r.personId) ?? '',
        activityId: r.activityId,
        activityTitle: a?.title ?? '',
        activityStartAt: a?.startAt ?? null,
        activityPlace: a?.place ?? null,
        status: r.status,
        createdAt: r.createdAt,
        cancelledAt: r.cancelledAt,
        promotedAt: r.promotedAt,
        attendance: r.attendance,
        walkIn: r.walkIn,
      }
    }),
    checkIns: checkIns.map((c) => ({
      registrationId: c.registrationId,
      personName: names.get(c.personId) ?? '',
      activityTitle: activities.get(c.activityId)?.title ?? '',
      kind: c.kind,
      method: c.method,
      at: c.at,
      deviceId: c.deviceId,
    })),
    consents: consents.map((c) => ({ kind: c.kind, version: c.version, subjectId: c.subjectId, at: c.at })),
    subscriptions: subscriptions.map((s) => ({ kind: s.kind, credits: s.credits, updatedAt: s.updatedAt })),
    reminders: reminders.map((m) => ({ kind: m.kind, activityId: m.activityId, status: m.status, dueAt: m.dueAt, sentAt: m.sentAt })),
  }
}

const STATUS_LABELS: Record<string, string> = { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' }
const ATTENDANCE_LABELS: Record<string, string> = { attended: '已出席', no_show: '缺席' }
const CONSENT_LABELS: Record<string, string> = { privacy_notice: '同意用户隐私保护指引', proxy_management: '声明已获家人同意代为登记' }

/** The same data as workbook sheets. */
export function myDataTables(d: MyData, personName: (id: string | null) => string): Table[] {
  return [
    {
      title: '账号',
      columns: [
        { key: 'displayName', header: '名称', kind: 'text' },
        { key: 'id', header: '账号标识', kind: 'text' },
        { key: 'createdAt', header: '创建日期', kind: 'date' },
        { key: 'exportedAt', header: '导出日期', kind: 'date' },
      ],
      rows: [{ ...d.account, exportedAt: d.exportedAt }],
    },
    {
      title: '参与人',
      columns: [
        { key: 'name', header: '姓名', kind: 'text' },
        { key: 'self', header: '关系', kind: 'text' },
        { key: 'birthYear', header: '出生年份', kind: 'number' },
        { key: 'group', header: '重点人群', kind: 'text' },
        { key: 'phone', header: '手机号', kind: 'text' },
        { key: 'guardianConsentAt', header: '监护人同意日期', kind: 'date' },
        { key: 'proxyConsentAt', header: '代管同意日期', kind: 'date' },
      ],
      rows: d.persons.map((p) => ({
        name: p.name,
        self: p.isSelf ? '本人' : '家人',
        birthYear: p.birthYear,
        group: nameOf(TARGET_GROUPS, p.targetGroup),
        phone: p.phone,
        guardianConsentAt: p.guardianConsentAt,
        proxyConsentAt: p.proxyConsentAt,
      })),
    },
    {
      title: '报名记录',
      columns: [
        { key: 'personName', header: '参与人', kind: 'text' },
        { key: 'activityTitle', header: '活动', kind: 'text' },
        { key: 'activityStartAt', header: '活动日期', kind: 'date' },
        { key: 'status', header: '状态', kind: 'text' },
        { key: 'attendance', header: '出勤', kind: 'text' },
        { key: 'createdAt', header: '报名日期', kind: 'date' },
      ],
      rows: d.registrations.map((r) => ({
        personName: r.personName,
        activityTitle: r.activityTitle,
        activityStartAt: r.activityStartAt,
        status: STATUS_LABELS[r.status] ?? r.status,
        attendance: r.attendance ? (ATTENDANCE_LABELS[r.attendance] ?? r.attendance) : null,
        createdAt: r.createdAt,
      })),
    },
    {
      title: '签到记录',
      columns: [
        { key: 'personName', header: '参与人', kind: 'text' },
        { key: 'activityTitle', header: '活动', kind: 'text' },
        { key: 'kind', header: '类型', kind: 'text' },
        { key: 'method', header: '方式', kind: 'text' },
        { key: 'at', header: '时间(UTC)', kind: 'text' },
      ],
      rows: d.checkIns.map((c) => ({ ...c, kind: c.kind === 'in' ? '签到' : '签退' })),
    },
    {
      title: '同意记录',
      columns: [
        { key: 'kind', header: '事项', kind: 'text' },
        { key: 'version', header: '版本', kind: 'text' },
        { key: 'subject', header: '涉及参与人', kind: 'text' },
        { key: 'at', header: '时间(UTC)', kind: 'text' },
      ],
      rows: d.consents.map((c) => ({ kind: CONSENT_LABELS[c.kind] ?? c.kind, version: c.version, subject: c.subjectId ? personName(c.subjectId) : null, at: c.at })),
    },
    {
      title: '活动提醒',
      columns: [
        { key: 'kind', header: '提醒', kind: 'text' },
        { key: 'status', header: '状态', kind: 'text' },
        { key: 'dueAt', header: '计划时间(UTC)', kind: 'text' },
      ],
      rows: d.reminders.map((m) => ({
        kind: REMINDER_KIND_LABELS[m.kind as keyof typeof REMINDER_KIND_LABELS] ?? m.kind,
        status: REMINDER_STATUS_LABELS[m.status as keyof typeof REMINDER_STATUS_LABELS] ?? m.status,
        dueAt: m.dueAt,
      })),
    },
  ]
}

/** The export as a file: JSON (machine-readable, complete) or XLSX (one sheet per kind of record). */
export async function myDataFile(d: MyData, format: 'json' | 'xlsx'): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  if (format === 'json') {
    const fileName = exportFileName('我的数据', d.account.displayName, d.exportedAt, 'csv').replace(/\.csv$/, '.json')
    return { fileName, contentType: 'application/json; charset=utf-8', bytes: new TextEncoder().encode(JSON.stringify(d, null, 2)) }
  }
  const names = new Map(d.persons.map((p) => [p.id as string, p.name]))
  const buffer = await toXlsx(myDataTables(d, (id) => (id ? (names.get(id) ?? '') : '')))
  return {
    fileName: exportFileName('我的数据', d.account.displayName, d.exportedAt, 'xlsx'),
    contentType: XLSX_CONTENT_TYPE,
    bytes: new Uint8Array(buffer),
  }
}
