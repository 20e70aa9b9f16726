// The console's 现场报名 form: what it says before sending (the person rules come from the domain).
import { parseBirthYear, walkInProblem } from '../../src/packages/console/console-helpers'

const NOW = '2026-12-01T02:00:00.000Z'
const form = { name: '小明', targetGroup: 'youth', areaId: 'area-1', birthYear: 2016 as number | null, guardianConsent: false }

describe('walk-in form', () => {
  it('reads a typed birth year', () => {
    expect(parseBirthYear('')).toBeNull()
    expect(parseBirthYear(' 2016 ')).toBe(2016)
    expect(parseBirthYear('16')).toBe('invalid')
    expect(parseBirthYear('二〇一六')).toBe('invalid')
  })
  it('asks for the guardian’s consent under 14 and the birth year of a 青少年', () => {
    expect(walkInProblem(form, NOW)).toBe('未满14周岁的参与人需要监护人同意')
    expect(walkInProblem({ ...form, guardianConsent: true }, NOW)).toBe('')
    expect(walkInProblem({ ...form, birthYear: null }, NOW)).toBe('青少年现场报名请填写出生年份')
    expect(walkInProblem({ ...form, targetGroup: 'senior', birthYear: null }, NOW)).toBe('')
    expect(walkInProblem({ ...form, birthYear: 2030 }, NOW)).toBe('出生年份不能晚于今年')
  })
  it('asks for the name, group and area first', () => {
    expect(walkInProblem({ ...form, name: ' ' }, NOW)).toBe('请填写姓名')
    expect(walkInProblem({ ...form, targetGroup: null }, NOW)).toBe('请选择重点人群')
    expect(walkInProblem({ ...form, areaId: null }, NOW)).toBe('请选择镇街')
  })
  it('takes an optional phone and says when it is not a mobile number', () => {
    const adult = { ...form, targetGroup: 'senior', birthYear: null }
    expect(walkInProblem({ ...adult, phone: '' }, NOW)).toBe('')
    expect(walkInProblem({ ...adult, phone: '13905311234' }, NOW)).toBe('')
    expect(walkInProblem({ ...adult, phone: '5201234' }, NOW)).toBe('请输入正确的11位手机号，不填也可以')
    expect(walkInProblem({ ...adult, phone: '12345678901' }, NOW)).toBe('请输入正确的11位手机号，不填也可以')
  })
  it('says when a name is only emoji or symbols', () => {
    const adult = { ...form, targetGroup: 'senior', birthYear: null }
    expect(walkInProblem({ ...adult, name: '😀😀' }, NOW)).toBe('姓名应由汉字或字母组成，不能只有符号或表情')
    expect(walkInProblem({ ...adult, name: '买买提·艾力' }, NOW)).toBe('')
  })
})
