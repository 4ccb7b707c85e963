/**
 * A simulated week at a help desk, run through the Desk on the built-in in-memory store and
 * accelerated with Effect's TestClock; deterministic from its seed. Customers in a dozen time
 * zones write in on email, chat, phone and web; agents in Rome (Mon–Fri 09–13, 14–18) reply, ask
 * questions (pending), make and keep promises and solve; customers answer, chase when left waiting
 * and fill in surveys. Every 15 minutes of simulated time the Desk ticks: it claims the tickets
 * that are due and sends each follow-up once (acknowledgements, updates, promise reminders, chase
 * and SLA escalations, check-ins, surveys). The story prints the follow-ups as they are sent, an SLA
 * board at midweek and at the end, and the service-level scorecard of the week.
 *
 * The desk has words of its own (a desk vocabulary): "awaitingVendor", a custom status in the
 * onHold category. One ticket is followed closely (★): tagged "vip" after the first reply, which
 * puts it under the VIP policy, then left awaitingVendor for a while, during which its agentWork
 * clock pauses while its resolution clock runs on.
 *
 * The desk also runs two automation rules (examples/lib/automations.ts, recipes of
 * docs/automations.md): a late first reply raises the priority one step and tags the ticket
 * "sla-breached", and a ticket that stayed solved for four days is closed. Each tick applies the
 * firings due, each once; the story prints them beside the follow-ups.
 *
 *   npm start            (seed 7)
 *   npm start -- 42      (another week)
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Automation, Calendar, Desk, FollowUp, Metrics, ServiceLevel, Sla, Ticket } from "servicekit"
import { demoAutomations, describeAutomated } from "./lib/automations.js"
import { describeSpotlight, spotlightScript } from "./lib/spotlight.js"

const seed = Number(process.argv[2] ?? 7)

/** mulberry32: a tiny seeded PRNG, so that the same seed tells the same week. */
const rng = (() => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
})()
const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rng() * xs.length)]!
const chance = (p: number) => rng() < p

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const STEP = 15 * MINUTE
const monday = Date.UTC(2025, 5, 2, 0, 0) // Monday 2 June 2025, 00:00 UTC (02:00 in Rome)
const weekEnd = monday + 7 * 24 * HOUR

const customers = [
  { id: "c-ada", name: "Ada Rossi", timeZone: "Europe/Rome", tier: "gold" },
  { id: "c-bo", name: "Bo Lindqvist", timeZone: "Europe/Stockholm" },
  { id: "c-chen", name: "Chen Wei", timeZone: "Asia/Shanghai", tier: "gold" },
  { id: "c-dara", name: "Dara O'Neill", timeZone: "Europe/Dublin" },
  { id: "c-eli", name: "Eli Cohen", timeZone: "Asia/Jerusalem" },
  { id: "c-fatima", name: "Fatima Diallo", timeZone: "Africa/Dakar" },
  { id: "c-gus", name: "Gus Moreno", timeZone: "America/Mexico_City", tier: "silver" },
  { id: "c-hana", name: "Hana Sato", timeZone: "Asia/Tokyo" },
  { id: "c-ivan", name: "Ivan Petrov", timeZone: "Europe/Sofia" },
  { id: "c-jo", name: "Jo Smith", timeZone: "Europe/London", tier: "silver" },
  { id: "c-kofi", name: "Kofi Mensah", timeZone: "Africa/Accra" },
  { id: "c-lena", name: "Lena Vogel", timeZone: "Europe/Berlin" },
] as const
const subjects = [
  "Invoice shows the wrong VAT",
  "Cannot log in after password reset",
  "Order arrived damaged",
  "Refund not received",
  "App crashes on start",
  "Change delivery address",
  "Double charge on card",
  "Export to CSV is empty",
]
const agents = ["a-marta", "a-luca", "a-sofia"]

// ── The service level ──────────────────────────────────────────────────────────────────────
// The desk's own words: waiting on a vendor is a status of its own, in the onHold category (so the
// status machine, SLA pauses and follow-ups treat it as on hold, and conditions may name it).
const vocabulary = Ticket.vocabulary({ statuses: { awaitingVendor: "onHold" } })
const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-13:00", "14:00-18:00"]]),
  ),
  holidays: ["2025-06-02"], // Festa della Repubblica: the week starts on a holiday
})
// Tagged "vip": tighter targets whatever the priority, and agent work is measured too.
const vip = { firstReply: "PT1H", nextReply: "PT2H", agentWork: "PT4H", resolution: "PT8H" }
const policies = [
  Sla.policy(
    {
      id: "vip",
      when: { tags: { any: ["vip"] } },
      targets: { urgent: vip, high: vip, normal: vip, low: vip },
      warnAt: [0.75],
    },
    { vocabulary },
  ),
  Sla.policy({
    id: "priority",
    when: { priority: ["urgent", "high"] },
    targets: {
      urgent: { firstReply: "PT1H", nextReply: "PT2H", periodicUpdate: "PT4H", resolution: "PT8H" },
      high: { firstReply: "PT2H", nextReply: "PT4H", periodicUpdate: "PT8H", resolution: "PT16H" },
    },
    warnAt: [0.75],
  }),
  Sla.policy({
    id: "standard",
    targets: {
      normal: { firstReply: "PT4H", nextReply: "PT8H", resolution: "PT24H" },
      low: { firstReply: "PT8H", nextReply: "PT16H", resolution: "PT40H" },
    },
    warnAt: [0.75],
  }),
]
const level = ServiceLevel.make({
  name: "Standard",
  calendar: rome,
  channels: ["email", "chat", "phone", "web"],
  sla: policies,
  followUp: FollowUp.policy({
    acknowledge: { within: "PT15M" },
    keepInformed: { every: "PT4H" },
    promises: { remindBefore: "PT30M" },
    chases: { escalateAfter: 2 },
    checkIn: { after: "PT24H" },
    survey: { kind: "csat", after: "PT2H", hours: "calendar", quietHours: { from: "21:00", to: "08:00" } },
    escalateOnSla: { warnAt: false, onBreach: true },
  }),
})

// ── The simulation's own bookkeeping (what the people in it remember) ──────────────────────
interface Case {
  readonly id: string
  readonly customer: (typeof customers)[number]
  readonly agent: string
  /** What the desk waits for: the agent (to reply), the customer (to answer), or nobody. */
  waiting: "agent" | "customer" | "nobody"
  since: number
  replies: number
  promise: { readonly id: string; readonly dueAt: number } | undefined
  answerAt: number | undefined
  surveyAnswerAt: number | undefined
}
const cases: Array<Case> = []
const sent: Array<{ readonly at: number; readonly task: FollowUp.FollowUpTask }> = []
const automated: Array<{ readonly at: number; readonly done: Desk.Automated }> = []
let now = monday

const localHour = (t: number) => new Date(t + 2 * HOUR).getUTCHours() // Rome is UTC+2 in June
const open = (t: number) => Calendar.isOpen(rome, t)
// What the story prints is in UTC throughout, as the library's own reasons are.
const day = (t: number) => new Date(t).toUTCString().slice(0, 11)
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16)

/** The sink: an outbox that the story prints from (and where surveys reach the customers). */
const outbox = Layer.succeed(Desk.FollowUpSink, {
  send: (task) =>
    Effect.sync(() => {
      sent.push({ at: now, task })
      const c = cases.find((x) => x.id === task.ticketId)
      if (task.kind === "survey" && c !== undefined && chance(0.6))
        c.surveyAnswerAt = now + (1 + rng() * 20) * HOUR
    }),
})
const automations = demoAutomations(vocabulary)
const store = Desk.memoryStore()
const live = Layer.merge(
  Desk.Desk.layer({ serviceLevel: level, vocabulary, automations }).pipe(
    Layer.provide(Layer.merge(store, outbox)),
  ),
  store,
)

// ── The ticket the story follows closely (examples/lib/spotlight.ts) ───────────────────────
const gus = customers.find((c) => c.id === "c-gus")!
const spotlight = spotlightScript(monday + 24 * HOUR, gus, "a-sofia")

const week = Effect.gen(function* () {
  const desk = yield* Desk.Desk
  const act = (c: Case, command: Desk.DeskCommand) =>
    // The people in the story act on what they remember; the Desk refuses what the ticket no longer
    // allows (a survey answered after a reopen, anything on a closed ticket) and the story goes on.
    desk
      .execute(c.id, command)
      .pipe(Effect.catchTag(["TicketClosed", "SurveyBeforeResolution"], () => Effect.succeed(undefined)))
  yield* TestClock.setTime(monday)
  console.log(
    "All times are UTC. The desk works in Rome (UTC+2 in June): Monday to Friday 07:00–11:00 and 12:00–16:00 UTC.",
  )
  const conflicts = Automation.lint(automations)
  console.log(
    `Automation rules: ${automations.rules.map((r) => r.id).join(", ")} (lint: ${conflicts.length === 0 ? "no rules that undo each other" : conflicts.map((c) => c.message).join("; ")}).`,
  )
  let printedFrom = 0
  let automatedFrom = 0
  let today = ""
  let openedToday = 0
  let spotlightId = ""
  const daySummary = () => {
    const todays = sent.slice(printedFrom)
    const kinds = new Map<string, number>()
    for (const { task } of todays) kinds.set(task.kind, (kinds.get(task.kind) ?? 0) + 1)
    console.log(
      `  ${openedToday} opened · ${todays.length} follow-up${todays.length === 1 ? "" : "s"} sent${todays.length === 0 ? "" : `: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`}`,
    )
    const sample = todays.filter((_, k) => k % Math.max(1, Math.ceil(todays.length / 6)) === 0).slice(0, 6)
    if (sample.length > 0)
      console.log(
        sample.length === todays.length
          ? "    every send:"
          : `    a sample of ${sample.length} of the ${todays.length} sends:`,
      )
    for (const { at, task } of sample)
      console.log(`    ${hhmm(at)} ${task.ticketId.padEnd(7)} → ${task.kind.padEnd(16)} ${task.reason}`)
    printedFrom = sent.length
    // What the automation rules did today: a count per rule, then up to four of the firings.
    const fired = automated.slice(automatedFrom)
    if (fired.length > 0) {
      const rules = new Map<string, number>()
      for (const { done } of fired) rules.set(done.firing.ruleId, (rules.get(done.firing.ruleId) ?? 0) + 1)
      console.log(
        `  ${fired.length} automation${fired.length === 1 ? "" : "s"} applied: ${[...rules].map(([r, n]) => `${r} ${n}`).join(", ")}`,
      )
      for (const { at, done } of fired.filter((_, k) => k % Math.ceil(fired.length / 4) === 0))
        console.log(
          `    ${hhmm(at)} ${done.firing.ticketId.padEnd(7)} ⚙ ${done.firing.ruleId.padEnd(18)} ${describeAutomated(done)}`,
        )
    }
    automatedFrom = automated.length
    openedToday = 0
  }
  for (; now < weekEnd; now += STEP) {
    yield* TestClock.setTime(now)
    const hour = localHour(now)
    if (day(now) !== today) {
      if (today !== "") daySummary()
      today = day(now)
      console.log(`\n── ${today} (UTC)${today.startsWith("Mon") ? ", a holiday in Italy" : ""}`)
    }
    // The spotlight ticket: its case waits on nobody, so the simulated people leave it alone.
    const step = spotlight.find((s) => s.at === now)
    if (step !== undefined) {
      if (step === spotlight[0]) {
        spotlightId = `T-${1001 + cases.length}`
        cases.push({
          id: spotlightId,
          customer: gus,
          agent: "a-sofia",
          waiting: "nobody",
          since: now,
          replies: 0,
          promise: undefined,
          answerAt: undefined,
          surveyAnswerAt: undefined,
        })
        openedToday++
      }
      const before = step === spotlight[0] ? undefined : (yield* desk.status(spotlightId)).sla.policyId
      for (const command of step.commands) yield* desk.execute(spotlightId, command)
      console.log(`  ★ ${hhmm(now)} ${spotlightId} ${step.say}`)
      console.log(`      ${describeSpotlight(yield* desk.status(spotlightId), before)}`)
    }
    // Customers write in from 07:00 to 23:00 Rome time, more on weekdays.
    const weekday = new Date(now + 2 * HOUR).getUTCDay() % 6 !== 0
    if (hour >= 7 && hour < 23 && chance(weekday ? 0.33 : 0.1)) {
      const customer = pick(customers)
      const c: Case = {
        id: `T-${1001 + cases.length}`,
        customer,
        agent: pick(agents),
        waiting: "agent",
        since: now,
        replies: 0,
        promise: undefined,
        answerAt: undefined,
        surveyAnswerAt: undefined,
      }
      cases.push(c)
      const channel = pick(["email", "email", "chat", "web", "phone"] as const)
      yield* desk.execute(c.id, {
        type: "OpenTicket",
        channel,
        priority: pick(["low", "normal", "normal", "normal", "high", "urgent"] as const),
        requester: customer,
        subject: pick(subjects),
      })
      openedToday++
    }
    for (const c of cases) {
      // Customers: answer questions, chase when left waiting, answer surveys.
      if (c.waiting === "customer" && c.answerAt !== undefined && now >= c.answerAt) {
        yield* act(c, { type: "ReceiveCustomerMessage" })
        c.waiting = "agent"
        c.since = now
        c.answerAt = undefined
      }
      if (c.waiting === "agent" && now - c.since > 8 * HOUR && chance(0.02))
        yield* act(c, { type: "RecordCustomerChase" })
      if (c.surveyAnswerAt !== undefined && now >= c.surveyAnswerAt) {
        yield* act(c, { type: "RecordSurveyAnswer", survey: "csat", score: pick([5, 5, 4, 4, 3, 2]) })
        c.surveyAnswerAt = undefined
      }
    }
    if (open(now)) {
      // Agents: three of them, a couple of actions each per quarter hour, oldest first.
      const queue = cases.filter((c) => c.waiting === "agent").sort((a, b) => a.since - b.since)
      for (const c of queue.slice(0, 2)) {
        if (c.replies === 0) {
          yield* act(c, { type: "AssignTicket", agentId: c.agent, groupId: "support" })
          yield* act(c, { type: "ChangeStatus", status: "open" })
        }
        yield* act(c, { type: "ReplyToCustomer", agentId: c.agent })
        c.replies++
        const r = rng()
        if (r < 0.3 && c.replies < 3) {
          yield* act(c, { type: "ChangeStatus", status: "pending" })
          c.waiting = "customer"
          c.answerAt = now + (0.5 + rng() * 6) * HOUR
        } else if (r < 0.45 && c.promise === undefined) {
          c.promise = { id: `${c.id}-callback`, dueAt: now + 3 * HOUR }
          yield* act(c, {
            type: "MakePromise",
            promiseId: c.promise.id,
            dueAt: new Date(c.promise.dueAt),
            summary: "call back with the answer from billing",
          })
          yield* act(c, { type: "ChangeStatus", status: "onHold" })
          c.waiting = "nobody"
        } else {
          yield* act(c, { type: "ChangeStatus", status: "solved" })
          c.waiting = "nobody"
          if (chance(0.08)) {
            c.waiting = "customer"
            c.answerAt = now + (2 + rng() * 20) * HOUR // "it is still broken": reopens the ticket
          }
        }
        c.since = now
      }
      // Promises on hold: kept (usually on time), then solved.
      for (const c of cases)
        if (
          c.promise !== undefined &&
          c.waiting === "nobody" &&
          now >= c.promise.dueAt - (chance(0.8) ? HOUR : -HOUR)
        ) {
          yield* act(c, { type: "KeepPromise", promiseId: c.promise.id })
          yield* act(c, { type: "ReplyToCustomer", agentId: c.agent })
          yield* act(c, { type: "ChangeStatus", status: "solved" })
          c.promise = undefined
        }
    }
    const report = yield* desk.tick()
    for (const done of report.automated) automated.push({ at: now, done })
    if (now === monday + 2 * 24 * HOUR + 12 * HOUR) yield* board("  SLA board, Wednesday 12:00 UTC")
  }
  daySummary()
  yield* board("SLA board at the end of the week, Monday 00:00 UTC")
})

/** The SLA picture of every ticket at now: breached, at risk (a warning reached), and what falls due next. */
const board = (title: string) =>
  Effect.gen(function* () {
    const desk = yield* Desk.Desk
    const views = yield* Effect.forEach(cases, (c) => desk.status(c.id))
    const clocks = views.flatMap((v) => v.sla.clocks.map((clock) => ({ id: v.ticketId, clock })))
    const breached = clocks.filter(({ clock }) => clock.status === "breached")
    const atRisk = clocks.filter(
      ({ clock }) => clock.status === "running" && clock.warnings.some((w) => w.reached),
    )
    const next = clocks
      .filter(({ clock }) => clock.status === "running" && clock.dueAt !== undefined)
      .sort((a, b) => (a.clock.dueAt?.getTime() ?? 0) - (b.clock.dueAt?.getTime() ?? 0))
    console.log(`\n${title}: ${views.length} tickets, ${clocks.length} clocks`)
    // The four states add up to the clocks; at risk is a part of running, said as such.
    console.log(
      `  achieved ${clocks.filter(({ clock }) => clock.status === "achieved").length} · breached ${breached.length} · ` +
        `running ${clocks.filter(({ clock }) => clock.status === "running").length} (${atRisk.length} of them at risk) · ` +
        `paused ${clocks.filter(({ clock }) => clock.status === "paused").length}`,
    )
    for (const { id, clock } of next.slice(0, 5))
      console.log(
        `  next due: ${id} ${`${clock.metric}#${clock.cycle}`.padEnd(18)} at ${clock.dueAt?.toISOString().slice(5, 16).replace("T", " ")} UTC ` +
          `(${Math.round(clock.remainingMs / MINUTE)} business min left)`,
      )
  })

const program = Effect.gen(function* () {
  yield* week
  const storeService = yield* Desk.TicketStore
  const histories = yield* Effect.forEach(cases, (c) => Effect.map(storeService.load(c.id), (s) => s.events))
  const card = Metrics.scorecard(histories, {
    policies,
    calendar: rome,
    now: weekEnd,
    serviceLevel: level,
  })
  const kinds = new Map<string, number>()
  for (const { task } of sent) kinds.set(task.kind, (kinds.get(task.kind) ?? 0) + 1)
  console.log(
    `\nFollow-ups sent during the week: ${sent.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}), each once`,
  )
  // Each firing once: as many AutomationApplied events in the histories as the ticks reported, no id twice.
  const recorded = histories.flatMap((h) =>
    h.flatMap((e) => (e.type === "AutomationApplied" ? [e.firingId] : [])),
  )
  const byRule = new Map<string, number>()
  for (const { done } of automated) byRule.set(done.firing.ruleId, (byRule.get(done.firing.ruleId) ?? 0) + 1)
  console.log(
    `Automation rules applied during the week: ${automated.length} (${[...byRule].map(([r, n]) => `${r} ${n}`).join(", ")}), ` +
      `${recorded.length} AutomationApplied events, ${new Set(recorded).size} distinct firing ids`,
  )
  console.log(`\n${Metrics.renderScorecard(card)}`)
})

await Effect.runPromise(program.pipe(Effect.provide(live), Effect.provide(TestClock.layer())))
