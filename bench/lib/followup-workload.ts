/**
 * The follow-up benchmark's workload (bench/followup.bench.ts): the SLA workload's synthetic
 * tickets (bench/lib/sla-workload.ts, same seed), each enriched from a second seeded PRNG with
 * what follow-up planning reads and the SLA workload lacks: promises (kept on time, late or never),
 * customer chases, follow-ups the app has sent (`FollowUpSent`) and survey answers. Shared so that
 * profiling scripts plan the very same tickets.
 */
import type { Ticket } from "servicekit"
import { seeded } from "./harness.js"
import { MINUTE, makeTickets, type SynthTicket, type TicketEvent } from "./sla-workload.js"

export const FOLLOWUP_SEED = 7

/**
 * The follow-up benchmark's policy: every practice (SLA escalation apart), with quiet hours for
 * surveys. The metrics benchmark measures follow-ups on time under the same policy.
 */
export const EVERY_PRACTICE = {
  acknowledge: { within: "PT1H" },
  keepInformed: { every: "PT4H" },
  promises: { remindBefore: "PT1H" },
  chases: { escalateAfter: 2 },
  checkIn: { after: "PT27H" },
  survey: { kind: "csat", after: "PT2H", hours: "calendar", quietHours: { from: "21:00", to: "08:00" } },
} as const

/** `remindBefore` of the benchmark policy; the workload's sent reminders are timed from it. */
export const REMIND_BEFORE_MS = 60 * MINUTE

export interface EnrichedTicket extends SynthTicket {
  /** The events of the SLA workload's ticket plus the follow-up events, in time order. */
  readonly events: ReadonlyArray<TicketEvent>
  /** The instant of one of the ticket's events: `now` for the "re-plan after an event" cell. */
  readonly midLife: number
}

export interface FollowUpWorkload {
  readonly tickets: ReadonlyArray<EnrichedTicket>
  /** Follow-up events added, by type. */
  readonly added: Readonly<Record<string, number>>
}

/**
 * The SLA workload's `count` tickets, enriched. Per ticket, after the first public reply:
 * a promise with 45 % chance (due 1–6 h later; kept on time 60 %, late 15 %, never 25 %; the
 * reminder recorded as sent 70 % of the time), zero to three chases (1 in 4 tickets chase twice or
 * more), and after each solve a check-in recorded as sent 50 % of the time and a CSAT answer 30 %.
 * Events are merged in time order; an added event at the same instant as an original goes after it.
 */
export const makeFollowUpTickets = (
  seed: number,
  count: number,
  followUpSeed = FOLLOWUP_SEED,
): FollowUpWorkload => {
  const base = makeTickets(seed, count)
  const rand = seeded(followUpSeed)
  const chance = (p: number) => rand() < p
  const between = (a: number, b: number) => a + Math.floor(rand() * Math.max(1, (b - a) / MINUTE)) * MINUTE
  const added: Record<string, number> = {}
  const tickets = base.map((t): EnrichedTicket => {
    const events = t.events
    const ticketId = events[0]!.ticketId
    const first = events[0]!.at.getTime()
    const last = events[events.length - 1]!.at.getTime()
    const firstReply = events.find((e) => e.type === "AgentReplied")?.at.getTime() ?? first
    const extra: Array<TicketEvent> = []
    const push = (e: TicketEvent) => {
      extra.push(e)
      added[e.type] = (added[e.type] ?? 0) + 1
    }

    if (chance(0.45)) {
      const madeAt = between(firstReply, Math.max(firstReply + MINUTE, last))
      const dueAt = madeAt + between(60 * MINUTE, 360 * MINUTE)
      const promiseId = "callback"
      push({
        type: "PromiseMade",
        ticketId,
        at: new Date(madeAt),
        promiseId,
        dueAt: new Date(dueAt),
        summary: "call back with the refund status",
      })
      const remindAt = Math.max(madeAt, dueAt - REMIND_BEFORE_MS)
      if (chance(0.7))
        push({
          type: "FollowUpSent",
          ticketId,
          at: new Date(remindAt + MINUTE),
          taskId: `${ticketId}/promiseReminder/${promiseId}`,
          kind: "promiseReminder",
        })
      const r = rand()
      if (r < 0.6) push({ type: "PromiseKept", ticketId, at: new Date(between(remindAt, dueAt)), promiseId })
      else if (r < 0.75)
        push({
          type: "PromiseKept",
          ticketId,
          at: new Date(dueAt + between(5 * MINUTE, 180 * MINUTE)),
          promiseId,
        })
    }

    const r = rand()
    const chases = r < 0.55 ? 0 : r < 0.75 ? 1 : r < 0.93 ? 2 : 3
    for (let c = 0; c < chases; c++)
      push({
        type: "CustomerChased",
        ticketId,
        at: new Date(between(firstReply, Math.max(firstReply + MINUTE, last))),
      })

    let solves = 0 // checkIn ids number the solves: `T/checkIn/<n>`
    for (const e of events) {
      if (e.type !== "StatusChanged" || e.status !== "solved") continue
      const solved = e.at.getTime()
      solves++
      if (chance(0.5))
        push({
          type: "FollowUpSent",
          ticketId,
          at: new Date(solved + 2 * 1440 * MINUTE),
          taskId: `${ticketId}/checkIn/${solves}`,
          kind: "checkIn",
        })
      if (chance(0.3))
        push({
          type: "SurveyAnswered",
          ticketId,
          at: new Date(solved + between(60 * MINUTE, 1440 * MINUTE)),
          survey: "csat",
          score: 1 + Math.floor(rand() * 5),
        })
    }

    // Merge in time order (stable: originals first at equal instants). A survey answer that would
    // land after a reopen is still fine for the fold: the plan only reads when it happened.
    const merged: Array<TicketEvent> = [...events]
    for (const e of extra.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      let i = merged.length
      while (i > 1 && merged[i - 1]!.at.getTime() > e.at.getTime()) i--
      merged.splice(i, 0, e)
    }
    const midLife = merged[Math.floor(rand() * merged.length)]!.at.getTime()
    return { events: merged as ReadonlyArray<Ticket.TicketEvent>, zone: t.zone, midLife }
  })
  return { tickets, added }
}
