// Internal: a condition's names checked against the desk vocabulary (channels, priorities, custom
// statuses, fields and the kind of value each field test needs), so that a policy or a clock
// definition naming something the desk does not have is refused when it is made, by path.
import { describe, isRecord } from "../internal/describe.js"
import type { ValidationIssue } from "../internal/issues.js"
import { undeclared } from "../ticket/desk-vocabulary.js"
import type { FieldType, Vocabulary } from "../ticket/index.js"
import { isIsoDateTime } from "../ticket/schema.js"
import type { FieldTest, When } from "./when.js"

/** Whether `x` is an instant a date test may name: a valid `Date`, or a date-time as date fields take it. */
const isInstant = (x: unknown): boolean =>
  x instanceof Date ? !Number.isNaN(x.getTime()) : typeof x === "string" && isIsoDateTime(x)

const kindText: { readonly [K in FieldType]: string } = {
  string: "a string",
  number: "a finite number",
  boolean: "a boolean",
  date: "an ISO-8601 date-time",
  strings: "a string",
}

/** Whether `x` is a single value of a field of `type` (a list field's items are strings). */
const isValueOf = (type: FieldType, x: unknown): boolean => {
  switch (type) {
    case "string":
    case "strings":
      return typeof x === "string"
    case "number":
      return typeof x === "number" && Number.isFinite(x)
    case "boolean":
      return typeof x === "boolean"
    case "date":
      return isInstant(x)
  }
}

const fieldTestIssues = (
  test: FieldTest,
  type: FieldType,
  path: string,
  issues: Array<ValidationIssue>,
): void => {
  if (test.equals !== undefined) {
    const ok =
      type === "strings"
        ? Array.isArray(test.equals) && test.equals.every((x) => typeof x === "string")
        : isValueOf(type, test.equals)
    if (!ok)
      issues.push({
        path: `${path}.equals`,
        message: `must be ${type === "strings" ? "a list of strings" : kindText[type]} (the field is ${type}), received ${describe(test.equals)}`,
      })
  }
  test.oneOf?.forEach((x, i) => {
    if (!isValueOf(type, x))
      issues.push({
        path: `${path}.oneOf[${i}]`,
        message: `must be ${kindText[type]} (the field is ${type}), received ${describe(x)}`,
      })
  })
  for (const key of ["gt", "gte", "lt", "lte"] as const) {
    const bound = test[key]
    if (bound === undefined) continue
    if (type !== "number" && type !== "date")
      issues.push({
        path: `${path}.${key}`,
        message: `compares numbers and dates only; the field is ${type}`,
      })
    else if (!isValueOf(type, bound))
      issues.push({
        path: `${path}.${key}`,
        message: `must be ${kindText[type]} (the field is ${type}), received ${describe(bound)}`,
      })
  }
}

const namesIn = (
  values: ReadonlyArray<string> | undefined,
  known: (name: string) => boolean,
  list: () => string,
  path: string,
  issues: Array<ValidationIssue>,
): void => {
  values?.forEach((name, i) => {
    if (!known(name)) issues.push({ path: `${path}[${i}]`, message: `${describe(name)} is not ${list()}` })
  })
}

/**
 * Pushes an issue for every name in `when` (a structurally valid condition at `path`) that the
 * vocabulary does not have, and every field test of the wrong kind. Linear in the condition's size.
 */
export const whenIssues = (
  when: When | undefined,
  path: string,
  vocabulary: Vocabulary,
  issues: Array<ValidationIssue>,
): void => {
  if (when === undefined) return
  namesIn(
    when.priority,
    (n) => vocabulary.isPriority(n),
    () => `a priority of the desk (${vocabulary.priorities.join(", ")})`,
    `${path}.priority`,
    issues,
  )
  namesIn(
    when.channel,
    (n) => vocabulary.isChannel(n),
    () => `a channel of the desk (${vocabulary.channels.join(", ")})`,
    `${path}.channel`,
    issues,
  )
  namesIn(
    when.customStatus,
    (n) => vocabulary.categoryOf(n) !== undefined,
    () => {
      const names = Object.keys(vocabulary.statuses)
      return `a custom status the desk vocabulary declares (${names.length === 0 ? "it declares none" : names.join(", ")})`
    },
    `${path}.customStatus`,
    issues,
  )
  if (when.fields !== undefined && isRecord(when.fields))
    for (const [name, test] of Object.entries(when.fields)) {
      const type = vocabulary.fieldType(name)
      if (type === undefined) {
        issues.push({
          path: `${path}.fields.${name}`,
          message: undeclared("field", Object.keys(vocabulary.fields)),
        })
      } else fieldTestIssues(test, type, `${path}.fields.${name}`, issues)
    }
  if (when.counts !== undefined)
    for (const [name, c] of Object.entries(when.counts))
      for (const [key, bound] of Object.entries(c ?? {}))
        if (bound !== undefined && !(typeof bound === "number" && Number.isFinite(bound)))
          issues.push({
            path: `${path}.counts.${name}.${key}`,
            message: `must be a finite number, received ${describe(bound)}`,
          })
  when.all?.forEach((w, i) => {
    whenIssues(w, `${path}.all[${i}]`, vocabulary, issues)
  })
  when.any?.forEach((w, i) => {
    whenIssues(w, `${path}.any[${i}]`, vocabulary, issues)
  })
  whenIssues(when.not, `${path}.not`, vocabulary, issues)
}

/** The path of the first `predicate` in a condition, if any. */
export const predicateIn = (when: When | undefined, path: string): string | undefined => {
  if (when === undefined) return undefined
  if (when.predicate !== undefined) return `${path}.predicate`
  for (const key of ["all", "any"] as const) {
    const list = when[key] ?? []
    for (let i = 0; i < list.length; i++) {
      const found = predicateIn(list[i], `${path}.${key}[${i}]`)
      if (found !== undefined) return found
    }
  }
  return predicateIn(when.not, `${path}.not`)
}
