/**
 * The metrics' errors. A plain `Error` subclass with a `_tag` (so that Effect's `catchTag` and
 * `switch (e._tag)` both work) rather than `Data.TaggedError`, because the statistics and the
 * sketch are pure arithmetic and should not pull in the Effect runtime.
 */

/**
 * An argument to a metrics function was not usable: a survey score outside its scale, a scale
 * that is not an integer from 2 to 10, a negative duration given to a sketch, a malformed sketch
 * JSON … `field` names it (`scores[3]`, `scale`, `surveyed`, `bins[2]`), `reason` says why, and
 * `message` reads `field: reason`.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * let field: string | undefined
 * try {
 *   Metrics.csat([5, 4, 6])
 * } catch (e) {
 *   if (e instanceof Metrics.InvalidMetrics) field = e.field
 * }
 * field // => "scores[2]"
 * new Metrics.InvalidMetrics({ field: "scale", reason: "must be an integer from 2 to 10" }).message // => "scale: must be an integer from 2 to 10"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidMetrics extends Error {
  /** The tag, for `catchTag` and exhaustive switches. */
  readonly _tag = "InvalidMetrics" as const
  /** The argument (or the path inside it) that was refused. */
  readonly field: string
  /** Why it was refused. */
  readonly reason: string
  constructor({ field, reason }: { readonly field: string; readonly reason: string }) {
    super(`${field}: ${reason}`)
    this.name = "InvalidMetrics"
    this.field = field
    this.reason = reason
  }
}
