/**
 * The automation cells' workload (bench/followup.bench.ts): the follow-up benchmark's tickets
 * (bench/lib/followup-workload.ts, unchanged for its own cells), each given from a third seeded PRNG
 * what the five recipes of docs/automations.md read and those tickets lack: a `product` field
 * (set once, soon after the opening), on a few an assignment to a group the recipes name, and on
 * some tickets left open a last move to pending that the customer never answers.
 * The chases the second-chase recipe counts are already there (1 in 4 tickets chases twice or
 * more). Shared so that profiling scripts plan the very same tickets.
 */
import { Automation, Ticket } from "servicekit"
import type { EnrichedTicket } from "./followup-workload.js"
import { seeded } from "./harness.js"
import { MINUTE, type TicketEvent } from "./sla-workload.js"

export const AUTOMATION_SEED = 11

/** The desk of test/automation/story.ts: one custom string field, `product`. */
export const desk = Ticket.vocabulary({ fields: { product: "string" } })

/** The five recipes of docs/automations.md, as test/automation/story.ts writes them. */
export const RECIPE_SPECS: ReadonlyArray<Automation.RuleSpec> = [
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
    when: { ticket: { fields: { product: { equals: "billing" } }, not: { group: ["billing", "leads"] } } },
    actions: [{ do: "assign", group: "billing" }],
  },
]

/** The recipes as a rule set checked against {@link desk}. */
export const makeRecipes = (): Automation.RuleSet => Automation.rules(RECIPE_SPECS, { vocabulary: desk })

export const PRODUCTS = ["billing", "shipping", "account"] as const

export interface AutomationWorkload {
  /** Per ticket of the input, its events with the added ones, in time order. */
  readonly events: ReadonlyArray<ReadonlyArray<TicketEvent>>
  /** Events added, by type and value (`FieldSet product=billing`, `TicketAssigned leads`…). */
  readonly added: Readonly<Record<string, number>>
}

/**
 * `tickets` with, per ticket: a `product` field set 1–30 minutes after the opening on 80 %
 * (billing, shipping or account, evenly); on 15 % an assignment to a group 1–600 minutes after
 * the opening (billing, leads or L1, evenly); and on 40 % of the tickets whose last status is not
 * solved, a move to pending 1–120 minutes after their last event. Deterministic for a seed; an
 * added event at the same instant as an original goes after it.
 */
export const withRecipeFacts = (
  tickets: ReadonlyArray<EnrichedTicket>,
  seed = AUTOMATION_SEED,
): AutomationWorkload => {
  const rand = seeded(seed)
  const added: Record<string, number> = {}
  const count = (key: string) => {
    added[key] = (added[key] ?? 0) + 1
  }
  const events = tickets.map((t) => {
    const opened = t.events[0]!
    const ticketId = opened.ticketId
    const start = opened.at.getTime()
    const extra: Array<TicketEvent> = []
    if (rand() < 0.8) {
      const value = PRODUCTS[Math.floor(rand() * PRODUCTS.length)]!
      const at = new Date(start + (1 + Math.floor(rand() * 30)) * MINUTE)
      extra.push({ type: "FieldSet", ticketId, at, field: "product", value })
      count(`FieldSet product=${value}`)
    }
    if (rand() < 0.15) {
      const groupId = ["billing", "leads", "L1"][Math.floor(rand() * 3)]!
      const at = new Date(start + (1 + Math.floor(rand() * 600)) * MINUTE)
      extra.push({ type: "TicketAssigned", ticketId, at, groupId })
      count(`TicketAssigned ${groupId}`)
    }
    const last = t.events[t.events.length - 1]!
    let status: string | undefined
    for (const e of t.events) if (e.type === "StatusChanged") status = e.status
    if (status !== "solved" && rand() < 0.4) {
      const at = new Date(last.at.getTime() + (1 + Math.floor(rand() * 120)) * MINUTE)
      extra.push({ type: "StatusChanged", ticketId, at, status: "pending" })
      count("StatusChanged pending (last)")
    }
    const merged: Array<TicketEvent> = [...t.events]
    for (const e of extra.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      let i = merged.length
      while (i > 1 && merged[i - 1]!.at.getTime() > e.at.getTime()) i--
      merged.splice(i, 0, e)
    }
    return merged
  })
  return { events, added }
}
