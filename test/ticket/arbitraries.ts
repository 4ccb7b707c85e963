// fast-check arbitraries for ticket events and commands, shared by the property tests.
import fc from "fast-check"
import {
  channels,
  priorities,
  surveyKinds,
  type TicketCommand,
  type TicketCommandType,
  type TicketEvent,
  ticketStatuses,
} from "servicekit/ticket"

const base = Date.UTC(2025, 5, 3, 8, 0)
/** Instants within a month of the fixtures' morning, to the millisecond. */
export const arbitraryInstant = fc.integer({ min: 0, max: 30 * 86_400_000 }).map((ms) => new Date(base + ms))

const ids = fc.constantFrom("T-1", "T-2")
const small = fc.constantFrom("a-1", "a-2", "p-1", "p-2", "x")
const promiseIds = fc.constantFrom("p-1", "p-2", "p-3")
const optional = <T>(key: string, arb: fc.Arbitrary<T>) =>
  fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? {} : { [key]: v }))

const requester = fc.record(
  {
    id: small,
    name: fc.string(),
    timeZone: fc.constantFrom("Europe/Rome", "UTC", "Asia/Tokyo"),
    tier: fc.string(),
  },
  { requiredKeys: ["id"] },
)

const payloads = {
  opened: fc
    .tuple(
      fc.constantFrom(...channels),
      fc.constantFrom(...priorities),
      requester,
      optional("subject", fc.string()),
      optional("tags", fc.array(small, { maxLength: 3 })),
      optional("openedBy", fc.constantFrom("customer", "agent")),
    )
    .map(([channel, priority, requester, ...rest]) =>
      Object.assign({ channel, priority, requester }, ...rest),
    ),
  message: optional("channel", fc.constantFrom(...channels)),
  reply: fc
    .tuple(small, optional("channel", fc.constantFrom(...channels)))
    .map(([agentId, rest]) => ({ agentId, ...rest })),
  note: small.map((agentId) => ({ agentId })),
  status: fc.constantFrom(...ticketStatuses).map((status) => ({ status })),
  priority: fc.constantFrom(...priorities).map((priority) => ({ priority })),
  assignment: fc
    .tuple(optional("agentId", small), optional("groupId", small))
    .map(([a, g]) => ({ ...a, ...g })),
  promise: fc.record({ promiseId: promiseIds, dueAt: arbitraryInstant, summary: small }),
  promiseId: promiseIds.map((promiseId) => ({ promiseId })),
  none: fc.constant({}),
  survey: fc
    .tuple(
      fc.constantFrom(...surveyKinds),
      fc.integer({ min: -1, max: 11 }),
      optional("comment", fc.string()),
    )
    .map(([survey, score, rest]) => ({ survey, score, ...rest })),
  merge: ids.map((into) => ({ into })),
  followUp: fc.record({ taskId: small, kind: fc.constantFrom("checkIn", "survey") }),
  automation: fc.record({ firingId: small, ruleId: fc.constantFrom("escalate", "tag-vip") }),
  tags: fc.array(small, { maxLength: 3 }).map((tags) => ({ tags })),
  // No field is declared by the built-in vocabulary: these commands are refused as InvalidCommand.
  field: fc.record({ field: fc.constantFrom("plan", "seats"), value: fc.oneof(fc.string(), fc.integer()) }),
  fieldName: fc.constantFrom("plan", "seats").map((field) => ({ field })),
  requester: requester.map((r) => ({ requester: r })),
}

const withBase = <T extends string>(type: T, payload: fc.Arbitrary<object>) =>
  fc.tuple(ids, arbitraryInstant, payload).map(([ticketId, at, p]) => ({ ...p, type, ticketId, at }))

/** Any well-typed ticket event, including ones the decide rules would never produce. */
export const arbitraryEvent: fc.Arbitrary<TicketEvent> = fc.oneof(
  withBase("TicketOpened", payloads.opened),
  withBase("CustomerMessaged", payloads.message),
  withBase("AgentReplied", payloads.reply),
  withBase("NoteAdded", payloads.note),
  withBase("StatusChanged", payloads.status),
  withBase("PriorityChanged", payloads.priority),
  withBase("TicketAssigned", payloads.assignment),
  withBase("PromiseMade", payloads.promise),
  withBase("PromiseKept", payloads.promiseId),
  withBase("CustomerChased", payloads.none),
  withBase("SurveyAnswered", payloads.survey),
  withBase("TicketMerged", payloads.merge),
  withBase("FollowUpSent", payloads.followUp),
  withBase("AutomationApplied", payloads.automation),
) as fc.Arbitrary<TicketEvent>

type CommandOf<K extends TicketCommandType> = Extract<TicketCommand, { type: K }>

/**
 * One arbitrary per command kind; about one in six replies, follow-ups and automation firings has
 * an empty id, like a buggy caller.
 */
export const commandArbitraries = {
  OpenTicket: withBase("OpenTicket", payloads.opened),
  ReceiveCustomerMessage: withBase("ReceiveCustomerMessage", payloads.message),
  ReplyToCustomer: withBase("ReplyToCustomer", fc.oneof(payloads.reply, fc.constant({ agentId: "" }))),
  AddInternalNote: withBase("AddInternalNote", payloads.note),
  ChangeStatus: withBase("ChangeStatus", payloads.status),
  ChangePriority: withBase("ChangePriority", payloads.priority),
  AssignTicket: withBase("AssignTicket", payloads.assignment),
  MakePromise: withBase("MakePromise", payloads.promise),
  KeepPromise: withBase("KeepPromise", payloads.promiseId),
  RecordCustomerChase: withBase("RecordCustomerChase", payloads.none),
  RecordSurveyAnswer: withBase("RecordSurveyAnswer", payloads.survey),
  RecordFollowUpSent: withBase(
    "RecordFollowUpSent",
    fc.oneof(payloads.followUp, fc.constant({ taskId: "", kind: "x" })),
  ),
  RecordAutomation: withBase(
    "RecordAutomation",
    fc.oneof(payloads.automation, fc.constant({ firingId: "", ruleId: "x" })),
  ),
  MergeTicket: withBase("MergeTicket", payloads.merge),
  AddTags: withBase("AddTags", payloads.tags),
  RemoveTags: withBase("RemoveTags", payloads.tags),
  SetField: withBase("SetField", payloads.field),
  ClearField: withBase("ClearField", payloads.fieldName),
  ChangeRequester: withBase("ChangeRequester", payloads.requester),
} as unknown as { readonly [K in TicketCommandType]: fc.Arbitrary<CommandOf<K>> }

/** Any well-typed ticket command, valid or not for the ticket it meets. */
export const arbitraryCommand: fc.Arbitrary<TicketCommand> = fc.oneof(...Object.values(commandArbitraries))
