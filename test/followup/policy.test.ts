// Policy validation (FollowUp.policy throws, decodePolicy returns) and the argument checks of
// FollowUp.plan: every refusal is a tagged error naming the bad field.
import * as Result from "effect/Result"
import fc from "fast-check"
import { Calendar, FollowUp, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { office, story, tue } from "./story.js"

/** The issue paths of a refused policy spec; fails when the spec is accepted. */
const refusedAt = (spec: unknown): ReadonlyArray<string> => {
  let thrown: unknown
  try {
    FollowUp.policy(spec as FollowUp.FollowUpPolicySpec)
  } catch (e) {
    thrown = e
  }
  expect(thrown, `policy(${JSON.stringify(spec)}) should throw`).toBeInstanceOf(
    FollowUp.InvalidFollowUpPolicy,
  )
  const error = thrown as FollowUp.InvalidFollowUpPolicy
  expect(error._tag).toBe("InvalidFollowUpPolicy")
  const decoded = FollowUp.decodePolicy(spec)
  expect(Result.isFailure(decoded)).toBe(true)
  if (Result.isFailure(decoded)) expect(decoded.failure.issues).toEqual(error.issues)
  for (const issue of error.issues) expect(error.message).toContain(issue.path)
  return error.issues.map((i) => i.path)
}

describe("FollowUp.policy: durations", () => {
  it.each([
    ["a word", { acknowledge: { within: "soon" } }, "acknowledge.within"],
    ["months", { keepInformed: { every: "P1M" } }, "keepInformed.every"],
    ["years", { checkIn: { after: "P1Y" } }, "checkIn.after"],
    ["a negative ISO duration", { promises: { remindBefore: "-PT1H" } }, "promises.remindBefore"],
    ["negative milliseconds", { survey: { kind: "csat", after: -1 } }, "survey.after"],
    ["a negative grace", { grace: "-PT15M" }, "grace"],
    ["zero to acknowledge", { acknowledge: { within: 0 } }, "acknowledge.within"],
    ["PT0S to acknowledge", { acknowledge: { within: "PT0S" } }, "acknowledge.within"],
    ["zero update cadence", { keepInformed: { every: "PT0M" } }, "keepInformed.every"],
    ["a bare P", { checkIn: { after: "P" } }, "checkIn.after"],
    ["a trailing T", { checkIn: { after: "P1DT" } }, "checkIn.after"],
    ["Infinity", { grace: Number.POSITIVE_INFINITY }, "grace"],
    ["NaN", { acknowledge: { within: Number.NaN } }, "acknowledge.within"],
    ["a boolean", { acknowledge: { within: true } }, "acknowledge.within"],
    ["a missing duration", { keepInformed: {} }, "keepInformed.every"],
  ])("refuses %s, naming the field", (_name, spec, path) => {
    expect(refusedAt(spec)).toEqual([path])
  })

  it("says why: not ISO-8601, months have no fixed length, must be positive", () => {
    const message = (spec: unknown) => {
      const d = FollowUp.decodePolicy(spec)
      return Result.isFailure(d) ? d.failure.issues[0]?.message : undefined
    }
    expect(message({ acknowledge: { within: "soon" } })).toMatch(/ISO-8601/)
    expect(message({ keepInformed: { every: "P1M" } })).toMatch(/months/)
    expect(message({ acknowledge: { within: 0 } })).toMatch(/positive/)
    expect(message({ grace: "-PT1H" })).toMatch(/positive/)
  })

  it("names every bad field at once", () => {
    expect(
      refusedAt({ acknowledge: { within: "soon" }, keepInformed: { every: 0 }, grace: "P1M" }).toSorted(),
    ).toEqual(["acknowledge.within", "grace", "keepInformed.every"])
  })

  it("accepts zero where a delay may be nothing: remindBefore, checkIn.after, survey.after, grace", () => {
    const p = FollowUp.policy({
      promises: { remindBefore: 0 },
      checkIn: { after: "PT0S" },
      survey: { kind: "csat", after: 0 },
      grace: 0,
    })
    expect([p.promises?.remindBeforeMs, p.checkIn?.afterMs, p.survey?.afterMs, p.graceMs]).toEqual([
      0, 0, 0, 0,
    ])
  })

  it("converts durations to milliseconds and fills the defaults", () => {
    expect(
      FollowUp.policy({
        acknowledge: { within: "PT15M" },
        keepInformed: { every: "PT9H" },
        promises: { remindBefore: "PT1H" },
        chases: { escalateAfter: 2 },
        checkIn: { after: "PT27H", hours: "calendar" },
        survey: { kind: "nps", after: 7_200_000 },
        escalateOnSla: {},
      }),
    ).toEqual({
      acknowledge: { withinMs: 900_000, hours: "business" },
      keepInformed: { everyMs: 32_400_000, hours: "business" },
      promises: { remindBeforeMs: 3_600_000 },
      chases: { escalateAfter: 2 },
      checkIn: { afterMs: 97_200_000, hours: "calendar" },
      survey: {
        kind: "nps",
        afterMs: 7_200_000,
        hours: "business",
        quietHours: { from: "21:00", to: "08:00" },
      },
      escalateOnSla: { warnAt: true, onBreach: true },
      graceMs: 3_600_000,
    })
    expect(FollowUp.policy({})).toEqual({
      acknowledge: undefined,
      keepInformed: undefined,
      promises: undefined,
      chases: undefined,
      checkIn: undefined,
      survey: undefined,
      escalateOnSla: undefined,
      graceMs: 3_600_000,
    })
  })
})

describe("FollowUp.policy: structure", () => {
  it.each([
    ["an unknown practice", { acknowledgement: { within: "PT15M" } }, "acknowledgement"],
    ["an unknown key inside a practice", { acknowledge: { within: "PT15M", extra: 1 } }, "acknowledge.extra"],
    [
      "an unknown key in quiet hours",
      { survey: { kind: "csat", after: 0, quietHours: { from: "21:00", to: "08:00", tz: "x" } } },
      "survey.quietHours.tz",
    ],
    ["an unknown key in escalateOnSla", { escalateOnSla: { warn: true } }, "escalateOnSla.warn"],
    ["a bad survey kind", { survey: { kind: "nss", after: "PT2H" } }, "survey.kind"],
    ["a missing survey kind", { survey: { after: "PT2H" } }, "survey.kind"],
    ["bad hours", { keepInformed: { every: "PT4H", hours: "office" } }, "keepInformed.hours"],
    [
      "quiet hours as 9pm",
      { survey: { kind: "csat", after: 0, quietHours: { from: "9pm", to: "08:00" } } },
      "survey.quietHours.from",
    ],
    [
      "quiet hours as 8:00",
      { survey: { kind: "csat", after: 0, quietHours: { from: "21:00", to: "8:00" } } },
      "survey.quietHours.to",
    ],
    [
      "quiet hours at 24:00",
      { survey: { kind: "csat", after: 0, quietHours: { from: "24:00", to: "08:00" } } },
      "survey.quietHours.from",
    ],
    [
      "quiet hours at 21:60",
      { survey: { kind: "csat", after: 0, quietHours: { from: "21:60", to: "08:00" } } },
      "survey.quietHours.from",
    ],
    [
      "empty quiet hours",
      { survey: { kind: "csat", after: 0, quietHours: { from: "21:00", to: "21:00" } } },
      "survey.quietHours",
    ],
    ["escalateAfter 0", { chases: { escalateAfter: 0 } }, "chases.escalateAfter"],
    ["escalateAfter 1.5", { chases: { escalateAfter: 1.5 } }, "chases.escalateAfter"],
    ["escalateAfter -2", { chases: { escalateAfter: -2 } }, "chases.escalateAfter"],
    ['escalateAfter "2"', { chases: { escalateAfter: "2" } }, "chases.escalateAfter"],
    ["a non-boolean warnAt", { escalateOnSla: { warnAt: "yes" } }, "escalateOnSla.warnAt"],
  ])("refuses %s, naming the field", (_name, spec, path) => {
    expect(refusedAt(spec)).toEqual([path])
  })

  it.each([
    ["null", null],
    ["an array", []],
    ["a string", "PT15M"],
    ["a number", 15],
  ])("refuses %s as the whole policy (path '')", (_name, spec) => {
    expect(refusedAt(spec)).toEqual([""])
  })
})

describe("FollowUp.decodePolicy", () => {
  it("returns a failure naming the field, without throwing", () => {
    const decoded = FollowUp.decodePolicy({ keepInformed: { every: "P1M" } })
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) {
      expect(decoded.failure).toBeInstanceOf(FollowUp.InvalidFollowUpPolicy)
      expect(decoded.failure.issues.map((i) => i.path)).toEqual(["keepInformed.every"])
    }
  })

  it("returns the policy policy() makes for a good spec", () => {
    const spec = { acknowledge: { within: "PT15M" }, survey: { kind: "ces", after: "PT2H" } } as const
    expect(FollowUp.decodePolicy(spec)).toEqual(Result.succeed(FollowUp.policy(spec)))
  })

  it("never throws, whatever it is given", () => {
    const duration = fc.oneof(
      fc.constantFrom("PT15M", "P1D", "P1M", "-PT1H", "soon", "PT", "P", "PT0S", "P1W", "PT1.5H"),
      fc.double(),
      fc.integer(),
      fc.anything(),
    )
    const practice = fc.record(
      {
        within: duration,
        every: duration,
        after: duration,
        remindBefore: duration,
        kind: fc.string(),
        hours: fc.string(),
      },
      { requiredKeys: [] },
    )
    const spec = fc.oneof(
      fc.anything(),
      fc.record(
        {
          acknowledge: practice,
          keepInformed: practice,
          promises: practice,
          chases: fc.record({ escalateAfter: fc.oneof(fc.integer(), fc.double(), fc.anything()) }),
          checkIn: practice,
          survey: practice,
          escalateOnSla: fc.anything(),
          grace: duration,
        },
        { requiredKeys: [] },
      ),
    )
    fc.assert(
      fc.property(spec, (input) => {
        const decoded = FollowUp.decodePolicy(input)
        if (Result.isFailure(decoded)) {
          expect(decoded.failure).toBeInstanceOf(FollowUp.InvalidFollowUpPolicy)
          expect(decoded.failure.issues.length).toBeGreaterThan(0)
        } else expect(typeof decoded.success.graceMs).toBe("number")
      }),
      { numRuns: runs(300) },
    )
  })

  it("exposes the zod schema, which rejects unknown keys", () => {
    expect(FollowUp.FollowUpPolicySpecSchema.safeParse({ acknowledge: { within: "PT15M" } }).success).toBe(
      true,
    )
    expect(
      FollowUp.FollowUpPolicySpecSchema.safeParse({ acknowledge: { within: "PT15M", x: 1 } }).success,
    ).toBe(false)
  })
})

describe("FollowUp.plan: InvalidPlan names the bad argument", () => {
  const policy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
  const events = story().opened(tue("10:00")).events

  const fieldOf = (run: () => unknown): string | undefined => {
    try {
      run()
    } catch (e) {
      expect(e).toBeInstanceOf(FollowUp.InvalidPlan)
      const error = e as FollowUp.InvalidPlan
      expect(error._tag).toBe("InvalidPlan")
      expect(error.message).toContain(error.field)
      return error.field
    }
    throw new Error("expected FollowUp.plan to throw InvalidPlan")
  }
  const plan = (options: Record<string, unknown>, list: ReadonlyArray<unknown> = events) =>
    FollowUp.plan(
      list as ReadonlyArray<Ticket.TicketEvent>,
      {
        policy,
        calendar: office,
        now: tue("10:05"),
        ...options,
      } as unknown as FollowUp.PlanOptions,
    )

  it.each([
    ["an Invalid Date", new Date("nope")],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an ISO string", "2025-06-03T08:05:00Z"],
    ["undefined", undefined],
    ["null", null],
  ])("refuses now = %s", (_name, now) => {
    expect(fieldOf(() => plan({ now }))).toBe("now")
  })

  it.each([
    ["a calendar spec", { timeZone: "Europe/Rome", hours: { mon: ["09:00-18:00"] } }],
    ["undefined", undefined],
    ["a string", "Europe/Rome"],
  ])("refuses calendar = %s", (_name, calendar) => {
    expect(fieldOf(() => plan({ calendar }))).toBe("calendar")
  })

  it.each([
    ["a policy spec", { acknowledge: { within: "PT15M" } }],
    ["an empty object", {}],
    ["null", null],
    ["undefined", undefined],
    ["a Result", FollowUp.decodePolicy({})],
  ])("refuses policy = %s", (_name, bad) => {
    expect(fieldOf(() => plan({ policy: bad }))).toBe("policy")
  })

  it("refuses options that are not an object", () => {
    expect(fieldOf(() => FollowUp.plan(events, null as unknown as FollowUp.PlanOptions))).toBe("options")
  })

  it.each([
    ["an ISO string", "2025-06-03T08:10:00Z"],
    ["epoch milliseconds", Date.UTC(2025, 5, 3, 8, 10)],
    ["an Invalid Date", new Date("nope")],
    ["missing", undefined],
  ])("refuses an event whose at is %s, naming its index", (_name, at) => {
    const bad = { type: "AgentReplied", ticketId: "T-1", agentId: "a-1", at }
    expect(fieldOf(() => plan({}, [...events, bad]))).toBe("events[1].at")
    // Even an event at the head of the history, or one that would lie after now.
    expect(fieldOf(() => plan({}, [bad, ...events]))).toBe("events[0].at")
  })

  it("refuses a null event", () => {
    expect(fieldOf(() => plan({}, [...events, null]))).toBe("events[1]") // the event itself is missing, not only its `at`
  })

  it("plans nothing, without error, for an empty history or one without an opening", () => {
    expect(plan({}, [])).toEqual({ tasks: [], nextDueAt: undefined })
    const orphan = story().reply(tue("10:00")).events
    expect(plan({}, orphan)).toEqual({ tasks: [], nextDueAt: undefined })
    expect(FollowUp.plan([], { policy, calendar: Calendar.always, now: 0 })).toEqual({
      tasks: [],
      nextDueAt: undefined,
    })
  })
})

describe("FollowUp.plan: one ticket at a time", () => {
  it("refuses an event of another ticket, naming events[i].ticketId", () => {
    const events = story().opened(tue("10:00")).reply(tue("10:05")).events
    const mixed = [...events.slice(0, 1), { ...events[1]!, ticketId: "T-other" }]
    let field: string | undefined
    try {
      FollowUp.plan(mixed, {
        policy: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
        calendar: office,
        now: tue("11:00"),
      })
    } catch (e) {
      field = (e as { field?: string }).field
    }
    expect(field).toBe("events[1].ticketId")
  })
})
