// DESIGN.md "Precisely", the policy side: which policy applies, its targets per current
// priority, per-customer calendars, warnings and nextChangeAt, custom clocks.
import { Calendar, Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import {
  clock,
  evaluate,
  figuresOf,
  HOUR,
  keysOf,
  MINUTE,
  normalPolicy,
  rome,
  romeOffice,
  ticket,
  tue,
  wed,
} from "./builders.js"

const nyOffice = Calendar.make({
  timeZone: "America/New_York",
  hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-18:00"]])),
})

describe("per-customer calendars", () => {
  const offices: Record<string, Calendar.Calendar> = {
    "America/New_York": nyOffice,
    "Europe/Rome": romeOffice,
  }
  const byRequester = (t: Ticket.OpenedTicket) => offices[t.requester.timeZone ?? ""] ?? romeOffice
  const policy = normalPolicy({ resolution: "PT8H" })
  const openedBy = (timeZone?: string) =>
    ticket().opened("2025-06-03T15:00:00Z", { requester: { id: "c-1", ...(timeZone && { timeZone }) } })

  it("count each ticket in its requester's hours", () => {
    const now = new Date("2025-06-03T17:00:00Z") // 13:00 in New York, 19:00 in Rome
    const options = { policies: [policy], calendar: byRequester, now }
    expect(figuresOf(evaluate(openedBy("America/New_York"), options), "resolution")).toMatchObject({
      elapsedMs: 2 * HOUR,
      dueAt: new Date("2025-06-04T14:00:00Z"), // Wednesday 10:00 in New York
    })
    expect(figuresOf(evaluate(openedBy("Europe/Rome"), options), "resolution")).toMatchObject({
      elapsedMs: HOUR,
      dueAt: new Date("2025-06-04T14:00:00Z"), // Wednesday 16:00 in Rome
    })
    expect(figuresOf(evaluate(openedBy(), options), "resolution").elapsedMs).toBe(HOUR)
  })
})

describe("a priority change", () => {
  const policy = Sla.policy({
    id: "std",
    targets: {
      normal: { firstReply: "PT4H", requesterWait: "PT8H", resolution: "PT16H" },
      urgent: { firstReply: "PT1H", requesterWait: "PT2H", resolution: "PT4H" },
    },
  })
  const story = ticket()
    .opened(tue("09:00"))
    .status(tue("09:30"), "pending")
    .status(tue("10:30"), "open")
    .priority(tue("11:00"), "urgent")

  it("recomputes each clock's target from its start, keeping paused time", () => {
    const before = evaluate(story, { policies: [policy], calendar: romeOffice, now: tue("10:59") })
    expect(figuresOf(before, "firstReply")).toMatchObject({ status: "running", targetMs: 4 * HOUR })
    const status = evaluate(story, { policies: [policy], calendar: romeOffice, now: tue("11:30") })
    expect(figuresOf(status, "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: 150 * MINUTE,
        targetMs: HOUR,
        breachedAt: tue("10:00"), // before the change: the new target applies from the start
      }),
    )
    expect(figuresOf(status, "requesterWait")).toStrictEqual(
      clock("requesterWait", {
        status: "running",
        startedAt: tue("09:00"),
        elapsedMs: 90 * MINUTE,
        targetMs: 2 * HOUR,
        dueAt: tue("12:00"),
      }),
    )
    expect(figuresOf(status, "resolution")).toMatchObject({ targetMs: 4 * HOUR, dueAt: tue("13:00") })
  })

  it("reveals clocks that ran untargeted from their start events", () => {
    const late = Sla.policy({
      id: "late",
      targets: { normal: { resolution: "PT8H" }, urgent: { firstReply: "PT1H" } },
    })
    const story = ticket().opened(tue("09:00")).priority(tue("10:00"), "urgent")
    const before = evaluate(story, { policies: [late], calendar: romeOffice, now: tue("09:30") })
    expect(keysOf(before)).toEqual(["resolution#1"])
    const after = evaluate(story, { policies: [late], calendar: romeOffice, now: tue("10:30") })
    expect(keysOf(after)).toEqual(["firstReply#1"])
    expect(figuresOf(after, "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: 90 * MINUTE,
        targetMs: HOUR,
        breachedAt: tue("10:00"),
      }),
    )
  })

  it("to a priority the policy sets no targets for leaves no clocks, under the same policy", () => {
    const status = evaluate(story.priority(tue("12:00"), "low"), {
      policies: [policy],
      calendar: romeOffice,
      now: tue("12:30"),
    })
    expect(status).toStrictEqual({ policyId: "std", clocks: [], nextChangeAt: undefined })
  })

  it("can move the ticket to another policy, whose targets apply from each clock's start", () => {
    const urgent = Sla.policy({
      id: "urgent",
      when: { priority: ["urgent"] },
      targets: { urgent: { firstReply: "PT2H" } },
    })
    const status = evaluate(story, { policies: [urgent, policy], calendar: romeOffice, now: tue("11:30") })
    expect(status.policyId).toBe("urgent")
    expect(keysOf(status)).toEqual(["firstReply#1"])
    expect(figuresOf(status, "firstReply")).toMatchObject({ status: "breached", breachedAt: tue("11:00") })
  })
})

describe("policy order", () => {
  const chatOnly = Sla.policy({
    id: "chat",
    when: { channel: ["chat"] },
    targets: { normal: { firstReply: "PT1H" } },
  })
  const first = normalPolicy({ firstReply: "PT2H" }, "first")
  const second = normalPolicy({ firstReply: "PT3H" }, "second")

  it("the first policy that matches applies", () => {
    const status = evaluate(ticket().opened(tue("09:00")), {
      policies: [chatOnly, first, second],
      calendar: romeOffice,
      now: tue("09:30"),
    })
    expect(status.policyId).toBe("first")
    expect(figuresOf(status, "firstReply").targetMs).toBe(2 * HOUR)
  })

  it("no matching policy: policyId null and no clocks", () => {
    for (const policies of [[chatOnly], []])
      expect(
        evaluate(ticket().opened(tue("09:00")), { policies, calendar: romeOffice, now: tue("09:30") }),
      ).toStrictEqual({
        policyId: null,
        clocks: [],
        nextChangeAt: undefined,
      })
  })

  it("no ticket (no TicketOpened): policyId null and no clocks", () => {
    expect(evaluate([], { policies: [first], calendar: romeOffice, now: tue("09:30") }).policyId).toBeNull()
  })
})

describe("when conditions", () => {
  const story = ticket()
    .opened(tue("09:00"), {
      channel: "chat",
      priority: "high",
      requester: { id: "c-1", tier: "gold" },
      tags: ["vip", "billing"],
    })
    .assigned(tue("09:10"), { groupId: "tier2" })
  const state = Ticket.replay(story.events)
  if (!state.exists) throw new Error("the story opens a ticket")
  const predicates: Sla.Predicates = { vip: (t) => t.tags.includes("vip"), never: () => false }

  const cases: ReadonlyArray<readonly [string, Sla.When, boolean]> = [
    ["no condition", {}, true],
    ["priority in the list", { priority: ["urgent", "high"] }, true],
    ["priority not in the list", { priority: ["urgent", "low"] }, false],
    ["channel in the list", { channel: ["chat", "phone"] }, true],
    ["channel not in the list", { channel: ["email"] }, false],
    ["tags: any of", { tags: { any: ["vip", "other"] } }, true],
    ["tags: none of the any", { tags: { any: ["other"] } }, false],
    ["tags: all of", { tags: { all: ["vip", "billing"] } }, true],
    ["tags: not all of", { tags: { all: ["vip", "other"] } }, false],
    ["tier in the list", { tier: ["gold"] }, true],
    ["tier not in the list", { tier: ["silver"] }, false],
    ["group assigned after opening", { group: ["tier2"] }, true],
    ["another group", { group: ["tier1"] }, false],
    ["every field must hold", { priority: ["high"], channel: ["email"] }, false],
    ["all of: every one holds", { all: [{ priority: ["high"] }, { channel: ["chat"] }] }, true],
    ["all of: one fails", { all: [{ priority: ["high"] }, { channel: ["email"] }] }, false],
    ["any of: one holds", { any: [{ priority: ["low"] }, { tier: ["gold"] }] }, true],
    ["any of: none holds", { any: [{ priority: ["low"] }, { tier: ["silver"] }] }, false],
    ["not: the inner fails", { not: { channel: ["email"] } }, true],
    ["not: the inner holds", { not: { channel: ["chat"] } }, false],
    ["a predicate that holds", { predicate: "vip" }, true],
    ["a predicate that fails", { predicate: "never" }, false],
    [
      "nested",
      { any: [{ not: { tier: ["gold"] } }, { all: [{ predicate: "vip" }, { group: ["tier2"] }] }] },
      true,
    ],
  ]

  it.each(cases)("%s", (_name, when, expected) => {
    expect(Sla.matches(when, state, predicates)).toBe(expected)
    const policies = [
      Sla.policy({ id: "matched", when, targets: { high: { resolution: "PT8H" } } }),
      Sla.policy({ id: "fallback", targets: {} }),
    ]
    const status = evaluate(story, { policies, calendar: romeOffice, now: tue("10:00"), predicates })
    expect(status.policyId).toBe(expected ? "matched" : "fallback")
  })

  it("are matched on the ticket's current state", () => {
    const policies = [Sla.policy({ id: "tier2", when: { group: ["tier2"] }, targets: {} })]
    expect(evaluate(story, { policies, calendar: romeOffice, now: tue("09:05") }).policyId).toBeNull()
    expect(evaluate(story, { policies, calendar: romeOffice, now: tue("09:10") }).policyId).toBe("tier2")
  })

  it("a requester without a tier matches no tier list", () => {
    const plain = Ticket.replay(ticket().opened(tue("09:00")).events)
    if (!plain.exists) throw new Error("the story opens a ticket")
    expect(Sla.matches({ tier: ["gold"] }, plain)).toBe(false)
  })

  it("a predicate evaluate was not given is an UnknownPredicate error", () => {
    const policies = [Sla.policy({ id: "vip", when: { predicate: "vip" }, targets: {} })]
    const run = () => evaluate(story, { policies, calendar: romeOffice, now: tue("10:00") })
    expect(run).toThrow(Sla.UnknownPredicate)
    expect(run).toThrow(expect.objectContaining({ _tag: "UnknownPredicate", name: "vip" }))
  })
})

describe("warnings and nextChangeAt", () => {
  const policy = Sla.policy({
    id: "std",
    targets: { normal: { firstReply: "PT4H", requesterWait: "PT4H", resolution: "PT8H" } },
    warnAt: [0.5, 0.75],
  })
  const story = ticket().opened(tue("09:00")).status(tue("09:30"), "open").status(tue("10:30"), "pending")
  const at = (now: Date, s = story) => evaluate(s, { policies: [policy], calendar: romeOffice, now })

  it("a running clock: reached thresholds carry when, future ones when they will be reached", () => {
    const status = at(tue("11:30"))
    expect(figuresOf(status, "firstReply").dueAt).toEqual(tue("13:00"))
    expect(status.clocks.find((c) => c.metric === "firstReply")?.warnings).toStrictEqual([
      { threshold: 0.5, reached: true, at: tue("11:00") },
      { threshold: 0.75, reached: false, at: tue("12:00") },
    ])
    expect(status.clocks.find((c) => c.metric === "resolution")?.warnings).toStrictEqual([
      { threshold: 0.5, reached: false, at: tue("13:00") },
      { threshold: 0.75, reached: false, at: tue("15:00") },
    ])
  })

  it("a paused clock: thresholds not reached have no `at`", () => {
    expect(at(tue("11:30")).clocks.find((c) => c.metric === "requesterWait")?.warnings).toStrictEqual([
      { threshold: 0.5, reached: false },
      { threshold: 0.75, reached: false },
    ])
  })

  it("a stopped clock keeps the instants of the thresholds it reached", () => {
    const status = at(tue("13:00"), story.reply(tue("12:30")))
    expect(status.clocks.find((c) => c.metric === "firstReply")?.warnings).toStrictEqual([
      { threshold: 0.5, reached: true, at: tue("11:00") },
      { threshold: 0.75, reached: true, at: tue("12:00") },
    ])
  })

  it("future thresholds skip closed hours", () => {
    const late = at(tue("17:30"), ticket().opened(tue("17:00")))
    expect(late.clocks.find((c) => c.metric === "firstReply")?.warnings[0]).toStrictEqual({
      threshold: 0.5,
      reached: false,
      at: wed("10:00"),
    })
    expect(late.nextChangeAt).toEqual(wed("10:00"))
  })

  it("nextChangeAt is the earliest future warning or breach among running clocks", () => {
    expect(at(tue("11:30")).nextChangeAt).toEqual(tue("12:00")) // firstReply reaches 75%
    expect(at(tue("12:30")).nextChangeAt).toEqual(tue("13:00")) // firstReply breaches; resolution 50%
    const breachFirst = Sla.policy({ id: "b", targets: { normal: { firstReply: "PT1H" } }, warnAt: [0.5] })
    const status = evaluate(ticket().opened(tue("09:00")), {
      policies: [breachFirst],
      calendar: romeOffice,
      now: tue("09:40"),
    })
    expect(status.nextChangeAt).toEqual(tue("10:00"))
  })

  it("nextChangeAt is undefined when no clock runs", () => {
    const paused = Sla.policy({ id: "p", targets: { normal: { requesterWait: "PT4H" } }, warnAt: [0.5] })
    expect(
      evaluate(story, { policies: [paused], calendar: romeOffice, now: tue("11:30") }).nextChangeAt,
    ).toBeUndefined()
    const solved = story.status(tue("11:00"), "solved")
    expect(at(tue("11:30"), solved).nextChangeAt).toBeUndefined()
  })
})

describe("a custom clock (Sla.clock): time from a customer chase to the next agent reply", () => {
  const chaseResponse = Sla.clock({
    metric: "chaseResponse",
    start: Sla.on("CustomerChased"),
    stop: Sla.on("AgentReplied"),
    cycles: "repeating",
  })
  const policy = Sla.policy(
    { id: "std", targets: { normal: { chaseResponse: "PT1H" } } },
    { metrics: ["chaseResponse"] },
  )
  const clocks = [...Sla.builtinClocks, chaseResponse]
  const story = ticket()
    .opened(tue("09:00"))
    .reply(tue("09:15"))
    .chase(tue("10:00"))
    .chase(tue("10:20"))
    .reply(tue("11:30"))
    .chase(tue("12:00"))

  it("is targeted and evaluated like a built-in metric", () => {
    const status = evaluate(story, { policies: [policy], calendar: romeOffice, now: tue("12:30"), clocks })
    expect(keysOf(status)).toEqual(["chaseResponse#1", "chaseResponse#2"])
    expect(figuresOf(status, "chaseResponse", 1)).toStrictEqual(
      clock("chaseResponse", {
        status: "breached",
        startedAt: tue("10:00"),
        elapsedMs: 90 * MINUTE,
        targetMs: HOUR,
        stoppedAt: tue("11:30"),
        breachedAt: tue("11:00"),
      }),
    )
    expect(figuresOf(status, "chaseResponse", 2)).toStrictEqual(
      clock(
        "chaseResponse",
        {
          status: "running",
          startedAt: tue("12:00"),
          elapsedMs: 30 * MINUTE,
          targetMs: HOUR,
          dueAt: tue("13:00"),
        },
        2,
      ),
    )
  })

  it("is stopped by solving like every clock", () => {
    const status = evaluate(story.status(rome("2025-06-03T12:10"), "solved"), {
      policies: [policy],
      calendar: romeOffice,
      now: tue("12:30"),
      clocks,
    })
    expect(figuresOf(status, "chaseResponse", 2)).toMatchObject({
      status: "achieved",
      stoppedAt: tue("12:10"),
    })
  })
})
