// `npm run ledger:recount [-- --repair]`: rebuilds what the ledger's facts and course completions should
// be from the registrations, check-ins and lesson attendance, recounts the incremental aggregates from
// the fact table with the domain's counting functions, and prints every difference. Exit 1 when
// something differs (after --repair, which rewrites the facts and rebuilds the aggregates: when anything
// still differs; completions are only reported, since certificates hang on them).
import { loadConfig } from './config'
import { openSqliteStore, type RecountReport } from './sqlite/store'

/** Lines printed per kind of difference; the counts are always complete. */
const LINES_SHOWN = 20

const differences = (r: RecountReport): number => r.disagreements.length + r.factDifferences.length + r.completionDifferences.length

function print(report: RecountReport): void {
  const groups = new Map<string, string[]>()
  const add = (kind: string, line: string) => groups.set(kind, [...(groups.get(kind) ?? []), line])
  for (const d of report.factDifferences) {
    if (d.kind === 'missing_fact') add(d.kind, `${d.registrationId}: checked in at ${d.expected.at}, no fact`)
    else if (d.kind === 'orphan_fact') add(d.kind, `${d.registrationId}: fact at ${d.stored.at} but ${d.why}`)
    else add(d.kind, `${d.registrationId}: ${d.field} is ${JSON.stringify(d.stored)}, should be ${JSON.stringify(d.expected)}`)
  }
  for (const d of report.completionDifferences) {
    if (d.kind === 'missing_completion') add(d.kind, `${d.courseId} / ${d.personId}: reached the lessons required at ${d.expected.completedAt}, no completion`)
    else if (d.kind === 'orphan_completion') add(d.kind, `${d.courseId} / ${d.personId}: completion ${d.completionId} but ${d.why}`)
    else add(d.kind, `${d.courseId} / ${d.personId}: ${d.field} is ${JSON.stringify(d.stored)}, should be ${JSON.stringify(d.expected)}`)
  }
  for (const d of report.disagreements) add('aggregate_disagrees', `${d.scope} kept ${JSON.stringify(d.kept)} recounted ${JSON.stringify(d.recounted)} in ${d.target}`)
  for (const [kind, lines] of groups) {
    console.log(`  ${kind}: ${lines.length}`)
    for (const line of lines.slice(0, LINES_SHOWN)) console.log(`    ${line}`)
    if (lines.length > LINES_SHOWN) console.log(`    … and ${lines.length - LINES_SHOWN} more`)
  }
}

async function main(): Promise<number> {
  const repair = process.argv.includes('--repair')
  const config = loadConfig()
  const store = openSqliteStore(config.dbFile)
  try {
    const t0 = performance.now()
    const report = await store.recountLedger({ repair })
    const seconds = ((performance.now() - t0) / 1000).toFixed(1)
    console.log(
      `ledger recount of ${config.dbFile}: ${report.facts} facts, ${report.factDifferences.length} differing from their registrations, ` +
        `${report.completionDifferences.length} completions differing from the lessons attended, ` +
        `${report.targets} targets, ${report.cells} cells, ${report.disagreements.length} disagreeing (${seconds} s)`,
    )
    print(report)
    if (differences(report) === 0) return 0
    if (!repair) return 1
    const after = await store.recountLedger()
    console.log(`after repair: ${after.factDifferences.length} facts, ${after.completionDifferences.length} completions and ${after.disagreements.length} cells differing`)
    print(after)
    return differences(after) === 0 ? 0 : 1
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
