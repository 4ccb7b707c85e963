// Invariants of Automation.plan over random histories, with the recipes of docs/automations.md.
import fc from "fast-check"
import { Automation, Calendar, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { arbHistory, arbNow, type History } from "../followup/arbitraries.js"
import { runs } from "../setup/property-runs.js"
import { applyDue, desk, officeHours, recipes, slaPolicies } from "./story.js"

const calendars = [officeHours, Calendar.always] as const

/** Random histories, some with the product field set to billing and the ticket in a group. */
const arbCase = arbHistory.chain((h: History) =>
  fc.record({
    history: fc.constant(h),
    now: arbNow(h),
    billing: fc.boolean(),
    calendar: fc.constantFrom(...calendars),
  }),
)

const eventsOf = (c: { history: History; billing: boolean }): ReadonlyArray<Ticket.TicketEvent> => {
  const [opened, ...rest] = c.history.events
  if (!c.billing || opened === undefined) return c.history.events
  const at = new Date(opened.at.getTime() + 1)
  return [opened, { type: "FieldSet", ticketId: "T-1", at, field: "product", value: "billing" }, ...rest]
}

const planOf = (events: ReadonlyArray<Ticket.TicketEvent>, now: number, calendar: Calendar.Calendar) =>
  Automation.plan(events, { rules: recipes, calendar, now, sla: { policies: slaPolicies } })

/**
 * What the Desk's tick does on one ticket: apply the first due firing, plan again against the
 * history as it now is, until nothing is due (at most `bound` firings).
 */
const settle = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  now: number,
  calendar: Calendar.Calendar,
  bound = 20,
) => {
  let history = [...events]
  let fired = 0
  for (;;) {
    const due = planOf(history, now, calendar).due
    if (due.length === 0 || fired === bound) return { history, fired, due }
    history = applyDue(history, [due[0]!], desk)
    fired++
  }
}

describe("Automation.plan properties", () => {
  it("is deterministic: the same history gives the same firings and ids, JSON round trip included", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const events = eventsOf(c)
        const a = planOf(events, c.now, c.calendar)
        const again = planOf(events, c.now, c.calendar)
        const decoded = JSON.parse(JSON.stringify(events)).map((e: unknown) => Ticket.decodeEvent(e, desk))
        const viaJson = planOf(
          decoded.map((r: { _tag: string; success: Ticket.TicketEvent }) => r.success),
          c.now,
          c.calendar,
        )
        expect(again).toEqual(a)
        expect(viaJson).toEqual(a)
      }),
      { numRuns: runs(150) },
    )
  })

  it("ignores events after now", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const events = eventsOf(c)
        const upToNow = events.filter((e) => e.at.getTime() <= c.now)
        expect(planOf(events, c.now, c.calendar)).toEqual(planOf(upToNow, c.now, c.calendar))
      }),
      { numRuns: runs(150) },
    )
  })

  it("applying what is due settles: then nothing is due until time or history changes", () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const upToNow = eventsOf(c).filter((e) => e.at.getTime() <= c.now)
        const settled = settle(upToNow, c.now, c.calendar)
        // The recipes do not undo each other (lint finds nothing), so a few firings settle them.
        expect(settled.due).toEqual([])
        expect(settled.fired).toBeLessThanOrEqual(recipes.rules.length)
        // Every firing is recorded once.
        const ids = settled.history.flatMap((e) => (e.type === "AutomationApplied" ? [e.firingId] : []))
        expect(new Set(ids).size).toBe(ids.length)
        // And planning a moment later (no new event) brings nothing new before nextDueAt.
        const next = planOf(settled.history, c.now, c.calendar).nextDueAt
        if (next !== undefined) {
          expect(next.getTime()).toBeGreaterThan(c.now)
          expect(planOf(settled.history, next.getTime() - 1, c.calendar).due).toEqual([])
        } else expect(planOf(settled.history, c.now + 30 * 86_400_000, c.calendar).due).toEqual([])
      }),
      { numRuns: runs(150) },
    )
  })
})
