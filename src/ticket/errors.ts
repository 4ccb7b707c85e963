import * as Data from "effect/Data"
import type { TicketCommandType } from "./commands.js"
import type { InvalidCommand } from "./validation.js"
import type { SurveyKind, TicketStatus } from "./vocabulary.js"

// Messages must never throw, even for an Invalid Date a caller built an error with.
const iso = (d: Date): string => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())

/**
 * A command other than `OpenTicket` targets a ticket that has no history.
 *
 * @example
 * import { TicketNotFound } from "servicekit/ticket"
 *
 * new TicketNotFound({ ticketId: "T-9", command: "ReplyToCustomer" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketNotFound extends Data.TaggedError("TicketNotFound")<{
  readonly ticketId: string
  readonly command: TicketCommandType
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly command: TicketCommandType }) {
    super({
      ...args,
      message: `${args.command} rejected: ticket ${args.ticketId} does not exist; open it first with OpenTicket`,
    })
  }
}

/**
 * `OpenTicket` targets a ticket that is already open: ticket ids are never reused.
 *
 * @example
 * import { TicketAlreadyExists } from "servicekit/ticket"
 *
 * new TicketAlreadyExists({ ticketId: "T-1" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketAlreadyExists extends Data.TaggedError("TicketAlreadyExists")<{
  readonly ticketId: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string }) {
    super({
      ...args,
      message: `OpenTicket rejected: ticket ${args.ticketId} already exists; use a new ticketId`,
    })
  }
}

/**
 * The command's `ticketId` is not the id of the ticket it was decided against.
 *
 * @example
 * import { TicketIdMismatch } from "servicekit/ticket"
 *
 * new TicketIdMismatch({ expected: "T-1", received: "T-2" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketIdMismatch extends Data.TaggedError("TicketIdMismatch")<{
  readonly expected: string
  readonly received: string
  readonly message: string
}> {
  constructor(args: { readonly expected: string; readonly received: string }) {
    super({
      ...args,
      message: `ticketId ${args.received} does not match the ticket's state (${args.expected}); load that ticket's history instead`,
    })
  }
}

/**
 * The ticket is closed: closed is final, so new contact belongs on a follow-up ticket.
 *
 * @example
 * import { TicketClosed } from "servicekit/ticket"
 *
 * new TicketClosed({ ticketId: "T-1", command: "ReceiveCustomerMessage" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketClosed extends Data.TaggedError("TicketClosed")<{
  readonly ticketId: string
  readonly command: TicketCommandType
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly command: TicketCommandType }) {
    super({
      ...args,
      message: `${args.command} rejected: ticket ${args.ticketId} is closed; open a follow-up ticket (OpenTicket with a new ticketId) instead`,
    })
  }
}

/**
 * The ticket was merged into another one, which now takes every command.
 *
 * @example
 * import { TicketAlreadyMerged } from "servicekit/ticket"
 *
 * new TicketAlreadyMerged({ ticketId: "T-2", into: "T-1", command: "ReplyToCustomer" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketAlreadyMerged extends Data.TaggedError("TicketAlreadyMerged")<{
  readonly ticketId: string
  readonly into: string
  readonly command: TicketCommandType
  readonly message: string
}> {
  constructor(args: {
    readonly ticketId: string
    readonly into: string
    readonly command: TicketCommandType
  }) {
    super({
      ...args,
      message: `${args.command} rejected: ticket ${args.ticketId} was merged into ${args.into}; send it to ${args.into}`,
    })
  }
}

/**
 * The status machine does not allow this move (e.g. `new → solved`, anything out of `closed`).
 *
 * @example
 * import { InvalidTransition } from "servicekit/ticket"
 *
 * new InvalidTransition({ ticketId: "T-1", from: "closed", to: "open" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTransition extends Data.TaggedError("InvalidTransition")<{
  readonly ticketId: string
  readonly from: TicketStatus
  readonly to: TicketStatus
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly from: TicketStatus; readonly to: TicketStatus }) {
    super({
      ...args,
      message: `ChangeStatus rejected: ticket ${args.ticketId} cannot move from status "${args.from}" to "${args.to}"`,
    })
  }
}

/**
 * The command's `at` is before the ticket's last event: history never goes back in time.
 *
 * @example
 * import { TimeWentBackwards } from "servicekit/ticket"
 *
 * new TimeWentBackwards({ ticketId: "T-1", at: new Date(0), lastEventAt: new Date(1000) }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeWentBackwards extends Data.TaggedError("TimeWentBackwards")<{
  readonly ticketId: string
  readonly at: Date
  readonly lastEventAt: Date
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly at: Date; readonly lastEventAt: Date }) {
    super({
      ...args,
      message: `at ${iso(args.at)} is before ticket ${args.ticketId}'s last event at ${iso(args.lastEventAt)}`,
    })
  }
}

/**
 * A promise must fall due after it is made: `dueAt` must be later than the command's `at`.
 *
 * @example
 * import { PromiseDueTooEarly } from "servicekit/ticket"
 *
 * new PromiseDueTooEarly({ promiseId: "p-1", dueAt: new Date(0), madeAt: new Date(0) }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class PromiseDueTooEarly extends Data.TaggedError("PromiseDueTooEarly")<{
  readonly promiseId: string
  readonly dueAt: Date
  readonly madeAt: Date
  readonly message: string
}> {
  constructor(args: { readonly promiseId: string; readonly dueAt: Date; readonly madeAt: Date }) {
    super({
      ...args,
      message: `MakePromise rejected: dueAt ${iso(args.dueAt)} of promise ${args.promiseId} must be after at ${iso(args.madeAt)}`,
    })
  }
}

/**
 * A promise id is already used on this ticket (open or kept); ids name one promise for good.
 *
 * @example
 * import { DuplicatePromise } from "servicekit/ticket"
 *
 * new DuplicatePromise({ ticketId: "T-1", promiseId: "p-1" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicatePromise extends Data.TaggedError("DuplicatePromise")<{
  readonly ticketId: string
  readonly promiseId: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly promiseId: string }) {
    super({
      ...args,
      message: `MakePromise rejected: promiseId ${args.promiseId} is already used on ticket ${args.ticketId}`,
    })
  }
}

/**
 * `KeepPromise` names a promise that was never made on this ticket.
 *
 * @example
 * import { UnknownPromise } from "servicekit/ticket"
 *
 * new UnknownPromise({ ticketId: "T-1", promiseId: "p-9" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownPromise extends Data.TaggedError("UnknownPromise")<{
  readonly ticketId: string
  readonly promiseId: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly promiseId: string }) {
    super({
      ...args,
      message: `KeepPromise rejected: promiseId ${args.promiseId} was never made on ticket ${args.ticketId}`,
    })
  }
}

/**
 * `KeepPromise` names a promise that is already kept; keeping it twice would skew on-time rates.
 *
 * @example
 * import { PromiseAlreadyKept } from "servicekit/ticket"
 *
 * new PromiseAlreadyKept({ ticketId: "T-1", promiseId: "p-1", keptAt: new Date(0) }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class PromiseAlreadyKept extends Data.TaggedError("PromiseAlreadyKept")<{
  readonly ticketId: string
  readonly promiseId: string
  readonly keptAt: Date
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly promiseId: string; readonly keptAt: Date }) {
    super({
      ...args,
      message: `KeepPromise rejected: promiseId ${args.promiseId} on ticket ${args.ticketId} was already kept at ${iso(args.keptAt)}`,
    })
  }
}

/**
 * A survey score is not an integer within the survey's scale (CSAT 1–5, NPS 0–10, CES 1–7).
 *
 * @example
 * import { SurveyScoreOutOfRange } from "servicekit/ticket"
 *
 * new SurveyScoreOutOfRange({ survey: "csat", score: 6, min: 1, max: 5 }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class SurveyScoreOutOfRange extends Data.TaggedError("SurveyScoreOutOfRange")<{
  readonly survey: SurveyKind
  readonly score: number
  readonly min: number
  readonly max: number
  readonly message: string
}> {
  constructor(args: {
    readonly survey: SurveyKind
    readonly score: number
    readonly min: number
    readonly max: number
  }) {
    super({
      ...args,
      message: `RecordSurveyAnswer rejected: score ${args.score} is not an integer from ${args.min} to ${args.max} (the ${args.survey} scale)`,
    })
  }
}

/**
 * A survey answer arrived for a ticket that is not solved or closed yet.
 *
 * @example
 * import { SurveyBeforeResolution } from "servicekit/ticket"
 *
 * new SurveyBeforeResolution({ ticketId: "T-1", status: "open" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class SurveyBeforeResolution extends Data.TaggedError("SurveyBeforeResolution")<{
  readonly ticketId: string
  readonly status: TicketStatus
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly status: TicketStatus }) {
    super({
      ...args,
      message: `RecordSurveyAnswer rejected: ticket ${args.ticketId} is "${args.status}"; surveys are answered only on solved or closed tickets`,
    })
  }
}

/**
 * `MergeTicket` names the ticket itself as the target.
 *
 * @example
 * import { MergeIntoSelf } from "servicekit/ticket"
 *
 * new MergeIntoSelf({ ticketId: "T-1" }).message
 *
 * @since 0.1.0
 * @category errors
 */
export class MergeIntoSelf extends Data.TaggedError("MergeIntoSelf")<{
  readonly ticketId: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string }) {
    super({ ...args, message: `MergeTicket rejected: into must name another ticket than ${args.ticketId}` })
  }
}

/**
 * Every error `decide` can return; switch on `_tag`.
 *
 * @example
 * import type { TicketError } from "servicekit/ticket"
 *
 * const hint = (e: TicketError) => (e._tag === "TicketClosed" ? "open a follow-up ticket" : e.message)
 *
 * @since 0.1.0
 * @category errors
 */
export type TicketError =
  | InvalidCommand
  | TicketNotFound
  | TicketAlreadyExists
  | TicketIdMismatch
  | TicketClosed
  | TicketAlreadyMerged
  | InvalidTransition
  | TimeWentBackwards
  | PromiseDueTooEarly
  | DuplicatePromise
  | UnknownPromise
  | PromiseAlreadyKept
  | SurveyScoreOutOfRange
  | SurveyBeforeResolution
  | MergeIntoSelf
