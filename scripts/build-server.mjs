// Bundles the local server (TypeScript, domain included) into dist/server/main.js, and the ledger
// recount command into dist/server/recount.js; better-sqlite3 and sharp (native) stay external.
import { build } from 'esbuild'
await build({
  entryPoints: { main: 'server/cli.ts', recount: 'server/recount.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3', 'sharp'],
  sourcemap: true,
  logLevel: 'warning',
})
