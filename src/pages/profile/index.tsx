import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { TARGET_GROUPS, nameOf } from '../../domain/catalog'
import type { PersonView } from '../../domain/contracts'
import { maskPhone } from '../../domain/persons/rules'
import { Button } from '../../components/button'
import { Chip } from '../../components/chip'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { Tag } from '../../components/tag'
import { api } from '../../services/api'
import { DEMO_SIGN_IN_AVAILABLE } from '../../services/demo'
import { SYSTEM_FONT_SOURCE } from '../../services/system-font'
import { toApiError, type ApiError } from '../../services/transport'
import { areaName, loadCatalog, useCatalogStore } from '../../stores/catalog'
import { ensureSession, signOut, useSessionStore } from '../../stores/session'
import { setCareChoice, useUiStore } from '../../stores/ui'
import { CARE_CHOICES, type CareChoice, type CareModeDecision } from '../../utils/care-mode'
import { roleLabel } from '../../utils/labels'
import { formatDateTime } from '../../utils/format'
import { confirm } from '../../utils/ui'
import { toastError } from '../../services/toast'
import './index.scss'

/** The console list also holds the field for a scanner volunteer's invite code. */
const CONSOLE_LIST_URL = '/packages/console/pages/list/index'

/** Plan figures, breakdowns and exports (the ledger subpackage). */
const LEDGER_URL = '/packages/ledger/pages/dashboard/index'

/** 系列课程 pages (the course subpackage). */
const MY_COURSES_URL = '/packages/course/pages/mine/index'
const WISHES_URL = '/packages/wishes/pages/list/index'
const ORGANIZED_COURSES_URL = '/packages/course/pages/organized/index'
const ORGANIZE_URL = '/packages/organize/pages/home/index'
const REVIEW_URL = '/packages/organize/pages/review/index'
const VERIFY_URL = '/packages/course/pages/verify/index'

const CARE_CHOICE_LABELS: Record<CareChoice, string> = {
  follow: `跟随${SYSTEM_FONT_SOURCE}字体`,
  on: '开启',
  off: '关闭',
}

/** 当前：已开启（微信字体已放大） — says why, so a person can tell what 跟随 does. */
function careStatus(care: CareModeDecision): string {
  const state = care.on ? '已开启' : '未开启'
  if (care.reason === 'system-large') return `当前：${state}（${SYSTEM_FONT_SOURCE}字体已放大）`
  if (care.reason === 'system-standard') return `当前：${state}（${SYSTEM_FONT_SOURCE}字体为标准大小）`
  if (care.reason === 'system-unknown') return `当前：${state}（未读取到${SYSTEM_FONT_SOURCE}字体设置）`
  return `当前：${state}（手动设置）`
}

/** Own data, account deletion, the privacy notice and link codes (the family subpackage). */
const MY_DATA_URL = '/packages/family/pages/my-data/index'
const LINK_URL = '/packages/family/pages/link/index'
const OUTBOX_URL = '/packages/admin/pages/outbox/index'
/** Organizer invites: admins make them (admin subpackage), residents redeem them (staff subpackage). */
const STAFF_URL = '/packages/admin/pages/staff/index'
const STAFF_JOIN_URL = '/packages/staff/pages/join/index'
const linkCodeUrl = (personId: string) => `/packages/family/pages/link-code/index?personId=${encodeURIComponent(personId)}`

const editUrl = (id?: string) => `/pages/person-edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`

export default function ProfilePage() {
  const user = useSessionStore((s) => s.user)
  const sessionStatus = useSessionStore((s) => s.status)
  const careChoice = useUiStore((s) => s.careChoice)
  const care = useUiStore((s) => s.care)
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
        {!persons.some((p) => p.isSelf) ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: LINK_URL })}>
            <Text>家人已替我登记？输入绑定码</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
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
            {p.guardianConsentAt ? <View className='profile__person-line'>监护人已同意 · {formatDateTime(p.guardianConsentAt)}</View> : null}
            {p.proxyConsentAt ? <View className='profile__person-line'>本人已同意由您代管 · {formatDateTime(p.proxyConsentAt)}</View> : null}
            <View className='profile__person-actions'>
              <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: editUrl(p.id) })}>
                编辑
              </Button>
              <Button size='small' variant='danger' loading={removingId === p.id} onClick={() => void remove(p)}>
                删除
              </Button>
            </View>
            {!p.isSelf && !p.guardianConsentAt ? (
              <View className='profile__link profile__handover' ariaRole='link' onClick={() => void Taro.navigateTo({ url: linkCodeUrl(p.id) })}>
                <Text>让{p.name}用自己的微信管理</Text>
                <Text className='profile__chevron'>›</Text>
              </View>
            ) : null}
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
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: MY_COURSES_URL })}>
            <Text>我的课程</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: WISHES_URL })}>
            <Text>点单·我想学</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
          {user.role === 'organizer' || user.role === 'admin' ? (
            <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: ORGANIZE_URL })}>
              <Text>组织活动</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
          ) : null}
          {user.role === 'admin' ? (
            <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: REVIEW_URL })}>
              <Text>活动审核</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
          ) : null}
          {user.role === 'organizer' || user.role === 'admin' ? (
            <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: ORGANIZED_COURSES_URL })}>
              <Text>系列课程管理</Text>
              <Text className='profile__chevron'>›</Text>
            </View>
          ) : null}
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
        <View className='profile__setting profile__care'>
          <View className='profile__setting-label'>关怀模式</View>
          <View className='k-section__hint'>大字体、大按钮、更清晰的颜色，首页先显示我的课程和下一课</View>
          <View className='profile__care-options' ariaLabel='关怀模式'>
            {CARE_CHOICES.map((c) => (
              <Chip key={c} label={CARE_CHOICE_LABELS[c]} selected={careChoice === c} onClick={() => setCareChoice(c)} />
            ))}
          </View>
          <View className='k-section__hint profile__care-status'>{careStatus(care)}</View>
        </View>
        {user ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: CONSOLE_LIST_URL })}>
            <Text>{user.role === 'resident' ? '输入志愿者邀请码 / 签到台' : '输入志愿者邀请码'}</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: VERIFY_URL })}>
          <Text>结业证书验证</Text>
          <Text className='profile__chevron'>›</Text>
        </View>
        {user ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: MY_DATA_URL })}>
            <Text>我的数据与隐私</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {user?.role === 'admin' ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: OUTBOX_URL })}>
            <Text>消息发件箱</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {user?.role === 'admin' ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: '/packages/admin/pages/areas/index' })}>
            <Text>镇街管理</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {user?.role === 'admin' ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: STAFF_URL })}>
            <Text>组织者管理</Text>
            <Text className='profile__chevron'>›</Text>
          </View>
        ) : null}
        {user?.role === 'resident' ? (
          <View className='profile__link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: STAFF_JOIN_URL })}>
            <Text>输入组织者邀请码</Text>
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
