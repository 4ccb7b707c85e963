// The Desk with a desk vocabulary: commands in the desk's words (a whatsapp channel, P1–P4,
// a custom status, a custom field) are decided, stored and read back with it.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel, Sla, Ticket } from "servicekit"

const T0 = Date.UTC(2025, 5, 3, 7, 0)
const vocabulary = Ticket.vocabulary({
  channels: ["email", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold" },
  fields: { seats: "number" },
})
const level = ServiceLevel.make({
  name: "Desk",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [Sla.policy({ id: "p1", targets: { P1: { agentWork: "PT4H", resolution: "PT8H" } } }, { vocabulary })],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})
const layerOf = (config: Partial<Desk.DeskConfig>) => {
  const store = Desk.memoryStore()
  return Desk.Desk.layer({ serviceLevel: level, ...config }).pipe(
    Layer.provide(Layer.merge(store, Desk.recordingSink().layer)),
  )
}
const open = { type: "OpenTicket", channel: "whatsapp", priority: "P1", requester: { id: "c-1" } } as const

describe("the Desk with a desk vocabulary", () => {
  it.effect("decides and evaluates commands in the desk's own words", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-1", { type: "SetField", field: "seats", value: 250 })
      yield* TestClock.adjust("1 hour")
      yield* desk.execute("T-1", { type: "ChangeStatus", customStatus: "awaitingVendor" })
      yield* TestClock.adjust("2 hours")
      const view = yield* desk.status("T-1")
      expect(view.ticket).toMatchObject({
        status: "onHold",
        customStatus: "awaitingVendor",
        fields: { seats: 250 },
      })
      // Agent work paused while awaiting the vendor (an onHold status); resolution did not.
      expect(view.sla.clocks.map((c) => [c.metric, c.elapsedMs])).toEqual([
        ["agentWork", 3_600_000],
        ["resolution", 3 * 3_600_000],
      ])
    }).pipe(Effect.provide(layerOf({ vocabulary }))),
  )

  it.effect("refuses the same command without the vocabulary, naming the field", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const exit = yield* Effect.exit(desk.execute("T-1", open))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(JSON.stringify(exit)).toContain("channel")
    }).pipe(Effect.provide(layerOf({}))),
  )

  it.effect("refuses a vocabulary that is not one, naming the option", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.gen(function* () {
          yield* Desk.Desk
        }).pipe(Effect.provide(layerOf({ vocabulary: { channels: ["x"] } as never }))),
      )
      expect(JSON.stringify(exit)).toContain("config.vocabulary")
    }),
  )
})
