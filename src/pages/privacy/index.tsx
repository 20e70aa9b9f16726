import { Button as TaroButton, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { PRIVACY_NOTICE, PRIVACY_NOTICE_TITLE, PRIVACY_NOTICE_VERSION } from '../../domain/privacy/notice'
import { Button } from '../../components/button'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { api } from '../../services/api'
import { rememberAgreed } from '../../services/privacy'
import { AGREE_BUTTON_ID, settlePrivacyAuthorization } from '../../services/privacy-auth'
import { ensureSession, useSessionStore } from '../../stores/session'
import { formatDateTime } from '../../utils/format'
import { goBackOr } from '../../utils/ui'
import { toastError } from '../../services/toast'
import './index.scss'

/** 用户隐私保护指引: shown and agreed before any personal data is collected; `next` is where to go afterwards. */
export default function PrivacyPage() {
  const { params } = useRouter()
  const next = params.next ? decodeURIComponent(params.next) : ''
  const user = useSessionStore((s) => s.user)
  const [agreedAt, setAgreedAt] = useState<string | null | undefined>(undefined)
  const [saving, setSaving] = useState(false)

  useDidShow(() => {
    void (async () => {
      const u = await ensureSession()
      if (!u) return setAgreedAt(null)
      try {
        setAgreedAt((await api.account.privacyStatus()).agreedAt)
      } catch (e) {
        toastError(e)
        setAgreedAt(null)
      }
    })()
  })

  async function agree() {
    if (!user) {
      settlePrivacyAuthorization(true)
      return goBackOr('/pages/profile/index')
    }
    setSaving(true)
    try {
      const status = await api.account.agreePrivacy(PRIVACY_NOTICE_VERSION)
      rememberAgreed(user.id)
      settlePrivacyAuthorization(true)
      setAgreedAt(status.agreedAt)
      void Taro.showToast({ title: '已同意', icon: 'success', duration: 1200 })
      if (next) setTimeout(() => void Taro.redirectTo({ url: next }), 500)
    } catch (e) {
      toastError(e)
    } finally {
      setSaving(false)
    }
  }

  function decline() {
    settlePrivacyAuthorization(false)
    goBackOr('/pages/profile/index')
  }

  return (
    <PageRoot className='privacy'>
      <View className='k-section'>
        <View className='privacy__title'>{PRIVACY_NOTICE_TITLE}</View>
        <View className='privacy__meta'>版本 {PRIVACY_NOTICE_VERSION} · 环翠区科学技术协会</View>
        {next && !agreedAt ? <View className='privacy__para'>登记或报名前，请先阅读并同意以下指引。</View> : null}
        {PRIVACY_NOTICE.map((section) => (
          <View key={section.heading}>
            <View className='privacy__heading'>{section.heading}</View>
            {section.paragraphs.map((p) => (
              <View key={p} className='privacy__para'>
                {p}
              </View>
            ))}
          </View>
        ))}
      </View>
      <View className='k-section'>
        {agreedAt === undefined ? (
          <Loading variant='inline' />
        ) : agreedAt ? (
          <View>
            <View className='privacy__agreed'>✓ 您已于{formatDateTime(agreedAt)}同意本指引</View>
            {next ? (
              <View className='privacy__actions'>
                <Button block size='large' onClick={() => void Taro.redirectTo({ url: next })}>
                  继续
                </Button>
              </View>
            ) : null}
          </View>
        ) : (
          <View className='privacy__actions'>
            <TaroButton
              id={AGREE_BUTTON_ID}
              className='privacy__agree'
              openType={process.env.TARO_ENV === 'weapp' ? 'agreePrivacyAuthorization' : undefined}
              disabled={saving || undefined}
              onClick={() => void agree()}
            >
              {saving ? '处理中…' : '同意并继续'}
            </TaroButton>
            <View className='privacy__later'>
              <Button block variant='secondary' onClick={decline}>
                暂不同意
              </Button>
            </View>
          </View>
        )}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
