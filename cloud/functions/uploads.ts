// Cloud function `uploads`: bundled by scripts/build-functions.mjs into cloudfunctions/uploads/index.js
// (sharp, which decodes and resizes posters, is installed by the cloud from its package.json).
import { makeMain } from '../entry'

export const main = makeMain('uploads')
