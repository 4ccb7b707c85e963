import * as Data from "effect/Data"

/**
 * The store has no ticket with this id (nothing was ever appended to it).
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * new Desk.TicketNotFound({ ticketId: "T-9" }).message // => "ticket \"T-9\" does not exist"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class TicketNotFound extends Data.TaggedError("TicketNotFound")<{
  readonly ticketId: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string }) {
    super({ ...args, message: `ticket ${JSON.stringify(args.ticketId)} does not exist` })
  }
}

/**
 * An append expected the ticket at `expectedVersion`, but another writer got there first: the
 * ticket is at `actualVersion`. Reload, decide again, append again (the Desk does, a bounded
 * number of times).
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * const e = new Desk.ConcurrencyConflict({ ticketId: "T-1", expectedVersion: 3, actualVersion: 4 })
 * e._tag // => "ConcurrencyConflict"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class ConcurrencyConflict extends Data.TaggedError("ConcurrencyConflict")<{
  readonly ticketId: string
  readonly expectedVersion: number
  readonly actualVersion: number
  readonly message: string
}> {
  constructor(args: {
    readonly ticketId: string
    readonly expectedVersion: number
    readonly actualVersion: number
  }) {
    super({
      ...args,
      message: `ticket ${JSON.stringify(args.ticketId)} is at version ${args.actualVersion}, not ${args.expectedVersion}: another writer appended first`,
    })
  }
}

/**
 * A worker wrote under a claim it no longer holds: its lease lapsed and another worker claimed the
 * ticket (a new token), or it released the claim already. The store changed nothing; the new
 * holder serves the ticket.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * new Desk.ClaimLost({ ticketId: "T-1", token: "7" }).message
 * // => "ticket \"T-1\" is no longer claimed under token \"7\": another worker holds it, or the claim was released"
 * ```
 * @since 0.3.0
 * @category Errors
 */
export class ClaimLost extends Data.TaggedError("ClaimLost")<{
  readonly ticketId: string
  readonly token: string
  readonly message: string
}> {
  constructor(args: { readonly ticketId: string; readonly token: string }) {
    super({
      ...args,
      message: `ticket ${JSON.stringify(args.ticketId)} is no longer claimed under token ${JSON.stringify(args.token)}: another worker holds it, or the claim was released`,
    })
  }
}

/**
 * The storage behind a port failed (a database down, a constraint the adapter did not expect).
 * `operation` names the port operation; `cause` keeps what the driver threw.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * new Desk.StoreFailure({ operation: "append", reason: "connection refused" }).message
 * // => "TicketStore.append failed: connection refused"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class StoreFailure extends Data.TaggedError("StoreFailure")<{
  readonly operation: string
  readonly reason: string
  readonly cause?: unknown
  readonly message: string
}> {
  constructor(args: { readonly operation: string; readonly reason: string; readonly cause?: unknown }) {
    super({ ...args, message: `TicketStore.${args.operation} failed: ${args.reason}` })
  }
}

/**
 * The follow-up sink could not deliver a task; the task stays owed and the next tick tries again.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * new Desk.DeliveryFailed({ taskId: "T-1/acknowledge", reason: "SMTP 451" })._tag // => "DeliveryFailed"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class DeliveryFailed extends Data.TaggedError("DeliveryFailed")<{
  readonly taskId: string
  readonly reason: string
  readonly cause?: unknown
  readonly message: string
}> {
  constructor(args: { readonly taskId: string; readonly reason: string; readonly cause?: unknown }) {
    super({ ...args, message: `follow-up ${JSON.stringify(args.taskId)} was not delivered: ${args.reason}` })
  }
}

/**
 * An argument or configuration entry of the Desk is malformed; `field` names it (`ticketId`,
 * `command.priority`, `config.serviceLevel`, `options.idempotencyKey` …).
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * new Desk.InvalidDeskInput({ field: "ticketId", reason: "must be a non-empty string" }).message
 * // => "ticketId: must be a non-empty string"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidDeskInput extends Data.TaggedError("InvalidDeskInput")<{
  readonly field: string
  readonly reason: string
  readonly message: string
}> {
  constructor(args: { readonly field: string; readonly reason: string }) {
    super({ ...args, message: `${args.field}: ${args.reason}` })
  }
}
