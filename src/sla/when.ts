// Conditions on a ticket (`when`): their type and schema, the bound on their nesting, and how
// they are matched against a ticket. Policies carry them; `evaluate` matches them.
import * as z from "zod/mini"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { stateProblem } from "../ticket/check-state.js"
import { type Channel, channels, type OpenedTicket, type Priority, priorities } from "../ticket/index.js"
import { InvalidEvaluation, InvalidPolicy, UnknownPredicate } from "./errors.js"

/**
 * When a policy applies, as data (so policies can be stored as JSON). Every field given must
 * hold; `all`, `any` and `not` combine conditions; `predicate` names a test the integrator
 * registers (see `PolicyOptions.predicates`).
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const vipChat: Sla.When = {
 *   channel: ["chat", "phone"],
 *   any: [{ tier: ["gold"] }, { tags: { any: ["vip"] } }],
 *   not: { group: ["internal"] },
 * }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface When {
  readonly priority?: ReadonlyArray<Priority> | undefined
  readonly channel?: ReadonlyArray<Channel> | undefined
  readonly tags?:
    | { readonly any?: ReadonlyArray<string> | undefined; readonly all?: ReadonlyArray<string> | undefined }
    | undefined
  /** The requester's tier (e.g. "gold"). */
  readonly tier?: ReadonlyArray<string> | undefined
  /** The assigned group. */
  readonly group?: ReadonlyArray<string> | undefined
  readonly all?: ReadonlyArray<When> | undefined
  readonly any?: ReadonlyArray<When> | undefined
  readonly not?: When | undefined
  readonly predicate?: string | undefined
}

const names = z.array(z.string().check(z.minLength(1)))

/**
 * The zod schema of a {@link When} condition (recursive).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.WhenSchema.safeParse({ priority: ["urgent"], not: { channel: ["email"] } }).success // => true
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const WhenSchema: z.ZodMiniType<When> = z.strictObject({
  priority: z.optional(z.array(z.enum(priorities))),
  channel: z.optional(z.array(z.enum(channels))),
  tags: z.optional(z.strictObject({ any: z.optional(names), all: z.optional(names) })),
  tier: z.optional(names),
  group: z.optional(names),
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

/** Every predicate name used in a condition, with its path. */
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

const hasAny = (values: ReadonlyArray<string> | undefined, value: string | undefined): boolean =>
  values === undefined || (value !== undefined && values.includes(value))

/**
 * Whether `when` holds for the ticket (an absent condition always holds).
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
      ? stateProblem(ticket, "ticket")
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
export const holds = (when: When | undefined, ticket: OpenedTicket, predicates: Predicates = {}): boolean => {
  if (when === undefined) return true
  if (when.priority !== undefined && !when.priority.includes(ticket.priority)) return false
  if (!hasAny(when.channel, ticket.channel)) return false
  if (!hasAny(when.tier, ticket.requester.tier)) return false
  if (!hasAny(when.group, ticket.assignee.groupId)) return false
  if (when.tags?.any !== undefined && !when.tags.any.some((t) => ticket.tags.includes(t))) return false
  if (when.tags?.all !== undefined && !when.tags.all.every((t) => ticket.tags.includes(t))) return false
  if (when.all !== undefined && !when.all.every((w) => holds(w, ticket, predicates))) return false
  if (when.any !== undefined && !when.any.some((w) => holds(w, ticket, predicates))) return false
  if (when.not !== undefined && holds(when.not, ticket, predicates)) return false
  if (when.predicate !== undefined) {
    const test = Object.hasOwn(predicates, when.predicate) ? predicates[when.predicate] : undefined
    if (test === undefined) throw new UnknownPredicate({ name: when.predicate })
    if (typeof test !== "function")
      throw new InvalidEvaluation({
        field: `predicates.${when.predicate}`,
        reason: `must be a function of the ticket, received ${describe(test)}`,
      })
    if (!test(ticket)) return false
  }
  return true
}
