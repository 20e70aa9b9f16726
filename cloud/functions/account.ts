// Cloud function `account`: bundled by scripts/build-functions.mjs into cloudfunctions/account/index.js.
import { accountHandlers } from '../../src/handlers/account'
import { makeMain } from '../entry'

export const main = makeMain('account', accountHandlers)
