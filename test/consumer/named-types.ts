// Typechecked by scripts/check-consumer.mjs inside a scratch app that installed the packed
// tarball (not through this repository's path aliases): the types a user names first, through
// the root import, used the way an app uses them.
import type { Result } from "effect"
import { Calendar, type Desk, FollowUp, Metrics, ServiceLevel, Sla, Ticket } from "servicekit"
import type { TicketEvent as SubpathTicketEvent } from "servicekit/ticket"

const at = (iso: string): Date => new Date(iso)

const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: at("2025-06-03T08:00:00Z"),
  channel: "email",
  priority: "high",
  requester: { id: "c-1" },
}
const sameEvent: SubpathTicketEvent = opened
const events: ReadonlyArray<Ticket.TicketEvent> = [sameEvent]
const state: Ticket.TicketState = Ticket.replay(events)
export const status: Ticket.TicketStatus | undefined = state.status
const decided: Result.Result<
  ReadonlyArray<Ticket.TicketEvent>,
  Ticket.TicketError | Ticket.InvalidCommand
> = Ticket.decide(state, {
  type: "ReplyToCustomer",
  ticketId: "T-1",
  at: at("2025-06-03T08:30:00Z"),
  agentId: "a-1",
})

export { decided }

const calendar: Calendar.Calendar = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: ["09:00-18:00"] },
})
const spec: Calendar.CalendarSpec = { timeZone: "UTC", hours: { tue: ["09:00-17:00"] } }
export const due: Date = Calendar.addBusinessTime(calendar, at("2025-06-02T07:00:00Z"), "PT2H")

const policy: Sla.Policy = Sla.policy({ id: "gold", targets: { high: { firstReply: "PT1H" } } })
const evaluation: Sla.SlaStatus = Sla.evaluate(events, {
  policies: [policy],
  calendar,
  now: at("2025-06-03T09:00:00Z"),
})
const clocks: ReadonlyArray<Sla.ClockStatus> = evaluation.clocks
export const firstDue: Date | undefined = clocks[0]?.dueAt

const followUpPolicy: FollowUp.FollowUpPolicy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
const tasks: ReadonlyArray<FollowUp.FollowUpTask> = FollowUp.plan(events, {
  policy: followUpPolicy,
  calendar,
  now: at("2025-06-03T09:00:00Z"),
}).tasks
export const firstTask: FollowUp.FollowUpTask | undefined = tasks[0]

const accumulator: Metrics.Accumulator = Metrics.accumulator({ now: at("2025-06-10T00:00:00Z"), calendar })
accumulator.add(events)
export const result: Metrics.MetricsResult = accumulator.result()
export const overall: Metrics.MetricsReport = result.overall

export const level: ServiceLevel.ServiceLevel = ServiceLevel.make({
  name: "Gold",
  calendar: Calendar.make(spec),
  channels: ["email", "chat"],
  sla: [policy],
  followUp: followUpPolicy,
})

export const store: Desk.TicketStore["Service"] | undefined = undefined
export type Store = Desk.TicketStore
