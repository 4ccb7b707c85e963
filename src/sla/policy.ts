import * as Result from "effect/Result"
import * as z from "zod/mini"
import { type DurationInput, toMillis } from "../calendar/index.js"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { builtinVocabulary, type Priority, Vocabulary } from "../ticket/index.js"
import { builtinMetrics } from "./clock.js"
import { InvalidPolicy } from "./errors.js"
import { MAX_WHEN_DEPTH, tooDeep, type When, WhenSchema } from "./when.js"
import { whenIssues } from "./when-check.js"

/**
 * A target: a duration in business hours, or `{ within, hours }` to choose business or
 * calendar (wall-clock) hours.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const inBusinessHours: Sla.TargetInput = "PT4H"
 * const roundTheClock: Sla.TargetInput = { within: "PT24H", hours: "calendar" }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export type TargetInput =
  | DurationInput
  | { readonly within: DurationInput; readonly hours?: "business" | "calendar" }

/**
 * What {@link policy} takes: an id, when it applies, targets per priority per metric, and the
 * warning thresholds (fractions of each target).
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const spec: Sla.PolicySpec = {
 *   id: "gold",
 *   when: { priority: ["urgent", "high"] },
 *   targets: { urgent: { firstReply: "PT1H", nextReply: "PT2H", resolution: "PT8H" } },
 *   warnAt: [0.75],
 * }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface PolicySpec {
  readonly id: string
  readonly when?: When | undefined
  readonly targets: Readonly<Partial<Record<Priority, Readonly<Record<string, TargetInput>>>>>
  readonly warnAt?: ReadonlyArray<number> | undefined
}

/**
 * A resolved target.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const target: Sla.Target = { ms: 3_600_000, hours: "business" }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface Target {
  readonly ms: number
  readonly hours: "business" | "calendar"
}

/**
 * A validated SLA policy, ready for {@link evaluate}.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const std: Sla.Policy = Sla.policy({ id: "std", targets: { normal: { firstReply: "PT8H" } } })
 * std.targets.normal?.firstReply // => { ms: 28_800_000, hours: "business" }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface Policy {
  readonly id: string
  readonly when: When | undefined
  readonly targets: Readonly<Partial<Record<Priority, Readonly<Record<string, Target>>>>>
  /** Ascending fractions of the target in (0, 1). */
  readonly warnAt: ReadonlyArray<number>
}

/**
 * Options for {@link policy} and {@link decodePolicy}.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const options: Sla.PolicyOptions = { metrics: ["chaseResponse"], predicates: ["vip"] }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface PolicyOptions {
  /** Names of custom clocks (see `Sla.clock`) the targets may name besides the built-in metrics. */
  readonly metrics?: ReadonlyArray<string>
  /** Names of the predicates `when.predicate` may use (the functions are given to `evaluate`). */
  readonly predicates?: ReadonlyArray<string>
  /**
   * The desk's vocabulary (default: the built-in words): target priorities and the channels,
   * priorities, custom statuses and fields `when` names must be the desk's.
   */
  readonly vocabulary?: Vocabulary
}

const duration = z.union([z.number().check(z.nonnegative()), z.string()])

const TargetSchema = z.union([
  duration,
  z.strictObject({ within: duration, hours: z.optional(z.enum(["business", "calendar"])) }),
])

/**
 * The zod schema of a {@link PolicySpec} (structure and unknown keys; durations, priorities,
 * metric names and the names conditions use are checked by {@link policy}).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.PolicySpecSchema.safeParse({ id: "x", targets: {}, extra: 1 }).success // => false
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const PolicySpecSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  when: z.optional(WhenSchema),
  targets: z.record(z.string(), z.optional(z.record(z.string(), TargetSchema))),
  warnAt: z.optional(z.array(z.number().check(z.gt(0), z.lt(1)))),
})
const predicatesIn = (when: When | undefined, path: string): Array<[string, string]> => {
  if (when === undefined) return []
  return [
    ...(when.predicate === undefined ? [] : [[`${path}.predicate`, when.predicate] as [string, string]]),
    ...(when.all ?? []).flatMap((w, i) => predicatesIn(w, `${path}.all[${i}]`)),
    ...(when.any ?? []).flatMap((w, i) => predicatesIn(w, `${path}.any[${i}]`)),
    ...predicatesIn(when.not, `${path}.not`),
  ]
}

/**
 * Checks untrusted input (parsed JSON) and makes a policy from it, without throwing.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * import * as Result from "effect/Result"
 * const decoded = Sla.decodePolicy({ id: "std", targets: { normal: { firstReplyy: "PT1H" } } })
 * Result.isFailure(decoded) && decoded.failure.issues[0]?.path // => "targets.normal.firstReplyy"
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const decodePolicy = (
  input: unknown,
  options: PolicyOptions = {},
): Result.Result<Policy, InvalidPolicy> => {
  const deep =
    typeof input === "object" && input !== null && Object.hasOwn(input, "when")
      ? tooDeep((input as { when?: unknown }).when, "when")
      : undefined
  if (deep !== undefined)
    return Result.fail(
      new InvalidPolicy([{ path: deep, message: `conditions nest deeper than ${MAX_WHEN_DEPTH} levels` }]),
    )
  if (typeof options !== "object" || options === null)
    return Result.fail(
      new InvalidPolicy([
        {
          path: "(options)",
          message: `must be { metrics?, predicates?, vocabulary? }, received ${describe(options)}`,
        },
      ]),
    )
  const vocabulary = options.vocabulary ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    return Result.fail(
      new InvalidPolicy([
        {
          path: "(options).vocabulary",
          message: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
        },
      ]),
    )
  for (const key of ["metrics", "predicates"] as const) {
    const names = options[key]
    if (
      names !== undefined &&
      !(Array.isArray(names) && names.every((n) => typeof n === "string" && n !== ""))
    )
      return Result.fail(
        new InvalidPolicy([
          {
            path: `(options).${key}`,
            message: `must be a list of non-empty names, received ${describe(names)}`,
          },
        ]),
      )
  }
  const parsed = PolicySpecSchema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success) return Result.fail(new InvalidPolicy(toValidationIssues(parsed.error.issues)))
  const spec = parsed.data
  const metrics = new Set<string>([...builtinMetrics, ...(options.metrics ?? [])])
  const issues: Array<{ path: string; message: string }> = []
  const targets: Partial<Record<Priority, Record<string, Target>>> = {}
  for (const priority of Object.keys(spec.targets))
    if (!vocabulary.isPriority(priority))
      issues.push({
        path: `targets.${priority}`,
        message: `unknown key (the desk's priorities: ${vocabulary.priorities.join(", ")})`,
      })
  for (const priority of vocabulary.priorities) {
    const byMetric = Object.hasOwn(spec.targets, priority) ? spec.targets[priority] : undefined
    if (byMetric === undefined) continue
    const resolved: Record<string, Target> = {}
    for (const [metric, target] of Object.entries(byMetric)) {
      const path = `targets.${priority}.${metric}`
      if (!metrics.has(metric)) {
        issues.push({ path, message: `unknown metric (known: ${[...metrics].join(", ")})` })
        continue
      }
      const within = typeof target === "object" ? target.within : target
      try {
        resolved[metric] = {
          ms: toMillis(within, typeof target === "object" ? `${path}.within` : path),
          hours: typeof target === "object" ? (target.hours ?? "business") : "business",
        }
        if (resolved[metric].ms < 0) issues.push({ path, message: "must not be negative" })
      } catch (e) {
        issues.push({
          path: (e as { field: string }).field,
          message: (e as Error).message.replace(/^[^:]*: /, ""),
        })
      }
    }
    targets[priority] = resolved
  }
  whenIssues(spec.when, "when", vocabulary, issues)
  if (options.predicates !== undefined) {
    const known = new Set(options.predicates)
    for (const [path, name] of predicatesIn(spec.when, "when"))
      if (!known.has(name)) issues.push({ path, message: `unknown predicate ${JSON.stringify(name)}` })
  }
  if (issues.length > 0) return Result.fail(new InvalidPolicy(issues))
  const warnAt = [...new Set(spec.warnAt ?? [])].sort((a, b) => a - b)
  const made: Policy = { id: spec.id, when: spec.when, targets, warnAt }
  validPolicies.add(made)
  return Result.succeed(made)
}

/** Policies made by {@link decodePolicy}: `evaluate` refuses look-alikes that skipped validation. */
const validPolicies = new WeakSet<Policy>()

/**
 * Whether `value` is a policy made with {@link policy} or {@link decodePolicy}.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.isPolicy(Sla.policy({ id: "std", targets: {} })) // => true
 * Sla.isPolicy({ id: "std", targets: {} }) // => false
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const isPolicy = (value: unknown): value is Policy =>
  typeof value === "object" && value !== null && validPolicies.has(value as Policy)

/**
 * Makes an SLA policy. Throws {@link InvalidPolicy} naming every bad field. Policies are
 * ordered: {@link evaluate} applies the first whose `when` matches the ticket (no `when` matches
 * every ticket).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const gold = Sla.policy({
 *   id: "gold",
 *   when: { priority: ["urgent", "high"] },
 *   targets: { urgent: { firstReply: "PT1H", nextReply: "PT2H", resolution: "PT8H" } },
 * })
 * gold.id // => "gold"
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const policy = (spec: PolicySpec, options?: PolicyOptions): Policy => {
  const decoded = decodePolicy(spec, options)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}
