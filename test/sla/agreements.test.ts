// Several agreements on one ticket: the customer SLA beside the L2 team's OLA, which counts only
// while L2 holds the ticket and reports nothing before L2 first has it. Counted 24/7 from 09:00Z
// on Tuesday 3 June 2025 (`at(minutes)`), unless a test says otherwise.
import fc from "fast-check"
import { Calendar, Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { figures, HOUR, MINUTE, romeOffice } from "./builders.js"
import { at, desk, evaluate24x7, type Story, story } from "./data-stories.js"
import { arbHistoryAt, arbTargets, calendarOf, everyMetric } from "./histories.js"

const customerPolicy = Sla.policy({
  id: "customer",
  targets: { normal: { firstReply: "PT1H", agentWork: "PT8H", resolution: "PT8H" } },
})
const l2Policy = Sla.policy({ id: "l2-ola", targets: { normal: { agentWork: "PT2H", resolution: "PT4H" } } })

const customer: Sla.Agreement = { policies: [customerPolicy], calendar: Calendar.always }
const l2: Sla.Agreement = Sla.agreement(
  { policies: [l2Policy], calendar: Calendar.always, while: { group: ["L2"] } },
  { vocabulary: desk },
)
const agreements = { customer, l2 }

const evaluateBoth = (
  s: Story,
  now: Date,
  options: { readonly agreements?: Record<string, Sla.Agreement> } = {},
) => Sla.evaluate(s.events, { agreements: options.agreements ?? agreements, now, vocabulary: desk })

/** L1 takes it, replies, passes it to L2; L2 waits on a vendor for half an hour, then hands it back. */
const escalated = story()
  .opened(at(0))
  .assigned(at(30), { groupId: "L1" })
  .reply(at(45))
  .assigned(at(60), { groupId: "L2", agentId: "a-9" })
  .awaitingVendor(at(120))
  .status(at(150), "open")
  .assigned(at(200), { groupId: "L1" })

const noStatus: Sla.SlaStatus = { policyId: null, clocks: [], nextChangeAt: undefined }

describe("an L2 OLA beside the customer SLA", () => {
  it("counts only the time L2 holds the ticket, pausing agent work while it awaits a vendor", () => {
    const status = evaluateBoth(escalated, at(300))
    expect(status.agreements.l2?.policyId).toBe("l2-ola")
    expect(status.agreements.l2?.clocks.map(figures)).toStrictEqual([
      {
        metric: "agentWork",
        cycle: 1,
        status: "paused", // L1 has it again
        startedAt: at(0), // the clock starts with the ticket; it counts only L2's time
        elapsedMs: 110 * MINUTE, // 10:00–11:00 and 11:30–12:20
        targetMs: 2 * HOUR,
        remainingMs: 10 * MINUTE,
      },
      {
        metric: "resolution",
        cycle: 1,
        status: "paused",
        startedAt: at(0),
        elapsedMs: 140 * MINUTE, // 10:00–12:20, the vendor wait included
        targetMs: 4 * HOUR,
        remainingMs: 100 * MINUTE,
      },
    ])
    expect(status.agreements.l2?.nextChangeAt).toBeUndefined()
  })

  it("runs again when L2 gets the ticket back", () => {
    const back = escalated.assigned(at(400), { groupId: "L2" })
    const l2Clocks = evaluateBoth(back, at(430)).agreements.l2?.clocks
    expect(l2Clocks?.map((c) => [c.metric, c.status, c.elapsedMs, c.dueAt, c.breachedAt])).toStrictEqual([
      // 110 minutes before, 10 more reach the target at 15:50.
      ["agentWork", "breached", 140 * MINUTE, undefined, at(410)],
      ["resolution", "running", 170 * MINUTE, at(500), undefined],
    ])
  })

  it("reports nothing before L2 first holds the ticket", () => {
    for (const now of [at(0), at(30), at(59)]) {
      const status = evaluateBoth(escalated, now)
      expect(status.agreements.l2).toStrictEqual(noStatus)
      expect(status.agreements.customer?.policyId).toBe("customer")
    }
    expect(evaluateBoth(escalated, at(60)).agreements.l2?.policyId).toBe("l2-ola")
  })

  it("leaves the customer SLA as it would be alone", () => {
    for (const now of [at(10), at(100), at(300)]) {
      const status = evaluateBoth(escalated, now)
      const alone = evaluate24x7(escalated, [customerPolicy], now)
      expect(status.agreements.customer).toStrictEqual(alone)
    }
    expect(
      evaluateBoth(escalated, at(300)).agreements.customer?.clocks.map((c) => [
        c.metric,
        c.status,
        c.elapsedMs,
      ]),
    ).toStrictEqual([
      ["firstReply", "achieved", 45 * MINUTE],
      ["agentWork", "running", 270 * MINUTE],
      ["resolution", "running", 300 * MINUTE],
    ])
  })

  it("reports agreements in the order they are named", () => {
    expect(
      Object.keys(evaluateBoth(escalated, at(300), { agreements: { l2, customer } }).agreements),
    ).toStrictEqual(["l2", "customer"])
  })

  it("nextChangeAt is the earliest of the agreements'", () => {
    const while90 = evaluateBoth(escalated, at(90))
    // L2: agent work due at 12:00 (90 of its 120 minutes left at 10:30); the customer's clocks at 17:00.
    expect(while90.agreements.l2?.nextChangeAt).toStrictEqual(at(180))
    expect(while90.agreements.customer?.nextChangeAt).toStrictEqual(at(480))
    expect(while90.nextChangeAt).toStrictEqual(at(180))
    // Once L1 has it back, L2's clocks are paused and change on no instant.
    const later = evaluateBoth(escalated, at(300))
    expect(later.nextChangeAt).toStrictEqual(later.agreements.customer?.nextChangeAt)
    // Nothing runs anywhere: no next change.
    const solved = escalated.status(at(310), "solved")
    expect(evaluateBoth(solved, at(320)).nextChangeAt).toBeUndefined()
  })
})

describe("an awaiting-vendor custom status (category onHold)", () => {
  const s = story().opened(at(0)).awaitingVendor(at(60)).status(at(120), "open")
  const policy = Sla.policy({
    id: "p",
    targets: { normal: { agentWork: "PT4H", requesterWait: "PT4H", resolution: "PT4H" } },
  })

  it("pauses agentWork as onHold does, and neither requesterWait nor resolution", () => {
    const clocks = evaluate24x7(s, [policy], at(180)).clocks
    expect(clocks.map((c) => [c.metric, c.elapsedMs])).toStrictEqual([
      ["requesterWait", 180 * MINUTE],
      ["agentWork", 120 * MINUTE],
      ["resolution", 180 * MINUTE],
    ])
    expect(evaluate24x7(s, [policy], at(90)).clocks.map((c) => [c.metric, c.status])).toStrictEqual([
      ["requesterWait", "running"],
      ["agentWork", "paused"],
      ["resolution", "running"],
    ])
  })

  it("pauses it in every agreement", () => {
    const status = Sla.evaluate(s.events, {
      agreements: {
        a: { policies: [policy], calendar: Calendar.always },
        b: { policies: [policy], calendar: romeOffice },
      },
      now: at(90),
      vocabulary: desk,
    })
    for (const name of ["a", "b"])
      expect(status.agreements[name]?.clocks.find((c) => c.metric === "agentWork")?.status, name).toBe(
        "paused",
      )
  })
})

describe("one agreement", () => {
  it("in the agreements form is the single form's status, on random histories", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(), ([h, now], targets) => {
        const policy = everyMetric(targets)
        const calendar = calendarOf(h)
        const single = Sla.evaluate(h.events, {
          policies: [policy],
          calendar,
          now: new Date(now),
          vocabulary: desk,
        })
        const named = Sla.evaluate(h.events, {
          agreements: { x: { policies: [policy], calendar } },
          now: new Date(now),
          vocabulary: desk,
        })
        expect(named.agreements).toStrictEqual({ x: single })
        expect(named.nextChangeAt).toStrictEqual(single.nextChangeAt)
        // A `while` that every ticket matches changes nothing.
        const always = Sla.evaluate(h.events, {
          agreements: { x: { policies: [policy], calendar, while: {} } },
          now: new Date(now),
          vocabulary: desk,
        })
        expect(always).toStrictEqual(named)
      }),
      { numRuns: runs(150) },
    )
  })

  it("with custom clocks in the agreements form is the single form's status", () => {
    const triage = Sla.clock({
      metric: "triage",
      start: { on: "TicketOpened" },
      stop: { on: "TicketAssigned" },
      cycles: "single",
    })
    const policy = Sla.policy({ id: "t", targets: { normal: { triage: "PT1H" } } }, { metrics: ["triage"] })
    const clocks = [triage]
    const single = Sla.evaluate(escalated.events, {
      policies: [policy],
      calendar: Calendar.always,
      now: at(90),
      clocks,
      vocabulary: desk,
    })
    const named = Sla.evaluate(escalated.events, {
      agreements: { x: { policies: [policy], calendar: Calendar.always, clocks } },
      now: at(90),
      vocabulary: desk,
    })
    expect(named.agreements.x).toStrictEqual(single)
    expect(single.clocks.map((c) => [c.metric, c.status, c.stoppedAt])).toStrictEqual([
      ["triage", "achieved", at(30)],
    ])
  })
})

describe("an agreement counting only while the ticket matches a condition, on random histories", () => {
  it("has the cycles of the same agreement without the condition, each counting no more time", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(), ([h, now], targets) => {
        const policy = everyMetric(targets)
        const calendar = calendarOf(h)
        const status = Sla.evaluate(h.events, {
          agreements: {
            all: { policies: [policy], calendar },
            l2: { policies: [policy], calendar, while: { group: ["L2"] } },
          },
          now: new Date(now),
          vocabulary: desk,
        })
        const l2Status = status.agreements.l2!
        const allStatus = status.agreements.all!
        const everHeld = h.events.some(
          (e) => e.at.getTime() <= now && e.type === "TicketAssigned" && e.groupId === "L2",
        )
        if (!everHeld) {
          expect(l2Status).toStrictEqual(noStatus)
          return
        }
        const shape = (c: Sla.ClockStatus) => [c.metric, c.cycle, c.startedAt, c.stoppedAt, c.targetMs]
        expect(l2Status.clocks.map(shape)).toStrictEqual(allStatus.clocks.map(shape))
        l2Status.clocks.forEach((c, i) => {
          expect(c.elapsedMs, `${c.metric}#${c.cycle}`).toBeLessThanOrEqual(allStatus.clocks[i]!.elapsedMs)
        })
        expect(status.nextChangeAt).toStrictEqual(
          [allStatus.nextChangeAt, l2Status.nextChangeAt]
            .filter((d) => d !== undefined)
            .sort((a, b) => a.getTime() - b.getTime())[0],
        )
      }),
      { numRuns: runs(150) },
    )
  })
})

describe("a bad agreement is refused, naming every bad field", () => {
  const issuesOf = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      expect(e).toBeInstanceOf(Sla.InvalidAgreement)
      return (e as Sla.InvalidAgreement).issues
    }
    throw new Error("accepted")
  }
  const pathsOf = (f: () => unknown) => issuesOf(f).map((i) => i.path)
  const good = { policies: [l2Policy], calendar: Calendar.always }

  it("by Sla.agreement: an unknown key, a non-policy, a bad calendar", () => {
    expect(issuesOf(() => Sla.agreement({ ...good, whilst: { group: ["L2"] } } as never))).toStrictEqual([
      {
        path: "agreement.whilst",
        message: "unknown key (an agreement has policies, calendar, clocks, while)",
      },
    ])
    expect(
      pathsOf(() => Sla.agreement({ ...good, policies: [l2Policy, { id: "x", targets: {} } as never] })),
    ).toStrictEqual(["agreement.policies[1]"])
    expect(pathsOf(() => Sla.agreement({ ...good, policies: "l2-ola" as never }))).toStrictEqual([
      "agreement.policies",
    ])
    expect(pathsOf(() => Sla.agreement({ ...good, calendar: "Europe/Rome" as never }))).toStrictEqual([
      "agreement.calendar",
    ])
    expect(pathsOf(() => Sla.agreement(null as never))).toStrictEqual(["agreement"])
    // Every problem at once.
    expect(
      pathsOf(() =>
        Sla.agreement({ policies: [{}], calendar: undefined, extra: 1, while: { group: "L2" } } as never),
      ),
    ).toStrictEqual([
      "agreement.extra",
      "agreement.policies[0]",
      "agreement.calendar",
      "agreement.while.group",
    ])
  })

  it("by Sla.agreement: a while condition naming what the desk does not have, or a predicate", () => {
    const typo = issuesOf(() =>
      Sla.agreement({ ...good, while: { customStatus: ["awaitingVendr"] } }, { vocabulary: desk }),
    )
    expect(typo.map((i) => i.path)).toStrictEqual(["agreement.while.customStatus[0]"])
    expect(typo[0]?.message).toContain("awaitingVendor")
    // The built-in words have no custom status; the desk's do.
    expect(
      pathsOf(() => Sla.agreement({ ...good, while: { customStatus: ["awaitingVendor"] } })),
    ).toStrictEqual(["agreement.while.customStatus[0]"])
    expect(
      Sla.agreement({ ...good, while: { customStatus: ["awaitingVendor"] } }, { vocabulary: desk }).while,
    ).toStrictEqual({
      customStatus: ["awaitingVendor"],
    })
    expect(
      pathsOf(() =>
        Sla.agreement({ ...good, while: { fields: { seatz: { present: true } } } }, { vocabulary: desk }),
      ),
    ).toStrictEqual(["agreement.while.fields.seatz"])
    expect(
      issuesOf(() => Sla.agreement({ ...good, while: { any: [{ group: ["L2"] }, { predicate: "vip" }] } })),
    ).toStrictEqual([
      {
        path: "agreement.while.any[1].predicate",
        message: "cannot use predicates (an agreement's condition is read during the fold)",
      },
    ])
  })

  it("by Sla.agreement: conditions nested too deep, bad clocks, a bad vocabulary option", () => {
    let deep: Sla.When = { group: ["L2"] }
    for (let i = 0; i < Sla.MAX_WHEN_DEPTH + 5; i++) deep = { not: deep }
    expect(pathsOf(() => Sla.agreement({ ...good, while: deep }))).toStrictEqual([
      `agreement.while${".not".repeat(Sla.MAX_WHEN_DEPTH)}`,
    ])
    expect(
      pathsOf(() => Sla.agreement({ ...good, clocks: [Sla.builtinClocks[0]!, { metric: "x" } as never] })),
    ).toStrictEqual(["agreement.clocks[1].start"])
    expect(
      pathsOf(() => Sla.agreement({ ...good, clocks: [Sla.builtinClocks[0]!, Sla.builtinClocks[0]!] })),
    ).toStrictEqual(["agreement.clocks"])
    expect(pathsOf(() => Sla.agreement(good, { vocabulary: {} as never }))).toStrictEqual([
      "(options).vocabulary",
    ])
  })

  it("by Sla.evaluate, under the agreement's name, against its vocabulary option", () => {
    const events = escalated.events
    expect(
      pathsOf(() =>
        Sla.evaluate(events, {
          agreements: { customer, l2: { ...good, shift: "night" } as never },
          now: at(90),
        }),
      ),
    ).toStrictEqual(["agreements.l2.shift"])
    expect(
      pathsOf(() =>
        Sla.evaluate(events, {
          agreements: { vendor: { ...good, while: { customStatus: ["awaitingVendr"] } } },
          now: at(90),
          vocabulary: desk,
        }),
      ),
    ).toStrictEqual(["agreements.vendor.while.customStatus[0]"])
    expect(
      pathsOf(() =>
        Sla.evaluate(events, {
          agreements: { l2: { ...good, while: { predicate: "vip" } } },
          now: at(90),
          predicates: {},
        }),
      ),
    ).toStrictEqual(["agreements.l2.while.predicate"])
    expect(pathsOf(() => Sla.evaluate(events, { agreements: {}, now: at(90) }))).toStrictEqual(["agreements"])
    expect(pathsOf(() => Sla.evaluate(events, { agreements: null as never, now: at(90) }))).toStrictEqual([
      "agreements",
    ])
    // Checked against the vocabulary given to evaluate: the desk declares the custom status.
    const vendor = { ...good, while: { customStatus: ["awaitingVendor"] } }
    expect(
      Sla.evaluate(events, {
        agreements: { vendor },
        now: at(130),
        vocabulary: desk,
      }).agreements.vendor?.clocks.map((c) => [c.metric, c.elapsedMs]),
    ).toStrictEqual([
      ["agentWork", 0], // paused: awaiting a vendor is onHold
      ["resolution", 10 * MINUTE],
    ])
    expect(
      pathsOf(() => Sla.evaluate(events, { agreements: { vendor: { ...vendor } }, now: at(130) })),
    ).toStrictEqual(["agreements.vendor.while.customStatus[0]"])
  })

  it("by Sla.evaluate: events outside the vocabulary are refused as before", () => {
    const s = story().opened(at(0), { channel: "whatsapp" })
    expect(() => Sla.evaluate(s.events, { agreements: { customer }, now: at(1) })).toThrow(
      Sla.InvalidEvaluation,
    )
    const whatsapp = Ticket.vocabulary({ channels: ["email", "whatsapp"] })
    expect(
      Sla.evaluate(s.events, { agreements: { customer }, now: at(1), vocabulary: whatsapp }).agreements
        .customer?.policyId,
    ).toBe("customer")
  })

  describe("a policy targeting a metric none of the agreement's clocks defines", () => {
    const triage = Sla.policy({ id: "t", targets: { normal: { triage: "PT1H" } } }, { metrics: ["triage"] })
    const events = story().opened(at(0)).events

    // Found when the agreement is checked (by Sla.agreement, or by Sla.evaluate before any
    // ticket), naming the agreement, the policy and the metric.
    it("is refused by Sla.evaluate before any policy applies", () => {
      expect(() =>
        Sla.evaluate(events, {
          agreements: { customer: { policies: [triage], calendar: Calendar.always } },
          now: at(1),
        }),
      ).toThrow(Sla.InvalidAgreement)
    })

    it("is refused by Sla.agreement, naming the policy", () => {
      const issues = issuesOf(() => Sla.agreement({ policies: [triage], calendar: Calendar.always }))
      expect(issues[0]?.path).toMatch(/^agreement\.policies\[0\]/)
    })

    it("is refused by Sla.evaluate naming the agreement", () => {
      const issues = issuesOf(() =>
        Sla.evaluate(events, {
          agreements: { customer: { policies: [triage], calendar: Calendar.always } },
          now: at(1),
        }),
      )
      expect(issues[0]?.path).toMatch(/^agreements\.customer\./)
    })
  })
})
