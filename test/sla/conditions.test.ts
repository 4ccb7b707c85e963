// Conditions on the ticket's data as it is now (Sla.When): tags none, custom fields of every kind,
// status category against custom status, organization, assignee, openedBy and counts; their
// validation against the desk vocabulary when a policy is made; policies that re-match as the
// data they read changes mid-ticket.

import * as Result from "effect/Result"
import fc from "fast-check"
import { Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { figuresOf, HOUR, MINUTE } from "./builders.js"
import { at, desk, evaluate24x7, ownWords, story, ticketOf } from "./data-stories.js"
import { arbHistoryAt, arbTargets, calendarOf, type History } from "./histories.js"

const holds = (when: Sla.When, ticket: Ticket.OpenedTicket) => Sla.matches(when, ticket)

describe("each part of a condition, on the ticket as its history left it", () => {
  const opened = story().opened(at(0))

  it("tags.none: not one of the tags is on the ticket", () => {
    const tagged = ticketOf(opened.tagsAdded(at(1), ["billing", "vip"]))
    expect(holds({ tags: { none: ["spam"] } }, tagged)).toBe(true)
    expect(holds({ tags: { none: ["spam", "vip"] } }, tagged)).toBe(false)
    expect(holds({ tags: { none: ["vip"] } }, ticketOf(opened))).toBe(true)
    // Removed tags no longer count.
    const untagged = ticketOf(opened.tagsAdded(at(1), ["vip"]).tagsRemoved(at(2), ["vip"]))
    expect(holds({ tags: { none: ["vip"] } }, untagged)).toBe(true)
    // Combined with any and all, every part must hold.
    expect(holds({ tags: { any: ["billing"], all: ["billing", "vip"], none: ["spam"] } }, tagged)).toBe(true)
    expect(holds({ tags: { any: ["billing"], none: ["vip"] } }, tagged)).toBe(false)
  })

  describe("fields", () => {
    const renewal = new Date("2025-07-01T00:00:00Z")
    const t = ticketOf(
      opened
        .fieldSet(at(1), "seats", 150)
        .fieldSet(at(2), "plan", "pro")
        .fieldSet(at(3), "vip", false)
        .fieldSet(at(4), "renewalDate", renewal)
        .fieldSet(at(5), "components", ["api", "sso"]),
    )
    const field = (name: string, test: Sla.FieldTest) => holds({ fields: { [name]: test } }, t)

    it("number: equals, oneOf and every bound", () => {
      expect([field("seats", { equals: 150 }), field("seats", { equals: 100 })]).toStrictEqual([true, false])
      expect([field("seats", { oneOf: [100, 150] }), field("seats", { oneOf: [100, 200] })]).toStrictEqual([
        true,
        false,
      ])
      expect([field("seats", { gt: 149 }), field("seats", { gt: 150 })]).toStrictEqual([true, false])
      expect([field("seats", { gte: 150 }), field("seats", { gte: 151 })]).toStrictEqual([true, false])
      expect([field("seats", { lt: 151 }), field("seats", { lt: 150 })]).toStrictEqual([true, false])
      expect([field("seats", { lte: 150 }), field("seats", { lte: 149 })]).toStrictEqual([true, false])
      expect([field("seats", { gte: 100, lt: 200 }), field("seats", { gte: 100, lt: 150 })]).toStrictEqual([
        true,
        false,
      ])
    })

    it("date: the same instant however it is written, and bounds as instants", () => {
      expect(field("renewalDate", { equals: "2025-07-01T00:00:00Z" })).toBe(true)
      expect(field("renewalDate", { equals: "2025-07-01T02:00:00+02:00" })).toBe(true)
      expect(field("renewalDate", { equals: renewal })).toBe(true)
      expect(field("renewalDate", { equals: "2025-07-01T00:00:01Z" })).toBe(false)
      expect(field("renewalDate", { oneOf: ["2025-06-01T00:00:00Z", "2025-06-30T20:00:00-04:00"] })).toBe(
        true,
      )
      expect([
        field("renewalDate", { gt: "2025-06-30T23:59:59Z" }),
        field("renewalDate", { gt: renewal }),
      ]).toStrictEqual([true, false])
      expect([field("renewalDate", { gte: renewal }), field("renewalDate", { lte: renewal })]).toStrictEqual([
        true,
        true,
      ])
      expect([
        field("renewalDate", { lt: "2025-07-01T00:00:01Z" }),
        field("renewalDate", { lt: renewal }),
      ]).toStrictEqual([true, false])
      // Renewing within a window: every bound must hold.
      expect(field("renewalDate", { gte: "2025-06-15T00:00:00Z", lt: "2025-07-15T00:00:00Z" })).toBe(true)
    })

    it("string: equals and oneOf", () => {
      expect([field("plan", { equals: "pro" }), field("plan", { equals: "Pro" })]).toStrictEqual([
        true,
        false,
      ])
      expect([
        field("plan", { oneOf: ["enterprise", "pro"] }),
        field("plan", { oneOf: ["basic"] }),
      ]).toStrictEqual([true, false])
    })

    it("boolean: false is a value like any other", () => {
      expect([field("vip", { equals: false }), field("vip", { equals: true })]).toStrictEqual([true, false])
      expect([field("vip", { present: true }), field("vip", { present: false })]).toStrictEqual([true, false])
      expect(field("vip", { oneOf: [false] })).toBe(true)
    })

    it("list of strings: equals is the same list, oneOf is one of its items", () => {
      expect(field("components", { equals: ["api", "sso"] })).toBe(true)
      expect(field("components", { equals: ["sso", "api"] })).toBe(false)
      expect(field("components", { equals: ["api"] })).toBe(false)
      expect([
        field("components", { oneOf: ["billing", "sso"] }),
        field("components", { oneOf: ["billing"] }),
      ]).toStrictEqual([true, false])
    })

    it("present and absent: a field without a value fails every test but present: false", () => {
      const bare = ticketOf(opened)
      const absent = (test: Sla.FieldTest) => holds({ fields: { seats: test } }, bare)
      expect([absent({ present: false }), absent({ present: true })]).toStrictEqual([true, false])
      for (const test of [
        { equals: 0 },
        { oneOf: [0] },
        { gt: -1 },
        { lte: 1e9 },
        { present: false, equals: 0 },
      ])
        expect(absent(test), JSON.stringify(test)).toBe(false)
      expect([field("seats", { present: true }), field("seats", { present: false })]).toStrictEqual([
        true,
        false,
      ])
    })

    it("a cleared field is absent again, and the others stay", () => {
      const cleared = ticketOf(
        opened.fieldSet(at(1), "seats", 150).fieldSet(at(2), "plan", "pro").fieldCleared(at(3), "seats"),
      )
      expect(holds({ fields: { seats: { present: false }, plan: { equals: "pro" } } }, cleared)).toBe(true)
      expect(holds({ fields: { seats: { gte: 0 } } }, cleared)).toBe(false)
    })

    it("fields given at opening count as set", () => {
      const atOpening = ticketOf(story().opened(at(0), { fields: { seats: 150, plan: "pro" } }))
      expect(holds({ fields: { seats: { gte: 100 }, plan: { oneOf: ["pro"] } } }, atOpening)).toBe(true)
    })
  })

  it("status is the category, customStatus the desk's own status within it", () => {
    const vendor = ticketOf(opened.awaitingVendor(at(1)))
    expect(holds({ status: ["onHold"] }, vendor)).toBe(true)
    expect(holds({ customStatus: ["awaitingVendor"] }, vendor)).toBe(true)
    expect(holds({ status: ["onHold"], customStatus: ["awaitingVendor"] }, vendor)).toBe(true)
    const plain = ticketOf(opened.status(at(1), "onHold"))
    expect(holds({ status: ["onHold"] }, plain)).toBe(true)
    expect(holds({ customStatus: ["awaitingVendor"] }, plain)).toBe(false)
    expect(holds({ status: ["onHold"], not: { customStatus: ["awaitingVendor"] } }, plain)).toBe(true)
    // Leaving the custom status for another status clears it; a custom status in another category.
    const back = ticketOf(opened.awaitingVendor(at(1)).status(at(2), "open"))
    expect(holds({ customStatus: ["awaitingVendor"] }, back)).toBe(false)
    const working = ticketOf(opened.awaitingVendor(at(1)).status(at(2), "open", "inProgress"))
    expect(holds({ status: ["open"], customStatus: ["inProgress"] }, working)).toBe(true)
    expect(holds({ customStatus: ["awaitingVendor", "inProgress"] }, working)).toBe(true)
  })

  it("organization is the requester's, as the latest requester change left it", () => {
    const acme = story().opened(at(0), { requester: { id: "c-1", organization: "acme" } })
    expect(holds({ organization: ["acme"] }, ticketOf(acme))).toBe(true)
    const moved = ticketOf(acme.requester(at(1), { id: "c-1", organization: "globex", tier: "gold" }))
    expect(holds({ organization: ["acme"] }, moved)).toBe(false)
    expect(holds({ organization: ["globex"], tier: ["gold"] }, moved)).toBe(true)
    // A requester without an organization matches no list.
    expect(holds({ organization: ["acme"] }, ticketOf(opened))).toBe(false)
  })

  it("assignee is the assigned agent; a group alone has none", () => {
    const agent = ticketOf(opened.assigned(at(1), { agentId: "a-7", groupId: "L2" }))
    expect(holds({ assignee: ["a-7"] }, agent)).toBe(true)
    expect(holds({ assignee: ["a-8"] }, agent)).toBe(false)
    expect(holds({ assignee: ["a-7"], group: ["L2"] }, agent)).toBe(true)
    const groupOnly = ticketOf(opened.assigned(at(1), { agentId: "a-7" }).assigned(at(2), { groupId: "L2" }))
    expect(holds({ assignee: ["a-7"] }, groupOnly)).toBe(false)
    expect(holds({ group: ["L2"] }, groupOnly)).toBe(true)
  })

  it("openedBy: absent in the opening means the customer", () => {
    expect(holds({ openedBy: ["customer"] }, ticketOf(opened))).toBe(true)
    expect(holds({ openedBy: ["agent"] }, ticketOf(opened))).toBe(false)
    const byAgent = ticketOf(story().opened(at(0), { openedBy: "agent" }))
    expect(holds({ openedBy: ["agent"] }, byAgent)).toBe(true)
    expect(holds({ openedBy: ["customer", "agent"] }, byAgent)).toBe(true)
  })

  it("counts: public replies (not notes), customer messages, chases and reopens, against every bound", () => {
    const t = ticketOf(
      opened
        .message(at(1))
        .reply(at(2))
        .note(at(3))
        .message(at(4))
        .chase(at(5))
        .message(at(6))
        .reply(at(7))
        .status(at(8), "solved")
        .status(at(9), "open"),
    )
    const count = (name: Sla.CountName, c: Sla.Comparison) => holds({ counts: { [name]: c } }, t)
    expect([count("publicReplies", { equals: 2 }), count("publicReplies", { equals: 3 })]).toStrictEqual([
      true,
      false,
    ])
    expect([count("customerMessages", { gt: 2 }), count("customerMessages", { gt: 3 })]).toStrictEqual([
      true,
      false,
    ])
    expect([count("chases", { gte: 1 }), count("chases", { gte: 2 })]).toStrictEqual([true, false])
    expect([count("reopens", { lt: 2 }), count("reopens", { lt: 1 })]).toStrictEqual([true, false])
    expect([count("reopens", { lte: 1 }), count("reopens", { lte: 0 })]).toStrictEqual([true, false])
    expect(
      holds({ counts: { publicReplies: { gte: 1 }, chases: { equals: 1 }, customerMessages: { lt: 4 } } }, t),
    ).toBe(true)
    expect(holds({ counts: { chases: { equals: 0 } } }, ticketOf(opened))).toBe(true)
  })

  it("the new parts combine under all, any and not", () => {
    const t = ticketOf(opened.fieldSet(at(1), "seats", 20).awaitingVendor(at(2)).tagsAdded(at(3), ["vip"]))
    const bigOrVip: Sla.When = { any: [{ fields: { seats: { gte: 100 } } }, { tags: { all: ["vip"] } }] }
    expect(holds(bigOrVip, t)).toBe(true)
    expect(holds({ all: [bigOrVip, { not: { customStatus: ["awaitingVendor"] } }] }, t)).toBe(false)
    expect(
      holds({ not: { any: [{ tags: { none: ["vip"] } }, { fields: { seats: { present: false } } }] } }, t),
    ).toBe(true)
  })
})

describe("a policy's conditions checked against the desk vocabulary", () => {
  const issuesOf = (spec: Sla.PolicySpec, vocabulary?: Ticket.Vocabulary) => {
    const r = Sla.decodePolicy(spec, vocabulary === undefined ? {} : { vocabulary })
    if (Result.isSuccess(r)) throw new Error(`accepted ${JSON.stringify(spec)}`)
    // Sla.policy throws the same refusal.
    expect(() => Sla.policy(spec, vocabulary === undefined ? {} : { vocabulary })).toThrow(Sla.InvalidPolicy)
    return r.failure.issues
  }
  const pathsOf = (when: Sla.When, vocabulary: Ticket.Vocabulary = desk) =>
    issuesOf({ id: "p", when, targets: {} }, vocabulary).map((i) => i.path)

  it("accepts a condition on every declared name and kind", () => {
    const when: Sla.When = {
      customStatus: ["awaitingVendor"],
      tags: { none: ["spam"] },
      fields: {
        seats: { gte: 100, oneOf: [100, 200], present: true },
        renewalDate: { lt: "2026-01-01T00:00:00Z", equals: "2025-07-01T00:00:00+02:00" },
        plan: { oneOf: ["pro"], equals: "pro" },
        vip: { equals: true },
        components: { equals: ["api"], oneOf: ["sso"] },
      },
      organization: ["acme"],
      assignee: ["a-1"],
      openedBy: ["customer"],
      counts: {
        publicReplies: { gte: 1 },
        customerMessages: { lt: 5 },
        chases: { equals: 0 },
        reopens: { lte: 2 },
      },
    }
    expect(Sla.policy({ id: "p", when, targets: {} }, { vocabulary: desk }).when).toStrictEqual(when)
  })

  it("refuses a field the desk does not declare, wherever it is", () => {
    expect(pathsOf({ fields: { seatz: { present: true } } })).toStrictEqual(["when.fields.seatz"])
    expect(pathsOf({ any: [{}, { not: { fields: { owner: {} } } }] })).toStrictEqual([
      "when.any[1].not.fields.owner",
    ])
    // The built-in words declare no field at all.
    const [issue] = issuesOf({ id: "p", when: { fields: { seats: { gte: 1 } } }, targets: {} })
    expect(issue).toStrictEqual({
      path: "when.fields.seats",
      message: "is not a field the desk vocabulary declares (it declares none)",
    })
  })

  it("refuses a test value of the wrong kind for the field", () => {
    expect(
      pathsOf({
        fields: {
          seats: { equals: "100", oneOf: [1, "2"], gt: "2025-01-01T00:00:00Z" },
          plan: { oneOf: [1] },
          vip: { equals: "yes" },
          components: { equals: "api" },
          renewalDate: { equals: "2025-07-01", lt: 5, oneOf: [true] },
        },
      }),
    ).toStrictEqual([
      "when.fields.seats.equals",
      "when.fields.seats.oneOf[1]",
      "when.fields.seats.gt",
      "when.fields.plan.oneOf[0]",
      "when.fields.vip.equals",
      "when.fields.components.equals",
      "when.fields.renewalDate.equals",
      "when.fields.renewalDate.oneOf[0]",
      "when.fields.renewalDate.lt",
    ])
  })

  it("refuses comparisons on fields that are not numbers or dates", () => {
    const issues = issuesOf(
      {
        id: "p",
        when: { fields: { plan: { gt: "a" }, vip: { gte: 1 }, components: { lt: "x", lte: "y" } } },
        targets: {},
      },
      desk,
    )
    expect(issues).toStrictEqual([
      { path: "when.fields.plan.gt", message: "compares numbers and dates only; the field is string" },
      { path: "when.fields.vip.gte", message: "compares numbers and dates only; the field is boolean" },
      { path: "when.fields.components.lt", message: "compares numbers and dates only; the field is strings" },
      {
        path: "when.fields.components.lte",
        message: "compares numbers and dates only; the field is strings",
      },
    ])
  })

  it("refuses a count compared with anything but a finite number", () => {
    expect(
      pathsOf({ counts: { chases: { gte: "2" }, reopens: { lt: "2025-01-01T00:00:00Z" } } }),
    ).toStrictEqual(["when.counts.chases.gte", "when.counts.reopens.lt"])
  })

  it("refuses a channel, a priority or a custom status the desk does not have", () => {
    expect(pathsOf({ channel: ["email", "chat"] }, ownWords)).toStrictEqual(["when.channel[1]"])
    expect(pathsOf({ priority: ["P1", "urgent"] }, ownWords)).toStrictEqual(["when.priority[1]"])
    expect(pathsOf({ customStatus: ["awaitingVendor", "awaitingVendr"] })).toStrictEqual([
      "when.customStatus[1]",
    ])
    // The built-in words have no custom status.
    expect(pathsOf({ customStatus: ["awaitingVendor"] }, Ticket.builtinVocabulary)).toStrictEqual([
      "when.customStatus[0]",
    ])
    expect(pathsOf({ all: [{ not: { channel: ["fax"] } }] }, desk)).toStrictEqual([
      "when.all[0].not.channel[0]",
    ])
  })

  it("refuses target priorities the desk does not have", () => {
    const issues = issuesOf(
      { id: "p", targets: { P5: { firstReply: "PT1H" }, urgent: {}, P1: { firstReply: "PT1H" } } },
      ownWords,
    )
    expect(issues.map((i) => i.path)).toStrictEqual(["targets.P5", "targets.urgent"])
    expect(issues[0]?.message).toBe("unknown key (the desk's priorities: P4, P3, P2, P1)")
    expect(
      Sla.policy({ id: "p", targets: { P1: { firstReply: "PT1H" } } }, { vocabulary: ownWords }).targets.P1,
    ).toStrictEqual({
      firstReply: { ms: HOUR, hours: "business" },
    })
  })

  it("names every problem at once", () => {
    const issues = issuesOf(
      {
        id: "p",
        when: { channel: ["chat"], customStatus: ["x"], fields: { seats: { equals: "1" }, owner: {} } },
        targets: { urgent: {} },
      },
      ownWords,
    )
    expect(issues.map((i) => i.path)).toStrictEqual([
      "targets.urgent",
      "when.channel[0]",
      "when.customStatus[0]",
      "when.fields.seats.equals",
      "when.fields.owner",
    ])
  })
})

describe("a policy re-matches when the data it reads changes", () => {
  const gold = Sla.policy({
    id: "gold",
    when: { tier: ["gold"] },
    targets: { normal: { firstReply: "PT1H", resolution: "PT4H" } },
  })
  const silver = Sla.policy({
    id: "silver",
    when: { tier: ["silver"] },
    targets: { normal: { firstReply: "PT4H", resolution: "PT16H" } },
  })
  const upgraded = story()
    .opened(at(0), { requester: { id: "c-1", tier: "silver" } })
    .requester(at(120), { id: "c-1", tier: "gold" })

  it("a customer upgraded to gold mid-ticket gets gold's targets, recomputed from each clock's start", () => {
    const before = evaluate24x7(upgraded, [gold, silver], at(100))
    expect(before.policyId).toBe("silver")
    expect(figuresOf(before, "firstReply")).toMatchObject({
      status: "running",
      targetMs: 4 * HOUR,
      dueAt: at(240),
    })
    const after = evaluate24x7(upgraded, [gold, silver], at(150))
    expect(after.policyId).toBe("gold")
    expect(figuresOf(after, "firstReply")).toStrictEqual({
      metric: "firstReply",
      cycle: 1,
      status: "breached",
      startedAt: at(0),
      elapsedMs: 150 * MINUTE,
      targetMs: HOUR,
      remainingMs: -90 * MINUTE,
      breachedAt: at(60), // before the upgrade: gold's target counts from the clock's start
    })
    expect(figuresOf(after, "resolution")).toStrictEqual({
      metric: "resolution",
      cycle: 1,
      status: "running",
      startedAt: at(0),
      elapsedMs: 150 * MINUTE,
      targetMs: 4 * HOUR,
      remainingMs: 90 * MINUTE,
      dueAt: at(240),
    })
    expect(after.nextChangeAt).toStrictEqual(at(240))
  })

  it("a reply before the upgrade that met silver's target may breach gold's", () => {
    const s = story()
      .opened(at(0), { requester: { id: "c-1", tier: "silver" } })
      .reply(at(90))
      .requester(at(120), { id: "c-1", tier: "gold" })
    expect(figuresOf(evaluate24x7(s, [gold, silver], at(100)), "firstReply").status).toBe("achieved")
    expect(figuresOf(evaluate24x7(s, [gold, silver], at(150)), "firstReply")).toMatchObject({
      status: "breached",
      stoppedAt: at(90),
      breachedAt: at(60),
    })
  })

  it("a tag added later switches the policy, and removing it switches back", () => {
    const vip = Sla.policy({
      id: "vip",
      when: { tags: { any: ["vip"] } },
      targets: { normal: { resolution: "PT2H" } },
    })
    const std = Sla.policy({ id: "std", targets: { normal: { resolution: "PT8H" } } })
    const s = story().opened(at(0)).tagsAdded(at(30), ["vip"]).tagsRemoved(at(90), ["vip"])
    const at_ = (m: number) => evaluate24x7(s, [vip, std], at(m))
    expect([at_(10), at_(60), at_(100)].map((st) => [st.policyId, st.clocks[0]?.targetMs])).toStrictEqual([
      ["std", 8 * HOUR],
      ["vip", 2 * HOUR],
      ["std", 8 * HOUR],
    ])
  })

  it("a field set later switches the policy, and clearing it switches back", () => {
    const big = Sla.policy(
      { id: "big", when: { fields: { seats: { gte: 100 } } }, targets: { normal: { resolution: "PT2H" } } },
      { vocabulary: desk },
    )
    const std = Sla.policy({ id: "std", targets: { normal: { resolution: "PT8H" } } })
    const s = story()
      .opened(at(0))
      .fieldSet(at(30), "seats", 50)
      .fieldSet(at(60), "seats", 250)
      .fieldCleared(at(90), "seats")
    expect([10, 45, 75, 100].map((m) => evaluate24x7(s, [big, std], at(m)).policyId)).toStrictEqual([
      "std",
      "std",
      "big",
      "std",
    ])
  })
})

// ── a field set at opening, or later before any clock reads it ─────────────────────────────────

const withoutTargetsFor = (
  targets: Readonly<Record<string, Readonly<Record<string, Sla.TargetInput>>>>,
  metrics: ReadonlyArray<string>,
) =>
  Object.fromEntries(
    Object.entries(targets).map(([p, byMetric]) => [
      p,
      Object.fromEntries(Object.entries(byMetric).filter(([m]) => metrics.includes(m))),
    ]),
  )

/** Policies that read `seats`: big accounts, accounts that said how big they are, and the rest. */
const seatPolicies = (
  targets: ReadonlyArray<Readonly<Record<string, Readonly<Record<string, Sla.TargetInput>>>>>,
  metrics: ReadonlyArray<string>,
): ReadonlyArray<Sla.Policy> => {
  const options = { vocabulary: desk, metrics }
  const [big, sized, rest] = targets.map((t) => withoutTargetsFor(t, metrics))
  return [
    Sla.policy({ id: "big", when: { fields: { seats: { gte: 100 } } }, targets: big! }, options),
    Sla.policy({ id: "sized", when: { fields: { seats: { present: true } } }, targets: sized! }, options),
    Sla.policy({ id: "rest", targets: rest! }, options),
  ]
}

/** A clock that reads the field: agent work paused while the account is small. */
const bigAccountWork = Sla.clock(
  {
    metric: "bigAccountWork",
    start: { on: "TicketOpened" },
    pauseWhile: { any: [{ status: ["pending", "onHold"] }, { fields: { seats: { lt: 100 } } }] },
    cycles: "single",
    resumeOnReopen: true,
  },
  { vocabulary: desk },
)

/** A clock that starts only on replies to big accounts. */
const bigAccountUpdate = Sla.clock(
  {
    metric: "bigAccountUpdate",
    start: { on: "AgentReplied", when: { fields: { seats: { gte: 100 } } } },
    stop: { on: "AgentReplied" },
    cycles: "repeating",
  },
  { vocabulary: desk },
)

const seats = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 100, max: 300 }))
const opening = (h: History) => h.events[0] as Ticket.TicketOpened
const setSeats = (at: Date, value: number): Ticket.FieldSet => ({
  type: "FieldSet",
  ticketId: "T-1",
  at,
  field: "seats",
  value,
})
const openedWith = (h: History, value: number): ReadonlyArray<Ticket.TicketEvent> => [
  { ...opening(h), fields: { seats: value } },
  ...h.events.slice(1),
]

describe("a policy reading a field, on random histories", () => {
  // A: the history with `seats` given in its TicketOpened.fields. B: the same history opened
  // without fields, and a FieldSet of the same value inserted right after the opening, at the
  // opening's instant. Claim: at every `now` from the opening on, Sla.evaluate returns the same
  // status for A and B, with the built-in clocks and a clock whose pause condition reads `seats`
  // (B's clocks may run for an empty instant before the FieldSet, which counts nothing).
  it("gives the same status whether the field was set in the opening or by a FieldSet at the same instant", () => {
    const metrics = [...Sla.builtinMetrics, "bigAccountWork"]
    const clocks = [...Sla.builtinClocks, bigAccountWork]
    fc.assert(
      fc.property(
        arbHistoryAt({ openingFields: false }),
        seats,
        fc.array(arbTargets(["bigAccountWork"]), { minLength: 3, maxLength: 3 }),
        ([h, now], value, targets) => {
          const policies = seatPolicies(targets, metrics)
          const a = openedWith(h, value)
          const b = [opening(h), setSeats(opening(h).at, value), ...h.events.slice(1)]
          const options = { policies, calendar: calendarOf(h), now: new Date(now), clocks, vocabulary: desk }
          expect(Sla.evaluate(b, options)).toStrictEqual(Sla.evaluate(a, options))
        },
      ),
      { numRuns: runs(200) },
    )
  })

  // A as above. B: opened without fields, and a FieldSet of the same value inserted at a random
  // place before the first reply or customer message (so before any of these clocks, which start
  // on those, has started) and before any other change of `seats`, at a random instant between
  // its neighbours. Claim: with the clocks
  // nextReply, periodicUpdate, pausableUpdate and one that starts on replies to big accounts, at
  // every `now` at or after the FieldSet the status is the same; before it, both report no clock
  // (the policy matched may differ there: B's ticket has no seats yet).
  it("gives the same status from the FieldSet on when it precedes every start of the clocks", () => {
    const metrics = ["nextReply", "periodicUpdate", "pausableUpdate", "bigAccountUpdate"]
    const clocks = [...Sla.builtinClocks.filter((c) => metrics.includes(c.metric)), bigAccountUpdate]
    const arbCase = arbHistoryAt({ openingFields: false }).chain(([h, now]) => {
      // Before the first event that starts these clocks or changes `seats` itself.
      const first = h.events.findIndex(
        (e) =>
          e.type === "AgentReplied" ||
          e.type === "CustomerMessaged" ||
          ((e.type === "FieldSet" || e.type === "FieldCleared") && e.field === "seats"),
      )
      const last = first === -1 ? h.events.length : first
      return fc.integer({ min: 1, max: last }).chain((k) => {
        const from = h.events[k - 1]!.at.getTime()
        const to = k < h.events.length ? h.events[k]!.at.getTime() : h.end
        return fc.integer({ min: from, max: to }).map((t) => ({ h, now, k, setAt: t }))
      })
    })
    fc.assert(
      fc.property(
        arbCase,
        seats,
        fc.array(arbTargets(["bigAccountUpdate"]), { minLength: 3, maxLength: 3 }),
        ({ h, now, k, setAt }, value, targets) => {
          const policies = seatPolicies(targets, metrics)
          const a = openedWith(h, value)
          const b = [
            opening(h),
            ...h.events.slice(1, k),
            setSeats(new Date(setAt), value),
            ...h.events.slice(k),
          ]
          const options = { policies, calendar: calendarOf(h), now: new Date(now), clocks, vocabulary: desk }
          const [sa, sb] = [Sla.evaluate(a, options), Sla.evaluate(b, options)]
          if (now >= setAt) expect(sb).toStrictEqual(sa)
          else {
            expect(sa.clocks).toStrictEqual([])
            expect(sb.clocks).toStrictEqual([])
          }
        },
      ),
      { numRuns: runs(200) },
    )
  })
})
