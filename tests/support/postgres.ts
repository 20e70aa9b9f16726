// A throwaway PostgreSQL cluster for tests: Debian's server (installed by scripts/ensure.mjs), a new
// data directory under the system temp folder, a free loopback port, trust authentication for one
// role, fsync off (nothing here needs to survive a crash of the machine). stop() removes it all.
// As root the server runs as the `postgres` system user, since initdb refuses root.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export interface PostgresServer {
  /** postgres://kepu@127.0.0.1:PORT/postgres */
  readonly url: string
  readonly port: number
  /** The URL of another database on the same server. */
  urlOf(database: string): string
  stop(): void
}

/** Debian's PostgreSQL 15+ binaries, newest first; the same search as scripts/ensure.mjs. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return null
  const versions = fs
    .readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
    .sort((a, b) => Number(b) - Number(a))
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin')
  return null
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

function run(bin: string, args: string[], what: string): void {
  const cmd = isRoot() ? 'runuser' : bin
  const full = isRoot() ? ['-u', 'postgres', '--', bin, ...args] : args
  const r = spawnSync(cmd, full, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } })
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout || r.error?.message}`)
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir()
  if (!bin) throw new Error('PostgreSQL 15+ is not installed: run `sudo apt-get install -y postgresql` (npm test does it)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-pg-'))
  const data = path.join(dir, 'data')
  if (isRoot()) spawnSync('chown', ['postgres:postgres', dir])
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'kepu', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 'initdb')
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], 'pg_ctl start')
  let stopped = false
  const urlOf = (database: string) => `postgres://kepu@127.0.0.1:${port}/${database}`
  return {
    url: urlOf('postgres'),
    port,
    urlOf,
    stop() {
      if (stopped) return
      stopped = true
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
