// Internal: turns zod issues into `ValidationIssue`s with dotted paths and English messages,
// for every module that validates input (tickets, calendars, policies).
// zod/mini ships no locale and a global `z.config` would be a side effect on the app's zod,
// so messages come from a per-parse error map instead.
import type * as z from "zod/mini"

/**
 * One problem found while validating input: where (`"requester.id"`, `"tags[2]"`,
 * `"hours.tue[1]"`, `""` for the whole value) and what.
 *
 * @example
 * import type { ValidationIssue } from "servicekit/ticket"
 *
 * const issue: ValidationIssue = { path: "requester.id", message: "must not be empty" }
 *
 * @since 0.1.0
 * @category errors
 */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

type RawIssue = z.core.$ZodRawIssue
type Issue = z.core.$ZodIssue

const received = (input: unknown): string => {
  if (input === null) return "null"
  if (Array.isArray(input)) return "an array"
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? "an Invalid Date" : "a Date"
  if (typeof input === "string") return input.length > 40 ? "a string" : JSON.stringify(input)
  if (typeof input === "number" || typeof input === "boolean") return String(input)
  return typeof input === "object" ? "an object" : typeof input
}

// A discriminated union reports the whole object as its input; the message is about one field.
const field = (input: unknown, key: string): unknown =>
  typeof input === "object" && input !== null ? (input as Record<string, unknown>)[key] : input

const oneOf = (values: ReadonlyArray<unknown>): string =>
  values.length === 1
    ? JSON.stringify(values[0])
    : `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`

const limit = (origin: string, op: string, n: number | bigint): string =>
  origin === "string"
    ? `length must be ${op} ${n}`
    : origin === "array"
      ? `must have ${op} ${n} items`
      : `must be ${op} ${n}`

/** Error map for `safeParse(…, { error })`: returning undefined keeps zod's own message. */
export const messageFor = (issue: RawIssue): string | undefined => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, received ${received(issue.input)}`
    case "too_small":
      return issue.origin === "string" && issue.minimum === 1
        ? "must not be empty"
        : limit(issue.origin, issue.inclusive === false ? ">" : "≥", issue.minimum)
    case "too_big":
      return limit(issue.origin, issue.inclusive === false ? "<" : "≤", issue.maximum)
    case "invalid_value":
      return `expected ${oneOf(issue.values)}, received ${received(issue.input)}`
    case "invalid_union":
      // Only a discriminated union lists its options; a plain union keeps its schema's message.
      if (!Array.isArray(issue.options) || issue.discriminator === undefined) return undefined
      return `expected ${oneOf(issue.options)}, received ${received(field(issue.input, issue.discriminator))}`
    case "invalid_format":
      return `expected ${issue.format} format, received ${received(issue.input)}`
    case "unrecognized_keys":
      return "unknown key"
    default:
      return undefined
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `hours.tue[1]`, `overrides["2025-12-24"][0]`: keys that are not identifiers are quoted. */
const pathOf = (segments: ReadonlyArray<PropertyKey>): string =>
  segments
    .map((s, i) => {
      if (typeof s === "number") return `[${s}]`
      const key = typeof s === "symbol" ? s.toString() : s
      return IDENTIFIER.test(key) ? `${i === 0 ? "" : "."}${key}` : `[${JSON.stringify(key)}]`
    })
    .join("")

/** One `ValidationIssue` per problem; an unknown key is reported at its own path. */
export const toValidationIssues = (issues: ReadonlyArray<Issue>): ReadonlyArray<ValidationIssue> =>
  issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: "unknown key" }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  )

/** `hours.tue[1]: … ; targets.normal: …` — the message of an error carrying issues; `root` names the whole value. */
export const describeIssues = (issues: ReadonlyArray<ValidationIssue>, root: string): string =>
  issues.map((i) => `${i.path === "" ? root : i.path}: ${i.message}`).join("; ")
