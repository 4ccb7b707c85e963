// Misuse of the calendar functions gets a tagged error naming the argument (issue 14, part 5).
import { Calendar } from "servicekit"
import { describe, expect, it } from "vitest"

const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { fri: ["09:00-18:00"], mon: ["09:00-18:00"] } })
const saturdayNoon = Date.UTC(2025, 5, 7, 10)

const refusal = (f: () => unknown): Calendar.InvalidArgument => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(Calendar.InvalidArgument)
    return e as Calendar.InvalidArgument
  }
  throw new Error("expected a refusal")
}

describe("instants outside the library's range (1900–2399 UTC)", () => {
  it("beyond what a Date holds (1e16 ms): refused naming the argument, not a RangeError from the message", () => {
    const e = refusal(() => Calendar.isOpen(Calendar.always, 1e16))
    expect(e.field).toBe("at")
    expect(e.message).toContain("1900–2399")
  })

  it("before 1900 or from 2400 on: refused naming the argument", () => {
    expect(refusal(() => Calendar.nextOpen(rome, new Date("1899-12-31T23:59:59.999Z"))).field).toBe("at")
    expect(
      refusal(() => Calendar.businessMsBetween(rome, Date.UTC(2025, 0, 1), Date.UTC(2400, 0, 1))).field,
    ).toBe("to")
    expect(Calendar.isOpen(Calendar.always, Date.UTC(2400, 0, 1) - 1)).toBe(true)
    expect(Calendar.isOpen(Calendar.always, Date.UTC(1900, 0, 1))).toBe(true)
  })

  it("a value that is no instant at all is named", () => {
    expect(refusal(() => Calendar.isOpen(rome, "2025-06-07" as never)).message).toContain(
      "at: must be a Date",
    )
    expect(refusal(() => Calendar.addBusinessMs(rome, 12n as never, 1)).field).toBe("start")
  })
})

describe("durations are whole milliseconds within the range", () => {
  it("a fraction of a millisecond is refused naming the duration (it moved the wrong way)", () => {
    expect(refusal(() => Calendar.addBusinessMs(rome, saturdayNoon, 1e-9)).field).toBe("ms")
    expect(refusal(() => Calendar.addBusinessMs(rome, saturdayNoon, 0.5)).field).toBe("ms")
    expect(refusal(() => Calendar.addBusinessTime(rome, saturdayNoon, 0.5)).field).toBe("duration")
    expect(refusal(() => Calendar.toMillis(1.5, "targets.normal.firstReply")).field).toBe(
      "targets.normal.firstReply",
    )
  })

  it("whole milliseconds still move forward from a closed instant to the next opening", () => {
    expect(Calendar.addBusinessMs(rome, saturdayNoon, 1)).toBe(Date.UTC(2025, 5, 9, 7) + 1)
  })

  it("an ISO duration is rounded to the millisecond, and one longer than 500 years refused", () => {
    expect(Calendar.toMillis("PT0.0004S")).toBe(0)
    expect(Calendar.toMillis("PT0.5S")).toBe(500)
    expect(refusal(() => Calendar.toMillis("P99999999999999999999W")).message).toContain("500 years")
    expect(refusal(() => Calendar.toMillis(1e21)).field).toBe("duration")
  })

  it("a duration whose result leaves the range is refused naming the duration", () => {
    expect(refusal(() => Calendar.addBusinessMs(rome, Date.UTC(2025, 0, 1), 11_576_451_785_386)).field).toBe(
      "ms",
    )
  })
})
