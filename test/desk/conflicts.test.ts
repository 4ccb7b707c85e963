// Commands on one ticket inside one process do not fail each other: the Desk runs them one after
// another per ticket, so a storm stores every command with the default maxAttempts (5).
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"

const level = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})

/** A memory store whose load and append yield to other fibers, so that writers really interleave. */
const interleaving = Layer.effect(
  Desk.TicketStore,
  Effect.gen(function* () {
    const inner = yield* Desk.TicketStore
    return Desk.TicketStore.of({
      ...inner,
      load: (ticketId) => Effect.flatMap(Effect.yieldNow, () => inner.load(ticketId)),
      append: (ticketId, version, events, options) =>
        Effect.flatMap(Effect.yieldNow, () => inner.append(ticketId, version, events, options)),
    })
  }),
).pipe(Layer.provide(Desk.memoryStore()))

describe("a storm of commands on a few tickets, in one process", () => {
  it.effect(
    "stores all 4 800 commands on 200 tickets with the default maxAttempts: no ConcurrencyConflict",
    () => {
      const layer = Layer.merge(
        Desk.Desk.layer({ serviceLevel: level }).pipe(
          Layer.provide(Layer.merge(interleaving, Desk.recordingSink().layer)),
        ),
        interleaving,
      )
      const tickets = Array.from({ length: 200 }, (_, k) => `T-${k}`)
      return Effect.gen(function* () {
        yield* TestClock.setTime(Date.UTC(2025, 5, 3, 9))
        const desk = yield* Desk.Desk
        yield* Effect.forEach(
          tickets,
          (id) =>
            desk.execute(id, {
              type: "OpenTicket",
              channel: "email",
              priority: "normal",
              requester: { id: "c-1" },
            }),
          { concurrency: 16, discard: true },
        )
        // 24 commands per ticket, one after another in the list: 64 fibers at once hit the same few tickets.
        const commands = Array.from({ length: 4_800 }, (_, k) => tickets[Math.floor(k / 24)]!)
        const outcomes = yield* Effect.forEach(
          commands,
          (id, k) => Effect.result(desk.execute(id, { type: "AddInternalNote", agentId: `a-${k}` })),
          { concurrency: 64 },
        )
        const failures = outcomes.flatMap((o) => (o._tag === "Failure" ? [o.failure._tag] : []))
        expect(failures).toEqual([])
        const store = yield* Desk.TicketStore
        for (const id of tickets) {
          const { events } = yield* store.load(id)
          expect(events.filter((e) => e.type === "NoteAdded")).toHaveLength(24)
        }
      }).pipe(Effect.provide(layer))
    },
  )
})
