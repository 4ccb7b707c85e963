/**
 * A minimal benchmark harness: warm-up, then timed batches until a minimum time (and a minimum
 * number of operations) has passed; reports operations per second over all timed batches.
 *
 * The code under test is a `Batch`: a function that performs `n` operations and returns a number
 * folded from their results. The harness feeds that number into a sink that is printed at the
 * end ({@link printSink}), so that the JIT cannot drop the work as dead code. Each batch function
 * should keep its own cursor over precomputed inputs, so that consecutive batches (even of size
 * 1, for slow code) keep moving through the inputs rather than repeating the first one.
 *
 * Timing is `performance.now()`; nothing here allocates inside the timed loop.
 */

/** Performs `n` operations; returns a number derived from every result (summed, xored…). */
export type Batch = (n: number) => number

export interface MeasureOptions {
  /**
   * Least time spent running the code before timing starts, in ms (at least one batch runs).
   * Default 150. Warm-up then goes on until the code is steady (see {@link MeasureOptions.steadyMs}).
   */
  readonly warmupMs?: number
  /**
   * Warm-up ends once two consecutive windows of this many ms run at rates within 3 % of each
   * other (the JIT has settled: V8 may take seconds to move hot code to its top tier), or after
   * {@link MeasureOptions.maxWarmupMs}. Default 300; 0 turns the check off.
   */
  readonly steadyMs?: number
  /** Upper bound of the warm-up, in ms. Default 8000. */
  readonly maxWarmupMs?: number
  /** Timed batches go on until at least this much time has been timed, in ms. Default 1000. */
  readonly minTimeMs?: number
  /** …and at least this many operations have been timed. Default 3. */
  readonly minOps?: number
  /** Target duration of one timed batch, in ms. Default 50. */
  readonly batchMs?: number
}

export interface Measurement {
  /** Operations timed. */
  readonly ops: number
  /** Time the timed batches took, in ms. */
  readonly ms: number
  /** `ops / ms * 1000`. */
  readonly opsPerSec: number
  /** Number of timed batches. */
  readonly batches: number
  /**
   * Noise indicator: half the range between the 10th and 90th percentiles of the per-batch
   * rates, relative to their median (0.05 = ±5 %); 0 with one batch.
   */
  readonly spread: number
}

let sinkValue = 0

/** Folds a value into the sink (keeps results observable). */
export const consume = (x: number): void => {
  // Modulo keeps the value a finite double however many results are folded in.
  sinkValue = (sinkValue * 31 + (Number.isFinite(x) ? x : 1)) % 1_000_000_007
}

/** The sink's value: print it so that the benchmarked work is observable. */
export const sink = (): number => sinkValue

/** Prints the sink on one line (call once at the end of a benchmark). */
export const printSink = (): void => {
  console.log(`sink (ignore; keeps results alive): ${sinkValue}`)
}

/** Measures `run` (see the module comment). Throws whatever `run` throws. */
export const measure = (run: Batch, options: MeasureOptions = {}): Measurement => {
  const warmupMs = options.warmupMs ?? 150
  const minTimeMs = options.minTimeMs ?? 1000
  const minOps = options.minOps ?? 3
  const batchMs = options.batchMs ?? 50
  const steadyMs = options.steadyMs ?? 300
  const maxWarmupMs = options.maxWarmupMs ?? 8000

  // Warm-up, doubling the batch while batches are short, so that per-op cost can be estimated.
  let n = 1
  let perOp = Number.POSITIVE_INFINITY
  const warmStart = performance.now()
  for (;;) {
    const t0 = performance.now()
    consume(run(n))
    const dt = performance.now() - t0
    if (dt > 0) perOp = dt / n
    if (performance.now() - warmStart >= warmupMs) break
    if (dt < batchMs / 4) n *= 2
  }
  if (steadyMs > 0) {
    // Windows of about steadyMs until two in a row agree within 3 % (or the bound is reached).
    let previous = Number.NaN
    while (performance.now() - warmStart < maxWarmupMs) {
      const size = Math.max(1, Math.round(steadyMs / perOp))
      const t0 = performance.now()
      consume(run(size))
      const dt = performance.now() - t0
      if (dt <= 0) break
      perOp = dt / size
      const rate = size / dt
      if (Math.abs(rate - previous) <= 0.03 * previous) break
      previous = rate
    }
  }

  let ops = 0
  let ms = 0
  const rates: Array<number> = []
  while (ms < minTimeMs || ops < minOps) {
    // Batch size: about batchMs per batch, but not much more than what is still needed.
    const still = Math.max(minOps - ops, Math.ceil((minTimeMs - ms) / perOp))
    const size = Math.max(1, Math.min(Math.round(batchMs / perOp), still))
    const t0 = performance.now()
    consume(run(size))
    const dt = performance.now() - t0
    ops += size
    ms += dt
    if (dt > 0) {
      perOp = dt / size
      rates.push((size / dt) * 1000)
    }
  }
  return { ops, ms, opsPerSec: (ops / ms) * 1000, batches: rates.length, spread: spreadOf(rates) }
}

/**
 * Half the range between the 10th and 90th percentiles of per-batch `rates`, relative to their
 * median (0.05 = ±5 %); 0 with fewer than two. See {@link Measurement.spread}.
 */
export const spreadOf = (rates: ReadonlyArray<number>): number => {
  const sorted = [...rates].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return sorted.length > 1 ? (at(0.9) - at(0.1)) / 2 / at(0.5) : 0
}

/** Cycles through a precomputed array: `next()` returns the following element, wrapping around. */
export const cursor = <A>(items: ReadonlyArray<A>): (() => A) => {
  let k = 0
  return () => {
    const item = items[k]!
    k = k + 1 === items.length ? 0 : k + 1
    return item
  }
}

/** mulberry32: a tiny seeded PRNG in [0, 1), so that inputs are the same on every run. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** "2.41 M", "38.2 k", "41.7", "0.93" — three significant digits. */
export const formatRate = (x: number): string => {
  if (!Number.isFinite(x)) return "n/a"
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)} M`
  if (x >= 1e3) return `${(x / 1e3).toPrecision(3)} k`
  return x.toPrecision(3)
}

/** "±4%" from a {@link Measurement.spread}. */
export const formatSpread = (spread: number): string => `±${Math.round(spread * 100)}%`

/** "12 300×", "41.2×", "0.52×". */
export const formatRatio = (x: number): string => {
  if (!Number.isFinite(x)) return "n/a"
  if (x >= 1000) return `${Math.round(x).toLocaleString("en-US").replace(/,/g, " ")}×`
  return `${x.toPrecision(3)}×`
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const all = [header, ...rows]
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)))
  const line = (r: ReadonlyArray<string>) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")
  const rule = widths.map((w) => "─".repeat(w)).join("  ")
  return [line(header), rule, ...rows.map(line)].join("\n")
}

/** A batch that runs `run` over `items` in turn, cycling, and sums what it returns (kept alive by the caller). */
export const ticketBatch = <A>(items: ReadonlyArray<A>, run: (item: A) => number): Batch => {
  let k = 0
  return (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      acc += run(items[k]!)
      k = k + 1 === items.length ? 0 : k + 1
    }
    return acc
  }
}

/** A progress line on stderr, so the table on stdout stays clean. */
export const progress = (text: string): void => {
  process.stderr.write(`  … ${text}\n`)
}

/** An integer with thin-space thousands (10 000). */
export const fmtInt = (x: number): string => Math.round(x).toLocaleString("en-US").replace(/,/g, " ")

/** A fraction as a whole percentage. */
export const pct = (x: number): string => `${Math.round(x * 100)}%`
