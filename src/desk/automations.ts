// Internal: how a Desk tick applies a ticket's automation firings, one at a time, each decided
// against the ticket as it is when its events are appended, exactly once.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { AutomationLoop, type Firing } from "../automation/index.js"
import { evolveUnchecked } from "../ticket/evolve.js"
import { decide, replay, type TicketCommand, type TicketEvent, type Vocabulary } from "../ticket/index.js"
import {
  type ClaimLost,
  type ConcurrencyConflict,
  DeliveryFailed,
  InvalidDeskInput,
  type StoreFailure,
} from "./errors.js"
import { retryConflicts } from "./retry.js"
import type { FollowUpSinkService, StoredTicket, TicketStoreService } from "./store.js"

/**
 * A rule that acted during a tick: the firing, the commands of it the ticket refused (each with
 * the reason; the others were applied, and the firing is recorded so it is not retried), and
 * whether another worker had applied it already (`duplicate`).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const summary = (a: Desk.Automated) => `${a.firing.ruleId}: ${a.refused.length} refused`
 * ```
 * @since 0.2.0
 * @category Desk
 */
export interface Automated {
  readonly firing: Firing
  readonly refused: ReadonlyArray<{ readonly command: TicketCommand; readonly reason: string }>
  readonly duplicate: boolean
}

/** What the runner needs from the Desk. */
export interface Runner {
  /** The token of the tick's claim on the ticket: every append is fenced by it. */
  readonly claim: string
  readonly vocabulary: Vocabulary
  readonly maxAttempts: number
  readonly limit: number
  readonly store: TicketStoreService
  /** The sink's `notify`, bounded in time by the Desk (absent: the sink takes no messages). */
  readonly notify: FollowUpSinkService["notify"]
  readonly load: (ticketId: string) => Effect.Effect<StoredTicket, StoreFailure>
  /** Runs `effect` as the ticket's only writer in this process. */
  readonly serially: <A, E, R>(ticketId: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** The firings due on the ticket at `now`, from its history as loaded. */
  readonly due: (
    ticketId: string,
    loaded: StoredTicket,
    now: number,
  ) => Effect.Effect<ReadonlyArray<Firing>, InvalidDeskInput | StoreFailure>
}

/** How one ticket's automations ended in a tick. */
export type Outcome =
  | { readonly _tag: "Settled" }
  | { readonly _tag: "Loop"; readonly loop: AutomationLoop }
  | { readonly _tag: "DeliveryFailed"; readonly failure: DeliveryFailed }

/**
 * One try at the first firing due: load, plan at the Clock's now, decide the record and then
 * each command in turn, send the notifications, append at the loaded version under the key
 * `automation:<firing id>`. A conflict makes the caller try again from the load, so a firing
 * whose condition stopped holding meanwhile is not applied.
 */
const attempt = (r: Runner, ticketId: string) =>
  Effect.gen(function* () {
    const loaded = yield* r.load(ticketId)
    const now = yield* Clock.currentTimeMillis
    const firing = (yield* r.due(ticketId, loaded, now))[0]
    if (firing === undefined) return undefined
    let state = replay(loaded.events, r.vocabulary)
    const events: Array<TicketEvent> = []
    const refused: Array<{ readonly command: TicketCommand; readonly reason: string }> = []
    for (const command of [firing.record, ...firing.commands]) {
      const decided = decide(state, command, r.vocabulary)
      if (Result.isFailure(decided)) {
        if (command === firing.record)
          return yield* new InvalidDeskInput({
            field: "config.automations",
            reason: `ticket ${JSON.stringify(ticketId)} refused to record ${firing.id}: ${decided.failure.message}`,
          })
        refused.push({ command, reason: decided.failure.message })
        continue
      }
      for (const e of decided.success) {
        events.push(e)
        // Just decided against the desk's vocabulary: no second check (the public `evolve`
        // would check against the built-in words and refuse a desk's own priority or status).
        state = evolveUnchecked(state, e)
      }
    }
    for (const notification of firing.notifications) {
      if (r.notify === undefined)
        return yield* new DeliveryFailed({
          taskId: notification.id,
          reason: "the sink has no notify: give the FollowUpSink a notify to send automation messages",
        })
      yield* r.notify(notification)
    }
    const appended = yield* r.store.append(ticketId, loaded.version, events, {
      idempotencyKey: `automation:${firing.id}`,
      claim: r.claim,
    })
    return { firing, refused, duplicate: appended.duplicate } satisfies Automated
  })

/**
 * Applies the ticket's due firings one at a time (planning again after each), until none is due
 * or `limit` have fired (then, if one is still due, the rules loop: {@link AutomationLoop}).
 */
export const automate = (
  r: Runner,
  ticketId: string,
  automated: Array<Automated>,
): Effect.Effect<Outcome, InvalidDeskInput | StoreFailure | ConcurrencyConflict | ClaimLost> =>
  Effect.gen(function* () {
    const fired: Array<string> = []
    for (;;) {
      if (fired.length === r.limit) {
        // The bound is reached: one more firing due means the rules keep undoing each other.
        const loaded = yield* r.load(ticketId)
        const due = yield* r.due(ticketId, loaded, yield* Clock.currentTimeMillis)
        return due.length === 0
          ? { _tag: "Settled" }
          : {
              _tag: "Loop",
              loop: new AutomationLoop({
                ticketId,
                rules: [...new Set([...fired, due[0]!.ruleId])],
                limit: r.limit,
              }),
            }
      }
      const outcome = yield* Effect.result(
        r.serially(ticketId, retryConflicts(Effect.uninterruptible(attempt(r, ticketId)), r.maxAttempts)),
      )
      if (Result.isFailure(outcome)) {
        if (outcome.failure._tag === "DeliveryFailed")
          return { _tag: "DeliveryFailed", failure: outcome.failure }
        return yield* Effect.fail(outcome.failure)
      }
      const done = outcome.success
      if (done === undefined) return { _tag: "Settled" }
      automated.push(done)
      fired.push(done.firing.ruleId)
    }
  })
