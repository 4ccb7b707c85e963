/**
 * Metrics: `Metrics.accumulator().add(events)` and `.addMeasure(measure)` throughput, resident memory at 1 M and 10 M
 * tickets, the merge of 100 shards, and the quantile sketch beside what a user would otherwise
 * pick — the official DDSketch for JavaScript (@datadog/sketches-js) and exact percentiles over
 * every value kept in an array (simple-statistics) — in the same run. See "Performance targets"
 * in the design notes (≥ 1 M tickets/s, memory independent of the ticket count).
 *
 *   npm run bench -- metrics        (or: npm exec -- tsx --tsconfig bench/tsconfig.json bench/metrics.bench.ts)
 */
import { availableParallelism, cpus, loadavg } from "node:os"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { DDSketch } from "@datadog/sketches-js"
import { Calendar, FollowUp, Metrics } from "servicekit"
import { quantileSorted } from "simple-statistics"
import { type EnrichedTicket, EVERY_PRACTICE, makeFollowUpTickets } from "./lib/followup-workload.js"
import {
  consume,
  fmtInt,
  formatRate,
  formatRatio,
  formatSpread,
  printSink,
  progress,
  seeded,
  spreadOf,
  table,
} from "./lib/harness.js"
import { makePolicies, NOW, specOf, ZONES } from "./lib/sla-workload.js"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const TARGET = 1_000_000
const PAGE = 1_000
const TIMED_MS = 2_000
const rome = Calendar.make(specOf(ZONES[0]))
const policies = makePolicies()
const followUp = FollowUp.policy(EVERY_PRACTICE)
const grouped: Metrics.AccumulatorOptions = {
  now: NOW,
  calendar: rome,
  groupBy: ["channel", "priority", "period"],
  period: { unit: "week", timeZone: "Europe/Rome" },
}

/** A page of `PAGE` tickets, as an app reads them from its store (fresh objects each page). */
let pageSeed = 1
const page = (): ReadonlyArray<EnrichedTicket> => makeFollowUpTickets(1000 + pageSeed++, PAGE).tickets

interface Rate {
  readonly tickets: number
  readonly ms: number
  readonly perSec: number
  readonly events: number
  /** The spread of the per-page (per-pass) rates: how noisy the machine was while the cell ran. */
  readonly spread: number
}

/** Adds pages of fresh tickets to `acc` (only the adds are timed) for about `TIMED_MS`. */
const timePages = (acc: Metrics.Accumulator, timedMs = TIMED_MS): Rate => {
  // Warm-up: a few pages untimed.
  for (let k = 0; k < 3; k++) for (const t of page()) acc.add(t.events)
  let ms = 0
  let tickets = 0
  let events = 0
  const rates: Array<number> = []
  while (ms < timedMs) {
    const p = page()
    for (const t of p) events += t.events.length
    const t0 = performance.now()
    for (let k = 0; k < p.length; k++) acc.add(p[k]!.events)
    const dt = performance.now() - t0
    ms += dt
    tickets += p.length
    if (dt > 0) rates.push(p.length / dt)
  }
  consume(acc.result().overall.tickets)
  return { tickets, ms, perSec: (tickets / ms) * 1000, events, spread: spreadOf(rates) }
}

/** Adds the same `pool` of tickets over and over (its events no longer fit in the CPU caches). */
const timeCycling = (acc: Metrics.Accumulator, pool: ReadonlyArray<EnrichedTicket>): Rate => {
  for (const t of pool) acc.add(t.events)
  let ms = 0
  let tickets = 0
  let events = 0
  const rates: Array<number> = []
  while (ms < TIMED_MS) {
    const t0 = performance.now()
    for (let k = 0; k < pool.length; k++) acc.add(pool[k]!.events)
    const dt = performance.now() - t0
    ms += dt
    tickets += pool.length
    if (dt > 0) rates.push(pool.length / dt)
  }
  for (const t of pool) events += t.events.length
  const perTicket = events / pool.length
  return { tickets, ms, perSec: (tickets / ms) * 1000, events: perTicket * tickets, spread: spreadOf(rates) }
}

/** Reads a page of stored measures back as an app does: `JSON.parse`, then `Metrics.decodeMeasure`. */
const readPage = (text: string): Array<Metrics.TicketMeasure> =>
  (JSON.parse(text) as Array<unknown>).map((json) => {
    const decoded = Metrics.decodeMeasure(json)
    if (decoded._tag === "Failure") throw decoded.failure
    return decoded.success
  })

/**
 * The measures of `tickets` as an app stores them: pages of `PAGE` measures as JSON text. Also
 * what taking a measure costs (µs per ticket), and reading one back (µs per measure).
 */
const storedMeasures = (tickets: ReadonlyArray<EnrichedTicket>, options: Metrics.MeasureOptions) => {
  let t0 = performance.now()
  const measured = tickets.map((t) => Metrics.measure(t.events, options)!)
  const measureUs = ((performance.now() - t0) * 1000) / tickets.length
  const pages: Array<string> = []
  for (let k = 0; k < measured.length; k += PAGE) pages.push(JSON.stringify(measured.slice(k, k + PAGE)))
  for (const text of pages) consume(readPage(text).length) // warm-up
  t0 = performance.now()
  for (const text of pages) consume(readPage(text).length)
  const readUs = ((performance.now() - t0) * 1000) / tickets.length
  return { pages, measureUs, readUs, bytes: pages.reduce((n, t) => n + t.length, 0) / measured.length }
}

/**
 * Reads pages of stored measures (untimed) and adds each page to `acc` (timed) for about
 * `TIMED_MS`: the measures are as fresh in memory as a page just read from a store.
 */
const timeMeasurePages = (acc: Metrics.Accumulator, pages: ReadonlyArray<string>): Rate => {
  for (let k = 0; k < 5; k++) for (const m of readPage(pages[k % pages.length]!)) acc.addMeasure(m)
  let ms = 0
  let tickets = 0
  const rates: Array<number> = []
  for (let k = 0; ms < TIMED_MS; k++) {
    const page = readPage(pages[k % pages.length]!)
    const t0 = performance.now()
    for (let i = 0; i < page.length; i++) acc.addMeasure(page[i]!)
    const dt = performance.now() - t0
    ms += dt
    tickets += page.length
    if (dt > 0) rates.push(page.length / dt)
  }
  consume(acc.result().overall.tickets)
  return { tickets, ms, perSec: (tickets / ms) * 1000, events: 0, spread: spreadOf(rates) }
}

const heapMb = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20

/** Streams `count` ticket additions from a pool through one grouped accumulator; memory after. */
const memoryAt = (
  acc: Metrics.Accumulator,
  pool: ReadonlyArray<EnrichedTicket>,
  from: number,
  to: number,
) => {
  for (let n = from; n < to; n++) acc.add(pool[n % pool.length]!.events)
  return { heap: heapMb(), rss: rssMb(), json: JSON.stringify(acc).length / 1024 }
}

// ─── the sketch beside its peers ───────────────────────────────────────────────────────────

/** Log-normal durations in ms around 2 h (first replies and resolutions look like this). */
const durations = (count: number, seed: number): Float64Array => {
  const rand = seeded(seed)
  const out = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    const u = Math.max(rand(), 1e-12)
    const v = rand()
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    out[k] = Math.round(Math.exp(Math.log(2 * 3_600_000) + 1.2 * normal))
  }
  return out
}

interface SketchRow {
  readonly name: string
  readonly addPerSec: number
  readonly p50err: number
  readonly p90err: number
  readonly p99err: number
  readonly heapMb: number
  readonly bytes: number
  readonly merge100Ms: number
}

const sketchCells = (values: Float64Array): ReadonlyArray<SketchRow> => {
  const sorted = Float64Array.from(values).sort()
  const exactAt = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!
  const err = (got: number, q: number) => Math.abs(got - exactAt(q)) / exactAt(q)
  const rows: Array<SketchRow> = []
  const timeAdd = (add: (v: number) => void) => {
    const t0 = performance.now()
    for (let k = 0; k < values.length; k++) add(values[k]!)
    return (values.length / (performance.now() - t0)) * 1000
  }
  const shards = (make: () => { add: (v: number) => void }) => {
    const list = Array.from({ length: 100 }, make)
    for (let k = 0; k < values.length; k++) list[k % 100]!.add(values[k]!)
    return list
  }

  {
    const before = heapMb()
    const s = new Metrics.QuantileSketch()
    const rate = timeAdd((v) => s.add(v))
    const heap = heapMb() - before
    const parts = shards(() => new Metrics.QuantileSketch()) as Array<Metrics.QuantileSketch>
    const t0 = performance.now()
    const merged = new Metrics.QuantileSketch()
    for (const p of parts) merged.merge(p)
    const mergeMs = performance.now() - t0
    rows.push({
      name: "servicekit Metrics.QuantileSketch (α 1 %)",
      addPerSec: rate,
      p50err: err(s.quantile(0.5)!, 0.5),
      p90err: err(s.quantile(0.9)!, 0.9),
      p99err: err(s.quantile(0.99)!, 0.99),
      heapMb: heap,
      bytes: JSON.stringify(s).length,
      merge100Ms: mergeMs,
    })
  }
  {
    const before = heapMb()
    const s = new DDSketch({ relativeAccuracy: 0.01 })
    const rate = timeAdd((v) => s.accept(v))
    const heap = heapMb() - before
    const parts = shards(() => {
      const d = new DDSketch({ relativeAccuracy: 0.01 })
      return { add: (v: number) => d.accept(v), d }
    }) as Array<{ add: (v: number) => void; d: DDSketch }>
    const t0 = performance.now()
    const merged = new DDSketch({ relativeAccuracy: 0.01 })
    for (const p of parts) merged.merge(p.d)
    const mergeMs = performance.now() - t0
    rows.push({
      name: "@datadog/sketches-js DDSketch (α 1 %)",
      addPerSec: rate,
      p50err: err(s.getValueAtQuantile(0.5)!, 0.5),
      p90err: err(s.getValueAtQuantile(0.9)!, 0.9),
      p99err: err(s.getValueAtQuantile(0.99)!, 0.99),
      heapMb: heap,
      bytes: s.toProto().length,
      merge100Ms: mergeMs,
    })
  }
  {
    const before = heapMb()
    const all: Array<number> = []
    const rate = timeAdd((v) => {
      all.push(v)
    })
    const t0 = performance.now()
    const copy = all.slice().sort((a, b) => a - b)
    const q = (p: number) => quantileSorted(copy, p)
    const sortMs = performance.now() - t0
    const heap = heapMb() - before
    rows.push({
      name: `exact: every value in an array, simple-statistics (sort ${sortMs.toFixed(0)} ms)`,
      addPerSec: rate,
      p50err: err(q(0.5), 0.5),
      p90err: err(q(0.9), 0.9),
      p99err: err(q(0.99), 0.99),
      heapMb: heap,
      bytes: JSON.stringify(all).length,
      merge100Ms: Number.NaN,
    })
  }
  return rows
}

// ─── main ──────────────────────────────────────────────────────────────────────────────────

const main = (): void => {
  const started = performance.now()
  progress("generating the pool of 10 000 tickets")
  const pool = makeFollowUpTickets(2025, 10_000).tickets
  const eventsPerTicket = pool.reduce((n, t) => n + t.events.length, 0) / pool.length

  progress("(1) add(events), pages of fresh tickets, ungrouped")
  const cellPlain = timePages(Metrics.accumulator({ now: NOW, calendar: rome }))
  progress("(2) grouped by channel × priority × week")
  const cellGrouped = timePages(Metrics.accumulator(grouped))
  progress("(3) cycling over 10 000 tickets")
  const cellCycling = timeCycling(Metrics.accumulator({ now: NOW, calendar: rome }), pool)
  progress("(4) with SLA policies")
  const cellSla = timePages(Metrics.accumulator({ now: NOW, calendar: rome, sla: { policies } }), 1_000)
  progress("(5) with SLA policies and a follow-up policy (the scorecard's work)")
  const cellAll = timePages(
    Metrics.accumulator({ now: NOW, calendar: rome, sla: { policies }, followUp }),
    1_000,
  )

  progress("(6–9) stored ticket measures: pages read back from JSON and added; the scorecard over 200 000")
  const plainStored = storedMeasures(pool, { now: NOW, calendar: rome })
  const cellMeasures = timeMeasurePages(Metrics.accumulator({ now: NOW, calendar: rome }), plainStored.pages)
  const cellMeasuresGrouped = timeMeasurePages(Metrics.accumulator(grouped), plainStored.pages)
  const allOptions = { now: NOW, calendar: rome, sla: { policies }, followUp }
  const allStored = storedMeasures(pool, allOptions)
  const cellMeasuresAll = timeMeasurePages(Metrics.accumulator(allOptions), allStored.pages)
  const inMemory = Array.from({ length: 20 }, () => allStored.pages.flatMap(readPage)).flat()
  const cardOptions = { policies, calendar: rome, now: NOW, followUp }
  consume(Metrics.scorecard(inMemory, cardOptions).merged) // warm-up: one untimed pass
  let cardMs = 0
  let cardTickets = 0
  const cardRates: Array<number> = []
  while (cardMs < TIMED_MS) {
    const t0 = performance.now()
    const card = Metrics.scorecard(inMemory, cardOptions)
    const dt = performance.now() - t0
    cardMs += dt
    cardTickets += inMemory.length
    cardRates.push(inMemory.length / dt)
    consume(card.figures.tickets)
  }
  const cardCount = inMemory.length
  const cardRate = (cardTickets / cardMs) * 1000
  inMemory.length = 0

  progress("memory: 1 M then 10 M tickets through one grouped accumulator")
  const baseline = heapMb()
  const memAcc = Metrics.accumulator(grouped)
  const at1M = memoryAt(memAcc, pool, 0, 1_000_000)
  const at10M = memoryAt(memAcc, pool, 1_000_000, 10_000_000)
  const groupsAt10M = memAcc.toJSON().groups.length
  consume(memAcc.result().overall.tickets)

  progress("merge of 100 shards")
  const shards = Array.from({ length: 100 }, (_, s) => {
    const acc = Metrics.accumulator(grouped)
    for (let k = 0; k < 1_000; k++) acc.add(pool[(s * 1_000 + k) % pool.length]!.events)
    return acc
  })
  const single = Metrics.accumulator(grouped)
  for (let n = 0; n < 100_000; n++) single.add(pool[n % pool.length]!.events)
  let t0 = performance.now()
  const mergedInMemory = Metrics.accumulator(grouped)
  for (const s of shards) mergedInMemory.merge(s)
  const mergeMs = performance.now() - t0
  const texts = shards.map((s) => JSON.stringify(s))
  t0 = performance.now()
  const mergedFromJson = Metrics.accumulator(grouped)
  for (const text of texts) mergedFromJson.merge(Metrics.Accumulator.fromJSON(JSON.parse(text), grouped))
  const mergeJsonMs = performance.now() - t0
  const same = (a: Metrics.Accumulator) => JSON.stringify(a) === JSON.stringify(single)
  const shardKb = texts.reduce((n, t) => n + t.length, 0) / texts.length / 1024

  progress("the sketch beside DDSketch and exact percentiles (1 M values)")
  const sketchRows = sketchCells(durations(1_000_000, 42))

  // ─── report ─────────────────────────────────────────────────────────────────────────────
  const load = loadavg()[0] ?? 0
  console.log("")
  console.log("servicekit Metrics: accumulation, memory, merge (higher rates are better)")
  console.log(
    `node ${process.version} · ${cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "cpu"} · ` +
      `${availableParallelism()} cores · load average ${load.toFixed(2)} at the end` +
      (load > 0.5 ? "  ⚠ other work on the machine: figures are noisy" : ""),
  )
  console.log("command: npm run bench -- metrics  (→ tsx bench/metrics.bench.ts on the built dist/)")
  console.log(
    `workload: the follow-up benchmark's synthetic tickets (${eventsPerTicket.toFixed(1)} events per ticket: replies, ` +
      `customer messages, pending/on-hold, solves and reopens, promises, chases, sent follow-ups, CSAT answers); ` +
      `calendar Europe/Rome Mon–Fri 09–18 with 10 holidays; now = ${new Date(NOW).toISOString()}`,
  )
  console.log(
    `cells 1, 2, 4, 5 add pages of ${fmtInt(PAGE)} freshly generated tickets (as an app reads a page from its store and ` +
      `accumulates it; generation untimed); cell 3 re-adds the same 10 000 tickets, whose events no longer sit in the CPU caches. ` +
      `Each rate is the tickets added over the time taken; ± is half the spread (10th to 90th percentile) of the rates of ` +
      `its pages (of its passes in cell 9) around their median: how much the machine's speed moved while the cell ran`,
  )
  const rate = (r: Rate) => `${formatRate(r.perSec)} tickets/s ${formatSpread(r.spread)}`
  const perEvent = (r: Rate) => `${formatRate((r.events / r.ms) * 1000)} events/s`
  const verdict = (r: Rate) => (r.perSec >= TARGET ? "met" : "NOT met")
  console.log("")
  console.log(
    table(
      ["cell", "servicekit", "events", "per ticket", `≥ ${formatRate(TARGET)}/s`],
      [
        [
          "(1) add(events) — every figure but SLA and follow-ups",
          rate(cellPlain),
          perEvent(cellPlain),
          `${((cellPlain.ms * 1000) / cellPlain.tickets).toFixed(2)} µs`,
          verdict(cellPlain),
        ],
        [
          "(2) as (1), grouped by channel × priority × week",
          rate(cellGrouped),
          perEvent(cellGrouped),
          `${((cellGrouped.ms * 1000) / cellGrouped.tickets).toFixed(2)} µs`,
          verdict(cellGrouped),
        ],
        [
          "(3) as (1), cycling over 10 000 tickets (out of cache)",
          rate(cellCycling),
          perEvent(cellCycling),
          `${((cellCycling.ms * 1000) / cellCycling.tickets).toFixed(2)} µs`,
          "–",
        ],
        [
          "(4) as (1) + SLA achievement (Sla.evaluate per ticket)",
          rate(cellSla),
          perEvent(cellSla),
          `${((cellSla.ms * 1000) / cellSla.tickets).toFixed(2)} µs`,
          "–",
        ],
        [
          "(5) as (4) + follow-ups on time (FollowUp.plan per ticket)",
          rate(cellAll),
          perEvent(cellAll),
          `${((cellAll.ms * 1000) / cellAll.tickets).toFixed(2)} µs`,
          "–",
        ],
        [
          "(6) addMeasure(measure read from a page) — every figure but SLA and follow-ups",
          rate(cellMeasures),
          "–",
          `${((cellMeasures.ms * 1000) / cellMeasures.tickets).toFixed(2)} µs`,
          verdict(cellMeasures),
        ],
        [
          "(7) as (6), grouped by channel × priority × week",
          rate(cellMeasuresGrouped),
          "–",
          `${((cellMeasuresGrouped.ms * 1000) / cellMeasuresGrouped.tickets).toFixed(2)} µs`,
          verdict(cellMeasuresGrouped),
        ],
        [
          "(8) as (6) + SLA achievement + follow-ups on time (the scorecard's figures)",
          rate(cellMeasuresAll),
          "–",
          `${((cellMeasuresAll.ms * 1000) / cellMeasuresAll.tickets).toFixed(2)} µs`,
          verdict(cellMeasuresAll),
        ],
        [
          `(9) Metrics.scorecard over ${fmtInt(cardCount)} stored measures, end to end (repeated)`,
          `${formatRate(cardRate)} tickets/s ${formatSpread(spreadOf(cardRates))}`,
          "–",
          `${((cardMs * 1000) / cardTickets).toFixed(2)} µs`,
          verdict({ ...cellMeasures, perSec: cardRate }),
        ],
      ],
    ),
  )
  console.log(
    `  cells 6–8 read pages of ${fmtInt(PAGE)} stored measures of the pool's tickets (JSON text → JSON.parse → ` +
      `Metrics.decodeMeasure, untimed: ${plainStored.readUs.toFixed(1)} µs per measure, ${allStored.readUs.toFixed(1)} µs with ` +
      `SLA and follow-up outcomes) and add each page as it is read, as an app reads the measures it keeps beside its tickets; ` +
      `cell 9 runs the scorecard over ${fmtInt(cardCount)} measures held in memory. A measure is ${plainStored.bytes.toFixed(0)} B ` +
      `of JSON (${allStored.bytes.toFixed(0)} B with SLA and follow-ups). Taking one costs what folding the history costs: ` +
      `Metrics.measure ${plainStored.measureUs.toFixed(1)} µs per ticket, ${allStored.measureUs.toFixed(1)} µs with SLA ` +
      `policies and a follow-up policy (paid when a ticket changes, not per report)`,
  )
  console.log("")
  console.log(
    table(
      ["memory (grouped by channel × priority × week)", "heap used", "rss", "accumulator JSON", "groups"],
      [
        ["before", `${baseline.toFixed(1)} MB`, "", "", ""],
        [
          "after 1 M tickets",
          `${at1M.heap.toFixed(1)} MB`,
          `${at1M.rss.toFixed(0)} MB`,
          `${at1M.json.toFixed(0)} KB`,
          "",
        ],
        [
          "after 10 M tickets",
          `${at10M.heap.toFixed(1)} MB`,
          `${at10M.rss.toFixed(0)} MB`,
          `${at10M.json.toFixed(0)} KB`,
          String(groupsAt10M),
        ],
      ],
    ),
  )
  console.log(
    `  (the 10 M tickets are the 10 000-ticket pool added 1 000 times: the state depends on the groups and the range of ` +
      `durations, not on how many tickets were added)`,
  )
  console.log("")
  console.log(
    `merge of 100 shards of 1 000 tickets each (${shardKb.toFixed(0)} KB of JSON per shard): in memory ${mergeMs.toFixed(1)} ms, ` +
      `from JSON (parse + fromJSON + merge) ${mergeJsonMs.toFixed(1)} ms; ` +
      `equal to one pass over the 100 000 tickets: ${same(mergedInMemory) && same(mergedFromJson) ? "yes (JSON identical)" : "NO"}`,
  )
  console.log("")
  const ours = sketchRows[0]!
  console.log(
    table(
      [
        "quantile sketch, 1 M log-normal durations",
        "add/s",
        "×",
        "p50 err",
        "p90 err",
        "p99 err",
        "heap",
        "serialized",
        "merge 100",
      ],
      sketchRows.map((r) => [
        r.name,
        formatRate(r.addPerSec),
        r === ours ? "–" : formatRatio(ours.addPerSec / r.addPerSec),
        `${(r.p50err * 100).toFixed(2)} %`,
        `${(r.p90err * 100).toFixed(2)} %`,
        `${(r.p99err * 100).toFixed(2)} %`,
        `${Math.max(0, r.heapMb).toFixed(2)} MB`,
        `${fmtInt(r.bytes)} B`,
        Number.isNaN(r.merge100Ms) ? "–" : `${r.merge100Ms.toFixed(2)} ms`,
      ]),
    ),
  )
  console.log(
    `  (× = servicekit add rate ÷ that row's; errors against the exact nearest-rank value; DDSketch serialized as protobuf)`,
  )
  console.log("")
  const flat = at10M.heap - at1M.heap < 5
  const measuresMet = [cellMeasures, cellMeasuresGrouped, cellMeasuresAll].every((r) => r.perSec >= TARGET)
  console.log(
    `target ≥ 1 M tickets/s accumulation, memory independent of the ticket count: ` +
      `from stored measures ${measuresMet ? "met" : "NOT met"} — ${rate(cellMeasures)}, grouped ${rate(cellMeasuresGrouped)}, ` +
      `with SLA and follow-ups ${rate(cellMeasuresAll)} (cells 6–8), Metrics.scorecard ${formatRate(cardRate)} tickets/s (cell 9)${cardRate >= TARGET ? "" : " NOT met"}; from raw histories ${verdict(cellPlain)} — ${rate(cellPlain)} (cell 1); ` +
      `heap ${at1M.heap.toFixed(1)} MB at 1 M and ${at10M.heap.toFixed(1)} MB at 10 M tickets (${flat ? "flat" : "NOT flat"})`,
  )
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`)
  printSink()
}

main()
