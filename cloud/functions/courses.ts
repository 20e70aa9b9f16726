// Cloud function `courses`: bundled by scripts/build-functions.mjs into cloudfunctions/courses/index.js.
import { coursesHandlers } from '../../src/handlers/courses'
import { makeMain } from '../entry'

export const main = makeMain('courses', coursesHandlers)
