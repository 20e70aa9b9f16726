// `npm start`: installs what is missing, builds the H5 app when its sources changed, bundles the local
// server and runs it. Uses only Node built-ins, so it works before the node modules are installed.
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ensureNodeModules, ROOT as root } from './ensure.mjs'

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** Newest modification time under the given paths. */
function newest(paths) {
  let t = 0
  const walk = (p) => {
    if (!fs.existsSync(p)) return
    const s = fs.statSync(p)
    if (s.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f))
    else t = Math.max(t, s.mtimeMs)
  }
  paths.forEach((p) => walk(path.join(root, p)))
  return t
}

// Node modules when missing or installed from another lockfile (scripts/ensure.mjs, shared with npm test).
ensureNodeModules()

const h5Index = path.join(root, 'dist', 'h5', 'index.html')
const h5Built = fs.existsSync(h5Index) ? fs.statSync(h5Index).mtimeMs : 0
if (process.env.KEPU_SKIP_BUILD !== '1' && newest(['src', 'config', 'babel.config.js', 'package-lock.json']) > h5Built) {
  console.log('Building the H5 app…')
  run('npm', ['run', 'build:h5'])
}
run('npm', ['run', 'build:server'])

// The local runtime offers the demo sign-in unless KEPU_DEMO_LOGIN was set (to anything) by the user;
// the server refuses it on an address other machines can reach.
const env = { ...process.env, KEPU_DEMO_LOGIN: process.env.KEPU_DEMO_LOGIN ?? '1' }
const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], { cwd: root, stdio: 'inherit', env })
const forward = (sig) => () => child.kill(sig)
process.on('SIGINT', forward('SIGINT'))
process.on('SIGTERM', forward('SIGTERM'))
child.on('exit', (code) => process.exit(code ?? 0))
