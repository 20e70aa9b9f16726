// PostgreSQL stores for tests: each on a fresh schema of its own, dropped again on close, on the run's
// server (KEPU_TEST_PG_URL from pg-global-setup.ts). Where no run-wide server was started (another
// jest config, a script) one is started in this process on first use and stopped when it exits.

import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { openPgStore, type PgStore } from '../../server/postgres/store'
import { startPostgres } from './postgres'

let local: Promise<string> | null = null

/** The URL of the PostgreSQL server tests use; throws (never skips) when there is none. */
export function testDatabaseUrl(): Promise<string> {
  const url = process.env.KEPU_TEST_PG_URL
  if (url) return Promise.resolve(url)
  const error = process.env.KEPU_TEST_PG_ERROR
  if (error) return Promise.reject(new Error(`PostgreSQL for the tests could not be started: ${error}`))
  local ??= startPostgres().then((server) => {
    process.once('exit', () => server.stop())
    return server.url
  })
  return local
}

/** A schema name no other test uses. */
export const freshSchema = (): string => `t_${randomBytes(8).toString('hex')}`

/** Drops `schema` and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}

/**
 * A store on an empty, freshly migrated schema; close() closes it and drops the schema.
 * @example const store = await openPgTestStore(); try { … } finally { await store.close() }
 */
export async function openPgTestStore(options: { max?: number } = {}): Promise<PgStore> {
  const url = await testDatabaseUrl()
  const schema = freshSchema()
  const store = await openPgStore(url, { schema, max: options.max ?? 10 })
  return {
    ...store,
    async close() {
      await store.close()
      await dropSchema(url, schema)
    },
  }
}
