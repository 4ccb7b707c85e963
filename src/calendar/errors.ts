/**
 * The calendar's errors. They are plain `Error` subclasses with a `_tag` (so that Effect's
 * `catchTag` and `switch (e._tag)` both work) rather than `Data.TaggedError`, because the
 * calendar subpath must stay free of the Effect runtime.
 */
import { describeIssues, type ValidationIssue } from "../internal/issues.js"

export type { ValidationIssue }

/**
 * A calendar spec was refused. `issues` lists every problem, each naming its field; `message`
 * reads like `hours.tue[1]: "9:00-18:00" is not HH:MM-HH:MM`.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * let path: string | undefined
 * try {
 *   Calendar.make({ timeZone: "Europe/Rome", hours: { tue: ["09:00-13:00", "9:00-18:00"] } })
 * } catch (e) {
 *   if (e instanceof Calendar.InvalidCalendar) path = e.issues[0]?.path
 * }
 * path // => "hours.tue[1]"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidCalendar extends Error {
  /** The tag, for `catchTag` and exhaustive switches. */
  readonly _tag = "InvalidCalendar" as const
  /** Every problem found, each naming its field. */
  readonly issues: ReadonlyArray<ValidationIssue>
  constructor(issues: ReadonlyArray<ValidationIssue>) {
    super(describeIssues(issues, "(calendar)"))
    this.name = "InvalidCalendar"
    this.issues = issues
  }
}

/**
 * An argument to a calendar function was not usable: an instant that is not a valid `Date` or
 * finite epoch milliseconds, a duration that is not milliseconds or an ISO-8601 duration, or an
 * instant outside the years a calendar computes in (1900–2399). `field` names the argument.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * let field: string | undefined
 * try {
 *   Calendar.addBusinessTime(Calendar.always, new Date("nope"), "PT1H")
 * } catch (e) {
 *   if (e instanceof Calendar.InvalidArgument) field = e.field
 * }
 * field // => "start"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidArgument extends Error {
  /** The tag, for `catchTag` and exhaustive switches. */
  readonly _tag = "InvalidArgument" as const
  /** The argument that was refused. */
  readonly field: string
  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.name = "InvalidArgument"
    this.field = field
  }
}

/**
 * The calendar has no open time left in the direction asked (possible only for a calendar open
 * solely on override dates), so no instant answers the question.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const once = Calendar.make({ timeZone: "UTC", hours: {}, overrides: { "2025-06-02": ["09:00-10:00"] } })
 * let direction: string | undefined
 * try {
 *   Calendar.addBusinessTime(once, new Date("2025-06-02T09:00:00Z"), "PT2H")
 * } catch (e) {
 *   if (e instanceof Calendar.NoOpenTime) direction = e.direction
 * }
 * direction // => "forward"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class NoOpenTime extends Error {
  /** The tag, for `catchTag` and exhaustive switches. */
  readonly _tag = "NoOpenTime" as const
  /** Which way the search ran out. */
  readonly direction: "forward" | "backward"
  constructor(direction: "forward" | "backward", from: number) {
    super(
      `the calendar has no open time ${direction === "forward" ? "after" : "before"} ${new Date(from).toISOString()}`,
    )
    this.name = "NoOpenTime"
    this.direction = direction
  }
}
