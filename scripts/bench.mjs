// `npm run bench`: bundles each benchmark in bench/ with esbuild and runs it, then reports build sizes.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const benches = fs.readdirSync('bench').filter((f) => f.endsWith('.ts')).sort()
for (const file of benches) {
  const out = path.join('dist/bench', file.replace(/\.ts$/, '.js'))
  await build({ entryPoints: [path.join('bench', file)], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3', 'wx-server-sdk', 'mingo', 'bson', 'esbuild'], logLevel: 'warning' })
  console.log(`\n=== bench/${file}`)
  const r = spawnSync(process.execPath, ['--expose-gc', out, ...process.argv.slice(2)], { stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`✗ bench/${file} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
}

console.log('\n=== build sizes')
if (fs.existsSync('dist/weapp')) spawnSync(process.execPath, ['scripts/check-weapp-size.mjs'], { stdio: 'inherit' })
else console.log('dist/weapp missing: run `NODE_ENV=production npm run build:weapp` first')
const indexHtml = 'dist/h5/index.html'
if (fs.existsSync(indexHtml)) {
  const html = fs.readFileSync(indexHtml, 'utf8')
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1].replace(/^\//, ''))
  let raw = 0
  let gz = 0
  for (const s of scripts) {
    const buf = fs.readFileSync(path.join('dist/h5', s))
    raw += buf.length
    gz += zlib.gzipSync(buf, { level: 9 }).length
  }
  console.log(`H5 initial JS (${scripts.length} files): ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`)
} else console.log('dist/h5 missing: run `npm run build:h5` first')
