/**
 * Shares and their 95 % intervals: Wilson for a share (an SLA achievement rate, a one-touch rate,
 * CSAT) and adjusted Wald for NPS. Every interval here is two-sided 95 % and clamped to the range
 * its estimate can take.
 */
import { describe as received } from "./describe.js"
import { InvalidMetrics } from "./errors.js"

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
 * `proportion` for counts the caller has checked (integers, successes ≤ n): a report's path, whose
 * counts come from a tally and may pass 2⁵³ after many merges.
 */
export const proportionOf = (successes: number, n: number): Proportion => ({
  successes,
  n,
  rate: n === 0 ? null : successes / n,
  interval: wilsonOf(successes, n),
})

export const wilsonOf = (successes: number, n: number): Interval | null => {
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

export const npsInterval = (promoters: number, detractors: number, n: number): Interval => {
  const adjusted = n + 3
  const p = (promoters + 0.75) / adjusted
  const d = (detractors + 0.75) / adjusted
  const centre = p - d
  const half = Z * Math.sqrt((p + d - centre * centre) / adjusted)
  return { lower: Math.max(-100, 100 * (centre - half)), upper: Math.min(100, 100 * (centre + half)) }
}

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
