// Misuse of FollowUp.plan gets a tagged error naming the parameter (issue 14, part 5).
import { Calendar, FollowUp, ServiceLevel, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"

const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: new Date("2025-06-03T09:00:00Z"),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
}
const options = {
  policy: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
  calendar: Calendar.always,
  now: new Date("2025-06-03T09:30:00Z"),
}

const refusal = (f: () => unknown): FollowUp.InvalidPlan => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(FollowUp.InvalidPlan)
    return e as FollowUp.InvalidPlan
  }
  throw new Error("expected a refusal")
}

describe("FollowUp.plan on malformed input", () => {
  it("events that are not a list are refused naming events", () => {
    expect(refusal(() => FollowUp.plan(1 as never, options)).field).toBe("events")
    expect(refusal(() => FollowUp.plan(null as never, options)).field).toBe("events")
  })

  it("now outside 1900–2399 is refused naming now", () => {
    expect(refusal(() => FollowUp.plan([opened], { ...options, now: 1e16 })).field).toBe("now")
    expect(refusal(() => FollowUp.plan([opened], { ...options, now: Date.UTC(3000, 0, 1) })).field).toBe(
      "now",
    )
  })

  it("a promise whose summary is a Symbol is refused naming it, not a TypeError building the reason", () => {
    const promise = {
      type: "PromiseMade",
      ticketId: "T-1",
      at: opened.at,
      promiseId: "p",
      dueAt: options.now,
      summary: Symbol("s"),
    }
    expect(refusal(() => FollowUp.plan([opened, promise as never], options)).field).toBe("events[1].summary")
  })

  it("a service level's channel that is a BigInt is described, not serialised", () => {
    const level = {
      name: "Gold",
      calendar: Calendar.always,
      channels: [1n],
      sla: [],
      followUp: options.policy,
    }
    expect(refusal(() => ServiceLevel.make(level as never)).message).toBe(
      "channels[0]: the BigInt 1n is not one of email, chat, phone, social, web",
    )
  })
})
