// QR matrices for tickets, cards and activity codes. Pure (uqr does the encoding); both platform
// renderers draw from the same matrix so a code looks the same in H5 and in WeChat.

import { encode } from 'uqr'

/** Modules of light margin drawn around the symbol; scanners need a quiet zone to find it. */
export const QR_QUIET_MODULES = 2

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number
  /** `true` is a dark module; rows[y][x]. */
  readonly rows: readonly (readonly boolean[])[]
}

/** Encodes text with medium error correction, e.g. `qrMatrix('KP1.T.…').size === 37`. */
export function qrMatrix(text: string): QrMatrix {
  const qr = encode(text, { ecc: 'M', border: 0 })
  return { size: qr.size, rows: qr.data }
}

/** Dark runs per row as [x, y, length], so a renderer draws one rectangle per run, not per module. */
export function darkRuns(m: QrMatrix): [number, number, number][] {
  const runs: [number, number, number][] = []
  m.rows.forEach((row, y) => {
    let start = -1
    for (let x = 0; x <= row.length; x++) {
      const dark = x < row.length && row[x]
      if (dark && start < 0) start = x
      else if (!dark && start >= 0) {
        runs.push([start, y, x - start])
        start = -1
      }
    }
  })
  return runs
}

/** An SVG path of the dark modules, offset by the quiet zone; the viewBox side is `size + 2 * QR_QUIET_MODULES`. */
export function qrSvgPath(m: QrMatrix): string {
  return darkRuns(m)
    .map(([x, y, n]) => `M${x + QR_QUIET_MODULES} ${y + QR_QUIET_MODULES}h${n}v1h-${n}z`)
    .join('')
}
