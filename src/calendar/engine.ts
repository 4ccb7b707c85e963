/**
 * Business-time arithmetic over compiled years, in epoch milliseconds. Every query is a
 * binary search in one or two cached years; long spans add whole years' totals.
 * @internal
 */

import { instantProblem, isInRange, MAX_MS, MAX_YEAR, MIN_MS, MIN_YEAR } from "../internal/instant.js"
import { type Block, compileYear, type Rules } from "./compile.js"
import { InvalidArgument, NoOpenTime } from "./errors.js"

/** How many compiled years one calendar keeps (least recently used go first). */
const CACHE_YEARS = 48

/** The first instant of the years calendars compute in, and the end of the last one (the library's range). */
export { MAX_MS, MIN_MS } from "../internal/instant.js"

/** The compiled side of a calendar: rules plus its cache of years. */
export class Engine {
  readonly rules: Rules
  /** Open every instant: arithmetic is plain subtraction. */
  readonly always: boolean
  /** With no weekly hours, open time exists only on override dates: the first and last such UTC years. */
  readonly openYears: readonly [number, number] | undefined
  /** Every weekday open all day: after the last holiday or override the calendar never closes. */
  readonly neverClosesAfter: number | undefined
  private readonly blocks = new Map<number, Block>()
  private readonly totals = new Map<number, number>()
  /** The two years used last: a query spanning New Year alternates between them. */
  private hot: Block | undefined
  private warm: Block | undefined

  constructor(rules: Rules, always: boolean) {
    this.rules = rules
    this.always = always
    const weeklyOpen = rules.weekly.some((day) => day.length > 0)
    if (weeklyOpen) this.openYears = undefined
    else {
      const days = [...rules.overrides].filter(([, list]) => list.length > 0).map(([day]) => day)
      // Offsets and overnight shifts can move a local date's hours one UTC year either way.
      const years = days.map((d) => new Date(d * 86_400_000).getUTCFullYear())
      this.openYears = [Math.min(...years) - 1, Math.max(...years) + 1]
    }
    const fullWeek = rules.weekly.every((day) => day.some((r) => r.start === 0 && r.end >= 1440))
    const special = [...rules.holidays, ...rules.overrides.keys()].map((d) =>
      new Date(d * 86_400_000).getUTCFullYear(),
    )
    this.neverClosesAfter = fullWeek ? Math.max(MIN_YEAR, ...special) + 1 : undefined
  }

  /** The compiled year holding instant `t` (which the caller has range-checked). */
  blockAt(t: number): Block {
    const hot = this.hot
    if (hot !== undefined && t >= hot.from && t < hot.to) return hot
    const warm = this.warm
    // No reordering on a warm hit: a span across New Year alternates between the two.
    if (warm !== undefined && t >= warm.from && t < warm.to) return warm
    return this.year(yearOf(t))
  }

  /** The compiled UTC year `year`, from the two hot years, the cache, or compiled now. */
  year(year: number): Block {
    const hot = this.hot
    if (hot?.year === year) return hot
    const warm = this.warm
    if (warm?.year === year) return warm
    let block = this.blocks.get(year)
    if (block === undefined) {
      block = compileYear(this.rules, year)
      this.totals.set(year, block.total)
      if (this.blocks.size >= CACHE_YEARS) this.blocks.delete(this.blocks.keys().next().value!)
    } else this.blocks.delete(year) // least recently used goes first: re-insert as newest
    this.blocks.set(year, block)
    this.warm = hot
    this.hot = block
    return block
  }

  /** Open time in a whole UTC year, without keeping its intervals. */
  totalOf(year: number): number {
    return this.totals.get(year) ?? this.year(year).total
  }

  /**
   * The next year after `year` (before it when `step` is -1) that may hold open time, skipping
   * the empty years of an override-only calendar; `undefined` when there is none to search.
   */
  nextYear(year: number, step: 1 | -1): number | undefined {
    const o = this.openYears
    let next = year + step
    if (o !== undefined) {
      if (step === 1 && next < o[0]) next = o[0]
      if (step === -1 && next > o[1]) next = o[1]
      if (next < o[0] || next > o[1]) return undefined
    }
    return next >= MIN_YEAR && next <= MAX_YEAR ? next : undefined
  }
}

/** The UTC year of `t`, by arithmetic (no `Date` allocated on the hot path). */
export const yearOf = (t: number): number => {
  const y = Math.floor(t / 31_556_952_000) + 1970
  if (Date.UTC(y, 0, 1) > t) return y - 1
  return Date.UTC(y + 1, 0, 1) <= t ? y + 1 : y
}

/** Throws unless `t` is whole epoch milliseconds in the library's range (any value: the message never throws). */
export const checkInstant = (t: number, field: string): void => {
  if (!isInRange(t)) throw new InvalidArgument(field, instantProblem(t) ?? "is not a valid instant")
}

/** Number of intervals starting at or before `t`. */
const startsUpTo = (b: Block, t: number): number => {
  const s = b.starts
  let lo = 0
  let hi = b.count
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (s[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Open time in `[b.from, t)`. */
const openBefore = (b: Block, t: number): number => {
  const i = startsUpTo(b, t) - 1
  if (i < 0) return 0
  return b.before[i]! + Math.min(t, b.ends[i]!) - b.starts[i]!
}

/** The instant at which `target` ms of the year's open time have passed (a closing time if it lands on one). */
const instantForward = (b: Block, target: number): number => {
  const before = b.before
  let lo = 0
  let hi = b.count - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before[mid + 1]! >= target) hi = mid
    else lo = mid + 1
  }
  return b.starts[lo]! + (target - before[lo]!)
}

/** As {@link instantForward}, but counting back: lands on an opening time rather than a closing one. */
const instantBackward = (b: Block, target: number): number => {
  const before = b.before
  let lo = 0
  let hi = b.count - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before[mid + 1]! > target) hi = mid
    else lo = mid + 1
  }
  return b.starts[lo]! + (target - before[lo]!)
}

/** `t` plus `ms` of open time (backwards when negative). */
export const add = (e: Engine, t: number, ms: number, field = "duration"): number => {
  if (ms === 0) return t
  // Business time never runs faster than the wall clock: a result past the range is known at once.
  if (!(t + ms >= MIN_MS && t + ms < MAX_MS)) throw outOfRange(field)
  if (e.always) return t + ms
  let b = e.blockAt(t)
  let target = openBefore(b, t) + ms
  if (ms > 0) {
    while (target > b.total) {
      target -= b.total
      const next = e.nextYear(b.year, 1)
      if (next === undefined) throw exhausted(e, "forward", t, field)
      b = e.year(next)
    }
    return instantForward(b, target)
  }
  while (target < 0) {
    const previous = e.nextYear(b.year, -1)
    if (previous === undefined) throw exhausted(e, "backward", t, field)
    b = e.year(previous)
    target += b.total
  }
  return instantBackward(b, target)
}

const outOfRange = (field: string): Error =>
  new InvalidArgument(field, `the result lies outside the years ${MIN_YEAR}–${MAX_YEAR}`)

const exhausted = (e: Engine, direction: "forward" | "backward", t: number, field: string): Error =>
  e.openYears === undefined ? outOfRange(field) : new NoOpenTime(direction, t)

/** Open time in `[a, b)`; negative when `b < a`. */
export const between = (e: Engine, a: number, b: number): number => {
  if (b < a) return 0 - between(e, b, a) || 0
  if (e.always) return b - a
  const ba = e.blockAt(a)
  if (b < ba.to) return openBefore(ba, b) - openBefore(ba, a)
  let sum = ba.total - openBefore(ba, a)
  const bb = e.blockAt(b)
  for (let y = ba.year + 1; y < bb.year; y++) sum += e.totalOf(y)
  return sum + openBefore(bb, b)
}

/** Whether `t` lies in an open interval. */
export const openAt = (e: Engine, t: number): boolean => {
  if (e.always) return true
  const b = e.blockAt(t)
  const i = startsUpTo(b, t) - 1
  return i >= 0 && t < b.ends[i]!
}

/** `t` when open, else the next opening instant; `undefined` when none follows. */
export const nextOpening = (e: Engine, t: number): number | undefined => {
  if (e.always) return t
  let b = e.blockAt(t)
  const i = startsUpTo(b, t)
  if (i > 0 && t < b.ends[i - 1]!) return t
  if (i < b.count) return b.starts[i]!
  for (let y = e.nextYear(b.year, 1); y !== undefined; y = e.nextYear(y, 1)) {
    b = e.year(y)
    if (b.count > 0) return b.starts[0]!
  }
  return undefined
}

/**
 * The end of the open interval holding `t`, or of the next one when closed; `undefined` when the
 * calendar never closes again within the years it computes in.
 */
export const nextClosing = (e: Engine, t: number): number | undefined => {
  if (e.always) return undefined
  let b = e.blockAt(t)
  let i = startsUpTo(b, t) - 1
  if (i < 0 || t >= b.ends[i]!) i++
  if (i >= b.count) {
    const start = nextOpening(e, t)
    if (start === undefined) return undefined
    b = e.blockAt(start)
    i = startsUpTo(b, start) - 1
  }
  let end = b.ends[i]!
  // An interval cut at the year's end goes on if the next year opens at that very instant.
  while (end === b.to) {
    if (e.neverClosesAfter !== undefined && b.year > e.neverClosesAfter) return undefined
    const next = e.nextYear(b.year, 1)
    if (next !== b.year + 1) break
    b = e.year(next)
    if (b.count === 0 || b.starts[0] !== end) break
    end = b.ends[0]!
  }
  return end === Date.UTC(MAX_YEAR + 1, 0, 1) ? undefined : end
}
