import { Input, Picker, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { TARGET_GROUPS, type TargetGroup } from '../../../domain/catalog'
import { GUARDIAN_CONSENT_AGE_YEARS, needsGuardianConsent } from '../../../domain/persons/rules'
import { toInstant } from '../../../domain/time'
import { Button } from '../../../components/button'
import { CheckRow } from '../../../components/check-row'
import { Chip } from '../../../components/chip'
import { loadCatalog, useCatalogStore } from '../../../stores/catalog'
import { NAME_MAX_CHARS, parseBirthYear, walkInProblem } from '../console-helpers'

export interface WalkInPanelProps {
  readonly seatsLeft: number
  readonly offline: boolean
  readonly busy: boolean
  readonly onSubmit: (form: WalkInForm) => Promise<boolean>
}

export interface WalkInForm {
  readonly name: string
  readonly targetGroup: TargetGroup
  readonly areaId: string
  readonly birthYear: number | null
  readonly guardianConsent: boolean
  /** Optional; '' when not given. */
  readonly phone: string
}

/** 现场报名: someone who arrives without a registration is signed up and checked in while seats remain. */
export function WalkInPanel({ seatsLeft, offline, busy, onSubmit }: WalkInPanelProps) {
  const areas = useCatalogStore((s) => s.areas)
  const [name, setName] = useState('')
  const [group, setGroup] = useState<TargetGroup | null>(null)
  const [areaId, setAreaId] = useState<string | null>(null)
  const [yearText, setYearText] = useState('')
  const [phone, setPhone] = useState('')
  const [guardianConsent, setGuardianConsent] = useState(false)
  const [problem, setProblem] = useState('')

  useEffect(() => void loadCatalog(), [])

  const areaIndex = areaId ? areas.findIndex((a) => a.id === areaId) : -1
  // The birth year is optional, except for 青少年 (persons/rules.ts checkWalkInPerson).
  const birthYear = parseBirthYear(yearText)
  const consentNeeded = typeof birthYear === 'number' && needsGuardianConsent(birthYear, toInstant(Date.now()))

  const submit = async () => {
    if (birthYear === 'invalid') return setProblem('出生年份请填写四位数字，如 2016')
    const form = { name, targetGroup: group, areaId, birthYear, guardianConsent: consentNeeded && guardianConsent, phone: phone.trim() }
    const p = walkInProblem(form, toInstant(Date.now()))
    if (p) return setProblem(p)
    if (await onSubmit({ ...form, targetGroup: group as TargetGroup, areaId: areaId as string })) {
      setName('')
      setGroup(null)
      setYearText('')
      setPhone('')
      setGuardianConsent(false)
      setProblem('')
    }
  }

  return (
    <View className='walkin'>
      <View className='k-section__hint walkin__hint'>
        {offline ? '现场报名需要联网。' : seatsLeft > 0 ? `尚余 ${seatsLeft} 个名额。报名后立即签到。` : '名额已满，无法现场报名。'}
      </View>
      <View className='walkin__label'>姓名</View>
      <Input
        className='k-field'
        value={name}
        maxlength={NAME_MAX_CHARS * 2}
        placeholder='参与人姓名'
        ariaLabel='姓名'
        onInput={(e) => {
          setName(e.detail.value)
          setProblem('')
        }}
      />
      <View className='walkin__label'>重点人群</View>
      <View className='walkin__chips'>
        {TARGET_GROUPS.map((g) => (
          <Chip
            key={g.code}
            label={g.name}
            selected={group === g.code}
            onClick={() => {
              setGroup(g.code)
              setProblem('')
            }}
          />
        ))}
      </View>
      <View className='walkin__label'>镇街</View>
      <Picker
        mode='selector'
        range={areas.map((a) => a.name)}
        value={Math.max(0, areaIndex)}
        onChange={(e) => {
          setAreaId(areas[Number(e.detail.value)]?.id ?? null)
          setProblem('')
        }}
      >
        <View className={`k-field walkin__select${areaIndex >= 0 ? ' walkin__select--set' : ''}`} ariaRole='button' ariaLabel={`镇街：${areaIndex >= 0 ? areas[areaIndex].name : '未选择'}`}>
          {areaIndex >= 0 ? areas[areaIndex].name : '请选择镇街'} ▾
        </View>
      </Picker>
      <View className='walkin__label'>出生年份（青少年必填）</View>
      <Input
        className='k-field'
        type='number'
        value={yearText}
        maxlength={4}
        placeholder='如 2016，成人可不填'
        ariaLabel='出生年份'
        onInput={(e) => {
          setYearText(e.detail.value)
          setProblem('')
        }}
      />
      <View className='walkin__label'>手机号（选填）</View>
      <Input
        className='k-field'
        type='number'
        value={phone}
        maxlength={11}
        placeholder='便于核对重复登记，可不填'
        ariaLabel='手机号（选填）'
        onInput={(e) => {
          setPhone(e.detail.value)
          setProblem('')
        }}
      />
      {consentNeeded ? (
        <CheckRow
          label='监护人在场，同意登记孩子的信息'
          hint={`未满${GUARDIAN_CONSENT_AGE_YEARS}周岁的参与人需监护人同意`}
          checked={guardianConsent}
          onChange={(v) => {
            setGuardianConsent(v)
            setProblem('')
          }}
        />
      ) : null}
      {problem ? <View className='k-inline-error'>{problem}</View> : null}
      <View className='walkin__submit'>
        <Button block size='large' loading={busy} disabled={offline || seatsLeft <= 0} onClick={() => void submit()}>
          现场报名并签到
        </Button>
      </View>
    </View>
  )
}
