/**
 * Event-sourced tickets: the history of `TicketEvent`s is the source of truth; `decide` turns a
 * command into new events or a tagged error, `evolve` folds events into `TicketState`.
 *
 * @since 0.1.0
 */
export type {
  AddInternalNote,
  AssignTicket,
  ChangePriority,
  ChangeStatus,
  KeepPromise,
  MakePromise,
  MergeTicket,
  OpenTicket,
  ReceiveCustomerMessage,
  RecordCustomerChase,
  RecordFollowUpSent,
  RecordSurveyAnswer,
  ReplyToCustomer,
  TicketCommand,
  TicketCommandBase,
  TicketCommandType,
} from "./commands.js"
export { type Decision, decide } from "./decide.js"
export {
  DuplicatePromise,
  InvalidTransition,
  MergeIntoSelf,
  PromiseAlreadyKept,
  PromiseDueTooEarly,
  SurveyBeforeResolution,
  SurveyScoreOutOfRange,
  TicketAlreadyExists,
  TicketAlreadyMerged,
  TicketClosed,
  type TicketError,
  TicketIdMismatch,
  TicketNotFound,
  TimeWentBackwards,
  UnknownPromise,
} from "./errors.js"
export type {
  AgentReplied,
  CustomerChased,
  CustomerMessaged,
  FollowUpSent,
  NoteAdded,
  PriorityChanged,
  PromiseKept,
  PromiseMade,
  StatusChanged,
  SurveyAnswered,
  TicketAssigned,
  TicketEvent,
  TicketEventBase,
  TicketEventType,
  TicketMerged,
  TicketOpened,
} from "./events.js"
export { evolve, replay } from "./evolve.js"
export { isAllowedTransition, isReopen } from "./rules.js"
export { decodeCommand, decodeEvent, TicketCommandSchema, TicketEventSchema } from "./schema.js"
export {
  type AbsentTicketFields,
  type Assignee,
  initialState,
  type KeptPromise,
  type NoTicket,
  type OpenedTicket,
  type OpenPromise,
  type SentFollowUp,
  type SurveyAnswer,
  type TicketState,
} from "./state.js"
export { InvalidCommand, InvalidEvent, InvalidTicketState, type ValidationIssue } from "./validation.js"
export {
  type Channel,
  channels,
  type OpenedBy,
  type Priority,
  priorities,
  type Requester,
  type SurveyKind,
  surveyKinds,
  surveyScales,
  type TicketStatus,
  ticketStatuses,
} from "./vocabulary.js"
