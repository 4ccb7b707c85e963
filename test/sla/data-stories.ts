// Builders for SLA tests of tickets whose data changes (tags, custom fields, requester, custom
// statuses, assignment): a story of every event kind, and the desk vocabulary the tests share.
// Every instant is explicit; nothing reads the system clock.
import { Calendar, Sla, Ticket } from "servicekit"
import type { Instant } from "./builders.js"

const toDate = (t: Instant): Date => (typeof t === "string" ? new Date(t) : t)

/** The desk of these tests: one custom status (in onHold) and a field of every kind. */
export const desk = Ticket.vocabulary({
  statuses: { awaitingVendor: "onHold", inProgress: "open" },
  fields: { seats: "number", renewalDate: "date", plan: "string", vip: "boolean", components: "strings" },
})

/** A desk with its own channels and priorities (P4 lowest … P1 highest). */
export const ownWords = Ticket.vocabulary({
  channels: ["email", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold" },
  fields: { seats: "number", plan: "string" },
})

/** 09:00 on Tuesday 3 June 2025 in UTC, plus `minutes`: a 24/7 calendar needs no local time. */
export const at = (minutes: number): Date => new Date(Date.UTC(2025, 5, 3, 9) + minutes * 60_000)

type Opening = Partial<Omit<Ticket.TicketOpened, "type" | "ticketId" | "at">>

/** A history told as a story, with every event kind: `story().opened(t).tagsAdded(t, ["vip"])…`. */
export class Story {
  constructor(
    readonly id: string,
    readonly events: ReadonlyArray<Ticket.TicketEvent> = [],
  ) {}

  add(event: Ticket.TicketEvent): Story {
    return new Story(this.id, [...this.events, event])
  }

  private base<T extends Ticket.TicketEvent["type"]>(type: T, t: Instant) {
    return { type, ticketId: this.id, at: toDate(t) }
  }

  opened(t: Instant, opening: Opening = {}): Story {
    return this.add({
      ...this.base("TicketOpened", t),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
      ...opening,
    })
  }

  message(t: Instant): Story {
    return this.add(this.base("CustomerMessaged", t))
  }

  reply(t: Instant, agentId = "a-1"): Story {
    return this.add({ ...this.base("AgentReplied", t), agentId })
  }

  note(t: Instant, agentId = "a-2"): Story {
    return this.add({ ...this.base("NoteAdded", t), agentId })
  }

  status(t: Instant, status: Ticket.TicketStatus, customStatus?: string): Story {
    return this.add({
      ...this.base("StatusChanged", t),
      status,
      ...(customStatus === undefined ? {} : { customStatus }),
    })
  }

  /** The desk's "awaiting vendor" status (category onHold). */
  awaitingVendor(t: Instant): Story {
    return this.status(t, "onHold", "awaitingVendor")
  }

  priority(t: Instant, priority: Ticket.Priority): Story {
    return this.add({ ...this.base("PriorityChanged", t), priority })
  }

  assigned(t: Instant, to: { agentId?: string; groupId?: string }): Story {
    return this.add({ ...this.base("TicketAssigned", t), ...to })
  }

  chase(t: Instant): Story {
    return this.add(this.base("CustomerChased", t))
  }

  tagsAdded(t: Instant, tags: ReadonlyArray<string>): Story {
    return this.add({ ...this.base("TagsAdded", t), tags })
  }

  tagsRemoved(t: Instant, tags: ReadonlyArray<string>): Story {
    return this.add({ ...this.base("TagsRemoved", t), tags })
  }

  fieldSet(t: Instant, field: string, value: Ticket.FieldValue): Story {
    return this.add({ ...this.base("FieldSet", t), field, value })
  }

  fieldCleared(t: Instant, field: string): Story {
    return this.add({ ...this.base("FieldCleared", t), field })
  }

  requester(t: Instant, requester: Ticket.Requester): Story {
    return this.add({ ...this.base("RequesterChanged", t), requester })
  }

  merged(t: Instant, into: string): Story {
    return this.add({ ...this.base("TicketMerged", t), into })
  }
}

export const story = (id = "T-1"): Story => new Story(id)

/** The ticket a story leaves (read with the desk's words); fails the test when it never opened. */
export const ticketOf = (s: Story, vocabulary: Ticket.Vocabulary = desk): Ticket.OpenedTicket => {
  const state = Ticket.replay(s.events, vocabulary)
  if (!state.exists) throw new Error("the story opens no ticket")
  return state
}

/** Evaluates a story 24/7 under `policies` (the desk's words, the built-in clocks unless given). */
export const evaluate24x7 = (
  s: Story,
  policies: ReadonlyArray<Sla.Policy>,
  now: Date,
  options: {
    readonly clocks?: ReadonlyArray<Sla.ClockDefinition>
    readonly vocabulary?: Ticket.Vocabulary
  } = {},
): Sla.SlaStatus =>
  Sla.evaluate(s.events, {
    policies,
    calendar: Calendar.always,
    now,
    vocabulary: options.vocabulary ?? desk,
    ...(options.clocks === undefined ? {} : { clocks: options.clocks }),
  })
