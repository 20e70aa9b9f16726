// Pure helpers of the ledger pages: labels, number formatting, chart scaling, URLs and the indicator form.
// No Taro here, so tests/client can pin them.

import type { BreakdownRow, IndicatorCardView } from '../../domain/contracts'
import { decodeIndicatorFilters, TAG_PATTERN } from '../../domain/ledger/filters'

export type Rule = IndicatorCardView['rule']
export type PeriodKind = IndicatorCardView['periodKind']
export type Status = IndicatorCardView['status']
export type BreakdownBy = 'month' | 'targetGroup' | 'department' | 'area'

export const RULES: { code: Rule; name: string; hint: string }[] = [
  { code: 'unique_persons', name: '人数', hint: '去重后的参与人数' },
  { code: 'person_times', name: '人次', hint: '每次签到计一次' },
  { code: 'activities', name: '场次', hint: '举办的活动场次' },
  { code: 'volunteers', name: '志愿者人数', hint: '受邀签到志愿者，每人计一次' },
  { code: 'completions', name: '结业人数', hint: '系列课程结业，每人计一次' },
  { code: 'entered', name: '填报', hint: '由管理员填报的数值' },
]

export const PERIOD_KINDS: { code: PeriodKind; name: string }[] = [
  { code: 'plan', name: '规划期' },
  { code: 'annual', name: '年度' },
]

export const ruleName = (rule: Rule): string => RULES.find((r) => r.code === rule)?.name ?? rule
export const periodKindName = (k: PeriodKind): string => PERIOD_KINDS.find((p) => p.code === k)?.name ?? k

/** The status in words with an icon, so it never rests on colour alone. */
export const STATUS: Record<Status, { label: string; icon: string; tone: 'success' | 'warning' | 'neutral' }> = {
  on_track: { label: '进度正常', icon: '✓', tone: 'success' },
  behind: { label: '进度滞后', icon: '⚠', tone: 'warning' },
  no_target: { label: '无目标', icon: '○', tone: 'neutral' },
}

/** The status a card shows: an entered figure with a target but no value yet is 待填报, not 无目标. */
export function cardStatus(c: Pick<IndicatorCardView, 'status' | 'value' | 'target' | 'rule'> & { periodNote?: string | null }): { label: string; icon: string; tone: 'success' | 'warning' | 'neutral' } {
  if (c.periodNote) return { label: '不在规划期', icon: '○', tone: 'neutral' }
  if (c.rule === 'entered' && c.value === null && c.target !== null) return { label: '待填报', icon: '✎', tone: 'warning' }
  return STATUS[c.status]
}

export const BREAKDOWN_TITLES: Record<BreakdownBy, string> = {
  month: '按月份',
  targetGroup: '按重点人群',
  department: '按单位',
  area: '按镇街',
}

/** Grouped thousands, at most two decimals: `formatNumber(12345.678)` → '12,345.68'. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const neg = n < 0
  const fixed = Math.round(Math.abs(n) * 100) / 100
  const [int, frac] = String(fixed).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`
}

/** A card's value line: '1,234 人次', or 未填报 for an entered figure nobody has entered. */
export function formatValue(value: number | null, unit: string): string {
  return value === null ? '未填报' : `${formatNumber(value)} ${unit}`.trim()
}

/** '56.3%'; '—' when there is no target. */
export const formatPercent = (percent: number | null): string => (percent === null ? '—' : `${formatNumber(percent)}%`)

/** Width of a progress bar in percent, 0–100 (a figure above target fills the bar). */
export function progressWidth(percent: number | null): number {
  if (percent === null || !Number.isFinite(percent)) return 0
  return Math.max(0, Math.min(100, percent))
}

/** 按时间进度应达 N, or '' without a target. */
export const expectedLine = (expected: number | null, unit: string): string =>
  expected === null ? '' : `按时间进度应达 ${formatNumber(expected)} ${unit}`.trim()

/** The Shanghai calendar date of an instant: '2026-03-31'. */
export function shanghaiDate(instant: string): string {
  const t = Date.parse(instant)
  if (Number.isNaN(t)) return ''
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A period [from, to) as dates people read: '2021-01-01 至 2025-12-31'. */
/** The last day of a period, as 2025年12月31日. */
export function periodEndText(period: { to: string }): string {
  const [y, m, d] = shanghaiDate(new Date(Date.parse(period.to) - 1).toISOString()).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export function periodText(period: { from: string; to: string }): string {
  const lastDay = new Date(Date.parse(period.to) - 1).toISOString()
  return `${shanghaiDate(period.from)} 至 ${shanghaiDate(lastDay)}`
}

export interface ChartBar extends BreakdownRow {
  /** Bar length in percent of the largest value (a non-zero value gets at least a sliver). */
  readonly width: number
  /** Print the value inside the bar (long bars) or just after it (short ones). */
  readonly valueInside: boolean
}

/** Bars scaled to the largest row. */
export function chartBars(rows: readonly BreakdownRow[], insideFrom = 60): ChartBar[] {
  const max = rows.reduce((m, r) => Math.max(m, r.value), 0)
  return rows.map((r) => {
    const width = max > 0 ? Math.max(r.value > 0 ? 1.5 : 0, (r.value / max) * 100) : 0
    return { ...r, width: Math.round(width * 10) / 10, valueInside: width >= insideFrom }
  })
}

export interface MonthGroup {
  readonly year: string
  readonly total: number
  readonly bars: (ChartBar & { month: string })[]
}

/**
 * Month rows ('2026-09') grouped by year, scaled against the largest month overall so years compare.
 * Rows whose key is not a month land under their own label.
 */
export function monthGroups(rows: readonly BreakdownRow[]): MonthGroup[] {
  const bars = chartBars(rows)
  const groups: { year: string; total: number; bars: (ChartBar & { month: string })[] }[] = []
  for (const b of bars) {
    const m = /^(\d{4})-(\d{2})$/.exec(b.key)
    const year = m ? m[1] : ''
    const month = m ? `${Number(m[2])}月` : b.label
    let g = groups[groups.length - 1]
    if (!g || g.year !== year) {
      g = { year, total: 0, bars: [] }
      groups.push(g)
    }
    g.total += b.value
    g.bars.push({ ...b, month })
  }
  return groups
}

/** Share of the total in percent, one decimal: for the tables' 占比 column. */
export function share(value: number, rows: readonly BreakdownRow[]): string {
  const total = rows.reduce((s, r) => s + r.value, 0)
  return total > 0 ? `${formatNumber(Math.round((value / total) * 1000) / 10)}%` : '—'
}

export interface DrillParams {
  readonly indicatorId: string
  readonly by?: BreakdownBy
  readonly key?: string
  /** The cell's label, only for the page heading. */
  readonly label?: string
  readonly areaId?: string
  readonly departmentCode?: string
}

const BYS: readonly BreakdownBy[] = ['month', 'targetGroup', 'department', 'area']

/** `/packages/ledger/pages/drill/index?indicatorId=…&by=…&key=…`, empty parts left out. */
export function drillUrl(p: DrillParams): string {
  const q = Object.entries(p)
    .filter(([, v]) => typeof v === 'string' && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&')
  return `/packages/ledger/pages/drill/index?${q}`
}

/** The drill page's query back into params; null without an indicator. Router params may arrive still encoded. */
export function parseDrillParams(q: Record<string, string | undefined>): DrillParams | null {
  const get = (k: string): string | undefined => {
    const v = q[k]
    if (!v) return undefined
    try {
      return decodeURIComponent(v)
    } catch {
      return v
    }
  }
  const indicatorId = get('indicatorId')
  if (!indicatorId) return null
  const by = get('by') as BreakdownBy | undefined
  const key = get('key')
  const cell = by && BYS.includes(by) && key ? { by, key } : {}
  return { indicatorId, ...cell, label: get('label'), areaId: get('areaId'), departmentCode: get('departmentCode') }
}

// ---- The indicator form ----

export interface IndicatorForm {
  name: string
  unit: string
  rule: Rule
  periodKind: PeriodKind
  /** As typed; empty means no target. */
  target: string
  countingNote: string
  types: string[]
  targetGroups: string[]
  actions: string[]
  projects: string[]
  departments: string[]
  areaIds: string[]
  /** Tags as typed, separated by commas or spaces. */
  tags: string
  /** As typed; empty means no minimum. */
  minAttendance: string
}

export const emptyForm = (): IndicatorForm => ({
  name: '',
  unit: '人次',
  rule: 'person_times',
  periodKind: 'plan',
  target: '',
  countingNote: '',
  types: [],
  targetGroups: [],
  actions: [],
  projects: [],
  departments: [],
  areaIds: [],
  tags: '',
  minAttendance: '',
})

/** The form for an existing indicator, from its dashboard card. */
export function formFromCard(c: Pick<IndicatorCardView, 'name' | 'unit' | 'rule' | 'periodKind' | 'target' | 'countingNote' | 'filters'>): IndicatorForm {
  // Filters the domain does not decode leave the form without filters rather than half of them.
  const decoded = decodeIndicatorFilters(c.filters ?? {})
  const f = decoded.ok ? decoded.value : {}
  const strings = (list: readonly string[] | undefined): string[] => [...(list ?? [])]
  return {
    name: c.name,
    unit: c.unit,
    rule: c.rule,
    periodKind: c.periodKind,
    target: c.target === null ? '' : String(c.target),
    countingNote: c.countingNote,
    types: strings(f.types),
    targetGroups: strings(f.targetGroups),
    actions: strings(f.actions),
    projects: strings(f.projects),
    departments: strings(f.departments),
    areaIds: strings(f.areaIds),
    tags: strings(f.tags).join(', '),
    minAttendance: typeof f.minAttendance === 'number' ? String(f.minAttendance) : '',
  }
}

export interface SaveIndicatorBody {
  id?: string
  planId: string
  name: string
  unit: string
  rule: Rule
  periodKind: PeriodKind
  target: number | null
  countingNote: string
  filters: {
    types?: string[]
    targetGroups?: string[]
    actions?: string[]
    projects?: string[]
    tags?: string[]
    departments?: string[]
    areaIds?: string[]
    minAttendance?: number
  }
}

export type FormCheck = { ok: true; body: SaveIndicatorBody } | { ok: false; field: string; message: string }

/** Checks what the form can check by itself (the server checks the rest) and builds the saveIndicator body. */
export function formToBody(form: IndicatorForm, planId: string, id?: string): FormCheck {
  const name = form.name.trim()
  if (!name) return { ok: false, field: 'name', message: '请填写指标名称' }
  if (name.length > 40) return { ok: false, field: 'name', message: '指标名称不能超过40个字' }
  const unit = form.unit.trim()
  if (!unit) return { ok: false, field: 'unit', message: '请填写单位' }
  if (unit.length > 10) return { ok: false, field: 'unit', message: '单位不能超过10个字' }
  let target: number | null = null
  if (form.target.trim()) {
    target = Number(form.target.trim())
    if (!Number.isFinite(target)) return { ok: false, field: 'target', message: '目标值应为数字' }
    if (target < 0) return { ok: false, field: 'target', message: '目标值不能为负数' }
  }
  const countingNote = form.countingNote.trim()
  if (countingNote.length > 120) return { ok: false, field: 'countingNote', message: '统计口径说明不能超过120个字' }
  const tags = form.tags
    .split(/[\s,，、]+/)
    .map((t) => t.trim())
    .filter(Boolean)
  const badTag = tags.find((t) => !TAG_PATTERN.test(t))
  if (badTag) return { ok: false, field: 'filters.tags', message: `标签「${badTag}」只能包含小写字母、数字和下划线` }
  let minAttendance: number | undefined
  if (form.minAttendance.trim()) {
    minAttendance = Number(form.minAttendance.trim())
    if (!Number.isInteger(minAttendance) || minAttendance < 1) return { ok: false, field: 'filters.minAttendance', message: '最少出勤次数应为正整数' }
  }
  const filters: SaveIndicatorBody['filters'] = {}
  if (form.types.length) filters.types = [...form.types]
  if (form.targetGroups.length) filters.targetGroups = [...form.targetGroups]
  if (form.actions.length) filters.actions = [...form.actions]
  if (form.projects.length) filters.projects = [...form.projects]
  if (form.departments.length) filters.departments = [...form.departments]
  if (form.areaIds.length) filters.areaIds = [...form.areaIds]
  if (tags.length) filters.tags = tags
  if (minAttendance !== undefined) filters.minAttendance = minAttendance
  const body: SaveIndicatorBody = { planId, name, unit, rule: form.rule, periodKind: form.periodKind, target, countingNote, filters }
  if (id) body.id = id
  return { ok: true, body }
}

/** Adds or removes one code of a multi-choice filter. */
export const toggle = (list: readonly string[], code: string): string[] => (list.includes(code) ? list.filter((c) => c !== code) : [...list, code])

/** A Shanghai calendar date ('2026-03-31') as the instant of its midnight. */
export function dateToInstant(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 8 * 3600_000
  return new Date(t).toISOString()
}

/** The successor plan that follows a period: years and a default name ('2026—2030年'). */
export function successorYears(period: { from: string; to: string }): { fromYear: number; toYear: number } {
  const fromYear = Number(shanghaiDate(period.to).slice(0, 4))
  const years = Math.max(1, Number(shanghaiDate(period.to).slice(0, 4)) - Number(shanghaiDate(period.from).slice(0, 4)))
  return { fromYear, toYear: fromYear + years - 1 }
}

// ---- The audit trail ----

export const FIELD_LABELS: Record<string, string> = {
  name: '指标名称',
  unit: '单位',
  rule: '统计方式',
  periodKind: '统计周期',
  target: '目标值',
  countingNote: '统计口径说明',
  filters: '筛选条件',
  'filters.types': '活动类型',
  'filters.targetGroups': '重点人群',
  'filters.actions': '提升行动',
  'filters.projects': '重点工程',
  'filters.departments': '单位',
  'filters.areaIds': '镇街',
  'filters.tags': '标签',
  'filters.minAttendance': '最少出勤次数',
  entered: '填报数值',
  value: '填报数值',
  source: '数据来源',
  asOf: '数据日期',
  planId: '规划',
  from: '开始年份',
  to: '结束年份',
  indicatorId: '指标',
}

/** A server field path in words: 'filters.tags.0' → 标签. */
export function fieldLabel(field: string | undefined): string {
  if (!field) return ''
  const parts = field.split('.')
  for (let n = parts.length; n > 0; n--) {
    const label = FIELD_LABELS[parts.slice(0, n).join('.')]
    if (label) return label
  }
  return field
}

type Definition = {
  name: string
  unit: string
  rule: Rule
  periodKind: PeriodKind
  target: number | null
  countingNote: string
  filters: object
  entered: { value: number; source: string; asOf: string } | null
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** What one audited change did, in words: ['新建指标'] or ['目标值：50 → 60', '筛选条件已修改']. */
export function changeSummary(before: Definition | null, after: Definition): string[] {
  if (!before) return ['新建指标']
  const out: string[] = []
  if (before.name !== after.name) out.push(`指标名称：${before.name} → ${after.name}`)
  if (before.unit !== after.unit) out.push(`单位：${before.unit} → ${after.unit}`)
  if (before.rule !== after.rule) out.push(`统计方式：${ruleName(before.rule)} → ${ruleName(after.rule)}`)
  if (before.periodKind !== after.periodKind) out.push(`统计周期：${periodKindName(before.periodKind)} → ${periodKindName(after.periodKind)}`)
  if (before.target !== after.target) {
    const t = (v: number | null) => (v === null ? '无' : formatNumber(v))
    out.push(`目标值：${t(before.target)} → ${t(after.target)}`)
  }
  if (before.countingNote !== after.countingNote) out.push('统计口径说明已修改')
  if (!same(before.filters, after.filters)) out.push('筛选条件已修改')
  if (!same(before.entered, after.entered) && after.entered) {
    out.push(`填报：${formatNumber(after.entered.value)}（${after.entered.source}，${shanghaiDate(after.entered.asOf)}）`)
  }
  return out.length ? out : ['无实质变化']
}
