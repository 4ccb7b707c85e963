import { Automation } from "servicekit"
import { describe, expect, it } from "vitest"
import { desk, recipeSpecs, recipes } from "./story.js"

const rules = (specs: ReadonlyArray<Automation.RuleSpec>) => Automation.rules(specs, { vocabulary: desk })

describe("Automation.lint", () => {
  it("finds two rules that add and remove the same tag on each other's conditions", () => {
    const set = rules([
      { id: "tag-x", when: { ticket: { tags: { none: ["x"] } } }, actions: [{ do: "addTags", tags: ["x"] }] },
      {
        id: "untag-x",
        when: { ticket: { tags: { all: ["x"] } } },
        actions: [{ do: "removeTags", tags: ["x"] }],
      },
    ])
    expect(Automation.lint(set)).toEqual([
      {
        rules: ["tag-x", "untag-x"],
        on: "tag x",
        message:
          'rules "tag-x" and "untag-x" undo each other on tag x: each one\'s action makes the other\'s condition true again',
      },
    ])
  })

  it("finds groups that bounce a ticket, and fields set back and forth", () => {
    const set = rules([
      { id: "to-a", when: { ticket: { group: ["b"] } }, actions: [{ do: "assign", group: "a" }] },
      { id: "to-b", when: { ticket: { group: ["a"] } }, actions: [{ do: "assign", group: "b" }] },
      {
        id: "billing",
        when: { ticket: { fields: { product: { equals: "sales" } } } },
        actions: [{ do: "setField", field: "product", value: "billing" }],
      },
      {
        id: "sales",
        when: { ticket: { all: [{ fields: { product: { equals: "billing" } } }] } },
        actions: [{ do: "setField", field: "product", value: "sales" }],
      },
      {
        id: "unset",
        when: { ticket: { not: { fields: { product: { present: false } } } } },
        actions: [{ do: "clearField", field: "product" }],
      },
    ])
    expect(Automation.lint(set).map((c) => [c.rules, c.on])).toEqual([
      [["to-a", "to-b"], "group"],
      [["billing", "sales"], "field product"],
    ])
  })

  it("finds none in the recipes, nor in rules that agree", () => {
    expect(Automation.lint(recipes)).toEqual([])
    const agree = rules([
      { id: "a", when: { ticket: { tags: { none: ["x"] } } }, actions: [{ do: "addTags", tags: ["x"] }] },
      {
        id: "b",
        when: { ticket: { tags: { none: ["y"] } } },
        actions: [{ do: "addTags", tags: ["x", "y"] }],
      },
    ])
    expect(Automation.lint(agree)).toEqual([])
  })
})

describe("Automation.lint on the recipes", () => {
  it("finds the loop a naive billing route would make with the lead escalation", () => {
    const naive = recipeSpecs.map((r) =>
      r.id === "route-billing"
        ? {
            ...r,
            when: { ticket: { fields: { product: { equals: "billing" } }, not: { group: ["billing"] } } },
          }
        : r,
    )
    expect(Automation.lint(rules(naive)).map((c) => c.rules)).toEqual([["second-chase", "route-billing"]])
  })
})
