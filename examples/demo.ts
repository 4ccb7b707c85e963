/**
 * A simulated morning at a help desk, deterministic from its seed: a dozen customers write in
 * on email, chat, phone and social; agents acknowledge, ask questions (pending), wait on a
 * supplier (on hold), make and keep a promise, solve, and one customer reopens. Every change goes
 * through `Ticket.decide` and `Ticket.evolve`, and each ticket's timeline is printed. Then the
 * SLA board at noon: every clock evaluated in the desk's business hours (Rome), tickets breached
 * and at risk, and what falls due next; the follow-up queue: what is owed to whom, by when,
 * and why; and the service-level scorecard of the morning (figures, seven levels, verdicts).
 *
 *   npm start            (seed 7)
 *   npm start -- 42      (another morning)
 */
import * as Result from "effect/Result"
import { Calendar, FollowUp, Metrics, Sla, Ticket } from "servicekit"

const seed = Number(process.argv[2] ?? 7)

/** mulberry32: a tiny seeded PRNG, so that the same seed tells the same morning. */
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
const between = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1))

const MINUTE = 60_000
const morning = Date.UTC(2025, 5, 3, 7, 0) // Tuesday 3 June 2025, 09:00 in Rome
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
const channels = ["email", "chat", "phone", "social"] as const

type Command = Parameters<typeof Ticket.decide>[1]
type Event = Ticket.TicketEvent

/** Each ticket's story: a list of commands at increasing times. */
const story = (n: number): Array<Command> => {
  const ticketId = `T-${1001 + n}`
  const customer = customers[n]!
  const channel = channels[n % channels.length]!
  const agent = pick(agents)
  let t = morning + between(0, 150) * MINUTE
  const at = (afterMinutes: number) => {
    t += afterMinutes * MINUTE
    return new Date(t)
  }
  const commands: Array<Command> = [
    {
      type: "OpenTicket",
      ticketId,
      at: at(0),
      channel,
      priority: pick(["low", "normal", "normal", "high", "urgent"] as const),
      requester: customer,
      subject: pick(subjects),
      ...(channel === "phone" ? { openedBy: "agent" as const } : {}),
    },
    { type: "AssignTicket", ticketId, at: at(1), agentId: agent, groupId: "support" },
    // The acknowledgement: "we received your request and are on it".
    { type: "ReplyToCustomer", ticketId, at: at(between(2, 25)), agentId: agent, channel },
    { type: "ChangeStatus", ticketId, at: at(1), status: "open" },
  ]
  const plot = n % 6
  if (plot === 0) {
    // Needs the customer's answer: pending, then the customer writes back (the ticket reopens to open).
    commands.push(
      { type: "ChangeStatus", ticketId, at: at(1), status: "pending" },
      { type: "ReceiveCustomerMessage", ticketId, at: at(between(20, 60)), channel },
      { type: "ReplyToCustomer", ticketId, at: at(between(5, 20)), agentId: agent, channel },
      { type: "ChangeStatus", ticketId, at: at(2), status: "solved" },
    )
  } else if (plot === 1) {
    // A promise: "I will call you back by 12:00", kept.
    const promisedAt = at(2)
    commands.push(
      {
        type: "MakePromise",
        ticketId,
        at: promisedAt,
        promiseId: `${ticketId}-callback`,
        dueAt: new Date(promisedAt.getTime() + 90 * MINUTE),
        summary: "call the customer back with the refund status",
      },
      { type: "AddInternalNote", ticketId, at: at(between(10, 30)), agentId: agent },
      { type: "KeepPromise", ticketId, at: at(between(20, 50)), promiseId: `${ticketId}-callback` },
      { type: "ChangeStatus", ticketId, at: at(1), status: "solved" },
    )
  } else if (plot === 2) {
    // Waiting on a supplier; the customer chases; an update goes out.
    commands.push(
      { type: "ChangeStatus", ticketId, at: at(1), status: "onHold" },
      { type: "AddInternalNote", ticketId, at: at(5), agentId: agent },
      { type: "RecordCustomerChase", ticketId, at: at(between(40, 80)) },
      { type: "ReplyToCustomer", ticketId, at: at(between(5, 15)), agentId: agent, channel },
    )
  } else if (plot === 3) {
    // Solved, then the customer writes again: the ticket reopens.
    commands.push(
      { type: "ChangeStatus", ticketId, at: at(between(10, 40)), status: "solved" },
      { type: "ReceiveCustomerMessage", ticketId, at: at(between(20, 60)), channel },
      { type: "ChangePriority", ticketId, at: at(2), priority: "high" },
      { type: "ReplyToCustomer", ticketId, at: at(between(5, 20)), agentId: agent, channel },
      { type: "ChangeStatus", ticketId, at: at(1), status: "solved" },
      { type: "RecordSurveyAnswer", ticketId, at: at(between(30, 90)), survey: "csat", score: between(3, 5) },
    )
  } else if (plot === 4) {
    // Quick fix, closed, with a survey answer.
    commands.push(
      { type: "ChangeStatus", ticketId, at: at(between(5, 20)), status: "solved" },
      { type: "RecordSurveyAnswer", ticketId, at: at(between(30, 60)), survey: "nps", score: between(6, 10) },
      { type: "ChangeStatus", ticketId, at: at(between(60, 120)), status: "closed" },
    )
  } else {
    // Still open at noon: an investigation in progress.
    commands.push({ type: "AddInternalNote", ticketId, at: at(between(15, 45)), agentId: agent })
  }
  return commands
}

const clock = (d: Date) => d.toISOString().slice(11, 16)
const describe = (e: Event): string => {
  switch (e.type) {
    case "TicketOpened":
      return `opened by the ${e.openedBy ?? "customer"} via ${e.channel}: "${e.subject ?? ""}" (${e.priority})`
    case "CustomerMessaged":
      return "customer wrote again"
    case "AgentReplied":
      return `${e.agentId} replied to the customer`
    case "NoteAdded":
      return `${e.agentId} added an internal note (not customer contact)`
    case "StatusChanged":
      return `status → ${e.status}`
    case "PriorityChanged":
      return `priority → ${e.priority}`
    case "TicketAssigned":
      return `assigned to ${e.agentId ?? "-"} (${e.groupId ?? "no group"})`
    case "PromiseMade":
      return `promise "${e.summary}" due ${clock(e.dueAt)}`
    case "PromiseKept":
      return `promise ${e.promiseId} kept`
    case "CustomerChased":
      return "customer chased: “any news?”"
    case "SurveyAnswered":
      return `${e.survey.toUpperCase()} answer: ${e.score}`
    case "TicketMerged":
      return `merged into ${e.into}`
    case "FollowUpSent":
      return `follow-up ${e.kind} sent`
  }
}

console.log(`A morning at the help desk (seed ${seed}), times in UTC\n`)
let rejected = 0
const histories = new Map<string, Array<Event>>()
for (let n = 0; n < customers.length; n++) {
  let state = Ticket.initialState
  const history: Array<Event> = []
  for (const command of story(n)) {
    const decided = Ticket.decide(state, command)
    if (Result.isFailure(decided)) {
      rejected++
      console.log(`  ${clock(command.at)}  ✗ ${command.type} refused: ${decided.failure.message}`)
      continue
    }
    history.push(...decided.success)
    state = decided.success.reduce(Ticket.evolve, state)
  }
  if (!state.exists) continue
  histories.set(state.id, history)
  console.log(
    `${state.id}  ${state.requester.name} (${state.requester.timeZone}) — ${state.status}, ${state.priority}`,
  )
  for (const e of history) console.log(`  ${clock(e.at)}  ${describe(e)}`)
  console.log()
}
console.log(`${customers.length} tickets, ${rejected} commands refused`)

// ── The SLA board at noon ───────────────────────────────────────────────────────────────────
const weekday = ["09:00-13:00", "14:00-18:00"]
const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
  holidays: ["2025-06-02", "2025-08-15"],
})
const policies = [
  Sla.policy({
    id: "gold",
    when: { any: [{ priority: ["urgent", "high"] }, { tier: ["gold"] }] },
    targets: Object.fromEntries(
      (["urgent", "high", "normal", "low"] as const).map((p) => [
        p,
        { firstReply: "PT15M", nextReply: "PT30M", periodicUpdate: "PT1H", resolution: "PT4H" },
      ]),
    ),
    warnAt: [0.75],
  }),
  Sla.policy({
    id: "standard",
    targets: Object.fromEntries(
      (["urgent", "high", "normal", "low"] as const).map((p) => [
        p,
        { firstReply: "PT30M", nextReply: "PT1H", pausableUpdate: "PT2H", resolution: "PT8H" },
      ]),
    ),
    warnAt: [0.75],
  }),
]
const now = new Date(Date.UTC(2025, 5, 3, 10, 0)) // Tuesday 12:00 in Rome
const rows = [...histories].flatMap(([id, events]) => {
  const status = Sla.evaluate(events, { policies, calendar: rome, now })
  return status.clocks.map((clock) => ({ id, policy: status.policyId, clock }))
})
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`
const line = (r: (typeof rows)[number]) =>
  `  ${r.id}  ${r.policy?.padEnd(8)}  ${`${r.clock.metric}#${r.clock.cycle}`.padEnd(17)} ${r.clock.status.padEnd(8)} ` +
  `elapsed ${minutes(r.clock.elapsedMs).padStart(7)} of ${minutes(r.clock.targetMs).padStart(7)}`
console.log(
  `\nSLA board at ${now.toISOString().slice(11, 16)} UTC (12:00 in Rome; business hours 09–13, 14–18)`,
)
const breached = rows.filter((r) => r.clock.status === "breached")
console.log(`\nBreached (${breached.length}):`)
for (const r of breached) console.log(`${line(r)}  breached ${clock(r.clock.breachedAt!)}`)
const atRisk = rows.filter((r) => r.clock.status === "running" && r.clock.warnings.some((w) => w.reached))
console.log(`\nAt risk: past 75 % of the target (${atRisk.length}):`)
for (const r of atRisk) console.log(`${line(r)}  due ${clock(r.clock.dueAt!)}`)
const upcoming = rows
  .filter((r) => r.clock.status === "running")
  .sort((a, b) => a.clock.dueAt!.getTime() - b.clock.dueAt!.getTime())
  .slice(0, 8)
console.log("\nFalls due next:")
for (const r of upcoming)
  console.log(`${line(r)}  due ${r.clock.dueAt!.toISOString().slice(5, 16).replace("T", " ")}`)
const count = (status: Sla.ClockStatus["status"]) => rows.filter((r) => r.clock.status === status).length
console.log(
  `\n${rows.length} clocks: ${count("achieved")} achieved, ${count("breached")} breached, ` +
    `${count("running")} running, ${count("paused")} paused`,
)

// ── The follow-up queue at noon ─────────────────────────────────────────────────────────────
const followUp = FollowUp.policy({
  acknowledge: { within: "PT15M" },
  keepInformed: { every: "PT2H" },
  promises: { remindBefore: "PT30M" },
  chases: { escalateAfter: 1 },
  checkIn: { after: "PT9H" },
  survey: { kind: "csat", after: "PT2H", hours: "calendar" },
  escalateOnSla: { warnAt: false, onBreach: true },
})
const queue = [...histories].flatMap(
  ([, events]) => FollowUp.plan(events, { policy: followUp, calendar: rome, now, sla: { policies } }).tasks,
)
const owed = queue
  .filter((t) => t.state !== "done" && t.state !== "cancelled")
  .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
const who = (ticketId: string) => customers[Number(ticketId.slice(2)) - 1001]?.name ?? ticketId
console.log(
  `\nFollow-up queue at 12:00 in Rome (${owed.length} owed, ${queue.filter((t) => t.state === "done").length} done):`,
)
for (const t of owed.slice(0, 16))
  console.log(
    `  ${t.ticketId}  ${t.state.padEnd(9)} ${t.kind.padEnd(16)} by ${t.dueAt.toISOString().slice(5, 16).replace("T", " ")}  ` +
      `for ${who(t.ticketId)}: ${t.reason}`,
  )
if (owed.length > 16)
  console.log(`  … and ${owed.length - 16} more, the last due ${owed.at(-1)?.dueAt.toISOString()}`)

// ── The service-level scorecard of the morning ──────────────────────────────────────────────
// Every ticket's history, measured at noon: figures, then the seven levels of service with
// their indicators, goals and verdicts (small samples are honestly "at risk": the 95 % interval
// of 12 tickets cannot tell).
const card = Metrics.scorecard(
  [...histories].map(([, events]) => events),
  { policies, calendar: rome, now, followUp, channels: ["email", "chat", "phone", "web"] },
)
console.log(`\n${Metrics.renderScorecard(card)}`)
