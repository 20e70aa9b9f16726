// The real local server as deployed, for tests that run it as a process: the esbuild bundle of
// server/cli.ts (built as scripts/build-server.mjs builds it) started in a fresh Node, answered once
// it prints its URL.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { build } from 'esbuild'

const ROOT = path.resolve(__dirname, '../..')

/** Bundles server/cli.ts into `dir`; the path of its main.js. */
export async function bundleServer(dir: string): Promise<string> {
  await build({ entryPoints: { main: 'server/cli.ts' }, absWorkingDir: ROOT, outdir: dir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3', 'sharp'], logLevel: 'error' })
  return path.join(dir, 'main.js')
}

export interface ServerProcess {
  readonly url: string
  readonly child: ChildProcess
  /** Everything it printed so far. */
  output(): string
}

/**
 * Starts `bundle` on a free loopback port with `env` (its configuration: KEPU_DB or
 * KEPU_DATABASE_URL, the signing key, …) and the folders under `dir`; resolves with its URL.
 */
export function startServerProcess(bundle: string, dir: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      // The bundle lives outside the repository; its external native modules come from ours.
      NODE_PATH: path.join(ROOT, 'node_modules'),
      TZ: 'UTC',
      HOST: '127.0.0.1',
      PORT: '0',
      KEPU_STATIC: path.join(dir, 'no-h5'),
      KEPU_UPLOADS_DIR: path.join(dir, 'uploads'),
      KEPU_REMINDER_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    let url = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const onData = (b: Buffer) => {
      output += b.toString()
      const m = /local server: (http:\/\/\S+)/.exec(output)
      if (m && !url) {
        clearTimeout(timer)
        url = m[1]
        resolve({ url, child, output: () => output })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!url) reject(new Error(`server exited ${code}:\n${output}`))
    })
  })
}
