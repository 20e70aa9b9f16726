// Cloud function `uploads`: an organizer's activity poster. The picture is checked by what its bytes
// are (JPEG or PNG, ≤ 2 MB, decodable, a sensible size: domain/uploads/rules.ts), kept as uploaded and
// stored resized (750 and 375 px wide JPEGs) through the poster port; the form then carries its id.

import { raise, unwrap } from '../domain/errors'
import type { Deps } from '../domain/ports'
import { checkPosterBytes, decidePosterUpload, POSTER_WIDTHS, type PosterWidth } from '../domain/uploads/rules'
import { uploadSchemas, type PosterUploadedView } from '../domain/uploads/schemas'
import { action, userOf } from './table'

function portsOf(deps: Deps) {
  if (!deps.posters || !deps.images) throw new Error('poster store not configured (Deps.posters and Deps.images)')
  return { posters: deps.posters, images: deps.images }
}

async function bytesOf(input: { data?: string; fileId?: string }, deps: Deps): Promise<Uint8Array> {
  if (input.data !== undefined) return new Uint8Array(Buffer.from(input.data, 'base64'))
  const bytes = deps.cloudFiles ? await deps.cloudFiles.read(input.fileId!) : null
  return bytes ?? raise('UPLOAD.NOT_FOUND', 'fileId')
}

export const uploadsHandlers = {
  poster: action({
    access: ['organizer', 'admin'],
    input: uploadSchemas.poster,
    run: async (input, ctx): Promise<PosterUploadedView> => {
      const { posters, images } = portsOf(ctx.deps)
      const user = userOf(ctx)
      const bytes = await bytesOf(input, ctx.deps)
      try {
        // Type and size first: nothing that is not a small JPEG or PNG reaches the decoder.
        unwrap(checkPosterBytes(bytes))
        const upload = unwrap(decidePosterUpload({ bytes, decoded: await images.inspect(bytes), by: user.id, now: ctx.deps.clock.now() }))
        const resized = Object.fromEntries(await Promise.all(POSTER_WIDTHS.map(async (w) => [w, await images.resize(bytes, w)] as const))) as Record<PosterWidth, Uint8Array>
        const ref = await posters.save(upload, { original: bytes, resized })
        return { ...ref, width: upload.width, height: upload.height }
      } finally {
        // The picture in tmp-posters/ has been taken (or refused): it goes either way.
        if (input.fileId && ctx.deps.cloudFiles) await ctx.deps.cloudFiles.remove(input.fileId).catch(() => undefined)
      }
    },
  }),
}
