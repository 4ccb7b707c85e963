// Builders for ticket histories and commands in tests: one ticket, minutes after a fixed morning.
import { given } from "servicekit/testing"
import {
  decider,
  type TicketCommand,
  type TicketCommandType,
  type TicketEvent,
  type TicketEventType,
  type TicketOpened,
  type TicketStatus,
  vocabulary,
} from "servicekit/ticket"

export const ticketId = "T-1"

/** 2025-06-03T08:00Z plus `minutes`: every test instant is explicit, never the system clock. */
export const at = (minutes: number): Date => new Date(Date.UTC(2025, 5, 3, 8, 0) + minutes * 60_000)

type EventOf<K extends TicketEventType> = Extract<TicketEvent, { type: K }>
type CommandOf<K extends TicketCommandType> = Extract<TicketCommand, { type: K }>
type Payload<T> = Omit<T, "type" | "ticketId" | "at">

/** An event on T-1 at `minutes`. */
export const event = <K extends TicketEventType>(
  type: K,
  minutes: number,
  payload: Payload<EventOf<K>>,
): EventOf<K> => ({ ...payload, type, ticketId, at: at(minutes) }) as unknown as EventOf<K>

/** A command on T-1 at `minutes`. */
export const command = <K extends TicketCommandType>(
  type: K,
  minutes: number,
  payload: Payload<CommandOf<K>>,
): CommandOf<K> => ({ ...payload, type, ticketId, at: at(minutes) }) as unknown as CommandOf<K>

export const opened: TicketOpened = event("TicketOpened", 0, {
  channel: "email",
  priority: "normal",
  requester: { id: "c-1", name: "Ada", timeZone: "Europe/Rome" },
  subject: "Invoice is wrong",
})

const moved = (...statuses: ReadonlyArray<TicketStatus>): ReadonlyArray<TicketEvent> => [
  opened,
  ...statuses.map((status, i) => event("StatusChanged", i + 1, { status })),
]

/** Histories that leave T-1 in each status (last event at minute ≤ 3). */
export const history = {
  new: [opened],
  open: moved("open"),
  pending: moved("pending"),
  onHold: moved("onHold"),
  solved: moved("open", "solved"),
  closed: moved("open", "solved", "closed"),
  merged: [...moved("open"), event("TicketMerged", 2, { into: "T-0" })],
} satisfies Record<TicketStatus | "merged", ReadonlyArray<TicketEvent>>

/** One well-formed command of every kind, at minute 10 (after every fixture history). */
export const oneOfEach: { readonly [K in TicketCommandType]: CommandOf<K> } = {
  OpenTicket: command("OpenTicket", 10, { channel: "chat", priority: "high", requester: { id: "c-1" } }),
  ReceiveCustomerMessage: command("ReceiveCustomerMessage", 10, {}),
  ReplyToCustomer: command("ReplyToCustomer", 10, { agentId: "a-1" }),
  AddInternalNote: command("AddInternalNote", 10, { agentId: "a-1" }),
  ChangeStatus: command("ChangeStatus", 10, { status: "pending" }),
  ChangePriority: command("ChangePriority", 10, { priority: "urgent" }),
  AssignTicket: command("AssignTicket", 10, { agentId: "a-1" }),
  MakePromise: command("MakePromise", 10, { promiseId: "p-1", dueAt: at(60), summary: "call back" }),
  KeepPromise: command("KeepPromise", 10, { promiseId: "p-1" }),
  RecordCustomerChase: command("RecordCustomerChase", 10, {}),
  RecordSurveyAnswer: command("RecordSurveyAnswer", 10, { survey: "csat", score: 5 }),
  RecordFollowUpSent: command("RecordFollowUpSent", 10, { taskId: "T-1/survey", kind: "survey" }),
  RecordAutomation: command("RecordAutomation", 10, { firingId: "T-1/escalate/1", ruleId: "escalate" }),
  MergeTicket: command("MergeTicket", 10, { into: "T-9" }),
  AddTags: command("AddTags", 10, { tags: ["vip"] }),
  RemoveTags: command("RemoveTags", 10, { tags: ["vip"] }),
  SetField: command("SetField", 10, { field: "plan", value: "enterprise" }),
  ClearField: command("ClearField", 10, { field: "plan" }),
  ChangeRequester: command("ChangeRequester", 10, { requester: { id: "c-1", tier: "gold" } }),
}

export const commandTypes = Object.keys(oneOfEach) as ReadonlyArray<TicketCommandType>

/**
 * The built-in words plus the field `oneOfEach` sets, so that every command of `oneOfEach` is
 * well-formed (with no vocabulary, `SetField` and `ClearField` are refused before any state rule).
 */
export const fieldDesk = decider(vocabulary({ fields: { plan: "string" } }))

/** `givenTicket`, deciding with {@link fieldDesk}. */
export const givenFieldDesk = (history: ReadonlyArray<TicketEvent>) => given(fieldDesk, history)
