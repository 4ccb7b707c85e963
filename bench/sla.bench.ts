/**
 * SLA evaluation: `Sla.evaluate` / `evaluateState` / `step` on 10 000 synthetic tickets, beside
 * what a user would otherwise write (a hand-rolled evaluator of the same seven metrics on
 * moment-business-time + moment-timezone), same tickets, same run. See "Performance targets" in
 * the design notes.
 *
 *   npm run bench -- sla        (or: npm exec -- tsx bench/sla.bench.ts)
 *
 * servicekit runs in the main thread; the peer runs in a worker thread under a watchdog (its
 * business-time loop is not ours to trust), time-boxed, on tickets regenerated from the same seed.
 */
import { createRequire } from "node:module"
import { availableParallelism, cpus, loadavg } from "node:os"
import { Calendar, Sla, type Ticket } from "servicekit"
import {
  type Batch,
  fmtInt,
  formatRate,
  formatRatio,
  formatSpread,
  type Measurement,
  type MeasureOptions,
  measure,
  pct,
  printSink,
  progress,
  table,
  ticketBatch,
} from "./lib/harness.js"
import { isJobWorker, type JobOutcome, runJobs, serveJobs } from "./lib/isolate.js"
import {
  ITALIAN_HOLIDAYS_2025,
  METRICS,
  MINUTE,
  makePolicies,
  makeTickets,
  N,
  NOW,
  SAMPLE,
  SEED,
  type SynthTicket,
  specOf,
  type TicketEvent,
  ZONES,
} from "./lib/sla-workload.js"

// ─── peer: a hand-rolled evaluator on moment-business-time (worker side) ───────────────────

interface WorkingMoment {
  workingDiff(other: WorkingMoment, unit: "milliseconds"): number
}
interface MomentModule {
  tz(d: Date | number, zone: string): WorkingMoment
  updateLocale(locale: string, data: object): void
}

/** One cycle of one metric, as the peer tracks it: closed segments, open segment, stopped. */
interface PeerCycle {
  readonly metric: number
  readonly cycle: number
  readonly segments: Array<number>
  since: number | undefined
  stopped: boolean
  bySolve: boolean
}

/** `[metric index, cycle, elapsed ms]` per cycle, in metric order then cycle order. */
type PeerClock = readonly [number, number, number]

const FIRST = 0
const NEXT = 1
const PERIODIC = 2
const PAUSABLE = 3
const WAIT = 4
const WORK = 5
const RESOLUTION = 6

/**
 * What a user would write without servicekit: a switch over events that keeps wall-clock
 * running segments per clock, then `workingDiff` per segment in the ticket's zone. Computes the
 * elapsed business time of every cycle (not targets, due dates, warnings or breach instants).
 */
const makePeer = (holidays: ReadonlyArray<string>) => {
  const require = createRequire(import.meta.url)
  const moment = require("moment-timezone") as MomentModule
  require("moment-business-time") // patches the same `moment` instance
  const day = ["09:00:00", "18:00:00"]
  moment.updateLocale("en", {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays: [...holidays],
  })
  const business = (a: number, b: number, zone: string): number =>
    moment.tz(b, zone).workingDiff(moment.tz(a, zone), "milliseconds")

  return (events: ReadonlyArray<TicketEvent>, now: number, zone: string, out?: Array<PeerClock>): number => {
    const cycles: Array<Array<PeerCycle>> = [[], [], [], [], [], [], []]
    let opened = false
    let status = "new"
    let replies = 0
    let byAgent = false
    const done = (s: string) => s === "solved" || s === "closed"
    const active = (m: number): PeerCycle | undefined => {
      const c = cycles[m]!.at(-1)
      return c !== undefined && !c.stopped ? c : undefined
    }
    const start = (m: number, t: number) => {
      cycles[m]!.push({
        metric: m,
        cycle: cycles[m]!.length + 1,
        segments: [],
        since: t,
        stopped: false,
        bySolve: false,
      })
    }
    const pause = (c: PeerCycle, t: number) => {
      if (c.since !== undefined && t > c.since) c.segments.push(c.since, t)
      c.since = undefined
    }
    const stop = (m: number, t: number, bySolve: boolean) => {
      const c = active(m)
      if (c === undefined) return
      pause(c, t)
      c.stopped = true
      c.bySolve = bySolve
    }
    for (const e of events) {
      const t = e.at.getTime()
      if (t > now) continue
      if (!opened) {
        if (e.type !== "TicketOpened") continue
        opened = true
        byAgent = e.openedBy === "agent"
        if (!byAgent) start(FIRST, t)
        start(WAIT, t)
        start(WORK, t)
        start(RESOLUTION, t)
      } else if (e.type === "CustomerMessaged") {
        if ((replies > 0 || byAgent) && !done(status) && active(NEXT) === undefined) start(NEXT, t)
      } else if (e.type === "AgentReplied") {
        stop(FIRST, t, false)
        stop(NEXT, t, false)
        stop(PERIODIC, t, false)
        stop(PAUSABLE, t, false)
        if (!done(status)) {
          start(PERIODIC, t)
          start(PAUSABLE, t)
        }
        replies++
      } else if (e.type === "StatusChanged") {
        const was = status
        status = e.status
        if (!done(was) && done(status)) for (let m = 0; m < 7; m++) stop(m, t, true)
        if (done(was) && !done(status))
          for (const m of [WAIT, WORK, RESOLUTION]) {
            const c = cycles[m]!.at(-1)
            if (c?.stopped && c.bySolve) {
              c.stopped = false
              c.bySolve = false
              c.since = t
            }
          }
      }
      // Pauses: requester wait and pausable updates while pending; agent work also on hold.
      for (const m of [PAUSABLE, WAIT, WORK]) {
        const c = active(m)
        if (c === undefined) continue
        const paused = status === "pending" || (m === WORK && status === "onHold")
        if (paused && c.since !== undefined) pause(c, t)
        else if (!paused && c.since === undefined) c.since = t
      }
    }
    let sum = 0
    for (const list of cycles)
      for (const c of list) {
        let elapsed = 0
        for (let k = 0; k < c.segments.length; k += 2)
          elapsed += business(c.segments[k]!, c.segments[k + 1]!, zone)
        if (c.since !== undefined && now > c.since) elapsed += business(c.since, now, zone)
        out?.push([c.metric, c.cycle, elapsed])
        sum += elapsed
      }
    return sum
  }
}

interface PeerSetup {
  readonly seed: number
  readonly count: number
  /** "team": every ticket in Europe/Rome; "customer": each ticket in its requester's zone. */
  readonly mode: "team" | "customer"
}
type PeerJob = { readonly kind: "run" }
interface PeerAnswer {
  readonly measurement: Measurement
  readonly samples: ReadonlyArray<ReadonlyArray<PeerClock>>
}

const PEER_OPTIONS: MeasureOptions = { warmupMs: 200, minTimeMs: 2000, minOps: 3, batchMs: 50 }

const serveWorker = (): void => {
  serveJobs<PeerSetup, PeerJob, PeerAnswer>((setup) => {
    const tickets = makeTickets(setup.seed, setup.count)
    const peer = makePeer(ITALIAN_HOLIDAYS_2025)
    const zoneOf = (t: SynthTicket) => (setup.mode === "team" ? ZONES[0] : t.zone)
    const samples = SAMPLE.map((i) => {
      const out: Array<PeerClock> = []
      peer(tickets[i]!.events, NOW, zoneOf(tickets[i]!), out)
      return out
    })
    let k = 0
    const batch: Batch = (n) => {
      let acc = 0
      for (let i = 0; i < n; i++) {
        const t = tickets[k]!
        acc += peer(t.events, NOW, zoneOf(t))
        k = k + 1 === tickets.length ? 0 : k + 1
      }
      return acc
    }
    return { measurement: measure(batch, PEER_OPTIONS), samples }
  })
}

// ─── servicekit (main thread) ──────────────────────────────────────────────────────────────

const SK_OPTIONS: MeasureOptions = { warmupMs: 300, minTimeMs: 2000, batchMs: 50 }

/** Folds an evaluation into a number (every clock's elapsed time, and when it next changes). */
const digest = (s: Sla.SlaStatus): number => {
  let acc = s.clocks.length + (s.nextChangeAt?.getTime() ?? 0) / MINUTE
  for (const c of s.clocks) acc += c.elapsedMs / MINUTE
  return acc
}

/** One operation = one event; a fresh state at each ticket's first event. */
const stepBatch = (tickets: ReadonlyArray<SynthTicket>): Batch => {
  let k = 0
  let e = 0
  let state = Sla.initial()
  return (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const events = tickets[k]!.events
      state = Sla.step(state, events[e]!)
      if (++e === events.length) {
        acc += state.ticket.version + state.cycles[6]!.length
        state = Sla.initial()
        e = 0
        k = k + 1 === tickets.length ? 0 : k + 1
      }
    }
    return acc
  }
}

// ─── main ──────────────────────────────────────────────────────────────────────────────────

const main = async (): Promise<void> => {
  const started = performance.now()
  progress(`generating ${fmtInt(N)} tickets`)
  const tickets = makeTickets(SEED, N)
  const policies = makePolicies()
  const rome = Calendar.make(specOf(ZONES[0]))
  const calendars = new Map<string, Calendar.Calendar>(ZONES.map((z) => [z, Calendar.make(specOf(z))]))
  const perCustomer = (ticket: Ticket.OpenedTicket): Calendar.Calendar =>
    calendars.get(ticket.requester.timeZone ?? ZONES[0]) ?? rome
  const teamOpts: Sla.EvaluateOptions = { policies, calendar: rome, now: new Date(NOW) }
  const customerOpts: Sla.EvaluateOptions = { policies, calendar: perCustomer, now: new Date(NOW) }

  // One pass up front: statistics, and the fold states for evaluateState.
  progress("one evaluation pass (statistics, fold states)")
  let events = 0
  let clocks = 0
  let stillOpen = 0
  let solvedThenReopened = 0
  let gold = 0
  const statusMix: Record<string, number> = { achieved: 0, breached: 0, running: 0, paused: 0 }
  const states: Array<Sla.SlaState> = []
  for (const t of tickets) {
    events += t.events.length
    const s = Sla.evaluate(t.events, teamOpts)
    clocks += s.clocks.length
    for (const c of s.clocks) statusMix[c.status]!++
    if (s.policyId === "gold") gold++
    let state = Sla.initial()
    for (const e of t.events) state = Sla.step(state, e)
    states.push(state)
    if (state.ticket.exists && state.ticket.status !== "solved") stillOpen++
    if (state.ticket.exists && state.ticket.reopenCount > 0) solvedThenReopened++
  }
  const avgEvents = events / N
  const avgClocks = clocks / N

  progress("servicekit: evaluate(events)")
  const cellEvaluate = measure(
    ticketBatch(tickets, (t) => digest(Sla.evaluate(t.events, teamOpts))),
    SK_OPTIONS,
  )
  progress("servicekit: evaluateState(state)")
  const cellState = measure(
    ticketBatch(states, (s) => digest(Sla.evaluateState(s, teamOpts))),
    SK_OPTIONS,
  )
  progress("servicekit: step")
  const cellStep = measure(stepBatch(tickets), SK_OPTIONS)
  progress("servicekit: evaluate(events), calendar per customer zone")
  const cellCustomer = measure(
    ticketBatch(tickets, (t) => digest(Sla.evaluate(t.events, customerOpts))),
    SK_OPTIONS,
  )

  const entry = new URL(import.meta.url)
  const peers: Partial<Record<PeerSetup["mode"], JobOutcome<PeerAnswer>>> = {}
  for (const mode of ["team", "customer"] as const) {
    progress(`peer (moment-business-time, ${mode === "team" ? "Europe/Rome" : "customer zones"}) in a worker`)
    const [outcome] = await runJobs<PeerSetup, PeerJob, PeerAnswer>(
      entry,
      { seed: SEED, count: N, mode },
      [{ kind: "run" }],
      { timeoutMs: 30_000 },
    )
    peers[mode] = outcome!
  }

  // Agreement of elapsed times on the sample tickets.
  const disagreements: Array<string> = []
  const agreement = (mode: PeerSetup["mode"]): string => {
    const o = peers[mode]
    if (!o?.ok) return "–"
    const opts = mode === "team" ? teamOpts : customerOpts
    let sameTickets = 0
    let sameClocks = 0
    let allClocks = 0
    let shown = 0
    SAMPLE.forEach((i, j) => {
      const sk = Sla.evaluate(tickets[i]!.events, opts).clocks
      const peer = o.value.samples[j]!
      const peerBy = new Map(peer.map(([m, c, ms]) => [`${METRICS[m]}#${c}`, ms]))
      let ok = sk.length === peer.length
      for (const c of sk) {
        allClocks++
        const p = peerBy.get(`${c.metric}#${c.cycle}`)
        if (p === c.elapsedMs) sameClocks++
        else {
          ok = false
          if (shown++ < 2)
            disagreements.push(
              `${mode === "team" ? "Europe/Rome" : `customer zone ${tickets[i]!.zone}`} · ticket T-${i} ` +
                `${c.metric} cycle ${c.cycle}: servicekit ${(c.elapsedMs / MINUTE).toFixed(1)} min, peer ` +
                `${p === undefined ? "no such clock" : `${(p / MINUTE).toFixed(1)} min`}`,
            )
        }
      }
      if (ok) sameTickets++
    })
    return `${sameTickets}/${SAMPLE.length} tickets (${sameClocks}/${allClocks} clocks)`
  }
  const agreeTeam = agreement("team")
  const agreeCustomer = agreement("customer")

  // ─── report ───
  const major = Number(process.versions.node.split(".")[0])
  const processZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  console.log(`\nservicekit SLA evaluation vs a moment-business-time evaluator (higher is better)`)
  const load = loadavg()[0]!
  console.log(
    `node ${process.version}${major < 24 ? "  ⚠ NOT the pinned Node 24" : ""} · ${cpus()[0]?.model ?? "cpu?"} · ` +
      `${availableParallelism()} cores · process zone ${processZone} · load average ${load.toFixed(2)} at the end` +
      `${load > availableParallelism() / 2 ? "  ⚠ other work on the machine: figures are noisy" : ""}`,
  )
  console.log(
    `command: ${process.env.npm_lifecycle_event === "bench" ? "npm run bench -- sla  (→ " : ""}` +
      `tsx bench/sla.bench.ts${process.env.npm_lifecycle_event === "bench" ? " on the built dist/)" : ""}`,
  )
  console.log(
    `workload: ${fmtInt(N)} synthetic tickets (seed ${SEED}), ${avgEvents.toFixed(1)} events/ticket on average ` +
      `(opened by the customer at any minute of 2025-06-01..27, then agent replies, customer messages, one ` +
      `internal note, pending/onHold periods, priority changes; ${pct(1 - stillOpen / N)} solved, ` +
      `${pct(solvedThenReopened / N)} reopened) over 1–3 days; now = ${new Date(NOW).toISOString()}, ` +
      `${pct(stillOpen / N)} still open then`,
  )
  console.log(
    `policies: gold (when priority urgent/high; ${pct(gold / N)} of tickets) and std (default), each targeting ` +
      `all seven metrics in business hours, warnAt [0.75]`,
  )
  console.log(
    `calendar: Europe/Rome Mon–Fri 09:00–18:00, 10 Italian holidays (2025); per-customer cell: ` +
      `${ZONES.join(", ")} (same hours and holidays), 4 calendars made once, cached in a Map`,
  )
  console.log(
    `clocks: ${avgClocks.toFixed(2)} per ticket on average (status at now: ` +
      `${Object.entries(statusMix)
        .map(([k, v]) => `${k} ${pct(v / clocks)}`)
        .join(", ")})`,
  )
  console.log(
    `timing: ≥ 2 s per servicekit cell after warm-up; peer in a worker thread, time-boxed (~2 s, ≥ 3 tickets), ` +
      `computing elapsed business ms per clock only (no targets, due dates, warnings); ±: spread of ~50 ms ` +
      `batch rates (p10–p90, half-range/median)`,
  )

  const peerRate = (mode: PeerSetup["mode"]): number => {
    const o = peers[mode]
    return o?.ok ? o.value.measurement.opsPerSec : Number.NaN
  }
  const peerCell = (mode: PeerSetup["mode"]): string => {
    const o = peers[mode]
    if (o === undefined) return "n/a"
    if (!o.ok) return `n/a (${o.reason})`
    const m = o.value.measurement
    return `${formatRate(m.opsPerSec)} ${formatSpread(m.spread)} (${m.ops} t)`
  }
  const us = (m: Measurement, per = 1) => `${((1e6 / m.opsPerSec) * per).toFixed(2)} µs`
  const rows = [
    [
      "(1) Sla.evaluate(events) — fold + evaluation, Europe/Rome",
      `${formatRate(cellEvaluate.opsPerSec)} tickets/s ${formatSpread(cellEvaluate.spread)}`,
      us(cellEvaluate),
      peerCell("team"),
      formatRatio(cellEvaluate.opsPerSec / peerRate("team")),
    ],
    [
      "(2) Sla.evaluateState(state) — precomputed fold, Europe/Rome",
      `${formatRate(cellState.opsPerSec)} tickets/s ${formatSpread(cellState.spread)}`,
      us(cellState),
      peerCell("team"),
      formatRatio(cellState.opsPerSec / peerRate("team")),
    ],
    [
      "(3) Sla.step — fold only",
      `${formatRate(cellStep.opsPerSec)} events/s ${formatSpread(cellStep.spread)}`,
      `${us(cellStep)}/event`,
      "–",
      "–",
    ],
    [
      "      (same, per ticket)",
      `≈ ${formatRate(cellStep.opsPerSec / avgEvents)} tickets/s`,
      us(cellStep, avgEvents),
      "",
      "",
    ],
    [
      "(4) Sla.evaluate(events) — calendar per customer zone (4)",
      `${formatRate(cellCustomer.opsPerSec)} tickets/s ${formatSpread(cellCustomer.spread)}`,
      us(cellCustomer),
      peerCell("customer"),
      formatRatio(cellCustomer.opsPerSec / peerRate("customer")),
    ],
  ]
  console.log("")
  console.log(table(["cell", "servicekit", "per op", "peer: moment-b-t evaluator", "sk/peer"], rows))
  console.log(
    `\nagreement of elapsedMs with servicekit on ${SAMPLE.length} tickets: Europe/Rome ${agreeTeam}; ` +
      `customer zones ${agreeCustomer}` +
      `\n  (moment-business-time is known to undercount across lunch breaks; this calendar has none)`,
  )
  if (disagreements.length > 0) {
    console.log(`disagreements (first 2 per mode):`)
    for (const d of disagreements) console.log(`  ${d}`)
  }
  const met = cellEvaluate.opsPerSec >= 150_000
  console.log(
    `\ntarget ≥ 150 k tickets/s for evaluate (all seven metrics, business hours with holidays): ` +
      `${met ? "met" : "NOT met"} — ${formatRate(cellEvaluate.opsPerSec)} tickets/s (cell 1)`,
  )
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`)
  printSink()
}

if (isJobWorker()) serveWorker()
else await main()
