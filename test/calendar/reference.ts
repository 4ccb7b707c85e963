/**
 * A deliberately naive business calendar, written from DESIGN.md's "Calendar rules" only, to
 * check `servicekit/calendar` against. It shares no code with `src/`: it reads offsets with
 * `Intl.DateTimeFormat#formatToParts` (src parses `format`), walks local dates one by one,
 * converts every wall time to UTC by trying every offset the zone uses around it, and answers
 * every query by scanning intervals. Slow on purpose; keep it obvious rather than fast.
 */

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
/** How far a scan goes before it gives up: far beyond anything the tests ask. */
const SCAN_LIMIT = 6 * 366 * DAY
const WINDOW = 7 * DAY

/** The shape of a calendar spec, restated here so that nothing comes from src. */
export interface ReferenceSpec {
  readonly timeZone: string
  readonly hours: Readonly<Partial<Record<string, ReadonlyArray<string>>>>
  readonly holidays?: ReadonlyArray<string> | undefined
  readonly overrides?: Readonly<Record<string, ReadonlyArray<string>>> | undefined
}

/** A half-open interval `[start, end)` of UTC epoch milliseconds. */
export interface Interval {
  readonly start: number
  readonly end: number
}

// ── offsets ────────────────────────────────────────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>()
const offsetMemo = new Map<string, Map<number, number>>()

const formatter = (zone: string): Intl.DateTimeFormat => {
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
    })
    formatters.set(zone, f)
  }
  return f
}

/** Local time minus UTC, in ms, in `zone` at instant `t` (whole seconds). */
export const offsetAt = (zone: string, t: number): number => {
  let memo = offsetMemo.get(zone)
  if (memo === undefined) {
    memo = new Map()
    offsetMemo.set(zone, memo)
  }
  const known = memo.get(t)
  if (known !== undefined) return known
  const part: Record<string, number> = {}
  for (const p of formatter(zone).formatToParts(t)) if (p.type !== "literal") part[p.type] = Number(p.value)
  const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!)
  const offset = wall - Math.floor(t / 1000) * 1000
  memo.set(t, offset)
  return offset
}

/** The wall-clock reading (as "local epoch ms") in `zone` at instant `t`. */
export const wallClock = (zone: string, t: number): number => t + offsetAt(zone, t)

/**
 * The UTC instant of local wall time `local` in `zone`: try every offset the zone uses within
 * 15 hours either side (sampled hourly: no offset lasts less than an hour). The instants whose
 * wall clock reads `local` are its real instants: take the earliest (fall back). None: `local`
 * is in a spring-forward gap, and it moves forward by the gap: the candidate whose wall clock
 * reads the least time after `local`.
 */
export const localToUtc = (zone: string, local: number): number => {
  const hour = Math.floor(local / HOUR) * HOUR
  const offsets = new Set<number>()
  for (let h = -15; h <= 15; h++) offsets.add(offsetAt(zone, hour + h * HOUR))
  const candidates = [...offsets].map((o) => local - o)
  const exact = candidates.filter((u) => wallClock(zone, u) === local)
  if (exact.length > 0) return Math.min(...exact)
  const forward = candidates.filter((u) => wallClock(zone, u) > local)
  if (forward.length === 0)
    throw new Error(`reference: cannot place ${new Date(local).toISOString()} in ${zone}`)
  return forward.reduce((best, u) => (wallClock(zone, u) < wallClock(zone, best) ? u : best))
}

// ── the rules ──────────────────────────────────────────────────────────────────────────────

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const

/** `"HH:MM-HH:MM"` as minutes from the local midnight of the day it starts on. */
const parseRange = (text: string): { start: number; end: number } => {
  const [from, to] = text.split("-")
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
  const start = minutes(from!)
  const end = minutes(to!)
  // An end at or before the start is on the next day: the range runs overnight.
  return { start, end: end <= start ? end + 24 * 60 : end }
}

/** Local date number `day` (days since 1970-01-01) as `YYYY-MM-DD`. */
const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10)

/** The ranges that start on local date `day`. */
const rangesOn = (spec: ReferenceSpec, day: number): ReadonlyArray<string> => {
  const date = isoDate(day)
  const override = spec.overrides?.[date]
  if (override !== undefined) return override
  if (spec.holidays?.includes(date)) return []
  return spec.hours[WEEKDAYS[new Date(day * DAY).getUTCDay()]!] ?? []
}

const shiftMemo = new WeakMap<ReferenceSpec, Map<number, ReadonlyArray<Interval>>>()

/** The UTC intervals of the shifts that start on local date `day` (possibly empty after DST). */
const shiftsOn = (spec: ReferenceSpec, day: number): ReadonlyArray<Interval> => {
  let memo = shiftMemo.get(spec)
  if (memo === undefined) {
    memo = new Map()
    shiftMemo.set(spec, memo)
  }
  let shifts = memo.get(day)
  if (shifts === undefined) {
    shifts = rangesOn(spec, day)
      .map(parseRange)
      .map((r) => ({
        start: localToUtc(spec.timeZone, day * DAY + r.start * MINUTE),
        end: localToUtc(spec.timeZone, day * DAY + r.end * MINUTE),
      }))
      .filter((i) => i.end > i.start)
    memo.set(day, shifts)
  }
  return shifts
}

/**
 * Every open interval inside `[from, to)`, merged and clipped to it. Local dates from three
 * days before to two days after cover every shift that can reach the window (offsets are
 * within ±14 h and a shift ends less than two days after its local midnight).
 */
export const openIntervals = (spec: ReferenceSpec, from: number, to: number): ReadonlyArray<Interval> => {
  const raw: Array<Interval> = []
  for (let day = Math.floor(from / DAY) - 3; day <= Math.floor(to / DAY) + 2; day++)
    raw.push(...shiftsOn(spec, day))
  raw.sort((a, b) => a.start - b.start)
  const merged: Array<{ start: number; end: number }> = []
  for (const i of raw) {
    const last = merged[merged.length - 1]
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else merged.push({ ...i })
  }
  return merged
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.end > i.start)
}

// ── the queries ────────────────────────────────────────────────────────────────────────────

/** The reference ran out of open time (the engine should throw `NoOpenTime` or similar). */
export class ReferenceExhausted extends Error {}

/** Open time in `[a, b)`; negative when `b < a`. */
export const between = (spec: ReferenceSpec, a: number, b: number): number => {
  if (b < a) return -between(spec, b, a)
  let sum = 0
  for (const i of openIntervals(spec, a, b)) sum += i.end - i.start
  return sum
}

/** Whether `t` is in an open interval. */
export const isOpen = (spec: ReferenceSpec, t: number): boolean => openIntervals(spec, t, t + 1).length > 0

/**
 * Forward: the first instant by which `ms` of open time have passed since `t` (so a closing
 * time when it lands on one). Backward: the last instant from which `-ms` of open time pass
 * before `t` (so an opening time when it lands on one).
 */
export const add = (spec: ReferenceSpec, t: number, ms: number): number => {
  if (ms === 0) return t
  let remaining = Math.abs(ms)
  if (ms > 0) {
    for (let from = t; from < t + SCAN_LIMIT; from += WINDOW) {
      for (const i of openIntervals(spec, from, from + WINDOW)) {
        if (remaining <= i.end - i.start) return i.start + remaining
        remaining -= i.end - i.start
      }
    }
  } else {
    for (let to = t; to > t - SCAN_LIMIT; to -= WINDOW) {
      for (const i of [...openIntervals(spec, to - WINDOW, to)].reverse()) {
        if (remaining <= i.end - i.start) return i.end - remaining
        remaining -= i.end - i.start
      }
    }
  }
  throw new ReferenceExhausted(`no open time ${ms > 0 ? "after" : "before"} ${new Date(t).toISOString()}`)
}

/** `t` when open, else the next opening instant; `undefined` if none within the scan limit. */
export const nextOpen = (spec: ReferenceSpec, t: number): number | undefined => {
  for (let from = t; from < t + SCAN_LIMIT; from += WINDOW) {
    const first = openIntervals(spec, from, from + WINDOW)[0]
    if (first !== undefined) return first.start
  }
  return undefined
}

/** The end of the open period holding `t`, or of the next one; `undefined` if none ends within the scan limit. */
export const nextClose = (spec: ReferenceSpec, t: number): number | undefined => {
  const start = nextOpen(spec, t)
  if (start === undefined) return undefined
  // Clipped intervals end at their window's edge: keep going while the next window opens right there.
  for (let from = start; from < t + SCAN_LIMIT; from += WINDOW) {
    const first = openIntervals(spec, from, from + WINDOW)[0]
    if (first === undefined || first.start !== from) return from
    if (first.end < from + WINDOW) return first.end
  }
  return undefined
}
