import { readFileSync } from "node:fs"
import { Calendar, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"

/** One worked case shared with the other implementations of the design (copied into test/fixtures). */
interface ExpectedClock {
  readonly metric: string
  readonly cycle: number
  readonly status: Sla.ClockStatus["status"]
  readonly startedAt: string
  readonly elapsedMs: number
  readonly targetMs: number
  readonly dueAt?: string
  readonly stoppedAt?: string
  readonly breachedAt?: string
}

interface Scenario {
  readonly name: string
  readonly note?: string
  readonly calendar: Calendar.CalendarSpec
  readonly policies: ReadonlyArray<Sla.PolicySpec>
  readonly now: string
  readonly events: ReadonlyArray<Record<string, unknown>>
  readonly expect: { readonly policyId: string | null; readonly clocks: ReadonlyArray<ExpectedClock> }
}

const file = new URL("../fixtures/scenarios/sla.json", import.meta.url)
const scenarios: ReadonlyArray<Scenario> = JSON.parse(readFileSync(file, "utf8"))

/** JSON events carry ISO strings where the library takes Dates (`at`, and a promise's `dueAt`). */
const toEvent = (raw: Record<string, unknown>): Ticket.TicketEvent => {
  const event: Record<string, unknown> = { ...raw, at: new Date(raw.at as string) }
  if (typeof raw.dueAt === "string") event.dueAt = new Date(raw.dueAt)
  return event as unknown as Ticket.TicketEvent
}

const fields = ["status", "startedAt", "elapsedMs", "targetMs", "breachedAt", "dueAt", "stoppedAt"] as const

/** A clock as the scenarios write it: instants in ISO without milliseconds, absent fields absent. */
const asWritten = (c: Sla.ClockStatus): Record<string, unknown> => {
  const out: Record<string, unknown> = { metric: c.metric, cycle: c.cycle }
  for (const key of fields) {
    const value = c[key]
    if (value === undefined) continue
    out[key] = value instanceof Date ? value.toISOString().replace(".000Z", "Z") : value
  }
  return out
}

const key = (c: { readonly metric: string; readonly cycle: number }) => `${c.metric}#${c.cycle}`

describe("the shared SLA scenarios (test/fixtures/scenarios/sla.json)", () => {
  it("has cases to run", () => {
    expect(scenarios.length).toBeGreaterThan(0)
  })

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const status = Sla.evaluate(s.events.map(toEvent), {
      policies: s.policies.map((p) => Sla.policy(p)),
      calendar: Calendar.make(s.calendar),
      now: new Date(s.now),
    })
    expect(status.policyId).toBe(s.expect.policyId)
    expect(status.clocks).toHaveLength(s.expect.clocks.length)
    // DESIGN.md does not fix the order of `clocks`, so each expected clock is found by metric#cycle.
    const actual = new Map(status.clocks.map((c) => [key(c), asWritten(c)]))
    expect(actual.size).toBe(status.clocks.length)
    for (const expected of s.expect.clocks) {
      const written = { ...expected } as Record<string, unknown>
      expect(actual.get(key(expected)), key(expected)).toStrictEqual(written)
    }
  })

  it.each(scenarios.map((s) => [s.name, s] as const))("%s: remainingMs is target − elapsed", (_name, s) => {
    const status = Sla.evaluate(s.events.map(toEvent), {
      policies: s.policies.map((p) => Sla.policy(p)),
      calendar: Calendar.make(s.calendar),
      now: new Date(s.now),
    })
    for (const c of status.clocks) expect(c.remainingMs).toBe(c.targetMs - c.elapsedMs)
  })
})
