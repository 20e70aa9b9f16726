import { Input, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { ActivityView } from '../../../../domain/contracts'
import { ActivityCard } from '../../../../components/activity-card'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { errorMessage, toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { isInviteCode, normalizeInviteCode } from '../../console-helpers'
import '../../console.scss'
import './index.scss'

const consoleUrl = (id: string) => `/packages/console/pages/activity/index?id=${encodeURIComponent(id)}`

function RedeemInvite({ onRedeemed }: { onRedeemed: () => void }) {
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  async function redeem() {
    const normalized = normalizeInviteCode(code)
    if (!isInviteCode(normalized)) return setMessage({ ok: false, text: '邀请码为8位字母或数字' })
    setBusy(true)
    try {
      const grant = await api.checkin.redeem(normalized)
      setMessage({ ok: true, text: `已获得扫码权限，${formatDateTime(grant.validTo)} 前有效` })
      setCode('')
      onRedeemed()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='k-section' id='redeem'>
      <View className='k-section__title'>输入志愿者邀请码</View>
      <View className='k-section__hint redeem__hint'>组织者邀请您做扫码志愿者时，会给您一个8位邀请码。</View>
      <View className='redeem__row'>
        <Input
          className='k-field redeem__input'
          value={code}
          maxlength={12}
          placeholder='8位邀请码'
          ariaLabel='志愿者邀请码'
          onInput={(e) => {
            setCode(e.detail.value.toUpperCase())
            setMessage(null)
          }}
          onConfirm={() => void redeem()}
        />
        <Button loading={busy} disabled={!code.trim()} onClick={() => void redeem()}>
          使用
        </Button>
      </View>
      {message ? (
        <View className={message.ok ? 'redeem__ok' : 'k-inline-error'} ariaRole='alert'>
          {message.ok ? '✓ ' : ''}
          {message.text}
        </View>
      ) : null}
    </View>
  )
}

export default function ConsoleListPage() {
  const sessionStatus = useSessionStore((s) => s.status)
  const [items, setItems] = useState<readonly ActivityView[] | null>(null)
  const [scanner, setScanner] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    try {
      const user = await ensureSession()
      if (!user) return
      const res = await api.checkin.myConsoles()
      setItems(res.activities)
      setScanner(res.scanner)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])

  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  if (sessionStatus === 'anonymous') {
    return (
      <PageRoot>
        <EmptyState title='登录后使用签到台' actionLabel='去登录' onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })} />
      </PageRoot>
    )
  }

  let body
  if (error && !items) body = <ErrorState message={error.message} onRetry={() => void load()} />
  else if (!items) body = <Loading />
  else if (items.length === 0)
    body = <EmptyState title='暂无可用的签到台' description='组织者可管理本单位的活动；志愿者使用邀请码后，受邀的活动会出现在这里。' />
  else
    body = (
      <View className='consoles'>
        {scanner ? <View className='consoles__scanner'>您是受邀的扫码志愿者，可为以下活动签到。</View> : null}
        {items.map((a) => (
          <View key={a.id} className='consoles__item'>
            <ActivityCard activity={a} onClick={() => void Taro.navigateTo({ url: consoleUrl(a.id) })} />
            <View className='consoles__open'>
              <Button block onClick={() => void Taro.navigateTo({ url: consoleUrl(a.id) })}>
                进入签到台
              </Button>
            </View>
          </View>
        ))}
      </View>
    )

  return (
    <PageRoot className='console-list'>
      {!scanner && items && items.length > 0 ? (
        <View className='consoles__courses'>
          <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/course/pages/organized/index' })}>
            系列课程管理（新建课程、安排补课）
          </Button>
        </View>
      ) : null}
      {body}
      <RedeemInvite onRedeemed={() => void load()} />
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
