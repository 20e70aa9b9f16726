import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { PRIVACY_CONTACT } from '../../../../domain/privacy/notice'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { saveExportFile } from '../../../../services/file-download'
import { PRIVACY_PAGE, forgetAgreement } from '../../../../services/privacy'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, signOut } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { confirm } from '../../../../utils/ui'
import { toastError } from '../../../../services/toast'
import '../../family.scss'

/** 我的数据与隐私: the notice and when it was agreed, export, and deleting the account. */
export default function MyDataPage() {
  const [agreedAt, setAgreedAt] = useState<string | null | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  const [exporting, setExporting] = useState<'json' | 'xlsx' | null>(null)
  const [lastFile, setLastFile] = useState('')
  const [deleting, setDeleting] = useState(false)

  async function load() {
    try {
      const u = await ensureSession()
      if (!u) throw new Error('signed out')
      setAgreedAt((await api.account.privacyStatus()).agreedAt)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }
  useDidShow(() => void load())

  async function exportAs(format: 'json' | 'xlsx') {
    setExporting(format)
    try {
      const saved = await saveExportFile(await api.account.exportData(format))
      setLastFile(`${saved.how === 'downloaded' ? '已下载' : saved.how === 'opened' ? '已生成并打开' : '已保存'}：${saved.fileName}`)
    } catch (e) {
      toastError(e)
    } finally {
      setExporting(null)
    }
  }

  async function deleteAccount() {
    const sure = await confirm(
      '注销账号',
      '将删除您的账号和您管理的全部参与人信息（姓名、手机号等），且无法恢复。已参加活动的记录只以匿名方式保留用于统计。确定注销吗？',
      '注销',
    )
    if (!sure) return
    setDeleting(true)
    try {
      await api.account.deleteAccount()
      forgetAgreement()
      void Taro.showToast({ title: '账号已注销', icon: 'success', duration: 1500 })
      await signOut().catch(() => undefined)
      setTimeout(() => void Taro.switchTab({ url: '/pages/profile/index' }), 800)
    } catch (e) {
      toastError(e)
    } finally {
      setDeleting(false)
    }
  }

  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (agreedAt === undefined) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  return (
    <PageRoot className='fam'>
      <View className='k-section'>
        <View className='k-section__title'>用户隐私保护指引</View>
        <View className='fam__lead'>{agreedAt ? `您已于${formatDateTime(agreedAt)}同意当前版本。` : '您尚未同意当前版本的指引。'}</View>
        <View className='fam__row'>
          <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGE })}>
            查看指引
          </Button>
        </View>
      </View>

      <View className='k-section'>
        <View className='k-section__title'>导出我的数据</View>
        <View className='fam__lead'>包括账号、您管理的参与人、报名和签到记录、同意记录和活动提醒。</View>
        <View className='fam__buttons'>
          <Button loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
            导出 Excel
          </Button>
          <Button variant='secondary' loading={exporting === 'json'} onClick={() => void exportAs('json')}>
            导出 JSON
          </Button>
        </View>
        {lastFile ? <View className='fam__done'>{lastFile}</View> : null}
      </View>

      <View className='k-section'>
        <View className='k-section__title fam__danger-title'>注销账号</View>
        <View className='fam__lead'>删除账号和全部参与人信息。统计台账中的参加人次会保留，但不再能识别到个人。</View>
        <View className='fam__hint'>如需删除单个家人，请在「我的」中对该参与人点「删除」。有未结束的报名时需先取消。</View>
        <View className='fam__row'>
          <Button block variant='danger' loading={deleting} onClick={() => void deleteAccount()}>
            注销账号
          </Button>
        </View>
      </View>

      <View className='k-section'>
        <View className='fam__hint'>个人信息问题请联系：{PRIVACY_CONTACT}</View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
