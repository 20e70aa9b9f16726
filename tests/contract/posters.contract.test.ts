// The contract of the poster port (src/domain/uploads/port.ts), run against every adapter.
import type { PosterRepository } from '../../src/domain/uploads/port'
import { posterIdOf, type PosterUpload } from '../../src/domain/uploads/rules'
import { at, userId } from '../support/factories'
import { ADAPTERS, openStoreEach } from './adapters'

const bytes = (seed: number, n = 64): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256)

function upload(seed: number, o: Partial<PosterUpload> = {}): { upload: PosterUpload; files: { original: Uint8Array; resized: { 750: Uint8Array; 375: Uint8Array } } } {
  const original = bytes(seed)
  return {
    upload: { id: posterIdOf(original), mime: 'image/jpeg', bytes: original.length, width: 1200, height: 900, uploadedBy: userId('org'), createdAt: at(1), ...o },
    files: { original, resized: { 750: bytes(seed + 1, 32), 375: bytes(seed + 2, 16) } },
  }
}

describe.each(ADAPTERS)('Poster contract: $name', (adapter) => {
  let posters: PosterRepository
  openStoreEach(adapter, (_s, ports) => (posters = ports.posters))

  it('saves a poster and reads its record and its served references back', async () => {
    const { upload: u, files } = upload(1)
    const ref = await posters.save(u, files)
    expect(ref.id).toBe(u.id)
    expect(ref.url).not.toBe(ref.thumbUrl)
    expect(ref.url).toContain('750')
    expect(ref.thumbUrl).toContain('375')
    expect(await posters.get(u.id)).toStrictEqual(u)
    expect(await posters.refOf(u.id)).toStrictEqual(ref)
  })

  it('keeps the first record when the same picture is saved again', async () => {
    const { upload: u, files } = upload(2)
    const first = await posters.save(u, files)
    const again = await posters.save({ ...u, uploadedBy: userId('other'), createdAt: at(5) }, files)
    expect(again).toStrictEqual(first)
    expect(await posters.get(u.id)).toStrictEqual(u)
  })

  it('knows nothing of ids it never stored, malformed ones included', async () => {
    const { upload: u } = upload(3)
    expect(await posters.get(u.id)).toBeNull()
    expect(await posters.refOf(u.id)).toBeNull()
    expect(await posters.refOf('img-../../etc/passwd')).toBeNull()
    expect(await posters.get('')).toBeNull()
  })

  it('keeps PNG records as PNG', async () => {
    const { upload: u, files } = upload(4, { mime: 'image/png', width: 800, height: 1000 })
    await posters.save(u, files)
    expect(await posters.get(u.id)).toMatchObject({ mime: 'image/png', width: 800, height: 1000 })
  })
})
