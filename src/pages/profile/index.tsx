import { Switch, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { TARGET_GROUPS, nameOf } from '../../domain/catalog'
import type { PersonView } from '../../domain/contracts'
import { maskPhone } from '../../domain/persons/rules'
import { Button } from '../../components/button'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { Tag } from '../../components/tag'
import { api } from '../../services/api'
import { DEMO_SIGN_IN_AVAILABLE } from '../../services/demo'
import { toApiError, type ApiError } from '../../services/transport'
import { areaName, loadCatalog, useCatalogStore } from '../../stores/catalog'
import { ensureSession, signOut, useSessionStore } from '../../stores/session'
import { LARGE_FONT_SCALE, setFontScale, useUiStore } from '../../stores/ui'
import { roleLabel } from '../../utils/labels'
import { confirm, toastError } from '../../utils/ui'
import './index.scss'

/** The console list also holds the field for a scanner volunteer's invite code. */
const CONSOLE_LIST_URL = '/packages/console/pages/list/index'

/** Plan figures, breakdowns and exports (the ledger subpackage). */
const LEDGER_URL = '/packages/ledger/pages/dashboard/index'

const editUrl = (id?: string) => `/pages/person-edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`

export default function ProfilePage() {
  const user = useSessionStore((s) => s.user)
  const sessionStatus = useSessionStore((s) => s.status)
  const fontScale = useUiStore((s) => s.fontScale)
  const areas = useCatalogStore((s) => s.areas)
  const [persons, setPersons] = useState<readonly PersonView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [removingId, setRemovingId] = useState<string | null>(null)

  const load = useCallback(async () => {
    void loadCatalog()
    try {
      const u = await ensureSession()
      if (!u) {
        setPersons(null)
        setError(useSessionStore.getState().error)
        return
      }
      setPersons(await api.persons.list())
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])

  useDidShow(() => void load())

  async function remove(p: PersonView) {
    if (!(await confirm('删除参与人', `确定删除「${p.name}」吗？删除后其个人信息将不再保留。`, '删除'))) return
    setRemovingId(p.id)
    try {
      await api.persons.remove(p.id)
      void Taro.showToast({ title: '已删除', icon: 'success', duration: 1500 })
      void load()
    } catch (e) {
      toastError(e)
    } finally {
      setRemovingId(null)
    }
  }

  async function logout() {
    try {
      await signOut()
      setPersons(null)
    } catch (e) {
      toastError(e)
    }
  }

  const goLogin = () => void Taro.navigateTo({ url: '/pages/login/index' })

  let personsBody
  if (!user) {
    personsBody = <View className='k-section__hint'>登录后可管理本人和家人的报名信息</View>
  } else if (error && !persons) {
    personsBody = <ErrorState message={error.message} onRetry={() => void load()} />
  } else if (!persons) {
    personsBody = <Loading variant='inline' />
  } else {
    personsBody = (
      <View>
        {persons.length === 0 ? <View className='k-section__hint'>还没有参与人，请先添加本人或家人</View> : null}
        {persons.map((p) => (
          <View key={p.id} className='profile__person'>
            <View className='profile__person-head'>
              <Text className='profile__person-name'>{p.name}</Text>
              <Tag tone={p.isSelf ? 'brand' : 'neutral'}>{p.isSelf ? '本人' : '家人'}</Tag>
            </View>
            <View className='profile__person-line'>
              {p.birthYear}年生 · {nameOf(TARGET_GROUPS, p.targetGroup)}
              {areaName(areas, p.areaId) ? ` · ${areaName(areas, p.areaId)}` : ''}
            </View>
            <View className='profile__person-line'>手机：{p.phone ? maskPhone(p.phone) : '未填写'}</View>
            <View className='profile__person-actions'>
              <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: editUrl(p.id) })}>
                编辑
              </Button>
              <Button size='small' variant='danger' loading={removingId === p.id} onClick={() => void remove(p)}>
                删除
              </Button>
            </View>
          </View>
        ))}
        <View className='profile__add'>
          <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: editUrl() })}>
            + 添加家庭成员
          </Button>
        </View>
      </View>
    )
  }

  return (
    <PageRoot className='profile'>
      <View className='k-section profile__who'>
        {user ? (
          <View>
            <View className='profile__name'>{user.displayName}</View>
            <View className='profile__role'>
              <Tag tone='brand'>{roleLabel(user.role)}</Tag>
            </View>
          </View>
        ) : sessionStatus === 'loading' || sessionStatus === 'unknown' ? (
          <Loading variant='inline' />
        ) : (
          <View>
            <View className='profile__name'>未登录</View>
            {DEMO_SIGN_IN_AVAILABLE ? (
              <View className='profile__login'>
                <Button onClick={goLogin}>登录</Button>
              </View>
            ) : null}
          </View>
        )}
      </View>

      {user ? (
        <View className='k-section profile__links'>
          <View className='profile__link profile__link--first' ariaRole='link' onClick={() => void Taro.navigateTo({ url: '/pages/tickets/index' })}>
            <Text>我的票</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
          {user.role === 'organizer' || user.role === 'admin' ? (
            <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: CONSOLE_LIST_URL })}>
              <Text>签到台</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
          ) : null}
          {user.role === 'organizer' || user.role === 'admin' ? (
            <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: LEDGER_URL })}>
              <Text>科普统计台账</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      <View className='k-section'>
        <View className='k-section__title'>我管理的参与人</View>
        {personsBody}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>设置</View>
        <View className='profile__setting'>
          <View className='profile__setting-text'>
            <View className='profile__setting-label'>大字模式</View>
            <View className='k-section__hint'>放大页面文字，方便阅读</View>
          </View>
          <Switch
            checked={fontScale > 1}
            color='#0a5fb4'
            ariaLabel='大字模式'
            onChange={(e) => setFontScale(e.detail.value ? LARGE_FONT_SCALE : 1)}
          />
        </View>
        {user ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: CONSOLE_LIST_URL })}>
            <Text>{user.role === 'resident' ? '输入志愿者邀请码 / 签到台' : '输入志愿者邀请码'}</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {user?.role === 'admin' ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: '/packages/admin/pages/areas/index' })}>
            <Text>镇街管理</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {DEMO_SIGN_IN_AVAILABLE ? (
          <View>
            <View className='profile__link' ariaRole='link' onClick={goLogin}>
              <Text>切换演示身份</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
            {user ? (
              <View className='profile__logout'>
                <Button block variant='danger' onClick={() => void logout()}>
                  退出登录
                </Button>
              </View>
            ) : null}
          </View>
        ) : null}
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
