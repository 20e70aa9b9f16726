// Cloud function `checkin`: bundled by scripts/build-functions.mjs into cloudfunctions/checkin/index.js.
import { checkinHandlers } from '../../src/handlers/checkin'
import { makeMain } from '../entry'

export const main = makeMain('checkin', checkinHandlers)
