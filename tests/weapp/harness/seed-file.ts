// The seeded database every cloud of the harness starts from: made once per run by global-setup.ts,
// or once per test file when a file runs without it.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStore } from '../../../server/sqlite/store'
import { seed } from '../../../server/seed/seed'

export const SEED_FILE_ENV = 'KEPU_WEAPP_SEED_FILE'

/** The seed's neighbours and sign-ups are drawn from this fixed sequence, so every run has the same data. */
export function seedRandom(): () => number {
  let n = 0
  return () => ((n = (n * 9301 + 49297) % 233280), n / 233280)
}

let own: Promise<string> | null = null

export function seededFile(): Promise<string> {
  const shared = process.env[SEED_FILE_ENV]
  if (shared && fs.existsSync(shared)) return Promise.resolve(shared)
  own ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-weapp-seed-'))
    const file = path.join(dir, 'seed.sqlite')
    const store = openSqliteStore(file)
    await seed(store, new Date().toISOString(), seedRandom())
    store.close()
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
    return file
  })()
  return own
}
