import { type Ces, type Csat, ces, csat, type Nps, nps, type Proportion, proportion } from "./statistics.js"
import type { Pairs, SurveyName, Tally } from "./tally.js"

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
 * - `sla`: per SLA metric, achieved / (achieved + breached) (running and paused clocks are not
 *   counted); `followUps`: per task kind, done on time / (done + overdue).
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

const durations = (t: Tally, name: Parameters<Tally["sketch"]>[0]): Durations => {
  const s = t.sketch(name)
  return { n: s.count, median: s.quantile(0.5), p90: s.quantile(0.9), mean: s.mean }
}

const figure = (
  t: Tally,
  name: "firstReply" | "firstResolution" | "fullResolution" | "requesterWait" | "backlogAge",
) => ({
  calendar: durations(t, name),
  business: durations(t, `${name}Business`),
})

const perTicket = (total: number, tickets: number): number | null => (tickets === 0 ? null : total / tickets)

const surveyed = (t: Tally, kind: SurveyName): number | undefined => {
  let answered = 0
  for (const n of t.answers[kind]) answered += n
  const sent = t.sent[kind]
  return sent >= answered && sent > 0 ? sent : undefined
}

const pairs = (p: Pairs): Record<string, Proportion> =>
  Object.fromEntries(p.sorted().map(([name, good, bad]) => [name, proportion(good, good + bad)]))

/** The report of one tally. */
export const reportOf = (t: Tally, hasChannels: boolean): MetricsReport => {
  const tickets = t.count("tickets")
  const chased = t.count("chased")
  return {
    tickets,
    firstReply: figure(t, "firstReply"),
    firstResolution: figure(t, "firstResolution"),
    fullResolution: figure(t, "fullResolution"),
    requesterWait: figure(t, "requesterWait"),
    oneTouch: proportion(t.count("oneTouch"), t.count("solved")),
    reopened: proportion(t.count("reopened"), t.count("everSolved")),
    backlog: { open: t.count("open"), age: figure(t, "backlogAge") },
    repliesPerTicket: perTicket(t.count("replies"), tickets),
    chasesPerTicket: perTicket(t.count("chases"), tickets),
    chased: proportion(chased, tickets),
    notChased: proportion(tickets - chased, tickets),
    inHours: proportion(t.count("inHours"), tickets),
    onOfferedChannel: hasChannels ? proportion(t.count("onOfferedChannel"), tickets) : null,
    promisesKeptOnTime: proportion(t.count("promisesKeptOnTime"), t.count("promisesDue")),
    sla: pairs(t.sla),
    followUps: pairs(t.followUps),
    surveys: {
      csat: csat(t.scores("csat"), { scale: 5, ...optional(surveyed(t, "csat")) }),
      nps: nps(t.scores("nps"), optional(surveyed(t, "nps"))),
      ces: ces(t.scores("ces"), { scale: 7, ...optional(surveyed(t, "ces")) }),
    },
  }
}

const optional = (n: number | undefined): { surveyed?: number } => (n === undefined ? {} : { surveyed: n })
