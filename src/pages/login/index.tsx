import { View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { Button } from '../../components/button'
import { EmptyState } from '../../components/empty-state'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { Tag } from '../../components/tag'
import { DEMO_SIGN_IN_AVAILABLE, listDemoIdentities, type DemoIdentity } from '../../services/demo'
import { toApiError, type ApiError } from '../../services/transport'
import { signInAsDemo, useSessionStore } from '../../stores/session'
import { roleLabel } from '../../utils/labels'
import { goBackOr } from '../../utils/ui'
import { toastError } from '../../services/toast'
import './index.scss'

export default function LoginPage() {
  const current = useSessionStore((s) => s.user)
  const [identities, setIdentities] = useState<readonly DemoIdentity[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      setIdentities(await listDemoIdentities())
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => void load())

  async function pick(identity: DemoIdentity) {
    setBusyId(identity.id)
    try {
      const user = await signInAsDemo(identity.id)
      void Taro.showToast({ title: `已登录：${user?.displayName ?? identity.displayName}`, icon: 'none', duration: 1500 })
      setTimeout(() => goBackOr('/pages/index/index'), 500)
    } catch (e) {
      toastError(e)
    } finally {
      setBusyId(null)
    }
  }

  let body
  if (!DEMO_SIGN_IN_AVAILABLE) {
    body = (
      <EmptyState
        title='无需登录'
        description='在微信中将自动使用您的微信身份'
        actionLabel='返回首页'
        onAction={() => void Taro.switchTab({ url: '/pages/index/index' })}
      />
    )
  } else if (error?.code === 'ACTION.UNKNOWN') {
    // The server runs without KEPU_DEMO_LOGIN=1: there is no demo sign-in to offer.
    body = <EmptyState title='演示登录未开启' description='本服务没有开启本地演示登录，它只在本机运行（npm start）时提供。' actionLabel='返回首页' onAction={() => void Taro.switchTab({ url: '/pages/index/index' })} />
  } else if (error) {
    body = <ErrorState message={error.message} onRetry={() => void load()} />
  } else if (!identities) {
    body = <Loading />
  } else if (identities.length === 0) {
    body = <EmptyState title='没有可用的演示身份' />
  } else {
    body = (
      <View className='login__list'>
        <View className='login__intro'>请选择一个演示身份：</View>
        {identities.map((d) => {
          const isCurrent = current?.id === d.id
          return (
            <View key={d.id} className={`login__item${isCurrent ? ' login__item--current' : ''}`}>
              <View className='login__item-head'>
                <View className='login__name'>{d.displayName}</View>
                <Tag tone='brand'>{roleLabel(d.role)}</Tag>
              </View>
              {d.description ? <View className='login__desc'>{d.description}</View> : null}
              <View className='login__action'>
                <Button block variant={isCurrent ? 'secondary' : 'primary'} loading={busyId === d.id} onClick={() => void pick(d)}>
                  {isCurrent ? '当前身份 · 继续使用' : `以「${d.displayName}」登录`}
                </Button>
              </View>
            </View>
          )
        })}
      </View>
    )
  }

  return (
    <PageRoot className='login'>
      <View className='login__banner' ariaRole='note'>
        <View className='login__banner-title'>本地演示环境 · 微信中将使用您的微信身份</View>
        <View className='login__banner-text'>此页面仅用于本地演示，选择的身份不是真实账号。</View>
      </View>
      {body}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
