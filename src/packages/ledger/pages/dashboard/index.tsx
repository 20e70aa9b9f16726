import { Input, Text, View } from '@tarojs/components'
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { DEPARTMENTS } from '../../../../domain/catalog'
import type { BreakdownRow, DashboardView, IndicatorCardView } from '../../../../domain/contracts'
import type { FeedbackSummaryView } from '../../../../domain/feedback/schemas'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api, type LedgerRequest } from '../../../../services/api'
import { saveExportFile } from '../../../../services/file-download'
import { toApiError, type ApiError } from '../../../../services/transport'
import { loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { toastSuccess } from '../../../../utils/ui'
import { toastError } from '../../../../services/toast'
import { BreakdownTable } from '../../components/breakdown-table'
import { IndicatorCard } from '../../components/indicator-card'
import { MonthChart } from '../../components/month-chart'
import { SelectField } from '../../components/select-field'
import { BREAKDOWN_TITLES, dateToInstant, drillUrl, periodEndText, periodText, shanghaiDate, successorYears, type BreakdownBy } from '../../ledger-format'
import './index.scss'

type Filters = { planId?: string; areaId?: string; departmentCode?: string; indicatorId?: string }
type ExportKind = LedgerRequest<'export'>['kind']
type ExportFormat = LedgerRequest<'export'>['format']

const EXPORTS: { kind: ExportKind; name: string }[] = [
  { kind: 'indicators', name: '指标表' },
  { kind: 'activities', name: '活动清单' },
  { kind: 'departments', name: '单位年度汇总' },
]

const ALL = ''
const indicatorUrl = (id: string, planId: string, enter = false) =>
  `/packages/ledger/pages/indicator/index?id=${encodeURIComponent(id)}&planId=${encodeURIComponent(planId)}${enter ? '&focus=enter' : ''}`

/** Drops unset filters so the request carries only what is chosen. */
const compact = (f: Filters): LedgerRequest<'dashboard'> =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as LedgerRequest<'dashboard'>

/** Finds the new plan's id in copyPlan's reply, whatever shape it has. */
function planIdOf(reply: unknown): string | undefined {
  if (!reply || typeof reply !== 'object') return undefined
  const r = reply as { id?: unknown; planId?: unknown; plan?: { id?: unknown } }
  const id = r.plan?.id ?? r.planId ?? r.id
  return typeof id === 'string' ? id : undefined
}

export default function LedgerDashboardPage() {
  const user = useSessionStore((s) => s.user)
  const areas = useCatalogStore((s) => s.areas)
  const [filters, setFilters] = useState<Filters>({})
  const [view, setView] = useState<DashboardView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [exporting, setExporting] = useState<string | null>(null)
  const [lastFile, setLastFile] = useState<{ fileName: string; how: string } | null>(null)
  const [satisfaction, setSatisfaction] = useState<FeedbackSummaryView | null>(null)
  /** Where the successor-plan form is open: under the no-plan notice, or in 规划管理; null when closed. */
  const [copyOpen, setCopyOpen] = useState<'notice' | 'manage' | null>(null)
  const [copyForm, setCopyForm] = useState({ name: '', fromYear: '', toYear: '' })
  const [copyError, setCopyError] = useState('')
  const [copying, setCopying] = useState(false)
  const seq = useRef(0)

  async function load(next: Filters = filters) {
    const mine = ++seq.current
    setFilters(next)
    setBusy(true)
    setError(null)
    try {
      await ensureSession()
      // 满意度 per project beside the figures; the dashboard stands without it when it cannot be read.
      const [v, sat] = await Promise.all([
        api.ledger.dashboard(compact(next)),
        api.feedback.summary({ byProject: true, ...(next.departmentCode ? { departmentCode: next.departmentCode } : {}) }).catch(() => null),
      ])
      if (mine !== seq.current) return
      setView(v)
      setSatisfaction(sat)
    } catch (e) {
      if (mine === seq.current) setError(toApiError(e))
    } finally {
      if (mine === seq.current) setBusy(false)
    }
  }

  useLoad(() => {
    void loadCatalog()
    void load({})
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const isAdmin = user?.role === 'admin'

  if (error && !view) {
    const denied = error.code === 'AUTH.FORBIDDEN' || error.code === 'AUTH.REQUIRED'
    return (
      <PageRoot>
        <ErrorState title={denied ? '无法访问' : '加载失败'} message={error.message} onRetry={denied ? undefined : () => void load()} />
      </PageRoot>
    )
  }
  if (!view) {
    return (
      <PageRoot>
        <Loading text='正在统计…' />
      </PageRoot>
    )
  }

  const selectedId = view.breakdownOf.id
  const scopeFilters = { areaId: filters.areaId, departmentCode: filters.departmentCode }

  const change = (patch: Filters) => void load({ ...filters, ...patch })
  const openDrill = (card: { id: string }, by?: BreakdownBy, row?: BreakdownRow) =>
    void Taro.navigateTo({ url: drillUrl({ indicatorId: card.id, by, key: row?.key, label: row?.label, ...scopeFilters }) })
  const select = (c: IndicatorCardView) => {
    if (c.id !== selectedId) change({ indicatorId: c.id })
  }

  async function download(kind: ExportKind, format: ExportFormat) {
    const key = `${kind}.${format}`
    setExporting(key)
    try {
      const file = await api.ledger.export({ kind, format, planId: view?.plan.id, ...compact(scopeFilters) })
      const saved = await saveExportFile(file)
      setLastFile({ fileName: saved.fileName, how: saved.how === 'downloaded' ? '已下载' : saved.how === 'opened' ? '已生成并打开' : '已保存到本机' })
    } catch (e) {
      toastError(e)
    } finally {
      setExporting(null)
    }
  }

  function openCopy(where: 'notice' | 'manage') {
    // The server's suggestion once the plan has ended (named like it, for the years that cover today).
    const s = view!.successor
    const y = s ? { fromYear: Number(shanghaiDate(s.from).slice(0, 4)), toYear: Number(shanghaiDate(s.to).slice(0, 4)) - 1 } : successorYears(view!.plan.period)
    const name = s?.name ?? `环翠区全民科学素质行动规划（${y.fromYear}—${y.toYear}年）`
    setCopyForm({ name, fromYear: String(y.fromYear), toYear: String(y.toYear) })
    setCopyError('')
    setCopyOpen(where)
  }

  async function copyPlan() {
    const name = copyForm.name.trim()
    const fromYear = Number(copyForm.fromYear)
    const toYear = Number(copyForm.toYear)
    if (!name) return setCopyError('请填写规划名称')
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 2000 || toYear > 2100) return setCopyError('请填写正确的起止年份')
    if (toYear < fromYear) return setCopyError('结束年份不能早于开始年份')
    setCopying(true)
    try {
      const reply = await api.ledger.copyPlan({
        fromPlanId: view!.plan.id,
        name,
        from: dateToInstant(`${fromYear}-01-01`)!,
        to: dateToInstant(`${toYear + 1}-01-01`)!,
      })
      toastSuccess('已新建规划')
      setCopyOpen(null)
      void load({ ...filters, planId: planIdOf(reply) ?? filters.planId, indicatorId: undefined })
    } catch (e) {
      const err = toApiError(e)
      setCopyError(err.field ? `${err.message}（${err.field}）` : err.message)
    } finally {
      setCopying(false)
    }
  }

  const copyFormView = (
    <View>
      <View className='ledger__field-label'>新规划名称</View>
      <Input className='ledger__input' value={copyForm.name} maxlength={80} ariaLabel='新规划名称' onInput={(e) => setCopyForm({ ...copyForm, name: e.detail.value })} />
      <View className='ledger__years'>
        <View className='ledger__year'>
          <View className='ledger__field-label'>开始年份</View>
          <Input className='ledger__input' type='number' value={copyForm.fromYear} maxlength={4} ariaLabel='开始年份' onInput={(e) => setCopyForm({ ...copyForm, fromYear: e.detail.value })} />
        </View>
        <View className='ledger__year'>
          <View className='ledger__field-label'>结束年份</View>
          <Input className='ledger__input' type='number' value={copyForm.toYear} maxlength={4} ariaLabel='结束年份' onInput={(e) => setCopyForm({ ...copyForm, toYear: e.detail.value })} />
        </View>
      </View>
      <View className='k-section__hint'>将复制「{view.plan.name}」的全部指标及目标，可随后逐项修改</View>
      {copyError ? <View className='k-inline-error'>{copyError}</View> : null}
      <View className='ledger__row-actions'>
        <Button variant='secondary' size='small' onClick={() => setCopyOpen(null)}>
          取消
        </Button>
        <Button size='small' loading={copying} onClick={() => void copyPlan()}>
          确认新建
        </Button>
      </View>
    </View>
  )

  const planOptions = view.plans.map((p) => ({ value: p.id, label: p.name }))
  const areaOptions = [{ value: ALL, label: '全部镇街' }, ...areas.map((a) => ({ value: a.id as string, label: a.name }))]
  const unitOptions = [{ value: ALL, label: '全部单位' }, ...DEPARTMENTS.map((d) => ({ value: d.code as string, label: d.name }))]
  const unit = view.breakdownOf.unit
  const pick = (by: BreakdownBy) => (row: BreakdownRow) => openDrill(view.breakdownOf, by, row)

  return (
    <PageRoot className='ledger'>
      <View className='ledger__filters'>
        {planOptions.length > 1 ? (
          <SelectField label='规划' options={planOptions} value={view.plan.id} onChange={(planId) => change({ planId, indicatorId: undefined })} />
        ) : (
          <View className='ledger__plan-name'>{view.plan.name}</View>
        )}
        <View className='ledger__period'>规划期：{periodText(view.plan.period)}</View>
        <View className='ledger__scope'>
          统计范围：<Text className='ledger__scope-label'>{view.scope.label}</Text>
        </View>
        <View className='ledger__pickers'>
          <SelectField
            className='ledger__picker'
            label='镇街'
            options={areaOptions}
            value={filters.areaId ?? ALL}
            active={!!filters.areaId}
            onChange={(v) => change({ areaId: v || undefined })}
          />
          {isAdmin ? (
            <SelectField
              className='ledger__picker'
              label='单位'
              options={unitOptions}
              value={filters.departmentCode ?? ALL}
              active={!!filters.departmentCode}
              onChange={(v) => change({ departmentCode: v || undefined })}
            />
          ) : null}
        </View>
        {!view.inForce ? (
          <View className='ledger__no-plan' ariaRole='alert'>
            <View className='ledger__no-plan-title'>{view.planInForce ? '这不是正在执行的规划' : '当前没有正在执行的规划'}</View>
            <View className='ledger__no-plan-text'>
              {view.planInForce
                ? `正在执行的是「${view.planInForce.name}」，可在上方切换。`
                : `「${view.plan.name}」已于 ${periodEndText(view.plan.period)} 结束，下面是它的最终数据；此后的活动暂未计入任何规划。`}
            </View>
            {view.successor && copyOpen !== 'notice' ? (
              <Button block className='ledger__no-plan-action' onClick={() => openCopy('notice')}>
                {`开始${view.successor.name.match(/\d{4}—\d{4}/)?.[0] ?? '后续'}年规划（沿用本规划指标）`}
              </Button>
            ) : null}
            {copyOpen === 'notice' ? copyFormView : null}
            {!view.planInForce && !view.canEdit ? <View className='ledger__no-plan-text'>请联系区科协管理员开始新一期规划。</View> : null}
          </View>
        ) : null}
        <View className='ledger__status-line' ariaRole='status'>
          {busy ? '正在更新…' : `数据截至 ${shanghaiDate(view.generatedAt)} ${new Date(Date.parse(view.generatedAt) + 8 * 3600_000).toISOString().slice(11, 16)}`}
          {error ? <Text className='ledger__inline-error'> · {error.message}</Text> : null}
        </View>
      </View>

      {view.cards.length === 0 ? (
        <EmptyState title='该规划还没有指标' description={view.canEdit ? '可从上一规划复制指标，或新建指标' : undefined} />
      ) : (
        <View className='ledger__cards'>
          {view.cards.map((c) => (
            <IndicatorCard
              key={c.id}
              card={c}
              selected={c.id === selectedId}
              canEdit={view.canEdit}
              onSelect={() => select(c)}
              onDrill={() => openDrill(c)}
              onEdit={() => void Taro.navigateTo({ url: indicatorUrl(c.id, view.plan.id) })}
              onEnter={() => void Taro.navigateTo({ url: indicatorUrl(c.id, view.plan.id, true) })}
            />
          ))}
        </View>
      )}

      <View className='k-section ledger__breakdowns'>
        <View className='k-section__title'>分项统计</View>
        <View className='ledger__breakdown-of'>
          当前指标：<Text className='ledger__breakdown-name'>{view.breakdownOf.name}</Text>（{unit}）
        </View>
        <View className='k-section__hint'>点选上方指标卡片切换；点月份或表格行查看明细</View>
        <View className='ledger__sub-title'>{BREAKDOWN_TITLES.month}</View>
        {view.byMonth.length === 0 ? <View className='k-section__hint'>暂无数据</View> : <MonthChart rows={view.byMonth} unit={unit} onPick={pick('month')} />}
        <View className='ledger__tables'>
          <BreakdownTable title={BREAKDOWN_TITLES.targetGroup} rows={view.byTargetGroup} unit={unit} onPick={pick('targetGroup')} />
          <BreakdownTable title={BREAKDOWN_TITLES.department} rows={view.byDepartment} unit={unit} onPick={pick('department')} />
          <BreakdownTable title={BREAKDOWN_TITLES.area} rows={view.byArea} unit={unit} onPick={pick('area')} />
        </View>
      </View>

      {satisfaction ? (
        <View className='k-section ledger__satisfaction' data-satisfaction=''>
          <View className='k-section__title'>居民满意度（评单）</View>
          <View className='k-section__hint'>参加者签到后在「我的报名」里打1至5星；满意率为打4星或5星的人所占比例。{satisfaction.label}共 {satisfaction.total.count} 人评价。</View>
          {satisfaction.projects.map((p) => (
            <View key={p.project} className='ledger__satisfaction-row'>
              <View className='ledger__satisfaction-name'>{p.name}</View>
              <View className='ledger__satisfaction-value'>{p.count === 0 ? '暂无评价' : `${p.average?.toFixed(1)} 分 · ${p.count} 人 · 满意率 ${p.satisfiedPercent}%`}</View>
            </View>
          ))}
          <View className='ledger__export-buttons'>
            <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/feedback/pages/summary/index?byProject=1${filters.departmentCode ? `&departmentCode=${encodeURIComponent(filters.departmentCode)}` : ''}` })}>
              查看评价和意见
            </Button>
          </View>
        </View>
      ) : null}

      <View className='k-section ledger__exports'>
        <View className='k-section__title'>导出报表</View>
        <View className='k-section__hint'>文件名含日期和统计范围（{view.scope.label}）</View>
        <View className='ledger__export-group'>Excel 表格（.xlsx）</View>
        <View className='ledger__export-buttons'>
          {EXPORTS.map((x) => (
            <Button key={x.kind} size='small' loading={exporting === `${x.kind}.xlsx`} disabled={!!exporting} onClick={() => void download(x.kind, 'xlsx')}>
              {`导出${x.name}`}
            </Button>
          ))}
        </View>
        <View className='ledger__export-group'>CSV（Excel 可直接打开）</View>
        <View className='ledger__export-buttons'>
          {EXPORTS.map((x) => (
            <Button key={x.kind} size='small' variant='secondary' loading={exporting === `${x.kind}.csv`} disabled={!!exporting} onClick={() => void download(x.kind, 'csv')}>
              {`导出${x.name} CSV`}
            </Button>
          ))}
        </View>
        {lastFile ? (
          <View className='ledger__file' ariaRole='status'>
            {lastFile.how}：<Text className='ledger__file-name'>{lastFile.fileName}</Text>
          </View>
        ) : null}
      </View>

      {view.canEdit ? (
        <View className='k-section'>
          <View className='k-section__title'>规划管理</View>
          {copyOpen === 'manage' ? (
            copyFormView
          ) : (
            <View className='ledger__plan-actions'>
              <Button block variant='secondary' onClick={() => openCopy('manage')}>
                新建后续规划
              </Button>
              <Button
                block
                variant='secondary'
                onClick={() => void Taro.navigateTo({ url: `/packages/ledger/pages/indicator/index?planId=${encodeURIComponent(view.plan.id)}` })}
              >
                新建指标
              </Button>
              <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/ledger/pages/merge/index' })}>
                合并重复参与人
              </Button>
              <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/ledger/pages/changes/index' })}>
                出勤修改记录
              </Button>
            </View>
          )}
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
