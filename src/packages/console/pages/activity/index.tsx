import { View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro'
import { useState } from 'react'
import type { RosterEntry } from '../../../../domain/contracts'
import { CheckResult } from '../../../../components/check-result'
import { Chip } from '../../../../components/chip'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatRange } from '../../../../utils/format'
import { ActivityCodePanel } from '../../components/activity-code-panel'
import { CountTiles } from '../../components/count-tiles'
import { ManagePanel } from '../../components/manage-panel'
import { OfflineBanner, OfflinePanel } from '../../components/offline-panel'
import { RosterPanel } from '../../components/roster-panel'
import { ScanPanel } from '../../components/scan-panel'
import { WalkInPanel } from '../../components/walk-in-panel'
import {
  closeConsole,
  correctAttendance,
  isOfflineMode,
  openConsole,
  reloadConsole,
  setKind,
  shownCounts,
  shownRoster,
  submitCode,
  tick,
  useConsoleStore,
  walkIn,
} from '../../console-store'
import '../../console.scss'
import './index.scss'

type Tab = 'roster' | 'code' | 'walkin' | 'manage'

const TABS: { key: Tab; label: string; manageOnly?: boolean }[] = [
  { key: 'roster', label: '名单' },
  { key: 'code', label: '活动签到码' },
  { key: 'walkin', label: '现场报名' },
  { key: 'manage', label: '管理', manageOnly: true },
]

/** A roster tick happens far below the result panel, so its outcome is also said in a toast. */
async function tickAndTell(entry: RosterEntry, reason: string): Promise<boolean> {
  const done = await tick(entry, reason)
  const r = useConsoleStore.getState().lastResult
  if (r) void Taro.showToast({ title: `${r.headline}${r.name ? `：${r.name}` : ''}`, icon: 'none', duration: 2500 })
  return done
}

async function correctAndTell(entry: RosterEntry, attended: boolean, reason: string): Promise<boolean> {
  const done = await correctAttendance(entry, attended, reason)
  const r = useConsoleStore.getState().lastResult
  if (r) void Taro.showToast({ title: done ? `${r.headline}：${entry.name}，已记入修改记录` : r.headline, icon: 'none', duration: 2500 })
  return done
}

export default function ConsolePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const sessionStatus = useSessionStore((s) => s.status)
  const s = useConsoleStore()
  const [tab, setTab] = useState<Tab>('roster')

  useDidShow(() => {
    void ensureSession().then((user) => {
      if (!user) return
      if (useConsoleStore.getState().activityId === id) void reloadConsole()
      else void openConsole(id)
    })
  })
  useDidHide(() => closeConsole())
  useUnload(() => {
    closeConsole()
    useConsoleStore.setState({ activityId: null })
  })

  if (sessionStatus === 'anonymous') {
    return (
      <PageRoot>
        <ErrorState title='请先登录' message='登录后才能使用签到台' onRetry={() => void Taro.navigateTo({ url: '/pages/login/index' })} />
      </PageRoot>
    )
  }
  const offline = isOfflineMode(s)
  const activity = s.view?.activity ?? s.bundle?.activity ?? null
  if (s.status === 'error' && !activity) {
    return (
      <PageRoot>
        <ErrorState
          title={s.error?.code === 'AUTH.FORBIDDEN' ? '无法访问' : '加载失败'}
          message={s.error?.code === 'NETWORK' ? '网络异常，且本机没有该活动的离线数据' : (s.error?.message ?? '')}
          onRetry={() => void openConsole(id)}
        />
      </PageRoot>
    )
  }
  if (!activity || s.activityId !== id) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const canManage = !!s.view?.canManage
  const checkoutEnabled = s.view?.checkoutEnabled ?? s.bundle?.checkoutEnabled ?? false
  const tabs = TABS.filter((t) => !t.manageOnly || canManage)
  const current = tabs.some((t) => t.key === tab) ? tab : 'roster'

  return (
    <PageRoot className='console'>
      <OfflineBanner />
      <View className='console__head'>
        <View className='console__title'>{activity.title}</View>
        <View className='console__time'>
          {formatRange(activity.startAt, activity.endAt)} · {activity.place}
        </View>
      </View>
      <CountTiles counts={shownCounts(s)} />

      <View className='console__result'>
        {s.lastResult ? (
          <CheckResult outcome={s.lastResult} />
        ) : (
          <View className='console__waiting'>等待扫码…</View>
        )}
      </View>

      <ScanPanel kind={s.kind} checkoutEnabled={checkoutEnabled} busy={s.busy} onKind={setKind} onSubmit={submitCode} />

      <OfflinePanel />

      <View className='console__tabs' ariaRole='tablist'>
        {tabs.map((t) => (
          <Chip key={t.key} label={t.label} selected={current === t.key} onClick={() => setTab(t.key)} />
        ))}
      </View>

      {current === 'roster' ? (
        <View className='k-section'>
          <View className='k-section__title'>名单</View>
          <RosterPanel
            roster={shownRoster(s)}
            busy={s.busy}
            onTick={tickAndTell}
            closed={!!s.view?.attendanceClosed}
            canCorrect={!!s.view?.canCorrect}
            onCorrect={correctAndTell}
          />
        </View>
      ) : null}
      {current === 'code' ? (
        <View className='k-section'>
          <View className='k-section__title'>活动签到码</View>
          <ActivityCodePanel activityId={id} offline={offline} />
        </View>
      ) : null}
      {current === 'walkin' ? (
        <View className='k-section'>
          <View className='k-section__title'>现场报名</View>
          <WalkInPanel seatsLeft={activity.seatsLeft} offline={offline} busy={s.busy} onSubmit={walkIn} />
        </View>
      ) : null}
      {current === 'manage' && s.view ? (
        <View className='k-section'>
          <View className='k-section__title'>管理</View>
          <ManagePanel view={s.view} onChanged={() => void reloadConsole()} />
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
