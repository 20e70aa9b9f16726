// CPU time by process (Linux /proc), to say where a benchmark phase's time went: the benchmark's own
// process (HTTP clients, or the raw-SQL client), the gateway processes, PostgreSQL's processes, and
// the whole machine (what else runs on it shows as the difference).

import fs from 'node:fs'

/** Clock ticks per second of /proc (USER_HZ: 100 on Linux everywhere that matters). */
const TICKS_PER_SECOND = 100

/** User + system CPU seconds a process has used so far; 0 when it is gone or /proc is absent. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // After the command: state is field 3, utime 14 and stime 15 (1-based, as in proc(5)).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Busy CPU seconds of the whole machine so far (every core; idle and iowait left out). */
export function machineBusySeconds(): number {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
    const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number)
    return (user + nice + system + irq + softirq + (steal || 0)) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Each group's CPU seconds so far. */
export type CpuGroups = Record<string, () => number>

/**
 * The CPU seconds of a changing set of processes (pooled connections' backends come and go): each
 * process seen counts with its last reading, so one that exits keeps what it used.
 */
export function pidsSeconds(pids: () => readonly (number | undefined)[]): () => number {
  const last = new Map<number, number>()
  return () => {
    for (const pid of pids()) {
      if (!pid) continue
      const seconds = cpuSecondsOf(pid)
      if (seconds > 0) last.set(pid, seconds)
    }
    return [...last.values()].reduce((a, b) => a + b, 0)
  }
}

export function cpuSnapshot(groups: CpuGroups): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([name, seconds]) => [name, seconds()]))
}

/** Adds the CPU seconds between two snapshots into `into`. */
export function addCpu(into: Record<string, number>, before: Record<string, number>, after: Record<string, number>): void {
  for (const k of Object.keys(after)) into[k] = (into[k] ?? 0) + after[k] - (before[k] ?? 0)
}

/** Milliseconds of CPU per operation per group. */
export const perOp = (seconds: Record<string, number>, ops: number): Record<string, number> =>
  Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, +((s * 1000) / ops).toFixed(2)]))
