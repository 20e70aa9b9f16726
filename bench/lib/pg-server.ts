// A throwaway PostgreSQL cluster for the PostgreSQL benchmark: Debian's server (the binaries the tests
// find, tests/support/postgres.ts), a data directory under the system temp folder, a free loopback
// port, trust authentication, pg_stat_statements preloaded when installed (for the profile). stop()
// removes it all, and so does the process ending.
//
// Unlike the tests' cluster it can be durable (fsync and synchronous commit on, as a real install
// runs; the default here); without, it shows the software's cost alone: with one
// activity row taken by every sign-up, a commit's WAL flush (about 3 ms on this disk) is inside the
// row lock, so it bounds the raw SQL and the gateways alike.

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, postgresBinDir } from '../../tests/support/postgres'

export interface BenchPostgres {
  /** postgres://kepu@127.0.0.1:PORT/postgres */
  readonly url: string
  readonly durable: boolean
  readonly statStatements: boolean
  /** The server's own processes (the postmaster and its children: backends, WAL writer…), for CPU accounting. */
  pids(): number[]
  urlOf(database: string): string
  /** The URL of a database over the server's Unix socket instead of TCP loopback. */
  socketUrlOf(database: string): string
  stop(): void
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

function run(bin: string, args: string[], what: string): void {
  // initdb refuses root: as root the server runs as the `postgres` system user.
  const cmd = isRoot() ? 'runuser' : bin
  const full = isRoot() ? ['-u', 'postgres', '--', bin, ...args] : args
  const r = spawnSync(cmd, full, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } })
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout || r.error?.message}`)
}

export async function startBenchPostgres(options: { durable?: boolean } = {}): Promise<BenchPostgres> {
  const durable = options.durable ?? true
  const bin = postgresBinDir()
  if (!bin) throw new Error('PostgreSQL 15+ is not installed: run `sudo apt-get install -y postgresql` (npm test does it)')
  const statStatements = fs.existsSync(path.join(bin, '..', 'lib', 'pg_stat_statements.so'))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-pg-'))
  const data = path.join(dir, 'data')
  if (isRoot()) spawnSync('chown', ['postgres:postgres', dir])
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'kepu', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 'initdb')
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    '-c shared_buffers=256MB',
    durable ? '-c fsync=on -c synchronous_commit=on' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    ...(statStatements ? ['-c shared_preload_libraries=pg_stat_statements', '-c pg_stat_statements.track=all', `-c pg_stat_statements.track_planning=${process.env.BENCH_PG_PROFILE ? 'on' : 'off'}`] : []),
  ]
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', settings.join(' '), '-w', '-t', '60', 'start'], 'pg_ctl start')
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  process.once('exit', stop)
  const urlOf = (database: string) => `postgres://kepu@127.0.0.1:${port}/${database}`
  const pids = () => {
    const postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    const children = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          // Field 4 of /proc/<pid>/stat is the parent; the command (field 2) may hold spaces, so split after it.
          return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster
        } catch {
          return false
        }
      })
      .map(Number)
    return [postmaster, ...children]
  }
  const socketUrlOf = (database: string) => `postgres://kepu@localhost/${database}?host=${encodeURIComponent(dir)}&port=${port}`
  return { url: urlOf('postgres'), durable, statStatements, pids, urlOf, socketUrlOf, stop }
}
