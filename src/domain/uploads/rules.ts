// Activity posters (issue 11): an organizer uploads a JPEG or PNG of at most 2 MB; it is kept as
// uploaded and served back resized (a 750 px wide page image and a 375 px wide thumbnail), in cloud
// storage in WeChat and in a local file store in the local runtime.
//
// Decisions where the plan is silent:
// - The type is what the bytes are, never what the client says (a renamed GIF or an SVG is refused),
//   and the image must decode (the adapter's image reader says so) — a truncated file is refused too.
// - A poster's id is the digest of its bytes, so uploading the same picture twice stores it once.
// - Posters are public once attached to a published activity; an unattached one reveals nothing
//   (the id is a 128-bit digest, unguessable).

import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { fail, ok, type Result } from '../errors'
import type { UserId } from '../ids'
import type { Instant } from '../time'

export const POSTER_BYTES_MAX = 2 * 1024 * 1024
/** Widths a poster is served at: the activity page and the list's thumbnail. */
export const POSTER_WIDTHS = [750, 375] as const
export type PosterWidth = (typeof POSTER_WIDTHS)[number]
/** A poster taller than this many times its width is refused (a long screenshot is not a poster). */
export const POSTER_ASPECT_MAX = 4
/** Smallest side in pixels: below it a poster is too blurry to read at 375 px. */
export const POSTER_SIDE_MIN = 200
/** Largest side in pixels: more is refused before it is decoded (a decompression bomb). */
export const POSTER_SIDE_MAX = 8000

export type PosterMime = 'image/jpeg' | 'image/png'
export const POSTER_ID_PATTERN = /^img-[0-9a-f]{32}$/

/** An uploaded poster: the original as uploaded, and who uploaded it when. */
export interface PosterUpload {
  /** `img-<first 32 hex of the SHA-256 of the bytes>`. */
  readonly id: string
  readonly mime: PosterMime
  readonly bytes: number
  readonly width: number
  readonly height: number
  readonly uploadedBy: UserId
  readonly createdAt: Instant
}

/** Where an activity's poster is served from, as stored with the activity. */
export interface PosterRef {
  readonly id: string
  /** 750 px wide, for the activity page. */
  readonly url: string
  /** 375 px wide, for lists and the share card. */
  readonly thumbUrl: string
}

/** What the bytes are: JPEG (FF D8 FF) or PNG (89 50 4E 47 0D 0A 1A 0A), else null. */
export function sniffPosterType(bytes: Uint8Array): PosterMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'image/png'
  return null
}

export const posterIdOf = (bytes: Uint8Array): string => `img-${bytesToHex(sha256(bytes)).slice(0, 32)}`

/** What an image reader found in the bytes (the adapter decodes; the rule decides). */
export interface DecodedImage {
  readonly width: number
  readonly height: number
}

/** The bytes alone, before decoding: the type and the size. */
export function checkPosterBytes(bytes: Uint8Array): Result<PosterMime> {
  if (bytes.length === 0) return fail('UPLOAD.EMPTY', 'file')
  if (bytes.length > POSTER_BYTES_MAX) return fail('UPLOAD.TOO_LARGE', 'file')
  const mime = sniffPosterType(bytes)
  return mime ? ok(mime) : fail('UPLOAD.TYPE', 'file')
}

/**
 * A poster to store, or why not. `decoded` is null when the image reader could not decode the bytes.
 */
export function decidePosterUpload(input: { bytes: Uint8Array; decoded: DecodedImage | null; by: UserId; now: Instant }): Result<PosterUpload> {
  const mime = checkPosterBytes(input.bytes)
  if (!mime.ok) return mime
  const d = input.decoded
  if (!d || !(d.width > 0 && d.height > 0)) return fail('UPLOAD.NOT_IMAGE', 'file')
  if (d.width > POSTER_SIDE_MAX || d.height > POSTER_SIDE_MAX) return fail('UPLOAD.DIMENSIONS', 'file')
  if (Math.min(d.width, d.height) < POSTER_SIDE_MIN) return fail('UPLOAD.TOO_SMALL', 'file')
  if (d.height > d.width * POSTER_ASPECT_MAX || d.width > d.height * POSTER_ASPECT_MAX) return fail('UPLOAD.ASPECT', 'file')
  return ok({ id: posterIdOf(input.bytes), mime: mime.value, bytes: input.bytes.length, width: d.width, height: d.height, uploadedBy: input.by, createdAt: input.now })
}
