// Options literals kept in a variable (names typed as strings): checked at run time, each bad
// name refused with InvalidMetrics naming it. The types are tested in options.test-d.ts.
import { Calendar, Metrics, Sla } from "servicekit"
import { describe, expect, it } from "vitest"
import { fieldOf } from "./invalid.js"

const now = new Date("2025-06-09T12:00:00Z")
const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })]
const opened = {
  type: "TicketOpened" as const,
  ticketId: "T-1",
  at: new Date("2025-06-03T09:00:00Z"),
  channel: "email" as const,
  priority: "normal" as const,
  requester: { id: "c-1" },
}

describe("options kept in a variable", () => {
  it("work as the docs write them: no `as const` needed", () => {
    const options = {
      now,
      calendar: rome,
      groupBy: ["channel", "period"],
      period: { unit: "week", timeZone: "Europe/Rome" },
    }
    const acc = Metrics.accumulator(options).add([opened])
    expect(acc.result().groups.map((g) => g.key)).toEqual([{ channel: "email", period: "2025-W23" }])
    const back = Metrics.Accumulator.fromJSON(JSON.parse(JSON.stringify(acc)), options)
    expect(back.toJSON()).toEqual(acc.toJSON())
    const channels = ["email"]
    expect(Metrics.scorecard([[opened]], { policies, calendar: rome, now, channels }).figures.tickets).toBe(1)
    expect(Metrics.measure([opened], { now, calendar: rome })?.channel).toBe("email")
  })

  it("refuse a name that is not one, naming it", () => {
    const groupBy = ["channel", "country"]
    expect(fieldOf(() => Metrics.accumulator({ now, groupBy }))).toBe("groupBy[1]")
    const period = { unit: "year", timeZone: "UTC" }
    expect(fieldOf(() => Metrics.accumulator({ now, groupBy: ["period"], period }))).toBe("period.unit")
    const channels = ["email", "fax"]
    expect(fieldOf(() => Metrics.accumulator({ now, channels }))).toBe("channels[1]")
    expect(fieldOf(() => Metrics.scorecard([], { policies, calendar: rome, now, channels }))).toBe(
      "channels[1]",
    )
    expect(
      fieldOf(() => Metrics.Accumulator.fromJSON(Metrics.accumulator({ now }).toJSON(), { now, groupBy })),
    ).toBe("groupBy[1]")
  })
})
