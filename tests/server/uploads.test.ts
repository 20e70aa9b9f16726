// Activity posters through the gateway: the upload action, the served resized copies, and an activity
// carrying its poster from the form to the resident's page.
import fs from 'node:fs'
import path from 'node:path'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'
import { gifOf, jpegOf, pngOf, sizeOf, truncatedJpeg } from '../support/images'
import { POSTER_BYTES_MAX } from '../../src/domain/uploads/rules'
import { UPLOAD_BODY_LIMIT_BYTES } from '../../server/gateway'

const U = WORLD.users
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')

describe('poster uploads', () => {
  let h: Harness
  let uploadsDir: string
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    uploadsDir = path.join(path.dirname(h.store.db.name), 'uploads')
  })
  afterEach(() => h.close())

  const files = () => (fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir).sort() : [])

  it('stores a JPEG as uploaded and serves it resized to 750 and 375 px wide JPEGs', async () => {
    const jpeg = await jpegOf(1600, 1200)
    const r = await h.call('uploads', 'poster', { data: b64(jpeg) }, U.organizer)
    expect(r).toMatchObject({ ok: true, data: { width: 1600, height: 1200 } })
    expect(r.data.id).toMatch(/^img-[0-9a-f]{32}$/)
    expect(r.data.url).toBe(`/uploads/${r.data.id}-750.jpg`)
    expect(files()).toEqual([`${r.data.id}-375.jpg`, `${r.data.id}-750.jpg`, `${r.data.id}.jpg`])
    for (const [url, width] of [[r.data.url, 750], [r.data.thumbUrl, 375]] as const) {
      const res = await fetch(h.url + url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/jpeg')
      expect(res.headers.get('cache-control')).toContain('immutable')
      const body = new Uint8Array(await res.arrayBuffer())
      expect(await sizeOf(body)).toEqual({ width, height: Math.round((width * 3) / 4), format: 'jpeg' })
      expect(body.length).toBeLessThan(jpeg.length)
    }
    // The same picture again is the same poster, stored once.
    const again = await h.call('uploads', 'poster', { data: b64(jpeg) }, U.admin)
    expect(again.data.id).toBe(r.data.id)
    expect(files()).toHaveLength(3)
  })

  it('keeps a small PNG at its own width (never enlarged), served as JPEG', async () => {
    const r = await h.call('uploads', 'poster', { data: b64(await pngOf(600, 800)) }, U.organizer)
    expect(r).toMatchObject({ ok: true, data: { width: 600, height: 800 } })
    expect(files()).toContain(`${r.data.id}.png`)
    const big = new Uint8Array(await (await fetch(h.url + r.data.url)).arrayBuffer())
    expect(await sizeOf(big)).toEqual({ width: 600, height: 800, format: 'jpeg' })
  })

  it.each([
    ['a GIF', async () => b64(await gifOf()), 'UPLOAD.TYPE'],
    ['text posing as an image', async () => b64(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>')), 'UPLOAD.TYPE'],
    ['a truncated JPEG', async () => b64(await truncatedJpeg()), 'UPLOAD.NOT_IMAGE'],
    ['a JPEG header and nothing else', async () => b64(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'UPLOAD.NOT_IMAGE'],
    ['a picture too small to read', async () => b64(await jpegOf(150, 120)), 'UPLOAD.TOO_SMALL'],
    ['a long strip', async () => b64(await pngOf(300, 1500)), 'UPLOAD.ASPECT'],
    ['nothing', async () => '', 'UPLOAD.EMPTY'],
    ['base64 that is not', async () => '!!!!', 'UPLOAD.TYPE'],
  ])('refuses %s, writing nothing', async (_name, data, code) => {
    const before = h.snapshot()
    const r = await h.call('uploads', 'poster', { data: await data() }, U.organizer)
    expect(r).toMatchObject({ ok: false, error: { code, field: expect.any(String) } })
    expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
    expect(files()).toEqual([])
  })

  it('refuses a picture over 2 MB with its own code, and a body over the upload limit before reading it', async () => {
    const before = h.snapshot()
    // 2 MB + 1 byte of a JPEG's magic then noise: refused by size, before anything decodes it.
    const over = new Uint8Array(POSTER_BYTES_MAX + 1)
    over.set([0xff, 0xd8, 0xff])
    const r = await h.call('uploads', 'poster', { data: b64(over) }, U.organizer)
    expect(r).toMatchObject({ ok: false, error: { code: 'UPLOAD.TOO_LARGE', field: 'file' } })
    const huge = await h.post('/api/uploads', JSON.stringify({ action: 'poster', data: { data: 'A'.repeat(UPLOAD_BODY_LIMIT_BYTES) } }), U.organizer)
    expect(huge).toMatchObject({ status: 413, json: { ok: false, error: { code: 'INPUT.TOO_LONG' } } })
    // Other functions keep their small limit.
    const other = await h.post('/api/activities', JSON.stringify({ action: 'list', data: { text: 'A'.repeat(70 * 1024) } }))
    expect(other.status).toBe(413)
    expect(h.snapshot()).toBe(before)
    expect(files()).toEqual([])
  })

  it('serves only the resized copies, never the original or anything else in the folder', async () => {
    const r = await h.call('uploads', 'poster', { data: b64(await jpegOf()) }, U.organizer)
    for (const p of [`/uploads/${r.data.id}.jpg`, '/uploads/..%2ftest.sqlite', '/uploads/', `/uploads/${r.data.id}-1000.jpg`, '/uploads/img-00000000000000000000000000000000-750.jpg']) {
      expect((await fetch(h.url + p)).status).toBe(404)
    }
  })

  it('puts the poster on the activity: the form names it by id, the server fills in where it is served', async () => {
    const up = await h.call('uploads', 'poster', { data: b64(await jpegOf()) }, U.organizer)
    const editing = await h.call('activities', 'editing', { id: WORLD.activities.open }, U.organizer)
    expect(editing).toMatchObject({ ok: true })
    const input = { ...editing.data.input, poster: { id: up.data.id, url: 'https://evil.example/x.jpg', thumbUrl: 'javascript:alert(1)' } }
    const changed = await h.call('activities', 'update', { id: WORLD.activities.open, input }, U.organizer)
    expect(changed).toMatchObject({ ok: true })
    const page = await h.call('activities', 'get', { id: WORLD.activities.open })
    expect(page.data.activity.poster).toEqual({ url: up.data.url, thumbUrl: up.data.thumbUrl })
    // An id nobody uploaded is refused.
    const before = h.snapshot()
    const unknown = await h.call('activities', 'update', { id: WORLD.activities.open, input: { ...input, poster: { id: `img-${'0'.repeat(32)}`, url: '', thumbUrl: '' } } }, U.organizer)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UPLOAD.NOT_FOUND', field: 'poster' } })
    expect(h.snapshot()).toBe(before)
    // Taking the poster off.
    await h.call('activities', 'update', { id: WORLD.activities.open, input: { ...input, poster: null } }, U.organizer)
    expect((await h.call('activities', 'get', { id: WORLD.activities.open })).data.activity.poster).toBeNull()
  })
})
