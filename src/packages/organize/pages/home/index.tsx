// 组织活动: the organizer's home. The unit's activities by state (待审核, 已退回, 草稿, 已发布, 进行中,
// 已结束, 已取消), each with live counts and what can be done with it now: edit, submit, copy, cancel
// with a reason, open the 签到台. Admins choose the unit and see how many wait for review.
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { DEPARTMENTS, type DepartmentCode } from '../../../../domain/catalog'
import type { OrganizerState } from '../../../../domain/activities/editing'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ChoiceField } from '../../../../components/fields'
import { loadStatePage } from '../../../../components/load-state'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatRange } from '../../../../utils/format'
import { confirm } from '../../../../utils/ui'
import { toastError } from '../../../../services/toast'
import { saveExportFile } from '../../../../services/file-download'
import { ORGANIZE_URLS } from '../../urls'
import '../../../../components/fields/fields.scss'
import '../../organize.scss'

type Item = Awaited<ReturnType<typeof api.activities.organized>>['items'][number]

const GROUPS: { states: OrganizerState[]; title: string }[] = [
  { states: ['returned'], title: '已退回，待修改' },
  { states: ['pending'], title: '待审核' },
  { states: ['draft'], title: '草稿' },
  { states: ['under_way', 'published'], title: '进行中和已发布' },
  { states: ['ended'], title: '已结束' },
  { states: ['cancelled'], title: '已取消' },
]
const TONES: Record<OrganizerState, 'brand' | 'neutral' | 'success' | 'warning' | 'danger'> = {
  draft: 'neutral',
  pending: 'warning',
  returned: 'danger',
  published: 'success',
  under_way: 'brand',
  ended: 'neutral',
  cancelled: 'neutral',
}
const ALL = ''
const go = (url: string) => void Taro.navigateTo({ url })

function CancelForm({ item, onDone }: { item: Item; onDone: (cancelled: boolean) => void }) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState(false)
  async function submit() {
    if (reason.trim().length < 2) return setProblem('请填写取消原因（2至100字），报名的人会看到')
    const people = item.counts ? item.counts.confirmed + item.counts.waitlisted : 0
    if (!(await confirm('取消活动', `取消后${people > 0 ? `已报名和候补的${people}人的报名都会取消并收到通知，` : ''}此操作不能撤销。`, '确认取消'))) return
    setBusy(true)
    try {
      const r = await api.activities.cancel(item.id, reason.trim())
      void Taro.showToast({ title: `已取消，已通知${r.told}人`, icon: 'none', duration: 2000 })
      onDone(true)
    } catch (e) {
      setProblem(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='organize-item__reason'>
      <View className='c-label'>取消原因（必填，报名的人会看到）</View>
      <Input className='c-field' value={reason} maxlength={100} focus placeholder='例如：台风预警，停止户外活动' ariaLabel='取消原因' onInput={(e) => (setReason(e.detail.value), setProblem(''))} />
      {problem ? <View className='c-field-error'>{problem}</View> : null}
      <View className='organize-item__actions'>
        <Button size='small' variant='secondary' onClick={() => onDone(false)}>
          不取消
        </Button>
        <Button size='small' variant='danger' loading={busy} onClick={() => void submit()}>
          确认取消活动
        </Button>
      </View>
    </View>
  )
}

function ItemCard({ item, onChanged }: { item: Item; onChanged: () => void }) {
  const [cancelling, setCancelling] = useState(false)
  const [busy, setBusy] = useState(false)
  const [exporting, setExporting] = useState(false)
  const s = item.state
  async function exportRoster() {
    setExporting(true)
    try {
      const saved = await saveExportFile(await api.checkin.exportRoster(item.id, 'xlsx'))
      void Taro.showToast({ title: saved.how === 'downloaded' ? '名单已下载' : '名单已生成', icon: 'success', duration: 1500 })
    } catch (e) {
      toastError(e)
    } finally {
      setExporting(false)
    }
  }
  async function submit() {
    setBusy(true)
    try {
      await api.activities.submit(item.id)
      void Taro.showToast({ title: '已提交审核', icon: 'success', duration: 1500 })
      onChanged()
    } catch (e) {
      toastError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='organize-item' data-item={item.id} data-state={s}>
      <View className='organize-item__head'>
        <View className='organize-item__title'>{item.title}</View>
        <Tag tone={TONES[s]}>{item.stateName}</Tag>
      </View>
      <View className='organize-item__meta'>
        {formatRange(item.startAt, item.endAt)} · {item.place}
        {item.areaName ? ` · ${item.areaName}` : ''}
      </View>
      <View className='organize-item__meta'>{item.departmentName}</View>
      {item.counts ? (
        <View className='organize-item__counts' data-counts=''>
          已报名 <Text className='organize-item__count'>{item.counts.confirmed}</Text>/{item.counts.capacity} · 候补 {item.counts.waitlisted} · 已签到 {item.counts.checkedIn}
        </View>
      ) : null}
      {item.lesson ? <View className='organize-item__meta'>系列课程的一节课，请在「系列课程管理」中调整</View> : null}
      {item.returnReason ? <View className='organize-item__reason'>退回原因：{item.returnReason}</View> : null}
      {item.cancelReason ? <View className='organize-item__reason'>取消原因：{item.cancelReason}</View> : null}
      {cancelling ? (
        <CancelForm item={item} onDone={(done) => (setCancelling(false), done && onChanged())} />
      ) : (
        <View className='organize-item__actions'>
          {s === 'draft' || s === 'returned' ? (
            <Button size='small' loading={busy} onClick={() => void submit()}>
              提交审核
            </Button>
          ) : null}
          {!item.lesson && (s === 'draft' || s === 'returned' || s === 'pending' || s === 'published') ? (
            <Button size='small' variant='secondary' onClick={() => go(ORGANIZE_URLS.edit(item.id))}>
              编辑
            </Button>
          ) : null}
          {item.kind === 'activity' && s !== 'cancelled' ? (
            <Button size='small' variant='secondary' onClick={() => go(ORGANIZE_URLS.console(item.id))}>
              签到台
            </Button>
          ) : null}
          {item.kind === 'activity' ? (
            <Button size='small' variant='ghost' onClick={() => go(ORGANIZE_URLS.activity(item.id))}>
              查看
            </Button>
          ) : null}
          {item.kind === 'activity' && item.counts && item.counts.confirmed + item.counts.waitlisted > 0 ? (
            <Button size='small' variant='ghost' loading={exporting} onClick={() => void exportRoster()}>
              导出名单
            </Button>
          ) : null}
          {item.kind === 'activity' && (s === 'under_way' || s === 'ended' || (item.counts?.checkedIn ?? 0) > 0) ? (
            <Button size='small' variant='ghost' onClick={() => go(ORGANIZE_URLS.feedback(item.id))}>
              评价
            </Button>
          ) : null}
          {item.lesson ? null : (
            <Button size='small' variant='ghost' onClick={() => go(ORGANIZE_URLS.copy(item.id))}>
              复制
            </Button>
          )}
          {s === 'published' && !item.lesson ? (
            <Button size='small' variant='ghost' onClick={() => setCancelling(true)}>
              取消活动
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}

export default function OrganizeHomePage() {
  const user = useSessionStore((s) => s.user)
  const [unit, setUnit] = useState<string>(ALL)
  const [items, setItems] = useState<Item[] | null>(null)
  const [pending, setPending] = useState<number | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function load(nextUnit = unit) {
    setError(null)
    try {
      const me = await ensureSession()
      const r = await api.activities.organized(nextUnit ? { departmentCode: nextUnit as DepartmentCode } : {})
      setItems(r.items)
      if (me?.role === 'admin') setPending((await api.activities.organized({ state: 'pending' })).items.length)
    } catch (e) {
      setError(toApiError(e))
    }
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const gate = loadStatePage({ error, loaded: !!items, deniedMessage: '只有活动组织者和区科协管理员可以组织活动', onRetry: () => void load() })
  if (gate || !items) return gate
  const isAdmin = user?.role === 'admin'
  const unitName = DEPARTMENTS.find((d) => d.code === (isAdmin ? unit : user?.departmentCode))?.name ?? '全部单位'
  return (
    <PageRoot className='organize-home'>
      <View className='k-section'>
        <View className='k-section__title'>{unitName}的活动</View>
        {isAdmin ? (
          <>
            <View className='c-label'>单位</View>
            <ChoiceField
              label='单位'
              value={unit}
              options={[{ value: ALL, label: '全部单位' }, ...DEPARTMENTS.map((d) => ({ value: d.code as string, label: d.name }))]}
              onChange={(v) => (setUnit(v), void load(v))}
            />
            <View className='organize__actions'>
              <Button block variant='secondary' onClick={() => go(ORGANIZE_URLS.review)}>
                {`活动审核${pending ? `（${pending}项待审核）` : ''}`}
              </Button>
            </View>
          </>
        ) : (
          <View className='k-section__hint'>新建的活动先保存为草稿，提交后由区科协审核，通过后居民即可看到并报名。</View>
        )}
        <View className='organize__actions'>
          <Button block size='large' onClick={() => go(ORGANIZE_URLS.create)}>
            + 新建活动
          </Button>
        </View>
        <View className='organize__actions'>
          <Button block variant='secondary' onClick={() => go(ORGANIZE_URLS.unitFeedback(isAdmin ? unit : undefined))}>
            居民评价
          </Button>
        </View>
        <View className='organize__actions'>
          <Button block variant='secondary' onClick={() => go(ORGANIZE_URLS.wishes)}>
            点单·我想学
          </Button>
        </View>
      </View>
      {items.length === 0 ? <EmptyState title='还没有活动' description='点上方「新建活动」发布第一项活动' /> : null}
      {GROUPS.map((g) => {
        // Coming activities soonest first; the rest as listed (most recent first).
        const inGroup = items.filter((i) => g.states.includes(i.state))
        if (g.states.includes('published')) inGroup.sort((x, y) => Date.parse(x.startAt) - Date.parse(y.startAt))
        if (inGroup.length === 0) return null
        return (
          <View key={g.title} className='organize__group'>
            <View className='organize__group-title'>
              {g.title}（{inGroup.length}）
            </View>
            <View className='organize__list'>
              {inGroup.map((i) => (
                <ItemCard key={i.id} item={i} onChanged={() => void load()} />
              ))}
            </View>
          </View>
        )
      })}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
