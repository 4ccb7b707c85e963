import type * as Result from "effect/Result"
import {
  addBusinessMs,
  addBusinessTime,
  always,
  businessMsBetween,
  businessTimeBetween,
  Calendar,
  type CalendarSpec,
  type DurationInput,
  decode,
  type InstantInput,
  InvalidArgument,
  type InvalidCalendar,
  isOpen,
  make,
  type NoOpenTime,
  nextClose,
  nextOpen,
  toMillis,
} from "servicekit/calendar"
import { describe, expect, expectTypeOf, it } from "vitest"

const HOUR = 3_600_000
const at = (iso: string): Date => new Date(iso)
const officeHours = (timeZone: string, ranges: ReadonlyArray<string>): CalendarSpec => ({
  timeZone,
  hours: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges },
})
const rome = make(officeHours("Europe/Rome", ["09:00-18:00"]))

describe("worked examples", () => {
  it("rolls a Friday evening request over the weekend to Monday", () => {
    // Friday 17:30 in Rome + 2 business hours: 30 minutes on Friday, 90 on Monday from 09:00.
    expect(addBusinessTime(rome, at("2025-01-10T16:30:00Z"), "PT2H")).toEqual(at("2025-01-13T09:30:00Z"))
  })

  it("keeps a due time that lands exactly at closing time at closing time", () => {
    // Monday 17:00 in Rome + 1 h is Monday 18:00, not Tuesday 09:00.
    const due = addBusinessTime(rome, at("2025-01-13T16:00:00Z"), "PT1H")
    expect(due).toEqual(at("2025-01-13T17:00:00Z"))
    expect(isOpen(rome, due)).toBe(false)
  })

  it("skips the lunch break", () => {
    const lunch = make(officeHours("Europe/Rome", ["09:00-13:00", "14:00-18:00"]))
    // Tuesday 12:00 in Rome + 2 h: 12:00–13:00, then 14:00–15:00.
    expect(addBusinessTime(lunch, at("2025-02-04T11:00:00Z"), "PT2H")).toEqual(at("2025-02-04T14:00:00Z"))
    expect(businessTimeBetween(lunch, at("2025-02-04T11:00:00Z"), at("2025-02-04T14:00:00Z"))).toBe(2 * HOUR)
    expect(isOpen(lunch, at("2025-02-04T12:30:00Z"))).toBe(false)
    expect(nextOpen(lunch, at("2025-02-04T12:30:00Z"))).toEqual(at("2025-02-04T13:00:00Z"))
  })

  it("skips holidays and works a half day on an override", () => {
    const christmas = make({
      ...officeHours("Europe/Rome", ["09:00-18:00"]),
      holidays: ["2025-12-25", "2025-12-26"],
      overrides: { "2025-12-24": ["09:00-13:00"] },
    })
    // Wednesday 24th 11:00: 2 h until 13:00, then nothing until Monday 29th 09:00 + 2 h.
    expect(addBusinessTime(christmas, at("2025-12-24T10:00:00Z"), "PT4H")).toEqual(at("2025-12-29T10:00:00Z"))
  })

  it("counts an overnight shift across spring-forward as 7 real hours", () => {
    const nights = make({ timeZone: "Europe/Rome", hours: { sat: ["22:00-06:00"] } })
    // Saturday 22:00 CET (21:00Z) to Sunday 06:00 CEST (04:00Z): the clocks skip 02:00–03:00.
    expect(businessTimeBetween(nights, at("2025-03-29T00:00:00Z"), at("2025-03-31T00:00:00Z"))).toBe(7 * HOUR)
    expect(nextClose(nights, at("2025-03-29T21:00:00Z"))).toEqual(at("2025-03-30T04:00:00Z"))
    // The Saturday before is the usual 8 hours.
    expect(businessTimeBetween(nights, at("2025-03-22T00:00:00Z"), at("2025-03-24T00:00:00Z"))).toBe(8 * HOUR)
  })

  it("counts an overnight shift across fall-back as 9 real hours", () => {
    const nights = make({ timeZone: "America/New_York", hours: { sat: ["22:00-06:00"] } })
    // Saturday 22:00 EDT (02:00Z) to Sunday 06:00 EST (11:00Z): 01:00–02:00 happens twice.
    expect(nextOpen(nights, at("2025-11-01T12:00:00Z"))).toEqual(at("2025-11-02T02:00:00Z"))
    expect(nextClose(nights, at("2025-11-01T12:00:00Z"))).toEqual(at("2025-11-02T11:00:00Z"))
    expect(businessTimeBetween(nights, at("2025-11-01T00:00:00Z"), at("2025-11-03T00:00:00Z"))).toBe(9 * HOUR)
  })

  it("treats every instant as business time on the 24/7 calendar", () => {
    const t = at("2025-06-07T10:00:00Z")
    expect(addBusinessTime(always, t, "PT24H")).toEqual(at("2025-06-08T10:00:00Z"))
    expect(addBusinessTime(always, t, "-P1W")).toEqual(at("2025-05-31T10:00:00Z"))
    expect(businessTimeBetween(always, t, at("2025-06-09T10:00:00Z"))).toBe(48 * HOUR)
    expect(isOpen(always, t)).toBe(true)
    expect(nextOpen(always, t)).toEqual(t)
    expect(nextClose(always, t)).toBeUndefined()
  })

  it("goes back in time with a negative duration and lands on an opening time", () => {
    // Monday 10:00 in Rome − 1 h is Monday 09:00 (the opening), not Friday 18:00 (the closing before).
    expect(addBusinessTime(rome, at("2025-01-13T09:00:00Z"), "-PT1H")).toEqual(at("2025-01-13T08:00:00Z"))
    // Monday 09:00 − 30 min is Friday 17:30.
    expect(addBusinessTime(rome, at("2025-01-13T08:00:00Z"), -30 * 60_000)).toEqual(
      at("2025-01-10T16:30:00Z"),
    )
    expect(businessTimeBetween(rome, at("2025-01-13T08:00:00Z"), at("2025-01-10T16:30:00Z"))).toBe(
      -30 * 60_000,
    )
  })

  it("says when the current or next open period closes", () => {
    // Monday 10:00 in Rome closes at 18:00; Saturday waits for Monday's period.
    expect(nextClose(rome, at("2025-05-12T08:00:00Z"))).toEqual(at("2025-05-12T16:00:00Z"))
    expect(nextClose(rome, at("2025-05-10T10:00:00Z"))).toEqual(at("2025-05-12T16:00:00Z"))
    // At closing time it is closed, so the answer is the next period's end.
    expect(nextClose(rome, at("2025-05-12T16:00:00Z"))).toEqual(at("2025-05-13T16:00:00Z"))
  })

  it("joins a day ending at 24:00 and the next starting at 00:00 into one period", () => {
    const lateShift = make({ timeZone: "UTC", hours: { mon: ["18:00-24:00"], tue: ["00:00-02:00"] } })
    expect(nextClose(lateShift, at("2025-06-02T20:00:00Z"))).toEqual(at("2025-06-03T02:00:00Z"))
    expect(nextClose(lateShift, at("2025-06-02T10:00:00Z"))).toEqual(at("2025-06-03T02:00:00Z"))
    // Also across a new year: 2025-12-31 is a Wednesday.
    const newYear = make({ timeZone: "UTC", hours: { wed: ["18:00-24:00"], thu: ["00:00-02:00"] } })
    expect(nextClose(newYear, at("2025-12-31T20:00:00Z"))).toEqual(at("2026-01-01T02:00:00Z"))
    expect(addBusinessTime(newYear, at("2025-12-31T20:00:00Z"), "PT6H")).toEqual(at("2026-01-01T02:00:00Z"))
  })

  it("gives a customer in Rome and one in New York their own business hours", () => {
    const newYork = make(officeHours("America/New_York", ["09:00-17:00"]))
    const romeOffice = make(officeHours("Europe/Rome", ["09:00-17:00"]))
    // Wednesday 15:00Z is 16:00 in Rome (1 h left today) and 10:00 in New York.
    const asked = at("2025-01-15T15:00:00Z")
    expect(addBusinessTime(romeOffice, asked, "PT4H")).toEqual(at("2025-01-16T11:00:00Z"))
    expect(addBusinessTime(newYork, asked, "PT4H")).toEqual(at("2025-01-15T19:00:00Z"))
  })

  it("counts the 30-minute DST days of Lord Howe Island", () => {
    const sundays = make({ timeZone: "Australia/Lord_Howe", hours: { sun: ["00:00-24:00"] } })
    const week = (from: string) =>
      businessTimeBetween(sundays, at(from), new Date(at(from).getTime() + 7 * 24 * HOUR))
    // Sunday 5 October 2025: 02:00 becomes 02:30, so the day lasts 23.5 hours.
    expect(week("2025-09-29T00:00:00Z")).toBe(23.5 * HOUR)
    // Sunday 6 April 2025: 02:00 goes back to 01:30, so the day lasts 24.5 hours.
    expect(week("2025-03-31T00:00:00Z")).toBe(24.5 * HOUR)
    // The Sunday opens at local midnight, +10:30 before the change.
    expect(nextOpen(sundays, at("2025-10-01T00:00:00Z"))).toEqual(at("2025-10-04T13:30:00Z"))
    // Office hours on the DST Sunday are still eight hours.
    const office = make({ timeZone: "Australia/Lord_Howe", hours: { sun: ["09:00-17:00"] } })
    expect(businessTimeBetween(office, at("2025-10-04T00:00:00Z"), at("2025-10-06T00:00:00Z"))).toBe(8 * HOUR)
  })

  it("gives the same answers for epoch milliseconds and Dates", () => {
    const lunch = make(officeHours("Europe/Rome", ["09:00-13:00", "14:00-18:00"]))
    for (const iso of ["2025-02-04T11:00:00Z", "2025-03-28T16:59:59.999Z", "2025-10-26T00:30:00Z"]) {
      const t = at(iso)
      for (const d of [0, 1, HOUR, 9 * HOUR, -5 * HOUR]) {
        const viaDate = addBusinessTime(lunch, t, d)
        expect(addBusinessTime(lunch, t.getTime(), d)).toEqual(viaDate)
        expect(addBusinessMs(lunch, t.getTime(), d)).toBe(viaDate.getTime())
        const to = new Date(t.getTime() + d * 3)
        expect(businessMsBetween(lunch, t.getTime(), to.getTime())).toBe(businessTimeBetween(lunch, t, to))
        expect(businessTimeBetween(lunch, t.getTime(), to.getTime())).toBe(businessTimeBetween(lunch, t, to))
      }
      expect(addBusinessTime(lunch, t, "PT1H30M")).toEqual(addBusinessTime(lunch, t, toMillis("PT1H30M")))
      expect(isOpen(lunch, t.getTime())).toBe(isOpen(lunch, t))
      expect(nextOpen(lunch, t.getTime())).toEqual(nextOpen(lunch, t))
      expect(nextClose(lunch, t.getTime())).toEqual(nextClose(lunch, t))
    }
  })

  it("does not change its answers when the same spec is made twice", () => {
    const spec = officeHours("America/St_Johns", ["08:30-17:15"])
    const [a, b] = [make(spec), make(spec)]
    const t = at("2025-03-07T20:00:00Z")
    expect(addBusinessTime(a, t, "P1DT4H")).toEqual(addBusinessTime(b, t, "P1DT4H"))
    expect(a.timeZone).toBe("America/St_Johns")
  })
})

describe("the public types", () => {
  it("takes Dates or epoch ms, durations as ms or ISO strings, and answers Dates", () => {
    expectTypeOf<InstantInput>().toEqualTypeOf<Date | number>()
    expectTypeOf<DurationInput>().toEqualTypeOf<number | string>()
    expectTypeOf(addBusinessTime).parameters.toEqualTypeOf<[Calendar, InstantInput, DurationInput]>()
    expectTypeOf(addBusinessTime).returns.toEqualTypeOf<Date>()
    expectTypeOf(businessTimeBetween).parameters.toEqualTypeOf<[Calendar, InstantInput, InstantInput]>()
    expectTypeOf(businessTimeBetween).returns.toEqualTypeOf<number>()
    expectTypeOf(isOpen).returns.toEqualTypeOf<boolean>()
    expectTypeOf(nextOpen).returns.toEqualTypeOf<Date | undefined>()
    expectTypeOf(nextClose).returns.toEqualTypeOf<Date | undefined>()
    expectTypeOf(toMillis).toBeCallableWith("PT2H")
    expectTypeOf(toMillis).returns.toEqualTypeOf<number>()
  })

  it("has hot-loop variants over plain numbers", () => {
    expectTypeOf(addBusinessMs).parameters.toEqualTypeOf<[Calendar, number, number]>()
    expectTypeOf(addBusinessMs).returns.toEqualTypeOf<number>()
    expectTypeOf(businessMsBetween).parameters.toEqualTypeOf<[Calendar, number, number]>()
    expectTypeOf(businessMsBetween).returns.toEqualTypeOf<number>()
  })

  it("makes calendars from specs, and decodes unknown input to a Result", () => {
    expectTypeOf(make).parameters.toEqualTypeOf<[CalendarSpec]>()
    expectTypeOf(make).returns.toEqualTypeOf<Calendar>()
    expectTypeOf(decode).parameters.toEqualTypeOf<[unknown]>()
    expectTypeOf(decode).returns.toEqualTypeOf<Result.Result<Calendar, InvalidCalendar>>()
    expectTypeOf(always).toEqualTypeOf<Calendar>()
    expectTypeOf<Calendar["timeZone"]>().toEqualTypeOf<string>()
    // @ts-expect-error a spec needs a zone
    expectTypeOf(make).toBeCallableWith({ hours: {} })
  })

  it("has tagged errors carrying what went wrong", () => {
    expectTypeOf<InvalidCalendar["_tag"]>().toEqualTypeOf<"InvalidCalendar">()
    expectTypeOf<InvalidCalendar["issues"][number]>().toExtend<{
      readonly path: string
      readonly message: string
    }>()
    expectTypeOf<InvalidArgument["field"]>().toEqualTypeOf<string>()
    expectTypeOf<NoOpenTime["direction"]>().toEqualTypeOf<"forward" | "backward">()
    expect(new InvalidArgument("start", "bad")).toBeInstanceOf(Error)
    expect(make(officeHours("UTC", ["09:00-17:00"]))).toBeInstanceOf(Calendar)
  })
})
