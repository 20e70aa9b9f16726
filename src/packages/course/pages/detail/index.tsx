import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { ACTIVITY_TYPES, TARGET_GROUPS, nameOf } from '../../../../domain/catalog'
import type { PersonView } from '../../../../domain/contracts'
import type { CourseDetailView, CourseProgressView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { InfoRow } from '../../../../components/info-row'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime, formatRange } from '../../../../utils/format'
import { SIGNUP_WINDOW_LABELS } from '../../../../utils/labels'
import { toastError } from '../../../../services/toast'
import { Progress } from '../../components/progress'
import { COURSE_URLS, hoursText } from '../../course-helpers'
import '../../../../components/fields/fields.scss'
import '../../course.scss'
import './index.scss'

function signUpLabel(d: CourseDetailView): { label: string; enabled: boolean } {
  const c = d.course
  if (c.signupWindow !== 'open') return { label: SIGNUP_WINDOW_LABELS[c.signupWindow], enabled: false }
  if (c.seatsLeft === 0) return { label: '名额已满', enabled: false }
  return { label: '报名整期课程', enabled: true }
}

function PersonRow({ p, person, d, busy, onSignUp }: { p: CourseProgressView; person: PersonView | undefined; d: CourseDetailView; busy: boolean; onSignUp: () => void }) {
  const button = signUpLabel(d)
  return (
    <View className='c-person' data-person={p.personName}>
      <View className='c-person__head'>
        <View className='c-person__name'>
          {p.personName}
          <Text className='k-muted'>{p.isSelf ? '（本人）' : '（家人）'}</Text>
        </View>
        {p.enrolled ? <Tag tone='success'>已报名</Tag> : <Tag>未报名</Tag>}
      </View>
      {p.enrolled || p.attended > 0 ? <Progress attended={p.attended} total={p.total} required={p.required} completed={p.completed} /> : null}
      <View className='c-actions'>
        {!p.enrolled ? (
          <Button size='small' disabled={!button.enabled || !person} loading={busy} onClick={onSignUp}>
            {button.label}
          </Button>
        ) : null}
        {p.completed ? (
          <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.certificate(d.course.id, p.personId) })}>
            查看结业证书
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export default function CourseDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const user = useSessionStore((s) => s.user)
  const [data, setData] = useState<CourseDetailView | null>(null)
  const [persons, setPersons] = useState<readonly PersonView[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const signedIn = await ensureSession()
      const [detail, ps] = await Promise.all([api.courses.get(id), signedIn ? api.persons.list() : Promise.resolve([])])
      setData(detail)
      setPersons(ps)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [id])

  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  async function signUp(personId: string, name: string) {
    setBusy(personId)
    try {
      await api.courses.signUp(id, personId)
      void Taro.showToast({ title: `已为${name}报名全部课时`, icon: 'none', duration: 2000 })
    } catch (e) {
      toastError(e)
    } finally {
      setBusy(null)
      void load()
    }
  }

  if (!data) {
    return <PageRoot className='course-detail'>{error ? <ErrorState message={error.message} onRetry={() => void load()} /> : <Loading />}</PageRoot>
  }
  const c = data.course
  const regular = c.lessons.filter((l) => !l.makeUp)
  const makeUps = c.lessons.filter((l) => l.makeUp)
  return (
    <PageRoot className='course-detail'>
      <View className='k-section'>
        <View className='c-row'>
          <Tag tone='brand'>{nameOf(ACTIVITY_TYPES, c.type)}</Tag>
          <Tag tone={c.signupWindow === 'open' ? 'success' : 'neutral'}>{SIGNUP_WINDOW_LABELS[c.signupWindow]}</Tag>
        </View>
        <View className='c-title'>{c.title}</View>
        <InfoRow label='课时'>共{c.lessonsTotal}节 · 每节{hoursText(c.hoursPerLesson)}学时</InfoRow>
        <InfoRow label='结业'>{c.ruleLabel}，颁发结业证书</InfoRow>
        <InfoRow label='地点'>
          {c.place}
          {c.areaName ? ` · ${c.areaName}` : ''}
        </InfoRow>
        <InfoRow label='主办单位'>{c.departmentName}</InfoRow>
        <InfoRow label='适合人群'>{c.targetGroups.map((g) => nameOf(TARGET_GROUPS, g)).join('、')}</InfoRow>
        <InfoRow label='名额'>
          每节{c.capacity}席 · {c.seatsLeft > 0 ? `剩余${c.seatsLeft}席` : '已满'}
        </InfoRow>
        <InfoRow label='报名截止'>{formatDateTime(c.signupClosesAt)}</InfoRow>
      </View>

      <View className='k-section'>
        <View className='k-section__title'>报名与进度</View>
        {!user ? (
          <Button block size='large' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
            登录后报名
          </Button>
        ) : data.mine.length === 0 ? (
          <Button block size='large' onClick={() => void Taro.navigateTo({ url: '/pages/person-edit/index' })}>
            添加参与人
          </Button>
        ) : (
          <View>
            <View className='k-section__hint'>一次报名即占全部{c.lessonsTotal}节课的名额，可为家人代报名；签到记在参与人本人名下。</View>
            {data.mine.map((p) => (
              <PersonRow key={p.personId} p={p} person={persons.find((x) => x.id === p.personId)} d={data} busy={busy === p.personId} onSignUp={() => void signUp(p.personId, p.personName)} />
            ))}
          </View>
        )}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>课程安排</View>
        {regular.map((l) => (
          <View key={l.activity.id} className='c-lesson' onClick={() => void Taro.navigateTo({ url: `/pages/activity/index?id=${encodeURIComponent(l.activity.id)}` })}>
            <View className='c-lesson__no'>第{l.lesson}课</View>
            <View className='c-lesson__body'>
              <View className='c-lesson__title'>{l.title}</View>
              <View className='c-lesson__meta'>{formatRange(l.activity.startAt, l.activity.endAt)}</View>
            </View>
            {l.activity.ended ? <View className='c-lesson__state'>已结束</View> : null}
          </View>
        ))}
        {makeUps.length > 0 ? <View className='k-section__title course-detail__sub'>补课安排</View> : null}
        {makeUps.map((l) => (
          <View key={l.activity.id} className='c-lesson' onClick={() => void Taro.navigateTo({ url: `/pages/activity/index?id=${encodeURIComponent(l.activity.id)}` })}>
            <View className='c-lesson__no'>补第{l.lesson}课</View>
            <View className='c-lesson__body'>
              <View className='c-lesson__title'>{l.title}</View>
              <View className='c-lesson__meta'>{formatRange(l.activity.startAt, l.activity.endAt)}</View>
              <View className='c-lesson__meta'>参加补课即算作第{l.lesson}课出席，点此报名补课</View>
            </View>
          </View>
        ))}
      </View>

      {c.description ? (
        <View className='k-section'>
          <View className='k-section__title'>课程介绍</View>
          <Text className='k-muted' userSelect>
            {c.description}
          </Text>
        </View>
      ) : null}
      {data.canManage ? (
        <View className='k-section'>
          <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.manage(c.id) })}>
            管理课程（学员进度、安排补课）
          </Button>
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
