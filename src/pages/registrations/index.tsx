import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { MyRegistrationView } from '../../domain/contracts'
import { Button } from '../../components/button'
import { EmptyState } from '../../components/empty-state'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { StatusBadge } from '../../components/status-badge'
import { api } from '../../services/api'
import { toApiError, type ApiError } from '../../services/transport'
import { ensureSession, useSessionStore } from '../../stores/session'
import { formatRange } from '../../utils/format'
import { confirm } from '../../utils/ui'
import { toastError } from '../../services/toast'
import './index.scss'

export default function RegistrationsPage() {
  const status = useSessionStore((s) => s.status)
  const [items, setItems] = useState<readonly MyRegistrationView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const user = await ensureSession()
      if (!user) {
        setItems(null)
        setError(useSessionStore.getState().error)
        return
      }
      setItems(await api.registrations.listMine())
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])

  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  async function cancel(r: MyRegistrationView) {
    const what = r.status === 'waitlisted' ? '候补' : '报名'
    if (!(await confirm('取消报名', `确定取消「${r.personName}」参加「${r.activity.title}」的${what}吗？`, '取消报名'))) return
    setBusyId(r.id)
    try {
      await api.registrations.cancel(r.id)
      void Taro.showToast({ title: '已取消报名', icon: 'success', duration: 1500 })
    } catch (e) {
      toastError(e)
    } finally {
      setBusyId(null)
      void load()
    }
  }

  const rate = (r: MyRegistrationView) => void Taro.navigateTo({ url: `/packages/feedback/pages/rate/index?registrationId=${encodeURIComponent(r.id)}` })

  const open = (r: MyRegistrationView) =>
    void Taro.navigateTo({ url: `/pages/activity/index?id=${encodeURIComponent(r.activityId)}` })

  if (status === 'anonymous') {
    return (
      <PageRoot>
        <EmptyState
          title='登录后查看您的报名'
          description='为本人或家人报名的活动都会显示在这里'
          actionLabel='去登录'
          onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })}
        />
      </PageRoot>
    )
  }
  if (error && !items) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!items) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }
  if (items.length === 0) {
    return (
      <PageRoot>
        <EmptyState
          title='还没有报名任何活动'
          description='去首页看看适合您和家人的科普活动'
          actionLabel='去看看活动'
          onAction={() => void Taro.switchTab({ url: '/pages/index/index' })}
        />
      </PageRoot>
    )
  }

  // A cancelled sign-up is not something one is about to attend: it is listed apart, under 已取消.
  const upcoming = items.filter((r) => !r.activity.ended && r.status !== 'cancelled')
  const cancelled = items.filter((r) => !r.activity.ended && r.status === 'cancelled')
  const past = items.filter((r) => r.activity.ended)

  const renderItem = (r: MyRegistrationView) => (
    <View key={r.id} className='regs__item'>
      <View className='regs__main' ariaRole='link' onClick={() => open(r)}>
        <View className='regs__title'>{r.activity.title}</View>
        <View className='regs__time'>{formatRange(r.activity.startAt, r.activity.endAt)}</View>
        <View className='regs__person'>
          <View className='regs__person-name'>参与人：{r.personName}</View>
          <StatusBadge status={r.status} waitlistPosition={r.waitlistPosition} />
        </View>
      </View>
      {r.cancellable ? (
        <View className='regs__actions'>
          <Button size='small' variant='danger' loading={busyId === r.id} onClick={() => void cancel(r)}>
            取消报名
          </Button>
        </View>
      ) : null}
      {r.feedback && (r.feedback.canRate || r.feedback.rating !== null) ? (
        <View className='regs__actions regs__feedback'>
          {r.feedback.rating !== null ? <View className='regs__rated'>已评价 {'★'.repeat(r.feedback.rating)}</View> : null}
          {r.feedback.canRate ? (
            <Button size='small' variant={r.feedback.rating === null ? 'primary' : 'secondary'} onClick={() => rate(r)}>
              {r.feedback.rating === null ? '评价活动' : '修改评价'}
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )

  return (
    <PageRoot className='regs'>
      {error ? <View className='k-inline-error regs__error'>{error.message}</View> : null}
      <View className='k-section'>
        <View className='k-section__title'>即将参加（{upcoming.length}）</View>
        {upcoming.length > 0 ? upcoming.map(renderItem) : <View className='k-section__hint'>暂无即将参加的活动</View>}
      </View>
      {cancelled.length > 0 ? (
        <View className='k-section'>
          <View className='k-section__title'>已取消（{cancelled.length}）</View>
          {cancelled.map(renderItem)}
        </View>
      ) : null}
      <View className='k-section'>
        <View className='k-section__title'>已结束（{past.length}）</View>
        {past.length > 0 ? past.map(renderItem) : <View className='k-section__hint'>暂无已结束的活动</View>}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
