// The organizer's form as the page holds it: to and from the domain's form, each mistake by field.
import { copiedForm, emptyForm, formOf, formProblems, inputOfForm } from '../../src/packages/organize/activity-form'
import { shanghaiInstant } from '../../src/domain/time'

const NOW = shanghaiInstant(2026, 12, 2, 10)
const AREAS = ['area-jingyuan']

describe('the organizer’s activity form', () => {
  it('starts next week at 09:30 with sign-up open from now, and needs a title, a place and a town', () => {
    const f = emptyForm('jiaoti', NOW)
    expect(f).toMatchObject({ start: '2026-12-09T09:30', end: '2026-12-09T11:30', signupCloses: '2026-12-09T08:30', departmentCode: 'jiaoti' })
    expect(Object.keys(formProblems(f, { now: NOW, areaIds: AREAS })).sort()).toEqual(['areaId', 'place', 'title'])
    const ok = { ...f, title: '科技辅导员培训', place: '区教师发展中心', areaId: 'area-jingyuan' }
    expect(formProblems(ok, { now: NOW, areaIds: AREAS })).toEqual({})
    expect(inputOfForm(ok)).toMatchObject({ startAt: shanghaiInstant(2026, 12, 9, 9, 30), capacity: 50, location: null, minAge: null })
  })
  it('says in Chinese what is wrong with each field', () => {
    const f = { ...emptyForm('kx', NOW), title: '讲座', place: '馆', areaId: 'area-jingyuan', capacity: '0', end: '2026-12-09T09:00', latitude: '37.5' }
    const p = formProblems(f, { now: NOW, areaIds: AREAS })
    expect(p).toMatchObject({ capacity: '名额应为1至5000之间的整数', endAt: '结束时间须晚于开始时间', location: '请同时填写纬度和经度（数字），或都不填' })
  })
  it('round-trips a stored form, and copies one onto the next week with sign-up open from now', () => {
    const f = { ...emptyForm('kx', NOW), title: '海洋科普讲座', place: '区科技馆', areaId: 'area-jingyuan', latitude: '37.51', longitude: '122.12', minAge: '8', maxAge: '14' }
    const input = inputOfForm(f)
    expect(formOf(input)).toEqual(f)
    const copy = copiedForm({ ...input, startAt: shanghaiInstant(2026, 11, 3, 9, 30), endAt: shanghaiInstant(2026, 11, 3, 11, 30), signupClosesAt: shanghaiInstant(2026, 11, 3, 8, 30) }, NOW)
    expect(copy).toMatchObject({ start: '2026-12-08T09:30', end: '2026-12-08T11:30', signupCloses: '2026-12-08T08:30', title: '海洋科普讲座', latitude: '37.51' })
  })
})
