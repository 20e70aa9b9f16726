// The ledger pages' pure helpers: numbers, chart scaling, drill URLs, the indicator form and the audit lines.
import { base64ToBytes } from '../../src/services/base64'
import {
  cardStatus,
  changeSummary,
  chartBars,
  dateToInstant,
  drillUrl,
  emptyForm,
  expectedLine,
  fieldLabel,
  formFromCard,
  formToBody,
  formatNumber,
  formatValue,
  monthGroups,
  parseDrillParams,
  periodText,
  progressWidth,
  share,
  successorYears,
  toggle,
} from '../../src/packages/ledger/ledger-format'

const row = (key: string, value: number, label = key) => ({ key, label, value })
const definition = (over: Partial<Parameters<typeof changeSummary>[1]> = {}) => ({
  name: '培训科技辅导员',
  unit: '人',
  rule: 'unique_persons' as const,
  periodKind: 'annual' as const,
  target: 50,
  countingNote: '同一人只计一次',
  filters: { tags: ['science_tutor_training'] },
  entered: null,
  ...over,
})

describe('numbers', () => {
  it.each([
    [0, '0'],
    [1234, '1,234'],
    [12345.678, '12,345.68'],
    [-1500, '-1,500'],
    [45.7, '45.7'],
  ])('formats %s as %s', (n, text) => expect(formatNumber(n)).toBe(text))

  it('says 未填报 for an entered figure nobody has entered', () => {
    expect(formatValue(null, '元/人')).toBe('未填报')
    expect(formatValue(1.8, '元/人')).toBe('1.8 元/人')
  })

  it('clamps the progress bar to 0–100 and leaves it empty without a target', () => {
    expect(progressWidth(null)).toBe(0)
    expect(progressWidth(56.3)).toBe(56.3)
    expect(progressWidth(180)).toBe(100)
  })

  it('prints the pro-rata line only when there is a target', () => {
    expect(expectedLine(45.7, '人')).toBe('按时间进度应达 45.7 人')
    expect(expectedLine(null, '人')).toBe('')
  })

  it('shows a [from, to) period with its last day', () => {
    expect(periodText({ from: '2020-12-31T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z' })).toBe('2021-01-01 至 2025-12-31')
  })
})

describe('charts', () => {
  it('scales bars to the largest value and prints long bars inside', () => {
    const bars = chartBars([row('a', 100), row('b', 50), row('c', 0)])
    expect(bars.map((b) => b.width)).toEqual([100, 50, 0])
    expect(bars.map((b) => b.valueInside)).toEqual([true, false, false])
  })

  it('gives a tiny non-zero value a visible sliver', () => {
    expect(chartBars([row('a', 1000), row('b', 1)])[1].width).toBeGreaterThan(0)
  })

  it('groups months under their year and totals each year', () => {
    const groups = monthGroups([row('2025-11', 10), row('2025-12', 20), row('2026-01', 40)])
    expect(groups.map((g) => [g.year, g.total, g.bars.map((b) => b.month)])).toEqual([
      ['2025', 30, ['11月', '12月']],
      ['2026', 40, ['1月']],
    ])
    expect(groups[1].bars[0].width).toBe(100)
  })

  it('shows each row as a share of the total', () => {
    const rows = [row('a', 1), row('b', 3)]
    expect(share(3, rows)).toBe('75%')
    expect(share(0, [])).toBe('—')
  })
})

describe('drill-down links', () => {
  it('round-trips a breakdown cell through the URL', () => {
    const url = drillUrl({ indicatorId: 'plan-2021-2025-farmers', by: 'area', key: 'area-huancuilou', label: '环翠楼街道', areaId: undefined })
    expect(url.startsWith('/packages/ledger/pages/drill/index?indicatorId=plan-2021-2025-farmers&by=area')).toBe(true)
    expect(url).not.toContain('areaId')
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
    expect(parseDrillParams(query)).toEqual({ indicatorId: 'plan-2021-2025-farmers', by: 'area', key: 'area-huancuilou', label: '环翠楼街道', areaId: undefined, departmentCode: undefined })
  })

  it('drops an unknown breakdown and refuses a link without an indicator', () => {
    expect(parseDrillParams({ indicatorId: 'x', by: 'weekday', key: '1' })).toEqual({ indicatorId: 'x', label: undefined, areaId: undefined, departmentCode: undefined })
    expect(parseDrillParams({ by: 'month', key: '2026-09' })).toBeNull()
  })
})

describe('the indicator form', () => {
  const card = { ...definition(), filters: { tags: ['science_tutor_training'], minAttendance: 3, types: ['training'] } }

  it('round-trips a card into the saveIndicator body', () => {
    const check = formToBody(formFromCard(card), 'plan-2021-2025', 'ind-1')
    expect(check).toEqual({
      ok: true,
      body: {
        id: 'ind-1',
        planId: 'plan-2021-2025',
        name: '培训科技辅导员',
        unit: '人',
        rule: 'unique_persons',
        periodKind: 'annual',
        target: 50,
        countingNote: '同一人只计一次',
        filters: { types: ['training'], tags: ['science_tutor_training'], minAttendance: 3 },
      },
    })
  })

  it('treats an empty target as no target', () => {
    const check = formToBody({ ...emptyForm(), name: '参与人次', target: '  ' }, 'p')
    expect(check.ok && check.body.target).toBeNull()
  })

  it.each([
    [{ name: '' }, 'name'],
    [{ target: '-5' }, 'target'],
    [{ target: 'abc' }, 'target'],
    [{ tags: 'ok_tag, 科技' }, 'filters.tags'],
    [{ minAttendance: '2.5' }, 'filters.minAttendance'],
  ])('rejects %o in field %s', (patch, field) => {
    const check = formToBody({ ...emptyForm(), name: '指标', ...patch }, 'p')
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.field).toBe(field)
  })

  it('splits tags on Chinese and ASCII commas and spaces', () => {
    const check = formToBody({ ...emptyForm(), name: '指标', tags: 'a_1，b_2 c_3,' }, 'p')
    expect(check.ok && check.body.filters.tags).toEqual(['a_1', 'b_2', 'c_3'])
  })

  it('toggles a filter value', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b'])
    expect(toggle(['a', 'b'], 'a')).toEqual(['b'])
  })

  it('turns a Shanghai date into the instant of its midnight', () => {
    expect(dateToInstant('2026-01-01')).toBe('2025-12-31T16:00:00.000Z')
    expect(dateToInstant('2026/01/01')).toBeNull()
  })

  it('proposes the five years after a plan as its successor', () => {
    expect(successorYears({ from: '2020-12-31T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z' })).toEqual({ fromYear: 2026, toYear: 2030 })
  })
})

describe('the audit trail', () => {
  it('names what changed', () => {
    expect(changeSummary(null, definition())).toEqual(['新建指标'])
    expect(changeSummary(definition(), definition({ target: 60, rule: 'person_times' }))).toEqual(['统计方式：人数 → 人次', '目标值：50 → 60'])
    expect(changeSummary(definition(), definition({ filters: {} }))).toEqual(['筛选条件已修改'])
    expect(changeSummary(definition(), definition())).toEqual(['无实质变化'])
  })

  it('labels server field paths in Chinese', () => {
    expect(fieldLabel('filters.tags.0')).toBe('标签')
    expect(fieldLabel('target')).toBe('目标值')
    expect(fieldLabel('unknown')).toBe('unknown')
  })
})

describe('base64', () => {
  it('decodes standard and url-safe base64 with or without padding', () => {
    expect([...base64ToBytes('TWE=')]).toEqual([77, 97])
    expect([...base64ToBytes('TWFu')]).toEqual([77, 97, 110])
    expect([...base64ToBytes('-_8')]).toEqual([251, 255])
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(base64ToBytes('77u/5oyH5qCH'))).toBe('\ufeff指标')
  })
})

describe('card status', () => {
  it('asks for an entered figure that has a target but no value, instead of saying 无目标', () => {
    expect(cardStatus({ rule: 'entered', value: null, target: 2, status: 'no_target' }).label).toBe('待填报')
    expect(cardStatus({ rule: 'unique_persons', value: 10, target: 50, status: 'behind' }).label).toBe('进度滞后')
    expect(cardStatus({ rule: 'unique_persons', value: null, target: 50, status: 'no_target', periodNote: '本年度（2026年）不在本规划期内，不统计' }).label).toBe('不在规划期')
    expect(cardStatus({ rule: 'person_times', value: 10, target: null, status: 'no_target' }).label).toBe('无目标')
  })
})
