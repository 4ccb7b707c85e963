// Options literals kept in a variable, as users write them (docs/metrics.md), typecheck without
// `as const`: names are typed as strings and checked at run time (see options.test.ts).
import { Calendar, FollowUp, Metrics, Sla } from "servicekit"
import { describe, expectTypeOf, it } from "vitest"

const now = new Date("2025-06-09T12:00:00Z")
const rome = Calendar.make({ timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } })
const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })]

describe("options kept in a variable", () => {
  it("Metrics.accumulator takes { groupBy: string[], period: { unit: string } }", () => {
    const options = {
      now,
      calendar: rome,
      groupBy: ["channel", "period"],
      period: { unit: "week", timeZone: "Europe/Rome" },
    }
    expectTypeOf(options.groupBy).toEqualTypeOf<Array<string>>()
    expectTypeOf(options.period.unit).toEqualTypeOf<string>()
    expectTypeOf(options).toMatchTypeOf<Metrics.AccumulatorOptions>()
    expectTypeOf(Metrics.accumulator).toBeCallableWith(options)
    expectTypeOf(Metrics.Accumulator.fromJSON).toBeCallableWith({}, options)
    expectTypeOf(Metrics.accumulator(options)).toEqualTypeOf<Metrics.Accumulator>()
  })

  it("channels kept in a variable (string[]) are accepted by the accumulator and the scorecard", () => {
    const channels = ["email", "chat"]
    expectTypeOf(Metrics.accumulator).toBeCallableWith({ now, channels })
    const cardOptions = { policies, calendar: rome, now, channels, followUp: FollowUp.policy({}) }
    expectTypeOf(Metrics.scorecard).toBeCallableWith([], cardOptions)
    expectTypeOf(Metrics.scorecard([], cardOptions)).toEqualTypeOf<Metrics.Scorecard>()
  })

  it("Metrics.measure takes options kept in a variable", () => {
    const options = { now, calendar: rome, sla: { policies } }
    expectTypeOf(Metrics.measure).toBeCallableWith([], options)
    expectTypeOf(Metrics.measure([], options)).toEqualTypeOf<Metrics.TicketMeasure | undefined>()
  })

  it("still refuses what is no option at all, at compile time", () => {
    // @ts-expect-error groupBy is a list of names, not a name
    Metrics.accumulator({ now, groupBy: "channel" })
    // @ts-expect-error now is required
    Metrics.accumulator({ groupBy: ["channel"] })
    // @ts-expect-error a period has a time zone
    Metrics.accumulator({ now, period: { unit: "week" } })
  })
})
