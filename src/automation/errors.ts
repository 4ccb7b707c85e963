import * as Data from "effect/Data"
import { describeIssues, type ValidationIssue } from "../internal/issues.js"

/**
 * An automation rule set was refused: `issues` names every bad field (`rules[1].actions[0].priority` …).
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * let path: string | undefined
 * try {
 *   Automation.rules([{ id: "close", when: { inStatus: { atLeast: "soon" } }, actions: [{ do: "setStatus", status: "closed" }] }])
 * } catch (e) {
 *   if (e instanceof Automation.InvalidAutomation) path = e.issues[0]?.path
 * }
 * path // => "rules[0].when.inStatus.atLeast"
 * ```
 * @since 0.2.0
 * @category Errors
 */
export class InvalidAutomation extends Data.TaggedError("InvalidAutomation")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(issues: ReadonlyArray<ValidationIssue>) {
    super({ issues, message: describeIssues(issues, "(rules)") })
  }
}

/**
 * An argument to `Automation.plan` was not usable (`now`, `rules`, `sla`, an event). `field` names it.
 *
 * @example
 * ```ts
 * import { Automation, Calendar } from "servicekit"
 * let field: string | undefined
 * try {
 *   Automation.plan([], { rules: Automation.rules([]), calendar: Calendar.always, now: new Date("nope") })
 * } catch (e) {
 *   if (e instanceof Automation.InvalidAutomationPlan) field = e.field
 * }
 * field // => "now"
 * ```
 * @since 0.2.0
 * @category Errors
 */
export class InvalidAutomationPlan extends Data.TaggedError("InvalidAutomationPlan")<{
  readonly field: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

/**
 * Rules kept firing on one ticket within one tick: more firings than the Desk's bound
 * (`automationLimit`, default 10). `rules` names the rules that fired, in order; the ticket is
 * left as the last firing left it and is not served again until its history changes.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * const loop = new Automation.AutomationLoop({ ticketId: "T-1", rules: ["tag-x", "untag-x"], limit: 10 })
 * loop.message // => 'ticket "T-1": rules fired more than 10 times in one tick (tag-x, untag-x): they undo each other'
 * ```
 * @since 0.2.0
 * @category Errors
 */
export class AutomationLoop extends Data.TaggedError("AutomationLoop")<{
  readonly ticketId: string
  readonly rules: ReadonlyArray<string>
  readonly limit: number
}> {
  override get message(): string {
    return `ticket ${JSON.stringify(this.ticketId)}: rules fired more than ${this.limit} times in one tick (${this.rules.join(", ")}): they undo each other`
  }
}
