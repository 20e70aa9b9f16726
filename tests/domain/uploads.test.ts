import { checkPosterBytes, decidePosterUpload, posterIdOf, POSTER_BYTES_MAX, sniffPosterType } from '../../src/domain/uploads/rules'
import { at, userId } from '../support/factories'

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
const GIF = new TextEncoder().encode('GIF89a....')

describe('poster rules', () => {
  it('tells the type by the bytes only', () => {
    expect(sniffPosterType(JPEG)).toBe('image/jpeg')
    expect(sniffPosterType(PNG)).toBe('image/png')
    expect(sniffPosterType(GIF)).toBeNull()
    expect(sniffPosterType(PNG.subarray(0, 7))).toBeNull()
    expect(sniffPosterType(new TextEncoder().encode('<svg/>'))).toBeNull()
  })

  it('refuses empty, oversize and other types before decoding', () => {
    expect(checkPosterBytes(new Uint8Array())).toMatchObject({ ok: false, error: { code: 'UPLOAD.EMPTY' } })
    const big = new Uint8Array(POSTER_BYTES_MAX + 1)
    big.set(JPEG)
    expect(checkPosterBytes(big)).toMatchObject({ ok: false, error: { code: 'UPLOAD.TOO_LARGE' } })
    expect(checkPosterBytes(big.subarray(0, POSTER_BYTES_MAX))).toMatchObject({ ok: true, value: 'image/jpeg' })
    expect(checkPosterBytes(GIF)).toMatchObject({ ok: false, error: { code: 'UPLOAD.TYPE' } })
  })

  it('accepts a decodable picture of a sensible size, named by its digest', () => {
    const by = userId('org')
    const ok = decidePosterUpload({ bytes: JPEG, decoded: { width: 1080, height: 1920 }, by, now: at(1) })
    expect(ok).toEqual({ ok: true, value: { id: posterIdOf(JPEG), mime: 'image/jpeg', bytes: JPEG.length, width: 1080, height: 1920, uploadedBy: by, createdAt: at(1) } })
    expect(posterIdOf(JPEG)).toMatch(/^img-[0-9a-f]{32}$/)
    expect(posterIdOf(JPEG)).not.toBe(posterIdOf(PNG))
    const code = (decoded: { width: number; height: number } | null) => {
      const r = decidePosterUpload({ bytes: PNG, decoded, by, now: at(1) })
      return r.ok ? 'ok' : r.error.code
    }
    expect(code(null)).toBe('UPLOAD.NOT_IMAGE')
    expect(code({ width: 199, height: 800 })).toBe('UPLOAD.TOO_SMALL')
    expect(code({ width: 200, height: 800 })).toBe('ok')
    expect(code({ width: 200, height: 801 })).toBe('UPLOAD.ASPECT')
    expect(code({ width: 8001, height: 4000 })).toBe('UPLOAD.DIMENSIONS')
    expect(code({ width: 8000, height: 4000 })).toBe('ok')
  })
})
