// Conditions on a ticket (`when`): their type and schema, the bound on their nesting, and how
// they are matched against a ticket. Policies carry them; `evaluate` matches them.
import * as z from "zod/mini"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { stateProblem } from "../ticket/check-state.js"
import {
  type Channel,
  type FieldValue,
  type OpenedBy,
  type OpenedTicket,
  type Priority,
  type TicketStatus,
  ticketStatuses,
} from "../ticket/index.js"
import { InvalidEvaluation, InvalidPolicy } from "./errors.js"
import { matcherOf } from "./when-match.js"

/**
 * A comparison of a number (a count, a number field) or an instant (a date field, as an ISO-8601
 * string or a `Date`): every bound given must hold.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const twoOrMore: Sla.Comparison = { gte: 2 }
 * ```
 * @since 0.2.0
 * @category Policies
 */
export interface Comparison {
  readonly equals?: number | string | Date | undefined
  readonly gt?: number | string | Date | undefined
  readonly gte?: number | string | Date | undefined
  readonly lt?: number | string | Date | undefined
  readonly lte?: number | string | Date | undefined
}

/**
 * A test of one custom field (declared in the desk vocabulary). Every part given must hold:
 *
 * - `present`: `true` when the field holds a value, `false` when it holds none. A field with no
 *   value fails every other test.
 * - `equals`: the value (a list field: the same list; a date field: the same instant).
 * - `oneOf`: the value is one of these (a list field: one of its items is).
 * - `gt`, `gte`, `lt`, `lte`: bounds for number and date fields.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const bigAccount: Sla.FieldTest = { gte: 100 }
 * const renewsSoon: Sla.FieldTest = { lt: "2026-01-01T00:00:00Z" }
 * const enterprise: Sla.FieldTest = { oneOf: ["enterprise", "premium"] }
 * ```
 * @since 0.2.0
 * @category Policies
 */
export interface FieldTest {
  readonly equals?: FieldValue | undefined
  readonly gt?: number | string | Date | undefined
  readonly gte?: number | string | Date | undefined
  readonly lt?: number | string | Date | undefined
  readonly lte?: number | string | Date | undefined
  readonly oneOf?: ReadonlyArray<string | number | boolean> | undefined
  readonly present?: boolean | undefined
}

/**
 * The ticket counts a condition may compare: public replies, customer messages, chases, reopens.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const count: Sla.CountName = "chases"
 * ```
 * @since 0.2.0
 * @category Policies
 */
export type CountName = "publicReplies" | "customerMessages" | "chases" | "reopens"

/**
 * A condition on the ticket as it is now, as data (so policies and clock definitions can be
 * stored as JSON). Every part given must hold; `all`, `any` and `not` combine conditions;
 * `predicate` names a test the integrator registers (see `PolicyOptions.predicates`).
 *
 * - `priority`, `channel`: the ticket's (names from the desk vocabulary).
 * - `status`: the status category; `customStatus`: the desk's own status (vocabulary).
 * - `tags`: `any` (at least one), `all` (every one), `none` (not one of them).
 * - `fields`: a {@link FieldTest} per custom field the vocabulary declares.
 * - `tier`, `organization`: the requester's; `group`, `assignee`: who holds the ticket.
 * - `openedBy`: who opened it; `counts`: a {@link Comparison} per ticket count.
 *
 * A list matches when the ticket's value is in it; a ticket without the value (no tier, no
 * group) matches no list.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const vipChat: Sla.When = {
 *   channel: ["chat", "phone"],
 *   any: [{ tier: ["gold"] }, { tags: { any: ["vip"] } }],
 *   not: { group: ["internal"] },
 * }
 * const bigAccountWaiting: Sla.When = {
 *   customStatus: ["awaitingVendor"],
 *   fields: { seats: { gte: 100 } },
 *   tags: { none: ["spam"] },
 * }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface When {
  readonly priority?: ReadonlyArray<Priority> | undefined
  readonly channel?: ReadonlyArray<Channel> | undefined
  /** The status category. */
  readonly status?: ReadonlyArray<TicketStatus> | undefined
  /** The desk's custom status (declared in the vocabulary). */
  readonly customStatus?: ReadonlyArray<string> | undefined
  readonly tags?:
    | {
        readonly any?: ReadonlyArray<string> | undefined
        readonly all?: ReadonlyArray<string> | undefined
        readonly none?: ReadonlyArray<string> | undefined
      }
    | undefined
  /** Tests of custom fields, by field name. */
  readonly fields?: Readonly<Record<string, FieldTest>> | undefined
  /** The requester's tier (e.g. "gold"). */
  readonly tier?: ReadonlyArray<string> | undefined
  /** The requester's organization. */
  readonly organization?: ReadonlyArray<string> | undefined
  /** The assigned group. */
  readonly group?: ReadonlyArray<string> | undefined
  /** The assigned agent. */
  readonly assignee?: ReadonlyArray<string> | undefined
  readonly openedBy?: ReadonlyArray<OpenedBy> | undefined
  readonly counts?: { readonly [K in CountName]?: Comparison | undefined } | undefined
  readonly all?: ReadonlyArray<When> | undefined
  readonly any?: ReadonlyArray<When> | undefined
  readonly not?: When | undefined
  readonly predicate?: string | undefined
}

const names = z.array(z.string().check(z.minLength(1)))
const bound = z.optional(
  z.union([z.number(), z.string(), z.date()], {
    error: (issue) => `expected a number, an ISO-8601 date-time or a Date, received ${describe(issue.input)}`,
  }),
)
const ComparisonSchema = z.strictObject({ equals: bound, gt: bound, gte: bound, lt: bound, lte: bound })
const FieldTestSchema = z.strictObject({
  equals: z.optional(
    z.union([z.string(), z.number(), z.boolean(), z.date(), z.array(z.string())], {
      error: (issue) =>
        `expected a string, a number, a boolean, a date or a list of strings, received ${describe(issue.input)}`,
    }),
  ),
  oneOf: z.optional(
    z.array(
      z.union([z.string(), z.number(), z.boolean()], {
        error: (issue) => `expected a string, a number or a boolean, received ${describe(issue.input)}`,
      }),
    ),
  ),
  gt: bound,
  gte: bound,
  lt: bound,
  lte: bound,
  present: z.optional(z.boolean()),
})

/**
 * The zod schema of a {@link When} condition (recursive): its structure and unknown keys. Names
 * (channels, priorities, custom statuses, fields) are checked against the desk vocabulary by
 * `Sla.policy` and `Sla.decodeClock`.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.WhenSchema.safeParse({ priority: ["urgent"], not: { channel: ["email"] } }).success // => true
 * Sla.WhenSchema.safeParse({ priority: "urgent" }).success // => false
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const WhenSchema: z.ZodMiniType<When> = z.strictObject({
  priority: z.optional(names),
  channel: z.optional(names),
  status: z.optional(z.array(z.enum(ticketStatuses))),
  customStatus: z.optional(names),
  tags: z.optional(
    z.strictObject({ any: z.optional(names), all: z.optional(names), none: z.optional(names) }),
  ),
  fields: z.optional(z.record(z.string().check(z.minLength(1)), FieldTestSchema)),
  tier: z.optional(names),
  organization: z.optional(names),
  group: z.optional(names),
  assignee: z.optional(names),
  openedBy: z.optional(z.array(z.enum(["customer", "agent"]))),
  counts: z.optional(
    z.strictObject({
      publicReplies: z.optional(ComparisonSchema),
      customerMessages: z.optional(ComparisonSchema),
      chases: z.optional(ComparisonSchema),
      reopens: z.optional(ComparisonSchema),
    }),
  ),
  get all() {
    return z.optional(z.array(WhenSchema))
  },
  get any() {
    return z.optional(z.array(WhenSchema))
  },
  get not() {
    return z.optional(WhenSchema)
  },
  predicate: z.optional(z.string().check(z.minLength(1))),
})
/**
 * How deep `when` conditions may nest (`all`, `any`, `not`). Far beyond any real policy; deeper
 * input is refused with {@link InvalidPolicy} naming the path, before it is parsed (a recursive
 * parse of it would overflow the stack).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.MAX_WHEN_DEPTH // => 32
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const MAX_WHEN_DEPTH = 32

/**
 * The path of the first condition nested deeper than {@link MAX_WHEN_DEPTH} in `when` (a
 * condition at `path`), or undefined. Iterative, so any depth of input is safe to walk; stops at
 * the limit, so it costs at most the size of the input.
 */
export const tooDeep = (when: unknown, path: string): string | undefined => {
  const stack: Array<[unknown, string, number]> = [[when, path, 1]]
  while (stack.length > 0) {
    const [w, at, depth] = stack.pop()!
    if (typeof w !== "object" || w === null || Array.isArray(w)) continue
    if (depth > MAX_WHEN_DEPTH) return at
    const c = w as Record<string, unknown>
    if (Object.hasOwn(c, "not")) stack.push([c.not, `${at}.not`, depth + 1])
    for (const key of ["all", "any"] as const) {
      const list = Object.hasOwn(c, key) ? c[key] : undefined
      if (Array.isArray(list))
        for (let i = list.length - 1; i >= 0; i--) stack.push([list[i], `${at}.${key}[${i}]`, depth + 1])
    }
  }
  return undefined
}

/**
 * Named tests for `when.predicate`, given to `Sla.evaluate`.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const predicates: Sla.Predicates = { vip: (ticket) => ticket.tags.includes("vip") }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export type Predicates = Readonly<Record<string, (ticket: OpenedTicket) => boolean>>

/**
 * Whether `when` holds for the ticket (an absent condition always holds). The condition's
 * structure is checked (names are not: `Sla.policy` checks them against the desk vocabulary).
 *
 * @example
 * ```ts
 * import { Sla, Ticket } from "servicekit"
 * const ticket = Ticket.replay([{ type: "TicketOpened", ticketId: "T-1", at: new Date(0),
 *   channel: "chat", priority: "urgent", requester: { id: "c-1", tier: "gold" } }])
 * ticket.exists && Sla.matches({ priority: ["urgent"], tier: ["gold"] }, ticket) // => true
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const matches = (
  when: When | undefined,
  ticket: OpenedTicket,
  predicates: Predicates = {},
): boolean => {
  if (when !== undefined && !checkedWhens.has(when)) {
    const deep = tooDeep(when, "when")
    if (deep !== undefined)
      throw new InvalidPolicy([
        { path: deep, message: `conditions nest deeper than ${MAX_WHEN_DEPTH} levels` },
      ])
    const parsed = WhenSchema.safeParse(when, { error: messageFor, jitless: true })
    if (!parsed.success)
      throw new InvalidPolicy(
        toValidationIssues(parsed.error.issues).map((i) => ({
          ...i,
          path: i.path === "" ? "when" : `when.${i.path}`,
        })),
      )
    checkedWhens.add(when)
  }
  const problem =
    typeof ticket === "object" && ticket !== null && ticket.exists === true
      ? // No vocabulary to check against here: any non-empty channel and priority name passes.
        stateProblem(ticket, "ticket", null)
      : ([
          "ticket",
          `must be an opened ticket (a TicketState whose exists is true), received ${describe(ticket)}`,
        ] as const)
  if (problem !== undefined) throw new InvalidEvaluation({ field: problem[0], reason: problem[1] })
  if (typeof predicates !== "object" || predicates === null)
    throw new InvalidEvaluation({
      field: "predicates",
      reason: `must be an object of named tests, received ${describe(predicates)}`,
    })
  return holds(when, ticket, predicates)
}

/** Conditions `matches` has validated (policies' conditions are validated when they are made). */
const checkedWhens = new WeakSet<object>()

/** {@link matches} on a validated condition and ticket: what `evaluate` runs per policy. */
export const holds = (when: When | undefined, ticket: OpenedTicket, predicates: Predicates = none): boolean =>
  when === undefined || matcherOf(when)(ticket, predicates)

/** No predicates (one shared object, not one per call). */
const none: Predicates = Object.freeze({})
