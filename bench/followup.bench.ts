/**
 * Follow-up planning: `FollowUp.plan` on the SLA benchmark's 10 000 synthetic tickets, enriched
 * with promises, chases, sent follow-ups and survey answers (bench/lib/followup-workload.ts), under
 * a policy that uses every practice; then the same with SLA escalations. Target: ≥ 150 k
 * tickets/s, the figure "Performance targets" in the design notes sets for `Sla.evaluate` (they
 * set none for follow-ups yet).
 *
 *   npm run bench -- followup        (or: npm exec -- tsx --tsconfig bench/tsconfig.json bench/followup.bench.ts)
 *
 * There is no established npm package that plans follow-ups from a ticket history (help desks do
 * it inside their products), so there is no peer column: `Sla.evaluate` on the same tickets is
 * printed instead, as the yardstick the SLA part of cell 2 is made of.
 *
 * Cells 4–6 measure `Automation.plan` with the five recipes of docs/automations.md on the same
 * tickets, given a `product` field and a few group assignments (bench/lib/automation-workload.ts).
 * Cell 4, the headline against the same 150 k target, passes the SLA status the app evaluated
 * before (what the Desk does); cell 5 lets the plan evaluate the SLA itself; cell 6 is cell 4 at
 * one of the ticket's own events, where the pending and first-reply recipes come due.
 */
import { availableParallelism, cpus, loadavg } from "node:os"
import { Automation, Calendar, FollowUp, Sla, type Ticket } from "servicekit"
import { AUTOMATION_SEED, desk, makeRecipes, withRecipeFacts } from "./lib/automation-workload.js"
import { cellRunner, serveCells } from "./lib/cells.js"
import {
  type EnrichedTicket,
  EVERY_PRACTICE,
  FOLLOWUP_SEED,
  makeFollowUpTickets,
} from "./lib/followup-workload.js"
import {
  fmtInt,
  formatRate,
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
import { isJobWorker } from "./lib/isolate.js"
import { MINUTE, makePolicies, N, NOW, SEED, specOf, ZONES } from "./lib/sla-workload.js"

const OPTIONS: MeasureOptions = { warmupMs: 300, minTimeMs: 2000, batchMs: 50 }
const TARGET = 150_000

/** Folds a plan into a number (every task's due time and state, and when the plan next changes). */
const digest = (p: FollowUp.FollowUpPlan): number => {
  let acc = p.tasks.length + (p.nextDueAt?.getTime() ?? 0) / MINUTE
  for (const t of p.tasks) acc += t.dueAt.getTime() / MINUTE + t.state.length
  return acc
}

interface Mix {
  tasks: number
  readonly kinds: Record<string, number>
  readonly states: Record<string, number>
  withNext: number
}
const mixOf = (plans: Iterable<FollowUp.FollowUpPlan>): Mix => {
  const mix: Mix = { tasks: 0, kinds: {}, states: {}, withNext: 0 }
  for (const p of plans) {
    mix.tasks += p.tasks.length
    if (p.nextDueAt !== undefined) mix.withNext++
    for (const t of p.tasks) {
      mix.kinds[t.kind] = (mix.kinds[t.kind] ?? 0) + 1
      mix.states[t.state] = (mix.states[t.state] ?? 0) + 1
    }
  }
  return mix
}
const describe = (m: Mix, of: Record<string, number>) =>
  Object.entries(of)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / N).toFixed(2)}`)
    .join(", ") + ` (${(m.tasks / N).toFixed(2)} in all)`
const states = (m: Mix) =>
  ["scheduled", "due", "overdue", "done", "cancelled"]
    .map((s) => `${s} ${pct((m.states[s] ?? 0) / m.tasks)}`)
    .join(", ")

/**
 * The task mix of one planning pass, and how many of the workload's `FollowUpSent` events complete
 * a planned task (they name task ids: a drift in the id format would silently make them inert).
 * A function of its own, so that the plans are garbage before timing starts.
 */
const checkSent = (tickets: ReadonlyArray<EnrichedTicket>, options: FollowUp.PlanOptions) => {
  const plans = tickets.map((t) => FollowUp.plan(t.events, options))
  let sent = 0
  let matched = 0
  tickets.forEach((t, i) => {
    const done = new Set(plans[i]!.tasks.filter((task) => task.state === "done").map((task) => task.id))
    for (const e of t.events)
      if (e.type === "FollowUpSent") {
        sent++
        if (done.has(e.taskId)) matched++
      }
  })
  return { mix: mixOf(plans), sent, matched }
}

/** Folds an automation plan into a number (every firing's id, start and commands, and nextDueAt). */
const digestAutomation = (p: Automation.AutomationPlan): number => {
  let acc = p.due.length + (p.nextDueAt?.getTime() ?? 0) / MINUTE
  for (const f of p.due)
    acc += f.id.length + f.since.getTime() / MINUTE + f.commands.length + f.notifications.length
  return acc
}

interface Firings {
  /** Due firings by rule id, over all tickets. */
  readonly byRule: Record<string, number>
  withNext: number
  /** Per ticket, its plan's digest: two ways of planning must give the same plans. */
  readonly digests: Float64Array
}
/**
 * Plans every ticket once and counts the firings per rule, so that a cell cannot time a no-op.
 * Keeps numbers only: plans held alive would make V8 pretenure plan's allocations (see below).
 */
const firingsOf = (count: number, planOf: (i: number) => Automation.AutomationPlan): Firings => {
  const out: Firings = { byRule: {}, withNext: 0, digests: new Float64Array(count) }
  for (let i = 0; i < count; i++) {
    const p = planOf(i)
    out.digests[i] = digestAutomation(p)
    if (p.nextDueAt !== undefined) out.withNext++
    for (const f of p.due) out.byRule[f.ruleId] = (out.byRule[f.ruleId] ?? 0) + 1
  }
  return out
}
const sameDigests = (a: Firings, b: Firings): number => {
  let same = 0
  for (let i = 0; i < a.digests.length; i++) if (a.digests[i] === b.digests[i]) same++
  return same
}

/**
 * Cells 4 and 6: the SLA status evaluated per ticket before timing, as the Desk does, and passed
 * as `sla.status`.
 */
const optionsWithStatus = (
  events: ReadonlyArray<ReadonlyArray<Ticket.TicketEvent>>,
  base: Automation.PlanOptions,
  policies: ReadonlyArray<Sla.Policy>,
  nowOf: (i: number) => Date,
): ReadonlyArray<Automation.PlanOptions> =>
  events.map((e, i): Automation.PlanOptions => {
    const now = nowOf(i)
    const status = Sla.evaluate(e, { policies, calendar: base.calendar, now, vocabulary: desk })
    return { ...base, now, sla: { policies, status } }
  })

type Cell = "every" | "sla" | "mid" | "evaluate" | "autoEvaluating" | "autoGiven" | "autoMid"

/** The inputs every cell is built from (made the same way in every thread). */
const inputs = () => {
  const { tickets, added } = makeFollowUpTickets(SEED, N)
  const policies = makePolicies()
  const rome = Calendar.make(specOf(ZONES[0]))
  const now = new Date(NOW)
  const every = FollowUp.policy(EVERY_PRACTICE)
  const withSla = FollowUp.policy({ ...EVERY_PRACTICE, escalateOnSla: { warnAt: true, onBreach: true } })
  const optsEvery: FollowUp.PlanOptions = { policy: every, calendar: rome, now }
  const optsSla: FollowUp.PlanOptions = { policy: withSla, calendar: rome, now, sla: { policies } }
  const midLifeOpts = tickets.map((t): FollowUp.PlanOptions => ({ ...optsSla, now: new Date(t.midLife) }))
  const recipes = makeRecipes()
  const auto = withRecipeFacts(tickets)
  const autoBase: Automation.PlanOptions = { rules: recipes, calendar: rome, now, sla: { policies } }
  return { tickets, added, policies, rome, now, optsEvery, optsSla, midLifeOpts, recipes, auto, autoBase }
}

/** One cell, in a fresh worker (see bench/lib/cells.ts): its inputs are built there, then timed. */
const measureCell = (cell: Cell): Measurement => {
  const i = inputs()
  const indexed = i.tickets.map((t, k) => [t, k] as const)
  switch (cell) {
    case "every":
      return measure(
        ticketBatch(i.tickets, (t: EnrichedTicket) => digest(FollowUp.plan(t.events, i.optsEvery))),
        OPTIONS,
      )
    case "sla":
      return measure(
        ticketBatch(i.tickets, (t: EnrichedTicket) => digest(FollowUp.plan(t.events, i.optsSla))),
        OPTIONS,
      )
    case "mid":
      return measure(
        ticketBatch(indexed, ([t, k]) => digest(FollowUp.plan(t.events, i.midLifeOpts[k]!))),
        OPTIONS,
      )
    case "evaluate": {
      const slaOpts: Sla.EvaluateOptions = { policies: i.policies, calendar: i.rome, now: i.now }
      return measure(
        ticketBatch(i.tickets, (t: EnrichedTicket) => Sla.evaluate(t.events, slaOpts).clocks.length),
        OPTIONS,
      )
    }
    case "autoEvaluating":
      return measure(
        ticketBatch(i.auto.events, (e) => digestAutomation(Automation.plan(e, i.autoBase))),
        OPTIONS,
      )
    case "autoGiven":
    case "autoMid": {
      const options = optionsWithStatus(i.auto.events, i.autoBase, i.policies, (k) =>
        cell === "autoGiven" ? i.now : new Date(i.tickets[k]!.midLife),
      )
      const pairs = i.auto.events.map((e, k) => [e, options[k]!] as const)
      return measure(
        ticketBatch(pairs, ([e, o]) => digestAutomation(Automation.plan(e, o))),
        OPTIONS,
      )
    }
  }
}

const main = async (): Promise<void> => {
  const started = performance.now()
  const cells = cellRunner<Cell>(new URL(import.meta.url))
  progress("FollowUp.plan, every practice, in a fresh worker")
  const cellEvery = await cells.run("every")
  progress("FollowUp.plan, every practice + escalateOnSla, in a fresh worker")
  const cellSla = await cells.run("sla")
  progress("FollowUp.plan, every practice + escalateOnSla, now in the ticket's life, in a fresh worker")
  const cellMid = await cells.run("mid")
  progress("Sla.evaluate alone (yardstick), in a fresh worker")
  const cellEvaluate = await cells.run("evaluate")
  progress("Automation.plan, five recipes, plan evaluates the SLA, in a fresh worker")
  const cellAutoEvaluating = await cells.run("autoEvaluating")
  progress("Automation.plan, five recipes, SLA status given, in a fresh worker")
  const cellAutoGiven = await cells.run("autoGiven")
  progress("Automation.plan, five recipes, SLA status given, now in the ticket's life, in a fresh worker")
  const cellAutoMid = await cells.run("autoMid")

  progress(`generating ${fmtInt(N)} tickets`)
  const { tickets, added, policies, now, optsEvery, optsSla, midLifeOpts, recipes, auto, autoBase } = inputs()
  const indexed = tickets.map((t, i) => [t, i] as const)
  const autoEvents = auto.events
  progress("planning passes for the automation statistics")
  const firingsEvaluating = firingsOf(N, (i) => Automation.plan(autoEvents[i]!, autoBase))
  const givenOptions = optionsWithStatus(autoEvents, autoBase, policies, () => now)
  const firingsGiven = firingsOf(N, (i) => Automation.plan(autoEvents[i]!, givenOptions[i]!))
  const midOptions = optionsWithStatus(autoEvents, autoBase, policies, (i) => new Date(tickets[i]!.midLife))
  const firingsMid = firingsOf(N, (i) => Automation.plan(autoEvents[i]!, midOptions[i]!))
  const autoGiven = {
    cell: cellAutoGiven,
    firings: firingsGiven,
    agree: sameDigests(firingsGiven, firingsEvaluating),
  }
  const autoMid = { cell: cellAutoMid, firings: firingsMid }

  // Statistics in the main thread, apart from the timed cells: these passes keep 10 000 plans
  // alive at once, which makes V8 pretenure plan's allocations (allocation-site feedback) and
  // halved the rate of any cell timed after them in the same thread.
  progress("planning passes for the statistics")
  let events = 0
  for (const t of tickets) events += t.events.length
  const { mix: mixEvery, sent, matched } = checkSent(tickets, optsEvery)
  const mixSla = mixOf(tickets.map((t) => FollowUp.plan(t.events, optsSla)))
  const mixMid = mixOf(indexed.map(([t, i]) => FollowUp.plan(t.events, midLifeOpts[i]!)))

  // ─── report ───
  const major = Number(process.versions.node.split(".")[0])
  const processZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const viaNpm = process.env.npm_lifecycle_event === "bench"
  console.log(`\nservicekit follow-up planning (higher is better)`)
  const load = loadavg()[0]!
  console.log(
    `node ${process.version}${major < 24 ? "  ⚠ NOT the pinned Node 24" : ""} · ${cpus()[0]?.model ?? "cpu?"} · ` +
      `${availableParallelism()} cores · process zone ${processZone} · load average ${load.toFixed(2)} at the end` +
      `${load > availableParallelism() / 2 ? "  ⚠ other work on the machine: figures are noisy" : ""}`,
  )
  console.log(
    `command: ${viaNpm ? "npm run bench -- followup  (→ " : ""}tsx bench/followup.bench.ts${viaNpm ? " on the built dist/)" : ""}`,
  )
  console.log(
    `workload: the SLA benchmark's ${fmtInt(N)} synthetic tickets (seed ${SEED}) enriched with follow-up events ` +
      `(seed ${FOLLOWUP_SEED}: ${Object.entries(added)
        .map(([k, v]) => `${fmtInt(v)} ${k}`)
        .join(", ")}), ${(events / N).toFixed(1)} events/ticket on average; now = ${now.toISOString()} ` +
      `(cells 1, 2) or the instant of one of the ticket's own events (cell 3)`,
  )
  console.log(
    `policy: acknowledge PT1H · keepInformed every PT4H · promises remindBefore PT1H · chases escalateAfter 2 · ` +
      `checkIn PT27H · survey csat PT2H calendar hours, quiet 21:00–08:00 in the requester's zone ` +
      `(${ZONES.join(", ")}) · grace PT1H (default); cells 2–3 add escalateOnSla (warnAt, onBreach) ` +
      `with the SLA benchmark's policies (gold/std, all seven metrics, warnAt [0.75])`,
  )
  console.log(`calendar: Europe/Rome Mon–Fri 09:00–18:00, 10 Italian holidays (2025)`)
  console.log(
    `sent follow-ups in the workload that complete a planned task: ${fmtInt(matched)} of ${fmtInt(sent)}` +
      `${matched < sent * 0.9 ? "  ⚠ task ids drifted from the workload's: fix bench/lib/followup-workload.ts" : ""}`,
  )
  console.log(`tasks per ticket, cell 1: ${describe(mixEvery, mixEvery.kinds)}`)
  console.log(`  states at now: ${states(mixEvery)}`)
  console.log(`tasks per ticket, cell 2: ${describe(mixSla, mixSla.kinds)}`)
  console.log(`  states at now: ${states(mixSla)}`)
  console.log(
    `tasks per ticket, cell 3: ${(mixMid.tasks / N).toFixed(2)}; states: ${states(mixMid)}; ` +
      `${pct(mixMid.withNext / N)} of plans have a nextDueAt`,
  )
  console.log(
    `timing: ≥ 2 s per cell after warm-up, each cell in a fresh worker (a try spreading more than ±10 % is repeated, up to 3); ±: spread of ~50 ms batch rates (p10–p90, half-range/median)`,
  )
  console.log(
    `peer: none — no established npm package plans follow-ups from a ticket history (help desks do it inside ` +
      `their products); Sla.evaluate on the same tickets is shown as a yardstick instead`,
  )

  let autoEventCount = 0
  for (const e of autoEvents) autoEventCount += e.length
  const perRule = (f: Firings) =>
    recipes.rules.map((r) => `${r.id} ${fmtInt(f.byRule[r.id] ?? 0)}`).join(", ") +
    `; ${pct(f.withNext / N)} of plans have a nextDueAt`
  console.log(
    `automation (cells 4–6): the five recipes of docs/automations.md (remind-pending PT18H, solve-unanswered ` +
      `PT63H, close-solved P4D calendar, first-reply-breach, second-chase, route-billing) with a \`product\` field; ` +
      `the tickets above plus (seed ${AUTOMATION_SEED}) ${Object.entries(auto.added)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${fmtInt(v)} ${k}`)
        .join(", ")}; ${(autoEventCount / N).toFixed(1)} events/ticket; same SLA policies and calendar`,
  )
  console.log(
    `  due firings over ${fmtInt(N)} tickets, cells 4–5 (now = end of window): ${perRule(autoGiven.firings)}`,
  )
  console.log(`  due firings, cell 6 (now = one of the ticket's events): ${perRule(autoMid.firings)}`)
  const agreeNote =
    autoGiven.agree === N
      ? ""
      : "  ⚠ a given SLA status changes the plan: the cells do not measure the same work"
  console.log(
    `  plans with the status given equal those that evaluate it: ${fmtInt(autoGiven.agree ?? 0)} of ${fmtInt(N)} tickets${agreeNote}`,
  )
  const firingsTotal = (f: Firings) => Object.values(f.byRule).reduce((a, b) => a + b, 0)
  if (firingsTotal(autoGiven.firings) === 0 || firingsTotal(autoMid.firings) === 0)
    console.log("  ⚠ no rule fires: the automation cells measure a no-op")

  const us = (m: Measurement) => `${(1e6 / m.opsPerSec).toFixed(2)} µs`
  const verdict = (m: Measurement) => (m.opsPerSec >= TARGET ? "met" : "NOT met")
  const rate = (m: Measurement) => `${formatRate(m.opsPerSec)} tickets/s ${formatSpread(m.spread)}`
  const rows = [
    ["(1) FollowUp.plan — every practice, Europe/Rome", rate(cellEvery), us(cellEvery), verdict(cellEvery)],
    ["(2) FollowUp.plan — every practice + escalateOnSla", rate(cellSla), us(cellSla), "– (two jobs)"],
    ["(3) as (2), now = one of the ticket's events", rate(cellMid), us(cellMid), "– (two jobs)"],
    ["(ref) Sla.evaluate alone, same tickets and policies", rate(cellEvaluate), us(cellEvaluate), "–"],
    [
      "(4) Automation.plan — five recipes, SLA status given",
      rate(autoGiven.cell),
      us(autoGiven.cell),
      verdict(autoGiven.cell),
    ],
    [
      "(5) Automation.plan — five recipes, evaluates the SLA",
      rate(cellAutoEvaluating),
      us(cellAutoEvaluating),
      "– (two jobs)",
    ],
    ["(6) as (4), now = one of the ticket's events", rate(autoMid.cell), us(autoMid.cell), "–"],
  ]
  console.log("")
  console.log(table(["cell", "servicekit", "per ticket", `≥ ${formatRate(TARGET)}/s`], rows))
  console.log(
    `\ntarget ≥ 150 k tickets/s for FollowUp.plan (every practice, business hours with holidays; the ` +
      `design notes' Sla.evaluate figure, as they set none for follow-ups): ` +
      `${cellEvery.opsPerSec >= TARGET ? "met" : "NOT met"} — ${formatRate(cellEvery.opsPerSec)} plans/s (cell 1). ` +
      `Cells 2–3 do two jobs per call, a full Sla.evaluate of the history and then the plan with ` +
      `about 7 more tasks per ticket: ${formatRate(cellSla.opsPerSec)} tickets/s (cell 2)`,
  )
  console.log(
    `target ≥ 150 k tickets/s for Automation.plan (five recipes, SLA status given as the Desk passes it, ` +
      `business hours with holidays): ${verdict(autoGiven.cell)} — ${formatRate(autoGiven.cell.opsPerSec)} plans/s ` +
      `(cell 4). Letting the plan evaluate the SLA itself (cell 5): ${formatRate(cellAutoEvaluating.opsPerSec)} tickets/s`,
  )
  const retriedNote = cells.note()
  if (retriedNote !== undefined) console.log(retriedNote)
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`)
  printSink()
}

if (isJobWorker()) serveCells<Cell>(measureCell)
else await main()
