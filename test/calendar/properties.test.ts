import fc from "fast-check"
import {
  addBusinessMs,
  businessMsBetween,
  type Calendar,
  type CalendarSpec,
  isOpen,
  make,
  nextClose,
  nextOpen,
} from "servicekit/calendar"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import {
  arbCalendarCase,
  arbDuration,
  arbOffset,
  type CalendarCase,
  DAY,
  HOUR,
  iso,
  isoDate,
  MINUTE,
  transitions,
  zones,
} from "./arbitraries.js"
import * as ref from "./reference.js"

/**
 * The reference's answer, or a discarded case when the answer lies beyond the years the naive
 * reference scans (a calendar open a few minutes a week and a duration of days): the oracle has
 * no answer there, so the case says nothing either way.
 */
const refAdd = (spec: Parameters<typeof ref.add>[0], t: number, ms: number): number => {
  try {
    return ref.add(spec, t, ms)
  } catch (e) {
    if (e instanceof ref.ReferenceExhausted) fc.pre(false)
    throw e
  }
}

const RUNS = runs(100)

/** Epoch ms, or undefined: nextOpen and nextClose answer Dates. */
const ms = (d: Date | undefined): number | undefined => d?.getTime()

const compiled = new WeakMap<CalendarSpec, Calendar>()
const calendarOf = (c: CalendarCase): Calendar => {
  let cal = compiled.get(c.spec)
  if (cal === undefined) {
    cal = make(c.spec)
    compiled.set(c.spec, cal)
  }
  return cal
}

/** Instant `offset` ms after the case's base day at midnight UTC. */
const at = (c: CalendarCase, offset: number): number => c.baseDay * DAY + offset

describe.each(zones)("business time in %s", (zone) => {
  const arbCase = arbCalendarCase(zone)

  it("adds business time as the naive reference does, forwards and backwards", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, arbDuration, fc.boolean(), (c, offset, d, back) => {
        const t = at(c, offset)
        const duration = back ? -d : d
        expect(iso(addBusinessMs(calendarOf(c), t, duration))).toBe(iso(refAdd(c.spec, t, duration)))
      }),
      { numRuns: RUNS },
    )
  })

  it("measures business time between two instants as the naive reference does", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, arbOffset, (c, x, y) => {
        const [a, b] = [at(c, x), at(c, y)]
        // `+ 0`: a backwards span with no open time measures -0 (reported separately in spec.test.ts).
        expect(businessMsBetween(calendarOf(c), a, b) + 0).toBe(ref.between(c.spec, a, b) + 0)
      }),
      { numRuns: RUNS },
    )
  })

  it("says whether it is open, and when it next opens and closes, as the naive reference does", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, (c, offset) => {
        const t = at(c, offset)
        const cal = calendarOf(c)
        expect(isOpen(cal, t)).toBe(ref.isOpen(c.spec, t))
        expect(iso(ms(nextOpen(cal, t)))).toBe(iso(ref.nextOpen(c.spec, t)))
        expect(iso(ms(nextClose(cal, t)))).toBe(iso(ref.nextClose(c.spec, t)))
      }),
      { numRuns: RUNS },
    )
  })

  it("measures and adds over months and across years as the naive reference does", () => {
    const anywhere = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) - 1 })
    fc.assert(
      fc.property(arbCase, anywhere, anywhere, fc.integer({ min: 0, max: 400 * HOUR }), (c, a, b, d) => {
        expect(businessMsBetween(calendarOf(c), a, b) + 0).toBe(ref.between(c.spec, a, b) + 0)
        expect(iso(addBusinessMs(calendarOf(c), a, d))).toBe(iso(refAdd(c.spec, a, d)))
      }),
      { numRuns: runs(4) },
    )
  })

  it("measures back exactly the business time it added", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, arbDuration, (c, offset, d) => {
        const cal = calendarOf(c)
        const a = at(c, offset)
        expect(businessMsBetween(cal, a, addBusinessMs(cal, a, d))).toBe(d)
        expect(businessMsBetween(cal, addBusinessMs(cal, a, -d), a)).toBe(d)
      }),
      { numRuns: RUNS },
    )
  })

  it("never moves a due time earlier for a later start or a longer duration", () => {
    fc.assert(
      fc.property(
        arbCase,
        arbOffset,
        arbOffset,
        arbDuration,
        arbDuration,
        fc.boolean(),
        (c, x, y, d1, d2, back) => {
          const cal = calendarOf(c)
          const [a, b] = [at(c, Math.min(x, y)), at(c, Math.max(x, y))]
          const [lo, hi] = back
            ? [-Math.max(d1, d2), -Math.min(d1, d2)]
            : [Math.min(d1, d2), Math.max(d1, d2)]
          expect(addBusinessMs(cal, a, lo)).toBeLessThanOrEqual(addBusinessMs(cal, b, lo))
          expect(addBusinessMs(cal, a, lo)).toBeLessThanOrEqual(addBusinessMs(cal, a, hi))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it("adds up business time over adjacent spans, in any order", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, arbOffset, arbOffset, (c, x, y, z) => {
        const cal = calendarOf(c)
        const [a, b, d] = [at(c, x), at(c, y), at(c, z)]
        // `+ 0`: a backwards span with no open time measures -0 (reported separately in spec.test.ts).
        const whole = businessMsBetween(cal, a, d) + 0
        expect(whole).toBe(businessMsBetween(cal, a, b) + businessMsBetween(cal, b, d) + 0)
      }),
      { numRuns: RUNS },
    )
  })

  it("is open at an instant exactly when the millisecond from it counts, and adding nothing stays put", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, (c, offset) => {
        const cal = calendarOf(c)
        const t = at(c, offset)
        expect(isOpen(cal, t)).toBe(businessMsBetween(cal, t, t + 1) === 1)
        expect(addBusinessMs(cal, t, 0)).toBe(t)
        expect(addBusinessMs(cal, t, -0)).toBe(t)
      }),
      { numRuns: RUNS },
    )
  })

  it("next opens at an open instant with no open time before it, and next closes after it", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, (c, offset) => {
        const cal = calendarOf(c)
        const t = at(c, offset)
        const open = nextOpen(cal, t)!.getTime()
        expect(open).toBeGreaterThanOrEqual(t)
        expect(isOpen(cal, open)).toBe(true)
        expect(businessMsBetween(cal, t, open)).toBe(0)
        const closing = nextClose(cal, t)
        // Never closing again: open every instant from here on (what we can check of it).
        if (closing === undefined) return expect(businessMsBetween(cal, open, open + 60 * DAY)).toBe(60 * DAY)
        const close = closing.getTime()
        expect(close).toBeGreaterThan(open)
        expect(isOpen(cal, close)).toBe(false)
        expect(businessMsBetween(cal, open, close)).toBe(close - open)
      }),
      { numRuns: RUNS },
    )
  })

  it("lands a forward add at or before a closing time and a backward add on open time", () => {
    fc.assert(
      fc.property(arbCase, arbOffset, arbDuration, (c, offset, d) => {
        fc.pre(d > 0)
        const cal = calendarOf(c)
        const t = at(c, offset)
        // Forward: the millisecond just before the result was open, so no closed gap was skipped into.
        expect(isOpen(cal, addBusinessMs(cal, t, d) - 1)).toBe(true)
        // Backward: the result itself is open: an opening time rather than the previous closing time.
        expect(isOpen(cal, addBusinessMs(cal, t, -d))).toBe(true)
        // Exactly the open time left in the period lands on its closing time, which is closed.
        const closing = nextClose(cal, t)
        if (closing === undefined) return
        const close = closing.getTime()
        if (isOpen(cal, t))
          expect(iso(addBusinessMs(cal, t, businessMsBetween(cal, t, close)))).toBe(iso(close))
        expect(isOpen(cal, close)).toBe(false)
      }),
      { numRuns: RUNS },
    )
  })
})

/** Ranges set around the wall times at which the zones change offset (01:00 to 03:30). */
const edgeRanges: ReadonlyArray<ReadonlyArray<string>> = [
  ["00:00-24:00"],
  ["01:00-03:00"],
  ["02:00-02:30"],
  ["02:15-02:45", "03:00-04:00"],
  ["02:30-04:00"],
  ["00:00-02:00", "03:00-24:00"],
  ["22:00-02:30"],
  ["23:00-01:30", "01:45-03:15"],
  ["12:00-02:00"],
  ["00:30-01:00", "01:00-01:30"],
]
const edgeOffsets = [-25 * HOUR, -3 * HOUR, -HOUR, -30 * MINUTE, -1, 0, 1, 30 * MINUTE, HOUR, 3 * HOUR]
const edgeDurations = [1, 30 * MINUTE, HOUR, 2 * HOUR, 5 * HOUR, 24 * HOUR]

const edges = zones.flatMap((zone) =>
  transitions(zone, 2025).map((tr) => ({
    zone,
    tr,
    name: `${zone} at ${iso(tr.at)} (${(tr.after - tr.before) / MINUTE} min)`,
  })),
)

describe("business time right around each zone's 2025 DST changes", () => {
  it("finds the transitions with Intl (30-minute Lord Howe, 2-hour Troll)", () => {
    expect(edges.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "Europe/Rome at 2025-03-30T01:00:00.000Z (60 min)",
        "Australia/Lord_Howe at 2025-10-04T15:30:00.000Z (30 min)",
        "Antarctica/Troll at 2025-03-30T01:00:00.000Z (120 min)",
        "Antarctica/Troll at 2025-10-26T01:00:00.000Z (-120 min)",
      ]),
    )
    expect(edges.filter((e) => e.zone === "Asia/Kolkata" || e.zone === "America/Sao_Paulo")).toEqual([])
  })

  it.each(edges)("agrees with the naive reference: $name", ({ zone, tr }) => {
    // The local date of the change.
    const day = Math.floor((tr.at + tr.before) / DAY)
    for (const ranges of edgeRanges) {
      const hours = Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ranges]),
      )
      const variants: ReadonlyArray<CalendarSpec> = [
        // A holiday keeps even the full-day calendar on the interval tables, and gives it a next closing.
        { timeZone: zone, hours, holidays: [isoDate(day + 3)] },
        { timeZone: zone, hours, holidays: [isoDate(day - 1), isoDate(day + 3)] },
        {
          timeZone: zone,
          hours,
          holidays: [isoDate(day + 3)],
          overrides: { [isoDate(day)]: ["01:30-02:30"] },
        },
      ]
      for (const spec of variants) {
        const cal = make(spec)
        // One comparison per calendar: thousands of separate expects would dominate the run time.
        const actual: Array<string> = []
        const expected: Array<string> = []
        const both = (what: string, got: unknown, want: unknown) => {
          actual.push(`${what}: ${String(got)}`)
          expected.push(`${what}: ${String(want)}`)
        }
        for (const offset of edgeOffsets) {
          const t = tr.at + offset
          both(`isOpen ${iso(t)}`, isOpen(cal, t), ref.isOpen(spec, t))
          both(`nextOpen ${iso(t)}`, iso(ms(nextOpen(cal, t))), iso(ref.nextOpen(spec, t)))
          both(`nextClose ${iso(t)}`, iso(ms(nextClose(cal, t))), iso(ref.nextClose(spec, t)))
          for (const d of edgeDurations) {
            for (const signed of [d, -d]) {
              both(
                `add ${iso(t)} ${signed}`,
                iso(addBusinessMs(cal, t, signed)),
                iso(refAdd(spec, t, signed)),
              )
              both(
                `between ${iso(t)} ${iso(t + signed)}`,
                businessMsBetween(cal, t, t + signed) + 0,
                ref.between(spec, t, t + signed) + 0,
              )
            }
          }
        }
        expect(actual, JSON.stringify(spec)).toEqual(expected)
      }
    }
  })
})

describe("the naive reference itself", () => {
  const rome: CalendarSpec = { timeZone: "Europe/Rome", hours: { sat: ["22:00-06:00"] } }

  it("moves a wall time in the spring-forward gap forward by the gap", () => {
    // 02:30 on 2025-03-30 does not exist in Rome: it is read as 03:30 CEST.
    expect(iso(ref.localToUtc("Europe/Rome", Date.UTC(2025, 2, 30, 2, 30)))).toBe("2025-03-30T01:30:00.000Z")
    // Lord Howe skips 02:00–02:30 on 2025-10-05: 02:15 is read as 02:45 (+11).
    expect(iso(ref.localToUtc("Australia/Lord_Howe", Date.UTC(2025, 9, 5, 2, 15)))).toBe(
      "2025-10-04T15:45:00.000Z",
    )
  })

  it("takes the earlier instant of an ambiguous wall time", () => {
    expect(iso(ref.localToUtc("America/New_York", Date.UTC(2025, 10, 2, 1, 30)))).toBe(
      "2025-11-02T05:30:00.000Z",
    )
    expect(iso(ref.localToUtc("Antarctica/Troll", Date.UTC(2025, 9, 26, 2, 0)))).toBe(
      "2025-10-26T00:00:00.000Z",
    )
  })

  it("counts an overnight shift across spring-forward as 7 hours", () => {
    expect(ref.between(rome, Date.UTC(2025, 2, 29), Date.UTC(2025, 2, 31))).toBe(7 * HOUR)
    expect(iso(ref.add(rome, Date.UTC(2025, 2, 29, 22), 4 * HOUR))).toBe("2025-03-30T02:00:00.000Z")
  })
})
