/**
 * An Effect app: the Desk as a service in a layer, the in-memory store (swap in the Postgres
 * adapter's layer in production), a sink that logs, and Effect's TestClock to run a day in
 * milliseconds. Errors are typed all the way: `catchTag` handles the ones the app expects.
 *
 *   npm exec -- tsx examples/effect-app.ts
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel, Sla } from "servicekit"

const gold = ServiceLevel.make({
  name: "Gold",
  calendar: Calendar.always,
  channels: ["chat", "phone"],
  sla: [
    Sla.policy({
      id: "gold",
      targets: { urgent: { firstReply: "PT30M", nextReply: "PT1H" }, normal: { firstReply: "PT1H" } },
    }),
  ],
  followUp: FollowUp.policy({
    acknowledge: { within: "PT5M" },
    escalateOnSla: { warnAt: false, onBreach: true },
  }),
})

const logSink = Layer.succeed(Desk.FollowUpSink, {
  send: (task) => Effect.log(`send ${task.kind} → ${task.ticketId}: ${task.reason}`),
})
const DeskLive = Desk.Desk.layer({ serviceLevel: gold }).pipe(
  Layer.provide(Layer.merge(Desk.memoryStore(), logSink)),
)

const program = Effect.gen(function* () {
  const desk = yield* Desk.Desk
  yield* TestClock.setTime(Date.UTC(2025, 5, 3, 9))
  yield* desk.execute("T-1", {
    type: "OpenTicket",
    channel: "chat",
    priority: "urgent",
    requester: { id: "c-1" },
  })
  // Nobody answers: the Desk acknowledges after 5 minutes, then escalates the first-reply breach.
  for (let minute = 0; minute < 45; minute += 5) {
    yield* TestClock.adjust("5 minutes")
    const report = yield* desk.tick()
    if (report.sent.length > 0) yield* Effect.log(`tick: ${report.sent.map((t) => t.kind).join(", ")}`)
  }
  const view = yield* desk.status("T-1")
  yield* Effect.log(
    `firstReply: ${view.sla.clocks[0]?.status}, follow-ups sent: ${view.ticket.followUpsSent.length}`,
  )
  // An expected failure, handled by its tag.
  yield* desk
    .execute("T-1", { type: "OpenTicket", channel: "chat", priority: "urgent", requester: { id: "c-1" } })
    .pipe(Effect.catchTag("TicketAlreadyExists", (e) => Effect.log(`as expected: ${e.message}`)))
})

await Effect.runPromise(program.pipe(Effect.provide(DeskLive), Effect.provide(TestClock.layer())))
