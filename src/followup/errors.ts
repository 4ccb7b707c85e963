import * as Data from "effect/Data"
import { describeIssues, type ValidationIssue } from "../internal/issues.js"

/**
 * A follow-up policy was refused: `issues` names every bad field (`keepInformed.every` …).
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * let path: string | undefined
 * try {
 *   FollowUp.policy({ acknowledge: { within: "soon" } })
 * } catch (e) {
 *   if (e instanceof FollowUp.InvalidFollowUpPolicy) path = e.issues[0]?.path
 * }
 * path // => "acknowledge.within"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidFollowUpPolicy extends Data.TaggedError("InvalidFollowUpPolicy")<{
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
 * An argument to `FollowUp.plan` was not usable (`now`, `policy`, an event). `field` names it.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp } from "servicekit"
 * let field: string | undefined
 * try {
 *   FollowUp.plan([], { policy: FollowUp.policy({}), calendar: Calendar.always, now: new Date("nope") })
 * } catch (e) {
 *   if (e instanceof FollowUp.InvalidPlan) field = e.field
 * }
 * field // => "now"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidPlan extends Data.TaggedError("InvalidPlan")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}
