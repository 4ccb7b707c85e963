import type * as Result from "effect/Result"
import {
  type BuiltinChannel,
  type BuiltinPriority,
  type Channel,
  type channels,
  decide,
  decodeCommand,
  decodeEvent,
  evolve,
  type InvalidCommand,
  type InvalidEvent,
  initialState,
  type NoTicket,
  type OpenedTicket,
  type OpenPromise,
  type Priority,
  type priorities,
  replay,
  type TicketCommand,
  type TicketCommandSchema,
  type TicketCommandType,
  type TicketError,
  type TicketEvent,
  type TicketEventSchema,
  type TicketEventType,
  type TicketState,
  type TicketStatus,
  type Vocabulary,
} from "servicekit/ticket"
import { describe, expect, expectTypeOf, it } from "vitest"
import type * as z from "zod/mini"

describe("the public ticket API types", () => {
  it("names every event of the contract, past tense", () => {
    expectTypeOf<TicketEventType>().toEqualTypeOf<
      | "TicketOpened"
      | "CustomerMessaged"
      | "AgentReplied"
      | "NoteAdded"
      | "StatusChanged"
      | "PriorityChanged"
      | "TicketAssigned"
      | "PromiseMade"
      | "PromiseKept"
      | "CustomerChased"
      | "SurveyAnswered"
      | "TicketMerged"
      | "FollowUpSent"
      | "AutomationApplied"
      | "TagsAdded"
      | "TagsRemoved"
      | "FieldSet"
      | "FieldCleared"
      | "RequesterChanged"
    >()
  })

  it("names every command, imperative", () => {
    expectTypeOf<TicketCommandType>().toEqualTypeOf<
      | "OpenTicket"
      | "ReceiveCustomerMessage"
      | "ReplyToCustomer"
      | "AddInternalNote"
      | "ChangeStatus"
      | "ChangePriority"
      | "AssignTicket"
      | "MakePromise"
      | "KeepPromise"
      | "RecordCustomerChase"
      | "RecordSurveyAnswer"
      | "RecordFollowUpSent"
      | "RecordAutomation"
      | "MergeTicket"
      | "AddTags"
      | "RemoveTags"
      | "SetField"
      | "ClearField"
      | "ChangeRequester"
    >()
  })

  it("gives every event a ticketId and a Date", () => {
    expectTypeOf<TicketEvent["ticketId"]>().toEqualTypeOf<string>()
    expectTypeOf<TicketEvent["at"]>().toEqualTypeOf<Date>()
    expectTypeOf<TicketCommand["at"]>().toEqualTypeOf<Date>()
  })

  it("narrows events on their type", () => {
    expectTypeOf<Extract<TicketEvent, { type: "AgentReplied" }>>()
      .toHaveProperty("agentId")
      .toEqualTypeOf<string>()
    expectTypeOf<Extract<TicketEvent, { type: "PromiseMade" }>>()
      .toHaveProperty("dueAt")
      .toEqualTypeOf<Date>()
    expectTypeOf<Extract<TicketEvent, { type: "StatusChanged" }>["status"]>().toEqualTypeOf<
      "new" | "open" | "pending" | "onHold" | "solved" | "closed"
    >()
  })

  it("exports the channel list as the BuiltinChannel union; Channel also takes a desk's names", () => {
    expectTypeOf<(typeof channels)[number]>().toEqualTypeOf<BuiltinChannel>()
    expectTypeOf<BuiltinChannel>().toEqualTypeOf<"email" | "chat" | "phone" | "social" | "web">()
    expectTypeOf<Channel>().toEqualTypeOf<BuiltinChannel | (string & {})>()
    expectTypeOf<"whatsapp">().toExtend<Channel>()
    expectTypeOf<(typeof priorities)[number]>().toEqualTypeOf<BuiltinPriority>()
    expectTypeOf<BuiltinPriority>().toEqualTypeOf<"low" | "normal" | "high" | "urgent">()
    expectTypeOf<Priority>().toEqualTypeOf<BuiltinPriority | (string & {})>()
    expectTypeOf<"P1">().toExtend<Priority>()
  })

  it("types the decider functions", () => {
    expectTypeOf(decide).parameters.toEqualTypeOf<
      [state: TicketState, command: TicketCommand, vocabulary?: Vocabulary | undefined]
    >()
    expectTypeOf(decide).returns.toEqualTypeOf<Result.Result<ReadonlyArray<TicketEvent>, TicketError>>()
    expectTypeOf(evolve).toEqualTypeOf<(state: TicketState, event: TicketEvent) => TicketState>()
    expectTypeOf(replay).returns.toEqualTypeOf<TicketState>()
    expectTypeOf(initialState).toEqualTypeOf<TicketState>()
  })

  it("reads a ticket's fields on any state: undefined until it exists, narrowed once it does", () => {
    const state = replay([])
    expectTypeOf(state.status).toEqualTypeOf<TicketStatus | undefined>()
    expectTypeOf(state.openedAt).toEqualTypeOf<Date | undefined>()
    expectTypeOf(state.openPromises).toEqualTypeOf<ReadonlyArray<OpenPromise> | undefined>()
    expectTypeOf(state.version).toEqualTypeOf<number>()
    expect(state.status).toBeUndefined()
    if (state.exists) {
      expectTypeOf(state).toEqualTypeOf<OpenedTicket>()
      expectTypeOf(state.status).toEqualTypeOf<TicketStatus>()
    } else {
      expectTypeOf(state.status).toEqualTypeOf<undefined>()
      expectTypeOf(state.exists).toEqualTypeOf<false>()
    }
  })

  it("gives NoTicket every field of OpenedTicket but exists and version, as optional undefined", () => {
    type Others = Exclude<keyof OpenedTicket, "exists" | "version">
    expectTypeOf<keyof NoTicket>().toEqualTypeOf<keyof OpenedTicket>()
    expectTypeOf<NoTicket[Others]>().toEqualTypeOf<undefined>()
    // @ts-expect-error a state with no ticket holds no status
    const wrong: NoTicket = { exists: false, version: 0, status: "open" }
    expectTypeOf(wrong).toEqualTypeOf<NoTicket>()
  })

  it("keeps the state read-only", () => {
    const mutate = (state: OpenedTicket) => {
      // @ts-expect-error the state is immutable
      state.status = "open"
      // @ts-expect-error collections are read-only
      state.openPromises.push({ promiseId: "p", summary: "s", madeAt: new Date(0), dueAt: new Date(1) })
    }
    expectTypeOf(mutate).toBeFunction()
  })

  it("tags every error", () => {
    expectTypeOf<TicketError["_tag"]>().toEqualTypeOf<
      | "InvalidCommand"
      | "TicketNotFound"
      | "TicketAlreadyExists"
      | "TicketIdMismatch"
      | "TicketClosed"
      | "TicketAlreadyMerged"
      | "InvalidTransition"
      | "TimeWentBackwards"
      | "PromiseDueTooEarly"
      | "DuplicatePromise"
      | "UnknownPromise"
      | "PromiseAlreadyKept"
      | "SurveyScoreOutOfRange"
      | "SurveyBeforeResolution"
      | "MergeIntoSelf"
    >()
    expectTypeOf<Extract<TicketError, { _tag: "InvalidTransition" }>>().toHaveProperty("from")
    expectTypeOf<TicketError>().toHaveProperty("message").toEqualTypeOf<string>()
  })

  it("decodes unknown input into the public types", () => {
    expectTypeOf(decodeEvent).toEqualTypeOf<
      (input: unknown, vocabulary?: Vocabulary) => Result.Result<TicketEvent, InvalidEvent>
    >()
    expectTypeOf(decodeCommand).toEqualTypeOf<
      (input: unknown, vocabulary?: Vocabulary) => Result.Result<TicketCommand, InvalidCommand>
    >()
    expectTypeOf<z.output<typeof TicketEventSchema>>().toEqualTypeOf<TicketEvent>()
    expectTypeOf<z.output<typeof TicketCommandSchema>>().toEqualTypeOf<TicketCommand>()
  })

  it("refuses a reply without an agent at compile time", () => {
    // @ts-expect-error agentId is required
    const reply: TicketCommand = { type: "ReplyToCustomer", ticketId: "T-1", at: new Date(0) }
    expectTypeOf(reply).toEqualTypeOf<TicketCommand>()
  })
})
