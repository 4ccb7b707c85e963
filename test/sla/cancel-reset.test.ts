// Cancel and reset conditions of clock definitions (ServiceNow's): a cancelled cycle stops
// counting and is reported "cancelled", never achieved or breached; a reset cancels the active
// cycle and starts the next one at once. Both act only on an active cycle (running or paused);
// solving, closing and merging stop clocks as usual and win over them. Counted 24/7 from 09:00Z
// on Tuesday 3 June 2025 (`at(minutes)`), so every figure is plain arithmetic.
import fc from "fast-check"
import { Sla } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { figures, HOUR, MINUTE } from "./builders.js"
import { at, desk, evaluate24x7, type Story, story } from "./data-stories.js"
import { arbHistoryAt, arbTargets, calendarOf, everyMetric, type History } from "./histories.js"

const spam = { on: "TagsAdded", when: { tags: { any: ["spam"] } } } as const satisfies Sla.Trigger

/** Time to triage: from opening to the first assignment, cancelled when the ticket is tagged spam. */
const triage = Sla.clock({
  metric: "triage",
  start: { on: "TicketOpened" },
  stop: { on: "TicketAssigned" },
  cancel: spam,
  cycles: "single",
})

/** Time to answer a customer's message, one cycle per message or one in all. */
const answer = (cycles: "single" | "repeating") =>
  Sla.clock({
    metric: "answer",
    start: { on: "CustomerMessaged" },
    stop: { on: "AgentReplied" },
    cancel: spam,
    cycles,
  })

/** Work time, paused while pending, cancelled by a spam tag, started over when the priority changes. */
const work = Sla.clock({
  metric: "work",
  start: { on: "TicketOpened" },
  pauseWhile: { status: ["pending"] },
  cancel: spam,
  reset: { on: "PriorityChanged" },
  cycles: "single",
  resumeOnReopen: true,
})

const metrics = ["triage", "answer", "work"]
const targets = {
  normal: { triage: "PT1H", answer: "PT1H", work: "PT2H" },
  urgent: { work: "PT1H" },
} as const

/** The policy targeting the metrics of `clocks` (a policy may not target a metric no clock defines). */
const policyFor = (clocks: ReadonlyArray<Sla.ClockDefinition>) => {
  const defined = (byMetric: Readonly<Record<string, string>>) =>
    Object.fromEntries(Object.entries(byMetric).filter(([m]) => clocks.some((c) => c.metric === m)))
  return Sla.policy(
    { id: "p", targets: { normal: defined(targets.normal), urgent: defined(targets.urgent) } },
    { metrics },
  )
}
const run = (s: Story, clocks: ReadonlyArray<Sla.ClockDefinition>, now: Date) =>
  evaluate24x7(s, [policyFor(clocks)], now, { clocks })
const figuresIn = (status: Sla.SlaStatus) => status.clocks.map(figures)

describe("a cancelled cycle", () => {
  const tagged = story().opened(at(0)).tagsAdded(at(40), ["billing", "spam"])

  it("is reported cancelled, stopped at the cancel event, with the time it had counted", () => {
    expect(figuresIn(run(tagged, [triage], at(100)))).toStrictEqual([
      {
        metric: "triage",
        cycle: 1,
        status: "cancelled",
        startedAt: at(0),
        elapsedMs: 40 * MINUTE,
        targetMs: HOUR,
        remainingMs: 20 * MINUTE,
        stoppedAt: at(40),
      },
    ])
  })

  it("stops counting: its figures are the same at any later now", () => {
    const later = [at(41), at(60), at(24 * 60), at(30 * 24 * 60)].map((now) =>
      figuresIn(run(tagged, [triage], now)),
    )
    for (const status of later) expect(status).toStrictEqual(later[0])
  })

  it("is neither achieved nor breached, even past its target", () => {
    const late = story().opened(at(0)).tagsAdded(at(90), ["spam"])
    const [c] = run(late, [triage], at(200)).clocks
    expect(c).toMatchObject({ status: "cancelled", elapsedMs: 90 * MINUTE, remainingMs: -30 * MINUTE })
    expect(c?.breachedAt).toBeUndefined()
    expect(c?.dueAt).toBeUndefined()
  })

  it("only an active cycle is cancelled: a stopped one keeps its status", () => {
    const assigned = story().opened(at(0)).assigned(at(20), { groupId: "L1" }).tagsAdded(at(40), ["spam"])
    expect(run(assigned, [triage], at(100)).clocks.map((c) => [c.status, c.stoppedAt])).toStrictEqual([
      ["achieved", at(20)],
    ])
  })

  it("a cycle cancelled while paused keeps the time it counted before the pause", () => {
    const s = story().opened(at(0)).status(at(30), "pending").tagsAdded(at(90), ["spam"])
    expect(figuresIn(run(s, [work], at(120)))).toStrictEqual([
      {
        metric: "work",
        cycle: 1,
        status: "cancelled",
        startedAt: at(0),
        elapsedMs: 30 * MINUTE,
        targetMs: 2 * HOUR,
        remainingMs: 90 * MINUTE,
        stoppedAt: at(90),
      },
    ])
  })

  it("of a clock that resumes on reopen does not come back when the ticket is solved and reopened", () => {
    const s = story()
      .opened(at(0))
      .tagsAdded(at(30), ["spam"])
      .status(at(60), "solved")
      .status(at(90), "open")
    expect(run(s, [work], at(120)).clocks.map((c) => [c.cycle, c.status, c.stoppedAt])).toStrictEqual([
      [1, "cancelled", at(30)],
    ])
  })
})

describe("after a cancel", () => {
  const s = story()
    .opened(at(0))
    .message(at(10))
    .tagsAdded(at(20), ["spam"])
    .tagsRemoved(at(30), ["spam"])
    .message(at(40))
    .reply(at(70))

  it("a repeating clock starts again on its start event", () => {
    expect(
      run(s, [answer("repeating")], at(100)).clocks.map((c) => [c.cycle, c.status, c.startedAt, c.stoppedAt]),
    ).toStrictEqual([
      [1, "cancelled", at(10), at(20)],
      [2, "achieved", at(40), at(70)],
    ])
  })

  it("a single clock never starts again", () => {
    expect(
      run(s, [answer("single")], at(100)).clocks.map((c) => [c.cycle, c.status, c.stoppedAt]),
    ).toStrictEqual([[1, "cancelled", at(20)]])
  })
})

describe("a reset", () => {
  it("cancels the active cycle and starts the next one, numbered one more, at the reset event", () => {
    const s = story().opened(at(0)).priority(at(50), "urgent")
    expect(figuresIn(run(s, [work], at(80)))).toStrictEqual([
      {
        metric: "work",
        cycle: 1,
        status: "cancelled",
        startedAt: at(0),
        elapsedMs: 50 * MINUTE,
        targetMs: HOUR, // the current priority's target, as for every clock
        remainingMs: 10 * MINUTE,
        stoppedAt: at(50),
      },
      {
        metric: "work",
        cycle: 2,
        status: "running",
        startedAt: at(50),
        elapsedMs: 30 * MINUTE,
        targetMs: HOUR,
        remainingMs: 30 * MINUTE,
        dueAt: at(110),
      },
    ])
  })

  it("starts a paused cycle when the ticket is in a pause state", () => {
    const s = story()
      .opened(at(0))
      .status(at(20), "pending")
      .priority(at(50), "urgent")
      .status(at(70), "open")
    expect(
      run(s, [work], at(100)).clocks.map((c) => [c.cycle, c.status, c.startedAt, c.elapsedMs]),
    ).toStrictEqual([
      [1, "cancelled", at(0), 20 * MINUTE],
      [2, "running", at(50), 30 * MINUTE],
    ])
    expect(run(s, [work], at(60)).clocks.map((c) => [c.cycle, c.status, c.elapsedMs])).toStrictEqual([
      [1, "cancelled", 20 * MINUTE],
      [2, "paused", 0],
    ])
  })

  it("resets each time, one cycle per reset", () => {
    const s = story()
      .opened(at(0))
      .priority(at(10), "urgent")
      .priority(at(25), "normal")
      .priority(at(45), "urgent")
    expect(
      run(s, [work], at(60)).clocks.map((c) => [c.cycle, c.status, c.startedAt, c.stoppedAt]),
    ).toStrictEqual([
      [1, "cancelled", at(0), at(10)],
      [2, "cancelled", at(10), at(25)],
      [3, "cancelled", at(25), at(45)],
      [4, "running", at(45), undefined],
    ])
  })

  it("does nothing without an active cycle: a stopped single clock stays stopped", () => {
    const s = story().opened(at(0)).status(at(30), "solved").priority(at(40), "urgent")
    expect(run(s, [work], at(60)).clocks.map((c) => [c.cycle, c.status, c.stoppedAt])).toStrictEqual([
      [1, "achieved", at(30)],
    ])
  })

  it("of a repeating clock keeps the cycles that stopped before it", () => {
    const repeating = Sla.clock({
      metric: "answer",
      start: { on: "CustomerMessaged" },
      stop: { on: "AgentReplied" },
      reset: { on: "CustomerChased" },
      cycles: "repeating",
    })
    const s = story().opened(at(0)).message(at(10)).reply(at(20)).message(at(30)).chase(at(50)).reply(at(65))
    expect(
      run(s, [repeating], at(90)).clocks.map((c) => [c.cycle, c.status, c.startedAt, c.elapsedMs]),
    ).toStrictEqual([
      [1, "achieved", at(10), 10 * MINUTE],
      [2, "cancelled", at(30), 20 * MINUTE],
      [3, "achieved", at(50), 15 * MINUTE],
    ])
  })
})

describe("solving, closing and merging win over cancel and reset", () => {
  const anyChange = Sla.clock({
    metric: "work",
    start: { on: "TicketOpened" },
    cancel: { on: ["StatusChanged", "TicketMerged"] },
    cycles: "single",
  })
  const resetOnSolve = Sla.clock({
    metric: "work",
    start: { on: "TicketOpened" },
    reset: { on: ["StatusChanged", "TicketMerged"] },
    cycles: "single",
  })

  it.each([
    ["solving", (s: Story) => s.status(at(30), "solved")],
    ["closing", (s: Story) => s.status(at(30), "closed")],
    ["merging", (s: Story) => s.merged(at(30), "T-0")],
  ])("%s stops the cycle as usual (achieved), though the event also matches cancel or reset", (_, end) => {
    const s = end(story().opened(at(0)))
    for (const clock of [anyChange, resetOnSolve])
      expect(figuresIn(run(s, [clock], at(60)))).toStrictEqual([
        {
          metric: "work",
          cycle: 1,
          status: "achieved",
          startedAt: at(0),
          elapsedMs: 30 * MINUTE,
          targetMs: 2 * HOUR,
          remainingMs: 90 * MINUTE,
          stoppedAt: at(30),
        },
      ])
  })

  it("solving a breached cycle leaves it breached", () => {
    const s = story().opened(at(0)).status(at(150), "solved")
    expect(run(s, [anyChange], at(200)).clocks.map((c) => [c.status, c.breachedAt])).toStrictEqual([
      ["breached", at(120)],
    ])
  })

  it("while another status change cancels it", () => {
    const s = story().opened(at(0)).status(at(30), "pending")
    expect(run(s, [anyChange], at(60)).clocks.map((c) => [c.status, c.stoppedAt])).toStrictEqual([
      ["cancelled", at(30)],
    ])
  })
})

describe("nextChangeAt", () => {
  const warnAt = [0.5, 0.75]
  const triageOnly = Sla.policy({ id: "p", targets: { normal: { triage: "PT1H" } }, warnAt }, { metrics })
  const warned = Sla.policy(
    { id: "p", targets: { normal: { triage: "PT1H", resolution: "PT8H" } }, warnAt },
    { metrics },
  )

  it("ignores cancelled cycles: nothing changes once the only clock is cancelled", () => {
    const s = story().opened(at(0)).tagsAdded(at(20), ["spam"])
    const status = evaluate24x7(s, [triageOnly], at(25), { clocks: [triage] })
    expect(status.clocks.map((c) => c.status)).toStrictEqual(["cancelled"])
    expect(status.nextChangeAt).toBeUndefined()
    // Its warnings that were never reached have no instant: they never will be.
    expect(status.clocks[0]?.warnings).toStrictEqual([
      { threshold: 0.5, reached: false },
      { threshold: 0.75, reached: false },
    ])
  })

  it("is the next change of the clocks still running", () => {
    const s = story().opened(at(0)).tagsAdded(at(20), ["spam"])
    const status = evaluate24x7(s, [warned], at(25), { clocks: [...Sla.builtinClocks, triage] })
    expect(status.clocks.map((c) => [c.metric, c.status])).toStrictEqual([
      ["resolution", "running"],
      ["triage", "cancelled"],
    ])
    // Not triage's would-be half-way (09:30) nor its due time (10:00): resolution's half-way.
    expect(status.nextChangeAt).toStrictEqual(at(4 * 60))
  })
})

// ── properties ────────────────────────────────────────────────────────────────────────────────

/**
 * Conditions that never hold on the histories of `arbHistory` (no count goes below zero; no
 * history adds the tag "never" or gives the requester the tier "platinum"), on the event types
 * those histories are full of, so that the fold evaluates them at every turn.
 */
const neverFires: Sla.Triggers = [
  {
    on: ["AgentReplied", "CustomerMessaged", "StatusChanged", "TagsAdded", "FieldSet", "TicketAssigned"],
    when: { counts: { reopens: { lt: 0 } } },
  },
  { on: "TagsAdded", when: { tags: { any: ["never"] } } },
  { on: "RequesterChanged", before: { tier: ["platinum"] } },
]
const withNeverFiring = Sla.builtinClockSpecs.map((spec) =>
  Sla.clock({ ...spec, cancel: neverFires, reset: neverFires }, { vocabulary: desk }),
)
const functionsNeverFiring = Sla.builtinClocks.map(
  (d): Sla.ClockDefinition => ({ ...d, cancel: () => false, reset: () => false }),
)

const evaluateWith = (clocks: ReadonlyArray<Sla.ClockDefinition>, h: History, p: Sla.Policy, now: number) =>
  Sla.evaluate(h.events, {
    policies: [p],
    calendar: calendarOf(h),
    now: new Date(now),
    clocks,
    vocabulary: desk,
  })

describe("cancel and reset on random histories", () => {
  it("a clock whose cancel and reset never fire gives the same result as the clock without them", () => {
    fc.assert(
      fc.property(arbHistoryAt(), arbTargets(), ([h, now], targets) => {
        const p = everyMetric(targets)
        const without = evaluateWith(Sla.builtinClocks, h, p, now)
        expect(evaluateWith(withNeverFiring, h, p, now)).toStrictEqual(without)
        expect(evaluateWith(functionsNeverFiring, h, p, now)).toStrictEqual(without)
      }),
      { numRuns: runs(200) },
    )
  })

  // The built-in metrics, each cancelled by a spam tag and reset by a change of requester.
  const cancelling = Sla.builtinClockSpecs.map((spec) =>
    Sla.clock(
      {
        ...spec,
        cancel: { on: "TagsAdded", when: { tags: { any: ["spam"] } } },
        reset: { on: "RequesterChanged" },
      },
      { vocabulary: desk },
    ),
  )

  /** The ticket's priority after the events up to `t`: what its targets are taken from. */
  const priorityAt = (h: History, t: number) =>
    h.events.reduce<string | undefined>(
      (p, e) =>
        e.at.getTime() > t
          ? p
          : e.type === "TicketOpened"
            ? (p ?? e.priority)
            : e.type === "PriorityChanged"
              ? e.priority
              : p,
      undefined,
    )

  it("a cancelled cycle is stopped at or before now, has no due or breach time, and never changes again", () => {
    fc.assert(
      fc.property(
        arbHistoryAt(),
        arbTargets(),
        fc.integer({ min: 1, max: 3 * 1440 }),
        ([h, now], targets, later) => {
          const p = everyMetric(targets)
          const status = evaluateWith(cancelling, h, p, now)
          const now2 = now + later * MINUTE
          const afterwards = new Map(
            evaluateWith(cancelling, h, p, now2).clocks.map((c) => [`${c.metric}#${c.cycle}`, c]),
          )
          for (const c of status.clocks) {
            if (c.status !== "cancelled") continue
            const key = `${c.metric}#${c.cycle}`
            expect(c.stoppedAt!.getTime(), key).toBeLessThanOrEqual(now)
            expect(c.dueAt, key).toBeUndefined()
            expect(c.breachedAt, key).toBeUndefined()
            expect(c.remainingMs, key).toBe(c.targetMs - c.elapsedMs)
            // Later it is still cancelled, with the same figures while the priority (so the target
            // and its kind of hours) is the same.
            const then = afterwards.get(key)
            expect(then?.status, key).toBe("cancelled")
            if (priorityAt(h, now) === priorityAt(h, now2))
              expect(figures(then!), key).toStrictEqual(figures(c))
          }
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it("cycles never overlap, and a single clock's later cycles are resets: each starts where a cancelled one stopped", () => {
    fc.assert(
      fc.property(arbHistoryAt(), ([h, now]) => {
        const seen = h.events.filter((e) => e.at.getTime() <= now)
        const state = seen.reduce(Sla.step, Sla.initial(cancelling, { vocabulary: desk }))
        const resetAt = new Set(seen.filter((e) => e.type === "RequesterChanged").map((e) => e.at.getTime()))
        state.cycles.forEach((cycles, k) => {
          const single = cancelling[k]!.cycles === "single"
          cycles.forEach((c, i) => {
            expect(c.cycle).toBe(i + 1)
            if (i + 1 < cycles.length) expect(c.stoppedAt).toBeLessThanOrEqual(cycles[i + 1]!.startedAt)
            if (single && i > 0) {
              const before = cycles[i - 1]!
              expect(before.cancelled).toBe(true)
              expect(before.stoppedAt).toBe(c.startedAt)
              expect(resetAt.has(c.startedAt)).toBe(true)
            }
          })
        })
      }),
      { numRuns: runs(200) },
    )
  })
})
