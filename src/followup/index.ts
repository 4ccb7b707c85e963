/**
 * Follow-up policies: acknowledge every request, keep the customer informed while work goes
 * on, keep promises, escalate when the customer has to chase, check in and survey after the fix,
 * escalate on SLA warnings and breaches. `plan` turns a ticket's history into tasks with
 * deterministic ids; the app sends them and records `FollowUpSent`.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp } from "servicekit"
 * const policy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
 * FollowUp.plan([], { policy, calendar: Calendar.always, now: new Date(0) }).tasks // => []
 * ```
 * @module
 */
export { InvalidFollowUpPolicy, InvalidPlan } from "./errors.js"
export {
  type FollowUpPlan,
  type FollowUpTask,
  type PlanOptions,
  type PlanSlaOptions,
  plan,
  type TaskKind,
  type TaskState,
} from "./plan.js"
export {
  decodePolicy,
  type FollowUpPolicy,
  type FollowUpPolicyOptions,
  type FollowUpPolicySpec,
  FollowUpPolicySpecSchema,
  type Hours,
  isPolicy,
  policy,
} from "./policy.js"
export * as ServiceLevel from "./service-level.js"
