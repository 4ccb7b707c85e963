import * as Result from "effect/Result"
import { Automation, Calendar, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { at, desk, opened, recipeSpecs, recipes } from "./story.js"

const p1p4 = Ticket.vocabulary({
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold" },
  fields: { product: "string", seats: "number" },
})

const pathsOf = (input: unknown, options?: Automation.RulesOptions) => {
  const decoded = Automation.decodeRules(input, options)
  return Result.isFailure(decoded) ? decoded.failure.issues.map((i) => i.path) : []
}

describe("Automation.decodeRules", () => {
  it("decodes the recipes from JSON, durations in milliseconds", () => {
    const decoded = Automation.decodeRules(JSON.parse(JSON.stringify(recipeSpecs)), { vocabulary: desk })
    expect(Result.isSuccess(decoded)).toBe(true)
    const set = Result.getOrThrow(decoded)
    expect(set.rules.map((r) => r.id)).toEqual(recipes.rules.map((r) => r.id))
    expect(set.rules[0]?.when.inStatus).toEqual({ ms: 18 * 3_600_000, hours: "business" })
    expect(set.rules[2]?.when.inStatus).toEqual({ ms: 4 * 86_400_000, hours: "calendar" })
    expect(Automation.isRuleSet(set)).toBe(true)
  })

  it("names every bad field by path", () => {
    expect(pathsOf("rules")).toEqual(["rules"])
    expect(pathsOf([{ id: "", when: {}, actions: [] }])).toEqual(["rules[0].id", "rules[0].actions"])
    expect(
      pathsOf([{ id: "r", when: { inStatus: { atLeast: "soon" } }, actions: [{ do: "raisePriority" }] }]),
    ).toEqual(["rules[0].when.inStatus.atLeast"])
    expect(
      pathsOf([{ id: "r", when: { inStatus: { atLeast: 0 } }, actions: [{ do: "raisePriority" }] }]),
    ).toEqual(["rules[0].when.inStatus.atLeast"])
    expect(pathsOf([{ id: "r", when: {}, actions: [{ do: "explode" }] }])).toEqual(["rules[0].actions[0].do"])
    expect(pathsOf([{ id: "r", when: { colour: "red" }, actions: [{ do: "raisePriority" }] }])).toEqual([
      "rules[0].when.colour",
    ])
    expect(pathsOf([{ id: "r", when: {}, actions: [{ do: "assign" }] }])).toEqual(["rules[0].actions[0]"])
    expect(
      pathsOf([
        { id: "r", when: { sla: { state: "warned", threshold: 75 } }, actions: [{ do: "raisePriority" }] },
      ]),
    ).toEqual(["rules[0].when.sla.threshold"])
    expect(
      pathsOf([{ id: "r", when: { followUp: { kind: "nag" } }, actions: [{ do: "raisePriority" }] }]),
    ).toEqual(["rules[0].when.followUp.kind"])
  })

  it("refuses two rules with one id, and an id with a slash", () => {
    const rule = { id: "r", when: {}, actions: [{ do: "raisePriority" }] }
    expect(pathsOf([rule, rule])).toEqual(["rules[1].id"])
    expect(pathsOf([{ ...rule, id: "a/b" }])).toEqual(["rules[0].id"])
  })

  it("checks names against the desk vocabulary", () => {
    const rule = (action: unknown, when: unknown = {}) => [{ id: "r", when, actions: [action] }]
    const options = { vocabulary: p1p4 }
    expect(pathsOf(rule({ do: "setPriority", priority: "urgent" }), options)).toEqual([
      "rules[0].actions[0].priority",
    ])
    expect(pathsOf(rule({ do: "setPriority", priority: "P1" }), options)).toEqual([])
    expect(pathsOf(rule({ do: "setStatus", status: "awaitingVendor" }), options)).toEqual([])
    expect(pathsOf(rule({ do: "setStatus", status: "awaitingParts" }), options)).toEqual([
      "rules[0].actions[0].status",
    ])
    expect(pathsOf(rule({ do: "setStatus", status: "new" }), options)).toEqual(["rules[0].actions[0].status"])
    expect(pathsOf(rule({ do: "setField", field: "seats", value: "many" }), options)).toEqual([
      "rules[0].actions[0].value",
    ])
    expect(pathsOf(rule({ do: "setField", field: "colour", value: "red" }), options)).toEqual([
      "rules[0].actions[0].field",
    ])
    expect(pathsOf(rule({ do: "raisePriority" }, { ticket: { priority: ["high"] } }), options)).toEqual([
      "rules[0].when.ticket.priority[0]",
    ])
  })

  it("refuses predicates, which rules as data cannot carry", () => {
    expect(
      pathsOf([{ id: "r", when: { ticket: { predicate: "isVip" } }, actions: [{ do: "raisePriority" }] }]),
    ).toEqual(["rules[0].when.ticket.predicate"])
  })

  it("refuses a condition nested too deep without recursing", () => {
    let when: Record<string, unknown> = { tags: { any: ["x"] } }
    for (let i = 0; i < 10_000; i++) when = { not: when }
    expect(pathsOf([{ id: "r", when: { ticket: when }, actions: [{ do: "raisePriority" }] }])[0]).toMatch(
      /^rules\[0\]\.when\.ticket(\.not)+$/,
    )
  })

  it("refuses a vocabulary that is not one", () => {
    expect(pathsOf([], { vocabulary: {} as Ticket.Vocabulary })).toEqual(["(options).vocabulary"])
  })

  it("Automation.rules throws the same error", () => {
    expect(() => Automation.rules([{ id: "r", when: {}, actions: [] }])).toThrow(Automation.InvalidAutomation)
  })
})

describe("Automation.plan refuses what it cannot use, naming the field", () => {
  const options = { rules: recipes, calendar: Calendar.always, now: at(1), sla: { policies: [] } }
  const fieldOf = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      return e instanceof Automation.InvalidAutomationPlan
        ? e.field
        : `not InvalidAutomationPlan: ${String(e)}`
    }
    return "no error"
  }

  it("names the option", () => {
    expect(fieldOf(() => Automation.plan([], { ...options, now: new Date(Number.NaN) }))).toBe("now")
    expect(fieldOf(() => Automation.plan([], { ...options, rules: { rules: [] } as never }))).toBe("rules")
    expect(fieldOf(() => Automation.plan([], { ...options, calendar: "UTC" as never }))).toBe("calendar")
    expect(fieldOf(() => Automation.plan(42 as never, options))).toBe("events")
    expect(fieldOf(() => Automation.plan([], null as never))).toBe("options")
    const { sla: _sla, ...noSla } = options
    expect(fieldOf(() => Automation.plan([], noSla))).toBe("sla")
  })

  it("names a bad event by index", () => {
    expect(fieldOf(() => Automation.plan([opened(0), { ...opened(1), ticketId: "T-2" }], options))).toBe(
      "events[1].ticketId",
    )
    expect(fieldOf(() => Automation.plan([opened(0), { type: "Nope" } as never], options))).toMatch(
      /^events\[1\]/,
    )
  })

  it("plans nothing on no history, a closed or a merged ticket", () => {
    expect(Automation.plan([], options)).toEqual({ due: [], nextDueAt: undefined })
  })
})
