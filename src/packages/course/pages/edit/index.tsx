import { Input, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { ACTIVITY_TYPES, DEPARTMENTS, TARGET_GROUPS, type ActivityType, type DepartmentCode, type TargetGroup } from '../../../../domain/catalog'
import { Button } from '../../../../components/button'
import { Chip } from '../../../../components/chip'
import { PageRoot } from '../../../../components/page-root'
import { api, type CourseCreateRequest } from '../../../../services/api'
import { errorMessage, toApiError } from '../../../../services/transport'
import { loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { ChoiceField, DateTimeField } from '../../../../components/fields'
import { COURSE_URLS, wallClockToInstant } from '../../course-helpers'
import '../../course.scss'
import './index.scss'

interface LessonDraft {
  title: string
  start: string
  minutes: string
}

const HOURS = ['0.5', '1', '1.5', '2', '2.5', '3', '4', '6', '8']
const MINUTES = ['45', '60', '90', '120', '150', '180']

/** An organizer creates a course: n lessons (each an activity), the rule "attend k of n", hours per lesson. */
export default function CourseEditPage() {
  const user = useSessionStore((s) => s.user)
  const areas = useCatalogStore((s) => s.areas)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [place, setPlace] = useState('')
  const [areaId, setAreaId] = useState('')
  const [type, setType] = useState<ActivityType>('smart_senior')
  const [groups, setGroups] = useState<TargetGroup[]>(['senior'])
  const [department, setDepartment] = useState<DepartmentCode>('kx')
  const [capacity, setCapacity] = useState('25')
  const [required, setRequired] = useState('3')
  const [hours, setHours] = useState('1.5')
  const [lessons, setLessons] = useState<LessonDraft[]>([
    { title: '', start: '', minutes: '90' },
    { title: '', start: '', minutes: '90' },
    { title: '', start: '', minutes: '90' },
    { title: '', start: '', minutes: '90' },
  ])
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')

  useDidShow(() => {
    void ensureSession()
    void loadCatalog()
  })

  const setLesson = (i: number, patch: Partial<LessonDraft>) => setLessons((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)))

  async function submit() {
    setProblem('')
    const drafts = lessons.map((l, i) => ({ i, title: l.title.trim(), startAt: wallClockToInstant(l.start), minutes: Number(l.minutes) }))
    const missing = drafts.find((l) => !l.title || !l.startAt)
    if (!title.trim() || !place.trim() || !areaId) return setProblem('请填写课程名称、地点和镇街')
    if (missing) return setProblem(`请填写第${missing.i + 1}课的名称和时间`)
    const request: CourseCreateRequest = {
      title: title.trim(),
      description: description.trim(),
      place: place.trim(),
      areaId,
      type,
      targetGroups: groups,
      capacity: Number(capacity),
      requiredLessons: Number(required),
      hoursPerLesson: Number(hours),
      lessons: drafts.map((l) => ({ title: l.title, startAt: l.startAt!, endAt: new Date(Date.parse(l.startAt!) + l.minutes * 60_000).toISOString() })),
      ...(user?.role === 'admin' ? { departmentCode: department } : {}),
    }
    setBusy(true)
    try {
      const course = await api.courses.create(request)
      void Taro.showToast({ title: '课程已创建', icon: 'success', duration: 1500 })
      void Taro.redirectTo({ url: COURSE_URLS.manage(course.id) })
    } catch (e) {
      const err = toApiError(e)
      setProblem(err.field?.startsWith('lessons.') ? `第${Number(err.field.split('.')[1]) + 1}课：${err.message}` : errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageRoot className='course-edit'>
      <View className='k-section'>
        <View className='k-section__title'>课程信息</View>
        <View className='c-label'>课程名称</View>
        <Input className='c-field' value={title} maxlength={30} placeholder='例如：智慧助老 手机课堂' ariaLabel='课程名称' onInput={(e) => setTitle(e.detail.value)} />
        <View className='c-label'>课程介绍（选填）</View>
        <Textarea className='c-field' value={description} maxlength={500} autoHeight placeholder='课程内容、需要携带的物品等' onInput={(e) => setDescription(e.detail.value)} />
        <View className='c-label'>上课地点</View>
        <Input className='c-field' value={place} maxlength={60} placeholder='例如：社区科普大学教学点' ariaLabel='上课地点' onInput={(e) => setPlace(e.detail.value)} />
        <View className='c-label'>镇街</View>
        <ChoiceField label='镇街' value={areaId} options={[{ value: '', label: '请选择镇街' }, ...areas.map((a) => ({ value: a.id, label: a.name }))]} onChange={setAreaId} />
        <View className='c-label'>活动类型</View>
        <ChoiceField label='活动类型' value={type} options={ACTIVITY_TYPES.map((t) => ({ value: t.code, label: t.name }))} onChange={(v) => setType(v as ActivityType)} />
        {user?.role === 'admin' ? (
          <>
            <View className='c-label'>主办单位</View>
            <ChoiceField label='主办单位' value={department} options={DEPARTMENTS.map((d) => ({ value: d.code, label: d.name }))} onChange={(v) => setDepartment(v as DepartmentCode)} />
          </>
        ) : null}
        <View className='c-label'>适合人群</View>
        <View className='course-edit__chips'>
          {TARGET_GROUPS.map((g) => (
            <Chip
              key={g.code}
              label={g.name}
              selected={groups.includes(g.code)}
              onClick={() => setGroups((gs) => (gs.includes(g.code) ? (gs.length > 1 ? gs.filter((x) => x !== g.code) : gs) : [...gs, g.code]))}
            />
          ))}
        </View>
        <View className='c-label'>每节课名额</View>
        <Input className='c-field' type='number' value={capacity} maxlength={4} ariaLabel='每节课名额' onInput={(e) => setCapacity(e.detail.value)} />
      </View>

      <View className='k-section'>
        <View className='k-section__title'>结业条件与学时</View>
        <View className='c-label'>出席多少节课即可结业（共{lessons.length}节）</View>
        <Input className='c-field' type='number' value={required} maxlength={2} ariaLabel='结业所需出席课数' onInput={(e) => setRequired(e.detail.value)} />
        <View className='c-label'>每节课学时</View>
        <ChoiceField label='每节课学时' value={hours} options={HOURS.map((h) => ({ value: h, label: `${h}学时` }))} onChange={setHours} />
      </View>

      <View className='k-section'>
        <View className='k-section__title'>课时安排（共{lessons.length}节）</View>
        {lessons.map((l, i) => (
          <View key={i} className='course-edit__lesson' data-lesson={i + 1}>
            <View className='course-edit__lesson-head'>
              <View>第{i + 1}课</View>
              {lessons.length > 1 ? (
                <Button size='small' variant='ghost' onClick={() => setLessons((ls) => ls.filter((_, j) => j !== i))}>
                  删除
                </Button>
              ) : null}
            </View>
            <View className='c-label'>课题</View>
            <Input className='c-field' value={l.title} maxlength={30} placeholder='例如：微信视频通话' ariaLabel={`第${i + 1}课课题`} onInput={(e) => setLesson(i, { title: e.detail.value })} />
            <View className='c-label'>开始时间</View>
            <DateTimeField label={`第${i + 1}课开始时间`} value={l.start} onChange={(v) => setLesson(i, { start: v })} />
            <View className='c-label'>时长</View>
            <ChoiceField label={`第${i + 1}课时长`} value={l.minutes} options={MINUTES.map((m) => ({ value: m, label: `${m}分钟` }))} onChange={(v) => setLesson(i, { minutes: v })} />
          </View>
        ))}
        <View className='c-actions'>
          <Button variant='secondary' onClick={() => setLessons((ls) => [...ls, { title: '', start: '', minutes: '90' }])}>
            + 添加一节课
          </Button>
        </View>
      </View>

      <View className='k-section'>
        {problem ? (
          <View className='k-inline-error course-edit__error' ariaRole='alert'>
            {problem}
          </View>
        ) : null}
        <View className='c-actions'>
          <Button block size='large' loading={busy} onClick={() => void submit()}>
            创建课程
          </Button>
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
