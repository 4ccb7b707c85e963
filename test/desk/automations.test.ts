// The Desk runs automation rules: each firing applied once through the same path as execute,
// messages through the sink, refusals reported, loops stopped, and exactly once under concurrency.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Automation, Calendar, Desk, FollowUp, ServiceLevel, Ticket } from "servicekit"
import { recipes, slaPolicies, desk as vocabulary } from "../automation/story.js"

const T0 = Date.UTC(2025, 5, 2, 9) // Monday 09:00 UTC
const day = ["09:00-18:00"]
const officeHours = Calendar.make({
  timeZone: "UTC",
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
})

const level = ServiceLevel.make({
  name: "Standard",
  calendar: officeHours,
  channels: ["email"],
  sla: slaPolicies,
  followUp: FollowUp.policy({}),
})

const open = { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } } as const

/** A memory store whose load yields to other fibers, so that concurrent work really interleaves. */
const interleaving = (inner: Layer.Layer<Desk.TicketStore> = Desk.memoryStore()) =>
  Layer.effect(
    Desk.TicketStore,
    Effect.gen(function* () {
      const store = yield* Desk.TicketStore
      return Desk.TicketStore.of({
        ...store,
        load: (ticketId) => Effect.flatMap(Effect.yieldNow, () => store.load(ticketId)),
      })
    }),
  ).pipe(Layer.provide(inner))

const deskWith = (
  config: Partial<Desk.DeskConfig> = {},
  store: Layer.Layer<Desk.TicketStore> = interleaving(),
  sink = Desk.recordingSink(),
) => ({
  sink,
  layer: Layer.merge(
    Desk.Desk.layer({ serviceLevel: level, vocabulary, automations: recipes, ...config }).pipe(
      Layer.provide(Layer.merge(store, sink.layer)),
    ),
    store,
  ),
})

const types = (events: ReadonlyArray<Ticket.TicketEvent>) => events.map((e) => e.type)

describe("Desk.tick with automation rules", () => {
  it.effect("applies a rule once, when its condition becomes true, and reports it", () => {
    const { layer } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      expect((yield* desk.tick()).automated).toEqual([])
      // The first reply is due in 4 business hours; at 13:00 + 1 ms it breaches.
      expect((yield* desk.status("T-1")).nextDueAt).toEqual(new Date(T0 + 4 * 3_600_000))
      yield* TestClock.adjust("4 hours")
      yield* TestClock.adjust("1 second")
      const report = yield* desk.tick()
      expect(report.automated.map((a) => [a.firing.id, a.refused, a.duplicate])).toEqual([
        ["T-1/first-reply-breach/t0+firstReply.1", [], false],
      ])
      const view = yield* desk.status("T-1")
      expect(view.ticket.priority).toBe("high")
      expect(view.ticket.tags).toEqual(["sla-breached"])
      expect((yield* desk.tick()).automated).toEqual([])
      yield* TestClock.adjust("2 hours")
      expect((yield* desk.tick()).automated).toEqual([])
    }).pipe(Effect.provide(layer))
  })

  it.effect("acts on a command's data at the next tick, and sends messages through the sink", () => {
    const { layer, sink } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-1", { type: "RecordCustomerChase" })
      yield* desk.execute("T-1", { type: "RecordCustomerChase" })
      yield* desk.execute("T-1", { type: "SetField", field: "product", value: "billing" })
      // Due now: the ticket waits for the next tick.
      expect((yield* desk.status("T-1")).nextDueAt).toEqual(new Date(T0))
      const report = yield* desk.tick()
      // The lead escalation first; the billing route no longer holds once the leads have it.
      expect(report.automated.map((a) => a.firing.ruleId)).toEqual(["second-chase"])
      expect(sink.notified().map((n) => [n.id, n.to, n.kind])).toEqual([
        ["T-1/second-chase/t2/notify1", "desk", "leadAlert"],
      ])
      expect((yield* desk.status("T-1")).ticket.assignee?.groupId).toBe("leads")
      const store = yield* Desk.TicketStore
      expect(types((yield* store.load("T-1")).events).slice(-2)).toEqual([
        "AutomationApplied",
        "TicketAssigned",
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("reminds a pending customer, solves, and closes: the long recipes over days", () => {
    const { layer, sink } = deskWith()
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-1", { type: "ReplyToCustomer", agentId: "a-1" })
      yield* desk.execute("T-1", { type: "ChangeStatus", status: "pending" })
      const seen: Array<string> = []
      for (let h = 0; h < 24 * 16; h++) {
        yield* TestClock.adjust("1 hour")
        for (const a of (yield* desk.tick()).automated) seen.push(a.firing.ruleId)
      }
      expect(seen).toEqual(["remind-pending", "solve-unanswered", "close-solved"])
      expect(sink.notified().map((n) => n.kind)).toEqual(["pendingReminder"])
      expect((yield* desk.status("T-1")).ticket.status).toBe("closed")
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "reports an action the ticket refuses, applies the others, records the firing, and does not retry it",
    () => {
      // A new ticket cannot be solved at once (new → solved is no transition): that action is refused.
      const rules = Automation.rules(
        [
          {
            id: "solve-new",
            when: { ticket: { status: ["new"] } },
            actions: [
              { do: "setStatus", status: "solved" },
              { do: "addTags", tags: ["seen"] },
            ],
          },
        ],
        { vocabulary },
      )
      const { layer } = deskWith({ automations: rules })
      return Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const desk = yield* Desk.Desk
        yield* desk.execute("T-1", open)
        const report = yield* desk.tick()
        expect(report.automated).toHaveLength(1)
        const [done] = report.automated
        expect(done?.refused.map((r) => [r.command.type, r.reason])).toEqual([
          ["ChangeStatus", expect.stringContaining("new")],
        ])
        const view = yield* desk.status("T-1")
        expect(view.ticket.status).toBe("new")
        expect(view.ticket.tags).toEqual(["seen"])
        expect(view.automations.due).toEqual([])
        yield* TestClock.adjust("1 hour")
        expect((yield* desk.tick()).automated).toEqual([])
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect("stops rules that undo each other, naming them, and parks the ticket", () => {
    const rules = Automation.rules(
      [
        {
          id: "tag-x",
          when: { ticket: { tags: { none: ["x"] } } },
          actions: [{ do: "addTags", tags: ["x"] }],
        },
        {
          id: "untag-x",
          when: { ticket: { tags: { all: ["x"] } } },
          actions: [{ do: "removeTags", tags: ["x"] }],
        },
      ],
      { vocabulary },
    )
    expect(Automation.lint(rules).map((c) => c.rules)).toEqual([["tag-x", "untag-x"]])
    const { layer } = deskWith({ automations: rules, automationLimit: 4 })
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      const report = yield* desk.tick()
      expect(report.automated.map((a) => a.firing.ruleId)).toEqual(["tag-x", "untag-x", "tag-x", "untag-x"])
      expect(report.failed).toHaveLength(1)
      const [failure] = report.failed
      expect(failure?.loop).toBeInstanceOf(Automation.AutomationLoop)
      expect(failure?.loop?.rules).toEqual(["tag-x", "untag-x"])
      expect(failure?.reason).toBe(
        'ticket "T-1": rules fired more than 4 times in one tick (tag-x, untag-x): they undo each other',
      )
      // Parked: later ticks leave it alone until a command changes it.
      yield* TestClock.adjust("1 hour")
      expect((yield* desk.tick()).claimed).toEqual([])
      yield* desk.execute("T-1", { type: "AddInternalNote", agentId: "a-1" })
      expect((yield* desk.tick()).claimed).toEqual(["T-1"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("a sink without notify leaves a notifying firing due, reported, and retried later", () => {
    const bare = Layer.succeed(Desk.FollowUpSink, { send: () => Effect.void })
    const store = interleaving()
    const layer = Layer.merge(
      Desk.Desk.layer({ serviceLevel: level, vocabulary, automations: recipes }).pipe(
        Layer.provide(Layer.merge(store, bare)),
      ),
      store,
    )
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-1", { type: "RecordCustomerChase" })
      yield* desk.execute("T-1", { type: "RecordCustomerChase" })
      const report = yield* desk.tick()
      expect(report.automated).toEqual([])
      expect(report.failed.map((f) => f.taskId)).toEqual(["T-1/second-chase/t2/notify1"])
      expect((yield* desk.status("T-1")).ticket.assignee?.groupId).toBeUndefined()
    }).pipe(Effect.provide(layer))
  })
})

describe("Desk automations under concurrency", () => {
  it.effect("many tickers side by side and redelivered commands: each firing applied exactly once", () => {
    const { layer } = deskWith()
    const ids = Array.from({ length: 40 }, (_, k) => `T-${k}`)
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* Effect.forEach(ids, (id) => desk.execute(id, open), { concurrency: 8, discard: true })
      // Every ticket chased twice (each chase delivered twice under one key), half about billing.
      const commands = ids.flatMap((id, k) => [
        [id, { type: "RecordCustomerChase" }, `${id}/chase1`],
        [id, { type: "RecordCustomerChase" }, `${id}/chase2`],
        ...(k % 2 === 0
          ? [[id, { type: "SetField", field: "product", value: "billing" }, `${id}/billing`]]
          : []),
      ]) as Array<[string, Desk.DeskCommand, string]>
      yield* Effect.forEach(
        [...commands, ...commands],
        ([id, command, key]) => desk.execute(id, command, { idempotencyKey: key }),
        { concurrency: 8, discard: true },
      )
      // Eight tickers at once, twice over, with the breach time passed in between.
      yield* Effect.all(
        Array.from({ length: 8 }, () => desk.tick()),
        { concurrency: "unbounded" },
      )
      yield* TestClock.adjust("5 hours")
      const reports = yield* Effect.all(
        Array.from({ length: 8 }, () => desk.tick()),
        { concurrency: "unbounded" },
      )
      expect(reports.flatMap((r) => r.failed)).toEqual([])
      const store = yield* Desk.TicketStore
      for (const id of ids) {
        const events = (yield* store.load(id)).events
        const firings = events.flatMap((e) => (e.type === "AutomationApplied" ? [e.firingId] : []))
        expect(firings).toEqual([`${id}/second-chase/t2`, `${id}/first-reply-breach/t0+firstReply.1`])
        expect(events.filter((e) => e.type === "TicketAssigned")).toHaveLength(1)
        expect(events.filter((e) => e.type === "PriorityChanged")).toHaveLength(1)
        expect(events.filter((e) => e.type === "CustomerChased")).toHaveLength(2)
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("a firing whose condition stopped holding before its append is not applied", () => {
    // A store that lets a competing command in just before the first automation append: the
    // customer answers, so the pending ticket is no longer pending.
    let raced = false
    const racing = Layer.effect(
      Desk.TicketStore,
      Effect.gen(function* () {
        const store = yield* Desk.TicketStore
        return Desk.TicketStore.of({
          ...store,
          append: (ticketId, version, events, options) =>
            Effect.gen(function* () {
              if (!raced && options?.idempotencyKey?.startsWith("automation:")) {
                raced = true
                const at = new Date(yield* Effect.clockWith((c) => c.currentTimeMillis))
                yield* store.append(ticketId, version, [
                  { type: "CustomerMessaged", ticketId, at },
                  { type: "StatusChanged", ticketId, at, status: "open" },
                ])
              }
              return yield* store.append(ticketId, version, events, options)
            }),
        })
      }),
    ).pipe(Layer.provide(Desk.memoryStore()))
    const { layer, sink } = deskWith({}, racing)
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", open)
      yield* desk.execute("T-1", { type: "ReplyToCustomer", agentId: "a-1" })
      yield* desk.execute("T-1", { type: "ChangeStatus", status: "pending" })
      yield* TestClock.adjust("3 days")
      const report = yield* desk.tick()
      expect(raced).toBe(true)
      expect(report.automated).toEqual([])
      const store = yield* Desk.TicketStore
      expect(types((yield* store.load("T-1")).events)).not.toContain("AutomationApplied")
      // The reminder was sent before the append that lost the race (at least once, with a stable id).
      expect(sink.notified().map((n) => n.kind)).toEqual(["pendingReminder"])
    }).pipe(Effect.provide(layer))
  })
})

describe("the Promise facade with automation rules", () => {
  it("applies firings on tick and hands their messages to notify", async () => {
    const notified: Array<string> = []
    const desk = Desk.createDesk({
      config: { serviceLevel: level, vocabulary, automations: recipes },
      send: async () => {},
      notify: async (n) => {
        notified.push(`${n.to}:${n.kind}`)
      },
    })
    const at = new Date(Date.now() - 60_000)
    await desk.execute("T-1", { ...open, at })
    await desk.execute("T-1", { type: "RecordCustomerChase", at })
    await desk.execute("T-1", { type: "RecordCustomerChase", at })
    const report = await desk.tick()
    expect(report.automated.map((a) => a.firing.ruleId)).toEqual(["second-chase"])
    expect(notified).toEqual(["desk:leadAlert"])
    expect((await desk.status("T-1")).ticket.assignee.groupId).toBe("leads")
    await desk.dispose()
  })

  it("refuses a notify that is not a function, naming it", () => {
    expect(() =>
      Desk.createDesk({ config: { serviceLevel: level }, send: async () => {}, notify: "mail" as never }),
    ).toThrow(expect.objectContaining({ field: "notify" }))
  })
})

describe("automation rules on a desk with its own words", () => {
  it.effect("apply a command in the desk's priorities through the tick", () => {
    const p1p4 = Ticket.vocabulary({ priorities: ["P4", "P3", "P2", "P1"] })
    const rules = Automation.rules(
      [
        {
          id: "vip-p1",
          when: { ticket: { tags: { any: ["vip"] } } },
          actions: [{ do: "setPriority", priority: "P1" }],
        },
      ],
      { vocabulary: p1p4 },
    )
    const p4Level = ServiceLevel.make({
      name: "P1–P4",
      calendar: officeHours,
      channels: ["email"],
      sla: [],
      followUp: FollowUp.policy({}),
    })
    const store = interleaving()
    const layer = Layer.merge(
      Desk.Desk.layer({ serviceLevel: p4Level, vocabulary: p1p4, automations: rules }).pipe(
        Layer.provide(Layer.merge(store, Desk.recordingSink().layer)),
      ),
      store,
    )
    return Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const desk = yield* Desk.Desk
      yield* desk.execute("T-1", { ...open, priority: "P4" })
      yield* desk.execute("T-1", { type: "AddTags", tags: ["vip"] })
      const report = yield* desk.tick()
      expect(report.automated.map((a) => [a.firing.ruleId, a.refused])).toEqual([["vip-p1", []]])
      expect((yield* desk.status("T-1")).ticket.priority).toBe("P1")
    }).pipe(Effect.provide(layer))
  })
})
