// The Desk over the in-memory store: commands under concurrency, idempotency, status, ticks that
// send each follow-up once (interrupted or not), and typed errors for malformed input.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel, Sla } from "servicekit"
import { expectIntact, storm } from "./storm.js"

const T0 = Date.UTC(2025, 5, 3, 7, 0) // Tuesday 09:00 in Rome
const MINUTE = 60_000

const level = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email", "chat"],
  sla: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" }, keepInformed: { every: "PT2H" } }),
})

const open = { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } } as const

/** A memory store whose load yields to other fibers, so that concurrent commands really interleave. */
const interleavingStore = (): Layer.Layer<Desk.TicketStore> =>
  Layer.effect(
    Desk.TicketStore,
    Effect.gen(function* () {
      const inner = yield* Desk.TicketStore
      return Desk.TicketStore.of({
        ...inner,
        load: (ticketId) => Effect.flatMap(Effect.yieldNow, () => inner.load(ticketId)),
      })
    }),
  ).pipe(Layer.provide(Desk.memoryStore()))

const deskWith = (
  sink = Desk.recordingSink(),
  store = interleavingStore(),
  config: Partial<Desk.DeskConfig> = {},
) => ({
  sink,
  layer: Layer.merge(
    Desk.Desk.layer({ serviceLevel: level, ...config }).pipe(Layer.provide(Layer.merge(store, sink.layer))),
    store,
  ),
})

/**
 * A Desk whose sink takes a minute of (test) time per delivery, and what it delivered. Serving
 * one ticket at a time (`tickConcurrency: 1`) gives the tests below a timeline of one delivery
 * after another; the default serves eight at once.
 */
const slowDesk = (config: Partial<Desk.DeskConfig> = {}) => {
  const delivered: Array<string> = []
  const slow = Layer.succeed(Desk.FollowUpSink, {
    send: (task) => Effect.sleep("1 minute").pipe(Effect.andThen(Effect.sync(() => delivered.push(task.id)))),
  })
  const store = interleavingStore()
  const layer = Layer.merge(
    Desk.Desk.layer({ serviceLevel: level, ...config }).pipe(Layer.provide(Layer.merge(store, slow))),
    store,
  )
  return { delivered, layer }
}

describe("Desk.execute", () => {
  it.effect("opens a ticket, stamps the Clock's time, and shows it through status", () => {
    const { layer } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const opened = yield* desk.execute("T-1", open)
      expect(opened).toMatchObject({ version: 1, duplicate: false })
      expect(opened.events[0]).toMatchObject({ type: "TicketOpened", ticketId: "T-1", at: new Date(T0) })
      yield* TestClock.adjust("10 minutes")
      const view = yield* desk.status("T-1")
      expect(view.ticket.status).toBe("new")
      expect(view.sla.clocks[0]).toMatchObject({
        metric: "firstReply",
        status: "running",
        elapsedMs: 10 * MINUTE,
      })
      // An acknowledgement is owed from the opening on (due), until 09:15 (then overdue).
      expect(view.followUps.tasks[0]).toMatchObject({
        id: "T-1/acknowledge",
        state: "due",
        dueAt: new Date(T0 + 15 * MINUTE),
      })
      // The Desk sends it at 09:15 if no agent has acknowledged by then: that is when the ticket is due.
      expect(view.nextDueAt).toEqual(new Date(T0 + 15 * MINUTE))
    }).pipe(Effect.provide(layer))
  })

  it.effect("answers a redelivered command with its original result and appends nothing", () => {
    const { layer } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const first = yield* desk.execute("T-1", open, { idempotencyKey: "req-1" })
      yield* desk.execute("T-1", { type: "ReplyToCustomer", agentId: "a-1" })
      // Opening again would be refused (TicketAlreadyExists): the key says it already happened.
      const again = yield* desk.execute("T-1", open, { idempotencyKey: "req-1" })
      expect(again).toEqual({ ...first, duplicate: true })
      expect((yield* desk.status("T-1")).version).toBe(2)
      const refused = yield* Effect.flip(desk.execute("T-1", open, { idempotencyKey: "req-2" }))
      expect(refused._tag).toBe("TicketAlreadyExists")
    }).pipe(Effect.provide(layer))
  })

  it.effect("retries on write conflicts: concurrent commands on one ticket all land, none lost", () => {
    const { layer } = deskWith(undefined, undefined, { maxAttempts: 100 })
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* Effect.forEach(
        Array.from({ length: 40 }, (_, k) => k),
        (k) => desk.execute("T-1", { type: "AddInternalNote", agentId: `a-${k}` }),
        { concurrency: "unbounded", discard: true },
      )
      const store = yield* Desk.TicketStore
      const { events } = yield* store.load("T-1")
      expect(events).toHaveLength(41)
      const notes = events
        .filter((e) => e.type === "NoteAdded")
        .map((e) => (e as { agentId: string }).agentId)
      expect(new Set(notes).size).toBe(40)
    }).pipe(Effect.provide(layer))
  })

  it.effect("gives up after maxAttempts conflicts with ConcurrencyConflict", () => {
    // A store where someone else always appends first.
    const hostile = Layer.effect(
      Desk.TicketStore,
      Effect.gen(function* () {
        const inner = yield* Desk.TicketStore
        return Desk.TicketStore.of({
          ...inner,
          append: (ticketId, expected, events, options) =>
            events.length === 0
              ? inner.append(ticketId, expected, events, options)
              : Effect.flatMap(
                  inner.append(ticketId, expected, [{ type: "CustomerChased", ticketId, at: new Date(T0) }]),
                  () => inner.append(ticketId, expected, events, options),
                ),
        })
      }),
    ).pipe(Layer.provide(Desk.memoryStore()))
    const { layer } = deskWith(undefined, hostile, { maxAttempts: 3 })
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const error = yield* Effect.flip(desk.execute("T-1", open))
      expect(error._tag).toBe("ConcurrencyConflict")
    }).pipe(Effect.provide(layer))
  })
})

describe("Desk: a service level per ticket", () => {
  const gold = ServiceLevel.make({
    name: "Gold",
    calendar: Calendar.always,
    channels: ["email", "chat", "phone"],
    sla: [Sla.policy({ id: "gold", targets: { normal: { firstReply: "PT15M" } } })],
    followUp: FollowUp.policy({ acknowledge: { within: "PT5M" } }),
  })
  const byTier = (ticket: { readonly requester: { readonly tier?: string } }) =>
    ticket.requester.tier === "gold" ? gold : level

  it.effect("serves each ticket under the level its function chooses", () => {
    const store = interleavingStore()
    const sink = Desk.recordingSink()
    const layer = Desk.Desk.layer({ serviceLevel: byTier }).pipe(
      Layer.provide(Layer.merge(store, sink.layer)),
    )
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-2", { ...open, requester: { id: "c-9", tier: "gold" } })
      expect((yield* desk.status("T-1")).serviceLevel).toBe("Standard")
      const vip = yield* desk.status("T-2")
      expect(vip.serviceLevel).toBe("Gold")
      expect(vip.sla.clocks[0]).toMatchObject({ metric: "firstReply", targetMs: 15 * MINUTE })
      yield* TestClock.adjust("5 minutes")
      expect((yield* desk.tick()).sent.map((t) => t.id)).toEqual(["T-2/acknowledge"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("names config.serviceLevel when the function returns something else", () => {
    const layer = Desk.Desk.layer({ serviceLevel: () => ({ name: "broken" }) as never }).pipe(
      Layer.provide(Layer.merge(Desk.memoryStore(), Desk.recordingSink().layer)),
    )
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const error = yield* Effect.flip(desk.execute("T-1", open))
      expect(error).toMatchObject({ _tag: "InvalidDeskInput", field: "config.serviceLevel" })
    }).pipe(Effect.provide(layer))
  })
})

describe("Desk.tick", () => {
  it.effect("sends each due follow-up once, records FollowUpSent, and reschedules", () => {
    const { layer, sink } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-2", open)
      // "We received your request and are on it": owed from the opening; the Desk sends it when
      // no agent has given it by its deadline (09:15).
      expect((yield* desk.tick()).sent).toEqual([])
      yield* TestClock.adjust("15 minutes")
      const report = yield* desk.tick()
      expect(report.claimed).toEqual(["T-1", "T-2"])
      expect(report.sent.map((t) => t.id)).toEqual(["T-1/acknowledge", "T-2/acknowledge"])
      expect((yield* desk.tick()).sent).toEqual([]) // the same instant again: nothing twice
      const view = yield* desk.status("T-1")
      expect(view.ticket.followUpsSent.map((f) => f.taskId)).toEqual(["T-1/acknowledge"])
      expect(view.followUps.tasks.find((t) => t.id === "T-1/acknowledge")?.state).toBe("done")
      // Rescheduled: the next change is the first-reply SLA breach at 10:00.
      expect(view.nextDueAt).toEqual(new Date(T0 + 60 * MINUTE))
      for (let k = 0; k < 12; k++) {
        yield* TestClock.adjust("30 minutes")
        yield* desk.tick()
      }
      const ids = sink.sent().map((t) => t.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.slice(0, 2)).toEqual(["T-1/acknowledge", "T-2/acknowledge"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("leaves a task the sink refused owed, and sends it on a later tick", () => {
    let down = true
    const sink = Desk.recordingSink(() => (down ? "mail server down" : undefined))
    const { layer } = deskWith(sink)
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* TestClock.adjust("15 minutes")
      const refused = yield* desk.tick()
      expect(refused.failed).toEqual([
        { ticketId: "T-1", taskId: "T-1/acknowledge", reason: "mail server down" },
      ])
      down = false
      expect((yield* desk.tick()).sent).toEqual([]) // retried after a minute, not at once
      yield* TestClock.adjust("1 minute")
      expect((yield* desk.tick()).sent.map((t) => t.id)).toEqual(["T-1/acknowledge"])
      expect(sink.sent()).toHaveLength(1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("an interrupted tick sends nothing twice and loses nothing", () => {
    const { delivered, layer } = slowDesk({ tickConcurrency: 1 })
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      for (const id of ["T-1", "T-2", "T-3", "T-4", "T-5"]) yield* desk.execute(id, open)
      yield* TestClock.adjust("20 minutes")
      const worker = yield* Effect.forkChild(desk.tick())
      yield* TestClock.adjust("90 seconds") // one delivery done, the second under way
      // The interruption waits for the delivery under way: let its minute pass meanwhile.
      const interrupting = yield* Effect.forkChild(Fiber.interrupt(worker))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(interrupting)
      // The delivery under way finished (uninterruptible) and was recorded: two sent.
      expect(delivered).toEqual(["T-1/acknowledge", "T-2/acknowledge"])
      const next = yield* Effect.forkChild(desk.tick())
      // Let test time pass, a little at a time, until the tick is done (each delivery sleeps a minute).
      while (next.pollUnsafe() === undefined) {
        yield* Effect.yieldNow
        yield* TestClock.adjust("30 seconds")
      }
      const report = yield* Fiber.join(next)
      expect(report.sent.map((t) => t.id)).toEqual(["T-3/acknowledge", "T-4/acknowledge", "T-5/acknowledge"])
      expect(delivered).toEqual([
        "T-1/acknowledge",
        "T-2/acknowledge",
        "T-3/acknowledge",
        "T-4/acknowledge",
        "T-5/acknowledge",
      ])
      for (const id of ["T-1", "T-2", "T-3", "T-4", "T-5"])
        expect((yield* desk.status(id)).ticket.followUpsSent).toHaveLength(1)
    }).pipe(Effect.provide(layer))
  })
})

describe("Desk.tick serving tickets side by side", () => {
  it.effect(
    "delivers to several tickets at once; interrupted, it waits for those under way and loses nothing",
    () => {
      const { delivered, layer } = slowDesk()
      return Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const desk = yield* Desk.Desk
        for (const id of ["T-1", "T-2", "T-3", "T-4", "T-5"]) yield* desk.execute(id, open)
        yield* TestClock.adjust("20 minutes")
        const worker = yield* Effect.forkChild(desk.tick())
        yield* TestClock.adjust("30 seconds") // all five deliveries under way at once
        const interrupting = yield* Effect.forkChild(Fiber.interrupt(worker))
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(interrupting)
        // The deliveries under way finished (each an uninterruptible send-and-record) in one minute.
        expect([...delivered].sort()).toEqual([
          "T-1/acknowledge",
          "T-2/acknowledge",
          "T-3/acknowledge",
          "T-4/acknowledge",
          "T-5/acknowledge",
        ])
        for (const id of ["T-1", "T-2", "T-3", "T-4", "T-5"])
          expect((yield* desk.status(id)).ticket.followUpsSent).toHaveLength(1)
        const next = yield* Effect.forkChild(desk.tick())
        while (next.pollUnsafe() === undefined) {
          yield* Effect.yieldNow
          yield* TestClock.adjust("30 seconds")
        }
        expect((yield* Fiber.join(next)).sent).toEqual([])
        expect(delivered).toHaveLength(5)
      }).pipe(Effect.provide(layer))
    },
  )
})

describe("Desk under concurrency: what the review found, kept fixed", () => {
  it.effect("two workers and a command mid-tick: each follow-up is sent once", () => {
    const { delivered, layer } = slowDesk()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      for (const id of ["T-1", "T-2"]) yield* desk.execute(id, open)
      yield* TestClock.adjust("20 minutes")
      const first = yield* Effect.forkChild(desk.tick())
      yield* TestClock.adjust("30 seconds") // T-1's acknowledgement under way
      // An agent's note lands meanwhile: it moves T-1's due time but must not free its claim.
      yield* desk.execute("T-1", { type: "AddInternalNote", agentId: "a-2" })
      const second = yield* Effect.forkChild(desk.tick())
      while (first.pollUnsafe() === undefined || second.pollUnsafe() === undefined) {
        yield* Effect.yieldNow
        yield* TestClock.adjust("30 seconds")
      }
      const reports = [yield* Fiber.join(first), yield* Fiber.join(second)]
      expect(reports[1]?.claimed).toEqual([])
      expect(delivered).toEqual(["T-1/acknowledge", "T-2/acknowledge"])
    }).pipe(Effect.provide(layer))
  })

  it.live(
    "a command retried after a conflict is stamped when it runs, so it is not refused as from the past",
    () =>
      Effect.gen(function* () {
        // Loads that take a little real time, so that concurrent writers really overtake each other.
        const store = Layer.effect(
          Desk.TicketStore,
          Effect.gen(function* () {
            const inner = yield* Desk.TicketStore
            return Desk.TicketStore.of({
              ...inner,
              load: (ticketId) => Effect.flatMap(Effect.sleep("1 millis"), () => inner.load(ticketId)),
            })
          }),
        ).pipe(Layer.provide(Desk.memoryStore()))
        const live = Desk.Desk.layer({ serviceLevel: level, maxAttempts: 1_000 }).pipe(
          Layer.provide(Layer.merge(store, Desk.recordingSink().layer)),
        )
        const outcomes = yield* Effect.gen(function* () {
          const desk = yield* Desk.Desk
          yield* desk.execute("T-1", open)
          return yield* Effect.forEach(
            Array.from({ length: 30 }, (_, k) => k),
            (k) => Effect.result(desk.execute("T-1", { type: "AddInternalNote", agentId: `a-${k}` })),
            { concurrency: "unbounded" },
          )
        }).pipe(Effect.provide(live))
        expect(
          outcomes
            .filter((o) => o._tag === "Failure")
            .map((o) => (o._tag === "Failure" ? o.failure._tag : "")),
        ).toEqual([])
      }),
  )

  it.effect("one ticket that cannot be served does not stop the tick for the others", () => {
    const store = Layer.effect(
      Desk.TicketStore,
      Effect.gen(function* () {
        const inner = yield* Desk.TicketStore
        let broken = false
        return Desk.TicketStore.of({
          ...inner,
          load: (ticketId) =>
            ticketId === "T-1" && broken
              ? Effect.fail(new Desk.StoreFailure({ operation: "load", reason: "disk on fire" }))
              : inner.load(ticketId),
          // The disk gives out once the tick has claimed its tickets.
          claimDue: (now, limit, lease) =>
            Effect.tap(inner.claimDue(now, limit, lease), () =>
              Effect.sync(() => {
                broken = true
              }),
            ),
        })
      }),
    ).pipe(Layer.provide(Desk.memoryStore()))
    const sink = Desk.recordingSink()
    const layer = Desk.Desk.layer({ serviceLevel: level }).pipe(Layer.provide(Layer.merge(store, sink.layer)))
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      for (const id of ["T-1", "T-2"]) yield* desk.execute(id, open)
      yield* TestClock.adjust("20 minutes")
      const report = yield* desk.tick()
      expect(report.failed).toEqual([
        { ticketId: "T-1", taskId: undefined, reason: "TicketStore.load failed: disk on fire" },
      ])
      expect(report.sent.map((t) => t.id)).toEqual(["T-2/acknowledge"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("refuses a command dated after the Desk's clock, and a predicate the configuration lacks", () => {
    const vip = ServiceLevel.make({
      ...level,
      sla: [
        Sla.policy({ id: "vip", when: { predicate: "vip" }, targets: { normal: { firstReply: "PT1H" } } }),
      ],
    })
    const { layer } = deskWith(undefined, undefined, { serviceLevel: vip })
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      const future = yield* Effect.flip(desk.execute("T-1", { ...open, at: new Date(T0 + MINUTE) }))
      expect(future).toMatchObject({ _tag: "InvalidDeskInput", field: "command.at" })
      const predicate = yield* Effect.flip(desk.execute("T-1", open))
      expect(predicate).toMatchObject({ _tag: "InvalidDeskInput", field: "config.predicates" })
      const store = yield* Desk.TicketStore
      expect((yield* Effect.flip(store.load("T-1")))._tag).toBe("TicketNotFound") // nothing was written
    }).pipe(Effect.provide(layer))
  })
})

describe("Desk reliability: 10 000 commands from concurrent fibers over 1 000 tickets", () => {
  it.effect(
    "the final event counts equal the accepted commands; no event lost or duplicated",
    () => {
      const { layer } = deskWith(undefined, undefined, { maxAttempts: 1_000 })
      return Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        expectIntact(yield* storm(64))
      }).pipe(Effect.provide(layer))
    },
    60_000,
  )
})

describe("Desk: malformed input gets a typed error naming the field", () => {
  const { layer } = deskWith()
  const failureOf = <A, E>(effect: Effect.Effect<A, E, Desk.Desk>) =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(effect)
      expect(Exit.isFailure(exit)).toBe(true)
      return yield* Effect.flip(effect)
    })

  it.effect("refuses bad ticket ids, commands and options", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      expect(yield* failureOf(desk.execute("", open))).toMatchObject({
        _tag: "InvalidDeskInput",
        field: "ticketId",
      })
      expect(yield* failureOf(desk.execute("T-1", null as never))).toMatchObject({ field: "command" })
      expect(yield* failureOf(desk.execute("T-1", { ...open, ticketId: "T-2" } as never))).toMatchObject({
        field: "command.ticketId",
      })
      expect(yield* failureOf(desk.execute("T-1", open, { idempotencyKey: "" }))).toMatchObject({
        field: "options.idempotencyKey",
      })
      const invalid = yield* failureOf(desk.execute("T-1", { ...open, priority: "asap" } as never))
      expect(invalid._tag).toBe("InvalidCommand")
      expect((invalid as { issues: ReadonlyArray<{ path: string }> }).issues[0]?.path).toBe("priority")
      expect(yield* failureOf(desk.status("T-404"))).toMatchObject({
        _tag: "TicketNotFound",
        ticketId: "T-404",
      })
      expect(yield* failureOf(desk.status(42 as never))).toMatchObject({ field: "ticketId" })
    }).pipe(Effect.provide(layer)),
  )

  it.effect.each([
    ["no service level", {}, "config.serviceLevel"],
    ["a service level that is not one", { serviceLevel: { name: "x" } }, "config.serviceLevel.calendar"],
    ["an unknown option", { serviceLevel: level, retries: 3 }, "config.retries"],
    ["maxAttempts 0", { serviceLevel: level, maxAttempts: 0 }, "config.maxAttempts"],
    ["a fractional batchSize", { serviceLevel: level, batchSize: 2.5 }, "config.batchSize"],
    ["a negative lease", { serviceLevel: level, leaseMs: -1 }, "config.leaseMs"],
    [
      "a predicate that is not a function",
      { serviceLevel: level, predicates: { vip: "yes" } },
      "config.predicates.vip",
    ],
  ])("refuses a configuration with %s", ([, config, field]) =>
    Effect.gen(function* () {
      const built = Desk.Desk.layer(config as Desk.DeskConfig).pipe(
        Layer.provide(Layer.merge(Desk.memoryStore(), Desk.recordingSink().layer)),
      )
      const error = yield* Effect.flip(
        Effect.provide(
          Desk.Desk.use(() => Effect.void),
          built,
        ),
      )
      expect(error).toMatchObject({ _tag: "InvalidDeskInput", field })
    }),
  )
})

describe("Desk.createDesk (the Promise facade)", () => {
  it("runs commands as promises and rejects with the same tagged errors", async () => {
    const sent: Array<string> = []
    const desk = Desk.createDesk({
      config: { serviceLevel: level },
      send: async (task) => void sent.push(task.id),
    })
    try {
      const at = new Date(T0)
      await desk.execute("T-1", { ...open, at })
      await desk.execute("T-1", { type: "ReplyToCustomer", agentId: "a-1", at: new Date(T0 + MINUTE) })
      expect((await desk.status("T-1")).ticket.publicReplyCount).toBe(1)
      const error = await desk.execute("T-1", { ...open, at }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(error).toMatchObject({ _tag: "TicketAlreadyExists", ticketId: "T-1" })
      await expect(desk.status("T-9")).rejects.toMatchObject({ _tag: "TicketNotFound" })
      const report = await desk.tick()
      expect(report.claimed.length).toBeGreaterThanOrEqual(0)
    } finally {
      await desk.dispose()
    }
  })

  it("throws a bad configuration at once, naming the field", () => {
    expect(() =>
      Desk.createDesk({ config: { serviceLevel: level, batchSize: 0 }, send: async () => {} }),
    ).toThrow(expect.objectContaining({ _tag: "InvalidDeskInput", field: "config.batchSize" }))
    expect(() => Desk.createDesk({ config: { serviceLevel: level }, send: "mail" as never })).toThrow(
      expect.objectContaining({ field: "send" }),
    )
  })
})
