import * as z from "zod/mini"
import { MAX_YEAR, MIN_YEAR } from "../internal/instant.js"
import { isKnownZone } from "./zone.js"

/**
 * A day of the week, as the keys of {@link CalendarSpec.hours}.
 *
 * @example
 * ```ts
 * import type { Weekday } from "servicekit/calendar"
 * const saturday: Weekday = "sat"
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun"

/**
 * The weekdays in ISO order (Monday first).
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * Calendar.weekdays[0] // => "mon"
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export const weekdays: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

/**
 * What a business calendar is made from: plain, JSON-friendly data.
 *
 * - `timeZone`: an IANA zone name (`"Europe/Rome"`); the hours are wall-clock times there.
 * - `hours`: per weekday, ranges `"HH:MM-HH:MM"`. Several per day; an overnight range
 *   (`"22:00-06:00"`) belongs to the day it starts on; `24:00` only as an end; `00:00-24:00` is a
 *   full day. Overlapping ranges are merged. A missing day is closed.
 * - `holidays`: local dates `"YYYY-MM-DD"`; a holiday closes the shifts that **start** on it.
 * - `overrides`: local date → ranges (`[]` = closed), replacing that date's shifts; an override
 *   wins over a holiday on the same date.
 *
 * @example
 * ```ts
 * import type { CalendarSpec } from "servicekit/calendar"
 * const spec: CalendarSpec = {
 *   timeZone: "Europe/Rome",
 *   hours: { mon: ["09:00-18:00"], tue: ["09:00-13:00", "14:00-18:00"], sat: ["22:00-06:00"] },
 *   holidays: ["2025-04-25"],
 *   overrides: { "2025-12-24": ["09:00-13:00"] },
 * }
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export interface CalendarSpec {
  readonly timeZone: string
  readonly hours: Readonly<Partial<Record<Weekday, ReadonlyArray<string>>>>
  readonly holidays?: ReadonlyArray<string> | undefined
  readonly overrides?: Readonly<Record<string, ReadonlyArray<string>>> | undefined
}

/** Years a calendar can compute in (the library's range); instants outside are refused rather than guessed. */
export { MAX_YEAR, MIN_YEAR }

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A parsed range in minutes from the local midnight of the day it starts on; `end` may pass 1440. */
export interface MinuteRange {
  readonly start: number
  readonly end: number
}

/** Parses `"HH:MM-HH:MM"`, or says why it is not one. */
export const parseRange = (text: string): MinuteRange | string => {
  const m = RANGE.exec(text)
  if (m === null) return `${JSON.stringify(text)} is not HH:MM-HH:MM`
  const [sh, sm, eh, em] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
  if (sh > 23 || sm > 59) return `${JSON.stringify(text)} starts at an impossible time (00:00 to 23:59)`
  if (eh > 24 || em > 59 || (eh === 24 && em !== 0))
    return `${JSON.stringify(text)} ends at an impossible time (00:00 to 24:00)`
  const start = sh * 60 + sm
  const end = eh * 60 + em
  if (start === end)
    return `${JSON.stringify(text)} starts and ends at the same time (a full day is 00:00-24:00)`
  return { start, end: end < start ? end + 1440 : end }
}

/** Parses `"YYYY-MM-DD"` into days since 1970-01-01, or says why it is not a date. */
export const parseDate = (text: string): number | string => {
  const m = DATE.exec(text)
  if (m === null) return `${JSON.stringify(text)} is not a YYYY-MM-DD date`
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return `${JSON.stringify(text)} is not a real date`
  if (y < MIN_YEAR || y > MAX_YEAR)
    return `${JSON.stringify(text)} is outside the years ${MIN_YEAR}–${MAX_YEAR}`
  return ms / 86_400_000
}

const ranges = z.array(z.string())

const checkRanges = (
  list: ReadonlyArray<string>,
  path: Array<string | number>,
  ctx: z.core.$RefinementCtx,
) => {
  list.forEach((text, i) => {
    const r = parseRange(text)
    if (typeof r === "string") ctx.addIssue({ code: "custom", message: r, input: text, path: [...path, i] })
  })
}

/**
 * The zod schema of {@link CalendarSpec}: structure, unknown keys, and every rule that
 * {@link make} checks (range syntax, real dates, a known zone, some open time). Reuse it at
 * your API edge.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const parsed = Calendar.CalendarSpecSchema.safeParse({ timeZone: "Mars/Olympus", hours: {} })
 * parsed.success // => false
 * ```
 * @since 0.1.0
 * @category Calendar
 */
export const CalendarSpecSchema = z
  .strictObject({
    timeZone: z.string(),
    hours: z.strictObject({
      mon: z.optional(ranges),
      tue: z.optional(ranges),
      wed: z.optional(ranges),
      thu: z.optional(ranges),
      fri: z.optional(ranges),
      sat: z.optional(ranges),
      sun: z.optional(ranges),
    }),
    holidays: z.optional(z.array(z.string())),
    overrides: z.optional(z.record(z.string(), ranges)),
  })
  .check(
    z.superRefine((spec, ctx) => {
      if (!isKnownZone(spec.timeZone))
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(spec.timeZone)} is not a known IANA time zone`,
          input: spec.timeZone,
          path: ["timeZone"],
        })
      for (const day of weekdays) checkRanges(spec.hours[day] ?? [], ["hours", day], ctx)
      ;(spec.holidays ?? []).forEach((text, i) => {
        const d = parseDate(text)
        if (typeof d === "string")
          ctx.addIssue({ code: "custom", message: d, input: text, path: ["holidays", i] })
      })
      for (const [date, list] of Object.entries(spec.overrides ?? {})) {
        const d = parseDate(date)
        if (typeof d === "string")
          ctx.addIssue({ code: "custom", message: d, input: date, path: ["overrides", date] })
        checkRanges(list, ["overrides", date], ctx)
      }
      const weekly = weekdays.some((day) => (spec.hours[day] ?? []).length > 0)
      const special = Object.values(spec.overrides ?? {}).some((list) => list.length > 0)
      if (!weekly && !special)
        ctx.addIssue({
          code: "custom",
          message: "the calendar is never open: give at least one range in hours or overrides",
          input: spec.hours,
          path: ["hours"],
        })
    }),
  )
