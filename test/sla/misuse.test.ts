// Misuse of the SLA functions gets a tagged error naming the parameter (issue 14, part 5).
import * as Result from "effect/Result"
import { Calendar, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"

const at = (iso: string) => new Date(`2025-06-0${iso}Z`)
const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: at("3T09:00:00"),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
}
const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H", resolution: "P1D" } } })]
const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"], tue: ["09:00-18:00"] } })
const options = { policies, calendar: rome, now: at("9T12:00:00") }

const refusal = (f: () => unknown): Sla.InvalidEvaluation => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(Sla.InvalidEvaluation)
    return e as Sla.InvalidEvaluation
  }
  throw new Error("expected a refusal")
}

describe("Sla.evaluate on malformed input", () => {
  it("events that are not a list are refused naming events", () => {
    expect(refusal(() => Sla.evaluate(1 as never, options)).field).toBe("events")
    expect(refusal(() => Sla.evaluate(null as never, options)).field).toBe("events")
  })

  it("options without a calendar are refused naming calendar", () => {
    expect(refusal(() => Sla.evaluate([opened], { policies, now: options.now } as never)).field).toBe(
      "calendar",
    )
  })

  it("a calendar function that returns no calendar is refused naming calendar", () => {
    expect(refusal(() => Sla.evaluate([opened], { ...options, calendar: () => null as never })).field).toBe(
      "calendar",
    )
  })

  it("an event type that is a BigInt or a Symbol is described, not serialised", () => {
    const e = refusal(() => Sla.evaluate([{ ...opened, type: 12n } as never], options))
    expect(e.field).toBe("events[0].type")
    expect(e.message).toContain("12n")
    const s = refusal(() =>
      Sla.evaluate(
        [
          opened,
          {
            type: "PromiseMade",
            ticketId: "T-1",
            at: at("3T10:00:00"),
            promiseId: "p",
            dueAt: at("3T12:00:00"),
            summary: Symbol("x"),
          } as never,
        ],
        options,
      ),
    )
    expect(s.field).toBe("events[1].summary")
  })

  it("now or an event outside 1900–2399 is refused naming it (year 3000 took a second, 40755 forty)", () => {
    expect(refusal(() => Sla.evaluate([opened], { ...options, now: 1e16 })).field).toBe("now")
    expect(
      refusal(() => Sla.evaluate([opened], { ...options, now: new Date("3000-01-01T00:00:00Z") })).field,
    ).toBe("now")
    expect(
      refusal(() => Sla.evaluate([{ ...opened, at: new Date("1899-06-01T00:00:00Z") }], options)).field,
    ).toBe("events[0].at")
  })

  it("a whole range of business time is evaluated quickly and stays within the range", () => {
    const start = performance.now()
    const status = Sla.evaluate([{ ...opened, at: new Date("1900-01-02T00:00:00Z") }], {
      ...options,
      calendar: Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } }),
      now: new Date("2399-12-31T00:00:00Z"),
    })
    expect(performance.now() - start).toBeLessThan(2_000)
    for (const c of status.clocks)
      expect(c.elapsedMs).toBeLessThan(Date.UTC(2400, 0, 1) - Date.UTC(1900, 0, 1))
  })
})

describe("Sla.decodePolicy and Sla.policy bound their input", () => {
  it("a when condition nested 5,000 deep is refused naming the path, without overflowing the stack", () => {
    let when: unknown = { priority: ["urgent"] }
    for (let k = 0; k < 5_000; k++) when = { not: when }
    const decoded = Sla.decodePolicy({ id: "deep", when, targets: {} })
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) {
      expect(decoded.failure._tag).toBe("InvalidPolicy")
      expect(decoded.failure.issues[0]?.path).toBe(`when${".not".repeat(Sla.MAX_WHEN_DEPTH)}`)
    }
  })

  it("conditions 32 deep are still accepted", () => {
    let when: Sla.When = { priority: ["urgent"] }
    for (let k = 1; k < Sla.MAX_WHEN_DEPTH; k++) when = { any: [when] }
    expect(Sla.policy({ id: "ok", when, targets: {} }).id).toBe("ok")
  })

  it("a target longer than the range (1e21 ms) or a fraction of a millisecond is refused at construction", () => {
    expect(() => Sla.policy({ id: "x", targets: { normal: { firstReply: 1e21 } } })).toThrow(
      Sla.InvalidPolicy,
    )
    expect(() => Sla.policy({ id: "x", targets: { normal: { firstReply: 0.5 } } })).toThrow(
      /targets\.normal\.firstReply/,
    )
  })

  it("a clock definition of the wrong shape is refused with InvalidClock naming the field", () => {
    expect(() => Sla.initial([null as never])).toThrow(Sla.InvalidClock)
    expect(() =>
      Sla.clock({ metric: "m", start: Sla.on("TicketOpened"), stop: 1 as never, cycles: "single" }),
    ).toThrow("clock.stop")
  })
})
