import { readFileSync } from "node:fs"
import {
  addBusinessTime,
  businessTimeBetween,
  type CalendarSpec,
  isOpen,
  make,
  nextOpen,
} from "servicekit/calendar"
import { describe, expect, it } from "vitest"
import * as ref from "./reference.js"

/** One worked case shared with the other implementations of the design (copied into test/fixtures). */
type Scenario = { readonly name: string; readonly calendar: CalendarSpec; readonly from: string } & (
  | { readonly op: "add"; readonly ms: number; readonly expect: string }
  | { readonly op: "between"; readonly to: string; readonly expect: number }
  | { readonly op: "isOpen"; readonly expect: boolean }
  | { readonly op: "nextOpen"; readonly expect: string | null }
)

const file = new URL("../fixtures/scenarios/calendar.json", import.meta.url)
const scenarios: ReadonlyArray<Scenario> = JSON.parse(readFileSync(file, "utf8"))

/** The scenarios write instants as ISO strings without milliseconds. */
const iso = (d: Date | undefined): string | null =>
  d === undefined ? null : d.toISOString().replace(".000Z", "Z")

describe("the shared calendar scenarios (test/fixtures/scenarios/calendar.json)", () => {
  it("has cases to run", () => {
    expect(scenarios.length).toBeGreaterThan(0)
  })

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const calendar = make(s.calendar)
    const from = new Date(s.from)
    switch (s.op) {
      case "add":
        expect(iso(addBusinessTime(calendar, from, s.ms))).toBe(s.expect)
        break
      case "between":
        expect(businessTimeBetween(calendar, from, new Date(s.to))).toBe(s.expect)
        break
      case "isOpen":
        expect(isOpen(calendar, from)).toBe(s.expect)
        break
      case "nextOpen":
        expect(iso(nextOpen(calendar, from))).toBe(s.expect)
        break
      default:
        throw new Error(`unknown scenario op in ${JSON.stringify(s)}`)
    }
  })
})

describe("the naive reference (test/calendar/reference.ts) on the shared scenarios", () => {
  const instant = (t: number | undefined) => iso(t === undefined ? undefined : new Date(t))

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const from = Date.parse(s.from)
    if (s.op === "add") expect(instant(ref.add(s.calendar, from, s.ms))).toBe(s.expect)
    else if (s.op === "between") expect(ref.between(s.calendar, from, Date.parse(s.to))).toBe(s.expect)
    else if (s.op === "isOpen") expect(ref.isOpen(s.calendar, from)).toBe(s.expect)
    else expect(instant(ref.nextOpen(s.calendar, from))).toBe(s.expect)
  })
})
