// What \`evaluate\` takes and returns: its options, and the status of every clock at \`now\`.
import type * as Calendar from "../calendar/index.js"
import type { OpenedTicket, Vocabulary } from "../ticket/index.js"
import type { ClockDefinition } from "./clock.js"
import type { Policy } from "./policy.js"
import type { Predicates } from "./when.js"

/**
 * A warning threshold of a clock: the fraction of the target, and the instant the clock's
 * elapsed time reaches it — already (`reached`), or will if it keeps running (`at` in the
 * future); `at` is absent when it is not reached and the clock is not running.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const warning: Sla.Warning = { threshold: 0.75, reached: false, at: new Date("2025-06-05T10:45:00Z") }
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export interface Warning {
  readonly threshold: number
  readonly reached: boolean
  readonly at?: Date
}

/**
 * One cycle of one SLA clock at `now`.
 *
 * - `metric` and `cycle`: which clock, and which of its cycles (1 for the first).
 * - `startedAt`, `stoppedAt` (once stopped): the instants its start and stop events happened.
 * - `elapsedMs`: the time it ran, in its hours; `targetMs`: the target for the ticket's priority now.
 * - `status`: `breached` as soon as elapsed > target (and it stays so); otherwise `achieved`
 *   once stopped (exactly at target is achieved), `running` while it accrues, `paused` while not.
 *   A cycle its clock's cancel or reset condition ended is `cancelled` (whatever it had reached),
 *   with `stoppedAt` the cancelling event.
 * - `dueAt`: only while running: `now` plus the remaining time in the clock's hours.
 * - `breachedAt`: the instant the running total reached the target.
 * - `remainingMs` = target − elapsed, negative once breached.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const clock: Sla.ClockStatus = {
 *   metric: "firstReply", cycle: 1, status: "achieved",
 *   startedAt: new Date("2025-06-05T07:00:00Z"), stoppedAt: new Date("2025-06-05T07:30:00Z"),
 *   elapsedMs: 1_800_000, targetMs: 3_600_000, remainingMs: 1_800_000, warnings: [],
 * }
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export interface ClockStatus {
  readonly metric: string
  readonly cycle: number
  readonly status: "running" | "paused" | "achieved" | "breached" | "cancelled"
  readonly startedAt: Date
  readonly dueAt?: Date
  readonly stoppedAt?: Date
  readonly breachedAt?: Date
  readonly elapsedMs: number
  readonly targetMs: number
  readonly remainingMs: number
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * What `Sla.evaluate` returns: the policy that applies (`null` when none matches), a clock
 * per cycle of every targeted metric, and `nextChangeAt`, the earliest instant after `now` at
 * which a clock breaches or crosses a warning threshold (what a scheduler sleeps until).
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const none: Sla.SlaStatus = { policyId: null, clocks: [], nextChangeAt: undefined }
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export interface SlaStatus {
  readonly policyId: string | null
  readonly clocks: ReadonlyArray<ClockStatus>
  readonly nextChangeAt: Date | undefined
}

/**
 * Options for `Sla.evaluate`.
 *
 * - `calendar`: one calendar, or a function choosing one per ticket (e.g. by the requester's
 *   time zone), so that clocks run in the customer's hours when a service level says so.
 * - `predicates`: the named tests policies' `when.predicate` may use.
 * - `clocks`: the clock definitions (default: the seven built-in metrics).
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const options: Sla.EvaluateOptions = {
 *   policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })],
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-05T10:00:00Z"),
 * }
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export interface EvaluateOptions {
  /** Ordered policies made with `Sla.policy`: the first whose `when` matches applies. */
  readonly policies: ReadonlyArray<Policy>
  /** The business calendar, or a function choosing one per ticket. */
  readonly calendar: Calendar.Calendar | ((ticket: OpenedTicket) => Calendar.Calendar)
  /** The instant to evaluate at (events after it are ignored). */
  readonly now: Date | number
  /** Named tests for `when.predicate`. */
  readonly predicates?: Predicates
  /**
   * The clock definitions `evaluate` folds with (default: the built-in metrics). For
   * `evaluateState` the state's own definitions apply; giving other ones here is refused.
   */
  readonly clocks?: ReadonlyArray<ClockDefinition>
  /** The desk's vocabulary (default: the built-in words): the events' channels and priorities are checked against it. */
  readonly vocabulary?: Vocabulary
}
