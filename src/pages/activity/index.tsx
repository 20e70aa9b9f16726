import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { ACTIVITY_TYPES, DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, nameOf } from '../../domain/catalog'
import type { ActivityView, PersonView, RegistrationView } from '../../domain/contracts'
import { Button } from '../../components/button'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { StatusBadge } from '../../components/status-badge'
import { Tag, type TagTone } from '../../components/tag'
import { api } from '../../services/api'
import { toApiError, type ApiError } from '../../services/transport'
import { ensureSession, useSessionStore } from '../../stores/session'
import { formatDateTime } from '../../utils/format'
import { SIGNUP_WINDOW_LABELS, seatsLabel } from '../../utils/labels'
import { confirm } from '../../utils/ui'
import { toastError } from '../../services/toast'
import { ActivityWhenWhere, InfoRow } from '../../components/info-row'
import { CheckRow } from '../../components/check-row'
import { ensurePrivacyAgreed, privacyUrl } from '../../services/privacy'
import { requestReminders, type TemplateIds } from '../../services/subscribe'
import { subscribeKindsFor } from '../../domain/reminders/schedule'
import { MapLink } from '../../components/map-link'
import { SharePoster } from '../../components/share-poster'
import { activityIdFromScene, activitySharePath } from '../../domain/activities/share'
import type { ActivityId } from '../../domain/ids'
import './index.scss'

interface Loaded {
  readonly activity: ActivityView
  readonly mine: readonly RegistrationView[]
  readonly persons: readonly PersonView[]
  /** Whether the account agreed to the privacy notice (known before the tap, so the tap can ask WeChat at once). */
  readonly privacyAgreed: boolean
  readonly templates: TemplateIds | null
}

const WINDOW_TONES: Record<ActivityView['signupWindow'], TagTone> = {
  not_open: 'neutral',
  open: 'success',
  closed: 'neutral',
  cancelled: 'danger',
}

/** What the sign-up button says, and whether it can be pressed, for a person without a live registration. */
function signUpButton(a: ActivityView): { label: string; enabled: boolean } {
  if (a.signupWindow !== 'open') return { label: SIGNUP_WINDOW_LABELS[a.signupWindow], enabled: false }
  if (a.availability === 'waitlist') return { label: '候补报名', enabled: true }
  if (a.availability === 'full') return { label: '名额已满', enabled: false }
  return { label: '报名', enabled: true }
}

export default function ActivityPage() {
  const { params } = useRouter()
  // Opened from a share card (?id=) or from a mini-program code (scene a=<id>).
  const id = params.id ?? activityIdFromScene(params.scene) ?? ''
  const user = useSessionStore((s) => s.user)
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [busyPersonId, setBusyPersonId] = useState<string | null>(null)
  /** The explicit choice to receive reminders (one-time subscribe messages) for this sign-up. */
  const [remind, setRemind] = useState(false)
  const [poster, setPoster] = useState<{ path: string; image: string | null } | null>(null)
  const [posterBusy, setPosterBusy] = useState(false)

  // 分享给好友 / 分享到朋友圈 (WeChat asks the page; enableShareAppMessage/Timeline are on in its config).
  useShareAppMessage(() => ({ title: data?.activity.title ?? '科普环翠', path: activitySharePath(id as ActivityId), ...(data?.activity.poster ? { imageUrl: data.activity.poster.url } : {}) }))
  useShareTimeline(() => ({ title: data?.activity.title ?? '科普环翠', query: `id=${encodeURIComponent(id)}` }))

  async function openPoster() {
    setPosterBusy(true)
    try {
      const p = await api.activities.sharePoster(id)
      setPoster({ path: p.path, image: p.image })
    } catch (e) {
      toastError(e)
    } finally {
      setPosterBusy(false)
    }
  }

  const load = useCallback(async () => {
    setLoading(true)
    try {
      const signedIn = await ensureSession()
      const [detail, persons, privacy, reminders] = await Promise.all([
        api.activities.get(id),
        signedIn ? api.persons.list() : Promise.resolve([]),
        signedIn ? api.account.privacyStatus() : Promise.resolve(null),
        signedIn ? api.reminders.info().catch(() => null) : Promise.resolve(null),
      ])
      setData({ activity: detail.activity, mine: detail.mine, persons, privacyAgreed: !!privacy?.agreedAt, templates: reminders?.templates ?? null })
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  /**
   * After a sign-up or a cancellation only the activity (seats, status) and the caller's registrations
   * for it changed: one call, not the page's four. Any failure falls back to reading everything.
   */
  const refreshActivity = useCallback(async () => {
    try {
      const detail = await api.activities.get(id)
      setData((d) => (d ? { ...d, activity: detail.activity, mine: detail.mine } : d))
    } catch {
      void load()
    }
  }, [id, load])

  // Also runs when coming back from login or from adding a person.
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  async function signUp(person: PersonView) {
    if (!data || !user) return
    const back = `/pages/activity/index?id=${encodeURIComponent(data.activity.id)}`
    if (!data.privacyAgreed) {
      void Taro.navigateTo({ url: privacyUrl(back) })
      return
    }
    // WeChat shows its subscribe dialog only when asked straight from the tap, before anything is awaited.
    const kinds = subscribeKindsFor(data.activity.availability)
    const asked = requestReminders(data.templates, kinds, remind)
    setBusyPersonId(person.id)
    try {
      if (!(await ensurePrivacyAgreed(user.id, back))) return
      const accepted = await asked
      if (accepted.length > 0) await api.reminders.subscribe(accepted)
      const reg = await api.registrations.signUp(data.activity.id, person.id)
      void Taro.showToast({
        title: reg.status === 'waitlisted' ? `已候补，第${reg.waitlistPosition ?? ''}位` : '报名成功',
        icon: reg.status === 'waitlisted' ? 'none' : 'success',
        duration: 2000,
      })
    } catch (e) {
      toastError(e)
    } finally {
      setBusyPersonId(null)
      void refreshActivity()
    }
  }

  async function cancel(person: PersonView, reg: RegistrationView) {
    const what = reg.status === 'waitlisted' ? '候补' : '报名'
    if (!(await confirm('取消报名', `确定取消「${person.name}」的${what}吗？取消后名额可能被他人报走。`, '取消报名'))) return
    setBusyPersonId(person.id)
    try {
      await api.registrations.cancel(reg.id)
      void Taro.showToast({ title: '已取消报名', icon: 'success', duration: 1500 })
    } catch (e) {
      toastError(e)
    } finally {
      setBusyPersonId(null)
      void refreshActivity()
    }
  }

  if (!data) {
    return (
      <PageRoot className='detail'>
        {loading && !error ? (
          <Loading />
        ) : error?.code === 'ACTIVITY.NOT_FOUND' || error?.code === 'INPUT.INVALID_ID' || !id ? (
          <View className='detail__missing'>
            <ErrorState message={error?.message ?? '活动不存在或已下架'} />
            <Button variant='secondary' block onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
              返回首页
            </Button>
          </View>
        ) : (
          <ErrorState message={error?.message ?? ''} onRetry={() => void load()} />
        )}
      </PageRoot>
    )
  }

  const a = data.activity
  const button = signUpButton(a)

  return (
    <PageRoot className='detail'>
      {a.poster ? (
        <View className='detail__poster'>
          <Image className='detail__poster-image' src={a.poster.url} mode='widthFix' ariaLabel={`${a.title} 海报`} />
        </View>
      ) : null}
      <View className='k-section detail__hero'>
        <View className='detail__tags'>
          <Tag tone='brand'>{nameOf(ACTIVITY_TYPES, a.type)}</Tag>
          <Tag tone={WINDOW_TONES[a.signupWindow]}>{SIGNUP_WINDOW_LABELS[a.signupWindow]}</Tag>
        </View>
        <View className='detail__title'>{a.title}</View>
        {a.status === 'published' && !a.ended ? (
          <View className='detail__share'>
            <Button size='small' variant='secondary' loading={posterBusy} onClick={() => void openPoster()}>
              分享海报
            </Button>
          </View>
        ) : null}
        {a.status === 'cancelled' ? (
          <View className='detail__notice detail__notice--cancelled' ariaRole='alert'>
            <View className='detail__notice-title'>活动已取消</View>
            {a.cancelReason ? <View>原因：{a.cancelReason}</View> : null}
            <View className='detail__sub'>所有报名已一并取消，签到票作废。</View>
          </View>
        ) : a.changeNotice ? (
          <View className='detail__notice' ariaRole='status'>
            <View className='detail__notice-title'>活动有变更</View>
            <View>{a.changeNotice.text}</View>
            <View className='detail__sub'>{formatDateTime(a.changeNotice.at)} 更新</View>
          </View>
        ) : null}
        {a.courseId ? (
          <View className='detail__course' ariaRole='link' onClick={() => void Taro.navigateTo({ url: `/packages/course/pages/detail/index?id=${encodeURIComponent(a.courseId!)}` })}>
            本活动是系列课程中的一节，报名整期课程、查看学习进度 ›
          </View>
        ) : null}
        <ActivityWhenWhere activity={a} />
        {a.address || a.location ? (
          <View className='k-info'>
            <View className='k-info__label'>地址</View>
            <View className='k-info__value'>
              {a.address || a.place}
              {a.location ? (
                <View className='detail__map'>
                  <MapLink latitude={a.location.latitude} longitude={a.location.longitude} name={a.place} address={a.address} />
                </View>
              ) : null}
            </View>
          </View>
        ) : null}
        <InfoRow label='主办单位'>{nameOf(DEPARTMENTS, a.departmentCode)}</InfoRow>
        <InfoRow label='适合人群'>{a.targetGroups.map((g) => nameOf(TARGET_GROUPS, g)).join('、') || '不限'}</InfoRow>
        <View className='k-info'>
          <View className='k-info__label'>名额</View>
          <View className='k-info__value'>
            共{a.capacity}席 · <Text className={`detail__seats detail__seats--${a.availability}`}>{seatsLabel(a.availability, a.seatsLeft)}</Text>
            {a.waitlistLimit > 0 ? (
              <View className='detail__sub'>
                候补 {a.waitlistCount}/{a.waitlistLimit} 人
              </View>
            ) : null}
          </View>
        </View>
        <View className='k-info'>
          <View className='k-info__label'>报名时间</View>
          <View className='k-info__value'>
            {formatDateTime(a.signupOpensAt)} 起
            <View>{formatDateTime(a.signupClosesAt)} 截止</View>
          </View>
        </View>
      </View>

      <View className='k-section'>
        <View className='k-section__title'>报名</View>
        {!user ? (
          <View>
            <View className='k-section__hint detail__hint'>登录后可为本人或家人报名</View>
            <Button block size='large' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
              登录后报名
            </Button>
          </View>
        ) : data.persons.length === 0 ? (
          <View>
            <View className='k-section__hint detail__hint'>报名前请先添加参与人（本人或家人）</View>
            <Button block size='large' onClick={() => void Taro.navigateTo({ url: '/pages/person-edit/index' })}>
              添加参与人
            </Button>
          </View>
        ) : (
          <View>
            {button.enabled ? (
              <View className='detail__remind'>
                <CheckRow
                  label='报名后提醒我'
                  hint='活动前一天和前一小时各提醒一次；候补转正、活动改时间地点或取消时通知。21:00–8:00 不打扰。'
                  checked={remind}
                  onChange={setRemind}
                />
              </View>
            ) : null}
            {data.persons.map((p) => {
              const reg = data.mine.find((r) => r.personId === p.id)
              const live = reg && reg.status !== 'cancelled'
              const busy = busyPersonId === p.id
              return (
                <View key={p.id} className='detail__person'>
                  <View className='detail__person-info'>
                    <View className='detail__person-name'>
                      {p.name}
                      <Text className='detail__person-rel'>{p.isSelf ? '（本人）' : '（家人）'}</Text>
                    </View>
                    {reg ? (
                      <StatusBadge status={reg.status} waitlistPosition={reg.waitlistPosition} />
                    ) : (
                      <View className='detail__person-none'>未报名</View>
                    )}
                    {reg?.status === 'confirmed' && !a.ended ? (
                      <View className='detail__ticket' ariaRole='link' onClick={() => void Taro.navigateTo({ url: '/pages/tickets/index' })}>
                        查看签到票 ›
                      </View>
                    ) : null}
                  </View>
                  <View className='detail__person-action'>
                    {live ? (
                      !reg.cancellable ? (
                        <Button size='small' variant='secondary' disabled>
                          活动已开始
                        </Button>
                      ) : (
                        <Button size='small' variant='danger' loading={busy} onClick={() => void cancel(p, reg)}>
                          取消报名
                        </Button>
                      )
                    ) : (
                      <Button size='small' disabled={!button.enabled} loading={busy} onClick={() => void signUp(p)}>
                        {button.label}
                      </Button>
                    )}
                  </View>
                </View>
              )
            })}
            <View className='detail__add'>
              <Button variant='ghost' onClick={() => void Taro.navigateTo({ url: '/pages/person-edit/index' })}>
                + 添加家庭成员
              </Button>
            </View>
          </View>
        )}
      </View>

      {/* The plan's actions and projects are the organizers' bookkeeping, not something a resident chooses by. */}
      {(user?.role === 'organizer' || user?.role === 'admin') && (a.actions.length > 0 || a.projects.length > 0) ? (
        <View className='k-section'>
          <View className='k-section__title'>所属行动与工程</View>
          {a.actions.length > 0 ? (
            <View className='k-info'>
              <View className='k-info__label'>提升行动</View>
              <View className='k-info__value'>
                {a.actions.map((c) => (
                  <View key={c}>{nameOf(PLAN_ACTIONS, c)}</View>
                ))}
              </View>
            </View>
          ) : null}
          {a.projects.length > 0 ? (
            <View className='k-info'>
              <View className='k-info__label'>重点工程</View>
              <View className='k-info__value'>
                {a.projects.map((c) => (
                  <View key={c}>{nameOf(PLAN_PROJECTS, c)}</View>
                ))}
              </View>
            </View>
          ) : null}
        </View>
      ) : null}

      {a.description ? (
        <View className='k-section'>
          <View className='k-section__title'>活动介绍</View>
          <Text className='detail__desc' userSelect>
            {a.description}
          </Text>
        </View>
      ) : null}
      <View className='k-bottom-space' />
      {poster ? <SharePoster activity={a} path={poster.path} image={poster.image} onClose={() => setPoster(null)} /> : null}
    </PageRoot>
  )
}
