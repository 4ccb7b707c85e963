/**
 * The demo desk's automation rules, two recipes of docs/automations.md, and how the story tells
 * what they did: a late first reply raises the priority one step and tags the ticket
 * "sla-breached"; a ticket that stayed solved for four days (wall-clock days) is closed.
 */
import { Automation, type Desk, type Ticket } from "servicekit"

/** The rules, checked against the desk's vocabulary (the Desk takes only rules made with its own). */
export const demoAutomations = (vocabulary: Ticket.Vocabulary): Automation.RuleSet =>
  Automation.rules(
    [
      {
        id: "first-reply-breach",
        description: "a late first reply: raise the priority one step and tag sla-breached",
        when: { sla: { metric: "firstReply", state: "breached" } },
        actions: [{ do: "raisePriority" }, { do: "addTags", tags: ["sla-breached"] }],
      },
      {
        id: "close-solved",
        description: "close a ticket that stayed solved for 4 days",
        when: { ticket: { status: ["solved"] }, inStatus: { atLeast: "P4D", hours: "calendar" } },
        actions: [{ do: "setStatus", status: "closed" }],
      },
    ],
    { vocabulary },
  )

const DAY = 24 * 3_600_000
const hhmm = (d: Date) => d.toISOString().slice(11, 16)
const weekdayHhmm = (d: Date) => `${d.toUTCString().slice(0, 3)} ${hhmm(d)}`

const describeCommand = (c: Ticket.TicketCommand): string => {
  switch (c.type) {
    case "ChangePriority":
      return `priority → ${c.priority}`
    case "AddTags":
      return `tagged ${c.tags.join(", ")}`
    case "ChangeStatus":
      return c.customStatus ?? c.status ?? "status"
    default:
      return c.type
  }
}

/**
 * One line on what a firing did and since when its condition held:
 * "priority → high, tagged sla-breached (first reply was due by 13:00)".
 */
export const describeAutomated = (a: Desk.Automated): string => {
  const refused = new Set(a.refused.map((r) => r.command))
  const done = a.firing.commands.filter((c) => !refused.has(c)).map(describeCommand)
  // `since` is when the rule's condition began to hold: four days after the solve, or the breach.
  const since =
    a.firing.ruleId === "close-solved"
      ? `solved ${weekdayHhmm(new Date(a.firing.since.getTime() - 4 * DAY))}`
      : `first reply was due by ${hhmm(a.firing.since)}`
  const refusals = a.refused.length === 0 ? "" : `; refused: ${a.refused.map((r) => r.reason).join("; ")}`
  // raisePriority does nothing at the top of the priority order; the tag is still added.
  const top =
    a.firing.ruleId === "first-reply-breach" && !a.firing.commands.some((c) => c.type === "ChangePriority")
      ? ["already at the top priority"]
      : []
  return `${[...top, ...done].join(", ") || "nothing to change"} (${since}${refusals})`
}
