import * as Data from "effect/Data"
import { describeIssues, type ValidationIssue } from "../internal/issues.js"

export type { ValidationIssue }

/**
 * A command is malformed: a field is missing, of the wrong type, empty or unknown.
 *
 * @example
 * import { decodeCommand } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decodeCommand({ type: "ReplyToCustomer", ticketId: "T-1", at: "2025-06-03T08:00:00Z", agentId: "" })
 * Result.isFailure(result) && result.failure.issues // => [{ path: "agentId", message: "must not be empty" }]
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCommand extends Data.TaggedError("InvalidCommand")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(args: { readonly issues: ReadonlyArray<ValidationIssue> }) {
    super({ ...args, message: `Invalid ticket command: ${describeIssues(args.issues, "(root)")}` })
  }
}

/**
 * An event (from JSON or storage) is malformed: a field is missing, of the wrong type or unknown.
 *
 * @example
 * import { decodeEvent } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decodeEvent({ type: "AgentReplied", ticketId: "T-1", at: "yesterday", agentId: "a-1" })
 * Result.isFailure(result) && result.failure.issues[0]?.path // => "at"
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidEvent extends Data.TaggedError("InvalidEvent")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(args: { readonly issues: ReadonlyArray<ValidationIssue> }) {
    super({ ...args, message: `Invalid ticket event: ${describeIssues(args.issues, "(root)")}` })
  }
}

/**
 * A ticket state handed to `decide` or `evolve` is not one: not an object, or a field of the
 * wrong kind (`state.status`, `state.openPromises[0].dueAt` …). States come from
 * `Ticket.initialState`, `evolve` and `replay`; this error is thrown (it is a programming error,
 * not an outcome of the command). `field` names the bad field, from `state`.
 *
 * @example
 * import { Ticket } from "servicekit"
 *
 * let field: string | undefined
 * try {
 *   Ticket.decide(null as never, { type: "RecordCustomerChase", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z") })
 * } catch (e) {
 *   if (e instanceof Ticket.InvalidTicketState) field = e.field
 * }
 * field // => "state"
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTicketState extends Data.TaggedError("InvalidTicketState")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}
