import * as Calendar from "../calendar/index.js"
import { describe } from "../internal/describe.js"
import * as Sla from "../sla/index.js"
import { type Channel, channels, type TicketEvent } from "../ticket/index.js"
import { InvalidPlan } from "./errors.js"
import { type FollowUpPlan, plan as planFollowUps } from "./plan.js"
import { type FollowUpPolicy, isPolicy } from "./policy.js"

/**
 * What a customer is promised, as a named plan: the business calendar the clocks run in, the
 * channels offered, the SLA policies (targets per priority) and the follow-up policy.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp, ServiceLevel, Sla } from "servicekit"
 * // "Gold: 24/7 chat and phone, 1 h first reply, updates every 4 h"
 * const gold: ServiceLevel.ServiceLevel = ServiceLevel.make({
 *   name: "Gold",
 *   calendar: Calendar.always,
 *   channels: ["chat", "phone"],
 *   sla: [Sla.policy({ id: "gold", targets: { normal: { firstReply: "PT1H", periodicUpdate: "PT4H" } } })],
 *   followUp: FollowUp.policy({ acknowledge: { within: "PT15M" }, keepInformed: { every: "PT4H" } }),
 * })
 * gold.name // => "Gold"
 * ```
 * @since 0.1.0
 * @category Service levels
 */
export interface ServiceLevel {
  readonly name: string
  readonly calendar: Calendar.Calendar
  readonly channels: ReadonlyArray<Channel>
  readonly sla: ReadonlyArray<Sla.Policy>
  readonly followUp: FollowUpPolicy
  /**
   * The scorecard's goals for this level, by indicator (e.g. `{ promisesKeptOnTime: 0.98 }`):
   * the share each indicator should reach; indicators not named keep `Metrics.defaultGoals`.
   */
  readonly goals?: Readonly<Record<string, number>> | undefined
}

/**
 * Makes a service level, checking its parts. Throws `InvalidPlan` naming the bad field.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp, ServiceLevel, Sla } from "servicekit"
 * const standard = ServiceLevel.make({
 *   name: "Standard",
 *   calendar: Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], fri: ["09:00-18:00"] } }),
 *   channels: ["email", "web"],
 *   sla: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT8H" } } })],
 *   followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
 * })
 * standard.channels // => ["email", "web"]
 * ```
 * @since 0.1.0
 * @category Service levels
 */
export const make = (level: ServiceLevel): ServiceLevel => {
  if (typeof level !== "object" || level === null)
    throw new InvalidPlan({
      field: "(service level)",
      reason: "must be { name, calendar, channels, sla, followUp }",
    })
  if (typeof level.name !== "string" || level.name === "")
    throw new InvalidPlan({ field: "name", reason: "must be a non-empty string" })
  if (!(level.calendar instanceof Calendar.Calendar))
    throw new InvalidPlan({ field: "calendar", reason: "must be a calendar made with Calendar.make" })
  if (!Array.isArray(level.channels) || level.channels.length === 0)
    throw new InvalidPlan({ field: "channels", reason: "must list at least one channel" })
  level.channels.forEach((c, i) => {
    if (!(channels as ReadonlyArray<unknown>).includes(c))
      throw new InvalidPlan({
        field: `channels[${i}]`,
        reason: `${describe(c)} is not one of ${channels.join(", ")}`,
      })
  })
  if (!Array.isArray(level.sla))
    throw new InvalidPlan({ field: "sla", reason: "must be a list of policies made with Sla.policy" })
  level.sla.forEach((p, i) => {
    if (!Sla.isPolicy(p))
      throw new InvalidPlan({ field: `sla[${i}]`, reason: "must be a policy made with Sla.policy" })
  })
  if (!isPolicy(level.followUp))
    throw new InvalidPlan({ field: "followUp", reason: "must be a policy made with FollowUp.policy" })
  if (level.goals !== undefined) {
    if (typeof level.goals !== "object" || level.goals === null || Array.isArray(level.goals))
      throw new InvalidPlan({ field: "goals", reason: "must be { indicator: share between 0 and 1 }" })
    for (const [name, goal] of Object.entries(level.goals))
      if (typeof goal !== "number" || !(goal >= 0 && goal <= 1))
        throw new InvalidPlan({ field: `goals.${name}`, reason: "must be a share between 0 and 1" })
  }
  return level
}

/**
 * The SLA picture of a ticket under a service level at `now`.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp, ServiceLevel, Sla } from "servicekit"
 * const gold = ServiceLevel.make({
 *   name: "Gold", calendar: Calendar.always, channels: ["chat"],
 *   sla: [Sla.policy({ id: "gold", targets: { normal: { firstReply: "PT1H" } } })],
 *   followUp: FollowUp.policy({}),
 * })
 * ServiceLevel.evaluate(gold, [], new Date(0)).policyId // => null
 * ```
 * @since 0.1.0
 * @category Service levels
 */
export const evaluate = (
  level: ServiceLevel,
  events: Iterable<TicketEvent>,
  now: Date | number,
): Sla.SlaStatus => {
  make(level)
  return Sla.evaluate(events, { policies: level.sla, calendar: level.calendar, now })
}

/**
 * The follow-ups a ticket is owed under a service level at `now` (SLA escalations included).
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp, ServiceLevel } from "servicekit"
 * const gold = ServiceLevel.make({
 *   name: "Gold", calendar: Calendar.always, channels: ["chat"], sla: [],
 *   followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
 * })
 * ServiceLevel.plan(gold, [], new Date(0)).tasks // => []
 * ```
 * @since 0.1.0
 * @category Service levels
 */
export const plan = (
  level: ServiceLevel,
  events: Iterable<TicketEvent>,
  now: Date | number,
): FollowUpPlan => {
  make(level)
  return planFollowUps(events, {
    policy: level.followUp,
    calendar: level.calendar,
    now,
    sla: { policies: level.sla },
  })
}
