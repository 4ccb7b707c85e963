// Internal: the one range of instants the library computes in, and the one reading of an
// instant given as a `Date` or epoch milliseconds. Every public entry point refuses an instant
// outside the range with a tagged error naming the field, so that no computation runs for years
// of business time nobody asked about, and every instant it returns is one a `Date` holds.

/** The first UTC year of the range. */
export const MIN_YEAR = 1900
/** The last UTC year of the range (inclusive). */
export const MAX_YEAR = 2399
/** The first instant of the range: 1900-01-01T00:00:00.000Z. */
export const MIN_MS = Date.UTC(MIN_YEAR, 0, 1)
/** The end of the range (exclusive): 2400-01-01T00:00:00.000Z. */
export const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1)
/** The longest duration the library accepts: the span of the range (500 years). */
export const LONGEST_MS = MAX_MS - MIN_MS

/** The range in words, for error messages. */
export const RANGE_TEXT = `the years ${MIN_YEAR}–${MAX_YEAR} (UTC)`

/** Epoch milliseconds of a `Date` or a number; `NaN` for anything else (callers name the field). */
export const epochMsOf = (value: unknown): number =>
  typeof value === "number" ? value : value instanceof Date ? value.getTime() : Number.NaN

/** Whether `t` is whole epoch milliseconds inside the range. */
export const isInRange = (t: number): boolean => t >= MIN_MS && t < MAX_MS && Number.isInteger(t)

/**
 * What is wrong with `value` as an instant (a `Date` or whole epoch milliseconds in the range),
 * as a reason for an error message; `undefined` when nothing. Never throws, whatever `value` is.
 */
export const instantProblem = (value: unknown): string | undefined => {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${value} is not a valid instant`
    if (!Number.isInteger(value)) return `${value} is not whole epoch milliseconds`
    if (value < MIN_MS || value >= MAX_MS) return `${value} ms lies outside ${RANGE_TEXT}`
    return undefined
  }
  if (value instanceof Date) {
    const t = value.getTime()
    if (Number.isNaN(t)) return "is an Invalid Date"
    if (t < MIN_MS || t >= MAX_MS) return `${value.toISOString()} lies outside ${RANGE_TEXT}`
    return undefined
  }
  return "must be a Date or epoch milliseconds"
}

/** What is wrong with `value` as a duration in milliseconds (whole, |ms| ≤ {@link LONGEST_MS}); `undefined` when nothing. */
export const durationProblem = (value: number, negative: "allowed" | "refused"): string | undefined => {
  if (!Number.isFinite(value)) return `${value} is not a finite number of milliseconds`
  if (!Number.isInteger(value)) return `${value} is not a whole number of milliseconds`
  if (negative === "refused" && value < 0) return "must not be negative"
  if (Math.abs(value) > LONGEST_MS) return `${value} ms is longer than ${RANGE_TEXT} span (${LONGEST_MS} ms)`
  return undefined
}
