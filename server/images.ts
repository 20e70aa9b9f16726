// The image reader of the poster upload (src/domain/uploads/port.ts ImageReader) on sharp (libvips),
// for both server-side runtimes: the local server and the `uploads` cloud function (where sharp is
// installed by the cloud, not bundled: scripts/build-functions.mjs).

import type { ImageReader } from '../src/domain/uploads/port'
import { POSTER_SIDE_MAX, type PosterWidth } from '../src/domain/uploads/rules'

type Sharp = typeof import('sharp')

/** JPEG quality of the served copies: small enough for a weak network, sharp enough for text on a poster. */
const JPEG_QUALITY = 80

export function sharpImageReader(sharp: Sharp = require('sharp')): ImageReader {
  // Refuse a decompression bomb before decoding: at most POSTER_SIDE_MAX² pixels.
  const open = (bytes: Uint8Array) => sharp(bytes, { limitInputPixels: POSTER_SIDE_MAX * POSTER_SIDE_MAX, failOn: 'error' })
  return {
    async inspect(bytes) {
      try {
        const meta = await open(bytes).metadata()
        if ((meta.format !== 'jpeg' && meta.format !== 'png') || !meta.width || !meta.height) return null
        // Decode it all once: a file whose header is fine but whose data is truncated is refused here.
        await open(bytes).raw().toBuffer()
        // EXIF orientations 5–8 turn the picture a quarter: the served size is the turned one.
        const turned = (meta.orientation ?? 1) >= 5
        return turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height }
      } catch {
        return null
      }
    },
    async resize(bytes, width: PosterWidth) {
      const out = await open(bytes)
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
        .toBuffer()
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    },
  }
}
