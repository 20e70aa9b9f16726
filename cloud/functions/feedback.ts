// Cloud function `feedback`: bundled by scripts/build-functions.mjs into cloudfunctions/feedback/index.js.
import { feedbackHandlers } from '../../src/handlers/feedback'
import { makeMain } from '../entry'

export const main = makeMain('feedback', feedbackHandlers)
