import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { ExportFile } from '../../../../domain/contracts'
import type { CertificateView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { toastError } from '../../../../services/toast'
import { COURSE_URLS, hoursText } from '../../course-helpers'
import { saveCertificate } from '../../save-certificate'
import '../../course.scss'
import './index.scss'

const dateLabel = (instant: string) => {
  const d = new Date(Date.parse(instant) + 8 * 3_600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** The certificate drawn with views (same text as the SVG file), so it shows on every platform. */
function Sheet({ c }: { c: CertificateView }) {
  return (
    <View className='cert' ariaRole='img' ariaLabel={`结业证书：${c.personName}，${c.courseTitle}`}>
      <View className='cert__frame'>
        <View className='cert__title'>结业证书</View>
        <View className='cert__sub'>科普环翠 · 全民科学素质行动</View>
        <View className='cert__name'>{c.personName}：</View>
        <View className='cert__body'>
          参加{c.organizer}举办的「{c.courseTitle}」，出席{c.lessonsAttended}节课（共{c.lessonsTotal}节），累计{hoursText(c.hours)}学时，达到结业要求，准予结业。特发此证。
        </View>
        <View className='cert__org'>{c.organizer}</View>
        <View className='cert__date'>{dateLabel(c.completedAt)}</View>
        <View className='cert__no'>证书编号：{c.certificateNo}</View>
        <View className='cert__no'>
          验证码：<Text userSelect data-code={c.verificationCode}>{c.verificationCode}</Text>
        </View>
      </View>
    </View>
  )
}

export default function CertificatePage() {
  const { params } = useRouter()
  const courseId = params.courseId ?? ''
  const personId = params.personId ?? ''
  const [data, setData] = useState<{ certificate: CertificateView; file: ExportFile } | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState('')

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) return setError(toApiError({ name: 'ApiError', code: 'AUTH.REQUIRED', message: '请先登录' }))
      setData(await api.courses.certificate(courseId, personId))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [courseId, personId])
  useDidShow(() => void load())

  async function save() {
    if (!data) return
    setSaving(true)
    try {
      setSaved(await saveCertificate(data.file))
    } catch (e) {
      toastError(e)
    } finally {
      setSaving(false)
    }
  }

  if (!data) return <PageRoot>{error ? <ErrorState message={error.message} onRetry={() => void load()} /> : <Loading />}</PageRoot>
  const c = data.certificate
  return (
    <PageRoot className='certificate'>
      <Sheet c={c} />
      <View className='k-section'>
        <Button block size='large' loading={saving} onClick={() => void save()}>
          下载证书图片
        </Button>
        {saved ? <View className='c-ok certificate__saved'>✓ {saved}</View> : null}
        <View className='k-section__hint certificate__hint'>任何人都可在「证书验证」页输入验证码 {c.verificationCode} 核验本证书。</View>
        <View className='c-link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.verify(c.verificationCode) })}>
          打开证书验证页 ›
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
