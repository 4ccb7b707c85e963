// Internal: every ticket event type, checked complete at compile time, for clock definitions.
import type { TicketEventType } from "../ticket/index.js"

export const eventTypeList = [
  "TicketOpened",
  "CustomerMessaged",
  "AgentReplied",
  "NoteAdded",
  "StatusChanged",
  "PriorityChanged",
  "TicketAssigned",
  "PromiseMade",
  "PromiseKept",
  "CustomerChased",
  "SurveyAnswered",
  "TicketMerged",
  "FollowUpSent",
  "AutomationApplied",
  "TagsAdded",
  "TagsRemoved",
  "FieldSet",
  "FieldCleared",
  "RequesterChanged",
] as const satisfies ReadonlyArray<TicketEventType>
// Compile-time: the list names every event type.
const complete: [Exclude<TicketEventType, (typeof eventTypeList)[number]>] extends [never] ? true : false =
  true
export const eventTypes: ReadonlySet<unknown> = new Set(complete ? eventTypeList : [])
