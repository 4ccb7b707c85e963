import type * as Calendar from "../calendar/index.js"
import type { FollowUpPolicy } from "../followup/index.js"
import * as FollowUp from "../followup/index.js"
import type { ServiceLevel } from "../followup/service-level.js"
import * as Sla from "../sla/index.js"
import type { Channel, TicketEvent, Vocabulary } from "../ticket/index.js"
import { accumulator } from "./accumulator.js"
import { describe, isRecord, keyPath } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import { type Proportion, proportionOf } from "./intervals.js"
import { vocabularyOf } from "./settings.js"
import type { MetricsReport, TicketMeasure } from "./types.js"

/**
 * The seven levels of service, from the ground up.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * Metrics.levels[0] // => "availability"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export const levels = [
  "availability",
  "attention",
  "listening",
  "problemSolving",
  "reactivity",
  "professionalism",
  "followUp",
] as const

/**
 * One of the seven levels of service.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const level: Metrics.LevelName = "professionalism"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export type LevelName = (typeof levels)[number]

/**
 * The indicators the scorecard computes each level from, each a share of tickets (or promises,
 * clocks, tasks) with a goal: `Metrics.defaultGoals`, or the service level's `goals`.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const indicator: Metrics.IndicatorName = "promisesKeptOnTime"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export type IndicatorName =
  | "contactInHours"
  | "contactOnOfferedChannel"
  | "firstReplyInTarget"
  | "acknowledgedOnTime"
  | "notChased"
  | "oneTouch"
  | "notReopened"
  | "repliesInTarget"
  | "updatesOnTime"
  | "promisesKeptOnTime"
  | "checkInsOnTime"
  | "surveysOnTime"

/**
 * The default goal of each indicator (the share it should reach).
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * Metrics.defaultGoals.promisesKeptOnTime // => 0.95
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export const defaultGoals: Readonly<Record<IndicatorName, number>> = {
  contactInHours: 0.8,
  contactOnOfferedChannel: 0.95,
  firstReplyInTarget: 0.9,
  acknowledgedOnTime: 0.9,
  notChased: 0.9,
  oneTouch: 0.5,
  notReopened: 0.9,
  repliesInTarget: 0.9,
  updatesOnTime: 0.9,
  promisesKeptOnTime: 0.95,
  checkInsOnTime: 0.9,
  surveysOnTime: 0.9,
}

const LEVEL_INDICATORS: Readonly<Record<LevelName, ReadonlyArray<IndicatorName>>> = {
  availability: ["contactInHours", "contactOnOfferedChannel"],
  attention: ["firstReplyInTarget", "acknowledgedOnTime"],
  listening: ["notChased"],
  problemSolving: ["oneTouch", "notReopened"],
  reactivity: ["repliesInTarget", "updatesOnTime"],
  professionalism: ["promisesKeptOnTime"],
  followUp: ["checkInsOnTime", "surveysOnTime"],
}

const DESCRIPTIONS: Readonly<Record<IndicatorName, string>> = {
  contactInHours: "tickets opened inside the published hours",
  contactOnOfferedChannel: "tickets opened on a channel the service level offers",
  firstReplyInTarget: "first-reply SLA clocks achieved",
  acknowledgedOnTime: "acknowledgements sent on time",
  notChased: "tickets the customer never had to chase",
  oneTouch: "solved tickets solved in one touch",
  notReopened: "solved tickets never reopened",
  repliesInTarget: "next-reply and update SLA clocks achieved",
  updatesOnTime: "keep-informed updates sent on time",
  promisesKeptOnTime: "promises kept by their due time",
  checkInsOnTime: "post-resolution check-ins sent on time",
  surveysOnTime: "satisfaction surveys sent on time",
}

/**
 * A verdict: `met` when the whole 95 % interval reaches the goal, `missed` when the whole
 * interval falls short of it, `at risk` when the interval straddles it (the data cannot tell
 * yet), `no data` when nothing was measured.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const verdict: Metrics.Verdict = "at risk"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export type Verdict = "met" | "at risk" | "missed" | "no data"

/**
 * One indicator of a level: its measured share (with n and interval), its goal and verdict.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const i: Metrics.Indicator = {
 *   name: "notChased", description: "tickets the customer never had to chase",
 *   value: { successes: 95, n: 100, rate: 0.95, interval: { lower: 0.888, upper: 0.978 } },
 *   goal: 0.9, verdict: "at risk",
 * }
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export interface Indicator {
  readonly name: IndicatorName
  readonly description: string
  readonly value: Proportion
  readonly goal: number
  readonly verdict: Verdict
}

/**
 * One level of the scorecard: its indicators and verdict (the worst of its measured indicators).
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const level: Metrics.Level = { level: "listening", indicators: [], verdict: "no data" }
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export interface Level {
  readonly level: LevelName
  readonly indicators: ReadonlyArray<Indicator>
  readonly verdict: Verdict
}

/**
 * What {@link scorecard} returns: the operational and satisfaction figures and the seven levels.
 * Plain data (numbers and strings): `JSON.stringify` it as is.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const read = (card: Metrics.Scorecard) => card.levels.map((l) => `${l.level}: ${l.verdict}`)
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export interface Scorecard {
  readonly now: string
  readonly serviceLevel: string | null
  readonly merged: number
  readonly figures: MetricsReport
  readonly levels: ReadonlyArray<Level>
}

/**
 * Options of {@link scorecard}: those of `Sla.evaluate` (policies, calendar, now), and
 * optionally the service level (its follow-up policy, channels and goals), or those parts alone,
 * and the desk's `vocabulary` (the events, measures and channels are checked against it).
 *
 * @example
 * ```ts
 * import { Calendar, Metrics, Sla, Ticket } from "servicekit"
 * const options: Metrics.ScorecardOptions = {
 *   policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })],
 *   calendar: Calendar.always,
 *   now: new Date("2025-07-01T00:00:00Z"),
 * }
 * // A desk with priorities P1–P4, offering whatsapp:
 * const vocabulary = Ticket.vocabulary({ channels: ["email", "whatsapp"], priorities: ["P4", "P3", "P2", "P1"] })
 * const forTheDesk: Metrics.ScorecardOptions = {
 *   ...options,
 *   policies: [Sla.policy({ id: "p1", targets: { P1: { firstReply: "PT1H" } } }, { vocabulary })],
 *   channels: ["whatsapp"],
 *   vocabulary,
 * }
 * Metrics.scorecard([], forTheDesk).figures.onOfferedChannel?.n // => 0
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export interface ScorecardOptions {
  /** The SLA policies (first match applies), as for `Sla.evaluate`. */
  readonly policies: ReadonlyArray<Sla.Policy>
  /** The business calendar the clocks and business-time figures run in. */
  readonly calendar: Calendar.Calendar
  /** The instant the scorecard is taken at. */
  readonly now: Date | number
  /** Named tests for the policies' `when.predicate`. */
  readonly predicates?: Sla.Predicates | undefined
  /** The service level: its follow-up policy, channels, name and goals. */
  readonly serviceLevel?: ServiceLevel | undefined
  /** A follow-up policy (instead of the service level's). */
  readonly followUp?: FollowUpPolicy | undefined
  /** The channels offered (instead of the service level's). */
  readonly channels?: ReadonlyArray<Channel | (string & Record<never, never>)> | undefined
  /** Goals per indicator, over the service level's and the defaults. */
  readonly goals?: Readonly<Partial<Record<IndicatorName, number>>> | undefined
  /** What counts as one-touch (see `Metrics.AccumulatorOptions`). */
  readonly oneTouch?:
    | { readonly maxReplies?: number | undefined; readonly allowReopen?: boolean | undefined }
    | undefined
  /** The desk's words (made by `Ticket.vocabulary`; default `Ticket.builtinVocabulary`). */
  readonly vocabulary?: Vocabulary | undefined
}

const SCORECARD_KEYS: ReadonlyArray<string> = [
  "policies",
  "calendar",
  "now",
  "predicates",
  "serviceLevel",
  "followUp",
  "channels",
  "goals",
  "oneTouch",
  "vocabulary",
]

/**
 * Throws, naming the field, unless `level` holds what the scorecard reads of a service level
 * (its channels the desk's).
 */
const checkServiceLevel = (level: unknown, vocabulary: Vocabulary): void => {
  if (!isRecord(level))
    throw new InvalidMetrics({
      field: "serviceLevel",
      reason: "must be a service level made with ServiceLevel.make",
    })
  if (typeof level.name !== "string" || level.name === "")
    throw new InvalidMetrics({ field: "serviceLevel.name", reason: "must be a non-empty string" })
  if (!FollowUp.isPolicy(level.followUp))
    throw new InvalidMetrics({
      field: "serviceLevel.followUp",
      reason: "must be a policy made with FollowUp.policy",
    })
  if (!Array.isArray(level.channels))
    throw new InvalidMetrics({
      field: "serviceLevel.channels",
      reason: `must be a list of ${vocabulary.channels.join(", ")}`,
    })
  level.channels.forEach((c, i) => {
    if (!vocabulary.isChannel(c))
      throw new InvalidMetrics({
        field: `serviceLevel.channels[${i}]`,
        reason: `must be one of ${vocabulary.channels.join(", ")}, received ${describe(c)}`,
      })
  })
}

const REPLY_METRICS = ["nextReply", "periodicUpdate", "pausableUpdate"]

const pooled = (figures: MetricsReport, metrics: ReadonlyArray<string>): Proportion => {
  let good = 0
  let n = 0
  for (const m of metrics) {
    const p = figures.sla[m]
    if (p === undefined) continue
    good += p.successes
    n += p.n
  }
  return proportionOf(good, n)
}

const empty = proportionOf(0, 0)

const valueOf = (name: IndicatorName, f: MetricsReport): Proportion => {
  switch (name) {
    case "contactInHours":
      return f.inHours
    case "contactOnOfferedChannel":
      return f.onOfferedChannel ?? empty
    case "firstReplyInTarget":
      return f.sla.firstReply ?? empty
    case "acknowledgedOnTime":
      return f.followUps.acknowledge ?? empty
    case "notChased":
      return f.notChased
    case "oneTouch":
      return f.oneTouch
    case "notReopened":
      return proportionOf(f.reopened.n - f.reopened.successes, f.reopened.n)
    case "repliesInTarget":
      return pooled(f, REPLY_METRICS)
    case "updatesOnTime":
      return f.followUps.keepInformed ?? empty
    case "promisesKeptOnTime":
      return f.promisesKeptOnTime
    case "checkInsOnTime":
      return f.followUps.checkIn ?? empty
    case "surveysOnTime":
      return f.followUps.survey ?? empty
  }
}

const verdictOf = (value: Proportion, goal: number): Verdict => {
  if (value.interval === null) return "no data"
  if (value.interval.lower >= goal) return "met"
  if (value.interval.upper < goal) return "missed"
  return "at risk"
}

const RANK: Readonly<Record<Verdict, number>> = { "no data": 0, met: 1, "at risk": 2, missed: 3 }

const goalsOf = (options: ScorecardOptions): Record<IndicatorName, number> => {
  const goals = { ...defaultGoals }
  const apply = (given: Readonly<Record<string, number>> | undefined, field: string) => {
    if (given === undefined) return
    if (!isRecord(given))
      throw new InvalidMetrics({ field, reason: "must be { indicator: share between 0 and 1 }" })
    for (const [name, goal] of Object.entries(given)) {
      if (!(name in defaultGoals))
        throw new InvalidMetrics({
          field: keyPath(field, name),
          reason: `is not an indicator (${Object.keys(defaultGoals).join(", ")})`,
        })
      if (typeof goal !== "number" || !(goal >= 0 && goal <= 1))
        throw new InvalidMetrics({ field: keyPath(field, name), reason: "must be a share between 0 and 1" })
      goals[name as IndicatorName] = goal
    }
  }
  apply(options.serviceLevel?.goals, "serviceLevel.goals")
  apply(options.goals, "goals")
  return goals
}

/**
 * The service-level scorecard of a set of tickets at `now`: the operational and satisfaction
 * figures, and the seven levels — availability, attention, listening, problem solving,
 * reactivity, professionalism, follow-up — each with its indicators, goals and verdict.
 * `tickets` is an iterable of event histories (one list per ticket) or of ticket measures
 * (`Metrics.measure`, taken with the same calendar and policies: far cheaper over many tickets),
 * or a mix. With the desk's `vocabulary`, the events, measures, `channels` and the service
 * level's channels are checked against its words. Throws `InvalidMetrics` naming the bad
 * option, event or field (`tickets[3][0].at`, `tickets[5].changesAt`, `vocabulary`).
 *
 * @example
 * ```ts
 * import { Calendar, Metrics, Sla } from "servicekit"
 * const opened = (id: string, hour: number) => ({
 *   type: "TicketOpened" as const, ticketId: id, at: new Date(Date.UTC(2025, 5, 5, hour)),
 *   channel: "email" as const, priority: "normal" as const, requester: { id: "c-1" },
 * })
 * const reply = (id: string, hour: number) => ({
 *   type: "AgentReplied" as const, ticketId: id, at: new Date(Date.UTC(2025, 5, 5, hour)), agentId: "a-1",
 * })
 * const card = Metrics.scorecard([[opened("T-1", 9), reply("T-1", 10)], [opened("T-2", 9), reply("T-2", 15)]], {
 *   policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })],
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-06T00:00:00Z"),
 * })
 * card.figures.sla.firstReply?.rate // => 0.5
 * card.levels.find((l) => l.level === "attention")?.verdict // => "at risk"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export const scorecard = (
  tickets: Iterable<Iterable<TicketEvent> | TicketMeasure>,
  options: ScorecardOptions,
): Scorecard => {
  if (!isRecord(options))
    throw new InvalidMetrics({
      field: "options",
      reason: "must be { policies, calendar, now, serviceLevel? }",
    })
  for (const key of Object.keys(options))
    if (!SCORECARD_KEYS.includes(key))
      throw new InvalidMetrics({
        field: keyPath("options", key),
        reason: "is not an option of Metrics.scorecard",
      })
  if (!Array.isArray(options.policies))
    throw new InvalidMetrics({ field: "policies", reason: "must be a list of policies made with Sla.policy" })
  options.policies.forEach((p, i) => {
    if (!Sla.isPolicy(p))
      throw new InvalidMetrics({ field: `policies[${i}]`, reason: "is not a policy made with Sla.policy" })
  })
  if (options.predicates !== undefined && !isRecord(options.predicates))
    throw new InvalidMetrics({ field: "predicates", reason: "must be { name: (ticket) => boolean }" })
  const vocabulary = vocabularyOf(options.vocabulary)
  const level = options.serviceLevel
  if (level !== undefined) checkServiceLevel(level, vocabulary)
  const goals = goalsOf(options)
  const acc = accumulator({
    now: options.now,
    calendar: options.calendar,
    sla: {
      policies: options.policies,
      ...(options.predicates !== undefined && { predicates: options.predicates }),
    },
    followUp: options.followUp ?? level?.followUp,
    channels: options.channels ?? level?.channels,
    oneTouch: options.oneTouch,
    vocabulary,
  })
  if (tickets === null || typeof tickets !== "object" || typeof tickets[Symbol.iterator] !== "function")
    throw new InvalidMetrics({
      field: "tickets",
      reason: "must be an iterable of ticket event lists or ticket measures",
    })
  let i = 0
  for (const ticket of tickets) {
    try {
      // A history is a list (or another iterable) of events; a measure is a record with `asOf`.
      if (Array.isArray(ticket)) acc.add(ticket)
      else if (
        typeof ticket === "object" &&
        ticket !== null &&
        ((ticket as TicketMeasure).asOf !== undefined || !(Symbol.iterator in ticket))
      )
        acc.addMeasure(ticket as TicketMeasure)
      else acc.add(ticket as Iterable<TicketEvent>)
    } catch (e) {
      // `events[0].at` / `measure.asOf` become `tickets[i][0].at` / `tickets[i].asOf`.
      const root = e instanceof InvalidMetrics ? /^(events|measure)/.exec(e.field)?.[0] : undefined
      if (root === undefined) throw e
      const { field, reason } = e as InvalidMetrics
      throw new InvalidMetrics({ field: `tickets[${i}]${field.slice(root.length)}`, reason })
    }
    i++
  }
  const result = acc.result()
  const figures = result.overall
  return {
    now: new Date(acc.settings.now).toISOString(),
    serviceLevel: level?.name ?? null,
    merged: result.merged,
    figures,
    levels: levels.map((name): Level => {
      const indicators = LEVEL_INDICATORS[name].map((indicator): Indicator => {
        const value = valueOf(indicator, figures)
        const goal = goals[indicator]
        return {
          name: indicator,
          description: DESCRIPTIONS[indicator],
          value,
          goal,
          verdict: verdictOf(value, goal),
        }
      })
      let verdict: Verdict = "no data"
      for (const indicator of indicators)
        if (RANK[indicator.verdict] > RANK[verdict]) verdict = indicator.verdict
      return { level: name, indicators, verdict }
    }),
  }
}
