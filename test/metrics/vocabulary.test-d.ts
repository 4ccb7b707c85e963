// The desk vocabulary in the metrics' types: an optional `vocabulary` beside the options that
// carry channels, a decoder and schema per desk, and the built-in schema typed as before.
import { Calendar, Metrics, Sla, Ticket } from "servicekit"
import { describe, expectTypeOf, it } from "vitest"

const now = new Date("2025-06-09T12:00:00Z")
const desk = Ticket.vocabulary({ channels: ["email", "whatsapp"], priorities: ["P2", "P1"] })
const policies = [Sla.policy({ id: "p1", targets: { P1: { firstReply: "PT1H" } } }, { vocabulary: desk })]

describe("the desk vocabulary in the metrics' options", () => {
  it("is an optional Ticket.Vocabulary of the accumulator, measure and scorecard options", () => {
    expectTypeOf<Metrics.AccumulatorOptions["vocabulary"]>().toEqualTypeOf<Ticket.Vocabulary | undefined>()
    expectTypeOf<Metrics.MeasureOptions["vocabulary"]>().toEqualTypeOf<Ticket.Vocabulary | undefined>()
    expectTypeOf<Metrics.ScorecardOptions["vocabulary"]>().toEqualTypeOf<Ticket.Vocabulary | undefined>()
    expectTypeOf(Metrics.accumulator).toBeCallableWith({ now, channels: ["whatsapp"], vocabulary: desk })
    expectTypeOf(Metrics.measure).toBeCallableWith([], { now, vocabulary: desk })
    expectTypeOf(Metrics.scorecard).toBeCallableWith([], {
      policies,
      calendar: Calendar.always,
      now,
      channels: ["whatsapp"],
      vocabulary: desk,
    })
    expectTypeOf(Metrics.Accumulator.fromJSON).toBeCallableWith({}, { now, vocabulary: desk })
  })

  it("is given once: the SLA options take no vocabulary of their own", () => {
    // @ts-expect-error the vocabulary is the accumulator's option, not the SLA options'
    Metrics.accumulator({ now, sla: { policies, vocabulary: desk }, vocabulary: desk })
    // @ts-expect-error a vocabulary is made with Ticket.vocabulary, not written as a spec
    Metrics.accumulator({ now, vocabulary: { channels: ["whatsapp"] } })
  })

  it("reads measures back per desk; the built-in schema keeps the built-in names", () => {
    expectTypeOf(Metrics.decodeMeasure).toBeCallableWith({}, desk)
    expectTypeOf(Metrics.decodeMeasure).toBeCallableWith({})
    type DeskMeasure = ReturnType<ReturnType<typeof Metrics.measureSchemaFor>["parse"]>
    expectTypeOf<DeskMeasure["channel"]>().toEqualTypeOf<Ticket.Channel>()
    expectTypeOf<DeskMeasure["priority"]>().toEqualTypeOf<Ticket.Priority>()
    type BuiltinMeasure = ReturnType<typeof Metrics.TicketMeasureSchema.parse>
    expectTypeOf<BuiltinMeasure["channel"]>().toEqualTypeOf<Ticket.BuiltinChannel>()
    expectTypeOf<BuiltinMeasure["priority"]>().toEqualTypeOf<Ticket.BuiltinPriority>()
  })
})
