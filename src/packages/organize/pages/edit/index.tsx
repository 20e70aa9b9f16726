// 编辑活动: a new activity (or a copy of an earlier one), a draft, or a published activity. Every
// mistake is shown next to its field, checked with the domain's rules before anything is sent.
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ACTIVITY_TAGS, ACTIVITY_TYPES, DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, type ActivityType, type DepartmentCode } from '../../../../domain/catalog'
import { Button } from '../../../../components/button'
import { CheckRow } from '../../../../components/check-row'
import { Chip } from '../../../../components/chip'
import { ErrorState } from '../../../../components/error-state'
import { ChoiceField, DateTimeField } from '../../../../components/fields'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { emptyForm, copiedForm, formOf, formProblems, inputOfForm, NO_REPEAT, seriesOfForm, toggle, type FormState, type RepeatChoice } from '../../activity-form'
import { SERIES_COUNT_MAX } from '../../../../domain/activities/editing'
import { formatDay } from '../../../../utils/format'
import { CAN_PICK_ON_MAP, pickVenue } from '../../location'
import { choosePoster } from '../../poster-pick'
import { ORGANIZE_URLS } from '../../urls'
import '../../organize.scss'

type Mode = { kind: 'new' } | { kind: 'draft'; id: string; stateName: string; returnReason: string | null } | { kind: 'activity'; id: string; confirmedCount: number; keepsStart: string; planFieldsEditable: boolean }

export default function OrganizeEditPage() {
  const { params } = useRouter()
  const user = useSessionStore((s) => s.user)
  const areas = useCatalogStore((s) => s.areas)
  const [form, setForm] = useState<FormState | null>(null)
  const [mode, setMode] = useState<Mode>({ kind: 'new' })
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [shown, setShown] = useState<Record<string, string>>({})
  const [serverProblem, setServerProblem] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const [posterBusy, setPosterBusy] = useState(false)
  const [repeat, setRepeat] = useState<RepeatChoice>(NO_REPEAT)
  const [posterError, setPosterError] = useState('')
  /** 据此创建活动 (`?wish=`): the 点单 wish the new activity answers. */
  const [wish, setWish] = useState<{ id: string; title: string } | null>(null)

  /** Chooses a picture and uploads it; the form keeps the poster the server returns. */
  async function addPoster() {
    setPosterError('')
    setPosterBusy(true)
    try {
      const uploaded = await choosePoster()
      if (uploaded) setForm((f) => (f ? { ...f, poster: { id: uploaded.id, url: uploaded.url, thumbUrl: uploaded.thumbUrl } } : f))
    } catch (e) {
      setPosterError(toApiError(e).message)
    } finally {
      setPosterBusy(false)
    }
  }

  useDidShow(() => {
    if (form) return
    void (async () => {
      const me = await ensureSession()
      void loadCatalog()
      const now = new Date().toISOString()
      try {
        const id = params.id ? decodeURIComponent(params.id) : null
        const copy = params.copy ? decodeURIComponent(params.copy) : null
        if (id) {
          const e = await api.activities.editing(id)
          setForm(formOf(e.input))
          setMode(e.kind === 'draft' ? { kind: 'draft', id: e.id, stateName: e.stateName, returnReason: e.returnReason } : { kind: 'activity', id: e.id, confirmedCount: e.confirmedCount, keepsStart: e.input.startAt, planFieldsEditable: e.planFieldsEditable })
        } else if (copy) {
          setForm(copiedForm((await api.activities.editing(copy)).input, now))
        } else if (params.wish) {
          const w = await api.wishes.get(decodeURIComponent(params.wish))
          setWish({ id: w.id, title: w.title })
          // The wish's topic, group and town to start from; an activity name is at most 30 characters.
          const base = emptyForm((me?.departmentCode ?? 'kx') as DepartmentCode, now)
          setForm({ ...base, title: [...w.title].slice(0, 30).join(''), targetGroups: [w.targetGroup as FormState['targetGroups'][number]], areaId: w.areaId ?? '' })
        } else {
          setForm(emptyForm((me?.departmentCode ?? 'kx') as DepartmentCode, now))
        }
      } catch (e) {
        setLoadError(toApiError(e))
      }
    })()
  })

  if (loadError) {
    return (
      <PageRoot>
        <ErrorState title={loadError.code === 'AUTH.FORBIDDEN' ? '无法访问' : '加载失败'} message={loadError.message} onRetry={() => void Taro.navigateBack()} />
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

  const set = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch })
    // A mistake shown disappears as its field changes.
    const next = { ...shown }
    for (const k of Object.keys(patch)) delete next[fieldOf(k)]
    setShown(next)
  }
  const isAdmin = user?.role === 'admin'
  const planLocked = mode.kind === 'activity' && !mode.planFieldsEditable
  const problemsNow = () =>
    formProblems(form, {
      now: new Date().toISOString(),
      areaIds: areas.map((a) => a.id as string),
      ...(mode.kind === 'activity' ? { confirmedCount: mode.confirmedCount, keepsStart: Date.parse(inputOfForm(form).startAt) === Date.parse(mode.keepsStart) } : {}),
    })

  async function save(how: 'draft' | 'submit' | 'publish' | 'update') {
    setServerProblem('')
    const problems = problemsNow()
    setShown(problems)
    if (Object.keys(problems).length > 0) {
      void Taro.showToast({ title: `有${Object.keys(problems).length}处需要修改`, icon: 'none', duration: 2000 })
      // The first mistake may be far above the button: bring it into view once it is rendered.
      setTimeout(() => void Taro.pageScrollTo({ selector: '.c-field-error', offsetTop: -120, duration: 200 }).catch(() => undefined), 50)
      return
    }
    setBusy(how)
    try {
      const input = inputOfForm(form!)
      if (how === 'update' && mode.kind === 'activity') {
        await api.activities.update({ id: mode.id, input })
        void Taro.showToast({ title: '已保存，时间或地点的改动已通知报名的人', icon: 'none', duration: 2500 })
      } else {
        let id = mode.kind === 'draft' ? mode.id : null
        if (id) await api.activities.update({ id, input })
        else {
          const series = seriesOfForm(form!, repeat)
          const created = await api.activities.create({ input, ...(how === 'publish' ? { publish: true } : {}), ...(series ? { repeat: series.repeat } : {}), ...(wish ? { wishId: wish.id } : {}) })
          id = created.id
          // Saved: a retry after a failed submit must not make a second draft (nor a second series).
          if (how !== 'publish') setMode({ kind: 'draft', id, stateName: '草稿', returnReason: null })
          if (how === 'submit' && created.series) {
            for (const s of created.series.slice(1)) await api.activities.submit(s.id)
          }
        }
        if (how === 'submit') await api.activities.submit(id)
        const many = seriesOfForm(form!, repeat)?.repeat.count
        void Taro.showToast({ title: `${how === 'publish' ? '已发布' : how === 'submit' ? '已提交审核' : '草稿已保存'}${many && mode.kind === 'new' ? `，共${many}场` : ''}`, icon: 'success', duration: 1500 })
      }
      setTimeout(() => void Taro.redirectTo({ url: ORGANIZE_URLS.home }), 600)
    } catch (e) {
      const err = toApiError(e)
      if (err.field) setShown({ ...shown, [fieldOf(err.field)]: err.message })
      setServerProblem(err.message)
    } finally {
      setBusy(null)
    }
  }

  const err = (field: string) => (shown[field] ? <View className='c-field-error' data-error-for={field}>{shown[field]}</View> : null)
  const invalid = (field: string) => (shown[field] ? ' c-field--invalid' : '')
  const text = (field: keyof FormState, label: string, opts: { max: number; placeholder?: string; type?: 'text' | 'number' | 'digit' } = { max: 30 }) => (
    <>
      <View className='c-label'>{label}</View>
      <Input
        className={`c-field${invalid(field)}`}
        type={opts.type ?? 'text'}
        value={String(form[field] ?? '')}
        maxlength={opts.max}
        placeholder={opts.placeholder}
        ariaLabel={label}
        onInput={(e) => set({ [field]: e.detail.value } as Partial<FormState>)}
      />
      {err(fieldOf(field))}
    </>
  )

  return (
    <PageRoot className='organize-edit'>
      {mode.kind === 'draft' && mode.returnReason ? (
        <View className='organize__returned' ariaRole='alert'>
          <View className='organize__returned-title'>区科协退回了这项活动</View>
          <View>退回原因：{mode.returnReason}</View>
          <View className='organize__returned-hint'>修改后请重新提交审核。</View>
        </View>
      ) : null}
      {mode.kind === 'activity' ? (
        <View className='organize__notice'>这项活动已发布{mode.confirmedCount > 0 ? `，已有${mode.confirmedCount}人报名` : ''}。改动时间或地点后，报名和候补的人都会收到通知。{planLocked ? '已有人签到，时间、地点和统计归属不能再改。' : ''}</View>
      ) : null}

      {wish && mode.kind !== 'activity' ? <View className='organize__notice organize__wish'>回应点单：{wish.title}</View> : null}
      <View className='k-section'>
        <View className='k-section__title'>活动信息</View>
        {text('title', '活动名称', { max: 30, placeholder: '例如：科技辅导员培训班' })}
        <View className='c-label'>活动类型</View>
        <ChoiceField label='活动类型' value={form.type} options={ACTIVITY_TYPES.map((t) => ({ value: t.code, label: t.name }))} onChange={(v) => set({ type: v as ActivityType })} />
        {isAdmin && mode.kind === 'new' ? (
          <>
            <View className='c-label'>主办单位</View>
            <ChoiceField label='主办单位' value={form.departmentCode} options={DEPARTMENTS.map((d) => ({ value: d.code, label: d.name }))} onChange={(v) => set({ departmentCode: v as DepartmentCode })} />
          </>
        ) : (
          <View className='organize__unit'>主办单位：{DEPARTMENTS.find((d) => d.code === form.departmentCode)?.name}</View>
        )}
        <View className='c-label'>活动介绍（选填）</View>
        <Textarea className={`c-field${invalid('description')}`} value={form.description} maxlength={1000} autoHeight placeholder='内容、对象、需要携带的物品等' onInput={(e) => set({ description: e.detail.value })} />
        {err('description')}
        <View className='c-label'>活动海报（选填，JPG 或 PNG，不超过2MB）</View>
        {form.poster ? (
          <View className='organize__poster'>
            <Image className='organize__poster-image' src={form.poster.thumbUrl} mode='widthFix' ariaLabel='活动海报' />
          </View>
        ) : null}
        <View className='c-row organize__poster-actions'>
          <Button variant='secondary' disabled={posterBusy} onClick={() => void addPoster()}>
            {posterBusy ? '正在上传…' : form.poster ? '更换海报' : '上传海报'}
          </Button>
          {form.poster && !posterBusy ? (
            <Button variant='secondary' onClick={() => set({ poster: null })}>
              移除海报
            </Button>
          ) : null}
        </View>
        {posterError ? <View className='c-field-error' data-error-for='poster' role='alert'>{posterError}</View> : err('poster')}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>时间</View>
        <View className='c-label'>开始时间</View>
        <DateTimeField label='开始时间' value={form.start} onChange={(v) => set({ start: v })} />
        {err('startAt')}
        <View className='c-label'>结束时间</View>
        <DateTimeField label='结束时间' value={form.end} onChange={(v) => set({ end: v })} />
        {err('endAt')}
        <View className='c-label'>报名开始</View>
        <DateTimeField label='报名开始时间' value={form.signupOpens} onChange={(v) => set({ signupOpens: v })} />
        <View className='c-label'>报名截止</View>
        <DateTimeField label='报名截止时间' value={form.signupCloses} onChange={(v) => set({ signupCloses: v })} />
        {err('signupClosesAt')}
        {mode.kind === 'new' ? (
          <>
            <View className='c-label'>重复</View>
            <ChoiceField
              label='重复'
              value={repeat.every}
              options={[
                { value: '', label: '不重复' },
                { value: '7', label: '每周一次' },
                { value: '14', label: '每两周一次' },
              ]}
              onChange={(v) => setRepeat({ ...repeat, every: v as RepeatChoice['every'] })}
            />
            {repeat.every ? (
              <>
                <View className='c-label'>共几场</View>
                <ChoiceField label='共几场' value={repeat.count} options={Array.from({ length: SERIES_COUNT_MAX - 1 }, (_, i) => ({ value: String(i + 2), label: `${i + 2}场` }))} onChange={(v) => setRepeat({ ...repeat, count: v })} />
                <View className='k-section__hint organize__series' data-series>
                  共{repeat.count}场：{(seriesOfForm(form, repeat)?.starts ?? []).map((s) => formatDay(s)).join('、')}。各场分别报名、分别签到、分别审核。需要按出勤次数结业的培训，请改建
                  <Text className='organize__series-link' onClick={() => void Taro.navigateTo({ url: '/packages/course/pages/edit/index' })}>
                    系列课程
                  </Text>
                  。
                </View>
              </>
            ) : null}
          </>
        ) : null}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>地点</View>
        {text('place', '活动地点', { max: 60, placeholder: '例如：区科技馆报告厅' })}
        {text('address', '详细地址（选填）', { max: 100, placeholder: '例如：环翠区青岛北路1号' })}
        <View className='c-label'>镇街</View>
        <ChoiceField label='镇街' value={form.areaId} options={[{ value: '', label: '请选择镇街' }, ...areas.map((a) => ({ value: a.id as string, label: a.name }))]} onChange={(v) => set({ areaId: v })} />
        {err('areaId')}
        <View className='c-label'>地图位置（选填，居民可一键查看地图）</View>
        {CAN_PICK_ON_MAP ? (
          <Button
            variant='secondary'
            onClick={() =>
              void pickVenue().then((v) => v && set({ latitude: String(v.latitude), longitude: String(v.longitude), ...(form.address ? {} : { address: v.address }), ...(form.place ? {} : { place: v.name }) }))
            }
          >
            {form.latitude ? `已选择（${Number(form.latitude).toFixed(4)}, ${Number(form.longitude).toFixed(4)}），重新选择` : '在地图上选择'}
          </Button>
        ) : (
          <View className='c-row'>
            <Input className={`c-field organize__coord${invalid('location')}`} type='digit' value={form.latitude} maxlength={12} placeholder='纬度，如 37.5131' ariaLabel='纬度' onInput={(e) => set({ latitude: e.detail.value })} />
            <Input className={`c-field organize__coord${invalid('location')}`} type='digit' value={form.longitude} maxlength={12} placeholder='经度，如 122.1206' ariaLabel='经度' onInput={(e) => set({ longitude: e.detail.value })} />
          </View>
        )}
        {err('location')}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>报名</View>
        {text('capacity', '名额', { max: 4, type: 'number' })}
        {text('waitlistLimit', '候补人数（0 为不设候补）', { max: 4, type: 'number' })}
        <View className='c-label'>面向人群</View>
        <View className='organize__chips'>
          {TARGET_GROUPS.map((g) => (
            <Chip key={g.code} label={g.name} selected={form.targetGroups.includes(g.code)} onClick={() => set({ targetGroups: toggle(form.targetGroups, g.code) })} />
          ))}
        </View>
        {err('targetGroups')}
        <View className='c-label'>年龄范围（选填）</View>
        <View className='c-row'>
          <Input className={`c-field organize__age${invalid('maxAge')}`} type='number' value={form.minAge} maxlength={3} placeholder='最小年龄' ariaLabel='最小年龄' onInput={(e) => set({ minAge: e.detail.value })} />
          <Text>至</Text>
          <Input className={`c-field organize__age${invalid('maxAge')}`} type='number' value={form.maxAge} maxlength={3} placeholder='最大年龄' ariaLabel='最大年龄' onInput={(e) => set({ maxAge: e.detail.value })} />
          <Text>岁</Text>
        </View>
        {err('maxAge')}
        <CheckRow label='接受现场报名' hint='名额未满时，未报名的人可在现场扫活动签到码报名' checked={form.walkInsAllowed} onChange={(v) => set({ walkInsAllowed: v })} />
        <CheckRow label='需要签退' hint='培训类活动记录学时时勾选' checked={form.checkoutEnabled} onChange={(v) => set({ checkoutEnabled: v })} />
      </View>

      <View className='k-section'>
        <View className='k-section__title'>计入规划</View>
        <View className='k-section__hint'>选择这项活动在全民科学素质规划中计入的行动、工程和指标；统计台账据此计数。</View>
        <View className='c-label'>提升行动</View>
        <View className='organize__chips'>
          {PLAN_ACTIONS.map((a) => (
            <Chip key={a.code} label={a.name} selected={form.actions.includes(a.code)} onClick={() => !planLocked && set({ actions: toggle(form.actions, a.code) })} />
          ))}
        </View>
        <View className='c-label'>重点工程</View>
        <View className='organize__chips'>
          {PLAN_PROJECTS.map((p) => (
            <Chip key={p.code} label={p.name} selected={form.projects.includes(p.code)} onClick={() => !planLocked && set({ projects: toggle(form.projects, p.code) })} />
          ))}
        </View>
        <View className='c-label'>指标</View>
        <View className='organize__chips'>
          {ACTIVITY_TAGS.map((t) => (
            <Chip key={t.code} label={t.name} selected={form.tags.includes(t.code)} onClick={() => !planLocked && set({ tags: toggle(form.tags, t.code) })} />
          ))}
        </View>
      </View>

      <View className='k-section'>
        {serverProblem ? (
          <View className='k-inline-error' ariaRole='alert'>
            {serverProblem}
          </View>
        ) : null}
        <View className='organize__actions'>
          {mode.kind === 'activity' ? (
            <Button block size='large' loading={busy === 'update'} disabled={!!busy} onClick={() => void save('update')}>
              保存修改
            </Button>
          ) : (
            <>
              {isAdmin ? (
                <Button block size='large' loading={busy === 'publish'} disabled={!!busy} onClick={() => void save('publish')}>
                  直接发布
                </Button>
              ) : (
                <Button block size='large' loading={busy === 'submit'} disabled={!!busy} onClick={() => void save('submit')}>
                  提交审核
                </Button>
              )}
              <Button block variant='secondary' loading={busy === 'draft'} disabled={!!busy} onClick={() => void save('draft')}>
                保存草稿
              </Button>
            </>
          )}
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}

/** The problem key of a form field (the domain names fields after ActivityInput). */
function fieldOf(key: string): string {
  const map: Record<string, string> = { start: 'startAt', end: 'endAt', signupCloses: 'signupClosesAt', signupOpens: 'signupClosesAt', latitude: 'location', longitude: 'location', minAge: 'maxAge' }
  return map[key] ?? key
}
