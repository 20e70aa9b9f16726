// What `npm start` and `npm test` install before they run, so both work on a fresh clone of a fresh
// machine. Node built-ins only: this runs before node_modules exists.
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Written after a successful install: the digest of the lockfile it installed. */
const INSTALLED_LOCK_DIGEST = path.join(ROOT, 'node_modules', '.kepu-lock-digest')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const digestOf = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts })
  return r.status === 0
}

/**
 * Installs the node modules when they are missing or were installed from another lockfile. Not
 * `npm ci`: Taro lists platform bindings (darwin, win32, arm64) as optional dependencies that this
 * registry does not serve, so they cannot be locked and `npm ci` refuses the lockfile; `npm install`
 * honours the lockfile for everything it holds and skips the unavailable optional packages.
 */
export function ensureNodeModules() {
  const lock = path.join(ROOT, 'package-lock.json')
  const wanted = digestOf(lock)
  const installed = fs.existsSync(INSTALLED_LOCK_DIGEST) ? fs.readFileSync(INSTALLED_LOCK_DIGEST, 'utf8').trim() : null
  if (installed === wanted && fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) return
  console.log(installed ? 'package-lock.json changed: updating node modules (npm install)…' : 'Installing node modules (npm install)…')
  if (!run('npm', ['install', '--no-audit', '--no-fund'])) {
    console.error('✗ npm install failed; see the output above.')
    process.exit(1)
  }
  fs.writeFileSync(INSTALLED_LOCK_DIGEST, `${digestOf(lock)}\n`)
}

const hasCjkFont = () => {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim().length > 0
}

/** `sudo` without a password prompt, or nothing when we are root; null when neither works. */
function privilege() {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return []
  const r = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' })
  return r.status === 0 ? ['sudo', '-n'] : null
}

/**
 * The browser tests need Debian's Chromium and a CJK font (Chinese text in screenshots). Installs them
 * with apt-get when they are missing and this user may (root or password-less sudo); otherwise stops
 * with one line saying what to install.
 */
export function ensureBrowser() {
  const packages = [...(fs.existsSync(CHROMIUM) ? [] : ['chromium']), ...(hasCjkFont() ? [] : ['fonts-noto-cjk'])]
  if (packages.length === 0) return
  const prefix = privilege()
  if (!prefix) {
    console.error(`✗ The browser tests need ${packages.join(' and ')}: run \`sudo apt-get install -y ${packages.join(' ')}\` (or set CHROMIUM_PATH), then npm test again.`)
    process.exit(1)
  }
  console.log(`Installing ${packages.join(', ')} with apt-get…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), 'apt-get', ...args], { env }) : run('apt-get', args, { env }))
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', ...packages]) || !fs.existsSync(CHROMIUM)) {
    console.error(`✗ apt-get could not install ${packages.join(' ')}; install them by hand (or set CHROMIUM_PATH).`)
    process.exit(1)
  }
}

/** Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres), newest first; null when none. */
export function postgresBinDir() {
  const base = '/usr/lib/postgresql'
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v) && Number(v) >= 15).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin')
  return null
}

/**
 * The PostgreSQL contract run needs a PostgreSQL 15+ server (the tests start a throwaway cluster of
 * their own on a free loopback port). Installs Debian's `postgresql` with apt-get when it is missing
 * and this user may; otherwise stops with one line saying what to install.
 */
export function ensurePostgres() {
  if (postgresBinDir()) return
  const prefix = privilege()
  if (!prefix) {
    console.error('✗ The PostgreSQL tests need a PostgreSQL 15+ server: run `sudo apt-get install -y postgresql`, then npm test again.')
    process.exit(1)
  }
  console.log('Installing postgresql with apt-get…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args) => (prefix.length ? run(prefix[0], [...prefix.slice(1), 'apt-get', ...args], { env }) : run('apt-get', args, { env }))
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', 'postgresql']) || !postgresBinDir()) {
    console.error('✗ apt-get could not install postgresql; install PostgreSQL 15 or later by hand.')
    process.exit(1)
  }
}
