/**
 * The ticket the demo's week follows closely (★): opened on Tuesday morning, tagged "vip" after
 * the first reply (which puts it under the VIP policy), then awaitingVendor — the desk's custom
 * status in the onHold category — for five hours, during which its agentWork clock pauses while
 * its resolution clock runs on.
 */
import type { Desk, Sla, Ticket } from "servicekit"

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** At a quarter hour of the simulated week (UTC): what happens to the ticket, and what the story says. */
export interface SpotlightStep {
  readonly at: number
  readonly say: string
  readonly commands: ReadonlyArray<Desk.DeskCommand>
}

/** The script, from `tuesday` (00:00 UTC), for a ticket of `requester` handled by `agentId`. */
export const spotlightScript = (
  tuesday: number,
  requester: Ticket.Requester & { readonly name: string },
  agentId: string,
): ReadonlyArray<SpotlightStep> => [
  {
    at: tuesday + 7 * HOUR + 30 * MINUTE,
    say: `opened by ${requester.name} on email: "Double charge on card", normal priority`,
    commands: [
      {
        type: "OpenTicket",
        channel: "email",
        priority: "normal",
        requester,
        subject: "Double charge on card",
      },
    ],
  },
  {
    at: tuesday + 8 * HOUR,
    say: `${agentId} replies; the account manager tags it "vip"`,
    commands: [
      { type: "AssignTicket", agentId, groupId: "support" },
      { type: "ChangeStatus", status: "open" },
      { type: "ReplyToCustomer", agentId },
      { type: "AddTags", tags: ["vip"] },
    ],
  },
  {
    at: tuesday + 8 * HOUR + 30 * MINUTE,
    say: `${agentId} asks the payment provider: status awaitingVendor`,
    commands: [{ type: "ChangeStatus", customStatus: "awaitingVendor" }],
  },
  { at: tuesday + 12 * HOUR + 30 * MINUTE, say: "still waiting on the payment provider", commands: [] },
  {
    at: tuesday + 13 * HOUR + 30 * MINUTE,
    say: "the provider confirms the refund: back to open",
    commands: [{ type: "ChangeStatus", status: "open" }],
  },
  {
    at: tuesday + 14 * HOUR,
    say: `${agentId} tells the customer and solves the ticket`,
    commands: [
      { type: "ReplyToCustomer", agentId },
      { type: "ChangeStatus", status: "solved" },
    ],
  },
]

/** Business time as the story says it: "45 min", "1 h", "5 h 30 min". */
const business = (ms: number): string => {
  const m = Math.round(ms / MINUTE)
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 === 0 ? "" : ` ${m % 60} min`}`
}

/** The latest cycle of `metric`, as "agentWork 1 h of 4 h, paused" (or "not measured": no target). */
const clockLine = (sla: Sla.SlaStatus, metric: string): string => {
  const clock = sla.clocks.filter((c) => c.metric === metric).at(-1)
  return clock === undefined
    ? `${metric} not measured`
    : `${metric} ${business(clock.elapsedMs)} of ${business(clock.targetMs)}, ${clock.status}`
}

/**
 * One line on the ticket: its status (a custom status with its category), tags, policy (with the
 * one before when it changed), agentWork and resolution.
 */
export const describeSpotlight = (view: Desk.TicketView, policyBefore: string | null | undefined): string => {
  const { ticket, sla } = view
  const status =
    ticket.customStatus === undefined ? ticket.status : `${ticket.customStatus} (${ticket.status})`
  const tags = ticket.tags.length > 0 ? `, tagged ${ticket.tags.join(", ")}` : ""
  const policy =
    policyBefore === undefined || policyBefore === sla.policyId
      ? `policy ${sla.policyId}`
      : `policy ${policyBefore} → ${sla.policyId}`
  return `${status}${tags} · ${policy} · ${clockLine(sla, "agentWork")} · ${clockLine(sla, "resolution")}`
}
