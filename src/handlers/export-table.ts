// The export layer of the plan ledger: one neutral table shape, written as CSV or XLSX, plus the
// file name and the Content-Disposition header of the download. No HTTP and no database here.
//
// XLSX is written with `write-excel-file` (MIT; 2.9 MB unpacked plus its single dependency `fflate`,
// 0.8 MB, pure JS: no native code, nothing fetched at run time). Its author releases it regularly
// (4.x in 2025-26) and it ships its own TypeScript types. It was chosen over:
// - `exceljs`: about 190 packages and 53 MB installed (archiver, unzipper, tmp, uuid, ...), latest
//   stable still 4.4.0 with only a prerelease since; it also reads files, which the server never does.
// - `xlsx-js-style`: a fork of SheetJS 0.18 with two releases, carrying SheetJS's old codepage/cfb stack.
// - SheetJS `xlsx` on npm: frozen at 0.18.5; newer versions are published only on SheetJS's own CDN.
// It covers what the ledger needs: several sheets, bold cells, number and date formats, column
// widths and a frozen header row. Tests read files back with `read-excel-file` (same author).

import type { Cell, Row, Sheet } from 'write-excel-file/node'
import { SHANGHAI_OFFSET_MINUTES } from '../domain/time'

/** How a column's values are understood and shown. */
export type ColumnKind = 'text' | 'number' | 'percent' | 'date'

export interface Column {
  readonly key: string
  /** The header shown to people, e.g. `参与人次`. */
  readonly header: string
  /**
   * - `number`: a JS number, written as a number.
   * - `percent`: a ratio (0.455 means 45.5 %), shown with one decimal.
   * - `date`: a UTC ISO instant (`2026-09-19T01:00:00.000Z`) or a calendar date (`2026-09-19`),
   *   shown as the Shanghai calendar date `YYYY-MM-DD`.
   * A string in a number, percent or date column that does not fit the kind (e.g. `未录入`) is
   * written as text; `null` (or a missing key) is an empty cell.
   */
  readonly kind: ColumnKind
}

export type CellValue = string | number | null

export interface Table {
  /** Names the sheet in an XLSX file, e.g. `指标汇总`. */
  readonly title: string
  readonly columns: readonly Column[]
  readonly rows: readonly Readonly<Record<string, CellValue>>[]
}

// ---------------------------------------------------------------------------------------------
// Values

const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000
/** Percent cells show this many decimals, in CSV and in XLSX alike. */
const PERCENT_DECIMALS = 1
const PERCENT_FORMAT = `0.${'0'.repeat(PERCENT_DECIMALS)}%`
const DATE_FORMAT = 'yyyy-mm-dd'
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** The Shanghai calendar date of a date cell, e.g. `{ y: 2026, m: 12, d: 1 }`, or null when it is not a date. */
function calendarDate(value: string): { y: number; m: number; d: number } | null {
  const plain = PLAIN_DATE.exec(value)
  if (plain) {
    const [y, m, d] = [Number(plain[1]), Number(plain[2]), Number(plain[3])]
    const check = new Date(Date.UTC(y, m - 1, d))
    // Rejects 2026-02-30 and the like, which Date.UTC would silently roll over.
    return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? { y, m, d } : null
  }
  if (!ISO_INSTANT.test(value)) return null
  const instant = Date.parse(value)
  if (Number.isNaN(instant)) return null
  const local = new Date(instant + OFFSET_MS)
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const dateText = ({ y, m, d }: { y: number; m: number; d: number }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`

function finite(value: number, column: Column): number {
  // NaN or Infinity (a 0/0 rate, say) is a bug upstream; a blank figure in a report would hide it.
  if (!Number.isFinite(value)) throw new RangeError(`export: column "${column.key}" holds ${value}`)
  return value
}

/** A ratio as the percent text shown, e.g. `0.455` → `45.5%`. */
function percentText(ratio: number): string {
  // toPrecision strips binary noise (0.4555 * 100 = 45.550000000000004) before rounding half away from zero.
  const percent = Number((ratio * 100).toPrecision(15))
  const scale = 10 ** PERCENT_DECIMALS
  const rounded = (Math.sign(percent) * Math.round(Math.abs(percent) * scale)) / scale
  return `${(rounded + 0).toFixed(PERCENT_DECIMALS)}%` // `+ 0` turns -0 into 0
}

/** What a cell is, once its column's kind has been applied. */
type Typed =
  | { readonly as: 'empty' }
  | { readonly as: 'text'; readonly text: string }
  | { readonly as: 'number'; readonly value: number }
  | { readonly as: 'percent'; readonly value: number }
  | { readonly as: 'date'; readonly y: number; readonly m: number; readonly d: number }

function typed(value: CellValue | undefined, column: Column): Typed {
  if (value === null || value === undefined) return { as: 'empty' }
  if (typeof value === 'number') {
    finite(value, column)
    if (column.kind === 'percent') return { as: 'percent', value }
    // A number in a text or date column is still a number; showing it as one is the least surprise.
    return { as: 'number', value }
  }
  if (column.kind === 'date') {
    const date = calendarDate(value)
    if (date) return { as: 'date', ...date }
  }
  return { as: 'text', text: value }
}

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF'
const CRLF = '\r\n'
/** Text a spreadsheet would run as a formula (OWASP "CSV injection"; tab and CR included). */
const FORMULA_START = /^[=+\-@\t\r]/
/** Text that is only a signed number, which a spreadsheet reads as that number, never as a formula. */
const NUMERIC_TEXT = /^[+-]?\d+(\.\d+)?$/

/** Prefixes text that would start a formula with `'`, so the spreadsheet shows it verbatim. */
function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMERIC_TEXT.test(text) ? `'${text}` : text
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, with quotes doubled. */
function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function csvCell(cell: Typed): string {
  switch (cell.as) {
    case 'empty':
      return ''
    case 'number':
      return String(cell.value) // real numbers are never guarded: -5 stays -5
    case 'percent':
      return percentText(cell.value)
    case 'date':
      return dateText(cell)
    case 'text':
      return quoteField(guardFormula(cell.text))
  }
}

/**
 * The table as CSV that Excel opens correctly: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting,
 * and text that would start a formula prefixed with `'`.
 * @example toCsv({ title: '指标', columns: [{ key: 'n', header: '人数', kind: 'number' }], rows: [{ n: 3 }] })
 *   // → BOM + '人数\r\n3\r\n'
 */
export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => quoteField(guardFormula(c.header))).join(',')]
  for (const row of table.rows) {
    lines.push(table.columns.map((c) => csvCell(typed(row[c.key], c))).join(','))
  }
  return Buffer.from(BOM + lines.join(CRLF) + CRLF, 'utf8')
}

// ---------------------------------------------------------------------------------------------
// XLSX

const SHEET_NAME_MAX_CHARS = 31
const SHEET_NAME_ILLEGAL = /[[\]:*?/\\\u0000-\u001f]/g
const COLUMN_MIN_WIDTH = 8
const COLUMN_MAX_WIDTH = 60
/** Room for the filter arrow and a little air, in character widths. */
const COLUMN_PADDING = 2
const DATE_WIDTH = 10

/** Display width in Excel character units: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000
    width += wide ? 2 : 1
  }
  return width
}

/**
 * Sheet names Excel accepts: without `[]:*?/\`, not starting or ending with `'`, at most 31
 * characters, unique ignoring case (a repeated name gets ` (2)`, ` (3)`, ...), never empty and
 * never Excel's reserved `History`.
 */
export function sheetNames(titles: readonly string[]): string[] {
  const taken = new Set<string>(['history']) // Excel reserves this name for change tracking
  return titles.map((title, index) => {
    const clean = title.replace(SHEET_NAME_ILLEGAL, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim()
    const base = clean === '' ? `Sheet${index + 1}` : clean
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`
      const chars = Array.from(base) // by code point, so a surrogate pair is never cut in half
      const name = chars.slice(0, SHEET_NAME_MAX_CHARS - suffix.length).join('').trimEnd() + suffix
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase())
        return name
      }
    }
  })
}

function xlsxCell(cell: Typed): Cell {
  switch (cell.as) {
    case 'empty':
      return null
    case 'number':
      return { value: cell.value, type: Number }
    case 'percent':
      return { value: cell.value, type: Number, format: PERCENT_FORMAT }
    case 'date':
      // Excel dates have no zone: midnight UTC of the Shanghai date is exactly that day's serial.
      return { value: new Date(Date.UTC(cell.y, cell.m - 1, cell.d)), type: Date, format: DATE_FORMAT }
    case 'text':
      // Written as a string cell, never a formula, so no guard is needed (or wanted) here.
      return cell.text.includes('\n') ? { value: cell.text, type: String, wrap: true } : { value: cell.text, type: String }
  }
}

function shownWidth(cell: Typed): number {
  switch (cell.as) {
    case 'empty':
      return 0
    case 'number':
      return String(cell.value).length
    case 'percent':
      return percentText(cell.value).length
    case 'date':
      return DATE_WIDTH
    case 'text':
      return Math.max(...cell.text.split('\n').map(displayWidth))
  }
}

function sheetOf(table: Table, name: string): Sheet<Buffer> {
  const cells = table.rows.map((row) => table.columns.map((c) => typed(row[c.key], c)))
  const header: Row = table.columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold', align: 'center' }))
  const columns = table.columns.map((c, i) => {
    const widest = Math.max(displayWidth(c.header), ...cells.map((r) => shownWidth(r[i])))
    return { width: Math.min(COLUMN_MAX_WIDTH, Math.max(COLUMN_MIN_WIDTH, widest + COLUMN_PADDING)) }
  })
  return {
    sheet: name,
    data: [header, ...cells.map((r) => r.map(xlsxCell))],
    columns,
    stickyRowsCount: 1,
  }
}

/**
 * One workbook with a sheet per table: a bold, frozen header row, numbers as numbers, percents
 * formatted `0.0%`, dates as real dates shown `yyyy-mm-dd`, and columns wide enough for Chinese text.
 * @example const xlsx = await toXlsx([indicatorTable, activityTable])
 */
export async function toXlsx(tables: readonly Table[]): Promise<Buffer> {
  if (tables.length === 0) throw new RangeError('export: a workbook needs at least one table')
  const names = sheetNames(tables.map((t) => t.title))
  const sheets = tables.map((t, i) => sheetOf(t, names[i]))
  // Loaded on the first XLSX export, not with every function that can export (a cold start evaluates
  // none of it unless it writes a workbook).
  const { default: writeXlsxFile } = await import('write-excel-file/node')
  return writeXlsxFile(sheets, { fontFamily: 'Microsoft YaHei' }).toBuffer()
}

// ---------------------------------------------------------------------------------------------
// File name and download header

const PRODUCT_NAME = '科普环翠'
/** Characters no file system (or browser download) accepts, plus control characters. */
const FILE_NAME_ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]/g
/** Keeps the name under 255 bytes even when every character takes three bytes in UTF-8. */
const FILE_NAME_PART_MAX_CHARS = 30

function fileNamePart(text: string): string {
  const clean = text.replace(FILE_NAME_ILLEGAL, '').replace(/\s+/g, ' ').trim()
  return Array.from(clean).slice(0, FILE_NAME_PART_MAX_CHARS).join('').replace(/[. ]+$/, '')
}

/**
 * The download's file name, carrying the scope and the Shanghai date of `now`.
 * @example exportFileName('指标汇总', '全区', '2026-11-30T03:00:00.000Z', 'xlsx') // → '科普环翠_指标汇总_全区_2026-11-30.xlsx'
 */
export function exportFileName(kind: string, scope: string, now: string, ext: 'csv' | 'xlsx'): string {
  const date = ISO_INSTANT.test(now) ? calendarDate(now) : null
  if (!date) throw new RangeError(`export: "${now}" is not a UTC ISO instant`)
  const parts = [PRODUCT_NAME, fileNamePart(kind), fileNamePart(scope), dateText(date)].filter((p) => p !== '')
  return `${parts.join('_')}.${ext}`
}

/** RFC 5987 attr-chars are letters, digits and !#$&+-.^_`|~; everything else is percent-encoded. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The name for clients that ignore `filename*`: ASCII only, nothing to escape, never empty. */
function asciiFallback(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  const [base, ext] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, '']
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_')
  const cleanBase = ascii(base).replace(/_+/g, '_').replace(/^[_ ]+|[_ ]+$/g, '')
  return (cleanBase === '' ? 'export' : cleanBase) + ascii(ext)
}

/**
 * An RFC 6266 `Content-Disposition` value: an ASCII `filename` for old clients and the real name
 * as `filename*=UTF-8''…` (RFC 5987), which every current browser prefers.
 * @example contentDisposition('科普环翠_全区.csv')
 *   // → `attachment; filename="export.csv"; filename*=UTF-8''%E7%A7%91%E6%99%AE%E7%8E%AF%E7%BF%A0_%E5%85%A8%E5%8C%BA.csv`
 */
export function contentDisposition(fileName: string): string {
  const name = fileName.replace(/[\u0000-\u001f\u007f]/g, '') // a header must never carry CR or LF
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'

/** One table as the file a client saves (an ExportFile of contracts.ts): XLSX or CSV, base64. */
export async function tableFile(table: Table, format: 'xlsx' | 'csv', fileName: string): Promise<{ fileName: string; contentType: string; base64: string }> {
  const bytes = format === 'xlsx' ? await toXlsx([table]) : toCsv(table)
  return { fileName, contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE, base64: bytes.toString('base64') }
}
