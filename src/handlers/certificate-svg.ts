// The 结业证书 as an SVG image, built on the server as a string: light (a few KB, no font or PDF
// library), Chinese text rendered with the viewer's CJK fonts (two named families, then generic).

import type { CertificateView } from '../domain/courses/views'
import { shanghaiDateLabel } from './course-format'

const WIDTH = 800
const HEIGHT = 1130
const SERIF = `'Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', 'SimSun', serif`
const SANS = `'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif`
const BODY_EM = 30
const BODY_WIDTH_EM = 20

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

/** Display width in ems: CJK and full-width characters count 1, others ½. */
const widthOf = (ch: string): number => (/[\u2E80-\uFFEF]/.test(ch) ? 1 : 0.5)

/** Breaks text into lines of at most `maxEm` ems, the first `firstIndentEm` shorter (SVG text does not wrap by itself). */
export function wrapText(text: string, maxEm: number, firstIndentEm = 0): string[] {
  const lines: string[] = []
  let line = ''
  let width = 0
  for (const ch of [...text]) {
    const w = widthOf(ch)
    const room = lines.length === 0 ? maxEm - firstIndentEm : maxEm
    if (width + w > room && line) {
      lines.push(line)
      line = ''
      width = 0
    }
    line += ch
    width += w
  }
  if (line) lines.push(line)
  return lines
}

const hoursText = (h: number): string => (Number.isInteger(h) ? String(h) : h.toFixed(1))

/** The certificate image; the file the resident downloads (H5) or views (weapp). */
export function certificateSvg(c: CertificateView): string {
  const body = `参加${c.organizer}举办的「${c.courseTitle}」，出席${c.lessonsAttended}节课（共${c.lessonsTotal}节），累计${hoursText(c.hours)}学时，达到结业要求，准予结业。`
  const lines = wrapText(body, BODY_WIDTH_EM, 2)
  const bodyTop = 420
  const lineHeight = BODY_EM * 1.9
  const text = (x: number, y: number, content: string, attrs: string) => `<text x="${x}" y="${y}" ${attrs}>${escapeXml(content)}</text>`
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(`结业证书：${c.personName}，${c.courseTitle}`)}">`,
    `<title>${escapeXml(`结业证书 ${c.certificateNo}`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fffdf6"/>`,
    `<rect x="28" y="28" width="${WIDTH - 56}" height="${HEIGHT - 56}" fill="none" stroke="#b8862b" stroke-width="6"/>`,
    `<rect x="44" y="44" width="${WIDTH - 88}" height="${HEIGHT - 88}" fill="none" stroke="#b8862b" stroke-width="1.5"/>`,
    text(WIDTH / 2, 210, '结业证书', `text-anchor="middle" font-family="${SERIF}" font-size="84" font-weight="700" fill="#9b1c1c" letter-spacing="16"`),
    text(WIDTH / 2, 270, '科普环翠 · 全民科学素质行动', `text-anchor="middle" font-family="${SANS}" font-size="26" fill="#6b5a3a"`),
    text(100, 370, `${c.personName}：`, `font-family="${SERIF}" font-size="40" font-weight="700" fill="#1f2329"`),
    ...lines.map((l, i) => text(100 + (i === 0 ? BODY_EM * 2 : 0), bodyTop + i * lineHeight, l, `font-family="${SERIF}" font-size="${BODY_EM}" fill="#1f2329"`)),
    text(100, bodyTop + lines.length * lineHeight + 20, '特发此证。', `font-family="${SERIF}" font-size="${BODY_EM}" fill="#1f2329"`),
    text(WIDTH - 100, 860, c.organizer, `text-anchor="end" font-family="${SERIF}" font-size="34" font-weight="700" fill="#1f2329"`),
    text(WIDTH - 100, 912, shanghaiDateLabel(c.completedAt), `text-anchor="end" font-family="${SERIF}" font-size="30" fill="#1f2329"`),
    text(100, 1000, `证书编号：${c.certificateNo}`, `font-family="${SANS}" font-size="22" fill="#4e5969"`),
    text(100, 1036, `验证码：${c.verificationCode}`, `font-family="${SANS}" font-size="22" fill="#4e5969"`),
    text(100, 1072, '验证方式：科普环翠 → 证书验证，输入验证码即可核验', `font-family="${SANS}" font-size="20" fill="#4e5969"`),
    '</svg>',
  ]
  return parts.join('\n')
}
