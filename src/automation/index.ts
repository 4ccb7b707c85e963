/**
 * Automations: a desk's rules that act on time and on events ("when X, do Y"). Rules are data
 * (JSON with a zod schema, checked against the desk vocabulary); `plan` tells, purely from a
 * ticket's history, which rules are due at `now`, each once per episode of its condition; the
 * Desk's `tick` applies them exactly once; `lint` finds rules that would undo each other forever.
 *
 * @example
 * ```ts
 * import { Automation, Calendar } from "servicekit"
 * const rules = Automation.rules([{ id: "vip", when: { ticket: { tags: { any: ["vip"] } } }, actions: [{ do: "raisePriority" }] }])
 * Automation.plan([], { rules, calendar: Calendar.always, now: new Date(0) }).due // => []
 * ```
 * @module
 */
export { AutomationLoop, InvalidAutomation, InvalidAutomationPlan } from "./errors.js"
export { type Conflict, lint } from "./lint.js"
export { type AutomationPlan, type Firing, type Notification, type PlanOptions, plan } from "./plan.js"
export {
  type Action,
  decodeRules,
  type Elapsed,
  type ElapsedSpec,
  type Hours,
  isRuleSet,
  type Rule,
  type RuleSet,
  type RuleSpec,
  RuleSpecSchema,
  type RulesOptions,
  type RuleWhenSpec,
  rules,
} from "./rules.js"
