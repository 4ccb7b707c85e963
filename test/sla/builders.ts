// Builders for SLA tests: ticket histories written as a story, a Rome business calendar, and
// lookups into an evaluation. Every instant is explicit; nothing reads the system clock.
import { Calendar, Sla, type Ticket } from "servicekit"

export type Instant = Date | string

const toDate = (t: Instant): Date => (typeof t === "string" ? new Date(t) : t)

/** Rome wall-clock time in June 2025 (CEST, UTC+2): `rome("2025-06-03T09:00")` is 07:00Z. */
export const rome = (local: string): Date => new Date(`${local}:00+02:00`)

/** Mon–Fri 09:00–18:00 in Rome; June 2025 has no DST change, so 07:00–16:00Z. */
export const romeOffice = Calendar.make({
  timeZone: "Europe/Rome",
  hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-18:00"]])),
})

/** Tuesday 3 June 2025, Rome wall clock. */
export const tue = (hhmm: string) => rome(`2025-06-03T${hhmm}`)
export const wed = (hhmm: string) => rome(`2025-06-04T${hhmm}`)

export type Expected = {
  readonly status: Sla.ClockStatus["status"]
  readonly startedAt: Date
  readonly elapsedMs: number
  readonly targetMs: number
  readonly dueAt?: Date
  readonly stoppedAt?: Date
  readonly breachedAt?: Date
}

/** The exact figures a clock must show; `remainingMs` is target − elapsed by definition. */
export const clock = (metric: string, e: Expected, cycle = 1) => ({
  metric,
  cycle,
  remainingMs: e.targetMs - e.elapsedMs,
  ...e,
})

export const HOUR = 3_600_000
export const MINUTE = 60_000

type Opening = Partial<Omit<Ticket.TicketOpened, "type" | "ticketId" | "at">>

/** A ticket history told as a story: `ticket().opened(t).message(t).reply(t).events`. */
export class TicketStory {
  constructor(
    readonly id: string,
    readonly events: ReadonlyArray<Ticket.TicketEvent> = [],
  ) {}

  private add(event: Ticket.TicketEvent): TicketStory {
    return new TicketStory(this.id, [...this.events, event])
  }

  opened(at: Instant, opening: Opening = {}): TicketStory {
    return this.add({
      type: "TicketOpened",
      ticketId: this.id,
      at: toDate(at),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
      ...opening,
    })
  }

  message(at: Instant): TicketStory {
    return this.add({ type: "CustomerMessaged", ticketId: this.id, at: toDate(at) })
  }

  reply(at: Instant, agentId = "a-1"): TicketStory {
    return this.add({ type: "AgentReplied", ticketId: this.id, at: toDate(at), agentId })
  }

  note(at: Instant, agentId = "a-2"): TicketStory {
    return this.add({ type: "NoteAdded", ticketId: this.id, at: toDate(at), agentId })
  }

  status(at: Instant, status: Ticket.TicketStatus): TicketStory {
    return this.add({ type: "StatusChanged", ticketId: this.id, at: toDate(at), status })
  }

  priority(at: Instant, priority: Ticket.Priority): TicketStory {
    return this.add({ type: "PriorityChanged", ticketId: this.id, at: toDate(at), priority })
  }

  assigned(at: Instant, to: { agentId?: string; groupId?: string }): TicketStory {
    return this.add({ type: "TicketAssigned", ticketId: this.id, at: toDate(at), ...to })
  }

  chase(at: Instant): TicketStory {
    return this.add({ type: "CustomerChased", ticketId: this.id, at: toDate(at) })
  }

  merged(at: Instant, into: string): TicketStory {
    return this.add({ type: "TicketMerged", ticketId: this.id, at: toDate(at), into })
  }
}

export const ticket = (id = "T-1"): TicketStory => new TicketStory(id)

/** Evaluates a story (or events) with the given options. */
export const evaluate = (
  story: TicketStory | ReadonlyArray<Ticket.TicketEvent>,
  options: Omit<Sla.EvaluateOptions, "now"> & { readonly now: Instant },
): Sla.SlaStatus =>
  Sla.evaluate(story instanceof TicketStory ? story.events : story, { ...options, now: toDate(options.now) })

/** Evaluates a story under one policy in Rome office hours. */
export const inRome = (story: TicketStory, policy: Sla.Policy, now: Date): Sla.SlaStatus =>
  evaluate(story, { policies: [policy], calendar: romeOffice, now })

/** The clock of `metric` and `cycle` (1 by default); fails the test when there is none. */
export const clockOf = (status: Sla.SlaStatus, metric: string, cycle = 1): Sla.ClockStatus => {
  const found = status.clocks.find((c) => c.metric === metric && c.cycle === cycle)
  if (found === undefined)
    throw new Error(
      `no ${metric}#${cycle} clock; clocks: ${status.clocks.map((c) => `${c.metric}#${c.cycle}`).join(", ")}`,
    )
  return found
}

/** The `metric#cycle` keys of every clock, in the order evaluate reports them. */
export const keysOf = (status: Sla.SlaStatus): ReadonlyArray<string> =>
  status.clocks.map((c) => `${c.metric}#${c.cycle}`)

/**
 * The comparable figures of a clock (warnings aside): absent optional fields stay absent, so
 * `toEqual` on two of these checks presence as well as value.
 */
export const figures = (c: Sla.ClockStatus) => ({
  metric: c.metric,
  cycle: c.cycle,
  status: c.status,
  startedAt: c.startedAt,
  elapsedMs: c.elapsedMs,
  targetMs: c.targetMs,
  remainingMs: c.remainingMs,
  ...(c.dueAt === undefined ? {} : { dueAt: c.dueAt }),
  ...(c.stoppedAt === undefined ? {} : { stoppedAt: c.stoppedAt }),
  ...(c.breachedAt === undefined ? {} : { breachedAt: c.breachedAt }),
})

/** `figures` of the clock of `metric` and `cycle`. */
export const figuresOf = (status: Sla.SlaStatus, metric: string, cycle = 1) =>
  figures(clockOf(status, metric, cycle))

/** A policy targeting `targets` for the normal priority, applying to every ticket. */
export const normalPolicy = (targets: Readonly<Record<string, Sla.TargetInput>>, id = "std"): Sla.Policy =>
  Sla.policy({ id, targets: { normal: targets } })
