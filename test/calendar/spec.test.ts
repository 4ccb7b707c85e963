import * as Result from "effect/Result"
import {
  addBusinessMs,
  addBusinessTime,
  always,
  businessMsBetween,
  businessTimeBetween,
  type Calendar,
  type CalendarSpec,
  CalendarSpecSchema,
  decode,
  InvalidArgument,
  InvalidCalendar,
  isOpen,
  make,
  NoOpenTime,
  nextClose,
  nextOpen,
  toMillis,
} from "servicekit/calendar"
import { describe, expect, it } from "vitest"

const HOUR = 3_600_000
const weekdays = { mon: ["09:00-18:00"] }
const valid = { timeZone: "Europe/Rome", hours: weekdays }

/** The decode failure for `input`; fails the test if it decodes. */
const failureOf = (input: unknown): InvalidCalendar => {
  const decoded = decode(input)
  if (Result.isSuccess(decoded)) throw new Error(`decoded a bad spec: ${JSON.stringify(input)}`)
  return decoded.failure
}

/** What make throws for `input`. */
const thrownBy = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("did not throw")
}

describe("a calendar spec is refused with an InvalidCalendar naming the field", () => {
  const cases: ReadonlyArray<readonly [string, unknown, string, RegExp]> = [
    [
      "a range not in HH:MM-HH:MM",
      { ...valid, hours: { tue: ["09:00-13:00", "9:00-18:00"] } },
      "hours.tue[1]",
      /is not HH:MM-HH:MM/,
    ],
    ["24:00 as a start", { ...valid, hours: { mon: ["24:00-06:00"] } }, "hours.mon[0]", /impossible time/],
    ["24:30 as an end", { ...valid, hours: { mon: ["09:00-24:30"] } }, "hours.mon[0]", /impossible time/],
    ["60 minutes", { ...valid, hours: { mon: ["09:60-18:00"] } }, "hours.mon[0]", /impossible time/],
    [
      "60 minutes in the end",
      { ...valid, hours: { mon: ["09:00-17:60"] } },
      "hours.mon[0]",
      /impossible time/,
    ],
    ["a start equal to the end", { ...valid, hours: { wed: ["09:00-09:00"] } }, "hours.wed[0]", /same time/],
    ["00:00-00:00", { ...valid, hours: { wed: ["00:00-00:00"] } }, "hours.wed[0]", /same time/],
    ["a range with spaces", { ...valid, hours: { mon: [" 09:00-18:00"] } }, "hours.mon[0]", /HH:MM-HH:MM/],
    ["a range that is not a string", { ...valid, hours: { mon: [9] } }, "hours.mon[0]", /./],
    ["hours that are not an array", { ...valid, hours: { mon: "09:00-18:00" } }, "hours.mon", /./],
    ["hours that are not an object", { ...valid, hours: ["09:00-18:00"] }, "hours", /./],
    ["no hours at all", { timeZone: "UTC" }, "hours", /./],
    ["a holiday not in YYYY-MM-DD", { ...valid, holidays: ["25/12/2025"] }, "holidays[0]", /YYYY-MM-DD/],
    [
      "a holiday on 30 February",
      { ...valid, holidays: ["2025-01-01", "2025-02-30"] },
      "holidays[1]",
      /real date/,
    ],
    ["a holiday in year 1800", { ...valid, holidays: ["1800-01-01"] }, "holidays[0]", /outside the years/],
    ["holidays that are not an array", { ...valid, holidays: "2025-12-25" }, "holidays", /./],
    [
      "an override key that is no date",
      { ...valid, overrides: { "2025-13-01": [] } },
      'overrides["2025-13-01"]',
      /real date/,
    ],
    [
      "an override key in another format",
      { ...valid, overrides: { tomorrow: [] } },
      "overrides.tomorrow",
      /YYYY-MM-DD/,
    ],
    [
      "a bad override range",
      { ...valid, overrides: { "2025-12-24": ["09:00-13"] } },
      'overrides["2025-12-24"][0]',
      /HH:MM-HH:MM/,
    ],
    ["an unknown zone", { ...valid, timeZone: "Mars/Olympus" }, "timeZone", /not a known IANA time zone/],
    ["an empty zone", { ...valid, timeZone: "" }, "timeZone", /not a known IANA time zone/],
    ["a zone that is not a string", { ...valid, timeZone: 1 }, "timeZone", /./],
    ["no open time at all", { timeZone: "UTC", hours: { mon: [] } }, "hours", /never open/],
    [
      "only closed overrides",
      { timeZone: "UTC", hours: {}, overrides: { "2025-06-02": [] } },
      "hours",
      /never open/,
    ],
    ["null", null, "(calendar)", /./],
    ["a string", "Europe/Rome", "(calendar)", /./],
    ["an array", [valid], "(calendar)", /./],
  ]

  it.each(cases)("%s", (_what, input, path, message) => {
    const failure = failureOf(input)
    expect(failure).toBeInstanceOf(InvalidCalendar)
    expect(failure._tag).toBe("InvalidCalendar")
    // A problem with the whole input has the empty path, shown as "(calendar)" in the message.
    const issue = failure.issues.find((i) => i.path === path || (path === "(calendar)" && i.path === ""))
    expect(issue, JSON.stringify(failure.issues)).toBeDefined()
    expect(issue?.message).toMatch(message)
    expect(failure.message).toContain(`${path}: `)
    // make throws the very same error; the exported schema refuses the input as well.
    const thrown = thrownBy(() => make(input as CalendarSpec))
    expect(thrown).toBeInstanceOf(InvalidCalendar)
    expect((thrown as InvalidCalendar).issues).toEqual(failure.issues)
    expect(CalendarSpecSchema.safeParse(input).success).toBe(false)
  })

  it('reads like `hours.tue[1]: "9:00-18:00" is not HH:MM-HH:MM`', () => {
    const failure = failureOf({ timeZone: "Europe/Rome", hours: { tue: ["09:00-13:00", "9:00-18:00"] } })
    expect(failure.message).toBe('hours.tue[1]: "9:00-18:00" is not HH:MM-HH:MM')
    expect(failure.issues).toEqual([{ path: "hours.tue[1]", message: '"9:00-18:00" is not HH:MM-HH:MM' }])
  })

  it("lists every bad field, not just the first", () => {
    const failure = failureOf({
      timeZone: "Mars/Olympus",
      hours: { mon: ["9-5"], fri: ["18:00-18:00"] },
      holidays: ["2025-02-29"],
      overrides: { "2025-12-24": ["25:00-26:00"] },
    })
    expect(failure.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        "timeZone",
        "hours.mon[0]",
        "hours.fri[0]",
        "holidays[0]",
        'overrides["2025-12-24"][0]',
      ]),
    )
  })

  it("names an unknown weekday key", () => {
    expect(
      failureOf({ ...valid, hours: { mon: ["09:00-18:00"], funday: ["09:00-18:00"] } }).message,
    ).toContain("hours.funday")
  })

  it("names an unknown top-level key", () => {
    expect(failureOf({ ...valid, holiday: ["2025-12-25"] }).message).toContain("holiday")
  })

  it("says what a structurally wrong field should have been, not just 'Invalid input'", () => {
    expect(failureOf({ ...valid, hours: { mon: "09:00-18:00" } }).message).toMatch(/array/i)
    expect(failureOf({ ...valid, timeZone: 1 }).message).toMatch(/string/i)
  })

  it("refuses an override keyed __proto__ in parsed JSON rather than dropping it", () => {
    // BUG (spec.ts: z.record + superRefine): zod's record parser skips an own `__proto__` key (so it
    // cannot replace the output's prototype) and the refinement only sees that output, so the key is
    // never checked as a date: decode succeeds and the override is silently dropped.
    const input = JSON.parse(
      '{"timeZone":"UTC","hours":{"mon":["09:00-10:00"]},"overrides":{"__proto__":["09:00-10:00"]}}',
    )
    expect(Result.isFailure(decode(input))).toBe(true)
  })

  it("accepts full days, overnight ranges, 24:00 ends and ranges to midnight", () => {
    for (const hours of [
      ["00:00-24:00"],
      ["22:00-06:00"],
      ["18:00-24:00"],
      ["12:00-00:00"],
      ["23:59-00:00"],
    ]) {
      expect(Result.isSuccess(decode({ timeZone: "UTC", hours: { sat: hours } })), hours[0]).toBe(true)
    }
  })
})

describe("bad arguments are refused with an InvalidArgument naming the argument", () => {
  const rome = make(valid)
  const t = new Date("2025-06-02T09:00:00Z")
  const badInstants: ReadonlyArray<readonly [string, unknown]> = [
    ["an Invalid Date", new Date("nope")],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a string", "2025-06-02T09:00:00Z"],
    ["null", null],
    ["a year outside 1900–2399", Date.UTC(2400, 0, 1)],
  ]

  const fieldOf = (f: () => unknown): string => {
    const e = thrownBy(f)
    expect(e).toBeInstanceOf(InvalidArgument)
    expect((e as InvalidArgument)._tag).toBe("InvalidArgument")
    return (e as InvalidArgument).field
  }

  it.each(badInstants)("%s as an instant", (_what, bad) => {
    const b = bad as Date
    expect(fieldOf(() => addBusinessTime(rome, b, "PT1H"))).toBe("start")
    expect(fieldOf(() => businessTimeBetween(rome, b, t))).toBe("from")
    expect(fieldOf(() => businessTimeBetween(rome, t, b))).toBe("to")
    expect(fieldOf(() => isOpen(rome, b))).toBe("at")
    expect(fieldOf(() => nextOpen(rome, b))).toBe("at")
    expect(fieldOf(() => nextClose(rome, b))).toBe("at")
    expect(fieldOf(() => addBusinessTime(always, b, "PT1H"))).toBe("start")
    if (typeof bad === "number") {
      expect(fieldOf(() => addBusinessMs(rome, bad, HOUR))).toBe("start")
      expect(fieldOf(() => businessMsBetween(rome, bad, t.getTime()))).toBe("from")
      expect(fieldOf(() => businessMsBetween(rome, t.getTime(), bad))).toBe("to")
    }
  })

  it.each([
    ["P1M", /months/],
    ["P1Y", /years/],
    ["PT", /ISO-8601/],
    ["P", /ISO-8601/],
    ["P1DT", /ISO-8601/],
    ["abc", /ISO-8601/],
    ["", /ISO-8601/],
    ["pt1h", /ISO-8601/],
    [Number.POSITIVE_INFINITY, /finite/],
    [Number.NaN, /finite/],
  ] as const)("%s as a duration", (bad, message) => {
    expect(fieldOf(() => addBusinessTime(rome, t, bad))).toBe("duration")
    expect(fieldOf(() => toMillis(bad))).toBe("duration")
    expect(() => toMillis(bad)).toThrow(message)
  })

  it("names `ms` for a non-finite millisecond count in the hot-loop variant", () => {
    expect(fieldOf(() => addBusinessMs(rome, t.getTime(), Number.POSITIVE_INFINITY))).toBe("ms")
  })

  it("names `calendar` for something that is not a calendar", () => {
    expect(fieldOf(() => isOpen({ timeZone: "UTC" } as unknown as Calendar, t))).toBe("calendar")
  })

  it("names `duration` when the result would leave the years a calendar computes in", () => {
    expect(fieldOf(() => addBusinessTime(rome, t, "P52000W"))).toBe("duration")
  })

  it("refuses a result outside 1900–2399 from the 24/7 calendar too", () => {
    // BUG (engine.add: `if (e.always) return t + ms`): gives 2400-01-10T00:00:00.000Z, an instant
    // that every other function then refuses, where any other calendar throws InvalidArgument("duration").
    expect(fieldOf(() => addBusinessTime(always, new Date("2399-12-31T00:00:00Z"), "P10D"))).toBe("duration")
  })
})

describe("durations", () => {
  it.each([
    ["PT2H", 2 * HOUR],
    ["P3D", 72 * HOUR],
    ["P1W", 168 * HOUR],
    ["PT1H30M", 90 * 60_000],
    ["-PT15M", -15 * 60_000],
    ["PT0.5S", 500],
    ["PT1M", 60_000],
    ["P1DT2H", 26 * HOUR],
    ["PT0S", 0],
    [90_000, 90_000],
  ] as const)("%s is %i ms", (duration, expected) => {
    expect(toMillis(duration)).toBe(expected)
  })
})

describe("how the rules combine", () => {
  const week = (from: string) => [new Date(from), new Date(new Date(from).getTime() + 7 * 24 * HOUR)] as const

  it("merges overlapping ranges: 09:00-13:00 with 12:00-18:00 is 09:00-18:00", () => {
    const split = make({ timeZone: "Europe/Rome", hours: { mon: ["12:00-18:00", "09:00-13:00"] } })
    const whole = make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
    const [from, to] = week("2025-06-01T00:00:00Z")
    expect(businessTimeBetween(split, from, to)).toBe(9 * HOUR)
    const monday1230 = new Date("2025-06-02T10:30:00Z")
    expect(nextClose(split, monday1230)).toEqual(new Date("2025-06-02T16:00:00Z"))
    for (const d of [HOUR, 4 * HOUR, 5 * HOUR, 9 * HOUR, 12 * HOUR]) {
      expect(addBusinessTime(split, from, d)).toEqual(addBusinessTime(whole, from, d))
    }
  })

  it("closes a day with an empty override", () => {
    const cal = make({ timeZone: "Europe/Rome", hours: weekdays, overrides: { "2025-06-02": [] } })
    expect(isOpen(cal, new Date("2025-06-02T10:00:00Z"))).toBe(false)
    expect(nextOpen(cal, new Date("2025-06-02T10:00:00Z"))).toEqual(new Date("2025-06-09T07:00:00Z"))
  })

  it("lets an override win over a holiday on the same date", () => {
    const cal = make({
      timeZone: "Europe/Rome",
      hours: weekdays,
      holidays: ["2025-06-02"],
      overrides: { "2025-06-02": ["10:00-12:00"] },
    })
    const [from, to] = week("2025-06-01T00:00:00Z")
    expect(businessTimeBetween(cal, from, to)).toBe(2 * HOUR)
    expect(nextOpen(cal, from)).toEqual(new Date("2025-06-02T08:00:00Z"))
  })

  it("lets a holiday close only the shifts that start on it", () => {
    // Saturday 22:00-06:00 on the eve of a Sunday holiday still runs into the Sunday.
    const cal = make({
      timeZone: "UTC",
      hours: { sat: ["22:00-06:00"], sun: ["10:00-12:00"] },
      holidays: ["2025-06-08"],
    })
    const [from, to] = week("2025-06-02T00:00:00Z")
    expect(businessTimeBetween(cal, from, to)).toBe(8 * HOUR)
  })

  describe("a calendar open only on override dates", () => {
    const once = make({ timeZone: "UTC", hours: {}, overrides: { "2025-06-02": ["09:00-10:00"] } })

    it("throws NoOpenTime when adding beyond its last open time, without hanging", () => {
      const e = thrownBy(() => addBusinessTime(once, new Date("2025-06-02T09:00:00Z"), "PT2H"))
      expect(e).toBeInstanceOf(NoOpenTime)
      expect((e as NoOpenTime).direction).toBe("forward")
      const back = thrownBy(() => addBusinessTime(once, new Date("2025-06-02T10:00:00Z"), "-PT2H"))
      expect((back as NoOpenTime).direction).toBe("backward")
      expect(nextOpen(once, new Date("2025-06-02T10:00:00Z"))).toBeUndefined()
      expect(nextClose(once, new Date("2025-06-02T10:00:00Z"))).toBeUndefined()
    })

    it("uses its open time from close by", () => {
      expect(addBusinessTime(once, new Date("2024-03-01T00:00:00Z"), "PT30M")).toEqual(
        new Date("2025-06-02T09:30:00Z"),
      )
      expect(nextOpen(once, new Date("2024-03-01T00:00:00Z"))).toEqual(new Date("2025-06-02T09:00:00Z"))
    })

    it("finds its open time from years before", () => {
      // BUG (engine.ts: Engine.openYears / mayOpenIn): openYears is [2024, 2026]; nextOpen, nextClose
      // and add walk year by year from 2020 and stop at 2021 because mayOpenIn(2021) is false, instead
      // of skipping ahead to 2024: nextOpen and nextClose answer undefined, add throws NoOpenTime.
      const from = new Date("2020-01-01T00:00:00Z")
      expect(nextOpen(once, from)).toEqual(new Date("2025-06-02T09:00:00Z"))
      expect(nextClose(once, from)).toEqual(new Date("2025-06-02T10:00:00Z"))
      expect(addBusinessTime(once, from, "PT30M")).toEqual(new Date("2025-06-02T09:30:00Z"))
    })

    it("finds its open time from years after, counting back", () => {
      // BUG (same): stops at 2027 (outside [2024, 2026]) and throws NoOpenTime("backward") from 2028.
      expect(addBusinessTime(once, new Date("2028-01-01T00:00:00Z"), "-PT30M")).toEqual(
        new Date("2025-06-02T09:30:00Z"),
      )
    })
  })

  it("measures a backwards span with no open time as 0, not -0", () => {
    // BUG (engine.between: `-between(e, b, a)`): -0, which `Object.is`, `toBe` and 1/x tell from 0.
    const cal = make(valid)
    expect(businessTimeBetween(cal, new Date("2025-06-01T12:00:00Z"), new Date("2025-06-01T10:00:00Z"))).toBe(
      0,
    )
  })
})
