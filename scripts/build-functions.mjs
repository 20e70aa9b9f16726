// Bundles every cloud function entry (cloud/functions/<name>.ts) into cloudfunctions/<name>/index.js
// for WeChat CloudBase: Node 16, CommonJS, domain code and zod inlined, wx-server-sdk left to the
// function's own package.json because the platform installs it. Each deployed function sees only its
// own folder, so the bundle must not require anything by relative path.
//
//   node scripts/build-functions.mjs [--out <dir>]

import { builtinModules, createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** WeChat cloud functions run Node 16. */
const NODE_TARGET = 'node16'
const SDK = 'wx-server-sdk'
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

const sdkVersion = () => {
  try {
    return require(`${SDK}/package.json`).version
  } catch {
    return '4.0.2'
  }
}

/**
 * zod re-exports all ~50 of its locales as a namespace, which defeats tree shaking and doubles the
 * bundle. Nothing here reads them (zod itself imports en.js directly), so only en and zh-CN are kept.
 */
const zodLocalesPlugin = {
  name: 'zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: ['en', 'zh-CN'].map((l) => `export { default as ${l.replace('-', '')} } from ${JSON.stringify(path.join(path.dirname(args.path), `${l}.js`))}`).join('\n'),
      resolveDir: path.dirname(args.path),
    }))
  },
}

const writeJson = (file, value) => fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)

/**
 * What some functions need in config.json whatever else was edited there by hand: the reminders
 * scheduler's timer trigger (every 5 minutes; WeChat cron has seconds first and a year last) and the
 * open-API permission to send subscribe messages; staff renders organizer invites as mini-program codes;
 * the ledger's timer keeps its maintained counts.
 */
const REQUIRED_CONFIG = {
  reminders: {
    openapi: ['subscribeMessage.send'],
    triggers: [{ name: 'reminders-every-5-minutes', type: 'timer', config: '0 */5 * * * * *' }],
  },
  staff: { openapi: ['wxacode.getUnlimited'], triggers: [] },
  // Builds new ledger aggregate targets and applies cancellations (cloud/cloudbase-ledger-aggregates.ts).
  ledger: { openapi: [], triggers: [{ name: 'ledger-aggregates-every-minute', type: 'timer', config: '0 * * * * * *' }] },
}

/**
 * Native packages a function needs that cannot be bundled: left outside the bundle of every function
 * (each requires them lazily, only where used) and listed in the package.json of the functions that
 * use them, so the cloud installs them (云端安装依赖). sharp decodes and resizes activity posters.
 */
const CLOUD_INSTALLED = { sharp: ['uploads'] }

const versionOf = (pkg) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version

/** Merges REQUIRED_CONFIG into a function's config.json (creating it when missing). */
function writeConfig(file, name) {
  const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { permissions: { openapi: [] } }
  const required = REQUIRED_CONFIG[name]
  if (!required) {
    if (!fs.existsSync(file)) writeJson(file, current)
    return
  }
  const openapi = [...new Set([...(current.permissions?.openapi ?? []), ...required.openapi])]
  const byName = new Map((current.triggers ?? []).map((t) => [t.name, t]))
  for (const t of required.triggers) byName.set(t.name, t)
  const triggers = [...byName.values()]
  writeJson(file, { ...current, permissions: { ...current.permissions, openapi }, ...(triggers.length ? { triggers } : {}) })
}

/** Builds all functions into `outDir` (default cloudfunctions/) and returns what was written. */
export async function buildFunctions({ outDir = path.join(root, 'cloudfunctions') } = {}) {
  const entryDir = path.join(root, 'cloud', 'functions')
  const names = fs
    .readdirSync(entryDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
  if (names.length === 0) throw new Error(`no cloud function entries in ${entryDir}`)

  const results = []
  for (const name of names) {
    const dir = path.join(outDir, name)
    const outfile = path.join(dir, 'index.js')
    fs.mkdirSync(dir, { recursive: true })
    const result = await esbuild.build({
      entryPoints: [path.join(entryDir, `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: NODE_TARGET,
      format: 'cjs',
      external: [SDK, ...Object.keys(CLOUD_INSTALLED)],
      minify: true,
      legalComments: 'none',
      tsconfig: path.join(root, 'tsconfig.json'),
      metafile: true,
      logLevel: 'warning',
      plugins: [zodLocalesPlugin],
    })

    // Only node built-ins and the SDK may stay outside the bundle.
    const output = Object.values(result.metafile.outputs)[0]
    const strays = output.imports.filter((i) => i.external && i.path !== SDK && !BUILTINS.has(i.path) && !CLOUD_INSTALLED[i.path]).map((i) => i.path)
    if (strays.length > 0) throw new Error(`${name}: bundle still requires ${strays.join(', ')}`)

    writeJson(path.join(dir, 'package.json'), {
      name,
      version: '1.0.0',
      private: true,
      description: `科普环翠 cloud function "${name}" (generated by scripts/build-functions.mjs)`,
      main: 'index.js',
      dependencies: { [SDK]: `~${sdkVersion()}`, ...Object.fromEntries(Object.entries(CLOUD_INSTALLED).filter(([, fns]) => fns.includes(name)).map(([pkg]) => [pkg, `~${versionOf(pkg)}`])) },
    })
    // Kept when present: timer triggers and permissions are edited by hand.
    writeConfig(path.join(dir, 'config.json'), name)

    results.push({ name, file: outfile, bytes: fs.statSync(outfile).size })
  }
  return results
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const outArg = process.argv.indexOf('--out')
  const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : undefined
  try {
    const results = await buildFunctions(outDir ? { outDir } : {})
    for (const r of results) {
      console.log(`${path.relative(process.cwd(), r.file).padEnd(42)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KiB`)
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  }
}
