/**
 * Time-zone offsets as transition tables, built once per zone and year from `Intl`, so that
 * compiling a calendar never asks `Intl` per shift and nothing depends on the process `TZ`.
 * @internal
 */

const SAMPLE = 2 * 86_400_000

/** An offset change: from `at` (UTC epoch ms) on, local time = UTC + `offset` ms. */
interface Transition {
  readonly at: number
  readonly offset: number
}

/** The offsets of one UTC calendar year: the offset at its first instant and the changes in it. */
interface ZoneYear {
  readonly initial: number
  readonly transitions: ReadonlyArray<Transition>
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const years = new Map<string, Map<number, ZoneYear>>()

export { isKnownZone } from "../internal/time-zones.js"

const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    })
    formatters.set(zone, f)
  }
  return f
}

/** The UTC offset (ms) of `zone` at instant `t`, asked of `Intl` (slow: only for building tables). */
const offsetFromIntl = (zone: string, t: number): number => {
  // "1/31/2025 AD, 13:05:09": a fixed en-US shape; parsing it is several times faster than formatToParts.
  const s = formatterFor(zone).format(t)
  const m = /^(\d+)\/(\d+)\/(\d+) (AD|BC), (\d+):(\d+):(\d+)$/.exec(s)
  if (m === null) throw new Error(`unexpected Intl output for ${zone}: ${s}`)
  const year = m[4] === "BC" ? 1 - Number(m[3]) : Number(m[3])
  const local = Date.UTC(year, Number(m[1]) - 1, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
  // Intl drops the milliseconds of t; put them back so that the offset is a whole number of seconds.
  return local - (t - (((t % 1000) + 1000) % 1000))
}

const zoneYear = (zone: string, year: number): ZoneYear => {
  let byYear = years.get(zone)
  if (byYear === undefined) {
    byYear = new Map()
    years.set(zone, byYear)
  }
  let entry = byYear.get(year)
  if (entry === undefined) {
    entry = buildYear(zone, year)
    byYear.set(year, entry)
  }
  return entry
}

/**
 * Samples the offset every two days and bisects every change down to the second (the
 * resolution of the tz database). Two changes within two days that cancel out would be missed;
 * no zone in the tz database has them in the years a help desk works in.
 */
const buildYear = (zone: string, year: number): ZoneYear => {
  const from = Date.UTC(year, 0, 1)
  const to = Date.UTC(year + 1, 0, 1)
  const initial = offsetFromIntl(zone, from)
  const transitions: Array<Transition> = []
  let previous = initial
  for (let t = from; t < to; t += SAMPLE) {
    const end = Math.min(t + SAMPLE, to)
    const sample = offsetFromIntl(zone, end)
    if (sample === previous) continue
    // The change happened in (t, end]: find its first second.
    let lo = t / 1000
    let hi = end / 1000
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (offsetFromIntl(zone, mid * 1000) === previous) lo = mid
      else hi = mid
    }
    if (hi * 1000 < to) transitions.push({ at: hi * 1000, offset: sample })
    previous = sample
  }
  return { initial, transitions }
}

/**
 * A zone's offsets over a window of UTC time, ready for fast local → UTC conversion.
 * `boundaries[i]` is the first local wall time that maps with `offsets[i + 1]`.
 */
export interface ZoneWindow {
  readonly offsets: ReadonlyArray<number>
  readonly boundaries: ReadonlyArray<number>
}

/** The offsets of `zone` over the UTC years `fromYear..toYear` inclusive. */
export const zoneWindow = (zone: string, fromYear: number, toYear: number): ZoneWindow => {
  const offsets: Array<number> = [zoneYear(zone, fromYear).initial]
  const boundaries: Array<number> = []
  for (let y = fromYear; y <= toYear; y++) {
    for (const tr of zoneYear(zone, y).transitions) {
      const before = offsets[offsets.length - 1]!
      // Local times before the later of the two wall clocks keep the old offset: a time in a
      // spring-forward gap moves forward by the gap, an ambiguous fall-back time takes the earlier instant.
      boundaries.push(tr.at + Math.max(before, tr.offset))
      offsets.push(tr.offset)
    }
  }
  return { offsets, boundaries }
}

/** The UTC instant of local wall time `local` (a "local epoch ms") in the window's zone. */
export const localToUtc = (w: ZoneWindow, local: number): number => {
  const b = w.boundaries
  let lo = 0
  let hi = b.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (b[mid]! <= local) lo = mid + 1
    else hi = mid
  }
  return local - w.offsets[lo]!
}

/** The index of the last transition of `zy` at or before `t`; -1 when none is. */
const lastTransitionAt = (zy: ZoneYear, t: number): number => {
  let k = -1
  while (k + 1 < zy.transitions.length && zy.transitions[k + 1]!.at <= t) k++
  return k
}

/**
 * The UTC offset of `zone` at `t` and the span `[from, to)` around `t` (within `t`'s UTC year)
 * over which it holds: callers reading many instants keep the span and skip the lookup inside it.
 */
export const offsetSpanAt = (zone: string, t: number): { offset: number; from: number; to: number } => {
  const y = new Date(t).getUTCFullYear()
  const zy = zoneYear(zone, y)
  const k = lastTransitionAt(zy, t)
  return {
    offset: k < 0 ? zy.initial : zy.transitions[k]!.offset,
    from: k < 0 ? Date.UTC(y, 0, 1) : zy.transitions[k]!.at,
    to: k + 1 < zy.transitions.length ? zy.transitions[k + 1]!.at : Date.UTC(y + 1, 0, 1),
  }
}

/** The UTC offset of `zone` at `t`, from the tables (no `Intl` call once the year is built). */
export const offsetAt = (zone: string, t: number): number => {
  const zy = zoneYear(zone, new Date(t).getUTCFullYear())
  const k = lastTransitionAt(zy, t)
  return k < 0 ? zy.initial : zy.transitions[k]!.offset
}
