import type { TicketCommand } from "./commands.js"
import { type Decision, decide } from "./decide.js"
import type { Vocabulary } from "./desk-vocabulary.js"
import type { TicketEvent } from "./events.js"
import { evolveIn, replay } from "./evolve.js"
import { checkedVocabulary } from "./schema.js"
import { initialState, type TicketState } from "./state.js"

/**
 * The ticket decider of one desk: `decide`, `evolve` and `replay` that check commands and events
 * against the desk's vocabulary (its channels, priorities, custom statuses and fields), with the
 * `initialState` they start from. Each function takes exactly the arguments a fold passes, so
 * `events.reduce(desk.evolve, desk.initialState)` works.
 *
 * @example
 * import { decider, vocabulary } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const desk = decider(vocabulary({ channels: ["email", "whatsapp"], priorities: ["P4", "P3", "P2", "P1"] }))
 * const opened = desk.decide(desk.initialState, {
 *   type: "OpenTicket", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "whatsapp", priority: "P2", requester: { id: "c-1" },
 * })
 * const state = Result.isSuccess(opened) ? opened.success.reduce(desk.evolve, desk.initialState) : desk.initialState
 * state.priority // => "P2"
 *
 * @since 0.2.0
 * @category decider
 */
export interface Decider {
  /** The desk vocabulary the functions check against. */
  readonly vocabulary: Vocabulary
  /** The state of a ticket with no history. */
  readonly initialState: TicketState
  /** `Ticket.decide` with the desk's words. */
  readonly decide: (state: TicketState, command: TicketCommand) => Decision
  /** `Ticket.evolve` with the desk's words (two parameters, for `reduce`). */
  readonly evolve: (state: TicketState, event: TicketEvent) => TicketState
  /** `Ticket.replay` with the desk's words. */
  readonly replay: (events: Iterable<TicketEvent>) => TicketState
}

/**
 * Makes the ticket decider of a desk vocabulary (see {@link Decider}).
 *
 * @example
 * import { decider, vocabulary } from "servicekit/ticket"
 *
 * const desk = decider(vocabulary({ statuses: { awaitingVendor: "onHold" } }))
 * desk.vocabulary.categoryOf("awaitingVendor") // => "onHold"
 *
 * @since 0.2.0
 * @category decider
 */
export const decider = (vocabulary: Vocabulary): Decider => {
  const v = checkedVocabulary(vocabulary)
  return {
    vocabulary: v,
    initialState,
    decide: (state, command) => decide(state, command, v),
    evolve: (state, event) => evolveIn(v, state, event),
    replay: (events) => replay(events, v),
  }
}
