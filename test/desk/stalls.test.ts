// A sink that never answers must not stall the Desk: deliveries time out (configurable), the
// other tickets of the batch are served, an interrupted tick ends, and the Promise facade's
// tick() and dispose() settle.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"

const T0 = Date.UTC(2025, 5, 3, 7, 0)
const level = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})
const open = { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } } as const

/** A sink that never answers for T-1's tasks and delivers the others at once. */
const hangingSink = (delivered: Array<string>) =>
  Layer.succeed(Desk.FollowUpSink, {
    send: (task) =>
      task.ticketId === "T-1" ? Effect.never : Effect.sync(() => void delivered.push(task.id)),
  })

const deskOver = (sink: Layer.Layer<Desk.FollowUpSink>, config: Partial<Desk.DeskConfig> = {}) => {
  const store = Desk.memoryStore()
  return Layer.merge(
    Desk.Desk.layer({ serviceLevel: level, deliveryTimeoutMs: 10_000, ...config }).pipe(
      Layer.provide(Layer.merge(store, sink)),
    ),
    store,
  )
}

/** Lets test time pass, a second at a time, until `fiber` is done. */
const runOut = <A, E>(fiber: Fiber.Fiber<A, E>) =>
  Effect.gen(function* () {
    for (let k = 0; k < 600 && fiber.pollUnsafe() === undefined; k++) {
      yield* Effect.yieldNow
      yield* TestClock.adjust("1 second")
    }
    return yield* Fiber.join(fiber)
  })

describe("the Desk with a sink that never answers", () => {
  it.effect("times the delivery out, reports it, and serves the other tickets of the batch", () => {
    const delivered: Array<string> = []
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      for (const id of ["T-1", "T-2", "T-3"]) yield* desk.execute(id, open)
      yield* TestClock.adjust("15 minutes")
      const report = yield* runOut(yield* Effect.forkChild(desk.tick()))
      expect(report.claimed).toEqual(["T-1", "T-2", "T-3"])
      expect(report.sent.map((t) => t.id)).toEqual(["T-2/acknowledge", "T-3/acknowledge"])
      expect(report.failed).toEqual([
        { ticketId: "T-1", taskId: "T-1/acknowledge", reason: "the sink did not answer within 10000 ms" },
      ])
      expect(delivered).toEqual(["T-2/acknowledge", "T-3/acknowledge"])
      // The timed-out task stays owed: recorded nowhere, tried again a minute later.
      expect((yield* desk.status("T-1")).ticket.followUpsSent).toEqual([])
      yield* TestClock.adjust("1 minute")
      const again = yield* runOut(yield* Effect.forkChild(desk.tick()))
      expect(again.failed.map((f) => f.taskId)).toEqual(["T-1/acknowledge"])
    }).pipe(Effect.provide(deskOver(hangingSink(delivered))))
  })

  it.effect("an interrupted tick ends once the delivery under way times out", () => {
    const delivered: Array<string> = []
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* TestClock.adjust("15 minutes")
      const worker = yield* Effect.forkChild(desk.tick())
      yield* Effect.yieldNow
      const interrupting = yield* Effect.forkChild(Fiber.interrupt(worker))
      yield* runOut(interrupting)
      expect(worker.pollUnsafe()).toBeDefined()
      // Nothing was recorded: the next tick owes the acknowledgement still.
      expect((yield* desk.status("T-1")).ticket.followUpsSent).toEqual([])
    }).pipe(Effect.provide(deskOver(hangingSink(delivered), { tickConcurrency: 1 })))
  })

  it("refuses a delivery timeout or a concurrency that is not a positive integer, naming it", () => {
    for (const [field, value] of [
      ["deliveryTimeoutMs", 0],
      ["deliveryTimeoutMs", 1.5],
      ["tickConcurrency", -1],
    ] as const) {
      let named: string | undefined
      try {
        Desk.createDesk({ config: { serviceLevel: level, [field]: value }, send: async () => {} })
      } catch (e) {
        if (e instanceof Desk.InvalidDeskInput) named = e.field
      }
      expect(named).toBe(`config.${field}`)
    }
  })
})

describe("the Promise facade with a sink that never answers", () => {
  it("tick() and dispose() settle", async () => {
    const desk = Desk.createDesk({
      config: { serviceLevel: level, deliveryTimeoutMs: 50 },
      send: () => new Promise<void>(() => {}),
    })
    await desk.execute("T-1", { ...open, at: new Date(Date.now() - 3_600_000) })
    const report = await desk.tick()
    expect(report.failed.map((f) => [f.taskId, f.reason])).toEqual([
      ["T-1/acknowledge", "the sink did not answer within 50 ms"],
    ])
    await expect(desk.dispose()).resolves.toBeUndefined()
  })
})
