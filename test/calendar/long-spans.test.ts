// Spans of many years: the engine reads whole years' open time from a cumulative table instead of
// stepping year by year. Its answers must be those of the year-by-year walk it replaced (written
// out below as the oracle, over the same compiled years), anywhere in 1900–2399, and repeated
// queries must cost the same whatever the span. Costs are counted (years folded into the table),
// never timed.
import fc from "fast-check"
import { addBusinessMs, businessMsBetween, type Calendar, type CalendarSpec, make } from "servicekit/calendar"
import { describe, expect, it } from "vitest"
import { type Block, compileYear, type Rules } from "../../src/calendar/compile.js"
import { MAX_MS, MAX_YEAR, MIN_MS, MIN_YEAR } from "../../src/internal/instant.js"
import { runs } from "../setup/property-runs.js"
import { arbRange, DAY, HOUR, iso, isoDate } from "./arbitraries.js"

const YEAR = 365 * DAY
const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const

// ── oracle: the year-by-year walk, over compileYear's blocks, with linear scans ─────────────

/** A failure as the oracle knows it: a result outside the range, or no open time left. */
type Outcome = number | "OutOfRange" | "NoOpenTime"

const yearOf = (t: number): number => new Date(t).getUTCFullYear()

class Oracle {
  private readonly rules: Rules
  private readonly memo = new Map<number, Block>()
  private readonly first: number
  private readonly last: number
  private readonly overrideOnly: boolean

  constructor(calendar: Calendar) {
    // The calendar's parsed rules: what is checked here is the walk over years, not parsing.
    this.rules = (calendar as unknown as { engine: { rules: Rules } }).engine.rules
    const overrides = this.rules.overrides
    this.overrideOnly = this.rules.weekly.every((d) => d.length === 0)
    // Override-only: open time lies within a year of the override dates (offsets, overnight shifts).
    const years = [...overrides].filter(([, l]) => l.length > 0).map(([d]) => yearOf(d * DAY))
    this.first = this.overrideOnly ? Math.max(MIN_YEAR, Math.min(...years) - 1) : MIN_YEAR
    this.last = this.overrideOnly ? Math.min(MAX_YEAR, Math.max(...years) + 1) : MAX_YEAR
  }

  block(year: number): Block {
    let b = this.memo.get(year)
    if (b === undefined) {
      b = compileYear(this.rules, year)
      this.memo.set(year, b)
    }
    return b
  }

  private openBefore(b: Block, t: number): number {
    let sum = 0
    for (let i = 0; i < b.count; i++) sum += Math.max(0, Math.min(t, b.ends[i]!) - b.starts[i]!)
    return sum
  }

  /** The instant where `target` of the year's open time has passed; `late`: after rather than at a boundary. */
  private instant(b: Block, target: number, late: boolean): number {
    let before = 0
    for (let i = 0; i < b.count; i++) {
      const next = before + b.ends[i]! - b.starts[i]!
      if (late ? next > target : next >= target) return b.starts[i]! + target - before
      before = next
    }
    throw new Error(`oracle: ${target} past the year ${b.year}`)
  }

  private exhausted(): Outcome {
    return this.overrideOnly ? "NoOpenTime" : "OutOfRange"
  }

  add(t: number, ms: number): Outcome {
    if (ms === 0) return t
    if (!(t + ms >= MIN_MS && t + ms < MAX_MS)) return "OutOfRange"
    let y = yearOf(t)
    let b = this.block(y)
    let target = this.openBefore(b, t) + ms
    if (ms > 0) {
      while (target > b.total) {
        target -= b.total
        y = Math.max(y + 1, this.first)
        if (y > this.last) return this.exhausted()
        b = this.block(y)
      }
      return this.instant(b, target, false)
    }
    while (target < 0) {
      y = Math.min(y - 1, this.last)
      if (y < this.first) return this.exhausted()
      b = this.block(y)
      target += b.total
    }
    return this.instant(b, target, true)
  }

  between(a: number, b: number): number {
    if (b < a) return 0 - this.between(b, a) || 0
    const ya = yearOf(a)
    const yb = yearOf(b)
    const ba = this.block(ya)
    if (ya === yb) return this.openBefore(ba, b) - this.openBefore(ba, a)
    let sum = ba.total - this.openBefore(ba, a)
    for (let y = ya + 1; y < yb; y++) sum += y < this.first || y > this.last ? 0 : this.block(y).total
    return sum + this.openBefore(this.block(yb), b)
  }
}

const outcome = (run: () => number): Outcome => {
  try {
    return run()
  } catch (e) {
    const tag = (e as { _tag?: string })._tag
    if (tag === "NoOpenTime") return "NoOpenTime"
    if (tag === "InvalidArgument" && /outside the years/.test(String(e))) return "OutOfRange"
    throw e
  }
}

// ── arbitraries: calendars and queries anywhere in the range ─────────────────────────────────

const FIRST_DAY = MIN_MS / DAY + 2
const LAST_DAY = MAX_MS / DAY - 3
const arbDay = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(isoDate)
const arbZone = fc.constantFrom("UTC", "Europe/Rome", "America/St_Johns", "Pacific/Chatham", "Asia/Kolkata")

const arbWeekly = fc
  .tuple(...weekdays.map(() => fc.array(arbRange, { maxLength: 2 })))
  .filter((days) => days.some((d) => d.length > 0))
  .map((days) => Object.fromEntries(weekdays.map((d, i) => [d, days[i]!])))

/** Weekly hours; override dates only (open a few days in 500 years); or open all week but holidays. */
const arbSpec: fc.Arbitrary<CalendarSpec> = fc.oneof(
  fc.record({
    timeZone: arbZone,
    hours: arbWeekly,
    holidays: fc.uniqueArray(arbDay, { maxLength: 3 }),
    overrides: fc.dictionary(arbDay, fc.array(arbRange, { maxLength: 2 }), { maxKeys: 2 }),
  }),
  fc.record({
    timeZone: arbZone,
    hours: fc.constant({}),
    overrides: fc.dictionary(arbDay, fc.array(arbRange, { minLength: 1, maxLength: 2 }), {
      minKeys: 1,
      maxKeys: 3,
    }),
  }),
  fc.record({
    timeZone: arbZone,
    hours: fc.constant(Object.fromEntries(weekdays.map((d) => [d, ["00:00-24:00"]]))),
    holidays: fc.uniqueArray(arbDay, { minLength: 1, maxLength: 3 }),
  }),
)

const arbInstant = fc.integer({ min: MIN_MS, max: MAX_MS - 1 })
/** Business durations of hours, years or centuries, either way. */
const arbSpan = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 1, max: 40 * HOUR }),
      fc.integer({ min: 1, max: 3 * YEAR }),
      fc.integer({ min: 1, max: 500 * YEAR }),
    ),
    fc.boolean(),
  )
  .map(([ms, back]) => (back ? -ms : ms))

type Query =
  | { readonly op: "add"; readonly t: number; readonly ms: number }
  | { readonly op: "between"; readonly a: number; readonly b: number }

const arbQuery: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ op: fc.constant("add" as const), t: arbInstant, ms: arbSpan }),
  fc.record({ op: fc.constant("between" as const), a: arbInstant, b: arbInstant }),
  arbInstant.chain((a) =>
    fc.record({
      op: fc.constant("between" as const),
      a: fc.constant(a),
      b: arbSpan.map((d) => Math.min(MAX_MS - 1, Math.max(MIN_MS, a + d))),
    }),
  ),
)

describe("long spans: answers", () => {
  it("add and between over any span in 1900–2399 equal the year-by-year walk, query after query on one calendar", () => {
    fc.assert(
      fc.property(arbSpec, fc.array(arbQuery, { minLength: 1, maxLength: 8 }), (spec, queries) => {
        const calendar = make(spec)
        const oracle = new Oracle(calendar)
        // Several queries per calendar: the table grows in separate runs that later queries join.
        for (const q of queries) {
          if (q.op === "add") {
            const got = outcome(() => addBusinessMs(calendar, q.t, q.ms))
            const want = oracle.add(q.t, q.ms)
            if (got !== want)
              throw new Error(
                `add ${iso(q.t)} ${q.ms} ms: ${typeof got === "number" ? iso(got) : got}, want ${typeof want === "number" ? iso(want) : want}`,
              )
          } else
            expect(businessMsBetween(calendar, q.a, q.b), `between ${iso(q.a)} ${iso(q.b)}`).toBe(
              oracle.between(q.a, q.b),
            )
        }
      }),
      { numRuns: runs(60) },
    )
  })

  it("a result landing on New Year, the range's ends and an exhausted override-only calendar match the walk", () => {
    const spec: CalendarSpec = {
      timeZone: "UTC",
      hours: {},
      overrides: { "1950-06-01": ["09:00-17:00"], "2300-06-01": ["09:00-17:00"] },
    }
    const calendar = make(spec)
    const oracle = new Oracle(calendar)
    const cases: ReadonlyArray<readonly [number, number]> = [
      [Date.UTC(1900, 0, 1), 8 * HOUR],
      [Date.UTC(1900, 0, 1), 16 * HOUR],
      [Date.UTC(1900, 0, 1), 16 * HOUR + 1],
      [Date.UTC(2399, 11, 31), -16 * HOUR],
      [Date.UTC(2399, 11, 31), -16 * HOUR - 1],
      [Date.UTC(2100, 0, 1), 8 * HOUR],
      [Date.UTC(2100, 0, 1), -8 * HOUR],
      [Date.UTC(2100, 0, 1), -9 * HOUR],
    ]
    for (const [t, ms] of cases)
      expect(
        outcome(() => addBusinessMs(calendar, t, ms)),
        `${iso(t)} ${ms}`,
      ).toBe(oracle.add(t, ms))
    const full = make({
      timeZone: "UTC",
      hours: Object.fromEntries(weekdays.map((d) => [d, ["00:00-24:00"]])),
      holidays: ["2000-01-01"],
    })
    // Open all week but one day: 100 years of business time ends a day late, exactly at a New Year.
    expect(addBusinessMs(full, Date.UTC(1950, 0, 1), Date.UTC(2050, 0, 1) - Date.UTC(1950, 0, 1) - DAY)).toBe(
      Date.UTC(2050, 0, 1),
    )
  })
})

// ── cost: years folded into the table ────────────────────────────────────────────────────────

const engineOf = (calendar: Calendar) => (calendar as unknown as { engine: { yearsFolded: number } }).engine

/** Years folded into the table while `run` runs. */
const foldedBy = (calendar: Calendar, run: () => void): number => {
  const before = engineOf(calendar).yearsFolded
  run()
  return engineOf(calendar).yearsFolded - before
}

const office: CalendarSpec = {
  timeZone: "Europe/Rome",
  hours: {
    mon: ["09:00-18:00"],
    tue: ["09:00-18:00"],
    wed: ["09:00-18:00"],
    thu: ["09:00-18:00"],
    fri: ["09:00-18:00"],
  },
  holidays: ["2025-12-25", "2026-01-01"],
}
const starts = Array.from({ length: 64 }, (_, i) => Date.UTC(2025, 0, 1) + i * 5 * DAY + i * 997_000)
/** About a year, ten and a hundred of an office calendar's 45 h weeks. */
const spans = [1, 10, 100] as const
const workYear = 2_250 * HOUR

describe("long spans: cost", () => {
  it("repeated adds cost no year steps whatever the span, once the years crossed are totalled", () => {
    const calendar = make(office)
    const cost = spans.map((years) => {
      const run = () => {
        for (const t of starts) {
          addBusinessMs(calendar, t, years * workYear)
          addBusinessMs(calendar, t + 150 * YEAR, -years * workYear)
        }
      }
      const first = foldedBy(calendar, run)
      return { years, first, again: foldedBy(calendar, run) }
    })
    // The first call over untotalled years totals each once (at most the span, plus a year or two).
    for (const c of cost) expect(c.first).toBeLessThanOrEqual(2 * (c.years + 2))
    expect(cost.map((c) => c.again)).toEqual([0, 0, 0])
  })

  it("repeated betweens cost no year steps whatever the span, and a span inside totalled years none at all", () => {
    const calendar = make(office)
    const cost = spans.map((years) => {
      const run = () => {
        for (const t of starts) businessMsBetween(calendar, t, t + years * YEAR)
      }
      const first = foldedBy(calendar, run)
      return { years, first, again: foldedBy(calendar, run) }
    })
    for (const c of cost) expect(c.first).toBeLessThanOrEqual(c.years + 2)
    expect(cost.map((c) => c.again)).toEqual([0, 0, 0])
    // Totalled once from 2025 on; a span inside those years, or back to them, adds nothing.
    expect(
      foldedBy(calendar, () => businessMsBetween(calendar, Date.UTC(2060, 5, 1), Date.UTC(2030, 5, 1))),
    ).toBe(0)
  })

  it("two separately totalled stretches join when a query spans the gap, the gap's years totalled once", () => {
    const calendar = make(office)
    const late = Date.UTC(2200, 0, 1)
    foldedBy(calendar, () => businessMsBetween(calendar, Date.UTC(2000, 0, 1), Date.UTC(2010, 0, 1)))
    foldedBy(calendar, () => businessMsBetween(calendar, late, Date.UTC(2210, 0, 1)))
    // 2010–2200 lies between the two stretches: totalled once, the second stretch shifted onto the first.
    expect(
      foldedBy(calendar, () => businessMsBetween(calendar, Date.UTC(2001, 0, 1), Date.UTC(2209, 0, 1))),
    ).toBeLessThanOrEqual(192)
    const oracle = new Oracle(calendar)
    for (const [a, b] of [
      [Date.UTC(2000, 0, 1), Date.UTC(2210, 0, 1)],
      [Date.UTC(2005, 3, 1), late + 123_456_789],
    ] as const) {
      expect(
        foldedBy(calendar, () => expect(businessMsBetween(calendar, a, b)).toBe(oracle.between(a, b))),
      ).toBe(0)
    }
  })
})
