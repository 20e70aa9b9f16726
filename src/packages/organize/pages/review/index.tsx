// 活动审核 (区科协): activities the units submitted, longest waiting first, each with its form in words;
// approve to publish, or return with a reason the organizer sees.
import { Input, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { ACTIVITY_TAGS, ACTIVITY_TYPES, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, nameOf } from '../../../../domain/catalog'
import type { ActivityInput } from '../../../../domain/activities/editing'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { loadStatePage } from '../../../../components/load-state'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime, formatRange } from '../../../../utils/format'
import { ORGANIZE_URLS } from '../../urls'
import '../../../../components/fields/fields.scss'
import '../../organize.scss'

type Item = Awaited<ReturnType<typeof api.activities.organized>>['items'][number]

const names = (list: readonly { code: string; name: string }[], codes: readonly string[]) => (codes.length ? codes.map((c) => nameOf(list, c)).join('、') : '未选择')

function Review({ item, onDone }: { item: Item; onDone: () => void }) {
  const [input, setInput] = useState<ActivityInput | null>(null)
  const [returning, setReturning] = useState(false)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null)
  useDidShow(() => void api.activities.editing(item.id).then((e) => setInput(e.input)).catch(() => undefined))
  async function decide(approve: boolean) {
    if (!approve && reason.trim().length < 2) return setProblem('请填写退回原因（2至200字），组织者会看到')
    setBusy(approve ? 'approve' : 'return')
    try {
      await api.activities.review({ id: item.id, approve, ...(approve ? {} : { reason: reason.trim() }) })
      void Taro.showToast({ title: approve ? '已通过并发布' : '已退回', icon: 'success', duration: 1500 })
      onDone()
    } catch (e) {
      setProblem(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }
  return (
    <View className='organize-item' data-item={item.id}>
      <View className='organize-item__title'>{item.title}</View>
      <View className='organize-item__meta'>
        {item.departmentName} · {formatRange(item.startAt, item.endAt)}
      </View>
      <View className='organize-item__meta'>
        {item.place}
        {item.areaName ? ` · ${item.areaName}` : ''}
      </View>
      {input ? (
        <View className='organize-item__reason'>
          <View>类型：{nameOf(ACTIVITY_TYPES, input.type)} · 名额 {input.capacity} · 候补 {input.waitlistLimit}</View>
          <View>面向：{names(TARGET_GROUPS, input.targetGroups)}{input.minAge !== null || input.maxAge !== null ? `（${input.minAge ?? 0}–${input.maxAge ?? '不限'}岁）` : ''}</View>
          <View>报名：{formatDateTime(input.signupOpensAt)} 至 {formatDateTime(input.signupClosesAt)}</View>
          {input.address ? <View>地址：{input.address}</View> : null}
          <View>提升行动：{names(PLAN_ACTIONS, input.actions)}</View>
          <View>重点工程：{names(PLAN_PROJECTS, input.projects)}</View>
          <View>指标：{names(ACTIVITY_TAGS, input.tags)}</View>
          {input.description ? <View>介绍：{input.description}</View> : null}
        </View>
      ) : null}
      {returning ? (
        <View>
          <View className='c-label'>退回原因（必填，组织者会看到）</View>
          <Input className='c-field' value={reason} maxlength={200} focus placeholder='例如：请写明活动地址和联系人' ariaLabel='退回原因' onInput={(e) => (setReason(e.detail.value), setProblem(''))} />
        </View>
      ) : null}
      {problem ? <View className='c-field-error'>{problem}</View> : null}
      <View className='organize-item__actions'>
        {returning ? (
          <>
            <Button size='small' variant='secondary' onClick={() => setReturning(false)}>
              取消
            </Button>
            <Button size='small' variant='danger' loading={busy === 'return'} onClick={() => void decide(false)}>
              确认退回
            </Button>
          </>
        ) : (
          <>
            <Button size='small' loading={busy === 'approve'} onClick={() => void decide(true)}>
              通过并发布
            </Button>
            <Button size='small' variant='secondary' onClick={() => setReturning(true)}>
              退回修改
            </Button>
          </>
        )}
      </View>
    </View>
  )
}

export default function OrganizeReviewPage() {
  const [items, setItems] = useState<Item[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  async function load() {
    setError(null)
    try {
      await ensureSession()
      setItems((await api.activities.organized({ state: 'pending' })).items)
    } catch (e) {
      setError(toApiError(e))
    }
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const gate = loadStatePage({ error, loaded: !!items, deniedMessage: '只有区科协管理员可以审核活动', onRetry: () => void load() })
  if (gate || !items) return gate
  return (
    <PageRoot className='organize-review'>
      <View className='k-section'>
        <View className='k-section__title'>待审核（{items.length}）</View>
        <View className='k-section__hint'>各单位提交的活动，先提交的排在前面。通过后立即发布；退回时写明原因，组织者修改后可重新提交。</View>
      </View>
      {items.length === 0 ? (
        <EmptyState title='没有待审核的活动' actionLabel='返回组织活动' onAction={() => void Taro.redirectTo({ url: ORGANIZE_URLS.home })} />
      ) : (
        <View className='organize__list'>
          {items.map((i) => (
            <Review key={i.id} item={i} onDone={() => void load()} />
          ))}
        </View>
      )}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
