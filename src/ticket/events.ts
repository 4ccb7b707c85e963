import type {
  Channel,
  FieldValue,
  OpenedBy,
  Priority,
  Requester,
  SurveyKind,
  TicketStatus,
} from "./vocabulary.js"

/**
 * What every ticket event carries: its kind, the ticket it belongs to and when it happened.
 *
 * @example
 * import type { TicketEventBase } from "servicekit/ticket"
 *
 * const base: TicketEventBase<"CustomerChased"> = {
 *   type: "CustomerChased",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 * }
 *
 * @since 0.1.0
 * @category events
 */
export interface TicketEventBase<T extends string> {
  readonly type: T
  readonly ticketId: string
  readonly at: Date
}

/**
 * A ticket was opened. Absent `openedBy` means the customer opened it. `tags` and `fields` are
 * the ticket's data at opening; both may change later (`TagsAdded`, `FieldSet` …).
 *
 * @example
 * import type { TicketOpened } from "servicekit/ticket"
 *
 * const opened: TicketOpened = {
 *   type: "TicketOpened",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email",
 *   priority: "normal",
 *   requester: { id: "c-1" },
 * }
 *
 * @since 0.1.0
 * @category events
 */
export interface TicketOpened extends TicketEventBase<"TicketOpened"> {
  readonly channel: Channel
  readonly priority: Priority
  readonly requester: Requester
  readonly subject?: string
  readonly tags?: ReadonlyArray<string>
  readonly fields?: Readonly<Record<string, FieldValue>>
  readonly openedBy?: OpenedBy
}

/**
 * The customer wrote to us (a new message on the ticket).
 *
 * @example
 * import type { CustomerMessaged } from "servicekit/ticket"
 *
 * const e: CustomerMessaged = { type: "CustomerMessaged", ticketId: "T-1", at: new Date(0), channel: "chat" }
 *
 * @since 0.1.0
 * @category events
 */
export interface CustomerMessaged extends TicketEventBase<"CustomerMessaged"> {
  readonly channel?: Channel
}

/**
 * An agent sent a public reply the customer can see; this is what reply SLAs measure.
 *
 * @example
 * import type { AgentReplied } from "servicekit/ticket"
 *
 * const e: AgentReplied = { type: "AgentReplied", ticketId: "T-1", at: new Date(0), agentId: "a-1" }
 *
 * @since 0.1.0
 * @category events
 */
export interface AgentReplied extends TicketEventBase<"AgentReplied"> {
  readonly agentId: string
  readonly channel?: Channel
}

/**
 * An agent added an internal note. The customer never sees it, so it stops no clock.
 *
 * @example
 * import type { NoteAdded } from "servicekit/ticket"
 *
 * const e: NoteAdded = { type: "NoteAdded", ticketId: "T-1", at: new Date(0), agentId: "a-1" }
 *
 * @since 0.1.0
 * @category events
 */
export interface NoteAdded extends TicketEventBase<"NoteAdded"> {
  readonly agentId: string
}

/**
 * The ticket moved to another status. From `solved` back to an active status it is a reopen.
 * `status` is always the status category; `customStatus` names the desk's own status within it
 * ("awaitingVendor" in `onHold`), absent for the category's plain status. The event carries both,
 * so a history keeps its meaning whatever the vocabulary later becomes.
 *
 * @example
 * import type { StatusChanged } from "servicekit/ticket"
 *
 * const solved: StatusChanged = { type: "StatusChanged", ticketId: "T-1", at: new Date(0), status: "solved" }
 * const waiting: StatusChanged = {
 *   type: "StatusChanged", ticketId: "T-1", at: new Date(0), status: "onHold", customStatus: "awaitingVendor",
 * }
 *
 * @since 0.1.0
 * @category events
 */
export interface StatusChanged extends TicketEventBase<"StatusChanged"> {
  readonly status: TicketStatus
  readonly customStatus?: string
}

/**
 * The ticket's priority changed; SLA targets follow the current priority.
 *
 * @example
 * import type { PriorityChanged } from "servicekit/ticket"
 *
 * const e: PriorityChanged = { type: "PriorityChanged", ticketId: "T-1", at: new Date(0), priority: "urgent" }
 *
 * @since 0.1.0
 * @category events
 */
export interface PriorityChanged extends TicketEventBase<"PriorityChanged"> {
  readonly priority: Priority
}

/**
 * The ticket's assignment is now exactly this agent and/or group; neither means unassigned.
 *
 * @example
 * import type { TicketAssigned } from "servicekit/ticket"
 *
 * const e: TicketAssigned = { type: "TicketAssigned", ticketId: "T-1", at: new Date(0), groupId: "billing" }
 *
 * @since 0.1.0
 * @category events
 */
export interface TicketAssigned extends TicketEventBase<"TicketAssigned"> {
  readonly agentId?: string
  readonly groupId?: string
}

/**
 * We promised the customer something by a due time ("we will call you back at 3 pm").
 *
 * @example
 * import type { PromiseMade } from "servicekit/ticket"
 *
 * const e: PromiseMade = {
 *   type: "PromiseMade",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T10:00:00Z"),
 *   promiseId: "p-1",
 *   dueAt: new Date("2025-06-03T13:00:00Z"),
 *   summary: "call back",
 * }
 *
 * @since 0.1.0
 * @category events
 */
export interface PromiseMade extends TicketEventBase<"PromiseMade"> {
  readonly promiseId: string
  readonly dueAt: Date
  readonly summary: string
}

/**
 * A promise was kept; on time when `at` is not after the promise's `dueAt`.
 *
 * @example
 * import type { PromiseKept } from "servicekit/ticket"
 *
 * const e: PromiseKept = { type: "PromiseKept", ticketId: "T-1", at: new Date(0), promiseId: "p-1" }
 *
 * @since 0.1.0
 * @category events
 */
export interface PromiseKept extends TicketEventBase<"PromiseKept"> {
  readonly promiseId: string
}

/**
 * The customer had to chase us for news: a signal of a customer we are losing.
 *
 * @example
 * import type { CustomerChased } from "servicekit/ticket"
 *
 * const e: CustomerChased = { type: "CustomerChased", ticketId: "T-1", at: new Date(0) }
 *
 * @since 0.1.0
 * @category events
 */
export interface CustomerChased extends TicketEventBase<"CustomerChased"> {}

/**
 * The customer answered a satisfaction survey about this ticket.
 *
 * @example
 * import type { SurveyAnswered } from "servicekit/ticket"
 *
 * const e: SurveyAnswered = { type: "SurveyAnswered", ticketId: "T-1", at: new Date(0), survey: "csat", score: 5 }
 *
 * @since 0.1.0
 * @category events
 */
export interface SurveyAnswered extends TicketEventBase<"SurveyAnswered"> {
  readonly survey: SurveyKind
  readonly score: number
  readonly comment?: string
}

/**
 * The ticket was merged into another ticket, which carries the conversation from now on.
 *
 * @example
 * import type { TicketMerged } from "servicekit/ticket"
 *
 * const e: TicketMerged = { type: "TicketMerged", ticketId: "T-2", at: new Date(0), into: "T-1" }
 *
 * @since 0.1.0
 * @category events
 */
export interface TicketMerged extends TicketEventBase<"TicketMerged"> {
  readonly into: string
}

/**
 * The app sent a planned follow-up. `kind` is the follow-up policy's task kind, kept a free
 * string so tickets do not depend on the follow-up module.
 *
 * @example
 * import type { FollowUpSent } from "servicekit/ticket"
 *
 * const e: FollowUpSent = { type: "FollowUpSent", ticketId: "T-1", at: new Date(0), taskId: "T-1/checkIn", kind: "checkIn" }
 *
 * @since 0.1.0
 * @category events
 */
export interface FollowUpSent extends TicketEventBase<"FollowUpSent"> {
  readonly taskId: string
  readonly kind: string
}

/**
 * An automation rule fired on the ticket. `evolve` leaves the ticket's state as it was (but for its
 * `version` and `lastEventAt`): the automation module reads what fired from the history, and the
 * desk records each firing once, keyed on its `firingId`.
 *
 * @example
 * import type { AutomationApplied } from "servicekit/ticket"
 *
 * const e: AutomationApplied = {
 *   type: "AutomationApplied", ticketId: "T-1", at: new Date(0), firingId: "T-1/escalate-vip/1", ruleId: "escalate-vip",
 * }
 *
 * @since 0.2.0
 * @category events
 */
export interface AutomationApplied extends TicketEventBase<"AutomationApplied"> {
  readonly firingId: string
  readonly ruleId: string
}

/**
 * Tags were added to the ticket (only tags it did not have yet).
 *
 * @example
 * import type { TagsAdded } from "servicekit/ticket"
 *
 * const e: TagsAdded = { type: "TagsAdded", ticketId: "T-1", at: new Date(0), tags: ["vip"] }
 *
 * @since 0.2.0
 * @category events
 */
export interface TagsAdded extends TicketEventBase<"TagsAdded"> {
  readonly tags: ReadonlyArray<string>
}

/**
 * Tags were removed from the ticket.
 *
 * @example
 * import type { TagsRemoved } from "servicekit/ticket"
 *
 * const e: TagsRemoved = { type: "TagsRemoved", ticketId: "T-1", at: new Date(0), tags: ["vip"] }
 *
 * @since 0.2.0
 * @category events
 */
export interface TagsRemoved extends TicketEventBase<"TagsRemoved"> {
  readonly tags: ReadonlyArray<string>
}

/**
 * A custom field now holds `value` (the desk vocabulary declares the field and its kind).
 *
 * @example
 * import type { FieldSet } from "servicekit/ticket"
 *
 * const e: FieldSet = { type: "FieldSet", ticketId: "T-1", at: new Date(0), field: "seats", value: 250 }
 *
 * @since 0.2.0
 * @category events
 */
export interface FieldSet extends TicketEventBase<"FieldSet"> {
  readonly field: string
  readonly value: FieldValue
}

/**
 * A custom field was cleared: the ticket no longer has a value for it.
 *
 * @example
 * import type { FieldCleared } from "servicekit/ticket"
 *
 * const e: FieldCleared = { type: "FieldCleared", ticketId: "T-1", at: new Date(0), field: "seats" }
 *
 * @since 0.2.0
 * @category events
 */
export interface FieldCleared extends TicketEventBase<"FieldCleared"> {
  readonly field: string
}

/**
 * The requester is now exactly `requester`: a new tier (upgraded to gold mid-ticket), another
 * organization, a corrected name or time zone.
 *
 * @example
 * import type { RequesterChanged } from "servicekit/ticket"
 *
 * const e: RequesterChanged = {
 *   type: "RequesterChanged", ticketId: "T-1", at: new Date(0), requester: { id: "c-1", tier: "gold" },
 * }
 *
 * @since 0.2.0
 * @category events
 */
export interface RequesterChanged extends TicketEventBase<"RequesterChanged"> {
  readonly requester: Requester
}

/**
 * Any ticket event; the history of these is the source of truth for a ticket.
 *
 * @example
 * import type { TicketEvent } from "servicekit/ticket"
 *
 * const describe = (e: TicketEvent) => (e.type === "AgentReplied" ? `reply by ${e.agentId}` : e.type)
 *
 * @since 0.1.0
 * @category events
 */
export type TicketEvent =
  | TicketOpened
  | CustomerMessaged
  | AgentReplied
  | NoteAdded
  | StatusChanged
  | PriorityChanged
  | TicketAssigned
  | PromiseMade
  | PromiseKept
  | CustomerChased
  | SurveyAnswered
  | TicketMerged
  | FollowUpSent
  | AutomationApplied
  | TagsAdded
  | TagsRemoved
  | FieldSet
  | FieldCleared
  | RequesterChanged

/**
 * The name of a ticket event kind.
 *
 * @example
 * import type { TicketEventType } from "servicekit/ticket"
 *
 * const kind: TicketEventType = "PromiseMade"
 *
 * @since 0.1.0
 * @category events
 */
export type TicketEventType = TicketEvent["type"]
