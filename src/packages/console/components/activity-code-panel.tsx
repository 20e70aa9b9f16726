import { Image, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { QrCode } from '../../../components/qr-code'
import { api, type ActivityCodeResult } from '../../../services/api'
import { errorMessage } from '../../../services/transport'
import { nextRefreshDelay } from '../../../services/code-refresh'
import { pngDataUri } from '../../../services/base64'
import { ACTIVITY_CODE_AS_LINK, absoluteUrl } from '../platform'

/**
 * 活动签到码: attendees scan it to check themselves in. It rotates on the server; this panel asks
 * again about every 25 s (and when it says the code ends) while it is shown.
 */
export function ActivityCodePanel({ activityId, offline }: { activityId: string; offline: boolean }) {
  const [code, setCode] = useState<ActivityCodeResult | null>(null)
  const [problem, setProblem] = useState('')
  const offlineRef = useRef(offline)
  offlineRef.current = offline

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    let latest: ActivityCodeResult | null = null
    const load = async () => {
      if (!offlineRef.current) {
        try {
          const next = await api.checkin.activityCode(activityId)
          if (stopped) return
          latest = next
          setCode(next)
          setProblem('')
        } catch (e) {
          if (stopped) return
          setProblem(errorMessage(e))
        }
      }
      if (!stopped) timer = setTimeout(() => void load(), nextRefreshDelay(latest ? [latest.refreshAt] : [], Date.now()))
    }
    void load()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [activityId])

  return (
    <View className='acode'>
      <View className='k-section__hint acode__hint'>
        请参与人用手机扫描此码，为本人和家人签到；仅限已报名的人（开放现场报名的活动除外）。二维码约每30秒更新一次。
      </View>
      {offline ? <View className='k-inline-error'>离线时无法生成活动签到码，请让参与人出示本人的票。</View> : null}
      {problem && !offline ? <View className='k-inline-error'>{problem}</View> : null}
      {code ? (
        ACTIVITY_CODE_AS_LINK ? (
          <View className='acode__qr'>
            <QrCode value={absoluteUrl(code.url)} codeText={code.code} size='large' label='活动签到码' dim={offline || !!problem} />
          </View>
        ) : code.image ? (
          <View className='acode__qr' data-code={code.code}>
            <Image className='acode__image' src={pngDataUri(code.image)} mode='aspectFit' ariaLabel='活动签到小程序码' />
          </View>
        ) : (
          <View className='acode__note' data-code={code.code}>
            小程序码由服务器生成（场景值 {code.scene ?? '—'}），当前环境未能生成。请在电脑浏览器打开签到台展示活动签到码。
          </View>
        )
      ) : null}
    </View>
  )
}
