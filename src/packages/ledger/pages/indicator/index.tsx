import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro, { useLoad, useRouter, useReady } from '@tarojs/taro'
import { useState } from 'react'
import { ACTIVITY_TYPES, DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, type CatalogEntry } from '../../../../domain/catalog'
import type { IndicatorCardView } from '../../../../domain/contracts'
import { ERROR_MESSAGES } from '../../../../domain/errors'
import { Button } from '../../../../components/button'
import { Chip } from '../../../../components/chip'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api, type LedgerChange } from '../../../../services/api'
import { ApiError, toApiError } from '../../../../services/transport'
import { loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { toastSuccess } from '../../../../utils/ui'
import {
  PERIOD_KINDS,
  RULES,
  changeSummary,
  dateToInstant,
  emptyForm,
  fieldLabel,
  formFromCard,
  formToBody,
  formatNumber,
  shanghaiDate,
  toggle,
  type IndicatorForm,
} from '../../ledger-format'
import './index.scss'

type MultiKey = 'types' | 'targetGroups' | 'actions' | 'projects' | 'departments' | 'areaIds'

function Segmented<C extends string>({ label, options, value, onChange }: { label: string; options: { code: C; name: string }[]; value: C; onChange: (c: C) => void }) {
  return (
    <View className='ind__segs' ariaRole='radiogroup' ariaLabel={label}>
      {options.map((o, i) => (
        <View
          key={o.code}
          className={`ind__seg${i === 0 ? ' ind__seg--first' : ''}${value === o.code ? ' ind__seg--on' : ''}`}
          ariaRole='radio'
          ariaLabel={value === o.code ? `${o.name}，已选` : o.name}
          onClick={() => onChange(o.code)}
        >
          {value === o.code ? `✓ ${o.name}` : o.name}
        </View>
      ))}
    </View>
  )
}

export default function LedgerIndicatorPage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : undefined
  const planId = params.planId ? decodeURIComponent(params.planId) : undefined
  const role = useSessionStore((s) => s.user?.role)
  const sessionStatus = useSessionStore((s) => s.status)
  const areas = useCatalogStore((s) => s.areas)
  const [card, setCard] = useState<IndicatorCardView | null>(null)
  const [planOf, setPlanOf] = useState<string | undefined>(planId)
  const [form, setForm] = useState<IndicatorForm | null>(id ? null : emptyForm())
  const [changes, setChanges] = useState<LedgerChange[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [saveError, setSaveError] = useState<{ field: string; message: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const [figure, setFigure] = useState({ value: '', source: '', date: shanghaiDate(new Date().toISOString()) })
  const [figureError, setFigureError] = useState('')
  const [entering, setEntering] = useState(false)

  async function load() {
    setError(null)
    try {
      const user = await ensureSession()
      if (user?.role !== 'admin' || !id) return
      const [view, list] = await Promise.all([api.ledger.dashboard({ ...(planId ? { planId } : {}), indicatorId: id }), api.ledger.changes(id)])
      const c = view.cards.find((x) => x.id === id)
      if (!c) throw new ApiError('LEDGER.INDICATOR_NOT_FOUND', undefined, 'indicatorId')
      setPlanOf(view.plan.id)
      setCard(c)
      setForm(formFromCard(c))
      setChanges(list)
      if (c.entered) setFigure({ value: String(c.entered.value), source: c.entered.source, date: shanghaiDate(c.entered.asOf) })
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => {
    void loadCatalog()
    void load()
  })
  // After the first render, so the H5 router's configured title (set when the page shows) does not win.
  useReady(() => {
    if (!id) void Taro.setNavigationBarTitle({ title: '新建指标' })
  })

  if (sessionStatus === 'anonymous' || (sessionStatus === 'signedIn' && role !== 'admin')) {
    return (
      <PageRoot>
        <ErrorState title='无法访问' message={ERROR_MESSAGES[sessionStatus === 'anonymous' ? 'AUTH.REQUIRED' : 'AUTH.FORBIDDEN']} />
      </PageRoot>
    )
  }
  if (!id && !planId) {
    return (
      <PageRoot>
        <ErrorState title='链接不完整' message='缺少规划或指标，请从统计台账进入' />
      </PageRoot>
    )
  }
  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!form) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const set = (patch: Partial<IndicatorForm>) => {
    setForm({ ...form, ...patch })
    setSaveError(null)
  }
  const errorFor = (field: string) =>
    saveError && (saveError.field === field || saveError.field.startsWith(`${field}.`)) ? <View className='k-inline-error'>{saveError.message}</View> : null

  async function save() {
    if (!planOf) return
    const check = formToBody(form!, planOf, id)
    if (!check.ok) return setSaveError({ field: check.field, message: check.message })
    setSaving(true)
    try {
      const saved = await api.ledger.saveIndicator(check.body)
      toastSuccess('已保存')
      if (!id) {
        void Taro.redirectTo({ url: `/packages/ledger/pages/indicator/index?id=${encodeURIComponent(saved.id)}&planId=${encodeURIComponent(saved.planId)}` })
        return
      }
      void load()
    } catch (e) {
      const err = toApiError(e)
      setSaveError({ field: err.field ?? '', message: err.field ? `${fieldLabel(err.field)}：${err.message}` : err.message })
    } finally {
      setSaving(false)
    }
  }

  async function enterFigure() {
    const value = Number(figure.value.trim())
    if (!figure.value.trim() || !Number.isFinite(value) || value < 0) return setFigureError('请填写不小于0的数值')
    if (!figure.source.trim()) return setFigureError('请填写数据来源')
    const asOf = dateToInstant(figure.date)
    if (!asOf) return setFigureError('请选择数据日期')
    setEntering(true)
    setFigureError('')
    try {
      await api.ledger.enterFigure({ indicatorId: id!, value, source: figure.source.trim(), asOf })
      toastSuccess('已填报')
      void load()
    } catch (e) {
      const err = toApiError(e)
      setFigureError(err.field ? `${fieldLabel(err.field)}：${err.message}` : err.message)
    } finally {
      setEntering(false)
    }
  }

  const multi = (key: MultiKey, label: string, list: readonly CatalogEntry[]) => (
    <View className='ind__filter'>
      <View className='ind__label'>
        {label}
        <View className='ind__hint-inline'>{form[key].length ? `已选 ${form[key].length} 项` : '不限'}</View>
      </View>
      <View className='ind__chips'>
        {list.map((e) => (
          <Chip key={e.code} label={e.name} selected={form[key].includes(e.code)} onClick={() => set({ [key]: toggle(form[key], e.code) } as Partial<IndicatorForm>)} />
        ))}
      </View>
      {errorFor(`filters.${key}`)}
    </View>
  )

  const isEntered = form.rule === 'entered'

  return (
    <PageRoot className='ind'>
      {card?.rule === 'entered' ? (
        <View className='k-section'>
          <View className='k-section__title'>填报数值</View>
          <View className='k-section__hint'>
            当前：{card.entered ? `${formatNumber(card.entered.value)} ${card.unit}（${card.entered.source}，${shanghaiDate(card.entered.asOf)}）` : '尚未填报'}
          </View>
          <View className='ind__label'>数值（{card.unit}）</View>
          <Input className='ind__input' type='digit' value={figure.value} ariaLabel='填报数值' onInput={(e) => setFigure({ ...figure, value: e.detail.value })} />
          <View className='ind__label'>数据来源</View>
          <Input className='ind__input' value={figure.source} maxlength={120} placeholder='如：2025年公民科学素质抽样调查' ariaLabel='数据来源' onInput={(e) => setFigure({ ...figure, source: e.detail.value })} />
          <View className='ind__label'>数据日期</View>
          <Picker mode='date' value={figure.date} onChange={(e) => setFigure({ ...figure, date: String(e.detail.value) })}>
            <View className='ind__input ind__picker' ariaRole='button' ariaLabel={`数据日期：${figure.date}`}>
              {figure.date || '请选择'} ▾
            </View>
          </Picker>
          {figureError ? <View className='k-inline-error'>{figureError}</View> : null}
          <View className='ind__actions'>
            <Button loading={entering} onClick={() => void enterFigure()}>
              提交填报
            </Button>
          </View>
        </View>
      ) : null}

      <View className='k-section'>
        <View className='k-section__title'>{id ? '指标定义' : '新建指标'}</View>
        <View className='ind__label'>指标名称</View>
        <Input className='ind__input' value={form.name} maxlength={40} ariaLabel='指标名称' onInput={(e) => set({ name: e.detail.value })} />
        {errorFor('name')}
        <View className='ind__label'>单位</View>
        <Input className='ind__input' value={form.unit} maxlength={10} placeholder='如：人、人次、场、元/人' ariaLabel='单位' onInput={(e) => set({ unit: e.detail.value })} />
        {errorFor('unit')}
        <View className='ind__label'>统计方式</View>
        <Segmented label='统计方式' options={RULES} value={form.rule} onChange={(rule) => set({ rule })} />
        <View className='k-section__hint'>{RULES.find((r) => r.code === form.rule)?.hint}</View>
        {errorFor('rule')}
        <View className='ind__label'>统计周期</View>
        <Segmented label='统计周期' options={PERIOD_KINDS} value={form.periodKind} onChange={(periodKind) => set({ periodKind })} />
        <View className='k-section__hint'>{form.periodKind === 'plan' ? '整个规划期累计' : '按当年（1月1日起）统计'}</View>
        {errorFor('periodKind')}
        <View className='ind__label'>目标值（留空表示无目标）</View>
        <Input className='ind__input' type='digit' value={form.target} ariaLabel='目标值' onInput={(e) => set({ target: e.detail.value })} />
        {errorFor('target')}
        <View className='ind__label'>统计口径说明</View>
        <Textarea className='ind__textarea' value={form.countingNote} maxlength={120} autoHeight ariaLabel='统计口径说明' onInput={(e) => set({ countingNote: e.detail.value })} />
        {errorFor('countingNote')}
      </View>

      {isEntered ? null : (
        <View className='k-section'>
          <View className='k-section__title'>筛选条件</View>
          <View className='k-section__hint'>只统计符合全部已选条件的活动；某项不选即不限</View>
          {multi('types', '活动类型', ACTIVITY_TYPES)}
          {multi('targetGroups', '重点人群', TARGET_GROUPS)}
          {multi('actions', '提升行动', PLAN_ACTIONS)}
          {multi('projects', '重点工程', PLAN_PROJECTS)}
          {multi('departments', '单位', DEPARTMENTS)}
          {multi('areaIds', '镇街', areas.map((a) => ({ code: a.id as string, name: a.name })))}
          <View className='ind__label'>标签（英文小写，多个用逗号分隔）</View>
          <Input className='ind__input' value={form.tags} placeholder='如：science_tutor_training' ariaLabel='标签' onInput={(e) => set({ tags: e.detail.value })} />
          {errorFor('filters.tags')}
          <View className='ind__label'>最少出勤次数（系列课程结业，留空不限）</View>
          <Input className='ind__input' type='number' value={form.minAttendance} ariaLabel='最少出勤次数' onInput={(e) => set({ minAttendance: e.detail.value })} />
          {errorFor('filters.minAttendance')}
        </View>
      )}

      <View className='k-section'>
        {saveError ? (
          <View className='ind__save-error' ariaRole='alert'>
            保存失败：{saveError.message}
          </View>
        ) : null}
        <Button block loading={saving} onClick={() => void save()}>
          保存指标
        </Button>
        <View className='k-section__hint ind__audit-hint'>每次修改都会记录修改人和修改前后的定义</View>
      </View>

      {id ? (
        <View className='k-section'>
          <View className='k-section__title'>修改记录</View>
          {changes === null ? (
            <Loading variant='inline' />
          ) : changes.length === 0 ? (
            <View className='k-section__hint'>暂无修改记录</View>
          ) : (
            changes.map((c) => (
              <View key={c.id} className='ind__change'>
                <View className='ind__change-head'>
                  {formatDateTime(c.at)} · {c.byName ?? c.by}
                </View>
                {changeSummary(c.before, c.after).map((line) => (
                  <View key={line} className='ind__change-line'>
                    · {line}
                  </View>
                ))}
              </View>
            ))
          )}
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
