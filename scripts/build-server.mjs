// Bundles the local server (TypeScript, domain included) into dist/server/main.js; better-sqlite3 stays external.
import { build } from 'esbuild'
await build({
  entryPoints: ['server/cli.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3'],
  sourcemap: true,
  logLevel: 'warning',
})
