/**
 * Business calendars and business-time arithmetic: opening hours per weekday in an IANA time
 * zone, overnight shifts, holidays and date overrides, compiled into UTC interval tables so that
 * adding business time or measuring it costs a binary search whatever the span.
 *
 * This module does not import the Effect runtime.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], fri: ["09:00-18:00"] } })
 * Calendar.addBusinessTime(rome, new Date("2025-01-10T16:30:00Z"), "PT2H") // => new Date("2025-01-13T09:30:00Z")
 * ```
 * @module
 */
export {
  addBusinessMs,
  addBusinessTime,
  always,
  businessMsBetween,
  businessTimeBetween,
  Calendar,
  decode,
  type InstantInput,
  isOpen,
  make,
  nextClose,
  nextOpen,
} from "./calendar.js"
export { type DurationInput, toMillis } from "./duration.js"
export { InvalidArgument, InvalidCalendar, NoOpenTime, type ValidationIssue } from "./errors.js"
export { type CalendarSpec, CalendarSpecSchema, type Weekday, weekdays } from "./spec.js"
