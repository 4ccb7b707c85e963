// The setup that the examples of docs/automations.md share: an office-hours calendar, a desk
// vocabulary with a `product` field, an SLA policy, short constructors for the events the recipes
// use, `show`, which prints a plan one firing per line, and `apply`, which applies the firings due
// the way the Desk does.
import * as Result from "effect/Result"
import { Automation, Calendar, Sla, Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

const day = ["09:00-18:00"]
/** Monday to Friday, 09:00–18:00 UTC: a business day is 9 business hours. */
export const officeHours = Calendar.make({
  timeZone: "UTC",
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
})

/** The desk's words: the built-in ones, and a `product` field. */
export const vocabulary = Ticket.vocabulary({ fields: { product: "string" } })

/** First reply and next reply within 4 business hours at normal priority, 2 at high. */
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

/** A customer's "any news?". */
export const chased = (ticketId: string, iso: string): Ticket.TicketEvent => ({
  type: "CustomerChased",
  ticketId,
  at: at(iso),
})

const describeCommand = (c: Ticket.TicketCommand): string => {
  switch (c.type) {
    case "ChangePriority":
      return `priority ${c.priority}`
    case "AddTags":
      return `+tags ${c.tags.join(",")}`
    case "RemoveTags":
      return `-tags ${c.tags.join(",")}`
    case "AssignTicket":
      return `assign ${[c.groupId && `group ${c.groupId}`, c.agentId && `agent ${c.agentId}`].filter(Boolean).join(" ")}`
    case "ChangeStatus":
      return `status ${c.customStatus ?? c.status}`
    case "SetField":
      return `field ${c.field}=${JSON.stringify(c.value)}`
    default:
      return c.type
  }
}

/** Prints each firing due as `due id  what it does`, then the plan's `nextDueAt` ("-" when none). */
export const show = (plan: Automation.AutomationPlan): void => {
  for (const f of plan.due) {
    const does = [
      ...f.commands.map(describeCommand),
      ...f.notifications.map((n) => `notify ${n.to} ${n.kind}`),
    ]
    console.log(`due  ${f.id}  ${does.join("; ")}`)
  }
  console.log(`nextDueAt ${plan.nextDueAt?.toISOString() ?? "-"}`)
}

/**
 * The history with the firings applied as the Desk applies them: each recorded
 * (`AutomationApplied`), then its commands decided in turn against the ticket as the previous
 * ones left it; a command the ticket refuses is skipped.
 */
export const apply = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  due: ReadonlyArray<Automation.Firing>,
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

/** The second-chase recipe: a ticket chased twice goes to the leads, who are alerted. */
export const secondChase: Automation.RuleSpec = {
  id: "second-chase",
  when: { ticket: { counts: { chases: { gte: 2 } }, not: { group: ["leads"] } } },
  actions: [
    { do: "assign", group: "leads" },
    { do: "notify", to: "desk", kind: "leadAlert", message: "the customer chased twice" },
  ],
}

/** The recipes of docs/automations.md, as one rule list for the Desk. */
export const recipes = Automation.rules(
  [
    {
      id: "remind-pending",
      when: { ticket: { status: ["pending"] }, inStatus: { atLeast: "PT18H" } },
      actions: [{ do: "notify", to: "customer", kind: "pendingReminder" }],
    },
    {
      id: "solve-unanswered",
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
    secondChase,
    {
      id: "route-billing",
      when: { ticket: { fields: { product: { equals: "billing" } }, not: { group: ["billing", "leads"] } } },
      actions: [{ do: "assign", group: "billing" }],
    },
  ],
  { vocabulary },
)
