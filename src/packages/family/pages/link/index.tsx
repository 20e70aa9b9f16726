import { Input, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { LINK_CODE_LENGTH } from '../../../../domain/family/link-codes'
import { Button } from '../../../../components/button'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { ensurePrivacyAgreed } from '../../../../services/privacy'
import { toApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import '../../family.scss'

const SELF_URL = '/packages/family/pages/link/index'

/** The parent, in their own WeChat, enters the code a son or daughter made; the record becomes theirs. */
export default function LinkPage() {
  const [code, setCode] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState('')

  useLoad(() => {
    void (async () => {
      const u = await ensureSession()
      // Taking over a record is collecting personal data for this account: the notice comes first.
      if (u) await ensurePrivacyAgreed(u.id, SELF_URL, 'redirect')
      else void Taro.navigateTo({ url: '/pages/login/index' })
    })()
  })

  async function submit() {
    const typed = code.replace(/[\s-]/g, '')
    if (typed.length !== LINK_CODE_LENGTH) {
      setError(`绑定码为${LINK_CODE_LENGTH}位字母和数字`)
      return
    }
    setBusy(true)
    try {
      const person = await api.account.redeemLinkCode(typed)
      setDone(`绑定成功：「${person.name}」已是您的本人信息，报名和参加记录都已转到您的账号。`)
      setError('')
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageRoot className='fam'>
      <View className='k-section'>
        <View className='fam__lead'>子女替您登记过信息？请让他们在「我的」中为您生成绑定码，然后在这里输入。</View>
        <Input
          className={`fam__input${error ? ' fam__input--invalid' : ''}`}
          value={code}
          maxlength={LINK_CODE_LENGTH + 2}
          placeholder='8位绑定码'
          ariaLabel='绑定码'
          onInput={(e) => {
            setCode(e.detail.value.toUpperCase())
            setError('')
          }}
        />
        {error ? <View className='k-inline-error'>{error}</View> : null}
        {done ? (
          <View>
            <View className='fam__done'>{done}</View>
            <View className='fam__row'>
              <Button block size='large' onClick={() => void Taro.switchTab({ url: '/pages/profile/index' })}>
                查看我的信息
              </Button>
            </View>
          </View>
        ) : (
          <View className='fam__row'>
            <Button block size='large' loading={busy} onClick={() => void submit()}>
              绑定
            </Button>
          </View>
        )}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
