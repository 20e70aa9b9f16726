// Cloud function `ledger`: bundled by scripts/build-functions.mjs into cloudfunctions/ledger/index.js.
import { ledgerHandlers } from '../../src/handlers/ledger'
import { makeMain } from '../entry'

export const main = makeMain('ledger', ledgerHandlers)
