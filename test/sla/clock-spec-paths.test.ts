// A bad trigger inside a clock's data form is named by its own path, not by the trigger's root.
import * as Result from "effect/Result"
import { Sla } from "servicekit"
import { describe, expect, it } from "vitest"

const fieldOf = (input: unknown) => {
  const decoded = Sla.decodeClock(input)
  return Result.isFailure(decoded) ? decoded.failure.field : "accepted"
}

describe("a clock spec's triggers, refused by path", () => {
  it.each([
    ["an unknown event type", { on: "StatusChange" }, "clock.start.on"],
    ["an unknown event type in a list of types", { on: ["AgentReplied", "Replied"] }, "clock.start.on"],
    [
      "an unknown status in a trigger's condition",
      { on: "StatusChanged", when: { status: ["waiting"] } },
      "clock.start.when.status[0]",
    ],
    ["an unknown key in a trigger", { on: "AgentReplied", after: {} }, "clock.start.after"],
    ["the second trigger of a list", [{ on: "AgentReplied" }, { on: "Replied" }], "clock.start[1].on"],
    ["a trigger that is no object", "AgentReplied", "clock.start"],
    ["an empty list of triggers", [], "clock.start"],
  ])("%s", (_, start, field) => {
    expect(fieldOf({ metric: "x", start, cycles: "single" })).toBe(field)
  })

  it("names stop, cancel and reset triggers the same way", () => {
    const base = { metric: "x", start: { on: "TicketOpened" }, cycles: "single" }
    expect(fieldOf({ ...base, stop: { on: "Solved" } })).toBe("clock.stop.on")
    expect(fieldOf({ ...base, cancel: [{ on: "TagsAdded", when: { tags: { some: ["x"] } } }] })).toBe(
      "clock.cancel[0].when.tags.some",
    )
    expect(fieldOf({ ...base, reset: { on: "FieldSet", before: { counts: { replies: {} } } } })).toBe(
      "clock.reset.before.counts.replies",
    )
  })
})
