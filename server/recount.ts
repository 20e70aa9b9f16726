// `npm run ledger:recount [-- --repair]`: recounts the ledger's incremental aggregates from the fact
// table with the domain's counting functions and prints what disagrees. Exit 1 when something does
// (after --repair: when the rebuilt targets still disagree).
import { loadConfig } from './config'
import { openSqliteStore } from './sqlite/store'

async function main(): Promise<number> {
  const repair = process.argv.includes('--repair')
  const config = loadConfig()
  const store = openSqliteStore(config.dbFile)
  try {
    const t0 = performance.now()
    const report = await store.recountLedger({ repair })
    const seconds = ((performance.now() - t0) / 1000).toFixed(1)
    console.log(`ledger recount of ${config.dbFile}: ${report.facts} facts, ${report.targets} targets, ${report.cells} cells, ${report.disagreements.length} disagreeing (${seconds} s)`)
    for (const d of report.disagreements.slice(0, 20)) console.log(`  ${d.scope} kept ${JSON.stringify(d.kept)} recounted ${JSON.stringify(d.recounted)} in ${d.target}`)
    if (report.disagreements.length === 0) return 0
    if (!repair) return 1
    const after = await store.recountLedger()
    console.log(`after repair: ${after.disagreements.length} disagreeing`)
    return after.disagreements.length === 0 ? 0 : 1
  } finally {
    store.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err)
    process.exit(2)
  },
)
