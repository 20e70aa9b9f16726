// The poster port on PostgreSQL (src/domain/uploads/port.ts): the records in the table uploads
// (schema-ledger.ts ledger-004), the pictures in a directory, named, written and served as the SQLite
// adapter's (server/sqlite/posters-sql.ts, whose file helpers this uses): `<id>.jpg|png` as uploaded,
// `<id>-750.jpg` and `<id>-375.jpg` at /uploads/<name>. Several gateways share the directory (a shared
// volume) as they share the database. Files are written before the record, each to a temporary name
// then renamed, so a record never points at a half-written file.

import fs from 'node:fs'
import path from 'node:path'
import type { PosterRepository } from '../../src/domain/uploads/port'
import { POSTER_ID_PATTERN, POSTER_WIDTHS, type PosterUpload } from '../../src/domain/uploads/rules'
import { refFor, writeAtomically } from '../sqlite/posters-sql'
import type { PgDatabase } from './db'
import { docTable } from './doc-table'

const uploads = docTable<PosterUpload>({ table: 'uploads', id: (u) => u.id })

/** The poster port on `db`, with its files in `dir` (created when missing). */
export function pgPosters(db: PgDatabase, dir: string): PosterRepository {
  fs.mkdirSync(dir, { recursive: true })
  const get = async (id: string): Promise<PosterUpload | null> => (POSTER_ID_PATTERN.test(id) ? uploads.get(db, id) : null)
  return {
    async save(upload, files) {
      if (!POSTER_ID_PATTERN.test(upload.id)) throw new Error(`not a poster id: ${upload.id}`)
      writeAtomically(path.join(dir, `${upload.id}.${upload.mime === 'image/png' ? 'png' : 'jpg'}`), files.original)
      for (const w of POSTER_WIDTHS) writeAtomically(path.join(dir, `${upload.id}-${w}.jpg`), files.resized[w])
      // The same id is the same picture: the first record stays.
      await db.query('INSERT INTO uploads (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [upload.id, JSON.stringify(upload)])
      return refFor(upload.id)
    },
    get,
    async refOf(id) {
      return (await get(id)) ? refFor(id) : null
    },
  }
}
