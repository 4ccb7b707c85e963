// Shared by the automation tests: a small desk, the five recipes of docs/automations.md, and a
// helper that applies a plan's firings the way the Desk does (record the firing, then decide each
// command in turn against the ticket).
import * as Result from "effect/Result"
import { Automation, Calendar, Sla, Ticket } from "servicekit"

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

/** Mon 2 June 2025 09:00 UTC plus `hours`. */
export const at = (hours: number): Date => new Date(Date.UTC(2025, 5, 2, 9) + hours * HOUR)

export const desk = Ticket.vocabulary({ fields: { product: "string" } })

/** Mon–Fri 09:00–18:00 UTC: a business day is 9 hours. */
const day = ["09:00-18:00"]
export const officeHours = Calendar.make({
  timeZone: "UTC",
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
})

export const recipeSpecs: ReadonlyArray<Automation.RuleSpec> = [
  {
    id: "remind-pending",
    description: "remind a customer who leaves a ticket pending for 2 business days",
    when: { ticket: { status: ["pending"] }, inStatus: { atLeast: "PT18H" } },
    actions: [{ do: "notify", to: "customer", kind: "pendingReminder" }],
  },
  {
    id: "solve-unanswered",
    description: "…and solve it 5 business days after the reminder",
    when: { ticket: { status: ["pending"] }, inStatus: { atLeast: "PT63H" } },
    actions: [{ do: "setStatus", status: "solved" }],
  },
  {
    id: "close-solved",
    when: { ticket: { status: ["solved"] }, inStatus: { atLeast: "P4D", hours: "calendar" } },
    actions: [{ do: "setStatus", status: "closed" }],
  },
  {
    id: "first-reply-breach",
    when: { sla: { metric: "firstReply", state: "breached" } },
    actions: [{ do: "raisePriority" }, { do: "addTags", tags: ["sla-breached"] }],
  },
  {
    id: "second-chase",
    when: { ticket: { counts: { chases: { gte: 2 } }, not: { group: ["leads"] } } },
    actions: [
      { do: "assign", group: "leads" },
      { do: "notify", to: "desk", kind: "leadAlert", message: "the customer chased twice" },
    ],
  },
  {
    id: "route-billing",
    // Not a ticket the leads hold: with `not: { group: ["billing"] }` alone, this rule and the one
    // above would move a chased billing ticket back and forth (Automation.lint finds that pair).
    when: { ticket: { fields: { product: { equals: "billing" } }, not: { group: ["billing", "leads"] } } },
    actions: [{ do: "assign", group: "billing" }],
  },
]

export const recipes = Automation.rules(recipeSpecs, { vocabulary: desk })

export const slaPolicies = [
  Sla.policy({
    id: "std",
    targets: {
      low: { firstReply: "PT8H", nextReply: "PT8H" },
      normal: { firstReply: "PT4H", nextReply: "PT4H" },
      high: { firstReply: "PT2H", nextReply: "PT2H" },
      urgent: { firstReply: "PT1H", nextReply: "PT1H" },
    },
  }),
]

export const opened = (hours = 0, extra: Partial<Ticket.TicketOpened> = {}): Ticket.TicketEvent => ({
  type: "TicketOpened",
  ticketId: "T-1",
  at: at(hours),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
  ...extra,
})

export const event = (hours: number, e: Record<string, unknown>): Ticket.TicketEvent =>
  ({ ticketId: "T-1", at: at(hours), ...e }) as Ticket.TicketEvent

export const planAt = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  now: Date,
  rules: Automation.RuleSet = recipes,
  calendar: Calendar.Calendar = officeHours,
): Automation.AutomationPlan =>
  Automation.plan(events, { rules, calendar, now, sla: { policies: slaPolicies } })

/**
 * Applies every due firing in order, as the Desk does: the firing recorded, then each command
 * decided against the ticket as the previous ones left it (a refused one is skipped). Returns the
 * history with the new events.
 */
export const applyDue = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  due: ReadonlyArray<Automation.Firing>,
  vocabulary: Ticket.Vocabulary = desk,
): Array<Ticket.TicketEvent> => {
  const out = [...events]
  let state = Ticket.replay(out, vocabulary)
  for (const firing of due)
    for (const command of [firing.record, ...firing.commands]) {
      const decided = Ticket.decide(state, command, vocabulary)
      if (Result.isFailure(decided)) continue
      for (const e of decided.success) {
        out.push(e)
        state = Ticket.evolve(state, e)
      }
    }
  return out
}
