import { View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { ReminderStatus } from '../../../../domain/reminders/schedule'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag, type TagTone } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError, type Response } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { toastError } from '../../../../services/toast'
import './index.scss'

type Entry = Response<'reminders', 'outbox'>[number]

/** Status shown as text in the tag, never by colour alone. */
const TONES: Record<ReminderStatus, TagTone> = {
  pending: 'neutral',
  sending: 'brand',
  sent: 'success',
  no_subscription: 'neutral',
  cancelled: 'neutral',
  skipped: 'neutral',
  failed: 'danger',
}

/** Admins see every reminder the scheduler planned, sent or could not send (the local outbox). */
export default function OutboxPage() {
  const [entries, setEntries] = useState<readonly Entry[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [running, setRunning] = useState(false)
  const [lastRun, setLastRun] = useState('')

  async function load() {
    try {
      await ensureSession()
      setEntries(await api.reminders.outbox())
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }
  useDidShow(() => void load())

  async function runNow() {
    setRunning(true)
    try {
      const r = await api.reminders.run()
      setLastRun(`新排程 ${r.planned} 条，发送 ${r.sent} 条，未订阅 ${r.noSubscription} 条，重试 ${r.retried} 条，失败 ${r.failed} 条`)
      await load()
    } catch (e) {
      toastError(e)
    } finally {
      setRunning(false)
    }
  }

  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!entries) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }
  const count = (s: ReminderStatus) => entries.filter((e) => e.status === s).length

  return (
    <PageRoot className='outbox'>
      <View className='k-section'>
        <View className='outbox__summary'>
          活动前一天、前一小时的提醒和候补转正通知都记录在这里（本地运行时不会真正发出）。免打扰时段 21:00–08:00 的消息顺延到 8:00。
        </View>
        <View className='outbox__summary'>
          共 {entries.length} 条：已发送 {count('sent')}，待发送 {count('pending')}，未订阅 {count('no_subscription')}，失败 {count('failed')}
        </View>
        <View className='outbox__run'>
          <Button block variant='secondary' loading={running} onClick={() => void runNow()}>
            立即运行一次提醒任务
          </Button>
        </View>
        {lastRun ? <View className='outbox__line'>{lastRun}</View> : null}
      </View>
      <View className='k-section'>
        {entries.length === 0 ? (
          <EmptyState title='暂无消息' />
        ) : (
          entries.map((e) => (
            <View key={e.id} className='outbox__item'>
              <View className='outbox__head'>
                <View className='outbox__kind'>{e.kindLabel}</View>
                <Tag tone={TONES[e.status]}>{e.statusLabel}</Tag>
              </View>
              <View className='outbox__title'>{e.activityTitle}</View>
              <View className='outbox__line'>
                参与人：{e.personName} · 接收：{e.recipientName}
              </View>
              <View className='outbox__line'>
                {e.sentAt ? `发送于 ${formatDateTime(e.sentAt)}` : `计划 ${formatDateTime(e.status === 'pending' ? e.nextAttemptAt : e.dueAt)}`}
                {e.attempts > 1 ? ` · 尝试 ${e.attempts} 次` : ''}
              </View>
              {e.note ? <View className='outbox__line'>说明：{e.note}</View> : null}
            </View>
          ))
        )}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
