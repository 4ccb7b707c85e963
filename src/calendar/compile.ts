/**
 * Compiles a calendar's rules into UTC interval tables, one per UTC year: sorted, merged
 * `[start, end)` intervals in typed arrays plus prefix sums of open time, so that every query
 * is a binary search whatever the span.
 * @internal
 */
import type { MinuteRange } from "./spec.js"
import { localToUtc, zoneWindow } from "./zone.js"

const DAY = 86_400_000
const MINUTE = 60_000

/** A calendar's rules in minutes and day numbers (days since 1970-01-01, local). */
export interface Rules {
  readonly timeZone: string
  /** Index 0 is Monday. */
  readonly weekly: ReadonlyArray<ReadonlyArray<MinuteRange>>
  readonly holidays: ReadonlySet<number>
  readonly overrides: ReadonlyMap<number, ReadonlyArray<MinuteRange>>
}

/** One UTC year of open intervals. `before[i]` is the open time in the year before interval `i`. */
export interface Block {
  readonly year: number
  readonly from: number
  readonly to: number
  readonly count: number
  readonly starts: Float64Array
  readonly ends: Float64Array
  readonly before: Float64Array
  readonly total: number
}

/** Day 0 (1970-01-01) was a Thursday: index 3 when Monday is 0. */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7

const shiftsOn = (rules: Rules, day: number): ReadonlyArray<MinuteRange> => {
  const override = rules.overrides.get(day)
  if (override !== undefined) return override
  if (rules.holidays.has(day)) return []
  return rules.weekly[weekdayOf(day)]!
}

/** Builds the intervals of UTC year `year`: every shift whose instants fall in it, clipped and merged. */
export const compileYear = (rules: Rules, year: number): Block => {
  const from = Date.UTC(year, 0, 1)
  const to = Date.UTC(year + 1, 0, 1)
  const zone = zoneWindow(rules.timeZone, year - 1, year + 1)
  // Local dates whose shifts can reach into the year: offsets are within ±14 h and a shift
  // lasts under two days from its local midnight.
  const firstDay = Math.floor(from / DAY) - 3
  const lastDay = Math.floor(to / DAY) + 2
  const raw: Array<number> = []
  for (let day = firstDay; day <= lastDay; day++) {
    const midnight = day * DAY
    for (const r of shiftsOn(rules, day)) {
      const start = Math.max(from, localToUtc(zone, midnight + r.start * MINUTE))
      const end = Math.min(to, localToUtc(zone, midnight + r.end * MINUTE))
      if (end > start) raw.push(start, end)
    }
  }
  const order = Array.from({ length: raw.length / 2 }, (_, i) => i).sort((a, b) => raw[2 * a]! - raw[2 * b]!)
  const starts: Array<number> = []
  const ends: Array<number> = []
  for (const i of order) {
    const s = raw[2 * i]!
    const e = raw[2 * i + 1]!
    const last = ends.length - 1
    // Overlapping or touching intervals become one, so that a closing time is a real closing time.
    if (last >= 0 && s <= ends[last]!) ends[last] = Math.max(ends[last]!, e)
    else {
      starts.push(s)
      ends.push(e)
    }
  }
  const before = new Float64Array(starts.length + 1)
  for (let i = 0; i < starts.length; i++) before[i + 1] = before[i]! + (ends[i]! - starts[i]!)
  return {
    year,
    from,
    to,
    count: starts.length,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    before,
    total: before[starts.length]!,
  }
}
