// 点单·我想学: residents suggest a topic they want an activity on and support each other's (我也想要);
// the list is ordered by support, open wishes first. Organizers and admins answer an open wish with
// 据此创建活动; once that activity is published the wish shows 已安排 with a link to it.
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { TARGET_GROUPS } from '../../../../domain/catalog'
import { ERROR_MESSAGES } from '../../../../domain/errors'
import { WISH_DETAIL_MAX_CHARS, WISH_TITLE_MAX_CHARS, WISH_TITLE_MIN_CHARS } from '../../../../domain/wishes/rules'
import type { WishListView, WishView } from '../../../../domain/wishes/schemas'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { ChoiceField } from '../../../../components/fields'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import '../../wishes.scss'

const LOGIN_URL = '/pages/login/index'
const activityUrl = (id: string) => `/pages/activity/index?id=${encodeURIComponent(id)}`
const answerUrl = (wishId: string) => `/packages/organize/pages/edit/index?wish=${encodeURIComponent(wishId)}`

type Field = 'title' | 'detail' | 'targetGroup' | 'areaId'
interface Draft {
  readonly title: string
  readonly detail: string
  readonly targetGroup: string
  readonly areaId: string
}
const EMPTY: Draft = { title: '', detail: '', targetGroup: '', areaId: '' }
const chars = (s: string): number => [...s.trim()].length

/** The mistakes the server would report, found before sending (same rules, same words). */
function problemsOf(d: Draft): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {}
  const t = chars(d.title)
  if (t < WISH_TITLE_MIN_CHARS || t > WISH_TITLE_MAX_CHARS) out.title = ERROR_MESSAGES['WISH.TITLE']
  if (chars(d.detail) > WISH_DETAIL_MAX_CHARS) out.detail = ERROR_MESSAGES['WISH.DETAIL']
  if (!d.targetGroup) out.targetGroup = ERROR_MESSAGES['WISH.TARGET_GROUP']
  return out
}

/** Replaces one wish of the list by its new view, keeping the order the server gave. */
const replaced = (list: WishListView, w: WishView): WishListView => ({ ...list, items: list.items.map((x) => (x.id === w.id ? w : x)) })

function WishCard({ wish, canArrange, busy, signedIn, onSupport }: { wish: WishView; canArrange: boolean; busy: boolean; signedIn: boolean; onSupport: () => void }) {
  const arranged = wish.arranged
  return (
    <View className='wish' data-wish-id={wish.id}>
      <View className='wish__head'>
        <View className='wish__title'>{wish.title}</View>
        <Tag tone={arranged ? 'success' : 'brand'} className='wish__status'>
          {wish.statusName}
        </Tag>
      </View>
      {wish.detail ? <View className='wish__detail'>{wish.detail}</View> : null}
      <View className='wish__meta'>
        <Text>面向：{wish.targetGroupName}</Text>
        <Text className='wish__dot'>·</Text>
        <Text>{wish.areaName}</Text>
      </View>
      <View className='wish__support' ariaLabel={`${wish.supportCount}人想学`}>
        支持 <Text className='wish__count'>{wish.supportCount}</Text> 人{wish.mine ? '（我提的）' : ''}
      </View>
      {arranged ? (
        <View className='wish__arranged' ariaRole='link' onClick={() => void Taro.navigateTo({ url: activityUrl(arranged.activityId) })}>
          <View className='wish__arranged-label'>已安排活动</View>
          <View className='wish__arranged-title'>{arranged.title || '查看活动'}</View>
          <View className='wish__arranged-time'>{formatDateTime(arranged.startAt)} · 查看并报名 ›</View>
        </View>
      ) : (
        <View className='wish__actions'>
          {wish.supportedByMe ? (
            <Button variant='secondary' disabled className='wish__supported'>
              已支持
            </Button>
          ) : (
            <Button loading={busy} className='wish__want' onClick={signedIn ? onSupport : () => void Taro.navigateTo({ url: LOGIN_URL })}>
              我也想要
            </Button>
          )}
          {canArrange ? (
            <Button variant='ghost' className='wish__answer' onClick={() => void Taro.navigateTo({ url: answerUrl(wish.id) })}>
              据此创建活动
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}

export default function WishesPage() {
  const user = useSessionStore((s) => s.user)
  const areas = useCatalogStore((s) => s.areas)
  const [list, setList] = useState<WishListView | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [formError, setFormError] = useState('')
  const [sending, setSending] = useState(false)
  const [supporting, setSupporting] = useState<string | null>(null)
  const [more, setMore] = useState(false)
  const [supportError, setSupportError] = useState<{ id: string; message: string } | null>(null)

  async function load() {
    setLoadError(null)
    try {
      await ensureSession()
      void loadCatalog()
      setList(await api.wishes.list())
    } catch (e) {
      setLoadError(toApiError(e))
    }
  }

  // Again on each show: a wish answered meanwhile (or an account switched) shows as it is now.
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch })
    const next = { ...errors }
    for (const k of Object.keys(patch)) delete next[k as Field]
    setErrors(next)
    setFormError('')
  }

  async function submit() {
    const problems = problemsOf(draft)
    setErrors(problems)
    setFormError('')
    if (Object.keys(problems).length > 0) return
    setSending(true)
    try {
      const created = await api.wishes.create({ title: draft.title, detail: draft.detail.trim() ? draft.detail : null, targetGroup: draft.targetGroup, areaId: draft.areaId || null })
      setDraft(EMPTY)
      void Taro.showToast({ title: '已提交，感谢您的建议', icon: 'success', duration: 1500 })
      // Shown where the order puts it; the new wish is on top until the list is read again.
      setList((l) => (l ? { ...l, items: [created, ...l.items.filter((x) => x.id !== created.id)], total: l.total + 1 } : l))
    } catch (e) {
      const err = toApiError(e)
      if (err.field === 'title' || err.field === 'detail' || err.field === 'targetGroup' || err.field === 'areaId') setErrors({ ...problems, [err.field]: err.message })
      else setFormError(err.message)
    } finally {
      setSending(false)
    }
  }

  async function support(id: string) {
    setSupporting(id)
    setSupportError(null)
    try {
      const w = await api.wishes.support(id)
      setList((l) => (l ? replaced(l, w) : l))
    } catch (e) {
      setSupportError({ id, message: toApiError(e).message })
    } finally {
      setSupporting(null)
    }
  }

  async function loadMore() {
    if (!list) return
    setMore(true)
    try {
      const next = await api.wishes.list(list.items.length)
      setList({ ...next, items: [...list.items, ...next.items.filter((w) => !list.items.some((x) => x.id === w.id))] })
    } catch (e) {
      setSupportError({ id: '', message: toApiError(e).message })
    } finally {
      setMore(false)
    }
  }

  if (loadError && !list) {
    return (
      <PageRoot>
        <ErrorState message={loadError.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!list) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const fieldError = (f: Field) =>
    errors[f] ? (
      <View className='c-field-error' data-error-for={f} ariaRole='alert'>
        {errors[f]}
      </View>
    ) : null
  const invalid = (f: Field) => (errors[f] ? ' c-field--invalid' : '')

  return (
    <PageRoot className='wishes'>
      <View className='k-section'>
        <View className='k-section__title'>提一个想学的主题</View>
        <View className='k-section__hint'>想听什么讲座、学什么本领？写下来，大家都想要的主题，组织单位会优先安排活动。</View>
        {user ? (
          <View className='wishes__form'>
            <View className='c-label'>主题</View>
            <Input
              className={`c-field${invalid('title')}`}
              value={draft.title}
              maxlength={WISH_TITLE_MAX_CHARS + 10}
              placeholder='例如：手机防诈骗、家庭急救'
              ariaLabel='主题'
              onInput={(e) => set({ title: e.detail.value })}
            />
            {fieldError('title')}
            <View className='c-label'>说明（选填）</View>
            <Textarea
              className={`c-field wishes__textarea${invalid('detail')}`}
              value={draft.detail}
              maxlength={WISH_DETAIL_MAX_CHARS + 20}
              placeholder='想了解哪些内容、希望什么时间'
              ariaLabel='说明'
              onInput={(e) => set({ detail: e.detail.value })}
            />
            <View className={`wishes__count${chars(draft.detail) > WISH_DETAIL_MAX_CHARS ? ' wishes__count--over' : ''}`}>
              {chars(draft.detail)}/{WISH_DETAIL_MAX_CHARS}
            </View>
            {fieldError('detail')}
            <View className='c-label'>面向人群</View>
            <View className={`wishes__choice${invalid('targetGroup')}`}>
              <ChoiceField
                label='面向人群'
                value={draft.targetGroup}
                options={[{ value: '', label: '请选择' }, ...TARGET_GROUPS.map((g) => ({ value: g.code as string, label: g.name }))]}
                onChange={(v) => set({ targetGroup: v })}
              />
            </View>
            {fieldError('targetGroup')}
            <View className='c-label'>镇街</View>
            <View className={`wishes__choice${invalid('areaId')}`}>
              <ChoiceField label='镇街' value={draft.areaId} options={[{ value: '', label: '全区（不限镇街）' }, ...areas.map((a) => ({ value: a.id as string, label: a.name }))]} onChange={(v) => set({ areaId: v })} />
            </View>
            {fieldError('areaId')}
            {formError ? (
              <View className='k-inline-error wishes__form-error' ariaRole='alert'>
                {formError}
              </View>
            ) : null}
            <View className='wishes__submit'>
              <Button block size='large' loading={sending} className='wishes__send' onClick={() => void submit()}>
                提交
              </Button>
            </View>
          </View>
        ) : (
          <View className='wishes__submit'>
            <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: LOGIN_URL })}>
              登录后提主题、点「我也想要」
            </Button>
          </View>
        )}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>大家想学的（{list.total}）</View>
        <View className='k-section__hint'>按支持人数排列；已安排的主题排在后面。</View>
      </View>
      {list.items.length === 0 ? (
        <EmptyState title='还没有人点单' description='在上方写下您想学的主题，做第一个点单的人。' />
      ) : (
        <View className='wishes__list'>
          {list.items.map((w) => (
            <View key={w.id}>
              <WishCard wish={w} canArrange={list.canArrange} busy={supporting === w.id} signedIn={!!user} onSupport={() => void support(w.id)} />
              {supportError && supportError.id === w.id ? (
                <View className='k-inline-error wishes__card-error' ariaRole='alert'>
                  {supportError.message}
                </View>
              ) : null}
            </View>
          ))}
        </View>
      )}
      {supportError && supportError.id === '' ? (
        <View className='k-inline-error wishes__card-error' ariaRole='alert'>
          {supportError.message}
        </View>
      ) : null}
      {list.items.length < list.total ? (
        <View className='wishes__more'>
          <Button block variant='secondary' loading={more} onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
