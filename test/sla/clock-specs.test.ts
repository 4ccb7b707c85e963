// Clock definitions as data (Sla.ClockSpec): the seven built-in metrics compiled from their JSON
// specs behave exactly as the hand-written function definitions they replaced; the specs survive
// a JSON round trip; decodeClock refuses bad specs naming the path; a desk's own clock on its
// own custom status.

import * as Result from "effect/Result"
import fc from "fast-check"
import { Calendar, Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { figures, HOUR, MINUTE } from "./builders.js"
import { at, desk, evaluate24x7, story } from "./data-stories.js"
import { arbHistoryAt, arbTargets, calendarOf, everyMetric, type History } from "./histories.js"

// ── the reference: the built-in definitions as they were written before the data form ──────────
// Copied from src/sla/clock.ts at be4727e (the commit before "Clock definitions as data").

const never: Sla.EventCondition = () => false
const pending = Sla.statusIn("pending")

const handWritten: ReadonlyArray<Sla.ClockDefinition> = [
  {
    metric: "firstReply",
    start: Sla.on("TicketOpened", (e) => e.type === "TicketOpened" && e.openedBy !== "agent"),
    stop: Sla.on("AgentReplied"),
    cycles: "single",
  },
  {
    metric: "nextReply",
    start: Sla.on(
      "CustomerMessaged",
      (_, before) => before.publicReplyCount > 0 || before.openedBy === "agent",
    ),
    stop: Sla.on("AgentReplied"),
    cycles: "repeating",
  },
  {
    metric: "periodicUpdate",
    start: Sla.on("AgentReplied"),
    stop: Sla.on("AgentReplied"),
    cycles: "repeating",
  },
  {
    metric: "pausableUpdate",
    start: Sla.on("AgentReplied"),
    stop: Sla.on("AgentReplied"),
    pauseWhile: pending,
    cycles: "repeating",
  },
  {
    metric: "requesterWait",
    start: Sla.on("TicketOpened"),
    stop: never,
    pauseWhile: pending,
    cycles: "single",
    resumeOnReopen: true,
  },
  {
    metric: "agentWork",
    start: Sla.on("TicketOpened"),
    stop: never,
    pauseWhile: Sla.statusIn("pending", "onHold"),
    cycles: "single",
    resumeOnReopen: true,
  },
  {
    metric: "resolution",
    start: Sla.on("TicketOpened"),
    stop: never,
    cycles: "single",
    resumeOnReopen: true,
  },
]

const RUNS = runs(300)

const foldWith = (definitions: ReadonlyArray<Sla.ClockDefinition>, h: History, now: number) =>
  h.events
    .filter((e) => e.at.getTime() <= now)
    .reduce(Sla.step, Sla.initial(definitions, { vocabulary: desk }))

const evaluateWith = (
  clocks: ReadonlyArray<Sla.ClockDefinition>,
  h: History,
  policy: Sla.Policy,
  now: number,
): Sla.SlaStatus =>
  Sla.evaluate(h.events, {
    policies: [policy],
    calendar: calendarOf(h),
    now: new Date(now),
    clocks,
    vocabulary: desk,
  })

describe("the built-in metrics as data", () => {
  it("are the seven built-in metrics, in the order clocks are reported, each compiled from its spec", () => {
    expect(Sla.builtinClockSpecs.map((s) => s.metric)).toStrictEqual([...Sla.builtinMetrics])
    expect(Sla.builtinClocks.map((c) => c.metric)).toStrictEqual([...Sla.builtinMetrics])
    Sla.builtinClocks.forEach((c, i) => {
      expect(c.spec).toBe(Sla.builtinClockSpecs[i])
    })
    for (const spec of Sla.builtinClockSpecs)
      expect(Sla.ClockSpecSchema.safeParse(spec).success, spec.metric).toBe(true)
  })

  it("fold every random history into the same cycles as the hand-written definitions", () => {
    // Histories with every event kind (custom statuses, tags, fields, requester changes, merges,
    // reopens, agent-opened tickets), one opening each; compared cycle by cycle, calendar-free.
    fc.assert(
      fc.property(arbHistoryAt(), ([h, now]) => {
        expect(foldWith(Sla.builtinClocks, h, now).cycles).toStrictEqual(foldWith(handWritten, h, now).cycles)
      }),
      { numRuns: RUNS },
    )
  })

  it("give the same status as the hand-written definitions under a policy targeting every metric", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(), ([h, now], targets) => {
        const policy = everyMetric(targets)
        expect(evaluateWith(Sla.builtinClocks, h, policy, now)).toStrictEqual(
          evaluateWith(handWritten, h, policy, now),
        )
      }),
      { numRuns: RUNS },
    )
  })

  it("start no firstReply on a repeated opening of an agent-opened ticket (the ticket ignores it)", () => {
    // The one place the data form differs from the hand-written definitions: those read the
    // event (`e.openedBy`), so a stray second TicketOpened started a firstReply clock on a
    // ticket an agent opened; the data form reads the ticket, which keeps its first opening.
    const twice = story().opened(at(0), { openedBy: "agent" }).opened(at(1))
    const policy = everyMetric({ normal: { firstReply: "PT1H" } })
    expect(evaluate24x7(twice, [policy], at(2)).clocks).toStrictEqual([])
    expect(
      evaluate24x7(twice, [policy], at(2), { clocks: handWritten }).clocks.map((c) => c.metric),
    ).toStrictEqual(["firstReply"])
  })
})

describe("a JSON round trip of the built-in specs", () => {
  const json: unknown = JSON.parse(JSON.stringify(Sla.builtinClockSpecs))
  const decoded = (json as ReadonlyArray<unknown>).map((spec) => Sla.decodeClock(spec, { vocabulary: desk }))
  const clocks = decoded.map((r) => {
    if (Result.isFailure(r)) throw r.failure
    return r.success
  })

  it("decodes every spec to the same spec", () => {
    expect(decoded.every(Result.isSuccess)).toBe(true)
    expect(clocks.map((c) => c.spec)).toStrictEqual([...Sla.builtinClockSpecs])
    expect(clocks.map((c) => [c.metric, c.cycles, c.resumeOnReopen])).toStrictEqual(
      Sla.builtinClocks.map((c) => [c.metric, c.cycles, c.resumeOnReopen]),
    )
  })

  it("gives the same status as Sla.builtinClocks on random histories", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(), ([h, now], targets) => {
        const policy = everyMetric(targets)
        expect(evaluateWith(clocks, h, policy, now)).toStrictEqual(
          evaluateWith(Sla.builtinClocks, h, policy, now),
        )
      }),
      { numRuns: runs(150) },
    )
  })
})

describe("decodeClock refuses a bad spec, naming the first bad field", () => {
  const refusal = (input: unknown, vocabulary: Ticket.Vocabulary = desk) => {
    const r = Sla.decodeClock(input, { vocabulary })
    if (Result.isSuccess(r)) throw new Error(`accepted ${JSON.stringify(input)}`)
    expect(r.failure).toBeInstanceOf(Sla.InvalidClock)
    return { field: r.failure.field, reason: r.failure.reason }
  }
  const ok = { metric: "x", start: { on: "AgentReplied" }, cycles: "single" } as const
  const deeply = (depth: number): Sla.When => {
    let w: Sla.When = { status: ["open"] }
    for (let i = 0; i < depth; i++) w = { not: w }
    return w
  }

  it("an unknown event type is refused at its trigger's `on`", () => {
    expect(refusal({ ...ok, start: { on: "Replied" } }).field).toBe("clock.start.on")
    const inList = refusal({ ...ok, stop: [{ on: "AgentReplied" }, { on: ["AgentReplied", "Replied"] }] })
    expect(inList.field).toBe("clock.stop[1].on")
    expect(inList.reason).toContain("must be a ticket event type")
  })

  it("an unknown event type's refusal names the type it received", () => {
    expect(refusal({ ...ok, start: { on: "Replied" } }).reason).toContain('"Replied"')
  })

  it("an unknown key, at the spec or in a trigger", () => {
    expect(refusal({ ...ok, stopp: { on: "AgentReplied" } })).toStrictEqual({
      field: "clock.stopp",
      reason: "unknown key",
    })
    expect(refusal({ ...ok, start: { on: "AgentReplied", whenn: {} } })).toStrictEqual({
      field: "clock.start.whenn",
      reason: "unknown key",
    })
    expect(refusal({ ...ok, pauseWhile: { status: ["pending"], colour: "red" } }).field).toBe(
      "clock.pauseWhile.colour",
    )
  })

  it("a custom status the desk does not declare", () => {
    const typo = refusal({ ...ok, start: { on: "StatusChanged", when: { customStatus: ["awaitingVendr"] } } })
    expect(typo.field).toBe("clock.start.when.customStatus[0]")
    expect(typo.reason).toContain("awaitingVendor")
    expect(
      refusal({
        ...ok,
        cancel: [{ on: "AgentReplied" }, { on: "StatusChanged", before: { customStatus: ["x"] } }],
      }).field,
    ).toBe("clock.cancel[1].before.customStatus[0]")
    // The built-in words declare no custom status at all.
    expect(
      refusal({ ...ok, pauseWhile: { customStatus: ["awaitingVendor"] } }, Ticket.builtinVocabulary).field,
    ).toBe("clock.pauseWhile.customStatus[0]")
  })

  it("a field the desk does not declare, or a test of the wrong kind", () => {
    expect(
      refusal({ ...ok, start: { on: "AgentReplied", when: { fields: { nope: { present: true } } } } }).field,
    ).toBe("clock.start.when.fields.nope")
    expect(refusal({ ...ok, reset: { on: "FieldSet", when: { fields: { plan: { gt: 3 } } } } }).field).toBe(
      "clock.reset.when.fields.plan.gt",
    )
  })

  it("a predicate in any of its conditions", () => {
    const reason = "a clock's conditions cannot use predicates (use the function form of Sla.clock)"
    expect(refusal({ ...ok, pauseWhile: { predicate: "vip" } })).toStrictEqual({
      field: "clock.pauseWhile.predicate",
      reason,
    })
    expect(
      refusal({
        ...ok,
        stop: [
          { on: "AgentReplied" },
          { on: "StatusChanged", before: { any: [{ status: ["open"] }, { predicate: "vip" }] } },
        ],
      }),
    ).toStrictEqual({ field: "clock.stop[1].before.any[1].predicate", reason })
    // The function form is where code belongs, and the predicate name is not checked there.
    expect(() =>
      Sla.clock({ ...ok, start: { on: "AgentReplied", when: { not: { predicate: "x" } } } }),
    ).toThrow(Sla.InvalidClock)
  })

  it("conditions nested deeper than MAX_WHEN_DEPTH, before parsing them", () => {
    const tooDeep = deeply(Sla.MAX_WHEN_DEPTH + 8)
    // The condition at the trigger is level 1: the first one too deep is MAX_WHEN_DEPTH `not`s down.
    const path = (prefix: string) => `${prefix}${".not".repeat(Sla.MAX_WHEN_DEPTH)}`
    const reason = `conditions nest deeper than ${Sla.MAX_WHEN_DEPTH} levels`
    expect(refusal({ ...ok, start: { on: "AgentReplied", when: tooDeep } })).toStrictEqual({
      field: path("clock.start.when"),
      reason,
    })
    expect(refusal({ ...ok, pauseWhile: tooDeep }).field).toBe(path("clock.pauseWhile"))
    expect(refusal({ ...ok, start: [ok.start, { on: "AgentReplied", before: tooDeep }] }).field).toBe(
      path("clock.start[1].before"),
    )
    // Exactly MAX_WHEN_DEPTH levels are accepted, one more is not.
    expect(Result.isSuccess(Sla.decodeClock({ ...ok, pauseWhile: deeply(Sla.MAX_WHEN_DEPTH - 1) }))).toBe(
      true,
    )
    expect(refusal({ ...ok, pauseWhile: deeply(Sla.MAX_WHEN_DEPTH) }).field).toBe(path("clock.pauseWhile"))
    // Far beyond any stack: refused, not a crash.
    expect(refusal({ ...ok, pauseWhile: deeply(100_000) }).field).toBe(path("clock.pauseWhile"))
  })

  it("the rest of the spec's shape", () => {
    expect(refusal({ ...ok, cycles: "once" }).field).toBe("clock.cycles")
    expect(refusal({ ...ok, metric: "" }).field).toBe("clock.metric")
    expect(refusal({ ...ok, resumeOnReopen: "yes" }).field).toBe("clock.resumeOnReopen")
    expect(refusal({ ...ok, start: [] }).field).toBe("clock.start")
    expect(refusal({ ...ok, start: { on: [] } }).field).toBe("clock.start.on")
    expect(refusal(null).field).toBe("clock")
  })

  it("Sla.clock throws the same InvalidClock", () => {
    const spec = { ...ok, start: { on: "StatusChanged", when: { customStatus: ["awaitingVendr"] } } } as const
    const thrown = (() => {
      try {
        Sla.clock(spec, { vocabulary: desk })
      } catch (e) {
        return e
      }
      throw new Error("Sla.clock accepted the spec")
    })()
    expect(thrown).toBeInstanceOf(Sla.InvalidClock)
    expect((thrown as Sla.InvalidClock).field).toBe("clock.start.when.customStatus[0]")
  })
})

describe("a desk's own clock: time spent awaiting a vendor", () => {
  const vendorWaitSpec: Sla.ClockSpec = {
    metric: "vendorWait",
    start: { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } },
    stop: { on: "StatusChanged", when: { not: { customStatus: ["awaitingVendor"] } } },
    cycles: "repeating",
  }
  const vendorWait = Sla.clock(vendorWaitSpec, { vocabulary: desk })
  const clocks = [...Sla.builtinClocks, vendorWait]
  const policy = Sla.policy(
    { id: "vendor", targets: { normal: { vendorWait: "PT2H", agentWork: "PT8H" } } },
    { metrics: ["vendorWait"], vocabulary: desk },
  )
  const evaluate = (s: ReturnType<typeof story>, now: Date) => evaluate24x7(s, [policy], now, { clocks })
  const vendorClocks = (status: Sla.SlaStatus) =>
    status.clocks.filter((c) => c.metric === "vendorWait").map(figures)

  it("is decoded from JSON and keeps its spec", () => {
    const decoded = Sla.decodeClock(JSON.parse(JSON.stringify(vendorWaitSpec)), { vocabulary: desk })
    expect(Result.isSuccess(decoded) && decoded.success.spec).toStrictEqual(vendorWaitSpec)
    expect(vendorWait.spec).toStrictEqual(vendorWaitSpec)
  })

  it("runs once per spell in the custom status, not in its plain category", () => {
    const s = story()
      .opened(at(0))
      .status(at(10), "onHold") // the plain category: no vendor involved
      .status(at(20), "open")
      .awaitingVendor(at(60))
      .status(at(120), "open")
      .awaitingVendor(at(180))
    expect(vendorClocks(evaluate(s, at(270)))).toStrictEqual([
      {
        metric: "vendorWait",
        cycle: 1,
        status: "achieved",
        startedAt: at(60),
        elapsedMs: HOUR,
        targetMs: 2 * HOUR,
        remainingMs: HOUR,
        stoppedAt: at(120),
      },
      {
        metric: "vendorWait",
        cycle: 2,
        status: "running",
        startedAt: at(180),
        elapsedMs: 90 * MINUTE,
        targetMs: 2 * HOUR,
        remainingMs: 30 * MINUTE,
        dueAt: at(300),
      },
    ])
    // agentWork pauses in onHold, custom or plain: 10 + 40 + 60 minutes of work.
    expect(evaluate(s, at(270)).clocks.find((c) => c.metric === "agentWork")?.elapsedMs).toBe(110 * MINUTE)
  })

  it("stops when the ticket leaves the custom status for the plain one, and on solving", () => {
    const s = story().opened(at(0)).awaitingVendor(at(30)).status(at(60), "onHold").awaitingVendor(at(90))
    const solved = s.status(at(300), "solved")
    expect(
      vendorClocks(evaluate(solved, at(400))).map((c) => [c.cycle, c.status, c.elapsedMs, c.stoppedAt]),
    ).toStrictEqual([
      [1, "achieved", 30 * MINUTE, at(60)],
      [2, "breached", 210 * MINUTE, at(300)],
    ])
  })

  it("is refused by a desk that does not declare the status", () => {
    expect(() => Sla.clock(vendorWaitSpec)).toThrow(Sla.InvalidClock)
    expect(Result.isFailure(Sla.decodeClock(vendorWaitSpec, { vocabulary: undefined }))).toBe(true)
  })

  it("counts in the policy's calendar like any other clock", () => {
    const s = story().opened(at(0)).awaitingVendor(at(60))
    const status = Sla.evaluate(s.events, {
      policies: [policy],
      calendar: Calendar.make({ timeZone: "UTC", hours: { tue: ["09:00-11:00"] } }),
      now: at(240),
      clocks,
      vocabulary: desk,
    })
    // Open 09:00–11:00 UTC on Tuesdays: one hour of vendor wait (10:00–11:00), then closed.
    expect(vendorClocks(status)[0]).toMatchObject({ status: "running", elapsedMs: HOUR })
  })
})

// ── clocks that read the ticket's data, as data and as functions ───────────────────────────────

const RENEWAL_SOON = "2025-06-20T00:00:00Z"
const renewsSoon = (t: Ticket.OpenedTicket) => {
  const d = t.fields?.renewalDate
  return d instanceof Date && d.getTime() < Date.parse(RENEWAL_SOON)
}

/** A desk's own clocks, each in its data form and written by hand as functions. */
const deskClocks: ReadonlyArray<readonly [Sla.ClockSpec, Sla.ClockDefinition]> = [
  [
    {
      metric: "vendorWait",
      start: { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } },
      stop: { on: "StatusChanged", when: { not: { customStatus: ["awaitingVendor"] } } },
      cancel: { on: "TagsAdded", when: { tags: { any: ["spam"] } } },
      cycles: "repeating",
    },
    {
      metric: "vendorWait",
      start: (e, _, a) => e.type === "StatusChanged" && a.customStatus === "awaitingVendor",
      stop: (e, _, a) => e.type === "StatusChanged" && a.customStatus !== "awaitingVendor",
      cancel: (e, _, a) => e.type === "TagsAdded" && a.tags.includes("spam"),
      cycles: "repeating",
    },
  ],
  [
    {
      metric: "l2Work",
      start: { on: "TicketAssigned", when: { group: ["L2"] }, before: { not: { group: ["L2"] } } },
      stop: { on: "TicketAssigned", when: { not: { group: ["L2"] } } },
      pauseWhile: { any: [{ status: ["pending", "onHold"] }, { fields: { seats: { lt: 10 } } }] },
      cycles: "repeating",
    },
    {
      metric: "l2Work",
      start: (e, b, a) =>
        e.type === "TicketAssigned" && a.assignee.groupId === "L2" && b.assignee.groupId !== "L2",
      stop: (e, _, a) => e.type === "TicketAssigned" && a.assignee.groupId !== "L2",
      pauseWhile: (t) =>
        t.status === "pending" ||
        t.status === "onHold" ||
        (typeof t.fields?.seats === "number" && t.fields.seats < 10),
      cycles: "repeating",
    },
  ],
  [
    {
      metric: "goldResponse",
      start: [
        { on: "CustomerMessaged", when: { tier: ["gold"] } },
        { on: "RequesterChanged", when: { tier: ["gold"] }, before: { not: { tier: ["gold"] } } },
      ],
      stop: { on: "AgentReplied" },
      reset: { on: "CustomerChased", when: { counts: { chases: { gte: 2 } } } },
      cycles: "repeating",
    },
    {
      metric: "goldResponse",
      start: (e, b, a) =>
        (e.type === "CustomerMessaged" && a.requester.tier === "gold") ||
        (e.type === "RequesterChanged" && a.requester.tier === "gold" && b.requester.tier !== "gold"),
      stop: (e) => e.type === "AgentReplied",
      reset: (e, _, a) => e.type === "CustomerChased" && a.chaseCount >= 2,
      cycles: "repeating",
    },
  ],
  [
    {
      metric: "renewalRisk",
      start: {
        on: ["TicketOpened", "FieldSet"],
        when: { fields: { renewalDate: { lt: RENEWAL_SOON } }, tags: { none: ["spam"] } },
      },
      stop: {
        on: ["FieldSet", "FieldCleared"],
        when: { not: { fields: { renewalDate: { lt: RENEWAL_SOON } } } },
      },
      cancel: { on: "TagsAdded", when: { tags: { any: ["spam"] } } },
      cycles: "single",
      resumeOnReopen: true,
    },
    {
      metric: "renewalRisk",
      start: (e, _, a) =>
        (e.type === "TicketOpened" || e.type === "FieldSet") && renewsSoon(a) && !a.tags.includes("spam"),
      stop: (e, _, a) => (e.type === "FieldSet" || e.type === "FieldCleared") && !renewsSoon(a),
      cancel: (e, _, a) => e.type === "TagsAdded" && a.tags.includes("spam"),
      cycles: "single",
      resumeOnReopen: true,
    },
  ],
  [
    {
      metric: "ssoWatch",
      start: {
        on: "FieldSet",
        when: { fields: { components: { oneOf: ["sso"] } }, counts: { reopens: { lte: 1 } } },
      },
      stop: { on: "StatusChanged", when: { status: ["pending"] } },
      pauseWhile: { organization: ["acme"] },
      cycles: "repeating",
    },
    {
      metric: "ssoWatch",
      start: (e, _, a) => {
        const c = a.fields?.components
        return e.type === "FieldSet" && Array.isArray(c) && c.includes("sso") && a.reopenCount <= 1
      },
      stop: (e, _, a) => e.type === "StatusChanged" && a.status === "pending",
      pauseWhile: (t) => t.requester.organization === "acme",
      cycles: "repeating",
    },
  ],
]
const deskMetrics = deskClocks.map(([spec]) => spec.metric)
const asData = [...Sla.builtinClocks, ...deskClocks.map(([spec]) => Sla.clock(spec, { vocabulary: desk }))]
const asFunctions = [...handWritten, ...deskClocks.map(([, functions]) => Sla.clock(functions))]

describe("a desk's clocks reading the ticket's data, on random histories", () => {
  it("as data give the same status as the same clocks written as functions", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(deskMetrics), ([h, now], targets) => {
        const policy = everyMetric(targets, deskMetrics)
        expect(evaluateWith(asData, h, policy, now)).toStrictEqual(evaluateWith(asFunctions, h, policy, now))
      }),
      { numRuns: RUNS },
    )
  })

  it("evaluate (folding in place) equals evaluateState of the fold of step", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(deskMetrics), ([h, now], targets) => {
        const policy = everyMetric(targets, deskMetrics)
        for (const clocks of [asData, asFunctions]) {
          const state = foldWith(clocks, h, now)
          const options = {
            policies: [policy],
            calendar: calendarOf(h),
            now: new Date(now),
            vocabulary: desk,
          }
          expect(Sla.evaluateState(state, options)).toStrictEqual(evaluateWith(clocks, h, policy, now))
        }
      }),
      { numRuns: RUNS },
    )
  })
})
