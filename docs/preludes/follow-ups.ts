// The setup that the examples of docs/follow-ups.md share: a Rome desk, short constructors for the
// events they use most, and `show`, which prints a plan one task per line.
import { Calendar, type FollowUp, type Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

const w = ["09:00-18:00"]
/** Monday to Friday, 09:00–18:00 in Rome (UTC+2 in June, so 09:00 local is 07:00Z), closed on 2 June. */
export const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: w, tue: w, wed: w, thu: w, fri: w },
  holidays: ["2025-06-02"],
})

/** Prints each task as `state dueAt id`, then the plan's `nextDueAt` ("-" when none). */
export const show = (plan: FollowUp.FollowUpPlan): void => {
  for (const t of plan.tasks) console.log(`${t.state.padEnd(9)} ${t.dueAt.toISOString()}  ${t.id}`)
  console.log(`nextDueAt ${plan.nextDueAt?.toISOString() ?? "-"}`)
}

/** A customer's normal-priority email, unless `more` says otherwise. */
export const opened = (
  ticketId: string,
  iso: string,
  more: Partial<Ticket.TicketOpened> = {},
): Ticket.TicketEvent => ({
  type: "TicketOpened",
  ticketId,
  at: at(iso),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
  ...more,
})

/** A public reply by agent a-7. */
export const replied = (ticketId: string, iso: string): Ticket.TicketEvent => ({
  type: "AgentReplied",
  ticketId,
  at: at(iso),
  agentId: "a-7",
})

/** A status change. */
export const status = (ticketId: string, iso: string, to: Ticket.TicketStatus): Ticket.TicketEvent => ({
  type: "StatusChanged",
  ticketId,
  at: at(iso),
  status: to,
})
