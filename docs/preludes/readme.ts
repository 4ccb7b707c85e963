// The setup that the README's examples share: a Rome office calendar and one ticket's history.
import { Calendar, type Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

const office = ["09:00-18:00"]
/** Monday to Friday, 09:00–18:00 in Rome, closed on Liberation Day. */
export const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: office, tue: office, wed: office, thu: office, fri: office },
  holidays: ["2025-04-25"],
})

/** T-1: Ada writes on chat at 10:00 in Rome (urgent); an agent answers at 10:50 and asks her a question. */
export const events: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-1",
    at: at("2025-06-03T08:00:00Z"),
    channel: "chat",
    priority: "urgent",
    requester: { id: "c-1", name: "Ada", timeZone: "Europe/Rome" },
  },
  { type: "AgentReplied", ticketId: "T-1", at: at("2025-06-03T08:50:00Z"), agentId: "a-1" },
  { type: "StatusChanged", ticketId: "T-1", at: at("2025-06-03T08:51:00Z"), status: "pending" },
  // Her answer: a customer message moves a pending ticket back to open (Ticket.decide records both).
  { type: "CustomerMessaged", ticketId: "T-1", at: at("2025-06-03T09:30:00Z") },
  { type: "StatusChanged", ticketId: "T-1", at: at("2025-06-03T09:30:00Z"), status: "open" },
]
