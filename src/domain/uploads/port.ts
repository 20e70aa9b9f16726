// Port: uploaded posters (src/domain/uploads/rules.ts). Its own small port beside the Store; one
// contract suite (tests/contract/posters.contract.test.ts) runs against every adapter: a local file
// store with an SQLite index in the local runtime, cloud storage with a collection in CloudBase.

import type { PosterRef, PosterUpload, PosterWidth } from './rules'

/** The picture as stored: the original and one JPEG per served width. */
export interface PosterFiles {
  readonly original: Uint8Array
  readonly resized: Readonly<Record<PosterWidth, Uint8Array>>
}

export interface PosterRepository {
  /**
   * Stores the poster and its resized copies, and returns where they are served from. Saving the same
   * id again (the same picture) keeps the first record and returns the same reference.
   */
  save(upload: PosterUpload, files: PosterFiles): Promise<PosterRef>
  /** The record of an upload, or null. */
  get(id: string): Promise<PosterUpload | null>
  /** Where a stored poster is served from, or null when there is no such upload. */
  refOf(id: string): Promise<PosterRef | null>
}

/** Decodes and resizes pictures (sharp on a server); the rules decide what is accepted. */
export interface ImageReader {
  /** The size of a decodable JPEG or PNG, or null when the bytes do not decode. */
  inspect(bytes: Uint8Array): Promise<{ width: number; height: number } | null>
  /** The picture as a JPEG at most `width` pixels wide (never enlarged), EXIF orientation applied. */
  resize(bytes: Uint8Array, width: PosterWidth): Promise<Uint8Array>
}
