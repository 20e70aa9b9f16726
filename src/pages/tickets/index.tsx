import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useUnload } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { CardView, PersonView, TicketView } from '../../domain/contracts'
import { Button } from '../../components/button'
import { EmptyState } from '../../components/empty-state'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { QrCode } from '../../components/qr-code'
import { Tag } from '../../components/tag'
import { api } from '../../services/api'
import { ensureSession, useSessionStore } from '../../stores/session'
import { nextRefreshDelay } from '../../services/code-refresh'
import { loadTickets, putCard, useTicketsStore } from '../../stores/tickets'
import { formatClock } from '../../utils/format'
import { confirm, toastSuccess } from '../../utils/ui'
import { toastError } from '../../services/toast'
import { ActivityWhenWhere } from '../../components/info-row'
import './index.scss'

function TicketCard({ ticket: t, stale }: { ticket: TicketView; stale: boolean }) {
  const a = t.activity
  return (
    <View className='ticket' data-registration={t.registrationId}>
      <View className='ticket__head'>
        <View className='ticket__person'>{t.personName}</View>
        {t.checkedInAt ? (
          <Tag tone='success' className='ticket__badge'>
            ✓ 已签到 {formatClock(t.checkedInAt)}
          </Tag>
        ) : (
          <Tag tone='brand' className='ticket__badge'>
            待签到
          </Tag>
        )}
      </View>
      <View className='ticket__qr'>
        <QrCode value={t.code} size='large' label={`${t.personName}的签到二维码`} dim={stale} />
      </View>
      <View className='ticket__title'>{a.title}</View>
      {a.changeNotice ? (
        <View className='ticket__notice' ariaRole='status'>
          活动有变更：{a.changeNotice.text}
        </View>
      ) : null}
      <ActivityWhenWhere activity={a} />
    </View>
  )
}

function CardRow({ person, card, busy, onIssue, onReissue }: { person: PersonView; card: CardView | undefined; busy: boolean; onIssue: () => void; onReissue: () => void }) {
  return (
    <View className='card-row'>
      <View className='card-row__head'>
        <Text className='card-row__name'>{person.name}</Text>
        <Tag tone={person.isSelf ? 'brand' : 'neutral'}>{person.isSelf ? '本人' : '家人'}</Tag>
        {card ? <Tag tone='success'>第{card.version}版</Tag> : null}
      </View>
      {card ? (
        <View className='card-row__card'>
          <View className='card-row__qr'>
            <QrCode value={card.code} size='medium' label={`${person.name}的签到卡`} />
          </View>
          <View className='card-row__caption'>科普环翠 签到卡 · {person.name}</View>
          <Button block variant='danger' loading={busy} onClick={onReissue}>
            作废并重新生成
          </Button>
        </View>
      ) : (
        <Button block variant='secondary' loading={busy} onClick={onIssue}>
          生成签到卡
        </Button>
      )}
    </View>
  )
}

export default function TicketsPage() {
  const sessionStatus = useSessionStore((s) => s.status)
  const tickets = useTicketsStore((s) => s.tickets)
  const cards = useTicketsStore((s) => s.cards)
  const persons = useTicketsStore((s) => s.persons)
  const status = useTicketsStore((s) => s.status)
  const error = useTicketsStore((s) => s.error)
  const [busyPersonId, setBusyPersonId] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const visible = useRef(false)

  const stop = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  // Fetch, then schedule the next fetch by the earliest refreshAt (at most 25 s away) while shown.
  const refresh = async () => {
    stop()
    const user = await ensureSession()
    if (!user || !visible.current) return
    await loadTickets()
    if (!visible.current) return
    const s = useTicketsStore.getState()
    stop()
    timer.current = setTimeout(() => void refresh(), nextRefreshDelay(s.tickets.map((t) => t.refreshAt), Date.now()))
  }

  useDidShow(() => {
    visible.current = true
    void refresh()
  })
  useDidHide(() => {
    visible.current = false
    stop()
  })
  useUnload(() => {
    visible.current = false
    stop()
  })
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  async function issue(person: PersonView) {
    setBusyPersonId(person.id)
    try {
      putCard(await api.checkin.issueCard(person.id))
      toastSuccess('已生成签到卡')
    } catch (e) {
      toastError(e)
    } finally {
      setBusyPersonId(null)
    }
  }

  async function reissue(person: PersonView) {
    const ok = await confirm('作废签到卡', `作废后「${person.name}」原来的签到卡（包括已打印的）将无法再使用，并生成一张新卡。确定吗？`, '作废并重新生成')
    if (!ok) return
    setBusyPersonId(person.id)
    try {
      // Revoking bumps the card version and returns the new card.
      putCard(await api.checkin.revokeCard(person.id))
      toastSuccess('已重新生成')
    } catch (e) {
      toastError(e)
    } finally {
      setBusyPersonId(null)
    }
  }

  if (sessionStatus === 'anonymous') {
    return (
      <PageRoot>
        <EmptyState
          title='登录后查看您的票'
          description='本人和家人报名成功的活动都会在这里显示签到二维码'
          actionLabel='去登录'
          onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })}
        />
      </PageRoot>
    )
  }
  if (status === 'error' && error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void refresh()} />
      </PageRoot>
    )
  }
  if (status !== 'ready') {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const cardOf = (personId: string) => cards.find((c) => c.personId === personId)

  return (
    <PageRoot className='tickets'>
      {error ? (
        <View className='tickets__stale' ariaRole='alert'>
          {error.message}。二维码可能已失效，恢复网络后会自动更新。
        </View>
      ) : null}
      {tickets.length === 0 ? (
        <EmptyState
          title='暂无待签到的票'
          description='报名成功的活动会在这里显示签到二维码'
          actionLabel='去看看活动'
          onAction={() => void Taro.switchTab({ url: '/pages/index/index' })}
        />
      ) : (
        <View>
          <View className='tickets__hint'>请向工作人员出示二维码。二维码每30秒自动更新，截图无效。</View>
          {tickets.map((t) => (
            <TicketCard key={t.registrationId} ticket={t} stale={!!error} />
          ))}
        </View>
      )}

      <View className='k-section'>
        <View className='k-section__title'>签到卡</View>
        <View className='k-section__hint tickets__cards-hint'>
          为不方便用手机的家人生成长期有效的签到卡，可截图或打印随身携带；丢失后请作废并重新生成。
        </View>
        {persons.length === 0 ? (
          <View className='k-section__hint'>还没有参与人，请先在「我的」中添加本人或家人。</View>
        ) : (
          persons.map((p) => (
            <CardRow
              key={p.id}
              person={p}
              card={cardOf(p.id)}
              busy={busyPersonId === p.id}
              onIssue={() => void issue(p)}
              onReissue={() => void reissue(p)}
            />
          ))
        )}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
