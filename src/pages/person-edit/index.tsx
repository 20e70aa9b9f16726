import { Input, Picker, View } from '@tarojs/components'
import Taro, { useLoad, useReady, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { TARGET_GROUPS, type TargetGroup } from '../../domain/catalog'
import type { PersonView } from '../../domain/contracts'
import { ERROR_MESSAGES } from '../../domain/errors'
import { GUARDIAN_CONSENT_AGE_YEARS, PERSON_NAME_INVALID_MESSAGE, PHONE_INVALID_MESSAGE, isPersonName, isPhone, needsGuardianConsent, needsProxyConsent } from '../../domain/persons/rules'
import { toInstant } from '../../domain/time'
import { Button } from '../../components/button'
import { CheckRow } from '../../components/check-row'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { api } from '../../services/api'
import { ApiError, toApiError } from '../../services/transport'
import { loadCatalog, useCatalogStore } from '../../stores/catalog'
import { ensureSession } from '../../stores/session'
import { currentYear, formatDateTime } from '../../utils/format'
import { goBackOr } from '../../utils/ui'
import { toastError } from '../../services/toast'
import { NAME_MAX } from '../../domain/limits'
import { ensurePrivacyAgreed, PRIVACY_PAGE } from '../../services/privacy'
import './index.scss'

const OLDEST_YEAR = 1920
const DEFAULT_PICKER_YEAR = 1980

type Field = 'name' | 'birthYear' | 'targetGroup' | 'areaId' | 'phone' | 'guardianConsent' | 'isSelf' | 'proxyConsent'
type FieldErrors = Partial<Record<Field, string>>
const FIELDS: readonly string[] = ['name', 'birthYear', 'targetGroup', 'areaId', 'phone', 'guardianConsent', 'isSelf', 'proxyConsent']

interface Form {
  name: string
  birthYear: number | null
  targetGroup: TargetGroup | null
  areaId: string | null
  phone: string
  isSelf: boolean
  guardianConsent: boolean
  /** Another adult: the caller declares that person agreed to be managed by them. */
  proxyConsent: boolean
}

const emptyForm: Form = { name: '', birthYear: null, targetGroup: null, areaId: null, phone: '', isSelf: false, guardianConsent: false, proxyConsent: false }

/** Quick checks so people see mistakes before sending; the server checks again and has the last word. */
function check(form: Form, consentNeeded: boolean, proxyNeeded = false): FieldErrors {
  const errors: FieldErrors = {}
  const name = form.name.trim()
  if (!name) errors.name = '请填写姓名'
  else if (name.length > NAME_MAX) errors.name = `姓名不能超过${NAME_MAX}个字`
  else if (!isPersonName(name)) errors.name = PERSON_NAME_INVALID_MESSAGE
  if (form.birthYear === null) errors.birthYear = '请选择出生年份'
  if (!form.targetGroup) errors.targetGroup = '请选择重点人群'
  if (!form.areaId) errors.areaId = '请选择所在镇街'
  if (form.phone && !isPhone(form.phone)) errors.phone = PHONE_INVALID_MESSAGE
  if (consentNeeded && !form.guardianConsent) errors.guardianConsent = ERROR_MESSAGES['PERSON.CONSENT_REQUIRED']
  if (proxyNeeded && !form.proxyConsent) errors.proxyConsent = ERROR_MESSAGES['PERSON.PROXY_CONSENT_REQUIRED']
  return errors
}

export default function PersonEditPage() {
  const { params } = useRouter()
  const editingId = params.id ?? ''
  const areas = useCatalogStore((s) => s.areas)
  const [form, setForm] = useState<Form>(emptyForm)
  const [existing, setExisting] = useState<PersonView | null>(null)
  const [selfExists, setSelfExists] = useState(true)
  const [ready, setReady] = useState(false)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)

  async function load() {
    setLoadError(null)
    try {
      const user = await ensureSession()
      if (!user) throw new ApiError('AUTH.REQUIRED')
      // The privacy notice comes before any personal data is collected; it brings the user back here.
      if (!editingId && !(await ensurePrivacyAgreed(user.id, '/pages/person-edit/index', 'redirect'))) return
      const [persons] = await Promise.all([api.persons.list(), loadCatalog()])
      setSelfExists(persons.some((p) => p.isSelf))
      if (editingId) {
        const p = persons.find((x) => x.id === editingId)
        if (!p) throw new ApiError('PERSON.NOT_FOUND')
        setExisting(p)
        setForm({
          name: p.name,
          birthYear: p.birthYear,
          targetGroup: p.targetGroup,
          areaId: p.areaId,
          phone: p.phone ?? '',
          isSelf: p.isSelf,
          guardianConsent: !!p.guardianConsentAt,
          proxyConsent: !!p.proxyConsentAt,
        })
      } else {
        setForm({ ...emptyForm, isSelf: persons.length === 0 })
      }
      setReady(true)
    } catch (e) {
      setLoadError(toApiError(e))
    }
  }

  useLoad(() => void load())
  // The title says what is being added: oneself (这是我本人 ticked) or a family member. Set after the
  // first render (useReady), since in H5 the router sets the configured title when the page shows.
  const [shown, setShown] = useState(false)
  useReady(() => setShown(true))
  const title = editingId ? '编辑参与人' : form.isSelf ? '填写本人信息' : '添加家庭成员'
  useEffect(() => {
    if (shown) void Taro.setNavigationBarTitle({ title })
  }, [shown, title])

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
    setFormError('')
  }

  const thisYear = currentYear()
  const years: number[] = []
  for (let y = thisYear; y >= OLDEST_YEAR; y--) years.push(y)
  const yearIndex = years.indexOf(form.birthYear ?? DEFAULT_PICKER_YEAR)
  const groupIndex = form.targetGroup ? TARGET_GROUPS.findIndex((g) => g.code === form.targetGroup) : -1
  const areaIndex = form.areaId ? areas.findIndex((a) => a.id === form.areaId) : -1

  const now = toInstant(Date.now())
  const consentNeeded = form.birthYear !== null && needsGuardianConsent(form.birthYear, now)
  const consentOnRecord = !!existing?.guardianConsentAt
  const showSelf = !existing && !selfExists
  // Adding another person of 14 or older: their agreement to be managed is declared and recorded (the server checks the same rule).
  const proxyNeeded = !existing && form.birthYear !== null && needsProxyConsent({ isSelf: showSelf && form.isSelf, birthYear: form.birthYear }, now)

  async function save() {
    const found = check(form, consentNeeded && !consentOnRecord, proxyNeeded)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      setFormError('请按提示修改后再保存')
      return
    }
    const fields = {
      name: form.name.trim(),
      birthYear: form.birthYear as number,
      targetGroup: form.targetGroup as TargetGroup,
      areaId: form.areaId as string,
      phone: form.phone || null,
      ...(consentNeeded ? { guardianConsent: form.guardianConsent } : {}),
    }
    const proxy = proxyNeeded ? { proxyConsent: form.proxyConsent } : {}
    setSaving(true)
    try {
      if (existing) await api.persons.update({ id: existing.id, ...fields })
      else await api.persons.create({ ...fields, ...proxy, ...(showSelf ? { isSelf: form.isSelf } : {}) })
      void Taro.showToast({ title: '已保存', icon: 'success', duration: 1200 })
      setTimeout(() => goBackOr('/pages/profile/index'), 600)
    } catch (e) {
      const err = toApiError(e)
      const field = err.field && FIELDS.includes(err.field) ? (err.field as Field) : null
      if (field) setErrors((x) => ({ ...x, [field]: err.message }))
      setFormError(err.message)
      toastError(err)
    } finally {
      setSaving(false)
    }
  }

  if (loadError) {
    return (
      <PageRoot>
        <ErrorState message={loadError.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!ready) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const fieldClass = (f: Field) => `pe__control${errors[f] ? ' pe__control--invalid' : ''}`
  const fieldError = (f: Field) => (errors[f] ? <View className='k-inline-error'>{errors[f]}</View> : null)

  return (
    <PageRoot className='pe'>
      <View className='k-section'>
        <View className='pe__field'>
          <View className='pe__label'>
            姓名<View className='pe__required'>必填</View>
          </View>
          <Input
            className={fieldClass('name')}
            value={form.name}
            // Room beyond the limit, so a long name is told 姓名不能超过…个字 instead of being cut unseen.
            maxlength={NAME_MAX * 2}
            placeholder='请输入姓名'
            ariaLabel='姓名'
            onInput={(e) => set('name', e.detail.value)}
          />
          {fieldError('name')}
        </View>

        <View className='pe__field'>
          <View className='pe__label'>
            出生年份<View className='pe__required'>必填</View>
          </View>
          <Picker
            mode='selector'
            range={years.map((y) => `${y}年`)}
            value={Math.max(0, yearIndex)}
            onChange={(e) => set('birthYear', years[Number(e.detail.value)])}
          >
            <View className={fieldClass('birthYear')} ariaRole='button' ariaLabel='出生年份'>
              {form.birthYear !== null ? `${form.birthYear}年` : <View className='pe__placeholder'>请选择出生年份</View>}
              <View className='pe__arrow'>▾</View>
            </View>
          </Picker>
          {fieldError('birthYear')}
        </View>

        <View className='pe__field'>
          <View className='pe__label'>
            重点人群<View className='pe__required'>必填</View>
          </View>
          <Picker
            mode='selector'
            range={TARGET_GROUPS.map((g) => g.name)}
            value={Math.max(0, groupIndex)}
            onChange={(e) => set('targetGroup', TARGET_GROUPS[Number(e.detail.value)].code)}
          >
            <View className={fieldClass('targetGroup')} ariaRole='button' ariaLabel='重点人群'>
              {groupIndex >= 0 ? TARGET_GROUPS[groupIndex].name : <View className='pe__placeholder'>请选择</View>}
              <View className='pe__arrow'>▾</View>
            </View>
          </Picker>
          {fieldError('targetGroup')}
        </View>

        <View className='pe__field'>
          <View className='pe__label'>
            所在镇街<View className='pe__required'>必填</View>
          </View>
          <Picker
            mode='selector'
            range={areas.map((a) => a.name)}
            value={Math.max(0, areaIndex)}
            onChange={(e) => {
              const a = areas[Number(e.detail.value)]
              if (a) set('areaId', a.id)
            }}
          >
            <View className={fieldClass('areaId')} ariaRole='button' ariaLabel='所在镇街'>
              {areaIndex >= 0 ? areas[areaIndex].name : <View className='pe__placeholder'>请选择</View>}
              <View className='pe__arrow'>▾</View>
            </View>
          </Picker>
          {fieldError('areaId')}
        </View>

        <View className='pe__field'>
          <View className='pe__label'>
            手机号<View className='pe__optional'>选填</View>
          </View>
          <Input
            className={fieldClass('phone')}
            type='number'
            value={form.phone}
            maxlength={11}
            placeholder='11位手机号，用于活动通知'
            ariaLabel='手机号'
            onInput={(e) => set('phone', e.detail.value.replace(/\D/g, ''))}
          />
          {fieldError('phone')}
        </View>

        {showSelf ? (
          <View className='pe__field'>
            <CheckRow label='这是我本人' hint='不勾选则作为家庭成员添加' checked={form.isSelf} onChange={(v) => set('isSelf', v)} />
            {fieldError('isSelf')}
          </View>
        ) : null}

        {consentNeeded ? (
          <View className='pe__field'>
            <CheckRow
              label='我是监护人，同意登记其信息'
              hint={
                consentOnRecord && existing?.guardianConsentAt
                  ? `已于${formatDateTime(existing.guardianConsentAt)}同意`
                  : `未满${GUARDIAN_CONSENT_AGE_YEARS}周岁的参与人，需监护人同意后才能登记和报名。`
              }
              checked={consentOnRecord || form.guardianConsent}
              disabled={consentOnRecord}
              invalid={!!errors.guardianConsent}
              onChange={(v) => set('guardianConsent', v)}
            />
            {fieldError('guardianConsent')}
          </View>
        ) : null}

        {proxyNeeded ? (
          <View className='pe__field'>
            <CheckRow
              label='已征得其本人同意，由我代为登记和报名'
              hint='为父母等成年家人登记前，请先告知并征得同意；我们会记录这一声明。'
              checked={form.proxyConsent}
              invalid={!!errors.proxyConsent}
              onChange={(v) => set('proxyConsent', v)}
            />
            {fieldError('proxyConsent')}
          </View>
        ) : existing?.proxyConsentAt ? (
          <View className='pe__field k-muted'>已于{formatDateTime(existing.proxyConsentAt)}记录本人同意由您代为登记</View>
        ) : null}

        {formError ? <View className='k-inline-error pe__form-error'>{formError}</View> : null}
        <View className='pe__submit'>
          <Button block size='large' loading={saving} onClick={() => void save()}>
            保存
          </Button>
        </View>
      </View>
      <View className='pe__privacy k-muted' ariaRole='link' onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGE })}>
        我们只收集报名所需的最少信息；手机号仅您本人和管理员可见完整号码。查看《用户隐私保护指引》›
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
