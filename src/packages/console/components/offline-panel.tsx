import { View } from '@tarojs/components'
import { Button } from '../../../components/button'
import { CheckResult } from '../../../components/check-result'
import { formatDateTime } from '../../../utils/format'
import { toastSuccess } from '../../../utils/ui'
import { toastError } from '../../../services/toast'
import { bundleState, downloadBundle, isOfflineMode, syncNow, useConsoleStore } from '../console-store'

/** The banner at the top: 离线模式 and 待同步 N 条, with 立即同步 when there is something to send. */
export function OfflineBanner() {
  const online = useConsoleStore((s) => s.online)
  const reachable = useConsoleStore((s) => s.reachable)
  const pending = useConsoleStore((s) => s.pending)
  const syncing = useConsoleStore((s) => s.syncing)
  const offline = isOfflineMode({ online, reachable })
  if (!offline && pending === 0) return null
  return (
    <View className={`offline-banner${offline ? ' offline-banner--off' : ''}`} ariaRole='status'>
      <View className='offline-banner__text'>
        {offline ? <View className='offline-banner__mode'>离线模式</View> : null}
        <View className='offline-banner__pending' data-pending={pending}>
          待同步 {pending} 条
        </View>
        {offline ? <View className='offline-banner__hint'>签到记录保存在本机，联网后自动同步</View> : null}
      </View>
      {!offline && pending > 0 ? (
        <Button size='small' variant='secondary' loading={syncing} onClick={() => void syncNow()}>
          立即同步
        </Button>
      ) : null}
    </View>
  )
}

/** 离线数据: download the bundle, see how long it lasts, sync by hand, and the last sync report. */
export function OfflinePanel() {
  const bundle = useConsoleStore((s) => s.bundle)
  const downloading = useConsoleStore((s) => s.downloading)
  const pending = useConsoleStore((s) => s.pending)
  const syncing = useConsoleStore((s) => s.syncing)
  const report = useConsoleStore((s) => s.syncReport)
  const syncError = useConsoleStore((s) => s.syncError)
  const online = useConsoleStore((s) => s.online)
  const reachable = useConsoleStore((s) => s.reachable)
  const offline = isOfflineMode({ online, reachable })
  const state = bundleState(bundle)

  async function download() {
    try {
      await downloadBundle()
      toastSuccess('离线数据已下载')
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <View className='k-section'>
      <View className='k-section__title'>离线签到</View>
      <View className='k-section__hint offline__state'>
        {state === 'none'
          ? '网络不好的场地，请先在有网络时下载离线数据；断网后仍可扫码签到，联网后自动同步。'
          : state === 'expired'
            ? '离线数据已过期，不能再用于离线签到，请联网后重新下载。'
            : `已下载 ${bundle?.roster.length ?? 0} 人的名单，${formatDateTime(bundle?.expiresAt ?? '')} 前有效。`}
      </View>
      <View className='offline__actions'>
        <Button block variant='secondary' loading={downloading} disabled={offline} onClick={() => void download()}>
          {state === 'none' ? '下载离线数据' : '重新下载离线数据'}
        </Button>
        <Button block variant='secondary' loading={syncing} disabled={pending === 0 || offline} onClick={() => void syncNow()}>
          立即同步（待同步 {pending} 条）
        </Button>
      </View>
      {syncError ? <View className='k-inline-error'>同步未完成：{syncError}</View> : null}
      {report ? (
        <View className='offline__report' data-sync-ok={report.ok} data-sync-already={report.already} data-sync-failed={report.failed}>
          <View className='offline__report-title'>
            上次同步：成功 {report.ok} 条，已签到 {report.already} 条，失败 {report.failed} 条
          </View>
          {report.problems.map((p, i) => (
            <View key={i} className='offline__problem'>
              <CheckResult outcome={p.outcome} compact />
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
