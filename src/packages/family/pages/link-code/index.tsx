import { View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { LINK_CODE_TTL_HOURS } from '../../../../domain/family/link-codes'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import '../../family.scss'

interface Made {
  readonly code: string
  readonly personName: string
  readonly expiresAt: string
}

/** A son or daughter makes a one-time code; the parent enters it in their own WeChat to take over. */
export default function LinkCodePage() {
  const { params } = useRouter()
  const personId = params.personId ?? ''
  const [made, setMade] = useState<Made | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  async function make() {
    setBusy(true)
    try {
      await ensureSession()
      const r = await api.account.createLinkCode(personId)
      setMade({ code: r.code, personName: r.personName, expiresAt: r.expiresAt })
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setBusy(false)
    }
  }
  useLoad(() => void make())

  return (
    <PageRoot className='fam'>
      <View className='k-section'>
        {error ? (
          <ErrorState message={error.message} onRetry={() => void make()} />
        ) : made ? (
          <View>
            <View className='fam__lead'>请{made.personName}在自己的手机上打开「科普环翠」，进入「我的 → 家人已替我登记？输入绑定码」，输入：</View>
            <View className='fam__code' ariaLabel={`绑定码 ${made.code.split('').join(' ')}`}>
              {made.code}
            </View>
            <View className='fam__hint'>
              绑定码只能使用一次，{LINK_CODE_TTL_HOURS}小时内有效（至{formatDateTime(made.expiresAt)}）。
            </View>
            <View className='fam__hint'>绑定后，{made.personName}的信息、报名和参加记录转到其本人账号，由其自己管理；您将不再代为管理。</View>
            <View className='fam__row'>
              <Button block variant='secondary' loading={busy} onClick={() => void make()}>
                重新生成
              </Button>
            </View>
          </View>
        ) : (
          <View className='fam__lead'>正在生成绑定码…</View>
        )}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
