// Claims with fencing at the Desk: a worker whose lease lapsed while its sink was slow, and whose
// ticket another worker claimed and served meanwhile, records nothing and sends nothing more.
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
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
  followUp: FollowUp.policy({ checkIn: { after: "PT1H" }, survey: { kind: "csat", after: "PT1H" } }),
})
const open = { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } } as const

describe("the Desk's claims are fenced", () => {
  it.effect("a worker that lost its claim during a slow send records nothing and sends nothing more", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const store = Desk.memoryStore()
      const shared = yield* Layer.build(store)
      const sends: Array<string> = []
      const firstSendStarted = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      // Worker A's sink stalls on its first send until the test lets it go; worker B's is quick.
      const slowSink = Layer.succeed(Desk.FollowUpSink, {
        send: (task) =>
          Effect.gen(function* () {
            yield* Deferred.succeed(firstSendStarted, undefined)
            yield* Deferred.await(release)
            sends.push(`A:${task.id}`)
          }),
      })
      const quickSink = Layer.succeed(Desk.FollowUpSink, {
        send: (task) => Effect.sync(() => void sends.push(`B:${task.id}`)),
      })
      const config = { serviceLevel: level, leaseMs: 60_000, deliveryTimeoutMs: 3_600_000 }
      const deskA = yield* Effect.provide(
        Desk.Desk.use(Effect.succeed),
        Desk.Desk.layer(config).pipe(Layer.provide(slowSink), Layer.provide(Layer.succeedContext(shared))),
      )
      const deskB = yield* Effect.provide(
        Desk.Desk.use(Effect.succeed),
        Desk.Desk.layer(config).pipe(Layer.provide(quickSink), Layer.provide(Layer.succeedContext(shared))),
      )
      yield* deskB.execute("T-1", open)
      yield* deskB.execute("T-1", { type: "ChangeStatus", status: "open" })
      yield* deskB.execute("T-1", { type: "ChangeStatus", status: "solved" })
      yield* TestClock.adjust("1 hour")
      // A claims T-1 and starts sending its first follow-up; the sink stalls past A's lease.
      const a = yield* Effect.forkChild(deskA.tick())
      yield* Deferred.await(firstSendStarted)
      yield* TestClock.adjust("2 minutes")
      // B claims the ticket once A's lease has lapsed and sends both follow-ups.
      const b = yield* deskB.tick()
      expect(b.claimed).toEqual(["T-1"])
      expect(b.sent.map((t) => t.kind).sort()).toEqual(["checkIn", "survey"])
      // A's send finally returns: its record is refused (ClaimLost) and it sends nothing more.
      yield* Deferred.succeed(release, undefined)
      const reportA = yield* Fiber.join(a)
      expect(reportA.sent).toEqual([])
      expect(reportA.failed).toHaveLength(1)
      expect(reportA.failed[0]?.reason).toMatch(/no longer claimed under token/)
      // The one send in flight when the claim was lost went out twice (deliveries are at least
      // once: the task id is the sink's key); the other task was sent once, by B.
      const a_sends = sends.filter((s) => s.startsWith("A:"))
      expect(a_sends).toHaveLength(1)
      const other = sends.filter((s) => s.startsWith("B:") && !s.endsWith(a_sends[0]!.slice(2)))
      expect(other).toHaveLength(1)
      expect(sends).toHaveLength(3)
      // The history holds each follow-up once, recorded by B.
      const status = yield* deskB.status("T-1")
      expect(status.ticket.followUpsSent.map((f) => f.kind).sort()).toEqual(["checkIn", "survey"])
      // A released nothing of B's: the ticket is not claimable until it is due again.
      const store_ = yield* Effect.provide(Desk.TicketStore.use(Effect.succeed), Layer.succeedContext(shared))
      expect(yield* store_.claimDue(T0 + 3_600_000 + 180_000, 10, 60_000)).toEqual([])
    }).pipe(Effect.scoped),
  )
})
