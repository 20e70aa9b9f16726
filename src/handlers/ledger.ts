import { schemas, type BreakdownRow, type CorrectionView, type DashboardView, type DrillView, type ExportFile, type IndicatorCardView } from '../domain/contracts'
import { ACTIVITY_TYPES, DEPARTMENTS, TARGET_GROUPS, nameOf, type DepartmentCode } from '../domain/catalog'
import { raise, unwrap } from '../domain/errors'
import { newId, registrationIdFor, type ActivityId, type CourseId, type PersonId, type UserId } from '../domain/ids'
import { decideAttendanceCorrection, type AttendanceCorrection } from '../domain/ledger/corrections'
import { recordAttendance, withdrawAttendance } from './attendance-ledger'
import { activityFacts, attendanceFacts, completionQualifies, isFactRule, countCompletions, countVolunteers, indicatorStatus, monthLabel, type BreakdownKey, type CountSpec, type IndicatorFilters, type Period } from '../domain/ledger/count'
import { checkIndicator, copyIndicators, indicatorPeriod, planInForce, planToShow, PLAN_2021_2025, seedIndicators, successorPlan, type Indicator, type Plan } from '../domain/ledger/indicators'
import type { Store, StoredFact } from '../domain/ports'
import type { PersonRecordView } from '../domain/views'
import { ms, shanghaiInstant, shanghaiYear, toInstant, type Instant } from '../domain/time'
import type { Registration, User } from '../domain/types'
import { checkInIdFor } from '../domain/checkin/rules'
import { checkMerge, mergeCompletions, mergeStep } from '../domain/persons/merge'
import { certificateNoFor } from '../domain/courses/certificate'
import { completionIdFor, isAttended, type Attended } from '../domain/courses/rules'
import { isPhone, maskPhone } from '../domain/persons/rules'
import { areaNames } from './views'
import { exportFileName, tableFile, type Table } from './export-table'
import { DELETED_PERSON_NAME } from './views'
import { action, userOf, type Ctx } from './table'

/** The default breakdown: every attendance in the plan period. */
const ALL_PERSON_TIMES = 'all-person-times'
const DRILL_PERSONS_MAX = 500
const STATUS_LABELS = { on_track: '进度正常', behind: '进度滞后', no_target: '—' } as const

/** Seeds the 2021–2025 plan and its indicators the first time the ledger is opened (also in the cloud). */
async function plansOf(store: Store): Promise<Plan[]> {
  const plans = await store.listPlans()
  if (plans.length > 0) return plans
  await store.putPlan(PLAN_2021_2025)
  for (const ind of seedIndicators(PLAN_2021_2025.id)) await store.putIndicator(ind)
  return [PLAN_2021_2025]
}

/** An indicator's period at `now`, or an empty one where it has none (本年度 outside the plan): nothing counts. */
const periodOrNone = (ind: Pick<Indicator, 'periodKind'>, plan: Plan, now: Instant): Period => indicatorPeriod(ind, plan, now) ?? { from: plan.period.to, to: plan.period.to }

/** Organizers see their own unit only; admins choose. */
function scopeOf(user: User, requested: { areaId?: string; departmentCode?: DepartmentCode }): { areaId: string | null; departmentCode: DepartmentCode | null } {
  if (user.role === 'admin') return { areaId: requested.areaId ?? null, departmentCode: requested.departmentCode ?? null }
  if (!user.departmentCode) return raise('AUTH.FORBIDDEN')
  return { areaId: requested.areaId ?? null, departmentCode: user.departmentCode }
}

/** An indicator's counting spec in a scope: the scope narrows the indicator's own filters. */
function specOf(ind: Pick<Indicator, 'rule' | 'filters'>, period: Period, scope: { areaId: string | null; departmentCode: DepartmentCode | null }): CountSpec {
  const filters: IndicatorFilters = {
    ...ind.filters,
    ...(scope.areaId ? { areaIds: ind.filters.areaIds?.length ? ind.filters.areaIds.filter((a) => a === scope.areaId) : [scope.areaId] } : {}),
    ...(scope.departmentCode ? { departments: ind.filters.departments?.length ? ind.filters.departments.filter((d) => d === scope.departmentCode) : [scope.departmentCode] } : {}),
  }
  // An empty intersection must count nothing, not everything.
  const impossible = (scope.areaId && filters.areaIds?.length === 0) || (scope.departmentCode && filters.departments?.length === 0)
  return { rule: isFactRule(ind.rule) ? ind.rule : 'person_times', period: impossible ? { from: period.from, to: period.from } : period, filters }
}

const allPersonTimes = (plan: Plan): Indicator => ({
  id: ALL_PERSON_TIMES,
  planId: plan.id,
  name: '全部参与人次',
  unit: '人次',
  rule: 'person_times',
  periodKind: 'plan',
  target: null,
  filters: {},
  countingNote: '规划期内所有签到人次',
  entered: null,
  sort: 0,
})

/** An indicator by id; callers have seeded the plan through plansOf/requirePlan first. */
async function loadIndicator(store: Store, id: string): Promise<Indicator> {
  return (await store.getIndicator(id)) ?? raise('LEDGER.INDICATOR_NOT_FOUND', 'indicatorId')
}

/** The requested plan, or the one in force; refuses an unknown id. */
function pickPlan(plans: Plan[], planId: string | undefined, now: Instant): Plan {
  if (!planId) return planToShow(plans, now)
  return plans.find((p) => p.id === planId) ?? raise('LEDGER.PLAN_NOT_FOUND', 'planId')
}

const requirePlan = async (store: Store, planId: string | undefined, now: Instant): Promise<Plan> => pickPlan(await plansOf(store), planId, now)

function scopeLabel(scope: { areaId: string | null; departmentCode: string | null }, areaName: (id: string) => string): string {
  const parts = [scope.departmentCode ? nameOf(DEPARTMENTS, scope.departmentCode) : '全区', scope.areaId ? areaName(scope.areaId) : null].filter(Boolean)
  return parts.join(' · ')
}

async function cardOf(store: Store, ind: Indicator, plan: Plan, scope: { areaId: string | null; departmentCode: DepartmentCode | null }, now: Instant): Promise<IndicatorCardView> {
  const period = indicatorPeriod(ind, plan, now)
  const value =
    ind.rule === 'entered'
      ? (ind.entered?.value ?? null)
      : period === null
        ? null
        : ind.rule === 'volunteers'
          ? countVolunteers(period, specOf(ind, period, scope).filters, await store.listVolunteerServices(period))
          : ind.rule === 'completions'
            ? countCompletions(period, specOf(ind, period, scope).filters, await store.listCompletions(period))
            : await store.countFacts(specOf(ind, period, scope))
  const status = value === null || period === null ? { status: 'no_target' as const, percent: null, expected: null } : indicatorStatus(value, ind.target, period, now)
  return {
    id: ind.id,
    name: ind.name,
    unit: ind.unit,
    rule: ind.rule,
    periodKind: ind.periodKind,
    period,
    periodNote: period === null ? `本年度（${shanghaiYear(now)}年）不在本规划期内，不统计` : null,
    value,
    target: ind.target,
    ...status,
    countingNote: ind.countingNote,
    entered: ind.entered,
    filters: ind.filters as Record<string, unknown>,
  }
}

async function breakdownRows(store: Store, spec: CountSpec, by: BreakdownKey, areaName: (id: string) => string): Promise<BreakdownRow[]> {
  const rows = await store.breakdownFacts(spec, by)
  const label = (k: string) => (by === 'targetGroup' ? nameOf(TARGET_GROUPS, k) : by === 'department' ? nameOf(DEPARTMENTS, k) : by === 'area' ? areaName(k) || k : k)
  const sorted = by === 'month' ? [...rows].sort(([a], [b]) => a.localeCompare(b)) : [...rows].sort(([, a], [, b]) => b - a)
  return sorted.map(([key, value]) => ({ key, label: label(key), value }))
}

/** Narrows a spec to one breakdown cell (a month, a group, a unit or an area). */
function narrow(spec: CountSpec, cell: { by: BreakdownKey; key: string } | undefined): CountSpec {
  if (!cell) return spec
  if (cell.by === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(cell.key) ?? raise('INPUT.INVALID', 'cell.key')
    const from = shanghaiInstant(Number(m[1]), Number(m[2]), 1)
    const to = shanghaiInstant(Number(m[1]), Number(m[2]) + 1, 1)
    return { ...spec, period: { from: toInstant(Math.max(ms(from), ms(spec.period.from))), to: toInstant(Math.min(ms(to), ms(spec.period.to))) } }
  }
  const key = cell.by === 'targetGroup' ? 'targetGroups' : cell.by === 'department' ? 'departments' : 'areaIds'
  return { ...spec, filters: { ...spec.filters, [key]: [cell.key] } }
}

/** Drill-down of the completions rule: each counted course's first lesson, with how many completed it. */
async function completionActivities(store: Store, spec: CountSpec): Promise<Array<{ activityId: ActivityId; facts: number }>> {
  // Distinct persons per course, as the card counts them (a completion counts once per person).
  const perCourse = new Map<string, Set<string>>()
  for (const c of await store.listCompletions(spec.period)) {
    if (!completionQualifies(c, spec.period, spec.filters)) continue
    const persons = perCourse.get(c.courseId) ?? new Set<string>()
    perCourse.set(c.courseId, persons.add(c.personId))
  }
  const out: Array<{ activityId: ActivityId; facts: number }> = []
  for (const [courseId, persons] of perCourse) {
    const course = await store.getCourse(courseId as CourseId)
    const first = course?.lessons?.[0]?.activityId
    if (first) out.push({ activityId: first as ActivityId, facts: persons.size })
  }
  return out
}

/** Drill-down of the volunteers rule: the activities volunteers served at, with how many volunteers each. */
async function volunteerActivities(store: Store, spec: CountSpec): Promise<Array<{ activityId: ActivityId; facts: number }>> {
  const perActivity = new Map<string, number>()
  for (const s of await store.listVolunteerServices(spec.period)) {
    if (countVolunteers(spec.period, { ...spec.filters, minAttendance: 1 }, [s]) === 1) perActivity.set(s.activity.activityId, (perActivity.get(s.activity.activityId) ?? 0) + 1)
  }
  return [...perActivity].map(([activityId, facts]) => ({ activityId: activityId as ActivityId, facts }))
}

/** The people a figure counts (admins only), the first DRILL_PERSONS_MAX, with their names read in one batch. */
async function drillPersonRows(store: Store, spec: CountSpec, areaName: (id: string) => string): Promise<NonNullable<DrillView['persons']>> {
  const rows = (await store.drillPersons(spec)).slice(0, DRILL_PERSONS_MAX)
  const found = new Map((await store.getPersons(rows.map((p) => p.personId))).map((p) => [p.id as string, p]))
  return rows.map((p) => {
    const person = found.get(p.personId)
    return { id: p.personId as string, name: person?.name ?? DELETED_PERSON_NAME, targetGroup: person?.targetGroup ?? '', areaName: person ? areaName(person.areaId) : '', facts: p.facts }
  })
}

/** The change log lists this many corrections (newest first). */
const CORRECTIONS_LISTED_MAX = 100

/** Corrections with the activity's title, the person's name and the admin's name, read in batches. */
async function correctionViews(store: Store, corrections: readonly AttendanceCorrection[]): Promise<CorrectionView[]> {
  const [activities, persons] = await Promise.all([
    store.getActivities([...new Set(corrections.map((c) => c.activityId))]),
    store.getPersons([...new Set(corrections.map((c) => c.personId))]),
  ])
  const titles = new Map(activities.map((a) => [a.id as string, a]))
  const names = new Map(persons.map((p) => [p.id as string, p.name]))
  const admins = new Map<string, string>()
  for (const by of new Set(corrections.map((c) => c.by))) admins.set(by, (await store.getUser(by))?.displayName ?? by)
  return corrections.map((c) => ({
    id: c.id,
    activityId: c.activityId,
    activityTitle: titles.get(c.activityId)?.title ?? '（活动已删除）',
    activityStartAt: titles.get(c.activityId)?.startAt ?? null,
    registrationId: c.registrationId,
    personName: names.get(c.personId) ?? DELETED_PERSON_NAME,
    attended: c.attended,
    checkedInAtBefore: c.checkedInAtBefore,
    checkedInAtAfter: c.checkedInAtAfter,
    reason: c.reason,
    byName: admins.get(c.by) ?? c.by,
    at: c.at,
  }))
}

const requireAdmin = (ctx: Ctx): User => {
  const user = userOf(ctx)
  return user.role === 'admin' ? user : raise('AUTH.FORBIDDEN')
}

async function saveWithAudit(ctx: Ctx, before: Indicator | null, after: Indicator): Promise<Indicator> {
  const { store, clock, random } = ctx.deps
  await store.putIndicator(after)
  await store.putIndicatorChange({ id: `chg-${Date.parse(clock.now())}-${Math.floor(random() * 1e9)}`, indicatorId: after.id, at: clock.now(), by: userOf(ctx).id, before, after })
  return after
}

export const ledgerHandlers = {
  dashboard: action({
    access: ['organizer', 'admin'],
    input: schemas.ledger.dashboard,
    run: async (input, ctx): Promise<DashboardView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const plans = await plansOf(store)
      const plan = pickPlan(plans, input.planId, now)
      const scope = scopeOf(user, input)
      const areaName = await areaNames(store)
      const indicators = (await store.listIndicators(plan.id)).sort((a, b) => a.sort - b.sort)
      const cards = await Promise.all(indicators.map((ind) => cardOf(store, ind, plan, scope, now)))
      const chosen = input.indicatorId && input.indicatorId !== ALL_PERSON_TIMES ? indicators.find((i) => i.id === input.indicatorId) : undefined
      const of = chosen && isFactRule(chosen.rule) ? chosen : allPersonTimes(plan)
      const spec = specOf(of, periodOrNone(of, plan, now), scope)
      const [byMonth, byTargetGroup, byDepartment, byArea] = await Promise.all(
        (['month', 'targetGroup', 'department', 'area'] as const).map((by) => breakdownRows(store, spec, by, areaName)),
      )
      const inForce = planInForce(plans, now)
      const successor = user.role === 'admin' ? successorPlan(plans, now) : null
      return {
        plan: { id: plan.id, name: plan.name, period: plan.period },
        plans: plans.map((p) => ({ id: p.id, name: p.name })),
        inForce: inForce?.id === plan.id,
        planInForce: inForce ? { id: inForce.id, name: inForce.name } : null,
        successor: successor ? { fromPlanId: plan.id, name: successor.name, from: successor.period.from, to: successor.period.to } : null,
        scope: { ...scope, label: scopeLabel(scope, areaName) },
        cards,
        breakdownOf: { id: of.id, name: of.name, unit: of.unit },
        byMonth,
        byTargetGroup,
        byDepartment,
        byArea,
        canEdit: user.role === 'admin',
        generatedAt: now,
      }
    },
  }),
  drill: action({
    access: ['organizer', 'admin'],
    input: schemas.ledger.drill,
    run: async (input, ctx): Promise<DrillView> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const scope = scopeOf(user, input)
      const plans = await plansOf(store)
      const ind = input.indicatorId === ALL_PERSON_TIMES ? allPersonTimes(planToShow(plans, now)) : await loadIndicator(store, input.indicatorId)
      const plan = pickPlan(plans, ind.planId, now)
      const spec = narrow(specOf(ind, periodOrNone(ind, plan, now), scope), input.cell)
      const areaName = await areaNames(store)
      const rows =
        ind.rule === 'volunteers' ? await volunteerActivities(store, spec) : ind.rule === 'completions' ? await completionActivities(store, spec) : await store.drillActivities(spec)
      const activities = await store.getActivities(rows.map((r) => r.activityId as ActivityId))
      const byId = new Map(activities.map((a) => [a.id as string, a]))
      const persons = user.role === 'admin' && (ind.rule === 'person_times' || ind.rule === 'unique_persons') ? await drillPersonRows(store, spec, areaName) : null
      return {
        indicator: { id: ind.id, name: ind.name, unit: ind.unit },
        activities: rows
          .filter((r) => byId.has(r.activityId))
          .map((r) => {
            const a = byId.get(r.activityId)!
            return { id: a.id, title: a.title, startAt: a.startAt, departmentCode: a.departmentCode, areaName: areaName(a.areaId), facts: r.facts }
          })
          .sort((a, b) => a.startAt.localeCompare(b.startAt)),
        persons,
      }
    },
  }),
  saveIndicator: action({
    access: ['admin'],
    input: schemas.ledger.saveIndicator,
    run: async (input, ctx): Promise<Indicator> => {
      requireAdmin(ctx)
      const { store, clock, random } = ctx.deps
      const plan = await requirePlan(store, input.planId, clock.now())
      const before = input.id ? await loadIndicator(store, input.id) : null
      const after: Indicator = {
        id: before?.id ?? `${plan.id}-ind-${Math.floor(random() * 1e9).toString(36)}`,
        planId: plan.id,
        name: input.name,
        unit: input.unit,
        rule: input.rule,
        periodKind: input.periodKind,
        target: input.target,
        filters: input.filters as IndicatorFilters,
        countingNote: input.countingNote,
        entered: input.rule === 'entered' ? (before?.entered ?? null) : null,
        sort: before?.sort ?? (await store.listIndicators(plan.id)).length + 1,
      }
      const areas = (await store.listAreas()).map((a) => a.id as string)
      unwrap(checkIndicator(after, indicatorPeriod(after, plan, clock.now()) ?? plan.period, areas))
      return saveWithAudit(ctx, before, after)
    },
  }),
  enterFigure: action({
    access: ['admin'],
    input: schemas.ledger.enterFigure,
    run: async (input, ctx): Promise<Indicator> => {
      requireAdmin(ctx)
      await plansOf(ctx.deps.store) // the seeded indicators exist from the first use on
      const before = await loadIndicator(ctx.deps.store, input.indicatorId)
      if (before.rule !== 'entered') raise('LEDGER.INDICATOR_COMPUTED', 'indicatorId')
      return saveWithAudit(ctx, before, { ...before, entered: { value: input.value, source: input.source, asOf: input.asOf } })
    },
  }),
  copyPlan: action({
    access: ['admin'],
    input: schemas.ledger.copyPlan,
    /** A successor plan starts with copies of the predecessor's indicators. */
    run: async (input, ctx): Promise<Plan> => {
      requireAdmin(ctx)
      const { store, clock } = ctx.deps
      const from = await requirePlan(store, input.fromPlanId, clock.now())
      if (!(ms(input.to) > ms(input.from))) raise('LEDGER.EMPTY_PERIOD', 'to')
      const id = `plan-${monthLabel(input.from).slice(0, 4)}-${monthLabel(toInstant(ms(input.to) - 1)).slice(0, 4)}`
      if ((await store.listPlans()).some((p) => p.id === id)) raise('LEDGER.PLAN_EXISTS', 'from')
      const plan: Plan = { id, name: input.name, period: { from: input.from, to: input.to } }
      await store.putPlan(plan)
      for (const ind of copyIndicators(await store.listIndicators(from.id), id, (i) => `${id}-${i + 1}`)) await saveWithAudit(ctx, null, ind)
      return plan
    },
  }),
  export: action({
    access: ['organizer', 'admin'],
    input: schemas.ledger.export,
    /** The indicator table, the activity list with attendance, or the per-unit annual summary, as XLSX or CSV (with BOM). */
    run: async (input, ctx): Promise<ExportFile> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const plan = await requirePlan(store, input.planId, now)
      const scope = scopeOf(user, input)
      const areaName = await areaNames(store)
      const label = scopeLabel(scope, areaName)
      let table: Table
      let kindName: string
      if (input.kind === 'indicators') {
        kindName = '指标汇总'
        const indicators = (await store.listIndicators(plan.id)).sort((a, b) => a.sort - b.sort)
        const cards = await Promise.all(indicators.map((ind) => cardOf(store, ind, plan, scope, now)))
        table = {
          title: `${kindName}（${label}）`,
          columns: [
            { key: 'name', header: '指标', kind: 'text' },
            { key: 'value', header: '完成值', kind: 'number' },
            { key: 'unit', header: '单位', kind: 'text' },
            { key: 'target', header: '目标值', kind: 'number' },
            { key: 'percent', header: '完成比例', kind: 'percent' },
            { key: 'status', header: '进度', kind: 'text' },
            { key: 'from', header: '统计起', kind: 'date' },
            { key: 'to', header: '统计止', kind: 'date' },
            { key: 'note', header: '统计口径', kind: 'text' },
            { key: 'source', header: '数据来源', kind: 'text' },
          ],
          rows: cards.map((c) => ({
            name: c.name,
            value: c.value,
            unit: c.unit,
            target: c.target,
            percent: c.percent === null ? null : c.percent / 100,
            status: STATUS_LABELS[c.status],
            from: c.period?.from ?? null,
            to: c.period ? toInstant(ms(c.period.to) - 1) : null,
            note: c.periodNote ?? c.countingNote,
            source: c.entered ? `${c.entered.source}（${monthLabel(c.entered.asOf)}）` : c.rule === 'entered' ? '未填报' : '系统签到记录',
          })),
        }
      } else {
        const year = input.year ?? Number(monthLabel(now).slice(0, 4))
        const period = input.kind === 'activities' && !input.year ? plan.period : { from: shanghaiInstant(year, 1, 1), to: shanghaiInstant(year + 1, 1, 1) }
        const base = (rule: CountSpec['rule']) => specOf({ rule, filters: {} }, period, scope)
        if (input.kind === 'activities') {
          kindName = input.year ? `${year}年活动清单` : '活动清单'
          const held = await store.drillActivities(base('activities'))
          const facts = new Map((await store.drillActivities(base('person_times'))).map((r) => [r.activityId as string, r.facts]))
          const activities = (await store.getActivities(held.map((r) => r.activityId as ActivityId))).sort((a, b) => a.startAt.localeCompare(b.startAt))
          table = {
            title: `${kindName}（${label}）`,
            columns: [
              { key: 'title', header: '活动', kind: 'text' },
              { key: 'type', header: '类型', kind: 'text' },
              { key: 'date', header: '日期', kind: 'date' },
              { key: 'department', header: '主办单位', kind: 'text' },
              { key: 'area', header: '镇街', kind: 'text' },
              { key: 'capacity', header: '名额', kind: 'number' },
              { key: 'registered', header: '报名', kind: 'number' },
              { key: 'attended', header: '签到', kind: 'number' },
              { key: 'rate', header: '到场率', kind: 'percent' },
            ],
            rows: activities.map((a) => {
              const attended = facts.get(a.id) ?? 0
              return {
                title: a.title,
                type: nameOf(ACTIVITY_TYPES, a.type),
                date: a.startAt,
                department: nameOf(DEPARTMENTS, a.departmentCode),
                area: areaName(a.areaId),
                capacity: a.capacity,
                registered: a.confirmedCount,
                attended,
                rate: a.confirmedCount > 0 ? Math.min(1, attended / a.confirmedCount) : null,
              }
            }),
          }
        } else {
          kindName = `${year}年度单位汇总`
          const [acts, times, people] = await Promise.all([
            store.breakdownFacts(base('activities'), 'department'),
            store.breakdownFacts(base('person_times'), 'department'),
            store.breakdownFacts(base('unique_persons'), 'department'),
          ])
          const get = (rows: Array<[string, number]>, k: string) => rows.find(([key]) => key === k)?.[1] ?? 0
          const units = DEPARTMENTS.filter((d) => !scope.departmentCode || d.code === scope.departmentCode)
          table = {
            title: `${kindName}（${label}）`,
            columns: [
              { key: 'unit', header: '单位', kind: 'text' },
              { key: 'activities', header: '活动场次', kind: 'number' },
              { key: 'times', header: '参与人次', kind: 'number' },
              { key: 'people', header: '参与人数', kind: 'number' },
            ],
            rows: units.map((d) => ({ unit: d.name, activities: get(acts, d.code), times: get(times, d.code), people: get(people, d.code) })),
          }
        }
      }
      return tableFile(table, input.format, exportFileName(kindName, label.replace(/ · /g, '_'), now, input.format))
    },
  }),
  findPersons: action({
    access: ['admin'],
    input: schemas.ledger.findPersons,
    run: async (input, ctx): Promise<PersonRecordView[]> => {
      requireAdmin(ctx)
      const { store } = ctx.deps
      const areaName = await areaNames(store)
      // A typed phone number finds records by phone (walk-ins give one), anything else by exact name.
      const query = input.name.trim()
      const persons = isPhone(query) ? await store.listPersonsByPhone(query) : await store.listPersonsByName(query)
      return Promise.all(
        persons.map(async (p) => {
          const [owner, regs] = await Promise.all([store.getUser(p.ownerId), store.listRegistrationsByPerson(p.id)])
          const mine = regs.filter((r) => r.status !== 'cancelled')
          return {
            id: p.id,
            name: p.name,
            birthYear: p.birthYear,
            targetGroup: nameOf(TARGET_GROUPS, p.targetGroup),
            areaName: areaName(p.areaId),
            phone: maskPhone(p.phone),
            ownerName: owner?.displayName ?? '',
            isSelf: p.isSelf,
            registrations: mine.length,
            attended: mine.filter((r) => r.attendance === 'attended').length,
          }
        }),
      )
    },
  }),
  mergePersons: action({
    access: ['admin'],
    input: schemas.ledger.mergePersons,
    run: async (input, ctx): Promise<{ moved: number; absorbed: number }> => {
      requireAdmin(ctx)
      const { store, clock } = ctx.deps
      const now = clock.now()
      const regs = await store.listRegistrationsByPerson(input.personId as PersonId)
      const result = await store.transaction(async (tx) => {
        const duplicate = (await tx.getPerson(input.personId as PersonId)) ?? raise('PERSON.NOT_FOUND', 'personId')
        const kept = (await tx.getPerson(input.intoPersonId as PersonId)) ?? raise('PERSON.NOT_FOUND', 'intoPersonId')
        unwrap(checkMerge(duplicate, kept))
        let moved = 0
        let absorbed = 0
        // The kept person's registrations written here, by activity (a transaction cannot read its own writes).
        const keptRegs = new Map<string, Registration>()
        const courseIds = new Set<CourseId>()
        for (const listed of regs) {
          const r = (await tx.getRegistration(listed.id)) ?? listed
          const step = mergeStep(r, await tx.getRegistration(registrationIdFor(r.activityId, kept.id)), kept, now)
          if (!step) continue
          const activity = await tx.getActivity(r.activityId)
          await tx.putRegistration(step.closed)
          await tx.putRegistration(step.kept)
          keptRegs.set(step.kept.activityId, step.kept)
          if (activity?.courseId) courseIds.add(activity.courseId)
          if (activity && (step.confirmedDelta || step.waitlistDelta)) {
            await tx.putActivity({ ...activity, confirmedCount: activity.confirmedCount + step.confirmedDelta, waitlistCount: activity.waitlistCount + step.waitlistDelta, updatedAt: now })
          }
          // The ledger: the duplicate's fact goes; the kept registration's fact (if it counts) is written
          // for the kept person, so unique persons count the human once.
          await tx.deleteFact(r.id)
          if (activity) for (const f of attendanceFacts([step.kept], () => activityFacts(activity), () => kept.targetGroup)) await tx.putFact(f as StoredFact)
          if (step.moved) {
            for (const kind of ['in', 'out'] as const) {
              const c = await tx.getCheckIn(checkInIdFor(r.id, kind))
              if (c) await tx.putCheckIn({ ...c, id: checkInIdFor(step.kept.id, kind), registrationId: step.kept.id, personId: kept.id })
            }
            moved++
          } else absorbed++
        }
        // 结业: the duplicate's completion goes to the kept person, or the merged lessons complete the course.
        for (const courseId of courseIds) {
          const course = await tx.getCourse(courseId)
          if (!course) continue
          const attended: Attended[] = []
          for (const l of course.lessons) {
            const r = keptRegs.get(l.activityId) ?? (await tx.getRegistration(registrationIdFor(l.activityId, kept.id)))
            if (isAttended(r)) attended.push({ activityId: l.activityId, at: r.checkedInAt! })
          }
          const keptCompletionId = completionIdFor(course.id, kept.id)
          const [duplicateCompletion, keptCompletion] = [await tx.getCompletion(completionIdFor(course.id, duplicate.id)), await tx.getCompletion(keptCompletionId)]
          const merged = mergeCompletions({ course, kept, duplicateCompletion, keptCompletion, attended, certificateNo: certificateNoFor(keptCompletionId) })
          for (const id of merged.remove) await tx.deleteCompletion(id)
          if (merged.keep) await tx.putCompletion(merged.keep)
        }
        return { moved, absorbed }
      })
      await store.deletePerson(input.personId as PersonId)
      return result
    },
  }),
  correctAttendance: action({
    access: ['admin'],
    input: schemas.ledger.correctAttendance,
    /** After attendance closed: the registration, its check-in, the fact and 结业 change together, and the change log records why. */
    run: async (input, ctx): Promise<CorrectionView> => {
      const user = requireAdmin(ctx)
      const { store, clock, random } = ctx.deps
      const now = clock.now()
      const id = newId<string>('cor', random)
      const correction = await store.transaction(async (tx) => {
        const registration = await tx.getRegistration(input.registrationId)
        const activity = registration ? await tx.getActivity(registration.activityId) : null
        const d = unwrap(decideAttendanceCorrection({ activity, registration, attended: input.attended, checkedInAt: input.checkedInAt ?? null, reason: input.reason, actorId: user.id, now, id }))
        await tx.putRegistration(d.registration)
        for (const checkInId of d.removeCheckIns) await tx.deleteCheckIn(checkInId)
        if (d.checkIn) {
          // A deleted person's registration keeps its opaque id but no target group to count a new fact by.
          const person = (await tx.getPerson(d.registration.personId)) ?? raise('PERSON.NOT_FOUND', 'registrationId')
          await tx.putCheckIn(d.checkIn)
          await recordAttendance(tx, activity!, person, d.registration.id, d.checkIn.at)
        } else await withdrawAttendance(tx, activity!, d.registration)
        await tx.putAttendanceCorrection(d.correction)
        return d.correction
      })
      const [view] = await correctionViews(store, [correction])
      return view
    },
  }),
  corrections: action({
    access: ['admin'],
    input: schemas.ledger.corrections,
    run: async (input, ctx): Promise<CorrectionView[]> => {
      requireAdmin(ctx)
      const { store } = ctx.deps
      return correctionViews(store, await store.listAttendanceCorrections({ activityId: input.activityId, limit: CORRECTIONS_LISTED_MAX }))
    },
  }),
  changes: action({
    access: ['admin'],
    input: schemas.ledger.changes,
    run: async (input, ctx) => {
      const { store } = ctx.deps
      const changes = (await store.listIndicatorChanges(input.indicatorId)).sort((a, b) => b.at.localeCompare(a.at))
      // The audit trail names who changed what (an account removed since keeps its id).
      const names = new Map<string, string>()
      for (const by of new Set(changes.map((c) => c.by))) names.set(by, (await store.getUser(by as UserId))?.displayName ?? by)
      return changes.map((c) => ({ ...c, byName: names.get(c.by) ?? c.by }))
    },
  }),
}
