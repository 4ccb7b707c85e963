/**
 * Benchmark cells measured each in a fresh worker thread (its own V8 isolate), so that what ran
 * before a cell in the process — another cell, a statistics pass — cannot shape its JIT feedback
 * or its heap (measured in one thread after the SLA bench's statistics pass, `Sla.evaluate` ran at
 * ~87 k tickets/s; first in a fresh thread, at ~145 k). A benchmark file is its own worker entry:
 *
 * ```ts
 * if (isJobWorker()) serveCells((cell) => measure(…))   // in the worker: build the inputs, measure
 * else { const cells = cellRunner(new URL(import.meta.url)); const m = await cells.run("cell-1") }
 * ```
 *
 * A try whose batch rates spread more than ±10 % (the machine was busy with something else) is
 * measured again in a new worker, up to three tries; the calmest is kept and the retries noted.
 */
import { consume, type Measurement, sink } from "./harness.js"
import { runJobs, serveJobs } from "./isolate.js"

/** What a worker answers for one cell: the measurement, and its sink (the work's observable result). */
export interface CellAnswer {
  readonly measurement: Measurement
  readonly sink: number
}

/** The worker setup of a cell job. */
export interface CellSetup<C extends string> {
  readonly cell: C
}

/** Whether a worker's setup names a cell (a benchmark's worker may serve other jobs too). */
export const isCellSetup = <C extends string>(setup: unknown): setup is CellSetup<C> =>
  typeof setup === "object" && setup !== null && "cell" in setup

/** In a worker: measures the cell `setup` names with `measureCell`. */
export const answerCell = <C extends string>(
  setup: CellSetup<C>,
  measureCell: (cell: C) => Measurement,
): CellAnswer => {
  const measurement = measureCell(setup.cell)
  return { measurement, sink: sink() }
}

/** In a worker started by {@link cellRunner}: answers every cell job. */
export const serveCells = <C extends string>(measureCell: (cell: C) => Measurement): void =>
  serveJobs<CellSetup<C>, { readonly kind: "run" }, CellAnswer>((setup) => answerCell(setup, measureCell))

/** In the main thread: measures cells in fresh workers started from `entry` (this file's URL). */
export const cellRunner = <C extends string>(entry: URL, timeoutMs = 120_000) => {
  const retried: Array<string> = []
  const run = async (cell: C): Promise<Measurement> => {
    let best: Measurement | undefined
    let tries = 0
    while (tries < 3 && (best === undefined || best.spread > 0.1)) {
      tries++
      const [outcome] = await runJobs<CellSetup<C>, { readonly kind: "run" }, CellAnswer>(
        entry,
        { cell },
        [{ kind: "run" }],
        { timeoutMs },
      )
      if (!outcome?.ok) throw new Error(`cell ${cell}: ${outcome?.reason ?? "no answer"}`)
      consume(outcome.value.sink)
      const m = outcome.value.measurement
      if (best === undefined || m.spread < best.spread) best = m
    }
    if (tries > 1) retried.push(`${cell} (${tries} tries)`)
    return best!
  }
  /** A line naming the cells measured again, or undefined. */
  const note = (): string | undefined =>
    retried.length === 0
      ? undefined
      : `cells measured again because a try spread more than ±10 %: ${retried.join(", ")}`
  return { run, note }
}
