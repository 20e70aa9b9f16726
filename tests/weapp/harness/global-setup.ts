// Seeds one SQLite file for the whole weapp run (the seed takes seconds); every cloud copies it.

import fs from 'node:fs'
import path from 'node:path'
import { openSqliteStore } from '../../../server/sqlite/store'
import { seed } from '../../../server/seed/seed'
import { SEED_FILE_ENV, seedRandom } from './seed-file'

export default async function globalSetup(): Promise<void> {
  const dir = path.resolve(__dirname, '../../../.tmp/weapp-seed')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'seed.sqlite')
  const store = openSqliteStore(file)
  await seed(store, new Date().toISOString(), seedRandom())
  store.close()
  process.env[SEED_FILE_ENV] = file
}
