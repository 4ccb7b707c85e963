// SLA snapshots: a state written as JSON and read back, then folded on, evaluates as the whole
// history folded at once; a snapshot that does not fit (version, shape, clocks) is refused with
// the field named.

import * as Result from "effect/Result"
import fc from "fast-check"
import { Calendar, Sla, type Ticket } from "servicekit"
import { describe, expect, expectTypeOf, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { desk, ownWords } from "./data-stories.js"
import { arbHistory, arbTargets, calendarOf, everyMetric } from "./histories.js"

const MINUTE = 60_000

const fold = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  from = Sla.initial(undefined, { vocabulary: desk }),
) => events.reduce((s, e) => Sla.step(s, e), from)

const roundTrip = (state: Sla.SlaState): Sla.SlaState =>
  Result.getOrThrow(Sla.restore(JSON.parse(JSON.stringify(Sla.snapshot(state))), { vocabulary: desk }))

const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: new Date("2025-06-03T08:00:00Z"),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
}

const failureOf = (json: unknown, options?: Sla.RestoreOptions) => {
  const r = Sla.restore(json, options)
  if (Result.isSuccess(r)) throw new Error("expected the snapshot to be refused")
  return r.failure
}

describe("Sla snapshots", () => {
  it("restoring a snapshot at every split point, then stepping the rest, evaluates as the whole history", () => {
    fc.assert(
      fc.property(
        arbHistory({ maxSteps: 12 }),
        arbTargets(),
        fc.array(fc.integer({ min: 0, max: 6 * 24 * 60 }), { minLength: 1, maxLength: 3 }),
        (h, targets, minutes) => {
          const policies = [everyMetric(targets)]
          const calendar = calendarOf(h)
          const whole = fold(h.events)
          for (let k = 0; k <= h.events.length; k++) {
            const resumed = fold(h.events.slice(k), roundTrip(fold(h.events.slice(0, k))))
            expect(Sla.snapshot(resumed)).toEqual(Sla.snapshot(whole))
            for (const m of minutes) {
              const now = new Date(Math.max(h.end, h.openedAt + m * MINUTE))
              const options = { policies, calendar, now, vocabulary: desk }
              expect(Sla.evaluateState(resumed, options)).toEqual(Sla.evaluate(h.events, options))
            }
          }
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it("a snapshot survives JSON unchanged: snapshot ∘ restore is the identity on snapshots", () => {
    fc.assert(
      fc.property(arbHistory(), (h) => {
        const json = Sla.snapshot(fold(h.events))
        const again = Sla.snapshot(roundTrip(fold(h.events)))
        expect(again).toEqual(json)
        expect(JSON.parse(JSON.stringify(json))).toEqual(json)
      }),
      { numRuns: runs(100) },
    )
  })

  it("refuses another format or version, naming the field", () => {
    const good = Sla.snapshot(Sla.step(Sla.initial(), opened))
    expect(failureOf({ ...good, version: 2 })).toMatchObject({ _tag: "InvalidSnapshot", field: "version" })
    expect(failureOf({ ...good, format: "other" }).field).toBe("format")
    expect(failureOf("nope").field).toBe("")
    expect(failureOf(null).field).toBe("")
  })

  it("refuses wrong types at their path", () => {
    const good = Sla.snapshot(Sla.step(Sla.initial(), opened))
    const cycles = good.cycles.map((l) => l.map((c) => ({ ...c })))
    ;(cycles[0]![0] as { startedAt: unknown }).startedAt = "2025-06-03"
    expect(failureOf({ ...good, cycles }).field).toBe("cycles[0][0].startedAt")
    expect(failureOf({ ...good, ticket: { ...good.ticket, openedAt: "x" } }).field).toBe("ticket.openedAt")
    expect(failureOf({ ...good, ticket: { ...good.ticket, priority: "mega" } }).field).toBe("ticket.priority")
    expect(failureOf({ ...good, extra: 1 }).field).toBe("extra")
    const odd = good.cycles.map((l) => l.map((c) => ({ ...c, segments: [1] })))
    expect(failureOf({ ...good, cycles: odd }).field).toMatch(/^cycles\[0\]\[0\]\.segments/)
  })

  it("refuses a snapshot folded with other clock definitions (never applies it to these)", () => {
    const good = Sla.snapshot(Sla.step(Sla.initial(), opened))
    const chase = Sla.clock({
      metric: "chaseResponse",
      start: { on: "CustomerChased" },
      stop: { on: "AgentReplied" },
      cycles: "repeating",
    })
    expect(failureOf(good, { clocks: [...Sla.builtinClocks, chase] }).field).toBe("clocks")
    // Same metric, other behaviour: the fingerprint tells them apart.
    const firstReply = Sla.clock({
      metric: "firstReply",
      start: { on: "TicketOpened" },
      stop: { on: ["AgentReplied", "NoteAdded"] },
      cycles: "single",
    })
    const changed = [firstReply, ...Sla.builtinClocks.slice(1)]
    expect(failureOf(good, { clocks: changed }).field).toBe("clocks[0].fingerprint")
    const renamed = good.clocks.map((c, i) => (i === 1 ? { ...c, metric: "other" } : c))
    expect(failureOf({ ...good, clocks: renamed }).field).toBe("clocks[1].metric")
    // The same definitions, made again from the same data, fit.
    const rebuilt = Sla.builtinClockSpecs.map((spec) => Sla.clock(spec))
    expect(Result.isSuccess(Sla.restore(good, { clocks: rebuilt }))).toBe(true)
  })

  it("refuses a ticket whose channel or priority the vocabulary does not know", () => {
    const custom = Sla.snapshot(
      Sla.step(Sla.initial(undefined, { vocabulary: ownWords }), { ...opened, priority: "P1" } as never),
    )
    expect(failureOf(custom).field).toBe("ticket.priority")
    expect(Result.isSuccess(Sla.restore(custom, { vocabulary: ownWords }))).toBe(true)
  })

  it("a restored state evaluates under the calendar of the moment (nothing zone-bound is stored)", () => {
    const state = roundTrip(Sla.step(Sla.initial(), opened))
    const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
    const now = new Date("2025-06-03T08:30:00Z")
    for (const calendar of [Calendar.always])
      expect(Sla.evaluateState(state, { policies, calendar, now })).toEqual(
        Sla.evaluate([opened], { policies, calendar, now }),
      )
  })

  it("types: snapshot gives JSON data, restore a Result of a state or an InvalidSnapshot", () => {
    expectTypeOf(Sla.snapshot).returns.toEqualTypeOf<Sla.SlaSnapshot>()
    expectTypeOf(Sla.restore).returns.toEqualTypeOf<Result.Result<Sla.SlaState, Sla.InvalidSnapshot>>()
    expectTypeOf<Sla.SlaSnapshot["version"]>().toEqualTypeOf<1>()
    expectTypeOf<Sla.CycleSnapshot["stoppedAt"]>().toEqualTypeOf<number | null>()
  })

  it("refuses a date field that is not an instant, at its path", () => {
    const withDate = Sla.snapshot(
      Sla.step(Sla.initial(undefined, { vocabulary: desk }), {
        ...opened,
        fields: { renewalDate: new Date("2025-07-01T00:00:00Z") },
      }),
    )
    expect((withDate.ticket.fields as Record<string, unknown>).renewalDate).toEqual({
      date: Date.UTC(2025, 6, 1),
    })
    const bad = { ...withDate, ticket: { ...withDate.ticket, fields: { renewalDate: { date: "soon" } } } }
    expect(failureOf(bad, { vocabulary: desk }).field).toBe("ticket.fields.renewalDate.date")
  })
})
