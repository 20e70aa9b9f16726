// The ledger's export layer: CSV that Excel opens correctly and cannot be turned into formulas,
// XLSX read back with an independent reader, and download names that survive browsers.
import zlib from 'node:zlib'
import readXlsxFile from 'read-excel-file/node'
import {
  contentDisposition,
  displayWidth,
  exportFileName,
  sheetNames,
  toCsv,
  toXlsx,
  type CellValue,
  type Column,
  type Table,
} from '../../src/handlers/export-table'

// ---------------------------------------------------------------------------------------------
// Factories

const col = (key: string, header: string, kind: Column['kind'] = 'text'): Column => ({ key, header, kind })

const TRICKY = '科协, "环翠"\n第二行'

/** The indicator table the ledger exports, with every kind of cell the writer must handle. */
function indicatorTable(overrides: Partial<Table> = {}): Table {
  return {
    title: '指标汇总',
    columns: [
      col('name', '指标名称'),
      col('value', '当前值', 'number'),
      col('rate', '完成率', 'percent'),
      col('updatedAt', '统计日期', 'date'),
      col('note', '备注'),
    ],
    rows: [
      { name: '科技辅导员培训（人）', value: 45, rate: 0.9, updatedAt: '2026-11-30T03:00:00.000Z', note: null },
      // 16:30 UTC is already the next day in Shanghai.
      { name: '高素质农民培训（人）', value: 1234.5, rate: 0.455, updatedAt: '2026-11-30T16:30:00.000Z', note: TRICKY },
      { name: '=HYPERLINK("http://evil")', value: -3, rate: -0.125, updatedAt: '2026-01-01', note: '@SUM(A1)' },
      { name: '人均科普经费', value: null, rate: null, updatedAt: null, note: '-2+3' },
    ],
    ...overrides,
  }
}

const activityTable = (): Table => ({
  title: '活动清单',
  columns: [col('title', '活动名称'), col('people', '参与人次', 'number')],
  rows: [{ title: '全国科普日·走进社区', people: 320 }],
})

// ---------------------------------------------------------------------------------------------
// Independent readers

/** RFC 4180 parser, written here so the CSV is checked by something other than its writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`)
    else field += c
  }
  if (field !== '' || row.length > 0) throw new Error('last record lacks its CRLF')
  return rows
}

/** The files inside a zip (an .xlsx), read from its central directory with node's inflate. */
function unzip(buffer: Buffer): Map<string, string> {
  const files = new Map<string, string>()
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = buffer.readUInt16LE(end + 10)
  let at = buffer.readUInt32LE(end + 16)
  for (let n = 0; n < count; n++) {
    const method = buffer.readUInt16LE(at + 10)
    const size = buffer.readUInt32LE(at + 20)
    const nameLength = buffer.readUInt16LE(at + 28)
    const extraLength = buffer.readUInt16LE(at + 30)
    const commentLength = buffer.readUInt16LE(at + 32)
    const local = buffer.readUInt32LE(at + 42)
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength)
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28)
    const data = buffer.subarray(dataAt, dataAt + size)
    files.set(name, (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8'))
    at += 46 + nameLength + extraLength + commentLength
  }
  return files
}

/** The style (`s` attribute) of a cell such as `B2`, and the XML of that style. */
function styleOf(parts: Map<string, string>, sheet: number, ref: string): string {
  const sheetXml = parts.get(`xl/worksheets/sheet${sheet}.xml`) ?? ''
  const cell = new RegExp(`<c r="${ref}"([^>]*)>`).exec(sheetXml)
  const index = Number(/ s="(\d+)"/.exec(cell?.[1] ?? '')?.[1] ?? 0)
  const styles = parts.get('xl/styles.xml') ?? ''
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? ''
  const xf = xfs.match(/<xf\b[^>]*?(\/>|>[\s\S]*?<\/xf>)/g)?.[index] ?? ''
  const fontId = Number(/fontId="(\d+)"/.exec(xf)?.[1] ?? 0)
  const fonts = /<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)?.[1] ?? ''
  const font = fonts.match(/<font\b[\s\S]*?<\/font>|<font\b[^>]*\/>/g)?.[fontId] ?? ''
  const numFmtId = /numFmtId="(\d+)"/.exec(xf)?.[1]
  const numFmt = new RegExp(`<numFmt numFmtId="${numFmtId}" formatCode="([^"]*)"`).exec(styles)?.[1] ?? `builtin:${numFmtId}`
  return `font=${font} numFmt=${numFmt}`
}

const csvText = (table: Table) => toCsv(table).toString('utf8')
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

// ---------------------------------------------------------------------------------------------

describe('toCsv', () => {
  const csv = toCsv(indicatorTable())
  const rows = parseCsv(csv.subarray(3).toString('utf8'))

  it('starts with the UTF-8 BOM so Excel reads Chinese correctly', () => {
    expect(csv.subarray(0, 3)).toEqual(BOM)
    expect(csv.subarray(3, 3 + Buffer.byteLength('指标名称'))).toEqual(Buffer.from('指标名称'))
  })

  it('ends every record with CRLF and has no bare line breaks outside quotes', () => {
    const text = csv.subarray(3).toString('utf8')
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.split('\r\n')).toHaveLength(1 + 4 + 1) // header, 4 rows, the empty rest after the last CRLF
    expect(() => parseCsv(text)).not.toThrow() // the parser refuses a bare LF or CR outside quotes
  })

  it('parses back to the same headers and values', () => {
    expect(rows).toEqual([
      ['指标名称', '当前值', '完成率', '统计日期', '备注'],
      ['科技辅导员培训（人）', '45', '90.0%', '2026-11-30', ''],
      ['高素质农民培训（人）', '1234.5', '45.5%', '2026-12-01', TRICKY],
      [`'=HYPERLINK("http://evil")`, '-3', '-12.5%', '2026-01-01', "'@SUM(A1)"],
      ['人均科普经费', '', '', '', "'-2+3"],
    ])
  })

  it('quotes a cell with a comma, a quote or a line break per RFC 4180, and no other', () => {
    expect(csvText(indicatorTable())).toContain('"科协, ""环翠""\n第二行"')
    const table: Table = { title: 't', columns: [col('a', 'a')], rows: ['甲,乙', '说"好"', '一\r\n二', '平常 文本'].map((a) => ({ a })) }
    expect(csvText(table)).toBe('\uFEFFa\r\n"甲,乙"\r\n"说""好"""\r\n"一\r\n二"\r\n平常 文本\r\n')
  })

  it('guards text that would start a formula, but never real numbers', () => {
    const table: Table = {
      title: 't',
      columns: [col('a', '=header'), col('n', 'n', 'number')],
      rows: [
        { a: '+1+1', n: -5 },
        { a: '-5', n: 0 },
        { a: '\t=1', n: 1e-7 },
        { a: 'a=b', n: 3 },
      ],
    }
    expect(parseCsv(csvText(table).slice(1))).toEqual([
      ["'=header", 'n'],
      ["'+1+1", '-5'],
      ['-5', '0'], // a signed number as text cannot run as a formula
      ["'\t=1", '1e-7'],
      ['a=b', '3'],
    ])
  })

  it('rounds percents half away from zero to one decimal, without binary noise', () => {
    const table: Table = { title: 't', columns: [col('p', 'p', 'percent')], rows: [0.4555, 1.0045, -0.0125, 0.18, 1, 0, -0.00001, 2.5].map((p) => ({ p })) }
    // 1.0045 * 100 is 100.44999999999999 in binary; the shown figure must still be 100.5%.
    expect(parseCsv(csvText(table).slice(1)).slice(1).flat()).toEqual(['45.6%', '100.5%', '-1.3%', '18.0%', '100.0%', '0.0%', '0.0%', '250.0%'])
  })

  it('writes the Shanghai date of an instant, and keeps a calendar date as it is', () => {
    const table: Table = {
      title: 't',
      columns: [col('d', 'd', 'date')],
      rows: ['2026-12-31T15:59:59.999Z', '2026-12-31T16:00:00.000Z', '2026-02-28', '2026-02-30', '未录入'].map((d) => ({ d })),
    }
    expect(parseCsv(csvText(table).slice(1)).slice(1).flat()).toEqual(['2026-12-31', '2027-01-01', '2026-02-28', '2026-02-30', '未录入'])
  })

  it('treats a missing key like null', () => {
    const table: Table = { title: 't', columns: [col('a', 'a'), col('b', 'b', 'number')], rows: [{ a: 'x' }] }
    expect(csvText(table)).toBe('\uFEFFa,b\r\nx,\r\n')
  })

  it('refuses NaN and Infinity instead of writing a blank figure', () => {
    const table = (v: CellValue): Table => ({ title: 't', columns: [col('v', 'v', 'percent')], rows: [{ v }] })
    expect(() => toCsv(table(NaN))).toThrow(RangeError)
    expect(() => toCsv(table(Infinity))).toThrow(/column "v"/)
  })
})

describe('toXlsx', () => {
  let buffer: Buffer
  beforeAll(async () => {
    buffer = await toXlsx([indicatorTable(), activityTable()])
  })

  it('writes a real workbook (a zip) with one sheet per table, named after the tables', async () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK')
    const sheets = await readXlsxFile(buffer)
    expect(sheets.map((s) => s.sheet)).toEqual(['指标汇总', '活动清单'])
  })

  it('reads back the same headers and values, numbers as numbers', async () => {
    const [indicators, activities] = await readXlsxFile(buffer)
    expect(indicators.data).toEqual([
      ['指标名称', '当前值', '完成率', '统计日期', '备注'],
      ['科技辅导员培训（人）', 45, 0.9, new Date(Date.UTC(2026, 10, 30)), null],
      ['高素质农民培训（人）', 1234.5, 0.455, new Date(Date.UTC(2026, 11, 1)), TRICKY],
      // Cells in an .xlsx are strings, never formulas, so the text is kept verbatim there.
      ['=HYPERLINK("http://evil")', -3, -0.125, new Date(Date.UTC(2026, 0, 1)), '@SUM(A1)'],
      ['人均科普经费', null, null, null, '-2+3'],
    ])
    expect(activities.data).toEqual([
      ['活动名称', '参与人次'],
      ['全国科普日·走进社区', 320],
    ])
    expect(typeof indicators.data[1][1]).toBe('number')
    expect(typeof activities.data[1][1]).toBe('number')
  })

  it('stores numbers as numeric cells, not shared strings', () => {
    const sheet = unzip(buffer).get('xl/worksheets/sheet1.xml') ?? ''
    expect(sheet).toMatch(/<c r="B3"[^>]*><v>1234\.5<\/v><\/c>/)
    expect(sheet).not.toMatch(/<c r="B3"[^>]*t="(s|str|inlineStr)"/)
  })

  it('makes the header bold and frozen, percents 0.0% and dates yyyy-mm-dd', () => {
    const parts = unzip(buffer)
    expect(styleOf(parts, 1, 'A1')).toMatch(/<b\s*\/>/)
    expect(styleOf(parts, 1, 'A2')).not.toMatch(/<b\s*\/>/)
    expect(styleOf(parts, 1, 'C2')).toContain('numFmt=0.0%')
    expect(styleOf(parts, 1, 'D2')).toContain('numFmt=yyyy-mm-dd')
    expect(parts.get('xl/worksheets/sheet1.xml')).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/)
  })

  it('sizes columns for Chinese text, which is twice as wide as Latin', () => {
    const sheet = unzip(buffer).get('xl/worksheets/sheet2.xml') ?? ''
    const widths = [...sheet.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(2)
    expect(displayWidth('全国科普日·走进社区')).toBe(19) // nine CJK characters and a narrow middle dot
    expect(displayWidth('科普ab１')).toBe(2 + 2 + 1 + 1 + 2) // the full-width digit is wide too
    expect(widths[0]).toBeGreaterThanOrEqual(19)
    expect(widths[0]).toBeLessThanOrEqual(19 + 4)
    expect(widths[1]).toBeGreaterThanOrEqual(8) // 参与人次: four wide characters
  })

  it('makes sheet names Excel accepts from any titles', async () => {
    const long = '高素质农民培训二〇二一至二〇二五年度按部门按区域按人群明细汇总表'
    const titles = ['指标:汇总/[全区]?*\\', long, long, '指标：汇总', '', "'引号'", 'History'.toUpperCase()]
    const names = sheetNames(titles)
    for (const name of names) {
      expect(name).not.toMatch(/[[\]:*?/\\]/)
      expect(Array.from(name).length).toBeLessThanOrEqual(31)
      expect(name).not.toMatch(/^'|'$/)
      expect(name).not.toBe('')
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
    expect(names[0]).toBe('指标 汇总 全区')
    expect(names[2].endsWith(' (2)')).toBe(true)
    expect(names[6]).toBe('HISTORY (2)')
    const written = await readXlsxFile(await toXlsx(titles.map((title) => ({ ...activityTable(), title }))))
    expect(written.map((s) => s.sheet)).toEqual(names)
  })

  it('writes a date column cell that is no real date as text, never as a rolled-over date', async () => {
    const table: Table = { title: '日期', columns: [col('d', '日期', 'date')], rows: ['2026-02-30', '待定', '2026-02-28'].map((d) => ({ d })) }
    const [sheet] = await readXlsxFile(await toXlsx([table]))
    expect(sheet.data.slice(1).flat()).toEqual(['2026-02-30', '待定', new Date(Date.UTC(2026, 1, 28))])
  })

  it('refuses an empty workbook', async () => {
    await expect(toXlsx([])).rejects.toThrow(RangeError)
  })
})

describe('exportFileName', () => {
  it('carries the product, the kind, the scope and the Shanghai date', () => {
    expect(exportFileName('指标汇总', '全区', '2026-11-30T03:00:00.000Z', 'xlsx')).toBe('科普环翠_指标汇总_全区_2026-11-30.xlsx')
    expect(exportFileName('活动清单', '科协', '2026-11-30T16:00:00.000Z', 'csv')).toBe('科普环翠_活动清单_科协_2026-12-01.csv')
  })

  it('strips characters illegal in file names and drops an empty scope', () => {
    expect(exportFileName('部门/年度:汇总*', ' 环翠楼街道<"A">|? ', '2026-11-30T03:00:00Z', 'csv')).toBe('科普环翠_部门年度汇总_环翠楼街道A_2026-11-30.csv')
    expect(exportFileName('指标汇总', '\u0000/\\', '2026-11-30T03:00:00Z', 'xlsx')).toBe('科普环翠_指标汇总_2026-11-30.xlsx')
  })

  it('stays under 255 bytes however long the scope', () => {
    const name = exportFileName('部门年度汇总'.repeat(20), '环翠楼街道'.repeat(40), '2026-11-30T03:00:00Z', 'xlsx')
    expect(Buffer.byteLength(name)).toBeLessThan(255)
    expect(name.endsWith('_2026-11-30.xlsx')).toBe(true)
  })

  it('refuses a `now` that is not an instant', () => {
    expect(() => exportFileName('指标汇总', '全区', 'yesterday', 'csv')).toThrow(RangeError)
  })
})

describe('contentDisposition', () => {
  const name = '科普环翠_指标汇总_全区_2026-11-30.xlsx'
  const header = contentDisposition(name)

  it('is plain ASCII, so any HTTP stack accepts it', () => {
    expect(header).toMatch(/^[\x20-\x7e]+$/)
  })

  it("carries the real name as filename*=UTF-8''…, which decodes to the Chinese name", () => {
    const encoded = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1] ?? ''
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/) // RFC 5987 attr-chars and escapes only
    expect(decodeURIComponent(encoded)).toBe(name)
  })

  it('has an ASCII filename fallback that keeps the date and extension', () => {
    expect(header.startsWith('attachment; filename="2026-11-30.xlsx"; ')).toBe(true)
    expect(contentDisposition('指标汇总.csv')).toContain('filename="export.csv"')
  })

  it("escapes what would break the header: quotes, backslashes, apostrophes, CR and LF", () => {
    const tricky = contentDisposition(`a"b\\c'd(e)\r\nSet-Cookie: x.csv`)
    expect(tricky).not.toMatch(/[\r\n]/)
    expect(/filename="([^"]*)"/.exec(tricky)?.[1]).toBe('a_b_c\'d(e)Set-Cookie: x.csv')
    expect(tricky).toContain("filename*=UTF-8''a%22b%5Cc%27d%28e%29Set-Cookie%3A%20x.csv")
  })
})
