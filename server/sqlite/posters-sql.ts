// Local side of the poster port (src/domain/uploads/port.ts): the files in a directory beside the
// database (`<id>.jpg|png` as uploaded, `<id>-750.jpg` and `<id>-375.jpg` served by the gateway at
// /uploads/<name>), and their records in the table `uploads` (migration 14). Files are written before
// the record, each to a temporary name then renamed, so a record never points at a half-written file.

import fs from 'node:fs'
import path from 'node:path'
import type { UserId } from '../../src/domain/ids'
import type { PosterRepository } from '../../src/domain/uploads/port'
import { POSTER_ID_PATTERN, POSTER_WIDTHS, type PosterMime, type PosterRef, type PosterUpload } from '../../src/domain/uploads/rules'
import { canonicalInstant, reader } from './rows'
import type { SqliteStore } from './store'

interface UploadRow {
  id: string
  mime: string
  bytes: number
  width: number
  height: number
  uploaded_by: string
  created_at: string
}

const MIMES: readonly PosterMime[] = ['image/jpeg', 'image/png']
/** The gateway's path for served posters. */
export const POSTERS_URL_PREFIX = '/uploads/'
/** A file name the gateway serves: one of the resized copies, never the original. */
export const SERVED_POSTER_NAME = /^img-[0-9a-f]{32}-(750|375)\.jpg$/

function rowToUpload(row: UploadRow): PosterUpload {
  const r = reader('uploads', row as unknown as Record<string, unknown>)
  return {
    id: r.str('id'),
    mime: r.oneOf<PosterMime>('mime', MIMES),
    bytes: r.int('bytes'),
    width: r.int('width'),
    height: r.int('height'),
    uploadedBy: r.str('uploaded_by') as UserId,
    createdAt: r.str('created_at'),
  }
}

export const refFor = (id: string): PosterRef => ({ id, url: `${POSTERS_URL_PREFIX}${id}-750.jpg`, thumbUrl: `${POSTERS_URL_PREFIX}${id}-375.jpg` })

export function writeAtomically(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, bytes)
  fs.renameSync(tmp, file)
}

/** The poster port on the store's connection, with its files in `dir` (created when missing). */
export function sqlitePosterRepository(store: Pick<SqliteStore, 'db' | 'serialized'>, dir: string): PosterRepository {
  fs.mkdirSync(dir, { recursive: true })
  const insert = store.db.prepare<[UploadRow]>(
    'INSERT INTO uploads (id, mime, bytes, width, height, uploaded_by, created_at) VALUES (@id, @mime, @bytes, @width, @height, @uploaded_by, @created_at) ON CONFLICT (id) DO NOTHING',
  )
  const byId = store.db.prepare<[string], UploadRow>('SELECT id, mime, bytes, width, height, uploaded_by, created_at FROM uploads WHERE id = ?')
  const get = async (id: string): Promise<PosterUpload | null> => {
    if (!POSTER_ID_PATTERN.test(id)) return null
    const row = await store.serialized('posters.get', () => byId.get(id))
    return row ? rowToUpload(row) : null
  }
  return {
    async save(upload, files) {
      if (!POSTER_ID_PATTERN.test(upload.id)) throw new Error(`not a poster id: ${upload.id}`)
      writeAtomically(path.join(dir, `${upload.id}.${upload.mime === 'image/png' ? 'png' : 'jpg'}`), files.original)
      for (const w of POSTER_WIDTHS) writeAtomically(path.join(dir, `${upload.id}-${w}.jpg`), files.resized[w])
      const row: UploadRow = {
        id: upload.id,
        mime: upload.mime,
        bytes: upload.bytes,
        width: upload.width,
        height: upload.height,
        uploaded_by: upload.uploadedBy,
        created_at: canonicalInstant(upload.createdAt),
      }
      await store.serialized('posters.save', () => insert.run(row))
      return refFor(upload.id)
    },
    get,
    async refOf(id) {
      return (await get(id)) ? refFor(id) : null
    },
  }
}
