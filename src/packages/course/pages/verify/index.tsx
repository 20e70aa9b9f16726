import { Input, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { CertificateCheckView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { InfoRow } from '../../../../components/info-row'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { errorMessage } from '../../../../services/transport'
import { hoursText } from '../../course-helpers'
import '../../../../components/fields/fields.scss'
import '../../course.scss'
import './index.scss'

const dateLabel = (instant: string) => {
  const d = new Date(Date.parse(instant) + 8 * 3_600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** Public: anyone types or pastes a verification code and sees the certificate's facts (name masked). */
export default function VerifyPage() {
  const { params } = useRouter()
  const [code, setCode] = useState(params.code ? decodeURIComponent(params.code) : '')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: true; view: CertificateCheckView } | { ok: false; message: string } | null>(null)

  async function check(text = code) {
    if (!text.trim()) return setResult({ ok: false, message: '请输入证书上的验证码' })
    setBusy(true)
    try {
      setResult({ ok: true, view: await api.courses.verify(text.trim()) })
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (params.code) void check(decodeURIComponent(params.code))
    // Checks the code of a link once, when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    <PageRoot className='verify'>
      <View className='k-section'>
        <View className='k-section__title'>核验结业证书</View>
        <View className='k-section__hint verify__hint'>输入或粘贴证书下方的验证码（如 7K2QX9MD4R-H3T8PZ2A），不区分大小写。</View>
        <Input
          className='c-field verify__input'
          value={code}
          maxlength={200}
          placeholder='证书验证码'
          ariaLabel='证书验证码'
          onInput={(e) => {
            setCode(e.detail.value)
            setResult(null)
          }}
          onConfirm={() => void check()}
        />
        <View className='verify__go'>
          <Button block size='large' loading={busy} onClick={() => void check()}>
            验证
          </Button>
        </View>
      </View>
      {result ? (
        result.ok ? (
          <View className='k-section verify__ok' ariaRole='status'>
            <View className='verify__verdict verify__verdict--ok'>✓ 证书有效</View>
            <InfoRow label='姓名'>{result.view.maskedName}</InfoRow>
            <InfoRow label='课程'>{result.view.courseTitle}</InfoRow>
            <InfoRow label='学时'>
              {hoursText(result.view.hours)}学时（出席{result.view.lessonsAttended}/{result.view.lessonsTotal}节）
            </InfoRow>
            <InfoRow label='主办单位'>{result.view.organizer}</InfoRow>
            <InfoRow label='结业日期'>{dateLabel(result.view.completedAt)}</InfoRow>
            <InfoRow label='证书编号'>{result.view.certificateNo}</InfoRow>
          </View>
        ) : (
          <View className='k-section' ariaRole='alert'>
            <View className='verify__verdict verify__verdict--bad'>✗ {result.message}</View>
            <View className='k-section__hint'>请核对验证码是否输入完整，或联系证书上的主办单位。</View>
          </View>
        )
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
