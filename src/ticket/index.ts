/**
 * Event-sourced tickets: the history of `TicketEvent`s is the source of truth; `decide` turns a
 * command into new events or a tagged error, `evolve` folds events into `TicketState`.
 *
 * @since 0.1.0
 */
export type {
  AddInternalNote,
  AddTags,
  AssignTicket,
  ChangePriority,
  ChangeRequester,
  ChangeStatus,
  ClearField,
  KeepPromise,
  MakePromise,
  MergeTicket,
  OpenTicket,
  ReceiveCustomerMessage,
  RecordAutomation,
  RecordCustomerChase,
  RecordFollowUpSent,
  RecordSurveyAnswer,
  RemoveTags,
  ReplyToCustomer,
  SetField,
  TicketCommand,
  TicketCommandBase,
  TicketCommandType,
} from "./commands.js"
export { type Decision, decide } from "./decide.js"
export { type Decider, decider } from "./decider.js"
export {
  builtinVocabulary,
  decodeVocabulary,
  InvalidVocabulary,
  Vocabulary,
  type VocabularySpec,
  vocabulary,
} from "./desk-vocabulary.js"
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
  AutomationApplied,
  CustomerChased,
  CustomerMessaged,
  FieldCleared,
  FieldSet,
  FollowUpSent,
  NoteAdded,
  PriorityChanged,
  PromiseKept,
  PromiseMade,
  RequesterChanged,
  StatusChanged,
  SurveyAnswered,
  TagsAdded,
  TagsRemoved,
  TicketAssigned,
  TicketEvent,
  TicketEventBase,
  TicketEventType,
  TicketMerged,
  TicketOpened,
} from "./events.js"
export { evolve, replay } from "./evolve.js"
export { isAllowedTransition, isReopen } from "./rules.js"
export {
  commandSchemaFor,
  decodeCommand,
  decodeEvent,
  eventSchemaFor,
  TicketCommandSchema,
  TicketEventSchema,
} from "./schema.js"
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
  type BuiltinChannel,
  type BuiltinPriority,
  type Channel,
  channels,
  type FieldType,
  type FieldValue,
  fieldTypes,
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
