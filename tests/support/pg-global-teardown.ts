// jest globalTeardown: stops the PostgreSQL server pg-global-setup.ts started, and removes its files.
import type { PostgresServer } from './postgres'
import { SERVER_KEY } from './pg-global-setup'

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>)[SERVER_KEY] as PostgresServer | undefined
  if (!server) return
  server.stop()
  delete process.env.KEPU_TEST_PG_URL
}
