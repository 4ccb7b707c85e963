/**
 * SLA clocks: ordered policies with targets per priority per metric, clock definitions as
 * conditions over events and ticket state, and `evaluate`, a fold over a ticket's events that
 * reports every clock cycle at `now` in business (or calendar) hours.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const gold = Sla.policy({ id: "gold", targets: { urgent: { firstReply: "PT1H" } } })
 * const status = Sla.evaluate([], { policies: [gold], calendar: Calendar.always, now: new Date(0) })
 * status.policyId // => null
 * ```
 * @module
 */

export {
  type Agreement,
  type AgreementsOptions,
  type AgreementsStatus,
  agreement,
} from "./agreements.js"
export {
  type BuiltinMetric,
  builtinClocks,
  builtinMetrics,
  type ClockDefinition,
  clock,
  type EventCondition,
  on,
  type StateCondition,
  statusIn,
} from "./clock.js"
export {
  builtinClockSpecs,
  type ClockOptions,
  type ClockSpec,
  ClockSpecSchema,
  decodeClock,
  type Trigger,
  type Triggers,
} from "./clock-spec.js"
export {
  InvalidAgreement,
  InvalidClock,
  InvalidEvaluation,
  InvalidPolicy,
  InvalidSnapshot,
  UnknownPredicate,
} from "./errors.js"
export { evaluate, evaluateState } from "./evaluate.js"
export { type CycleState, initial, type SlaState, step } from "./fold.js"
export {
  decodePolicy,
  isPolicy,
  type Policy,
  type PolicyOptions,
  type PolicySpec,
  PolicySpecSchema,
  policy,
  type Target,
  type TargetInput,
} from "./policy.js"
export {
  type CycleSnapshot,
  type RestoreOptions,
  restore,
  type SlaSnapshot,
  SlaSnapshotSchema,
  snapshot,
} from "./snapshot.js"
export type { ClockStatus, EvaluateOptions, SlaStatus, Warning } from "./status.js"
export {
  type Comparison,
  type CountName,
  type FieldTest,
  MAX_WHEN_DEPTH,
  matches,
  type Predicates,
  type When,
  WhenSchema,
} from "./when.js"
