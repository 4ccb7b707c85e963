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
 * What every ticket command carries: its kind, the ticket it targets and when it is issued.
 * `at` is a parameter, never the system clock, so deciding is reproducible.
 *
 * @example
 * import type { TicketCommandBase } from "servicekit/ticket"
 *
 * const base: TicketCommandBase<"RecordCustomerChase"> = {
 *   type: "RecordCustomerChase",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 * }
 *
 * @since 0.1.0
 * @category commands
 */
export interface TicketCommandBase<T extends string> {
  readonly type: T
  readonly ticketId: string
  readonly at: Date
}

/**
 * Open a new ticket.
 *
 * @example
 * import type { OpenTicket } from "servicekit/ticket"
 *
 * const open: OpenTicket = {
 *   type: "OpenTicket",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email",
 *   priority: "normal",
 *   requester: { id: "c-1", name: "Ada" },
 *   subject: "Invoice is wrong",
 * }
 *
 * @since 0.1.0
 * @category commands
 */
export interface OpenTicket extends TicketCommandBase<"OpenTicket"> {
  readonly channel: Channel
  readonly priority: Priority
  readonly requester: Requester
  readonly subject?: string
  readonly tags?: ReadonlyArray<string>
  readonly fields?: Readonly<Record<string, FieldValue>>
  readonly openedBy?: OpenedBy
}

/**
 * Record a message from the customer; it reopens a solved ticket and wakes a pending one.
 *
 * @example
 * import type { ReceiveCustomerMessage } from "servicekit/ticket"
 *
 * const c: ReceiveCustomerMessage = { type: "ReceiveCustomerMessage", ticketId: "T-1", at: new Date(0), channel: "chat" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface ReceiveCustomerMessage extends TicketCommandBase<"ReceiveCustomerMessage"> {
  readonly channel?: Channel
}

/**
 * Send a public reply to the customer as an agent.
 *
 * @example
 * import type { ReplyToCustomer } from "servicekit/ticket"
 *
 * const c: ReplyToCustomer = { type: "ReplyToCustomer", ticketId: "T-1", at: new Date(0), agentId: "a-1" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface ReplyToCustomer extends TicketCommandBase<"ReplyToCustomer"> {
  readonly agentId: string
  readonly channel?: Channel
}

/**
 * Add an internal note, visible to agents only.
 *
 * @example
 * import type { AddInternalNote } from "servicekit/ticket"
 *
 * const c: AddInternalNote = { type: "AddInternalNote", ticketId: "T-1", at: new Date(0), agentId: "a-1" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface AddInternalNote extends TicketCommandBase<"AddInternalNote"> {
  readonly agentId: string
}

/**
 * Move the ticket to another status, following the status machine (which works on status
 * categories). Name a status category (`status`), or one of the desk's custom statuses
 * (`customStatus`, declared in the vocabulary): its category is then the vocabulary's, and a
 * `status` given beside it must agree.
 *
 * @example
 * import type { ChangeStatus } from "servicekit/ticket"
 *
 * const solve: ChangeStatus = { type: "ChangeStatus", ticketId: "T-1", at: new Date(0), status: "solved" }
 * const wait: ChangeStatus = { type: "ChangeStatus", ticketId: "T-1", at: new Date(0), customStatus: "awaitingVendor" }
 *
 * @since 0.1.0
 * @category commands
 */
export type ChangeStatus = TicketCommandBase<"ChangeStatus"> &
  (
    | { readonly status: TicketStatus; readonly customStatus?: string }
    | { readonly status?: TicketStatus; readonly customStatus: string }
  )

/**
 * Change the ticket's priority.
 *
 * @example
 * import type { ChangePriority } from "servicekit/ticket"
 *
 * const c: ChangePriority = { type: "ChangePriority", ticketId: "T-1", at: new Date(0), priority: "urgent" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface ChangePriority extends TicketCommandBase<"ChangePriority"> {
  readonly priority: Priority
}

/**
 * Set who works on the ticket: an agent, a group, both, or neither to unassign.
 *
 * @example
 * import type { AssignTicket } from "servicekit/ticket"
 *
 * const c: AssignTicket = { type: "AssignTicket", ticketId: "T-1", at: new Date(0), agentId: "a-1", groupId: "billing" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface AssignTicket extends TicketCommandBase<"AssignTicket"> {
  readonly agentId?: string
  readonly groupId?: string
}

/**
 * Promise the customer something by `dueAt`, which must be after `at`.
 *
 * @example
 * import type { MakePromise } from "servicekit/ticket"
 *
 * const c: MakePromise = {
 *   type: "MakePromise",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T10:00:00Z"),
 *   promiseId: "p-1",
 *   dueAt: new Date("2025-06-03T13:00:00Z"),
 *   summary: "call back at 3 pm",
 * }
 *
 * @since 0.1.0
 * @category commands
 */
export interface MakePromise extends TicketCommandBase<"MakePromise"> {
  readonly promiseId: string
  readonly dueAt: Date
  readonly summary: string
}

/**
 * Record that an open promise was kept.
 *
 * @example
 * import type { KeepPromise } from "servicekit/ticket"
 *
 * const c: KeepPromise = { type: "KeepPromise", ticketId: "T-1", at: new Date(0), promiseId: "p-1" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface KeepPromise extends TicketCommandBase<"KeepPromise"> {
  readonly promiseId: string
}

/**
 * Record that the customer chased us for news.
 *
 * @example
 * import type { RecordCustomerChase } from "servicekit/ticket"
 *
 * const c: RecordCustomerChase = { type: "RecordCustomerChase", ticketId: "T-1", at: new Date(0) }
 *
 * @since 0.1.0
 * @category commands
 */
export interface RecordCustomerChase extends TicketCommandBase<"RecordCustomerChase"> {}

/**
 * Record a survey answer; only solved or closed tickets are surveyed.
 *
 * @example
 * import type { RecordSurveyAnswer } from "servicekit/ticket"
 *
 * const c: RecordSurveyAnswer = { type: "RecordSurveyAnswer", ticketId: "T-1", at: new Date(0), survey: "nps", score: 9 }
 *
 * @since 0.1.0
 * @category commands
 */
export interface RecordSurveyAnswer extends TicketCommandBase<"RecordSurveyAnswer"> {
  readonly survey: SurveyKind
  readonly score: number
  readonly comment?: string
}

/**
 * Record that the app sent a planned follow-up task; recording the same task again is a no-op.
 *
 * @example
 * import type { RecordFollowUpSent } from "servicekit/ticket"
 *
 * const c: RecordFollowUpSent = { type: "RecordFollowUpSent", ticketId: "T-1", at: new Date(0), taskId: "T-1/survey", kind: "survey" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface RecordFollowUpSent extends TicketCommandBase<"RecordFollowUpSent"> {
  readonly taskId: string
  readonly kind: string
}

/**
 * Record that an automation rule fired on the ticket, as `AutomationApplied`, which leaves the
 * ticket's state as it was (the automation module reads what fired from the history). Unlike a sent
 * follow-up, a closed ticket refuses it, as it refuses every command that works on the ticket.
 * `decide` does not deduplicate firings: the desk's idempotency key (the `firingId`) does.
 *
 * @example
 * import type { RecordAutomation } from "servicekit/ticket"
 *
 * const c: RecordAutomation = {
 *   type: "RecordAutomation", ticketId: "T-1", at: new Date(0), firingId: "T-1/escalate-vip/1", ruleId: "escalate-vip",
 * }
 *
 * @since 0.2.0
 * @category commands
 */
export interface RecordAutomation extends TicketCommandBase<"RecordAutomation"> {
  readonly firingId: string
  readonly ruleId: string
}

/**
 * Merge this ticket into another one; the merged ticket accepts nothing afterwards.
 *
 * @example
 * import type { MergeTicket } from "servicekit/ticket"
 *
 * const c: MergeTicket = { type: "MergeTicket", ticketId: "T-2", at: new Date(0), into: "T-1" }
 *
 * @since 0.1.0
 * @category commands
 */
export interface MergeTicket extends TicketCommandBase<"MergeTicket"> {
  readonly into: string
}

/**
 * Add tags to the ticket; tags it already has are left as they are.
 *
 * @example
 * import type { AddTags } from "servicekit/ticket"
 *
 * const c: AddTags = { type: "AddTags", ticketId: "T-1", at: new Date(0), tags: ["vip", "billing"] }
 *
 * @since 0.2.0
 * @category commands
 */
export interface AddTags extends TicketCommandBase<"AddTags"> {
  readonly tags: ReadonlyArray<string>
}

/**
 * Remove tags from the ticket; tags it does not have are ignored.
 *
 * @example
 * import type { RemoveTags } from "servicekit/ticket"
 *
 * const c: RemoveTags = { type: "RemoveTags", ticketId: "T-1", at: new Date(0), tags: ["vip"] }
 *
 * @since 0.2.0
 * @category commands
 */
export interface RemoveTags extends TicketCommandBase<"RemoveTags"> {
  readonly tags: ReadonlyArray<string>
}

/**
 * Set a custom field the desk vocabulary declares to a value of its declared kind.
 *
 * @example
 * import type { SetField } from "servicekit/ticket"
 *
 * const c: SetField = { type: "SetField", ticketId: "T-1", at: new Date(0), field: "plan", value: "enterprise" }
 *
 * @since 0.2.0
 * @category commands
 */
export interface SetField extends TicketCommandBase<"SetField"> {
  readonly field: string
  readonly value: FieldValue
}

/**
 * Clear a custom field; clearing a field with no value is a no-op.
 *
 * @example
 * import type { ClearField } from "servicekit/ticket"
 *
 * const c: ClearField = { type: "ClearField", ticketId: "T-1", at: new Date(0), field: "plan" }
 *
 * @since 0.2.0
 * @category commands
 */
export interface ClearField extends TicketCommandBase<"ClearField"> {
  readonly field: string
}

/**
 * Replace the ticket's requester (a customer upgraded to gold, moved to another organization).
 *
 * @example
 * import type { ChangeRequester } from "servicekit/ticket"
 *
 * const c: ChangeRequester = {
 *   type: "ChangeRequester", ticketId: "T-1", at: new Date(0), requester: { id: "c-1", tier: "gold" },
 * }
 *
 * @since 0.2.0
 * @category commands
 */
export interface ChangeRequester extends TicketCommandBase<"ChangeRequester"> {
  readonly requester: Requester
}

/**
 * Any ticket command: an intention that `decide` accepts (as events) or rejects (as an error).
 *
 * @example
 * import type { TicketCommand } from "servicekit/ticket"
 *
 * const solve: TicketCommand = { type: "ChangeStatus", ticketId: "T-1", at: new Date(0), status: "solved" }
 *
 * @since 0.1.0
 * @category commands
 */
export type TicketCommand =
  | OpenTicket
  | ReceiveCustomerMessage
  | ReplyToCustomer
  | AddInternalNote
  | ChangeStatus
  | ChangePriority
  | AssignTicket
  | MakePromise
  | KeepPromise
  | RecordCustomerChase
  | RecordSurveyAnswer
  | RecordFollowUpSent
  | RecordAutomation
  | MergeTicket
  | AddTags
  | RemoveTags
  | SetField
  | ClearField
  | ChangeRequester

/**
 * The name of a ticket command kind.
 *
 * @example
 * import type { TicketCommandType } from "servicekit/ticket"
 *
 * const kind: TicketCommandType = "MakePromise"
 *
 * @since 0.1.0
 * @category commands
 */
export type TicketCommandType = TicketCommand["type"]
