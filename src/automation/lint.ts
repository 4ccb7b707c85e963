import type { When } from "../sla/when.js"
import { InvalidAutomation } from "./errors.js"
import { type Action, isRuleSet, type RuleSet } from "./rules.js"

/**
 * Two rules that would undo each other forever: each one's action makes the other's condition
 * true again on the same attribute of the ticket (`tag vip`, `field plan`, `group`, `priority`,
 * `status`…). The Desk stops such a pair at run time too (`AutomationLoop`); `lint` finds it
 * before the rules are saved.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const conflict: Automation.Conflict = {
 *   rules: ["tag-x", "untag-x"], on: "tag x",
 *   message: 'rules "tag-x" and "untag-x" undo each other on tag x: each one\'s action makes the other\'s condition true again',
 * }
 * ```
 * @since 0.2.0
 * @category Lint
 */
export interface Conflict {
  readonly rules: readonly [string, string]
  /** The attribute they fight over. */
  readonly on: string
  readonly message: string
}

/** A value an action writes to an attribute (`undefined`: clears it; tags: present or absent). */
type Written = string | boolean | undefined

/** The attributes a rule's actions write, with the last value written to each. */
const writesOf = (actions: ReadonlyArray<Action>): Map<string, Written> => {
  const w = new Map<string, Written>()
  for (const a of actions)
    switch (a.do) {
      case "addTags":
        for (const t of a.tags) w.set(`tag ${t}`, true)
        break
      case "removeTags":
        for (const t of a.tags) w.set(`tag ${t}`, false)
        break
      case "setField":
        w.set(`field ${a.field}`, JSON.stringify(a.value))
        break
      case "clearField":
        w.set(`field ${a.field}`, undefined)
        break
      case "setPriority":
        w.set("priority", a.priority)
        break
      case "assign":
        if (a.group !== undefined) w.set("group", a.group)
        if (a.agent !== undefined) w.set("assignee", a.agent)
        break
      case "setStatus":
        w.set("status", a.status)
        break
      default:
        break
    }
  return w
}

/** A test a condition puts on one attribute (the conjunction of its parts that can be read alone). */
type Test = (value: Written) => boolean

const add = (tests: Map<string, Array<Test>>, on: string, test: Test): void => {
  const list = tests.get(on)
  if (list === undefined) tests.set(on, [test])
  else list.push(test)
}

/**
 * The tests a condition puts on single attributes: its own keys and those of its `all` parts
 * (and a `not` of one attribute); `any` is left out, since no one attribute decides it.
 */
const testsOf = (when: When | undefined, tests: Map<string, Array<Test>>, negate = false): void => {
  if (when === undefined) return
  const put = (on: string, test: Test) => add(tests, on, negate ? (v) => !test(v) : test)
  const among = (on: string, names: ReadonlyArray<string> | undefined) => {
    if (names !== undefined) put(on, (v) => typeof v === "string" && names.includes(v))
  }
  for (const t of when.tags?.all ?? []) put(`tag ${t}`, (v) => v === true)
  if (when.tags?.any?.length === 1) put(`tag ${when.tags.any[0]}`, (v) => v === true)
  for (const t of when.tags?.none ?? []) put(`tag ${t}`, (v) => v !== true)
  for (const [field, test] of Object.entries(when.fields ?? {})) {
    if (test.present !== undefined) put(`field ${field}`, (v) => (v !== undefined) === test.present)
    if (test.equals !== undefined && !(test.equals instanceof Date)) {
      const want = JSON.stringify(test.equals)
      put(`field ${field}`, (v) => v === want)
    }
  }
  among("priority", when.priority)
  among("group", when.group)
  among("assignee", when.assignee)
  if (when.customStatus !== undefined) among("status", when.customStatus)
  else among("status", when.status)
  if (!negate) for (const part of when.all ?? []) testsOf(part, tests)
  // A `not` of a single attribute reads as its negation; a wider `not` is left out.
  if (!negate && when.not !== undefined) {
    const inner = new Map<string, Array<Test>>()
    testsOf(when.not, inner)
    if (inner.size === 1) for (const [on, list] of inner) for (const t of list) add(tests, on, (v) => !t(v))
  }
}

const passes = (tests: ReadonlyArray<Test>, v: Written): boolean => tests.every((t) => t(v))

/**
 * Pairs of rules that would undo each other forever: rule A writes an attribute that rule B's
 * condition needs, B writes it back to what A's condition needs, and neither condition holds
 * after its own rule's write (so each firing opens a new episode of the other). Reads the
 * conditions on the ticket (`when.ticket`, its own keys and `all` parts); a loop through
 * `any` or across three rules is left to the Desk's bound at run time. Throws
 * {@link InvalidAutomation} when `set` is not a rule list made with `rules` or `decodeRules`.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * const set = Automation.rules([
 *   { id: "tag-x", when: { ticket: { tags: { none: ["x"] } } }, actions: [{ do: "addTags", tags: ["x"] }] },
 *   { id: "untag-x", when: { ticket: { tags: { all: ["x"] } } }, actions: [{ do: "removeTags", tags: ["x"] }] },
 * ])
 * Automation.lint(set).map((c) => c.rules) // => [["tag-x", "untag-x"]]
 * ```
 * @since 0.2.0
 * @category Lint
 */
export const lint = (set: RuleSet): ReadonlyArray<Conflict> => {
  if (!isRuleSet(set))
    throw new InvalidAutomation([
      {
        path: "(rules)",
        message: "must be a rule list made with Automation.rules or Automation.decodeRules",
      },
    ])
  const rules = set.rules.map((rule) => {
    const tests = new Map<string, Array<Test>>()
    testsOf(rule.when.ticket, tests)
    return { id: rule.id, writes: writesOf(rule.actions), tests }
  })
  const conflicts: Array<Conflict> = []
  for (let i = 0; i < rules.length; i++)
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!
      const b = rules[j]!
      for (const [on, wa] of a.writes) {
        if (!b.writes.has(on)) continue
        const wb = b.writes.get(on)
        const ta = a.tests.get(on)
        const tb = b.tests.get(on)
        if (wa === wb || ta === undefined || tb === undefined) continue
        if (passes(ta, wb) && !passes(ta, wa) && passes(tb, wa) && !passes(tb, wb)) {
          conflicts.push({
            rules: [a.id, b.id],
            on,
            message: `rules ${JSON.stringify(a.id)} and ${JSON.stringify(b.id)} undo each other on ${on}: each one's action makes the other's condition true again`,
          })
          break
        }
      }
    }
  return conflicts
}
