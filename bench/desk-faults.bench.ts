/**
 * The Desk's fault run (bench/lib/fault-run.ts) at full size: workers × simulated days × injected
 * store and sink faults. Not a timing benchmark: it prints, per run, what was injected and what
 * came out, and the three counts that must be zero — owed-but-unsent, sent-twice-without-cause and
 * lost. A store fault fails an operation before it runs or after it ran (the caller sees a failure
 * either way); a sink fault fails a delivery before it goes out or after it went out.
 *
 *   npm run bench -- desk-faults     (or: npm exec -- tsx --tsconfig bench/tsconfig.json bench/desk-faults.bench.ts)
 *
 * A smaller run of the same simulation is a test (test/desk/faults.test.ts).
 */
import { type FaultRunOptions, faultRun } from "./lib/fault-run.js"
import { fmtInt, table } from "./lib/harness.js"

const levels = [
  { name: "none", store: 0, sink: 0 },
  { name: "2 % + 2 %", store: 0.02, sink: 0.02 },
  { name: "10 % + 10 %", store: 0.1, sink: 0.1 },
] as const

const rows: Array<Array<string>> = []
let bad = 0
for (const workers of [1, 4]) {
  for (const level of levels) {
    const options: FaultRunOptions = {
      workers,
      days: 7,
      ticketsPerDay: 300,
      storeFailBefore: level.store,
      storeFailAfter: level.store,
      sinkFailBefore: level.sink,
      sinkFailAfter: level.sink,
      seed: 17 + workers,
    }
    const started = Date.now()
    const r = await faultRun(options)
    bad += r.owedButUnsent + r.sentTwiceWithoutCause + r.lost
    rows.push([
      String(workers),
      String(r.days),
      level.name,
      fmtInt(r.tickets),
      fmtInt(r.commandsAccepted),
      fmtInt(r.storeFaults),
      fmtInt(r.sinkFaults),
      fmtInt(r.tasksDelivered),
      fmtInt(r.repeatsWithCause),
      String(r.owedButUnsent),
      String(r.sentTwiceWithoutCause),
      String(r.lost),
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    ])
  }
}
console.log(
  table(
    [
      "workers",
      "days",
      "faults (each way)",
      "tickets",
      "commands",
      "store faults",
      "sink faults",
      "tasks sent",
      "repeats w/ cause",
      "owed unsent",
      "twice w/o cause",
      "lost",
      "wall",
    ],
    rows,
  ),
)
console.log(
  bad === 0
    ? "\nevery run: nothing owed left unsent, nothing sent twice without cause, nothing lost"
    : `\n${bad} BAD`,
)
if (bad !== 0) process.exitCode = 1
