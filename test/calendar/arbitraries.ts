/**
 * Generators and helpers shared by the calendar property tests: random calendars, instants and
 * durations around 2024–2026, and the zones' DST transitions found with `Intl`.
 */
import fc from "fast-check"
import type { CalendarSpec } from "servicekit/calendar"
import { offsetAt } from "./reference.js"

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** Zones with every kind of offset: none, half and quarter hours, 30-minute and 2-hour DST, southern DST. */
export const zones = [
  "UTC",
  "Europe/Rome",
  "America/New_York",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Antarctica/Troll",
  "America/St_Johns",
  "Pacific/Auckland",
  "America/Sao_Paulo",
] as const

const FIRST_DAY = Date.UTC(2024, 0, 1) / DAY
const LAST_DAY = Date.UTC(2026, 11, 31) / DAY

/** `HH:MM` for minutes since midnight (1440 is `24:00`). */
export const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`

/** Local date number (days since 1970-01-01) as `YYYY-MM-DD`. */
export const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)

/** An instant as an ISO string, for failure messages. */
export const iso = (t: number | undefined): string =>
  t === undefined ? "undefined" : new Date(t).toISOString()

// Wall times around DST changes (01:00–03:30), midnight and office hours come up more than the rest.
const minuteOfDay = fc.oneof(
  fc.constantFrom(0, 60, 90, 120, 150, 165, 180, 210, 360, 540, 780, 840, 1080, 1320, 1380, 1439),
  fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
  fc.integer({ min: 0, max: 1439 }),
)

/** A valid `HH:MM-HH:MM`: same-day, overnight, ending at 24:00, or a full day. */
export const arbRange: fc.Arbitrary<string> = fc
  .tuple(minuteOfDay, fc.oneof(minuteOfDay, fc.constant(1440)))
  .filter(([start, end]) => start !== end)
  .map(([start, end]) => `${hhmm(start)}-${hhmm(end)}`)

const dayRanges = fc.array(arbRange, { maxLength: 3 })

/** A calendar with a base date: holidays and overrides fall near it, so queries near it meet them. */
export interface CalendarCase {
  readonly spec: CalendarSpec
  /** Local date number the case centres on. */
  readonly baseDay: number
}

/** Days near which interesting things happen in `zone`: year ends (compiled years split there) and DST changes. */
const specialDays = (zone: string): ReadonlyArray<number> => [
  Date.UTC(2024, 11, 30) / DAY,
  Date.UTC(2025, 11, 29) / DAY,
  ...transitions(zone, 2025).map((t) => Math.floor(t.at / DAY) - 1),
]

export const arbCalendarCase = (zone: string): fc.Arbitrary<CalendarCase> =>
  fc
    .record({
      baseDay: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: FIRST_DAY + 3, max: LAST_DAY - 25 }) },
        { weight: 1, arbitrary: fc.constantFrom(...specialDays(zone)) },
      ),
      hours: fc.record({
        mon: dayRanges,
        tue: dayRanges,
        wed: dayRanges,
        thu: dayRanges,
        fri: dayRanges,
        sat: dayRanges,
        sun: dayRanges,
      }),
      holidays: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 4 }),
      overrides: fc.uniqueArray(
        fc.tuple(fc.integer({ min: -3, max: 20 }), fc.array(arbRange, { maxLength: 2 })),
        {
          maxLength: 3,
          selector: ([day]) => day,
        },
      ),
    })
    .filter((c) => Object.values(c.hours).some((list) => list.length > 0))
    .map((c) => ({
      baseDay: c.baseDay,
      spec: {
        timeZone: zone,
        hours: c.hours,
        holidays: c.holidays.map((k) => isoDate(c.baseDay + k)),
        overrides: Object.fromEntries(c.overrides.map(([k, ranges]) => [isoDate(c.baseDay + k), ranges])),
      },
    }))

/**
 * An offset from a case's base day at midnight UTC: on a quarter hour (so often exactly on an
 * opening or closing time) or any millisecond, from two days before to 25 days after.
 */
export const arbOffset: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -2 * 96, max: 25 * 96 }).map((q) => q * 15 * MINUTE),
  fc.integer({ min: -2 * DAY, max: 25 * DAY }),
)

/** A non-negative duration up to 40 h: often whole quarter hours (to land on closing times), sometimes 1 ms. */
export const arbDuration: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 160 }).map((q) => q * 15 * MINUTE),
  fc.integer({ min: 0, max: 40 * HOUR }),
  fc.constantFrom(1, HOUR, 8 * HOUR, 24 * HOUR),
)

/** An offset change of a zone: at instant `at`, from `before` to `after` (ms east of UTC). */
export interface Transition {
  readonly at: number
  readonly before: number
  readonly after: number
}

const transitionMemo = new Map<string, ReadonlyArray<Transition>>()

/** The zone's offset changes in a UTC year, found by sampling `Intl` hourly and bisecting to the minute. */
export const transitions = (zone: string, year: number): ReadonlyArray<Transition> => {
  const key = `${zone} ${year}`
  const known = transitionMemo.get(key)
  if (known !== undefined) return known
  const found: Array<Transition> = []
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += HOUR) {
    const before = offsetAt(zone, t)
    const after = offsetAt(zone, t + HOUR)
    if (before === after) continue
    let lo = t
    let hi = t + HOUR
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
      if (offsetAt(zone, mid) === before) lo = mid
      else hi = mid
    }
    found.push({ at: hi, before, after })
  }
  transitionMemo.set(key, found)
  return found
}
