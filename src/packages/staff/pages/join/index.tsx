import { Input, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { DEPARTMENTS, nameOf } from '../../../../domain/catalog'
import { codeFromStaffScene, normalizeStaffCode, STAFF_CODE_LENGTH } from '../../../../domain/staff/rules'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError } from '../../../../services/transport'
import { ensureSession, setSessionUser, useSessionStore } from '../../../../stores/session'
import './index.scss'

const CONSOLE_LIST_URL = '/packages/console/pages/list/index'
const ORGANIZE_URL = '/packages/organize/pages/home/index'

/** The code a link (`?code=`) or a mini-program code (`scene=o%3D…`) opened the page with. */
function codeFrom(options: Record<string, string | undefined>): string {
  if (options.code) return normalizeStaffCode(decodeURIComponent(options.code)) ?? ''
  if (options.scene) return codeFromStaffScene(options.scene) ?? ''
  return ''
}

function Done({ unitName, fresh }: { unitName: string; fresh: boolean }) {
  return (
    <View className='k-section'>
      <View className='join__done' ariaRole='status'>
        {fresh ? `✓ 您已成为${unitName}的组织者` : `您是${unitName}的组织者`}
      </View>
      <View className='k-section__hint join__hint'>可以为本单位发布活动、使用签到台为参与人签到，也可以邀请扫码志愿者。</View>
      <View className='join__buttons'>
        <Button block size='large' onClick={() => void Taro.redirectTo({ url: CONSOLE_LIST_URL })}>
          去签到台
        </Button>
        <Button block size='large' variant='secondary' onClick={() => void Taro.redirectTo({ url: ORGANIZE_URL })}>
          组织活动
        </Button>
      </View>
    </View>
  )
}

/** A resident redeems a one-time organizer invite from 区科协 and becomes that unit's organizer. */
export default function JoinPage() {
  const user = useSessionStore((s) => s.user)
  const status = useSessionStore((s) => s.status)
  const [code, setCode] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [joined, setJoined] = useState<string | null>(null)

  useLoad((options: Record<string, string | undefined>) => {
    setCode(codeFrom(options ?? {}))
    void ensureSession()
  })

  async function submit() {
    const normalized = normalizeStaffCode(code)
    if (!normalized) {
      setError(`邀请码为${STAFF_CODE_LENGTH}位字母和数字，请核对后重新输入`)
      return
    }
    setBusy(true)
    try {
      const r = await api.staff.redeem(normalized)
      setSessionUser(r.user)
      setJoined(r.departmentName)
      setError('')
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  if (status === 'unknown' || status === 'loading') {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }
  if (!user) {
    return (
      <PageRoot>
        <EmptyState title='登录后使用组织者邀请码' description='请先用本人微信登录，再输入区科协给您的邀请码。' actionLabel='去登录' onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })} />
      </PageRoot>
    )
  }
  if (joined) {
    return (
      <PageRoot className='join'>
        <Done unitName={joined} fresh />
      </PageRoot>
    )
  }
  if (user.role === 'organizer' && user.departmentCode) {
    return (
      <PageRoot className='join'>
        <Done unitName={nameOf(DEPARTMENTS, user.departmentCode)} fresh={false} />
      </PageRoot>
    )
  }
  if (user.role === 'admin') {
    return (
      <PageRoot className='join'>
        <EmptyState title='您是区科协管理员' description='管理员无需使用组织者邀请码；可在「我的 → 组织者管理」中邀请各单位的组织者。' />
      </PageRoot>
    )
  }

  return (
    <PageRoot className='join'>
      <View className='k-section'>
        <View className='k-section__title'>输入组织者邀请码</View>
        <View className='join__lead'>区科协邀请您担任成员单位的活动组织者时，会给您一个{STAFF_CODE_LENGTH}位邀请码（7天内有效，只能使用一次）。</View>
        <Input
          className={`join__input${error ? ' join__input--invalid' : ''}`}
          value={code}
          maxlength={STAFF_CODE_LENGTH + 4}
          placeholder={`${STAFF_CODE_LENGTH}位邀请码`}
          ariaLabel='组织者邀请码'
          onInput={(e) => {
            setCode(e.detail.value.toUpperCase())
            setError('')
          }}
          onConfirm={() => void submit()}
        />
        {error ? (
          <View className='k-inline-error' ariaRole='alert'>
            {error}
          </View>
        ) : null}
        <View className='join__buttons'>
          <Button block size='large' loading={busy} disabled={!code.trim()} onClick={() => void submit()}>
            成为组织者
          </Button>
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
