// The poster port (src/domain/uploads/port.ts) on CloudBase: the pictures in cloud storage
// (`posters/<id>.jpg|png` as uploaded, `posters/<id>-750.jpg` and `-375.jpg` served), their records in
// the collection `posters`. The served references are the storage fileIDs (`cloud://…`), which the
// mini-program's <Image> shows directly. Files are uploaded before the record is written, so a record
// never points at a missing file; the record is added once (add() refuses an existing _id).

import type { UserId } from '../src/domain/ids'
import type { PosterRepository } from '../src/domain/uploads/port'
import { POSTER_ID_PATTERN, POSTER_WIDTHS, type PosterMime, type PosterRef, type PosterUpload } from '../src/domain/uploads/rules'
import type { CloudDocument, DocData } from './cloudbase-types'
import { reader } from './cloudbase-reader'

/** The parts of wx-server-sdk's cloud storage the posters use. */
export interface CloudStorage {
  uploadFile(options: { cloudPath: string; fileContent: Uint8Array }): Promise<{ fileID: string }>
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Uint8Array }>
  deleteFile(options: { fileList: string[] }): Promise<unknown>
}

const MIMES: readonly PosterMime[] = ['image/jpeg', 'image/png']

function toRecord(doc: CloudDocument): { upload: PosterUpload; ref: PosterRef } {
  const r = reader('posters', doc)
  const upload: PosterUpload = {
    id: r.id(),
    mime: r.oneOf('mime', MIMES),
    bytes: r.num('bytes'),
    width: r.num('width'),
    height: r.num('height'),
    uploadedBy: r.str('uploadedBy') as UserId,
    createdAt: r.str('createdAt'),
  }
  return { upload, ref: { id: upload.id, url: r.str('url'), thumbUrl: r.str('thumbUrl') } }
}

export interface CloudBasePosterHelpers {
  readonly getDoc: <T>(id: string, map: (d: CloudDocument) => T) => Promise<T | null>
  /** Adds the document; rejects when one with this _id exists. */
  readonly addDoc: (id: string, data: DocData) => Promise<void>
  readonly storage: CloudStorage
}

export function cloudBasePosterRepository(h: CloudBasePosterHelpers): PosterRepository {
  const record = (id: string) => (POSTER_ID_PATTERN.test(id) ? h.getDoc(id, toRecord) : Promise.resolve(null))
  return {
    async save(upload, files) {
      if (!POSTER_ID_PATTERN.test(upload.id)) throw new Error(`not a poster id: ${upload.id}`)
      const known = await record(upload.id)
      if (known) return known.ref
      const ext = upload.mime === 'image/png' ? 'png' : 'jpg'
      await h.storage.uploadFile({ cloudPath: `posters/${upload.id}.${ext}`, fileContent: files.original })
      const [large, small] = await Promise.all(POSTER_WIDTHS.map((w) => h.storage.uploadFile({ cloudPath: `posters/${upload.id}-${w}.jpg`, fileContent: files.resized[w] })))
      const ref: PosterRef = { id: upload.id, url: large.fileID, thumbUrl: small.fileID }
      try {
        await h.addDoc(upload.id, { mime: upload.mime, bytes: upload.bytes, width: upload.width, height: upload.height, uploadedBy: upload.uploadedBy, createdAt: upload.createdAt, url: ref.url, thumbUrl: ref.thumbUrl })
      } catch (err) {
        // The same picture saved at the same moment by someone else: theirs is the record.
        const other = await record(upload.id)
        if (other) return other.ref
        throw err
      }
      return ref
    },
    get: async (id) => (await record(id))?.upload ?? null,
    refOf: async (id) => (await record(id))?.ref ?? null,
  }
}
