// Misuse of the decider gets a tagged error naming the field (issue 14, part 5).
import * as Result from "effect/Result"
import { Ticket } from "servicekit"
import { describe, expect, it } from "vitest"

const at = new Date("2025-06-03T08:00:00Z")
const chase = { type: "RecordCustomerChase", ticketId: "T-1", at } as const
const opened = Ticket.replay([
  {
    type: "TicketOpened",
    ticketId: "T-1",
    at,
    channel: "email",
    priority: "normal",
    requester: { id: "c-1" },
  },
])

const stateRefusal = (f: () => unknown): Ticket.InvalidTicketState => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(Ticket.InvalidTicketState)
    return e as Ticket.InvalidTicketState
  }
  throw new Error("expected a refusal")
}

describe("a malformed state", () => {
  it("decide(null, command) is refused naming state, not a TypeError", () => {
    const e = stateRefusal(() => Ticket.decide(null as never, chase))
    expect(e._tag).toBe("InvalidTicketState")
    expect(e.field).toBe("state")
  })

  it("a field of the wrong kind is named by its path from state", () => {
    expect(stateRefusal(() => Ticket.decide({ ...opened, status: 3 } as never, chase)).field).toBe(
      "state.status",
    )
    expect(stateRefusal(() => Ticket.decide({ ...opened, lastEventAt: "x" } as never, chase)).field).toBe(
      "state.lastEventAt",
    )
    expect(
      stateRefusal(() =>
        Ticket.evolve({ exists: true, version: 1 } as never, { ...chase, type: "CustomerChased" }),
      ).field,
    ).toBe("state.id")
  })

  it("a Date, Map or array where the state holds fields is refused (the fuzz found a Date assignee kept)", () => {
    const status = { ...chase, type: "StatusChanged", status: "solved" } as const
    for (const bad of [new Date(-4674312426429520), new Map(), []]) {
      expect(stateRefusal(() => Ticket.evolve({ ...opened, assignee: bad } as never, status)).field).toBe(
        "state.assignee",
      )
      expect(stateRefusal(() => Ticket.decide({ ...opened, requester: bad } as never, chase)).field).toBe(
        "state.requester",
      )
    }
  })

  it("a state from replay, or read back as a copy, is accepted", () => {
    expect(Result.isSuccess(Ticket.decide(opened, chase))).toBe(true)
    expect(Result.isSuccess(Ticket.decide({ ...opened }, chase))).toBe(true)
  })
})

describe("malformed events given to evolve and replay", () => {
  it("are refused with InvalidEvent naming the event and field", () => {
    expect(() => Ticket.evolve(opened, null as never)).toThrow(Ticket.InvalidEvent)
    expect(() => Ticket.replay([{ type: 12n } as never])).toThrow("events[0]")
    expect(() => Ticket.replay(1 as never)).toThrow("events: must be a list")
  })
})

describe("instants are whole milliseconds in 1900–2399", () => {
  it("decodeCommand refuses at: -4674312426429520 (its event's JSON would not decode back)", () => {
    const decoded = Ticket.decodeCommand({ ...chase, at: -4674312426429520 })
    expect(Result.isFailure(decoded) && decoded.failure.issues[0]?.path).toBe("at")
  })

  it("decodeEvent refuses a date-time outside the range and a fraction of a millisecond", () => {
    const event = { type: "CustomerChased", ticketId: "T-1" }
    for (const bad of ["1899-12-31T23:59:59Z", "2400-01-01T00:00:00Z", 1.5, new Date(Number.NaN)]) {
      const decoded = Ticket.decodeEvent({ ...event, at: bad })
      expect(Result.isFailure(decoded) && decoded.failure.issues[0]?.path).toBe("at")
    }
    expect(Result.isSuccess(Ticket.decodeEvent({ ...event, at: "2399-12-31T23:59:59.999Z" }))).toBe(true)
  })

  it("every event decide emits round-trips through its JSON", () => {
    const decided = Ticket.decide(opened, { ...chase, at: new Date("2399-12-31T23:59:59.999Z") })
    if (Result.isFailure(decided)) throw decided.failure
    for (const e of decided.success) {
      const back = Ticket.decodeEvent(JSON.parse(JSON.stringify(e)))
      expect(Result.isSuccess(back) && back.success).toStrictEqual(e)
    }
  })
})
