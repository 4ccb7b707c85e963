// Internal: conditions (`When`) compiled once into closures, so that matching a policy per ticket
// and a clock's condition per event costs a few comparisons, not a walk of the condition's keys.

import { describe } from "../internal/describe.js"
import type { OpenedTicket } from "../ticket/index.js"
import { InvalidEvaluation, UnknownPredicate } from "./errors.js"
import type { Comparison, CountName, FieldTest, Predicates, When } from "./when.js"

/**
 * A compiled condition. `predicates` is only read by a condition that names one, so a condition
 * without (every clock condition) may be called with the ticket alone.
 */
export type Matcher = (ticket: OpenedTicket, predicates?: Predicates) => boolean

const compiled = new WeakMap<When, Matcher>()

/** The compiled form of a (validated) condition; compiled once per condition object. */
export const matcherOf = (when: When): Matcher => {
  let m = compiled.get(when)
  if (m === undefined) {
    m = compile(when)
    compiled.set(when, m)
  }
  return m
}

const always: Matcher = () => true

/** A bound as a number: instants (ISO strings, Dates) as epoch ms, numbers as they are. */
const numberOf = (x: unknown): number =>
  typeof x === "number"
    ? x
    : x instanceof Date
      ? x.getTime()
      : typeof x === "string"
        ? Date.parse(x)
        : Number.NaN

/** A test of a number (`undefined`: no value, which fails). */
const comparison = (c: Comparison): ((n: number | undefined) => boolean) => {
  const eq = c.equals === undefined ? undefined : numberOf(c.equals)
  const gt = c.gt === undefined ? undefined : numberOf(c.gt)
  const gte = c.gte === undefined ? undefined : numberOf(c.gte)
  const lt = c.lt === undefined ? undefined : numberOf(c.lt)
  const lte = c.lte === undefined ? undefined : numberOf(c.lte)
  return (n) =>
    n !== undefined &&
    (eq === undefined || n === eq) &&
    (gt === undefined || n > gt) &&
    (gte === undefined || n >= gte) &&
    (lt === undefined || n < lt) &&
    (lte === undefined || n <= lte)
}

const counts: { readonly [K in CountName]: (t: OpenedTicket) => number } = {
  publicReplies: (t) => t.publicReplyCount,
  customerMessages: (t) => t.customerMessageCount,
  chases: (t) => t.chaseCount,
  reopens: (t) => t.reopenCount,
}

/** One field's test, compiled: dates compare as instants, lists item by item. */
const fieldTest = (name: string, test: FieldTest): Matcher => {
  const { present, equals, oneOf } = test
  const bounds =
    test.gt !== undefined || test.gte !== undefined || test.lt !== undefined || test.lte !== undefined
  const inBounds = bounds ? comparison({ gt: test.gt, gte: test.gte, lt: test.lt, lte: test.lte }) : undefined
  const equalsMs = equals === undefined || Array.isArray(equals) ? Number.NaN : numberOf(equals)
  const oneOfSet = oneOf === undefined ? undefined : new Set<unknown>(oneOf)
  const oneOfMs = oneOf === undefined ? undefined : new Set(oneOf.map(numberOf))
  return (t) => {
    const fields = t.fields
    const v = fields !== undefined && Object.hasOwn(fields, name) ? fields[name] : undefined
    if (present !== undefined && present !== (v !== undefined)) return false
    // A field with no value passes only a test that asks for nothing else (`{}`, `present: false`).
    if (v === undefined) return present !== true && equals === undefined && oneOf === undefined && !bounds
    if (equals !== undefined) {
      if (v instanceof Date) {
        if (v.getTime() !== equalsMs) return false
      } else if (Array.isArray(v)) {
        if (!Array.isArray(equals) || v.length !== equals.length || !v.every((x, i) => x === equals[i]))
          return false
      } else if (v !== equals) return false
    }
    if (oneOfSet !== undefined) {
      if (v instanceof Date) {
        if (!oneOfMs!.has(v.getTime())) return false
      } else if (Array.isArray(v)) {
        if (!v.some((x) => oneOfSet.has(x))) return false
      } else if (!oneOfSet.has(v)) return false
    }
    if (inBounds !== undefined) {
      const n = typeof v === "number" ? v : v instanceof Date ? v.getTime() : undefined
      if (!inBounds(n)) return false
    }
    return true
  }
}

/** A test that the ticket's value (absent: fails) is one of `values`. */
const oneOfTest = (values: ReadonlyArray<string>, read: (t: OpenedTicket) => string | undefined): Matcher => {
  if (values.length === 1) {
    const only = values[0]
    return (t) => read(t) === only
  }
  const set = new Set<unknown>(values)
  return (t) => set.has(read(t))
}

/**
 * A test that the ticket's status category is one of `values`, written out per case: clock
 * conditions on the status run for every clock on every event.
 */
const statusTest = (values: ReadonlyArray<string>): Matcher => {
  const [a, b] = values
  if (values.length === 1) return (t) => t.status === a
  if (values.length === 2) return (t) => t.status === a || t.status === b
  const set = new Set<unknown>(values)
  return (t) => set.has(t.status)
}

const compile = (when: When): Matcher => {
  const tests: Array<Matcher> = []
  if (when.priority !== undefined) tests.push(oneOfTest(when.priority, (t) => t.priority))
  if (when.channel !== undefined) tests.push(oneOfTest(when.channel, (t) => t.channel))
  if (when.status !== undefined) tests.push(statusTest(when.status))
  if (when.customStatus !== undefined) tests.push(oneOfTest(when.customStatus, (t) => t.customStatus))
  if (when.tier !== undefined) tests.push(oneOfTest(when.tier, (t) => t.requester.tier))
  if (when.organization !== undefined)
    tests.push(oneOfTest(when.organization, (t) => t.requester.organization))
  if (when.group !== undefined) tests.push(oneOfTest(when.group, (t) => t.assignee.groupId))
  if (when.assignee !== undefined) tests.push(oneOfTest(when.assignee, (t) => t.assignee.agentId))
  if (when.openedBy !== undefined) tests.push(oneOfTest(when.openedBy, (t) => t.openedBy))
  const tags = when.tags
  if (tags?.any !== undefined) {
    const any = tags.any
    tests.push((t) => any.some((x) => t.tags.includes(x)))
  }
  if (tags?.all !== undefined) {
    const all = tags.all
    tests.push((t) => all.every((x) => t.tags.includes(x)))
  }
  if (tags?.none !== undefined) {
    const none = tags.none
    tests.push((t) => !none.some((x) => t.tags.includes(x)))
  }
  if (when.fields !== undefined)
    for (const [name, test] of Object.entries(when.fields)) tests.push(fieldTest(name, test))
  if (when.counts !== undefined)
    for (const [name, c] of Object.entries(when.counts) as Array<[CountName, Comparison | undefined]>) {
      if (c === undefined) continue
      const read = counts[name]
      const test = comparison(c)
      tests.push((t) => test(read(t)))
    }
  if (when.all !== undefined) {
    const all = when.all.map(matcherOf)
    tests.push((t, p) => all.every((m) => m(t, p)))
  }
  if (when.any !== undefined) {
    const any = when.any.map(matcherOf)
    tests.push((t, p) => any.some((m) => m(t, p)))
  }
  if (when.not !== undefined) {
    const not = matcherOf(when.not)
    tests.push((t, p) => !not(t, p))
  }
  // Last, as before: a predicate is only looked up when every other part holds.
  if (when.predicate !== undefined) {
    const name = when.predicate
    tests.push((t, predicates = {}) => {
      const test = Object.hasOwn(predicates, name) ? predicates[name] : undefined
      if (test === undefined) throw new UnknownPredicate({ name })
      if (typeof test !== "function")
        throw new InvalidEvaluation({
          field: `predicates.${name}`,
          reason: `must be a function of the ticket, received ${describe(test)}`,
        })
      return test(t) === true
    })
  }
  switch (tests.length) {
    case 0:
      return always
    case 1:
      return tests[0]!
    case 2: {
      const [a, b] = tests as [Matcher, Matcher]
      return (t, p) => a(t, p) && b(t, p)
    }
    default:
      return (t, p) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i]!(t, p)) return false
        return true
      }
  }
}
