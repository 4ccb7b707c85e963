/**
 * Test helpers for servicekit users and for servicekit itself. Framework-agnostic: a failed
 * expectation throws a `SpecFailure` with a readable diff, which every test runner reports.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import { describe } from "../internal/describe.js"
import {
  decide,
  evolve,
  InvalidEvent,
  initialState,
  type TicketCommand,
  type TicketError,
  type TicketEvent,
  type TicketState,
} from "../ticket/index.js"
import { differences, render } from "./diff.js"

export { type ConformanceOptions, ticketStoreConformance } from "./conformance.js"

/**
 * The Decider pattern: `decide` turns a command into events or an error, `evolve` folds an
 * event into the state, `initialState` is the state before any event.
 *
 * @example
 * import type { Decider } from "servicekit/testing"
 * import { decide, evolve, initialState } from "servicekit/ticket"
 *
 * const tickets = { decide, evolve, initialState } satisfies Decider<any, any, any, any>
 *
 * @since 0.1.0
 * @category models
 */
export interface Decider<State, Command, Event, Failure> {
  /** Checks a command against the state: the events to append, or why not. */
  readonly decide: (state: State, command: Command) => Result.Result<ReadonlyArray<Event>, Failure>
  /** Applies one event to the state. */
  readonly evolve: (state: State, event: Event) => State
  /** The state before any event. */
  readonly initialState: State
}

/**
 * Thrown when a given/when/then expectation does not hold; its message shows what differs.
 *
 * @example
 * import { SpecFailure } from "servicekit/testing"
 *
 * const failure = new SpecFailure("expected 1 event, received 0")
 * failure.name // => "SpecFailure"
 *
 * @since 0.1.0
 * @category errors
 */
export class SpecFailure extends Error {
  override readonly name = "SpecFailure"
}

/**
 * The expectation half of a spec: what deciding the command must produce.
 *
 * @example
 * import { givenTicket } from "servicekit/testing"
 *
 * const when = givenTicket().when({ type: "RecordCustomerChase", ticketId: "T-1", at: new Date(0) })
 * when.thenFails("TicketNotFound")
 *
 * @since 0.1.0
 * @category models
 */
export interface DeciderExpectation<State, Event, Failure extends { readonly _tag: string }> {
  /**
   * Asserts the command yields exactly these events, in order (`[]` for a no-op); returns the
   * state after them. Not named `then`, which would make the expectation a thenable that
   * `await` or an async test's `return` would call by accident.
   */
  thenEmits(expected: ReadonlyArray<Event>): State
  /** Asserts the command fails with this tag (and these fields, if given); returns the error. */
  thenFails<Tag extends Failure["_tag"]>(
    tag: Tag,
    fields?: Partial<Omit<Extract<Failure, { readonly _tag: Tag }>, "_tag">>,
  ): Extract<Failure, { readonly _tag: Tag }>
}

/**
 * The setup half of a spec: a history already folded into a state, waiting for a command.
 *
 * @example
 * import { givenTicket } from "servicekit/testing"
 *
 * const spec = givenTicket([])
 * spec.state.exists // => false
 *
 * @since 0.1.0
 * @category models
 */
export interface DeciderSpec<State, Command, Event, Failure extends { readonly _tag: string }> {
  /** The state the history leads to. */
  readonly state: State
  /** The command to decide on that state. */
  when(command: Command): DeciderExpectation<State, Event, Failure>
}

const describeFailure = (error: { readonly _tag: string }): string =>
  `${error._tag}${"message" in error && typeof error.message === "string" ? `: ${error.message}` : ""}`

/**
 * Starts a given/when/then spec for any decider: given this history, when this command, then
 * these events (or this error).
 *
 * @example
 * import { given } from "servicekit/testing"
 * import { decide, evolve, initialState } from "servicekit/ticket"
 *
 * given({ decide, evolve, initialState }, [])
 *   .when({ type: "AddInternalNote", ticketId: "T-1", at: new Date(0), agentId: "a-1" })
 *   .thenFails("TicketNotFound", { ticketId: "T-1" })
 *
 * @since 0.1.0
 * @category specs
 */
export const given = <State, Command, Event, Failure extends { readonly _tag: string }>(
  decider: Decider<State, Command, Event, Failure>,
  // The decider alone fixes the types; a literal history must not widen them.
  history: ReadonlyArray<NoInfer<Event>>,
): DeciderSpec<State, Command, Event, Failure> => {
  if (!Array.isArray(history))
    throw new SpecFailure(`given: the history must be a list of events, received ${describe(history)}`)
  const fold = (from: State, events: ReadonlyArray<Event>): State => events.reduce(decider.evolve, from)
  const state = fold(decider.initialState, history)
  return {
    state,
    when: (command) => {
      const result = decider.decide(state, command)
      const header = `given ${history.length} event(s), when ${render(command, 0)}`
      return {
        thenEmits: (expected) => {
          if (Result.isFailure(result)) {
            throw new SpecFailure(
              `${header}\nexpected events:\n${render(expected)}\nbut decide failed with ${describeFailure(result.failure)}`,
            )
          }
          const diff = differences(result.success, expected)
          if (diff.length > 0) {
            throw new SpecFailure(
              `${header}\nevents differ:\n  ${diff.join("\n  ")}\nexpected:\n${render(expected)}\nreceived:\n${render(result.success)}`,
            )
          }
          return fold(state, result.success)
        },
        thenFails: (tag, fields) => {
          if (Result.isSuccess(result)) {
            throw new SpecFailure(
              `${header}\nexpected it to fail with ${tag}, but it emitted:\n${render(result.success)}`,
            )
          }
          const error = result.failure
          if (error._tag !== tag) {
            throw new SpecFailure(
              `${header}\nexpected it to fail with ${tag}, but it failed with ${describeFailure(error)}`,
            )
          }
          const diff = fields === undefined ? [] : differences(pick(error, Object.keys(fields)), fields)
          if (diff.length > 0) {
            throw new SpecFailure(`${header}\n${tag} fields differ:\n  ${diff.join("\n  ")}`)
          }
          return error as Extract<Failure, { readonly _tag: typeof tag }>
        },
      }
    },
  }
}

const pick = (value: object, keys: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(keys.map((key) => [key, (value as Record<string, unknown>)[key]]))

/**
 * Starts a given/when/then spec for tickets: `givenTicket(history).when(command).thenEmits(events)`.
 *
 * @example
 * import { givenTicket } from "servicekit/testing"
 *
 * const opened = {
 *   type: "TicketOpened",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email",
 *   priority: "normal",
 *   requester: { id: "c-1" },
 * } as const
 *
 * givenTicket([opened])
 *   .when({ type: "ReplyToCustomer", ticketId: "T-1", at: new Date("2025-06-03T08:30:00Z"), agentId: "a-1" })
 *   .thenEmits([{ type: "AgentReplied", ticketId: "T-1", at: new Date("2025-06-03T08:30:00Z"), agentId: "a-1" }])
 *
 * givenTicket([opened])
 *   .when({ type: "ChangeStatus", ticketId: "T-1", at: new Date("2025-06-03T09:00:00Z"), status: "solved" })
 *   .thenFails("InvalidTransition", { from: "new", to: "solved" })
 *
 * @since 0.1.0
 * @category specs
 */
export const givenTicket = (
  history: ReadonlyArray<TicketEvent> = [],
): DeciderSpec<TicketState, TicketCommand, TicketEvent, TicketError> => {
  if (!Array.isArray(history))
    throw new InvalidEvent({
      issues: [
        { path: "history", message: `must be a list of ticket events, received ${describe(history)}` },
      ],
    })
  return given({ decide, evolve, initialState }, history)
}
