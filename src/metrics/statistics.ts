/**
 * Satisfaction scores (CSAT, NPS, CES) and the 95 % intervals that say how far a score can be
 * trusted: Wilson for a share, adjusted Wald for NPS, Student's t for a mean. No statistics
 * package: the three intervals need one quantile function (t, through the incomplete beta
 * function), about a hundred lines, where a package would add a runtime dependency.
 */
import { InvalidMetrics } from "./errors.js"
import { tCritical95 } from "./student-t.js"

/** The 0.975 quantile of the standard normal distribution: every interval here is two-sided 95 %. */
const Z = 1.959963984540054
const Z2 = Z * Z

/**
 * A two-sided 95 % confidence interval, in the unit of the estimate it surrounds (a share 0..1,
 * NPS points −100..100, or scale points for a mean).
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const interval: Metrics.Interval = { lower: 0.0695, upper: 0.2619 }
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export interface Interval {
  readonly lower: number
  readonly upper: number
}

/**
 * A share of successes with its Wilson interval: `rate` and `interval` are `null` when `n` is 0.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const achieved: Metrics.Proportion = { successes: 0, n: 0, rate: null, interval: null }
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export interface Proportion {
  readonly successes: number
  readonly n: number
  readonly rate: number | null
  readonly interval: Interval | null
}

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
 * The Wilson score interval (95 %) of `successes` out of `n` trials; `null` when `n` is 0. It
 * always contains `successes / n`, stays within [0, 1], and is exactly 0 below at 0 successes
 * and exactly 1 above at `n` successes. Throws `InvalidMetrics` unless `n` is a non-negative
 * integer and `successes` an integer from 0 to `n`.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const interval = Metrics.wilson(7, 50)
 * interval?.lower.toFixed(6) // => "0.069508"
 * interval?.upper.toFixed(6) // => "0.261862"
 * Metrics.wilson(0, 10)?.lower // => 0
 * Metrics.wilson(0, 0) // => null
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export const wilson = (successes: number, n: number): Interval | null => {
  checkCounts(successes, n)
  return wilsonOf(successes, n)
}

/**
 * A share of successes (an SLA achievement rate, a one-touch rate …) with its Wilson interval.
 * Throws `InvalidMetrics` unless `n` is a non-negative integer and `successes` an integer from 0
 * to `n`.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const achieved = Metrics.proportion(45, 50)
 * achieved.rate // => 0.9
 * achieved.interval?.lower.toFixed(3) // => "0.786"
 * Metrics.proportion(0, 0).rate // => null
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export const proportion = (successes: number, n: number): Proportion => {
  checkCounts(successes, n)
  return { successes, n, rate: n === 0 ? null : successes / n, interval: wilsonOf(successes, n) }
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
  checkOptions(options)
  const scale = scaleOf(options?.scale, 5)
  const surveyed = surveyedOf(options?.surveyed)
  const top = scale >= 4 ? scale - 1 : scale
  let n = 0
  let satisfied = 0
  for (const score of iterableOf(scores)) {
    checkScore(score, n, 1, scale)
    if (score >= top) satisfied++
    n++
  }
  checkSurveyed(surveyed, n)
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
  checkOptions(options)
  const surveyed = surveyedOf(options?.surveyed)
  let n = 0
  let promoters = 0
  let detractors = 0
  for (const score of iterableOf(scores)) {
    checkScore(score, n, 0, 10)
    if (score >= 9) promoters++
    else if (score <= 6) detractors++
    n++
  }
  checkSurveyed(surveyed, n)
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
 * The Customer Effort Score of answers on a 1..`scale` agreement scale ("the company made it
 * easy to handle my issue"; default 7 points): the mean with its Student-t 95 % interval
 * (n − 1 degrees of freedom; `null` below two answers; not clamped to the scale, as the t
 * interval is symmetric), and `agreeShare`, the share of answers in the top three points (5–7 of
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
 * result.interval?.upper.toFixed(6) // => "7.015715"
 * ```
 * @since 0.1.0
 * @category Satisfaction
 */
export const ces = (scores: Iterable<number>, options?: CesOptions): Ces => {
  checkOptions(options)
  const scale = scaleOf(options?.scale, 7)
  const surveyed = surveyedOf(options?.surveyed)
  // Counts per answer: the sum stays an exact integer and the spread is summed per answer,
  // so the variance keeps its digits however many answers there are.
  const counts = new Float64Array(scale + 1)
  let n = 0
  for (const score of iterableOf(scores)) {
    checkScore(score, n, 1, scale)
    counts[score]!++
    n++
  }
  checkSurveyed(surveyed, n)
  let sum = 0
  let agree = 0
  const top = scale >= 5 ? scale - 2 : scale
  for (let v = 1; v <= scale; v++) {
    sum += v * counts[v]!
    if (v >= top) agree += counts[v]!
  }
  const mean = n === 0 ? null : sum / n
  let interval: Interval | null = null
  if (mean !== null && n >= 2) {
    let squares = 0
    for (let v = 1; v <= scale; v++) squares += counts[v]! * (v - mean) * (v - mean)
    const half = tCritical95(n - 1) * Math.sqrt(squares / (n - 1) / n)
    interval = { lower: mean - half, upper: mean + half }
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

// ── intervals ────────────────────────────────────────────────────────────────────────────────

const wilsonOf = (successes: number, n: number): Interval | null => {
  if (n === 0) return null
  const p = successes / n
  const a = Z2 / n
  const centre = (p + a / 2) / (1 + a)
  const half = (Z * Math.sqrt((p * (1 - p)) / n + a / (4 * n))) / (1 + a)
  // At 0 and n the formula gives 0 and 1 only up to rounding; they are the exact bounds.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  }
}

const npsInterval = (promoters: number, detractors: number, n: number): Interval => {
  const adjusted = n + 3
  const p = (promoters + 0.75) / adjusted
  const d = (detractors + 0.75) / adjusted
  const centre = p - d
  const half = Z * Math.sqrt((p + d - centre * centre) / adjusted)
  return { lower: Math.max(-100, 100 * (centre - half)), upper: Math.min(100, 100 * (centre + half)) }
}

// ── validation ───────────────────────────────────────────────────────────────────────────────

const received = (value: unknown): string => {
  if (typeof value === "number") return String(value)
  if (typeof value === "string") return value.length > 40 ? "a string" : JSON.stringify(value)
  if (value === null) return "null"
  return Array.isArray(value) ? "an array" : typeof value
}

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

const checkOptions = (options: unknown): void => {
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options)))
    throw new InvalidMetrics({ field: "options", reason: `must be an object, received ${received(options)}` })
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

const checkSurveyed = (surveyed: number | null, n: number): void => {
  if (surveyed !== null && surveyed < n)
    throw new InvalidMetrics({
      field: "surveyed",
      reason: `must be at least the number of answers (${n}), received ${surveyed}`,
    })
}

/** Answers per customer surveyed; `null` when unknown, or when nobody was surveyed (0 / 0). */
const rateOf = (n: number, surveyed: number | null): number | null =>
  surveyed === null || surveyed === 0 ? null : n / surveyed

const checkCounts = (successes: unknown, n: unknown): void => {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
    throw new InvalidMetrics({
      field: "n",
      reason: `must be a non-negative integer, received ${received(n)}`,
    })
  if (typeof successes !== "number" || !Number.isInteger(successes) || successes < 0 || successes > n)
    throw new InvalidMetrics({
      field: "successes",
      reason: `must be an integer from 0 to n (${n}), received ${received(successes)}`,
    })
}
