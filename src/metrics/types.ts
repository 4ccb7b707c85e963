// The metrics' shared types: what the accumulator, the measures, the tallies and the reports
// exchange. A module of their own, so that the modules using them import one way (none of them
// imports another for a type).
import type * as Calendar from "../calendar/index.js"
import type * as FollowUp from "../followup/index.js"
import type { TaskKind } from "../followup/index.js"
import type * as Sla from "../sla/index.js"
import type { Channel, Priority, SurveyKind, Vocabulary } from "../ticket/index.js"
import type { Proportion } from "./intervals.js"
import type { SketchJSON } from "./sketch.js"
import type { Ces, Csat, Nps } from "./statistics.js"

/**
 * A dimension tickets can be grouped by: the channel they came in on, their priority, the agent
 * or group they are assigned to (at `now`; `""` when unassigned), or the period they were opened in.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const byChannelAndWeek: ReadonlyArray<Metrics.Dimension> = ["channel", "period"]
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export type Dimension = "channel" | "priority" | "agent" | "group" | "period"

/**
 * Options of {@link accumulator}.
 *
 * - `now`: the instant the figures are taken at (events after it are ignored; backlog age runs to it).
 * - `calendar`: the business hours for business-time figures and "contact in hours" (default 24/7).
 * - `sla`: SLA policies (as for `Sla.evaluate`): adds SLA achievement per metric. Costs a full
 *   evaluation per ticket.
 * - `followUp`: a follow-up policy: adds follow-ups done on time per kind. Costs a plan per ticket.
 * - `channels`: the channels the service level offers (for "contact on offered channels").
 * - `groupBy` and `period`: report per group as well (e.g. `["channel", "period"]` with
 *   `{ unit: "week", timeZone: "Europe/Rome" }`).
 * - `vocabulary`: the desk's words (`Ticket.vocabulary`; default the built-in ones): the events'
 *   channels and priorities, `channels` and the measures added are checked against it, and the
 *   SLA clocks and follow-ups are evaluated with it. Give the accumulator's own to
 *   `Accumulator.fromJSON`, `Metrics.measure` and `Metrics.decodeMeasure`.
 *
 * Names (`groupBy`, `channels`, `period.unit`) are typed as strings, so that options kept in a
 * variable need no `as const`; they are checked when the options are used, and a name that is
 * not one throws `InvalidMetrics` naming it (`groupBy[1]`, `channels[0]`, `period.unit`).
 * - `oneTouch`: what counts as one-touch: solved with at most `maxReplies` public agent replies
 *   (default 1) and, unless `allowReopen`, never reopened.
 *
 * @example
 * ```ts
 * import { Calendar, Metrics, Ticket } from "servicekit"
 * const options: Metrics.AccumulatorOptions = {
 *   now: new Date("2025-07-01T00:00:00Z"),
 *   calendar: Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], tue: ["09:00-18:00"] } }),
 *   groupBy: ["channel", "period"],
 *   period: { unit: "week", timeZone: "Europe/Rome" },
 * }
 * // Kept in a variable without a type or `as const`, the same literal is accepted too:
 * const weekly = { now: new Date("2025-07-01T00:00:00Z"), groupBy: ["channel", "period"], period: { unit: "week", timeZone: "UTC" } }
 * Metrics.accumulator(weekly).result().groups // => []
 * // A desk with its own channels and priorities:
 * const desk = Ticket.vocabulary({ channels: ["email", "whatsapp"], priorities: ["P4", "P3", "P2", "P1"] })
 * const byPriority = Metrics.accumulator({ now: new Date("2025-07-01T00:00:00Z"), groupBy: ["priority"], channels: ["whatsapp"], vocabulary: desk })
 * byPriority.add([{ type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-30T09:00:00Z"),
 *   channel: "whatsapp", priority: "P1", requester: { id: "c-1" } }])
 * byPriority.result().groups.map((g) => g.key) // => [{ priority: "P1" }]
 * byPriority.result().overall.onOfferedChannel?.rate // => 1
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export interface AccumulatorOptions {
  readonly now: Date | number
  readonly calendar?: Calendar.Calendar | undefined
  /** As for `Sla.evaluate`, less `now`, `calendar` and `vocabulary` (the accumulator's own). */
  readonly sla?: Omit<Sla.EvaluateOptions, "now" | "calendar" | "vocabulary"> | undefined
  readonly followUp?: FollowUp.FollowUpPolicy | undefined
  // `(string & Record<never, never>)` keeps the names suggested while any string is accepted:
  // a list kept in a variable is typed `string[]`, and the names are checked when the options are.
  readonly channels?: ReadonlyArray<Channel | (string & Record<never, never>)> | undefined
  readonly groupBy?: ReadonlyArray<Dimension | (string & Record<never, never>)> | undefined
  readonly period?:
    | {
        readonly unit: "day" | "week" | "month" | (string & Record<never, never>)
        readonly timeZone: string
      }
    | undefined
  readonly oneTouch?:
    | { readonly maxReplies?: number | undefined; readonly allowReopen?: boolean | undefined }
    | undefined
  /** The desk's words (made by `Ticket.vocabulary`; default `Ticket.builtinVocabulary`). */
  readonly vocabulary?: Vocabulary | undefined
}

/**
 * A group's key: the value of each `groupBy` dimension (periods as `2025-06-02`, `2025-W23`
 * or `2025-06`).
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const key: Metrics.GroupKey = { channel: "email", period: "2025-W23" }
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export type GroupKey = Readonly<Partial<Record<Dimension, string>>>

/**
 * What {@link Accumulator.result} returns: the figures over every ticket added, and per group.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const result: Metrics.MetricsResult = Metrics.accumulator({ now: 0 }).result()
 * result.overall.tickets // => 0
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export interface MetricsResult {
  readonly overall: MetricsReport
  /** Tickets left out because they were merged into another. */
  readonly merged: number
  readonly groups: ReadonlyArray<{ readonly key: GroupKey; readonly report: MetricsReport }>
}

/**
 * The JSON form of an accumulator ({@link Accumulator.toJSON}): plain numbers and strings.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const json: Metrics.AccumulatorJSON = Metrics.accumulator({ now: 0 }).toJSON()
 * json.version // => 1
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export interface AccumulatorJSON {
  readonly version: 1
  readonly groupBy: ReadonlyArray<Dimension>
  readonly period: { readonly unit: "day" | "week" | "month"; readonly timeZone: string } | null
  readonly oneTouch: { readonly maxReplies: number; readonly allowReopen: boolean }
  readonly merged: number
  readonly groups: ReadonlyArray<{ readonly key: GroupKey; readonly tally: TallyJSON }>
}

/**
 * The JSON form of one group's figures inside an {@link AccumulatorJSON}: counts, duration
 * sketches, survey answers per score, and SLA / follow-up pairs. Treat it as opaque: it is there to
 * be stored and restored with `Metrics.Accumulator.fromJSON`, which validates every field.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const acc = Metrics.accumulator({ now: 0, groupBy: ["channel"] })
 * const tallies: ReadonlyArray<Metrics.TallyJSON> = acc.toJSON().groups.map((g) => g.tally)
 * tallies.length // => 0
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export interface TallyJSON {
  /** By counter name (tickets, solved, reopened, …). */
  readonly counts: Readonly<Record<string, number>>
  /** By figure (firstReply, firstReplyBusiness, …). */
  readonly durations: Readonly<Record<string, SketchJSON>>
  /** By survey kind: the count of each score from the scale's lowest, and the surveys sent. */
  readonly surveys: Readonly<
    Record<"csat" | "nps" | "ces", { readonly answers: ReadonlyArray<number>; readonly sent: number }>
  >
  /** Per SLA metric: `[achieved, breached]`. */
  readonly sla: Readonly<Record<string, readonly [number, number]>>
  /** Per follow-up kind: `[on time, late or overdue]`. */
  readonly followUps: Readonly<Record<string, readonly [number, number]>>
}

/**
 * What one ticket contributes to the metrics, measured from its history at `asOf`: the figures
 * {@link Accumulator.add} would count, as a small record an app keeps beside each ticket (measure
 * again when an event arrives and when `changesAt` passes). Accumulating measures reads one
 * record per ticket instead of folding every history, evaluating its clocks and planning its
 * follow-ups again: that is how a scorecard over millions of tickets stays cheap.
 *
 * The requester's wait and the backlog age run on from `asOf` to the accumulator's `now`; every
 * other figure holds until `changesAt` (the first event after `asOf`, a promise falling due, an
 * SLA clock or follow-up changing state), after which the measure is refused. Durations are in
 * ms (`null` when the ticket has none); instants are `Date`s (whole epoch ms accepted back), all
 * within the calendars' years 1900–2399. Store it as JSON and read it back with
 * {@link decodeMeasure}. Fields are checked one by one and against each other (a figure without
 * its business-time twin, a solved ticket never solved, …): a damaged measure is refused. Its
 * `channel` and `priority` are the desk's words when measured with a vocabulary: read it back and
 * add it with that vocabulary.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const measure = Metrics.measure(
 *   [
 *     { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
 *       channel: "email", priority: "normal", requester: { id: "c-1" } },
 *     { type: "AgentReplied", ticketId: "T-1", at: new Date("2025-06-05T09:30:00Z"), agentId: "a-1" },
 *   ],
 *   { now: new Date("2025-06-05T10:00:00Z") },
 * )!
 * measure.firstReplyMs // => 1_800_000
 * measure.changesAt // => null
 * ```
 * @since 0.1.0
 * @category Measures
 */
export interface TicketMeasure {
  readonly ticketId: string
  /** The instant it was measured at (the `now` of {@link measure}). */
  readonly asOf: Date
  /** Measure again at or after this instant; `null` when only a new event changes the figures. */
  readonly changesAt: Date | null
  /** Merged into another ticket: counted apart and left out of every figure. */
  readonly merged: boolean
  readonly channel: Channel
  /** At `asOf`. */
  readonly priority: Priority
  /** The assignee at `asOf` (`""` when unassigned). */
  readonly agentId: string
  /** The group at `asOf` (`""` when none). */
  readonly groupId: string
  readonly openedAt: Date
  /** Opened by the requester (not by an agent on their behalf). */
  readonly customerOpened: boolean
  /** Opened while the calendar was open. */
  readonly openedInHours: boolean
  /** Solved or closed at `asOf`. */
  readonly solved: boolean
  readonly everSolved: boolean
  readonly reopens: number
  /** Public agent replies. */
  readonly replies: number
  readonly chases: number
  readonly firstReplyMs: number | null
  readonly firstReplyBusinessMs: number | null
  readonly firstResolutionMs: number | null
  readonly firstResolutionBusinessMs: number | null
  /** Opened → last solve, when solved at `asOf`. */
  readonly fullResolutionMs: number | null
  readonly fullResolutionBusinessMs: number | null
  /** The requester's wait on the desk up to `waitingSince` (all of it when not waiting). */
  readonly requesterWaitMs: number
  readonly requesterWaitBusinessMs: number
  /** Since when the requester waits on the desk (the wait runs on to `now`); `null` when not. */
  readonly waitingSince: Date | null
  /** Promises kept or past due, and those kept on time. */
  readonly promisesDue: number
  readonly promisesKeptOnTime: number
  readonly surveyAnswers: ReadonlyArray<{ readonly survey: SurveyKind; readonly score: number }>
  readonly surveysSent: ReadonlyArray<SurveyKind>
  /** SLA metrics achieved and breached (clocks running, paused or cancelled are in neither). */
  readonly slaAchieved: ReadonlyArray<string>
  readonly slaBreached: ReadonlyArray<string>
  /** Follow-ups done on time, and done late or overdue: one kind per task. */
  readonly followUpsOnTime: ReadonlyArray<TaskKind>
  readonly followUpsLate: ReadonlyArray<TaskKind>
}

/**
 * Options of {@link measure}: those of {@link accumulator} that change what a ticket counts —
 * `now`, `calendar`, `sla`, `followUp` and the desk's `vocabulary`. Measure with the calendar,
 * policies and vocabulary of the accumulator the measures go to (grouping, channels and
 * one-touch are the accumulator's).
 *
 * @example
 * ```ts
 * import { type Metrics, Ticket } from "servicekit"
 * const options: Metrics.MeasureOptions = { now: new Date("2025-07-01T00:00:00Z") }
 * const forTheDesk: Metrics.MeasureOptions = { ...options, vocabulary: Ticket.vocabulary({ priorities: ["P2", "P1"] }) }
 * forTheDesk.vocabulary?.priorities // => ["P2", "P1"]
 * ```
 * @since 0.1.0
 * @category Measures
 */
export type MeasureOptions = Pick<AccumulatorOptions, "now" | "calendar" | "sla" | "followUp" | "vocabulary">

/**
 * A distribution of durations in ms: how many, the median and 90th percentile (from a quantile
 * sketch: within 1 % of the exact value) and the mean; `null` when there are none.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const d: Metrics.Durations = { n: 3, median: 1_800_000, p90: 3_600_000, mean: 2_000_000 }
 * ```
 * @since 0.1.0
 * @category Reports
 */
export interface Durations {
  readonly n: number
  readonly median: number | null
  readonly p90: number | null
  readonly mean: number | null
}

/**
 * A duration figure both on the wall clock (`calendar`) and in the accumulator's business
 * hours (`business`).
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const none = { n: 0, median: null, p90: null, mean: null }
 * const d: Metrics.TimeFigure = { calendar: none, business: none }
 * ```
 * @since 0.1.0
 * @category Reports
 */
export interface TimeFigure {
  readonly calendar: Durations
  readonly business: Durations
}

/**
 * The service figures of a set of tickets (merged tickets left out). Rates are proportions with
 * their Wilson 95 % interval; every satisfaction score comes with n and its response rate.
 *
 * - `firstReply`: opened by the customer → first public agent reply (tickets with a reply).
 * - `firstResolution`: opened → first solve; `fullResolution`: opened → last solve, for tickets
 *   solved (or closed) at `now`.
 * - `requesterWait`: time the requester waited on the desk (new, open, on hold; not pending),
 *   up to the solve or `now`.
 * - `oneTouch`: of the tickets solved at `now`, those solved with at most the configured number
 *   of public replies (default one) and never reopened.
 * - `reopened`: of the tickets ever solved, those reopened at least once.
 * - `backlog`: tickets not solved at `now`, and their age.
 * - `chased`: tickets on which the customer chased at least once; `notChased` the others.
 * - `inHours`: tickets opened while the calendar was open; `onOfferedChannel`: on a channel the
 *   service level offers (`null` without `channels`).
 * - `promisesKeptOnTime`: of the promises kept or past due, those kept by their due time.
 * - `sla`: per SLA metric, achieved / (achieved + breached) (running, paused and cancelled clocks
 *   are not counted); `followUps`: per task kind, done on time / (done + overdue).
 * - `surveys`: CSAT (1–5), NPS (0–10), CES (1–7) from `SurveyAnswered`, with the surveys sent
 *   (`FollowUpSent` of survey tasks) as the response-rate base when there are at least as many.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const report: Metrics.MetricsReport = Metrics.accumulator({ now: 0 }).result().overall
 * report.oneTouch.rate // => null
 * ```
 * @since 0.1.0
 * @category Reports
 */
export interface MetricsReport {
  readonly tickets: number
  readonly firstReply: TimeFigure
  readonly firstResolution: TimeFigure
  readonly fullResolution: TimeFigure
  readonly requesterWait: TimeFigure
  readonly oneTouch: Proportion
  readonly reopened: Proportion
  readonly backlog: { readonly open: number; readonly age: TimeFigure }
  readonly repliesPerTicket: number | null
  readonly chasesPerTicket: number | null
  readonly chased: Proportion
  readonly notChased: Proportion
  readonly inHours: Proportion
  readonly onOfferedChannel: Proportion | null
  readonly promisesKeptOnTime: Proportion
  readonly sla: Readonly<Record<string, Proportion>>
  readonly followUps: Readonly<Record<string, Proportion>>
  readonly surveys: { readonly csat: Csat; readonly nps: Nps; readonly ces: Ces }
}
