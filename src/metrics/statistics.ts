/**
 * Satisfaction scores (CSAT, NPS, CES) and the 95 % intervals that say how far a score can be
 * trusted: Wilson for a share, adjusted Wald for NPS, Student's t for a mean. No statistics
 * package: the three intervals need one quantile function (t, through the incomplete beta
 * function), about a hundred lines, where a package would add a runtime dependency.
 */
import { isRecord, keyPath, describe as received } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import { type Interval, npsInterval, wilsonOf } from "./intervals.js"
import { tCritical95 } from "./student-t.js"

/**
 * The CSAT of a set of answers: `satisfied` counts the answers in the top two points of the
 * scale (the top point only on a 2- or 3-point scale); `score` is their share (0..1) with its
 * Wilson `interval`; `responseRate` is `n / surveyed` when the number surveyed was given.
 * `score`, `interval` are `null` without answers, `surveyed` and `responseRate` without `surveyed`.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const none: Metrics.Csat = {
 *   scale: 5, n: 0, satisfied: 0, score: null, interval: null, surveyed: null, responseRate: null,
 * }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface Csat {
  readonly scale: number
  readonly n: number
  readonly satisfied: number
  readonly score: number | null
  readonly interval: Interval | null
  readonly surveyed: number | null
  readonly responseRate: number | null
}

/**
 * The Net Promoter Score of a set of 0–10 answers: promoters answered 9–10, passives 7–8,
 * detractors 0–6; `score` = (promoters − detractors) / n × 100, from −100 to 100, with its
 * adjusted-Wald `interval` in NPS points. `score` and `interval` are `null` without answers.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const none: Metrics.Nps = {
 *   n: 0, promoters: 0, passives: 0, detractors: 0, score: null, interval: null,
 *   surveyed: null, responseRate: null,
 * }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface Nps {
  readonly n: number
  readonly promoters: number
  readonly passives: number
  readonly detractors: number
  readonly score: number | null
  readonly interval: Interval | null
  readonly surveyed: number | null
  readonly responseRate: number | null
}

/**
 * The Customer Effort Score of a set of answers: the `mean` answer with its Student-t
 * `interval` (`null` below two answers), and `agreeShare`, the share of answers in the top three
 * points of the scale (5–7 on the usual 7-point scale; the top point only below 5 points).
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const none: Metrics.Ces = {
 *   scale: 7, n: 0, mean: null, interval: null, agreeShare: null, surveyed: null, responseRate: null,
 * }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface Ces {
  readonly scale: number
  readonly n: number
  readonly mean: number | null
  readonly interval: Interval | null
  readonly agreeShare: number | null
  readonly surveyed: number | null
  readonly responseRate: number | null
}

/**
 * Options of {@link csat}: the `scale` (number of points, 2–10; default 5) and how many
 * customers were `surveyed` (an integer ≥ the number of answers), for the response rate.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const options: Metrics.CsatOptions = { scale: 7, surveyed: 120 }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface CsatOptions {
  readonly scale?: number
  readonly surveyed?: number
}

/**
 * Options of {@link nps}: how many customers were `surveyed` (an integer ≥ the number of
 * answers), for the response rate.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const options: Metrics.NpsOptions = { surveyed: 400 }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface NpsOptions {
  readonly surveyed?: number
}

/**
 * Options of {@link ces}: the `scale` (number of points, 2–10; default 7) and how many
 * customers were `surveyed` (an integer ≥ the number of answers), for the response rate.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const options: Metrics.CesOptions = { scale: 5 }
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export interface CesOptions {
  readonly scale?: number
  readonly surveyed?: number
}

/**
 * The CSAT of survey answers: the share of satisfied answers, those in the top two points of the
 * scale (4–5 on the default 5-point scale; the top point only on a 2- or 3-point scale), with its
 * Wilson interval. Answers are integers from 1 to `scale`; anything else throws `InvalidMetrics`
 * naming it (`scores[3]`), as does a bad `scale` or `surveyed`.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const result = Metrics.csat([5, 4, 3, 5], { surveyed: 10 })
 * result.satisfied // => 3
 * result.score // => 0.75
 * result.responseRate // => 0.4
 * Metrics.csat([2, 3], { scale: 3 }).satisfied // => 1
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export const csat = (scores: Iterable<number>, options?: CsatOptions): Csat => {
  checkOptions(options, CSAT_OPTIONS)
  const scale = scaleOf(options?.scale, 5)
  const surveyed = surveyedOf(options?.surveyed)
  const counts = countsOf(scores, 1, scale)
  return csatOfCounts(counts, scale, checkSurveyed(surveyed, total(counts)))
}

/**
 * The Net Promoter Score of 0–10 answers: (promoters − detractors) / n × 100, with the
 * adjusted-Wald 95 % interval of Rocks (2016): add ¾ of a promoter and ¾ of a detractor to
 * n + 3 answers, take the Wald interval of the difference, clamp it to [−100, 100]. For a
 * handful of unanimous answers that interval is pulled towards 0 and may leave out the score
 * itself (one promoter: score 100, interval about [−49, 98]); that is the method's shrinkage,
 * which keeps small samples honest. Anything but an integer from 0 to 10 throws `InvalidMetrics`
 * naming it (`scores[3]`).
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const result = Metrics.nps([10, 9, 8, 3])
 * result.promoters // => 2
 * result.detractors // => 1
 * result.score // => 25
 * Metrics.nps([]).score // => null
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export const nps = (scores: Iterable<number>, options?: NpsOptions): Nps => {
  checkOptions(options, NPS_OPTIONS)
  const surveyed = surveyedOf(options?.surveyed)
  const counts = countsOf(scores, 0, 10)
  return npsOfCounts(counts, checkSurveyed(surveyed, total(counts)))
}

/**
 * The Customer Effort Score of answers on a 1..`scale` agreement scale ("the company made it
 * easy to handle my issue"; default 7 points): the mean with its Student-t 95 % interval
 * (n − 1 degrees of freedom; `null` below two answers; clamped to the scale, 1 to `scale`, as
 * no mean lies outside it), and `agreeShare`, the share of answers in the top three points (5–7 of
 * 7; the top point only on scales below 5 points). Anything but an integer from 1 to `scale`
 * throws `InvalidMetrics` naming it (`scores[3]`).
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const result = Metrics.ces([5, 6, 7, 4, 6])
 * result.mean // => 5.6
 * result.agreeShare // => 0.8
 * result.interval?.lower.toFixed(6) // => "4.184285"
 * // 5.6 + 1.415715 passes the top of the 7-point scale: the interval stops there
 * result.interval?.upper // => 7
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export const ces = (scores: Iterable<number>, options?: CesOptions): Ces => {
  checkOptions(options, CES_OPTIONS)
  const scale = scaleOf(options?.scale, 7)
  const surveyed = surveyedOf(options?.surveyed)
  const counts = countsOf(scores, 1, scale)
  return cesOfCounts(counts, scale, checkSurveyed(surveyed, total(counts)))
}

// ── from counts per score (what a tally keeps: however many answers, a few additions) ────────

/** The CSAT of `counts[k]` answers of score k + 1 on a 1..`scale` scale (`surveyed` checked). */
export const csatOfCounts = (counts: ArrayLike<number>, scale: number, surveyed: number | null): Csat => {
  const top = scale >= 4 ? scale - 1 : scale
  let n = 0
  let satisfied = 0
  for (let k = 0; k < scale; k++) {
    n += counts[k]!
    if (k + 1 >= top) satisfied += counts[k]!
  }
  return {
    scale,
    n,
    satisfied,
    score: n === 0 ? null : satisfied / n,
    interval: wilsonOf(satisfied, n),
    surveyed,
    responseRate: rateOf(n, surveyed),
  }
}

/** The NPS of `counts[k]` answers of score k (0–10; `surveyed` checked). */
export const npsOfCounts = (counts: ArrayLike<number>, surveyed: number | null): Nps => {
  let n = 0
  let promoters = 0
  let detractors = 0
  for (let k = 0; k <= 10; k++) {
    n += counts[k]!
    if (k >= 9) promoters += counts[k]!
    else if (k <= 6) detractors += counts[k]!
  }
  return {
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    // One rounding: 100 × the difference is exact.
    score: n === 0 ? null : (100 * (promoters - detractors)) / n,
    interval: n === 0 ? null : npsInterval(promoters, detractors, n),
    surveyed,
    responseRate: rateOf(n, surveyed),
  }
}

/**
 * The CES of `counts[k]` answers of score k + 1 on a 1..`scale` scale (`surveyed` checked). Counts
 * per answer: the sum stays an exact integer and the spread is summed per answer, so the variance
 * keeps its digits however many answers there are.
 */
export const cesOfCounts = (counts: ArrayLike<number>, scale: number, surveyed: number | null): Ces => {
  let n = 0
  let sum = 0
  let agree = 0
  const top = scale >= 5 ? scale - 2 : scale
  for (let v = 1; v <= scale; v++) {
    n += counts[v - 1]!
    sum += v * counts[v - 1]!
    if (v >= top) agree += counts[v - 1]!
  }
  // The mean of answers from 1 to scale lies between them, whatever the rounding of the division.
  const mean = n === 0 ? null : Math.min(scale, Math.max(1, sum / n))
  let interval: Interval | null = null
  if (mean !== null && n >= 2) {
    let squares = 0
    for (let v = 1; v <= scale; v++) squares += counts[v - 1]! * (v - mean) * (v - mean)
    const half = tCritical95(n - 1) * Math.sqrt(squares / (n - 1) / n)
    // The t interval is symmetric and may reach past the scale; no mean lies outside it.
    interval = { lower: Math.max(1, mean - half), upper: Math.min(scale, mean + half) }
  }
  return {
    scale,
    n,
    mean,
    interval,
    agreeShare: n === 0 ? null : agree / n,
    surveyed,
    responseRate: rateOf(n, surveyed),
  }
}

// ── validation ───────────────────────────────────────────────────────────────────────────────

function checkScore(score: unknown, i: number, lowest: number, highest: number): asserts score is number {
  if (typeof score !== "number" || !Number.isInteger(score) || score < lowest || score > highest)
    throw new InvalidMetrics({
      field: `scores[${i}]`,
      reason: `must be an integer from ${lowest} to ${highest}, received ${received(score)}`,
    })
}

const iterableOf = (scores: unknown): Iterable<unknown> => {
  if (
    typeof scores !== "object" ||
    scores === null ||
    typeof (scores as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  )
    throw new InvalidMetrics({
      field: "scores",
      reason: `must be an array (or another iterable) of scores, received ${received(scores)}`,
    })
  return scores as Iterable<unknown>
}

const CSAT_OPTIONS: ReadonlyArray<string> = ["scale", "surveyed"]
const NPS_OPTIONS: ReadonlyArray<string> = ["surveyed"]
const CES_OPTIONS: ReadonlyArray<string> = ["scale", "surveyed"]

/** Throws unless `options` is undefined or an object holding only `keys`. */
const checkOptions = (options: unknown, keys: ReadonlyArray<string>): void => {
  if (options === undefined) return
  if (!isRecord(options))
    throw new InvalidMetrics({ field: "options", reason: `must be an object, received ${received(options)}` })
  for (const key of Object.keys(options))
    if (!keys.includes(key))
      throw new InvalidMetrics({
        field: keyPath("options", key),
        reason: `is not an option (${keys.join(", ")})`,
      })
}

/** The answers of `scores` counted per score, from `lowest` to `highest`; throws naming a bad one. */
const countsOf = (scores: Iterable<number>, lowest: number, highest: number): Float64Array => {
  const counts = new Float64Array(highest - lowest + 1)
  let i = 0
  for (const score of iterableOf(scores)) {
    checkScore(score, i, lowest, highest)
    counts[score - lowest]!++
    i++
  }
  return counts
}

const total = (counts: ArrayLike<number>): number => {
  let n = 0
  for (let k = 0; k < counts.length; k++) n += counts[k]!
  return n
}

const scaleOf = (scale: unknown, fallback: number): number => {
  if (scale === undefined) return fallback
  if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 2 || scale > 10)
    throw new InvalidMetrics({
      field: "scale",
      reason: `must be the number of points, an integer from 2 to 10, received ${received(scale)}`,
    })
  return scale
}

const surveyedOf = (surveyed: unknown): number | null => {
  if (surveyed === undefined) return null
  if (typeof surveyed !== "number" || !Number.isSafeInteger(surveyed) || surveyed < 0)
    throw new InvalidMetrics({
      field: "surveyed",
      reason: `must be the number of customers surveyed, a non-negative integer, received ${received(surveyed)}`,
    })
  return surveyed
}

/** `surveyed`, when it is at least the `n` answers; throws naming it otherwise. */
const checkSurveyed = (surveyed: number | null, n: number): number | null => {
  if (surveyed !== null && surveyed < n)
    throw new InvalidMetrics({
      field: "surveyed",
      reason: `must be at least the number of answers (${n}), received ${surveyed}`,
    })
  return surveyed
}

/** Answers per customer surveyed; `null` when unknown, or when nobody was surveyed (0 / 0). */
const rateOf = (n: number, surveyed: number | null): number | null =>
  surveyed === null || surveyed === 0 ? null : n / surveyed
