#!/usr/bin/env node
// Reports the WeChat main package and subpackage sizes of an existing build (dist/weapp) and fails
// when the main package exceeds WeChat's 2 MB limit. Builds nothing itself:
//   NODE_ENV=production npx taro build --type weapp && node scripts/check-weapp-size.mjs

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024
const root = fileURLToPath(new URL('../', import.meta.url))
const dist = process.argv[2] ?? join(root, 'dist', 'weapp')

if (!existsSync(join(dist, 'app.json'))) {
  console.error(`No weapp build found at ${dist} (missing app.json). Run: npx taro build --type weapp`)
  process.exit(2)
}

const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'))
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/^\/+|\/+$/g, ''))

/** Every file under dir, as paths relative to dist with '/' separators. */
function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) walk(full, out)
    else out.push({ path: relative(dist, full).split(sep).join('/'), bytes: statSync(full).size })
  }
  return out
}

// Files the WeChat uploader does not ship (source maps, project settings).
const ignored = (path) => path.endsWith('.map') || path === 'project.config.json' || path === 'project.private.config.json'

const sizes = new Map([['main', 0], ...subRoots.map((r) => [r, 0])])
for (const file of walk(dist)) {
  if (ignored(file.path)) continue
  const owner = subRoots.find((r) => file.path === r || file.path.startsWith(`${r}/`)) ?? 'main'
  sizes.set(owner, sizes.get(owner) + file.bytes)
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const total = [...sizes.values()].reduce((a, b) => a + b, 0)
const rows = [
  ['main package', sizes.get('main'), `  (limit ${kb(MAIN_PACKAGE_LIMIT_BYTES)})`],
  ...subRoots.map((r) => [`subpackage ${r}`, sizes.get(r), '']),
  ['total', total, ''],
]
const width = Math.max(...rows.map(([label]) => label.length))
console.log(`weapp package sizes (${relative(root, dist) || dist}):`)
for (const [label, bytes, note] of rows) console.log(`  ${label.padEnd(width)}  ${kb(bytes).padStart(10)}${note}`)

if (sizes.get('main') > MAIN_PACKAGE_LIMIT_BYTES) {
  console.error(`Main package is ${kb(sizes.get('main'))}, over the ${kb(MAIN_PACKAGE_LIMIT_BYTES)} limit.`)
  process.exit(1)
}

// What the mini-program must call for real in WeChat (issue 11): picking the venue on the map and
// opening it for residents. The calls are compiled into the pages' code; a build without them fails.
const REQUIRED_CALLS = [
  ['packages/organize/pages/edit/index.js', 'chooseLocation', 'the organizer picks the venue with wx.chooseLocation'],
  ['pages/activity/index.js', 'openLocation', 'residents open the venue with wx.openLocation'],
  // Taro keeps the share switches in the page's compiled config, and its runtime (taro.js) then gives
  // the Page onShareAppMessage / onShareTimeline, which is what WeChat looks for.
  ['pages/activity/index.js', 'enableShareAppMessage:!0', 'the activity page can be shared with a friend'],
  ['pages/activity/index.js', 'enableShareTimeline:!0', 'the activity page can be shared to 朋友圈'],
  ['taro.js', 'onShareAppMessage', 'the runtime registers the share handler'],
]
const missing = REQUIRED_CALLS.filter(([file, call]) => !existsSync(join(dist, file)) || !readFileSync(join(dist, file), 'utf8').includes(call))
for (const [file, call, why] of missing) console.error(`${file} lacks ${call}: ${why}.`)
if (missing.length > 0) process.exit(1)
console.log(`weapp build has ${REQUIRED_CALLS.map(([, call]) => call).join(', ')} where residents and organizers need them`)
