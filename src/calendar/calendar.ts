import * as Result from "effect/Result"
import { describe } from "../internal/describe.js"
import { durationProblem, epochMsOf } from "../internal/instant.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { type DurationInput, toMillis } from "./duration.js"
import * as engine from "./engine.js"
import { checkInstant, Engine } from "./engine.js"
import { InvalidArgument, InvalidCalendar } from "./errors.js"
import type { MinuteRange } from "./spec.js"
import { type CalendarSpec, CalendarSpecSchema, parseDate, parseRange, weekdays } from "./spec.js"

/**
 * An instant: a `Date`, or UTC epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { InstantInput } from "servicekit/calendar"
 * const a: InstantInput = new Date("2025-06-02T09:00:00Z")
 * const b: InstantInput = Date.UTC(2025, 5, 2, 9)
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export type InstantInput = Date | number

/**
 * A compiled business calendar: when a team (or a customer) counts time as open. Make one with
 * {@link make}; it compiles each year it is asked about once, lazily, and keeps a bounded cache.
 * Treat it as opaque and immutable; share it freely.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome: Calendar.Calendar = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
 * rome.timeZone // => "Europe/Rome"
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export class Calendar {
  /** The IANA zone whose wall clock the hours are read in. */
  readonly timeZone: string
  /** The spec this calendar was made from (the validated copy). */
  readonly spec: CalendarSpec
  /** @internal */
  readonly engine: Engine
  /** @internal */
  constructor(spec: CalendarSpec, engine: Engine) {
    this.timeZone = spec.timeZone
    this.spec = spec
    this.engine = engine
  }
}

const toRanges = (list: ReadonlyArray<string> | undefined): ReadonlyArray<MinuteRange> =>
  (list ?? []).map((text) => parseRange(text) as MinuteRange).sort((a, b) => a.start - b.start)

const isFullDay = (list: ReadonlyArray<MinuteRange>): boolean =>
  list.some((r) => r.start === 0 && r.end >= 1440)

const build = (spec: CalendarSpec): Calendar => {
  const weekly = weekdays.map((day) => toRanges(spec.hours[day]))
  const holidays = new Set((spec.holidays ?? []).map((d) => parseDate(d) as number))
  const overrides = new Map(
    Object.entries(spec.overrides ?? {}).map(
      ([d, list]) => [parseDate(d) as number, toRanges(list)] as const,
    ),
  )
  // Open every instant whatever the zone: each day's midnight-to-midnight covers DST days too.
  const always = weekly.every(isFullDay) && holidays.size === 0 && overrides.size === 0
  return new Calendar(spec, new Engine({ timeZone: spec.timeZone, weekly, holidays, overrides }, always))
}

/**
 * Checks untrusted input (parsed JSON) and makes a calendar from it, without throwing.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * import * as Result from "effect/Result"
 * const decoded = Calendar.decode(JSON.parse('{"timeZone":"Europe/Rome","hours":{"tue":["9:00-18:00"]}}'))
 * Result.isFailure(decoded) && decoded.failure.message // => 'hours.tue[0]: "9:00-18:00" is not HH:MM-HH:MM'
 * ```
 * @since 0.1.0
 * @category Constructors
 */
export const decode = (input: unknown): Result.Result<Calendar, InvalidCalendar> => {
  // zod's record parsing drops an own "__proto__" key without a word; refuse it instead.
  const overrides =
    typeof input === "object" && input !== null ? (input as { overrides?: unknown }).overrides : undefined
  if (typeof overrides === "object" && overrides !== null && Object.hasOwn(overrides, "__proto__"))
    return Result.fail(
      new InvalidCalendar([
        { path: 'overrides["__proto__"]', message: '"__proto__" is not a YYYY-MM-DD date' },
      ]),
    )
  // jitless: zod's fast path compiles code with `new Function`, which the library never runs.
  const parsed = CalendarSpecSchema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success) return Result.fail(new InvalidCalendar(toValidationIssues(parsed.error.issues)))
  return Result.succeed(build(parsed.data as CalendarSpec))
}

/**
 * Makes a business calendar. Throws {@link InvalidCalendar} naming every bad field.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({
 *   timeZone: "Europe/Rome",
 *   hours: { mon: ["09:00-18:00"], tue: ["09:00-13:00", "14:00-18:00"], sat: ["22:00-06:00"] },
 *   holidays: ["2025-04-25"],
 *   overrides: { "2025-12-24": ["09:00-13:00"] },
 * })
 * // Monday 10:00 in Rome:
 * Calendar.isOpen(rome, new Date("2025-06-02T08:00:00Z")) // => true
 * ```
 * @since 0.1.0
 * @category Constructors
 */
export const make = (spec: CalendarSpec): Calendar => {
  const decoded = decode(spec)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}

/**
 * The calendar that is always open: business time is wall-clock time. Use it for
 * calendar-hours targets and 24/7 desks.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * Calendar.addBusinessTime(Calendar.always, new Date("2025-06-07T10:00:00Z"), "PT24H") // => new Date("2025-06-08T10:00:00Z")
 * ```
 * @since 0.1.0
 * @category Constructors
 */
export const always: Calendar = /* @__PURE__ */ make({
  timeZone: "UTC",
  hours: Object.fromEntries(weekdays.map((d) => [d, ["00:00-24:00"]])),
})

const instant = (value: InstantInput, field: string): number => {
  if (typeof value !== "number" && !(value instanceof Date))
    throw new InvalidArgument(field, `must be a Date or epoch milliseconds, received ${describe(value)}`)
  const t = epochMsOf(value)
  checkInstant(t, field)
  return t
}

const calendarOf = (calendar: Calendar): Engine => {
  if (!(calendar instanceof Calendar))
    throw new InvalidArgument(
      "calendar",
      `${describe(calendar)} is not a calendar: make one with Calendar.make(spec)`,
    )
  return calendar.engine
}

/** Throws unless `t` is a number (the numeric variants take epoch milliseconds only). */
const epochMs = (t: number, field: string): number => {
  if (typeof t !== "number")
    throw new InvalidArgument(field, `must be epoch milliseconds, received ${describe(t)}`)
  checkInstant(t, field)
  return t
}

/**
 * The instant `duration` of open time after `start` (before it when negative). Time outside
 * the calendar's hours does not count. `addBusinessTime(c, t, 0)` is `t`; a result that lands
 * exactly at a closing time is that closing time (counting back: an opening time).
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], fri: ["09:00-18:00"] } })
 * // Friday 17:30 in Rome + 2 business hours = Monday 10:30 in Rome
 * Calendar.addBusinessTime(rome, new Date("2025-01-10T16:30:00Z"), "PT2H") // => new Date("2025-01-13T09:30:00Z")
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const addBusinessTime = (calendar: Calendar, start: InstantInput, duration: DurationInput): Date => {
  const e = calendarOf(calendar)
  return new Date(engine.add(e, instant(start, "start"), toMillis(duration)))
}

/**
 * Milliseconds of open time in `[from, to)`; negative when `to` is before `from`.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], tue: ["09:00-18:00"] } })
 * // Monday 08:00 to Tuesday 12:00 in Rome: 9 h on Monday + 3 h on Tuesday
 * Calendar.businessTimeBetween(rome, new Date("2025-06-02T06:00:00Z"), new Date("2025-06-03T10:00:00Z")) // => 43_200_000
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const businessTimeBetween = (calendar: Calendar, from: InstantInput, to: InstantInput): number =>
  engine.between(calendarOf(calendar), instant(from, "from"), instant(to, "to"))

/**
 * Whether the calendar is open at instant `at` (intervals are half-open: open at the opening
 * time, closed at the closing time).
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { tue: ["09:00-18:00"] } })
 * // 18:00 in Rome is closing time:
 * Calendar.isOpen(rome, new Date("2025-05-06T16:00:00Z")) // => false
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const isOpen = (calendar: Calendar, at: InstantInput): boolean =>
  engine.openAt(calendarOf(calendar), instant(at, "at"))

/**
 * `at` itself when the calendar is open then, otherwise the next opening instant; `undefined`
 * only when the calendar never opens again.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
 * // Saturday → Monday 09:00 in Rome:
 * Calendar.nextOpen(rome, new Date("2025-05-10T10:00:00Z")) // => new Date("2025-05-12T07:00:00Z")
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const nextOpen = (calendar: Calendar, at: InstantInput): Date | undefined => {
  const t = engine.nextOpening(calendarOf(calendar), instant(at, "at"))
  return t === undefined ? undefined : new Date(t)
}

/**
 * The end of the open period holding `at`, or of the next one when closed; `undefined` when
 * the calendar never closes (24/7) or never opens again.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
 * // Monday 10:00 → 18:00 in Rome:
 * Calendar.nextClose(rome, new Date("2025-05-12T08:00:00Z")) // => new Date("2025-05-12T16:00:00Z")
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const nextClose = (calendar: Calendar, at: InstantInput): Date | undefined => {
  const t = engine.nextClosing(calendarOf(calendar), instant(at, "at"))
  return t === undefined ? undefined : new Date(t)
}

/**
 * {@link addBusinessTime} for hot loops: epoch milliseconds in and out, durations in whole
 * milliseconds (a fraction is refused naming `ms`), no `Date` allocated.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const due: number = Calendar.addBusinessMs(Calendar.always, Date.UTC(2025, 0, 1), 3_600_000)
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const addBusinessMs = (calendar: Calendar, start: number, ms: number): number => {
  const e = calendarOf(calendar)
  epochMs(start, "start")
  const problem =
    typeof ms === "number" ? durationProblem(ms, "allowed") : `must be milliseconds, received ${describe(ms)}`
  if (problem !== undefined) throw new InvalidArgument("ms", problem)
  return engine.add(e, start, ms, "ms")
}

/**
 * {@link businessTimeBetween} for hot loops: epoch milliseconds in.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * Calendar.businessMsBetween(Calendar.always, Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2)) // => 86_400_000
 * ```
 * @since 0.1.0
 * @category Business time
 */
export const businessMsBetween = (calendar: Calendar, from: number, to: number): number => {
  const e = calendarOf(calendar)
  return engine.between(e, epochMs(from, "from"), epochMs(to, "to"))
}
