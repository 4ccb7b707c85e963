import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { Notification } from "../automation/index.js"
import type { FollowUpTask } from "../followup/index.js"
import type { TicketEvent } from "../ticket/index.js"
import type {
  ClaimLost,
  ConcurrencyConflict,
  DeliveryFailed,
  StoreFailure,
  TicketNotFound,
} from "./errors.js"

/**
 * A ticket as stored: its events in order and its version (the number of events).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const empty: Desk.StoredTicket = { version: 0, events: [] }
 * ```
 * @since 0.1.0
 * @category Ports
 */
export interface StoredTicket {
  readonly version: number
  readonly events: ReadonlyArray<TicketEvent>
}

/**
 * What an append did: the ticket's version after it and the events it appended. For a
 * redelivered idempotency key nothing new is appended and this is the original append's result,
 * with `duplicate: true`.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const first: Desk.Appended = { version: 1, events: [], duplicate: false }
 * ```
 * @since 0.1.0
 * @category Ports
 */
export interface Appended {
  readonly version: number
  readonly events: ReadonlyArray<TicketEvent>
  readonly duplicate: boolean
}

/**
 * Options of an append: an idempotency key makes a redelivered append a no-op that answers as the
 * first one did (keys are per ticket); a claim token makes the append conditional on the worker
 * still holding the ticket's claim (a fencing token: a worker whose lease lapsed and whose ticket
 * another worker claimed writes nothing, it fails with `ClaimLost`).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const options: Desk.AppendOptions = { idempotencyKey: "msg-7f3a" }
 * const fenced: Desk.AppendOptions = { idempotencyKey: "followup:T-1/acknowledge", claim: "42" }
 * ```
 * @since 0.1.0
 * @category Ports
 */
export interface AppendOptions {
  readonly idempotencyKey?: string | undefined
  /** The token of the claim the writer holds on this ticket (from `claimDue`): append only under it. */
  readonly claim?: string | undefined
}

/**
 * A ticket handed to one worker by `claimDue`, with the claim's fencing token. The token is new at
 * every claim, so a worker whose lease lapsed and whose ticket was claimed again holds a token the
 * store no longer honours: its `release`, `setNextDue` and fenced appends change nothing.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const claim: Desk.Claim = { ticketId: "T-1", token: "7" }
 * ```
 * @since 0.3.0
 * @category Ports
 */
export interface Claim {
  readonly ticketId: string
  /** Opaque; unique among the store's claims of this ticket. */
  readonly token: string
}

/**
 * The operations of a {@link TicketStore} (its contract is described there).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const versionOf = (store: Desk.TicketStoreService, ticketId: string) => store.load(ticketId)
 * ```
 * @since 0.1.0
 * @category Ports
 */
export interface TicketStoreService {
  /** The ticket's events in append order and its version, or `TicketNotFound`. */
  readonly load: (ticketId: string) => Effect.Effect<StoredTicket, TicketNotFound | StoreFailure>
  /**
   * Appends atomically at `expectedVersion`, or fails with `ConcurrencyConflict`; idempotent per
   * key; with `options.claim`, only while that claim holds the ticket (else `ClaimLost`).
   */
  readonly append: (
    ticketId: string,
    expectedVersion: number,
    events: ReadonlyArray<TicketEvent>,
    options?: AppendOptions,
  ) => Effect.Effect<Appended, ConcurrencyConflict | ClaimLost | StoreFailure>
  /**
   * When the ticket next needs attention (`undefined`: never), as of its `version`; with a claim
   * token, only while that claim holds the ticket.
   */
  readonly setNextDue: (
    ticketId: string,
    at: number | undefined,
    version: number,
    claim?: string,
  ) => Effect.Effect<void, StoreFailure>
  /** Ends the claim with this token on the ticket (a stale token changes nothing). */
  readonly release: (ticketId: string, claim: string) => Effect.Effect<void, StoreFailure>
  /** Up to `limit` tickets due at `now`, each claimed for `leaseMs` under a new token. */
  readonly claimDue: (
    now: number,
    limit: number,
    leaseMs: number,
  ) => Effect.Effect<ReadonlyArray<Claim>, StoreFailure>
}

/**
 * The storage port apps implement (or take from the library: {@link memoryStore}, and the
 * PostgreSQL store of `servicekit/postgres`). Every adapter passes the conformance suite in
 * `servicekit/testing` (`ticketStoreConformance`).
 *
 * - `load(ticketId)`: the events in append order and the version, or `TicketNotFound`.
 * - `append(ticketId, expectedVersion, events, options)`: appends atomically if the ticket is at
 *   `expectedVersion` (0 creates it), else fails with `ConcurrencyConflict`; with an
 *   `idempotencyKey` already used on this ticket, appends nothing and returns the original result.
 *   An append of no events appends nothing and records no key (at the expected version it answers
 *   `{ version, events: [], duplicate: false }`, or the original result for a known key). With
 *   `claim`, the append (an empty one included) first checks that the ticket's claim has that token
 *   and fails with `ClaimLost` if not; the check and the append are one atomic step.
 * - `setNextDue(ticketId, at, version)`: when the ticket next needs attention (`undefined`: never),
 *   as computed from the ticket at `version`. A due time computed from an older version than the
 *   one recorded is ignored, so a slow writer never overwrites a fresher due time. Claims are left
 *   alone. With a `claim` token (a worker's call), nothing changes unless the ticket's claim has
 *   that token.
 * - `claimDue(now, limit, leaseMs)`: up to `limit` tickets due at `now`, each handed to one worker at
 *   a time with a new token: a claimed ticket is not handed out again until its claimant calls
 *   `release` or the lease runs out (a worker that died mid-way).
 * - `release(ticketId, token)`: ends the claim with that token (its claimant's last call for it);
 *   a token that is not the ticket's current claim (a lapsed lease claimed again since) changes
 *   nothing.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * import * as Effect from "effect/Effect"
 * const versionOf = (ticketId: string) =>
 *   Effect.gen(function* () {
 *     const store = yield* Desk.TicketStore
 *     return (yield* store.load(ticketId)).version
 *   })
 * ```
 * @since 0.1.0
 * @category Ports
 */
export class TicketStore extends Context.Service<TicketStore, TicketStoreService>()(
  "servicekit/desk/TicketStore",
) {}

/**
 * The port through which the Desk sends follow-ups (email, chat, a task queue…). `send` receives
 * the task (its `id` is deterministic: use it as the delivery's idempotency key) and the ticket's
 * id; a failure leaves the task owed for the next tick.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * const logSink = Layer.succeed(Desk.FollowUpSink, {
 *   send: (task) => Effect.sync(() => console.log(`${task.kind} for ${task.ticketId}: ${task.reason}`)),
 * })
 * ```
 * @since 0.1.0
 * @category Ports
 */
export class FollowUpSink extends Context.Service<FollowUpSink, FollowUpSinkService>()(
  "servicekit/desk/FollowUpSink",
) {}

/**
 * The operation of a {@link FollowUpSink}.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const sendAll = (sink: Desk.FollowUpSinkService, tasks: ReadonlyArray<Parameters<Desk.FollowUpSinkService["send"]>[0]>) =>
 *   tasks.map((task) => sink.send(task))
 * ```
 * @since 0.1.0
 * @category Ports
 */
export interface FollowUpSinkService {
  /** Delivers one task (use `task.id` as the delivery's idempotency key). */
  readonly send: (task: FollowUpTask) => Effect.Effect<void, DeliveryFailed>
  /**
   * Delivers a message an automation rule sends (a reminder to the customer, an alert to the
   * desk); `notification.id` is its idempotency key. Needed only by rules that notify: without
   * it such a firing fails with `DeliveryFailed` and stays due.
   */
  readonly notify?: ((notification: Notification) => Effect.Effect<void, DeliveryFailed>) | undefined
}
