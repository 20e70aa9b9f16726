// Cloud function `uploads`: bundled by scripts/build-functions.mjs into cloudfunctions/uploads/index.js.
// The only bundle that carries sharp (decoding and resizing posters); the cloud installs it from the
// package.json that build-functions.mjs writes beside the bundle.
import { sharpImageReader } from '../../server/images'
import { uploadsHandlers } from '../../src/handlers/uploads'
import { makeMain } from '../entry'

export const main = makeMain('uploads', uploadsHandlers, undefined, sharpImageReader())
