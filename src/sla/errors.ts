import * as Data from "effect/Data"
import { describeIssues, type ValidationIssue } from "../internal/issues.js"

/**
 * An SLA policy was refused: `issues` names every bad field (`targets.urgent.firstReply`,
 * `when.any[0].priority[1]` …).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * let path: string | undefined
 * try {
 *   Sla.policy({ id: "std", targets: { normal: { firstReply: "soon" } } })
 * } catch (e) {
 *   if (e instanceof Sla.InvalidPolicy) path = e.issues[0]?.path
 * }
 * path // => "targets.normal.firstReply"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidPolicy extends Data.TaggedError("InvalidPolicy")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(issues: ReadonlyArray<ValidationIssue>) {
    super({
      issues,
      message: describeIssues(issues, "(policy)"),
    })
  }
}

/**
 * A policy's `when.predicate` names a predicate that `evaluate` was not given.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const error = new Sla.UnknownPredicate({ name: "vip" })
 * error.message // => 'no predicate named "vip" was given to evaluate (options.predicates)'
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class UnknownPredicate extends Data.TaggedError("UnknownPredicate")<{ readonly name: string }> {
  override get message(): string {
    return `no predicate named ${JSON.stringify(this.name)} was given to evaluate (options.predicates)`
  }
}

/**
 * An argument to `evaluate` was not usable (e.g. `now` is not a valid instant, `policies` is
 * not a list of policies). `field` names it.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * let field: string | undefined
 * try {
 *   Sla.evaluate([], { policies: [], calendar: Calendar.always, now: new Date("nope") })
 * } catch (e) {
 *   if (e instanceof Sla.InvalidEvaluation) field = e.field
 * }
 * field // => "now"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidEvaluation extends Data.TaggedError("InvalidEvaluation")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/**
 * A clock definition given to `Sla.clock` or `Sla.initial` is not usable: `field` names what is
 * wrong (`clock.metric`, `clocks[2].start` …).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * let field: string | undefined
 * try {
 *   Sla.clock({ metric: "", start: Sla.on("TicketOpened"), stop: Sla.on("AgentReplied"), cycles: "single" })
 * } catch (e) {
 *   if (e instanceof Sla.InvalidClock) field = e.field
 * }
 * field // => "clock.metric"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidClock extends Data.TaggedError("InvalidClock")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/**
 * An agreement given to `Sla.agreement` or `Sla.evaluate` was refused: `issues` names every bad
 * field (`agreements.l2.policies[0]`, `agreement.while.group` …).
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * let path: string | undefined
 * try {
 *   Sla.agreement({ policies: [], calendar: Calendar.always, while: { customStatus: ["awaitingVendor"] } })
 * } catch (e) {
 *   if (e instanceof Sla.InvalidAgreement) path = e.issues[0]?.path
 * }
 * path // => "agreement.while.customStatus[0]"
 * ```
 * @since 0.2.0
 * @category Errors
 */
export class InvalidAgreement extends Data.TaggedError("InvalidAgreement")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(issues: ReadonlyArray<ValidationIssue>) {
    super({ issues, message: describeIssues(issues, "(agreement)") })
  }
}

/**
 * A snapshot read back from storage (`Sla.restore`, `FollowUp.restore`) was refused: `field` names
 * the bad part (`version`, `cycles[1][0].segments`, `clocks[3].fingerprint` …) and `reason` says
 * what is wrong with it. A store that meets one drops the snapshot and folds the whole history
 * again: a snapshot is a cache of a fold, never the record.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * import * as Result from "effect/Result"
 * const restored = Sla.restore({ format: "servicekit/sla-state", version: 99 })
 * Result.isFailure(restored) && restored.failure.field // => "version"
 * ```
 * @since 0.3.0
 * @category Errors
 */
export class InvalidSnapshot extends Data.TaggedError("InvalidSnapshot")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}
