// jest globalSetup: one throwaway PostgreSQL server for the whole run (tests/support/postgres.ts),
// its URL handed to the test processes in KEPU_TEST_PG_URL; pg-global-teardown.ts stops it.
// KEPU_TEST_PG_URL already set means "use that server" (then nothing is started or stopped here).
// When no server can be started the error is passed on instead, so the PostgreSQL tests fail with it
// (loudly, never skipped) while the rest of the run goes ahead.

import { startPostgres, type PostgresServer } from './postgres'

export const SERVER_KEY = '__kepuTestPostgres'

export default async function globalSetup(): Promise<void> {
  if (process.env.KEPU_TEST_PG_URL) return
  try {
    const server: PostgresServer = await startPostgres()
    ;(globalThis as Record<string, unknown>)[SERVER_KEY] = server
    process.env.KEPU_TEST_PG_URL = server.url
    // A run that ends without the teardown (an interrupted jest) still removes the cluster.
    process.once('exit', () => server.stop())
  } catch (e) {
    process.env.KEPU_TEST_PG_ERROR = e instanceof Error ? e.message : String(e)
  }
}
