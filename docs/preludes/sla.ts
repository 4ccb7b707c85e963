// The setup that the examples of docs/sla.md share: the worked example's calendar, policy and
// ticket history, the two policies of the "Policies" section, and the P1–P4 desk of "A desk's own
// words" with its policy and its ticket waiting on a vendor. The doc shows each of them where it
// is introduced; the blocks after that import them from here.
import { Calendar, Sla, Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

/** A working day, 09:00–18:00. */
export const w = ["09:00-18:00"]
export const officeHours = { mon: w, tue: w, wed: w, thu: w, fri: w }

/** The desk: Monday to Friday, 09:00–18:00 in Rome (UTC+2 in June). */
export const rome = Calendar.make({ timeZone: "Europe/Rome", hours: officeHours })

/** The catch-all policy: targets for high-priority tickets only. */
export const standard = Sla.policy({
  id: "standard",
  targets: {
    high: {
      firstReply: "PT1H",
      nextReply: "PT4H",
      periodicUpdate: "PT4H",
      pausableUpdate: "PT4H",
      requesterWait: "PT8H",
      agentWork: "PT6H",
      resolution: "PT16H",
    },
  },
})

/** Gold and platinum customers, or VIPs, except on social media. */
export const enterprise = Sla.policy({
  id: "enterprise",
  when: { any: [{ tier: ["gold", "platinum"] }, { tags: { any: ["vip"] } }], not: { channel: ["social"] } },
  targets: {
    urgent: { firstReply: "PT15M", nextReply: "PT30M", resolution: { within: "PT4H", hours: "calendar" } },
    high: { firstReply: "PT1H", nextReply: "PT2H", pausableUpdate: "PT4H", resolution: "PT16H" },
  },
  warnAt: [0.5, 0.8],
})

/** Partner accounts, as your own predicate decides. */
export const partner = Sla.policy(
  { id: "partner", when: { predicate: "partnerAccount" }, targets: { urgent: { firstReply: "PT5M" } } },
  { predicates: ["partnerAccount"] },
)

/** The worked example: T-1001, a high-priority email on Wednesday 4 June 2025 (times in Rome). */
export const T = "T-1001"
export const events: ReadonlyArray<Ticket.TicketEvent> = [
  // 09:30: the customer writes
  {
    type: "TicketOpened",
    ticketId: T,
    at: at("2025-06-04T07:30:00Z"),
    channel: "email",
    priority: "high",
    requester: { id: "c-42" },
  },
  // 09:50: an internal note, which stops nothing
  { type: "NoteAdded", ticketId: T, at: at("2025-06-04T07:50:00Z"), agentId: "a-7" },
  // 10:40: the first public reply, 70 minutes in; then waiting on the customer
  { type: "AgentReplied", ticketId: T, at: at("2025-06-04T08:40:00Z"), agentId: "a-7" },
  { type: "StatusChanged", ticketId: T, at: at("2025-06-04T08:40:00Z"), status: "pending" },
  // 14:10: the customer writes back
  { type: "StatusChanged", ticketId: T, at: at("2025-06-04T12:10:00Z"), status: "open" },
  { type: "CustomerMessaged", ticketId: T, at: at("2025-06-04T12:10:00Z") },
  // 15:00: waiting on a supplier
  { type: "StatusChanged", ticketId: T, at: at("2025-06-04T13:00:00Z"), status: "onHold" },
]

/** A P1–P4 desk that also answers on WhatsApp, with two statuses and five fields of its own. */
export const desk = Ticket.vocabulary({
  channels: ["email", "chat", "phone", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold", inProgress: "open" },
  fields: { plan: "string", seats: "number", renewalDate: "date", vip: "boolean", components: "strings" },
})

/** The desk's policy: targets per P-priority. */
export const deskPolicy = Sla.policy(
  {
    id: "desk",
    targets: {
      P1: { firstReply: "PT30M", agentWork: "PT4H", resolution: { within: "PT8H", hours: "calendar" } },
      P2: { firstReply: "PT1H", agentWork: "PT8H", resolution: "PT16H" },
      P3: { firstReply: "PT4H", agentWork: "PT16H", resolution: "PT40H" },
      P4: { firstReply: "PT8H", resolution: "PT80H" },
    },
  },
  { vocabulary: desk },
)

/** T-21, a P2 on WhatsApp on Wednesday 4 June 2025 that waits three hours on a vendor (times in Rome). */
export const waiting: ReadonlyArray<Ticket.TicketEvent> = [
  // 09:00: the customer writes; 09:30: answered, work in progress
  {
    type: "TicketOpened",
    ticketId: "T-21",
    at: at("2025-06-04T07:00:00Z"),
    channel: "whatsapp",
    priority: "P2",
    requester: { id: "c-21" },
  },
  { type: "AgentReplied", ticketId: "T-21", at: at("2025-06-04T07:30:00Z"), agentId: "a-3" },
  {
    type: "StatusChanged",
    ticketId: "T-21",
    at: at("2025-06-04T07:30:00Z"),
    status: "open",
    customStatus: "inProgress",
  },
  // 10:00: waiting on the vendor; 13:00: the vendor answered
  {
    type: "StatusChanged",
    ticketId: "T-21",
    at: at("2025-06-04T08:00:00Z"),
    status: "onHold",
    customStatus: "awaitingVendor",
  },
  {
    type: "StatusChanged",
    ticketId: "T-21",
    at: at("2025-06-04T11:00:00Z"),
    status: "open",
    customStatus: "inProgress",
  },
]
