/**
 * The SLA benchmark's workload (bench/sla.bench.ts): synthetic tickets from a seeded PRNG, the
 * two policies and the calendars; and a richer variant of the same tickets (tags, custom fields,
 * an L2 group, requester changes) with a customer SLA and an L2 OLA. Shared so that profiling
 * scripts evaluate the very same tickets.
 */
import { type Calendar, Sla, Ticket } from "servicekit"
import { seeded } from "./harness.js"

export type TicketEvent = Ticket.TicketEvent
export type Priority = "low" | "normal" | "high" | "urgent"

export const MINUTE = 60_000
export const SEED = 2025
export const N = 10_000
export const WINDOW_FROM = Date.UTC(2025, 5, 1)
/** The end of the window, and `now` for every evaluation. */
export const NOW = Date.UTC(2025, 6, 1)

export const ITALIAN_HOLIDAYS_2025 = [
  "2025-01-01",
  "2025-01-06",
  "2025-04-21",
  "2025-04-25",
  "2025-05-01",
  "2025-06-02",
  "2025-08-15",
  "2025-11-01",
  "2025-12-08",
  "2025-12-25",
]

/** Customers' zones for the per-ticket calendar cell; the first is the team's. */
export const ZONES = ["Europe/Rome", "Europe/London", "America/New_York", "Asia/Tokyo"] as const

export const specOf = (zone: string): Calendar.CalendarSpec => {
  const day = ["09:00-18:00"]
  return {
    timeZone: zone,
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: [...ITALIAN_HOLIDAYS_2025],
  }
}

/** The seven built-in metrics, in the library's order (the targets below follow it). */
export const METRICS = Sla.builtinMetrics

/** Business-hour targets per priority, in metric order. */
export const TARGET_HOURS: Record<Priority, ReadonlyArray<number>> = {
  urgent: [1, 2, 4, 4, 8, 6, 16],
  high: [2, 4, 8, 8, 16, 12, 24],
  normal: [4, 8, 16, 16, 27, 24, 45],
  low: [8, 16, 24, 24, 45, 36, 90],
}
export const targetsOf = (p: Priority) =>
  Object.fromEntries(METRICS.map((m, i) => [m, `PT${TARGET_HOURS[p][i]}H`]))

export const makePolicies = (): ReadonlyArray<Sla.Policy> => [
  Sla.policy({
    id: "gold",
    when: { priority: ["urgent", "high"] },
    targets: { urgent: targetsOf("urgent"), high: targetsOf("high") },
    warnAt: [0.75],
  }),
  Sla.policy({ id: "std", targets: { normal: targetsOf("normal"), low: targetsOf("low") }, warnAt: [0.75] }),
]

export interface SynthTicket {
  readonly events: ReadonlyArray<TicketEvent>
  readonly zone: string
}

export const PRIORITIES: ReadonlyArray<Priority> = ["low", "normal", "high", "urgent"]
export const CHANNELS = ["email", "chat", "phone", "web"] as const

/**
 * `count` tickets, deterministic for a seed: opened by the customer at any minute of
 * June 1–27 2025, about ten events over one to three days (replies, customer messages, an
 * internal note, pending and on-hold periods, a priority change, often solved, sometimes reopened).
 */
export const makeTickets = (seed: number, count: number): Array<SynthTicket> => {
  const rand = seeded(seed)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rand() * xs.length)]!
  const chance = (p: number) => rand() < p
  const tickets: Array<SynthTicket> = []
  for (let k = 0; k < count; k++) {
    const ticketId = `T-${k}`
    const customer = Math.floor(rand() * 2000)
    const zone = ZONES[customer % ZONES.length]!
    const r = rand()
    const priority: Priority = r < 0.2 ? "low" : r < 0.65 ? "normal" : r < 0.9 ? "high" : "urgent"
    // The script, without times.
    type Kind =
      | { t: "opened" }
      | { t: "msg" }
      | { t: "reply" }
      | { t: "note" }
      | { t: "status"; s: "open" | "pending" | "onHold" | "solved" }
      | { t: "priority" }
    const script: Array<Kind> = [{ t: "opened" }]
    const body: Array<Kind> = [{ t: "reply" }]
    if (chance(0.6)) body.push({ t: "status", s: "pending" }, { t: "msg" }, { t: "status", s: "open" })
    else body.push({ t: "msg" })
    if (chance(0.3)) body.push({ t: "msg" }) // a second message in the same round
    if (chance(0.3)) body.push({ t: "priority" })
    if (chance(0.35)) body.push({ t: "status", s: "onHold" }, { t: "status", s: "open" })
    body.push({ t: "reply" })
    if (chance(0.5)) body.push({ t: "msg" }, { t: "reply" })
    // One internal note somewhere after the opening.
    body.splice(Math.floor(rand() * (body.length + 1)), 0, { t: "note" })
    script.push(...body)
    if (chance(0.7)) {
      script.push({ t: "status", s: "solved" })
      if (chance(0.2)) {
        script.push({ t: "status", s: "open" }, { t: "msg" }, { t: "reply" })
        if (chance(0.6)) script.push({ t: "status", s: "solved" })
      }
    }
    // Times: sorted random minutes over a span of one to three days, any hour of the day.
    const spanMin = Math.floor((1 + 2 * rand()) * 1440)
    const latestStart = (NOW - WINDOW_FROM) / MINUTE - spanMin - 1
    const start = WINDOW_FROM + Math.floor(rand() * latestStart) * MINUTE
    const offsets = script.map((_, i) => (i === 0 ? 0 : Math.floor(rand() * spanMin))).sort((a, b) => a - b)
    let current = priority
    const eventOf = (step: Kind, i: number): TicketEvent => {
      const at = new Date(start + offsets[i]! * MINUTE)
      switch (step.t) {
        case "opened":
          return {
            type: "TicketOpened",
            ticketId,
            at,
            channel: pick(CHANNELS),
            priority,
            requester: { id: `c-${customer}`, timeZone: zone },
            openedBy: "customer",
          }
        case "msg":
          return { type: "CustomerMessaged", ticketId, at }
        case "reply":
          return { type: "AgentReplied", ticketId, at, agentId: `a-${customer % 17}` }
        case "note":
          return { type: "NoteAdded", ticketId, at, agentId: `a-${customer % 17}` }
        case "status":
          return { type: "StatusChanged", ticketId, at, status: step.s }
        case "priority": {
          const others = PRIORITIES.filter((p) => p !== current)
          current = pick(others)
          return { type: "PriorityChanged", ticketId, at, priority: current }
        }
      }
    }
    const events = script.map(eventOf)
    tickets.push({ events, zone })
  }
  return tickets
}

// ─── the richer variant: tags, custom fields and two agreements ────────────────────────────

/** The desk's words for the richer variant: two custom fields. */
export const makeVocabulary = (): Ticket.Vocabulary =>
  Ticket.vocabulary({ fields: { seats: "number", plan: "string" } })

export const TAGS = ["billing", "bug", "how-to", "refund", "shipping"] as const
export const PLANS = ["free", "pro", "business", "enterprise"] as const
/** The second-line team whose OLA is the second agreement. */
export const L2 = "L2"

/**
 * The customer SLA of the richer variant: a `vip` policy first (tagged vip, 100 seats or more, or
 * a gold requester: each priority gets the next one up's targets), then the two policies above.
 */
export const makeCustomerPolicies = (vocabulary: Ticket.Vocabulary): ReadonlyArray<Sla.Policy> => [
  Sla.policy(
    {
      id: "vip",
      when: { any: [{ tags: { any: ["vip"] } }, { fields: { seats: { gte: 100 } } }, { tier: ["gold"] }] },
      targets: {
        urgent: targetsOf("urgent"),
        high: targetsOf("urgent"),
        normal: targetsOf("high"),
        low: targetsOf("high"),
      },
      warnAt: [0.75],
    },
    { vocabulary },
  ),
  ...makePolicies(),
]

/** The L2 team's OLA: reply, work and resolve within business hours while L2 holds the ticket. */
export const makeL2Policies = (vocabulary: Ticket.Vocabulary): ReadonlyArray<Sla.Policy> => {
  const ola = (reply: number, work: number, resolve: number) => ({
    nextReply: `PT${reply}H`,
    agentWork: `PT${work}H`,
    resolution: `PT${resolve}H`,
  })
  return [
    Sla.policy(
      {
        id: "l2-ola",
        targets: { urgent: ola(1, 2, 4), high: ola(2, 4, 8), normal: ola(4, 8, 16), low: ola(8, 16, 24) },
        warnAt: [0.75],
      },
      { vocabulary },
    ),
  ]
}

/**
 * The tickets of {@link makeTickets} (same seed: the same events, in the same order) with data
 * events inserted between them, from a PRNG of their own: one `TagsAdded` (1–2 tags, "vip" on
 * about 12 % of tickets), a `FieldSet` of `seats` (1–255, log-uniform: ≥ 100 on about 17 %) and on
 * half of them a `FieldSet` of `plan`; on 35 % a `TicketAssigned` to group L2 after the first
 * reply (back to L1 at a later point on about half of those); on 5 % a `RequesterChanged` to a
 * gold tier. None of these starts, stops or pauses a built-in clock, so the customer SLA's elapsed
 * times are those of the plain tickets.
 */
export const makeRichTickets = (seed: number, count: number): Array<SynthTicket> => {
  const rand = seeded(seed ^ 0x7a65)
  const chance = (p: number) => rand() < p
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rand() * xs.length)]!
  return makeTickets(seed, count).map(({ events, zone }) => {
    const opened = events[0] as Ticket.TicketOpened
    const ticketId = opened.ticketId
    // Inserted after the event at index `after` (≥ 0: never before the opening), at a random
    // minute between it and the next event.
    const inserts: Array<{ after: number; make: (at: Date) => TicketEvent }> = []
    const add = (after: number, make: (at: Date) => TicketEvent) => inserts.push({ after, make })
    const anywhere = () => Math.floor(rand() * events.length)
    const tags = chance(0.12) ? ["vip", pick(TAGS)] : chance(0.5) ? [pick(TAGS), pick(TAGS)] : [pick(TAGS)]
    add(anywhere(), (at) => ({ type: "TagsAdded", ticketId, at, tags }))
    const seats = Math.floor(2 ** (rand() * 8))
    add(anywhere(), (at) => ({ type: "FieldSet", ticketId, at, field: "seats", value: seats }))
    if (chance(0.5)) {
      const plan = pick(PLANS)
      add(anywhere(), (at) => ({ type: "FieldSet", ticketId, at, field: "plan", value: plan }))
    }
    if (chance(0.35)) {
      const firstReply = events.findIndex((e) => e.type === "AgentReplied")
      const from = firstReply + Math.floor(rand() * (events.length - firstReply))
      const agentId = `l2-${Math.floor(rand() * 5)}`
      add(from, (at) => ({ type: "TicketAssigned", ticketId, at, agentId, groupId: L2 }))
      // Back to L1 after a later event, on half of them (when there is one).
      if (from + 1 < events.length && chance(0.5)) {
        const back = from + 1 + Math.floor(rand() * (events.length - from - 1))
        add(back, (at) => ({ type: "TicketAssigned", ticketId, at, groupId: "L1" }))
      }
    }
    if (chance(0.05)) {
      const requester = { ...opened.requester, tier: "gold" }
      add(anywhere(), (at) => ({ type: "RequesterChanged", ticketId, at, requester }))
    }
    const fractions = inserts.map(() => rand())
    const order = inserts
      .map((_, i) => i)
      .sort((a, b) => inserts[a]!.after - inserts[b]!.after || fractions[a]! - fractions[b]!)
    const out: Array<TicketEvent> = []
    let next = 0
    events.forEach((e, i) => {
      out.push(e)
      const from = e.at.getTime()
      const to = i + 1 < events.length ? events[i + 1]!.at.getTime() : from + 60 * MINUTE
      while (next < order.length && inserts[order[next]!]!.after === i) {
        const k = order[next++]!
        // Whole minutes in [from, to], in fraction order: the history stays in time order.
        const at = from + Math.floor((fractions[k]! * (to - from)) / MINUTE) * MINUTE
        out.push(inserts[k]!.make(new Date(at)))
      }
    })
    return { events: out, zone }
  })
}

/** Tickets whose elapsed times are compared with the peer's: 20, spread over the set. */
export const SAMPLE = Array.from({ length: 20 }, (_, i) => Math.floor((i * N) / 20) + 7)
