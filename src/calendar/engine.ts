/**
 * Business-time arithmetic over compiled years, in epoch milliseconds. Every query is a
 * binary search in one or two cached years; long spans read whole years' open time from a
 * cumulative table, so they cost a binary search too once the years they cross are totalled.
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
  /** Open time up to each New Year, made on the first query that spans one. */
  private table: YearTable | undefined
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

  /**
   * Open time in a whole UTC year. Years an override-only calendar cannot open in are 0 without
   * compiling; others are compiled once, without taking a place in the cache of intervals.
   */
  totalOf(year: number): number {
    const o = this.openYears
    if (o !== undefined && (year < o[0] || year > o[1])) return 0
    let total = this.totals.get(year)
    if (total === undefined) {
      total = compileYear(this.rules, year).total
      this.totals.set(year, total)
    }
    return total
  }

  /** The cumulative table of open time per year, made on first use. */
  years(): YearTable {
    if (this.table === undefined) this.table = new YearTable((year) => this.totalOf(year))
    return this.table
  }

  /** How many years' totals were folded into the cumulative table so far: a cost counter for tests. @internal */
  get yearsFolded(): number {
    return this.table?.folded ?? 0
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

const YEARS = MAX_YEAR - MIN_YEAR + 1

/**
 * Open time up to each New Year of the range, so that the open time of whole years between two
 * New Years is one subtraction. Boundary `i` is 1 January of `MIN_YEAR + i` (`YEARS` is the end
 * of the range). Only the years queries have spanned are totalled (compiling a year costs up to a
 * millisecond): known boundaries form runs of consecutive ones, each with its own origin, and a
 * run grows a year at a time, taking in a run it meets by shifting that run onto its origin.
 * So a query first spanning N untotalled years costs O(N) compiles; once they are in one run,
 * every query over them is O(1) (`sum`) or O(log N) (`forward`, `backward`). Totals are whole
 * milliseconds below 2^53, so the sums are exact.
 */
class YearTable {
  /** Open time at each boundary, relative to its run's origin. */
  private readonly cum = new Float64Array(YEARS + 1)
  /** The run each boundary belongs to; 0 while unknown. */
  private readonly run = new Int32Array(YEARS + 1)
  /** First and last boundary of each run, by run id (a run is made only at an unknown boundary). */
  private readonly lo = new Int32Array(YEARS + 2)
  private readonly hi = new Int32Array(YEARS + 2)
  private runs = 0
  /** Years totalled into the table so far. */
  folded = 0

  constructor(private readonly totalOf: (year: number) => number) {}

  /** The run holding boundary `i`, made when `i` is unknown. */
  private runAt(i: number): number {
    const known = this.run[i]!
    if (known !== 0) return known
    const id = ++this.runs
    this.run[i] = id
    this.cum[i] = 0
    this.lo[id] = i
    this.hi[id] = i
    return id
  }

  /** Adds the year after run `id`'s last boundary to it (the caller checked one is left). */
  private growUp(id: number): void {
    const h = this.hi[id]!
    const value = this.cum[h]! + this.totalOf(MIN_YEAR + h)
    this.folded++
    this.join(id, h + 1, value)
  }

  /** Adds the year before run `id`'s first boundary to it (the caller checked one is left). */
  private growDown(id: number): void {
    const l = this.lo[id]!
    const value = this.cum[l]! - this.totalOf(MIN_YEAR + l - 1)
    this.folded++
    this.join(id, l - 1, value)
  }

  /** Puts boundary `j` (next to run `id`) in it with `value`, with the whole run `j` was in, if any. */
  private join(id: number, j: number, value: number): void {
    const other = this.run[j]!
    if (other === 0) {
      this.run[j] = id
      this.cum[j] = value
    } else {
      const delta = value - this.cum[j]!
      for (let k = this.lo[other]!; k <= this.hi[other]!; k++) {
        this.cum[k]! += delta
        this.run[k] = id
      }
      j = j > this.hi[id]! ? this.hi[other]! : this.lo[other]!
    }
    if (j > this.hi[id]!) this.hi[id] = j
    else this.lo[id] = j
  }

  /** Open time in the whole years `from` up to (not including) `to`. */
  sum(from: number, to: number): number {
    if (to <= from) return 0
    const i = from - MIN_YEAR
    const j = to - MIN_YEAR
    const id = this.runAt(i)
    while (this.hi[id]! < j) this.growUp(id)
    return this.cum[j]! - this.cum[i]!
  }

  /**
   * The first year after `year` and up to `last` by whose end `need` > 0 of open time has passed
   * since `year` began, with the open time from `year`'s start to that year's start; `undefined`
   * when `last` ends first.
   */
  forward(year: number, need: number, last: number): readonly [number, number] | undefined {
    const cum = this.cum
    const i = year - MIN_YEAR
    const id = this.runAt(i)
    while (cum[this.hi[id]!]! - cum[i]! < need) {
      if (this.hi[id]! > last - MIN_YEAR) return undefined
      this.growUp(id)
    }
    // The first boundary j > i with cum[j] − cum[i] ≥ need ends the year sought.
    let lo = i + 1
    let hi = this.hi[id]!
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cum[mid]! - cum[i]! >= need) hi = mid
      else lo = mid + 1
    }
    return [MIN_YEAR + lo - 1, cum[lo - 1]! - cum[i]!]
  }

  /**
   * The last year before `year` and from `first` on in which, counting back from `year`'s start,
   * `need` > 0 of open time has passed, with the open time from that year's start to `year`'s
   * start; `undefined` when `first` begins first.
   */
  backward(year: number, need: number, first: number): readonly [number, number] | undefined {
    const cum = this.cum
    const i = year - MIN_YEAR
    const id = this.runAt(i)
    while (cum[i]! - cum[this.lo[id]!]! < need) {
      if (this.lo[id]! <= first - MIN_YEAR) return undefined
      this.growDown(id)
    }
    // The last boundary j < i with cum[i] − cum[j] ≥ need begins the year sought.
    let lo = this.lo[id]!
    let hi = i - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (cum[i]! - cum[mid]! >= need) lo = mid
      else hi = mid - 1
    }
    return [MIN_YEAR + lo, cum[i]! - cum[lo]!]
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

/**
 * `t` plus `ms` of open time (backwards when negative): a binary search in `t`'s year, or, past
 * it, in the cumulative table of years (O(log years) once they are totalled) and then in the
 * year found.
 */
export const add = (e: Engine, t: number, ms: number, field = "duration"): number => {
  if (ms === 0) return t
  // Business time never runs faster than the wall clock: a result past the range is known at once.
  if (!(t + ms >= MIN_MS && t + ms < MAX_MS)) throw outOfRange(field)
  if (e.always) return t + ms
  const b = e.blockAt(t)
  const target = openBefore(b, t) + ms
  const o = e.openYears
  if (ms > 0) {
    if (target <= b.total) return instantForward(b, target)
    const found = e.years().forward(b.year, target, o === undefined ? MAX_YEAR : Math.min(o[1], MAX_YEAR))
    if (found === undefined) throw exhausted(e, "forward", t, field)
    return instantForward(e.year(found[0]), target - found[1])
  }
  if (target >= 0) return instantBackward(b, target)
  const found = e.years().backward(b.year, -target, o === undefined ? MIN_YEAR : Math.max(o[0], MIN_YEAR))
  if (found === undefined) throw exhausted(e, "backward", t, field)
  return instantBackward(e.year(found[0]), target + found[1])
}

const outOfRange = (field: string): Error =>
  new InvalidArgument(field, `the result lies outside the years ${MIN_YEAR}–${MAX_YEAR}`)

const exhausted = (e: Engine, direction: "forward" | "backward", t: number, field: string): Error =>
  e.openYears === undefined ? outOfRange(field) : new NoOpenTime(direction, t)

/** Open time in `[a, b)`; negative when `b < a`. The whole years between come from the cumulative table. */
export const between = (e: Engine, a: number, b: number): number => {
  if (b < a) return 0 - between(e, b, a) || 0
  if (e.always) return b - a
  const ba = e.blockAt(a)
  if (b < ba.to) return openBefore(ba, b) - openBefore(ba, a)
  const head = ba.total - openBefore(ba, a)
  const bb = e.blockAt(b)
  const whole = bb.year > ba.year + 1 ? e.years().sum(ba.year + 1, bb.year) : 0
  return head + whole + openBefore(bb, b)
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
