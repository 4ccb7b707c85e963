// Invariants of Sla.evaluate over random tickets, and agreement with the naive minute-by-minute
// reference (./naive.ts), in business calendars of three zones and 24/7.
import fc from "fast-check"
import { Calendar, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import {
  metrics,
  type NaiveCalendar,
  type NaiveHours,
  type NaiveTargets,
  naiveEvaluate,
  openMinute as naiveOpen,
} from "./naive.js"

const MINUTE = 60_000
const DAY = 86_400_000

// ── calendars: the same hours as a Calendar spec and as the naive's own spec ────────────────

const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const

interface CalendarCase {
  readonly name: string
  readonly calendar: Calendar.Calendar
  readonly naive: NaiveHours
}

const office = (
  timeZone: string,
  week: NaiveCalendar["week"],
  holidays: ReadonlyArray<string>,
): CalendarCase => {
  const naive: NaiveCalendar = { timeZone, week, holidays }
  const hours = Object.fromEntries(
    weekdays.flatMap((d, i) => ((week[i] ?? []).length > 0 ? [[d, week[i] ?? []] as const] : [])),
  )
  return { name: timeZone, calendar: Calendar.make({ timeZone, hours, holidays: [...holidays] }), naive }
}

const weekdaysOnly = (ranges: ReadonlyArray<string>) => [[], ranges, ranges, ranges, ranges, ranges, []]

const calendars: ReadonlyArray<CalendarCase> = [
  office("UTC", [[], ...Array(6).fill(["08:00-20:00"])], []),
  office("Europe/Rome", weekdaysOnly(["09:00-13:00", "14:00-18:00"]), ["2025-06-02"]),
  office("America/New_York", weekdaysOnly(["09:00-17:00"]), ["2025-06-19"]),
  { name: "always", calendar: Calendar.always, naive: null },
]

// ── random tickets ───────────────────────────────────────────────────────────────────────────

type Step =
  | { readonly kind: "reply" | "message" | "note" }
  | { readonly kind: "status"; readonly status: Ticket.TicketStatus }
  | { readonly kind: "priority"; readonly priority: Ticket.Priority }

const priorities: ReadonlyArray<Ticket.Priority> = ["low", "normal", "high", "urgent"]

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constantFrom<Step>({ kind: "reply" }, { kind: "message" }, { kind: "note" }), weight: 5 },
  {
    arbitrary: fc.constantFrom<Ticket.TicketStatus>("open", "pending", "onHold", "solved").map((status) => ({
      kind: "status" as const,
      status,
    })),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom(...priorities).map((priority) => ({ kind: "priority" as const, priority })),
    weight: 1,
  },
)

/** Plain data, so that a counterexample prints readably. */
interface Case {
  readonly events: ReadonlyArray<Ticket.TicketEvent>
  readonly openedAt: number
  readonly end: number
  readonly calendar: string
  readonly targets: NaiveTargets
}

const arbTarget = fc.record({
  // Whole half-hours half the time, so that targets often run out exactly at a closing time.
  minutes: fc.oneof(
    fc.integer({ min: 30, max: 16 * 60 }),
    fc.integer({ min: 1, max: 32 }).map((n) => n * 30),
  ),
  calendarHours: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
})

/** Targets for every metric at every priority: 30 min–16 h, some in calendar hours. */
const arbTargets: fc.Arbitrary<NaiveTargets> = fc
  .array(fc.array(arbTarget, { minLength: 7, maxLength: 7 }), { minLength: 4, maxLength: 4 })
  .map((perPriority) =>
    Object.fromEntries(
      priorities.map((p, i) => [
        p,
        Object.fromEntries(
          metrics.map((m, j) => {
            const t = perPriority[i]![j]!
            return [m, { ms: t.minutes * MINUTE, hours: t.calendarHours ? "calendar" : "business" }]
          }),
        ),
      ]),
    ),
  )

const warnAt = [0.5, 0.75]

const toPolicy = (targets: NaiveTargets): Sla.Policy =>
  Sla.policy({
    id: "all",
    targets: Object.fromEntries(
      Object.entries(targets).map(([p, byMetric]) => [
        p,
        Object.fromEntries(
          Object.entries(byMetric ?? {}).map(([m, t]) => [m, { within: t.ms, hours: t.hours }]),
        ),
      ]),
    ),
    warnAt,
  })

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    day: fc.integer({ min: 1, max: 24 }),
    minute: fc.oneof(
      fc.integer({ min: 0, max: 1439 }),
      fc.integer({ min: 0, max: 23 }).map((h) => h * 60),
    ),
    days: fc.integer({ min: 2, max: 5 }),
    priority: fc.constantFrom(...priorities),
    openedBy: fc.constantFrom<Ticket.OpenedBy | undefined>(undefined, "customer", "agent"),
    steps: fc.array(arbStep, { minLength: 0, maxLength: 14 }),
    offsets: fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 5 * 1440 }),
        fc.integer({ min: 0, max: 5 * 48 }).map((n) => n * 30),
      ),
      { minLength: 14, maxLength: 14 },
    ),
    calendar: fc.constantFrom(...calendars.map((c) => c.name)),
    targets: arbTargets,
  })
  .map((r) => {
    const openedAt = Date.UTC(2025, 5, r.day) + r.minute * MINUTE
    const window = r.days * 1440
    const times = r.offsets.map((o) => o % (window + 1)).sort((a, b) => a - b)
    const base = { ticketId: "T-1" }
    const opened: Ticket.TicketEvent = {
      ...base,
      type: "TicketOpened",
      at: new Date(openedAt),
      channel: "email",
      priority: r.priority,
      requester: { id: "c-1" },
      ...(r.openedBy === undefined ? {} : { openedBy: r.openedBy }),
    }
    const events = [
      opened,
      ...r.steps.map((s, i): Ticket.TicketEvent => {
        const at = new Date(openedAt + times[i]! * MINUTE)
        switch (s.kind) {
          case "reply":
            return { ...base, type: "AgentReplied", at, agentId: "a-1" }
          case "message":
            return { ...base, type: "CustomerMessaged", at }
          case "note":
            return { ...base, type: "NoteAdded", at, agentId: "a-2" }
          case "status":
            return { ...base, type: "StatusChanged", at, status: s.status }
          case "priority":
            return { ...base, type: "PriorityChanged", at, priority: s.priority }
          default:
            throw new Error(`unknown step ${JSON.stringify(s)}`)
        }
      }),
    ]
    return {
      events,
      openedAt,
      end: openedAt + window * MINUTE,
      calendar: r.calendar,
      targets: r.targets,
    }
  })

/** A case and a minute-granular `now` in its window (events after it are ignored). */
const arbCaseAt = arbCase.chain((c) =>
  fc
    .integer({ min: 0, max: (c.end - c.openedAt) / MINUTE })
    .map((m) => [c, c.openedAt + m * MINUTE] as const),
)

const calendarOf = (c: Case): CalendarCase => calendars.find((k) => k.name === c.calendar)!
const policies = new WeakMap<NaiveTargets, Sla.Policy>()
const policyOf = (c: Case): Sla.Policy => {
  let policy = policies.get(c.targets)
  if (policy === undefined) {
    policy = toPolicy(c.targets)
    policies.set(c.targets, policy)
  }
  return policy
}
const optionsAt = (c: Case, now: number): Sla.EvaluateOptions => ({
  policies: [policyOf(c)],
  calendar: calendarOf(c).calendar,
  now: new Date(now),
})
const evaluateAt = (c: Case, now: number) => Sla.evaluate(c.events, optionsAt(c, now))

const key = (clock: { readonly metric: string; readonly cycle: number }) => `${clock.metric}#${clock.cycle}`

const RUNS = runs(200)

describe("SLA evaluation of random tickets", () => {
  it("elapsed time never exceeds the wall time since the clock started", () => {
    fc.assert(
      fc.property(arbCaseAt, ([c, now]) => {
        for (const clock of evaluateAt(c, now).clocks) {
          expect(clock.elapsedMs).toBeGreaterThanOrEqual(0)
          expect(clock.elapsedMs).toBeLessThanOrEqual(now - clock.startedAt.getTime())
        }
      }),
      { numRuns: RUNS },
    )
  })

  it("elapsed time only grows as now moves on (same metric, cycle and kind of hours)", () => {
    const hoursAt = (c: Case, now: number, metric: string) => {
      let priority = (c.events[0] as Ticket.TicketOpened).priority
      for (const e of c.events)
        if (e.type === "PriorityChanged" && e.at.getTime() <= now) priority = e.priority
      return c.targets[priority]?.[metric as (typeof metrics)[number]]?.hours
    }
    fc.assert(
      fc.property(arbCaseAt, fc.integer({ min: 0, max: 3 * 1440 }), ([c, now], later) => {
        const now2 = now + later * MINUTE
        const before = new Map(evaluateAt(c, now).clocks.map((k) => [key(k), k]))
        for (const after of evaluateAt(c, now2).clocks) {
          const earlier = before.get(key(after))
          if (earlier === undefined || hoursAt(c, now, after.metric) !== hoursAt(c, now2, after.metric))
            continue
          expect(after.elapsedMs, key(after)).toBeGreaterThanOrEqual(earlier.elapsedMs)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it("status agrees with elapsed against target", () => {
    fc.assert(
      fc.property(arbCaseAt, ([c, now]) => {
        for (const clock of evaluateAt(c, now).clocks) {
          const k = key(clock)
          expect(clock.status === "breached", k).toBe(clock.elapsedMs > clock.targetMs)
          expect(clock.remainingMs, k).toBe(clock.targetMs - clock.elapsedMs)
          expect(clock.dueAt !== undefined, k).toBe(clock.status === "running")
          if (clock.status === "achieved") {
            expect(clock.stoppedAt, k).toBeDefined()
            expect(clock.elapsedMs, k).toBeLessThanOrEqual(clock.targetMs)
          }
          if (clock.status === "running" || clock.status === "paused")
            expect(clock.stoppedAt, k).toBeUndefined()
          if (clock.status === "breached") expect(clock.breachedAt, k).toBeDefined()
          else expect(clock.breachedAt, k).toBeUndefined()
          if (clock.dueAt !== undefined) expect(clock.dueAt.getTime(), k).toBeGreaterThanOrEqual(now)
          if (clock.stoppedAt !== undefined) expect(clock.stoppedAt.getTime(), k).toBeLessThanOrEqual(now)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it("nextChangeAt is the earliest future warning or due time among running clocks", () => {
    fc.assert(
      fc.property(arbCaseAt, ([c, now]) => {
        const status = evaluateAt(c, now)
        const running = status.clocks.filter((k) => k.status === "running")
        const future = running
          .flatMap((k) => [k.dueAt, ...k.warnings.map((w) => w.at)])
          .flatMap((d) => (d !== undefined && d.getTime() > now ? [d.getTime()] : []))
        const earliest = future.length === 0 ? undefined : Math.min(...future)
        const next = status.nextChangeAt?.getTime()
        if (running.some((k) => k.dueAt?.getTime() === now)) {
          // Due now: it breaches with the next instant of open time.
          expect(next).toBeGreaterThan(now)
          if (earliest !== undefined) expect(next).toBeLessThanOrEqual(earliest)
        } else expect(next).toBe(earliest)
      }),
      { numRuns: RUNS },
    )
  })

  it("evaluate equals evaluateState of the fold of step", () => {
    fc.assert(
      fc.property(arbCaseAt, ([c, now]) => {
        const state = c.events.filter((e) => e.at.getTime() <= now).reduce(Sla.step, Sla.initial())
        expect(Sla.evaluateState(state, optionsAt(c, now))).toStrictEqual(evaluateAt(c, now))
      }),
      { numRuns: RUNS },
    )
  })

  it("agrees with the naive minute-by-minute reference on every clock", () => {
    fc.assert(
      fc.property(arbCaseAt, ([c, now]) => {
        const actual = evaluateAt(c, now).clocks.map((k) => ({
          metric: k.metric,
          cycle: k.cycle,
          status: k.status,
          startedAt: k.startedAt.getTime(),
          elapsedMs: k.elapsedMs,
          targetMs: k.targetMs,
          ...(k.stoppedAt === undefined ? {} : { stoppedAt: k.stoppedAt.getTime() }),
          ...(k.breachedAt === undefined ? {} : { breachedAt: k.breachedAt.getTime() }),
          ...(k.dueAt === undefined ? {} : { dueAt: k.dueAt.getTime() }),
          warnings: k.warnings.map((w) => ({
            threshold: w.threshold,
            reached: w.reached,
            ...(w.at === undefined ? {} : { at: w.at.getTime() }),
          })),
        }))
        const expected = naiveEvaluate(c.events, c.targets, () => calendarOf(c).naive, now, warnAt)
        const byKey = (list: ReadonlyArray<{ metric: string; cycle: number }>) =>
          [...list].sort((a, b) => key(a).localeCompare(key(b)))
        expect(byKey(actual)).toStrictEqual(byKey(expected))
      }),
      { numRuns: runs(500) },
    )
  })
})

describe("the naive reference itself", () => {
  it("counts Rome office minutes as Calendar.isOpen does", () => {
    const rome = calendars[1]!
    const from = Date.UTC(2025, 5, 1)
    for (let t = from; t < from + 3 * DAY; t += 15 * MINUTE)
      expect(naiveOpen(rome.naive, t), new Date(t).toISOString()).toBe(Calendar.isOpen(rome.calendar, t))
  })
})
