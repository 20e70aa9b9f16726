// What every benchmark shares: `--quick` (small sizes, run by `npm test` so a broken benchmark fails CI)
// and the one line per figure CI and people read: `BENCH <name> <value> <unit> goal <goal> <ok|short>`.
// A figure short of its goal is reported, not fatal; a broken invariant or a refused request is (exit 1).

export const QUICK = process.argv.includes('--quick')

/** `full` normally, `quick` under --quick. */
export const size = (full: number, quick: number): number => (QUICK ? quick : full)

/** Prints one BENCH line; `goal` reads like `>=0.5`, `<=50` or `0`. */
export function bench(name: string, value: number, unit: string, goal: string, ok: boolean): void {
  console.log(`BENCH ${name} ${value} ${unit} goal ${goal} ${ok ? 'ok' : 'short'}`)
}

/** Exits 1 with the reasons when any invariant is broken. */
export function requireInvariants(what: string, broken: Record<string, boolean>): void {
  const failed = Object.entries(broken).filter(([, isBroken]) => isBroken).map(([name]) => name)
  if (failed.length === 0) return
  console.error(`✗ ${what}: invariant broken: ${failed.join(', ')}`)
  process.exit(1)
}
