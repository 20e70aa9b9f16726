import { Textarea, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { FEEDBACK_COMMENT_MAX_CHARS, RATING_MAX, RATING_WORDS } from '../../../../domain/feedback/rules'
import type { FeedbackFormView } from '../../../../domain/feedback/schemas'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { goBackOr } from '../../../../utils/ui'
import '../../feedback.scss'

const REGISTRATIONS_URL = '/pages/registrations/index'
const STARS = Array.from({ length: RATING_MAX }, (_, i) => i + 1)

/** 评单: the account that manages an attended registration rates it 1–5 stars with an optional comment. */
export default function RatePage() {
  const [registrationId, setRegistrationId] = useState('')
  const [form, setForm] = useState<FeedbackFormView | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [error, setError] = useState<{ field?: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)

  async function load(id: string) {
    setLoadError(null)
    try {
      await ensureSession()
      const view = await api.feedback.get(id)
      setForm(view)
      setRating(view.feedback?.rating ?? 0)
      setComment(view.feedback?.comment ?? '')
    } catch (e) {
      setLoadError(toApiError(e))
    }
  }

  useLoad((options: Record<string, string | undefined>) => {
    const id = decodeURIComponent(options?.registrationId ?? '')
    setRegistrationId(id)
    void load(id)
  })

  async function submit() {
    if (rating === 0) {
      setError({ field: 'rating', message: '请先点选星级（1至5颗星）' })
      return
    }
    setBusy(true)
    try {
      await api.feedback.submit({ registrationId, rating, comment: comment.trim() === '' ? null : comment })
      setError(null)
      setSaved(true)
      void Taro.showToast({ title: '感谢您的评价', icon: 'success', duration: 1500 })
    } catch (e) {
      const err = toApiError(e)
      setError({ field: err.field, message: err.message })
    } finally {
      setBusy(false)
    }
  }

  if (loadError) {
    return (
      <PageRoot>
        <ErrorState message={loadError.message} onRetry={() => void load(registrationId)} />
      </PageRoot>
    )
  }
  if (!form) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const chars = [...comment.trim()].length
  const editable = form.canRate && !saved
  return (
    <PageRoot className='fb'>
      <View className='k-section'>
        <View className='fb__title'>{form.activityTitle}</View>
        <View className='fb__meta'>参与人：{form.personName}</View>
        <View className='fb__meta'>活动时间：{formatDateTime(form.startAt)}</View>
      </View>

      {saved ? (
        <View className='k-section'>
          <View className='fb__done' ariaRole='status'>
            ✓ 已收到您的评价：{'★'.repeat(rating)} {RATING_WORDS[rating - 1]}
          </View>
          <View className='k-section__hint fb__hint'>组织单位会看到您的评分和意见，用来改进以后的活动。提交后7天内可以修改。</View>
          <View className='fb__buttons'>
            <Button block size='large' onClick={() => goBackOr(REGISTRATIONS_URL)}>
              返回我的报名
            </Button>
          </View>
        </View>
      ) : (
        <View className='k-section'>
          <View className='k-section__title'>{form.feedback ? '您的评价' : '您对这次活动满意吗？'}</View>
          {!form.canRate && form.reason ? (
            <View className='k-inline-error' ariaRole='alert'>
              {form.reason}
            </View>
          ) : null}
          <View className='fb__stars' ariaRole='radiogroup' ariaLabel='星级'>
            {STARS.map((n) => (
              <View
                key={n}
                className={`fb__star${n <= rating ? ' fb__star--on' : ''}${editable ? '' : ' fb__star--readonly'}`}
                ariaRole='radio'
                ariaLabel={`${n}星 ${RATING_WORDS[n - 1]}${n === rating ? '，已选' : ''}`}
                onClick={() => {
                  if (!editable) return
                  setRating(n)
                  if (error?.field === 'rating') setError(null)
                }}
              >
                ★
              </View>
            ))}
          </View>
          <View className='fb__word'>{rating > 0 ? RATING_WORDS[rating - 1] : '点选星星打分'}</View>
          {error?.field === 'rating' ? (
            <View className='k-inline-error' ariaRole='alert'>
              {error.message}
            </View>
          ) : null}

          <View className='fb__label'>意见和建议（选填）</View>
          <Textarea
            className={`fb__textarea${error?.field === 'comment' ? ' fb__textarea--invalid' : ''}`}
            value={comment}
            disabled={!editable}
            maxlength={FEEDBACK_COMMENT_MAX_CHARS + 20}
            placeholder='说说哪里好、哪里可以改进'
            ariaLabel='意见和建议'
            onInput={(e) => {
              setComment(e.detail.value)
              if (error?.field === 'comment') setError(null)
            }}
          />
          <View className={`fb__count${chars > FEEDBACK_COMMENT_MAX_CHARS ? ' fb__count--over' : ''}`}>
            {chars}/{FEEDBACK_COMMENT_MAX_CHARS}
          </View>
          {error?.field === 'comment' ? (
            <View className='k-inline-error' ariaRole='alert'>
              {error.message}
            </View>
          ) : null}
          {error && error.field !== 'rating' && error.field !== 'comment' ? (
            <View className='k-inline-error' ariaRole='alert'>
              {error.message}
            </View>
          ) : null}
          {form.feedback && form.canRate ? <View className='k-section__hint fb__hint'>可在 {formatDateTime(form.feedback.editableUntil)} 前修改</View> : null}
          <View className='fb__buttons'>
            {editable ? (
              <Button block size='large' loading={busy} onClick={() => void submit()}>
                {form.feedback ? '保存修改' : '提交评价'}
              </Button>
            ) : (
              <Button block size='large' variant='secondary' onClick={() => goBackOr(REGISTRATIONS_URL)}>
                返回我的报名
              </Button>
            )}
          </View>
        </View>
      )}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
