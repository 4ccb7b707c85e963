import * as Result from "effect/Result"
import * as z from "zod/mini"
import { type DurationInput, toMillis } from "../calendar/index.js"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues, type ValidationIssue } from "../internal/issues.js"
import { MAX_WHEN_DEPTH, tooDeep, type When, WhenSchema } from "../sla/when.js"
import { predicateIn, whenIssues } from "../sla/when-check.js"
import { builtinVocabulary, type SurveyKind, surveyKinds, Vocabulary } from "../ticket/index.js"
import { InvalidFollowUpPolicy } from "./errors.js"

/**
 * Which clock a follow-up interval is counted on: the calendar's business hours (default) or
 * wall-clock time.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const hours: FollowUp.Hours = "business"
 * ```
 * @since 0.1.0
 * @category Policies
 */
export type Hours = "business" | "calendar"

/**
 * A follow-up policy, declaratively: each practice is optional.
 *
 * - `acknowledge`: confirm the first contact within `within` ("we received it and are on it").
 * - `keepInformed`: while the ticket is open or on hold (not while pending on the customer), an
 *   update is owed every `every`, counted from each public reply.
 * - `promises`: a reminder `remindBefore` each open promise falls due, and an escalation when it
 *   passes unkept (wall-clock time: a promise names a time).
 * - `chases`: escalate once the customer has chased `escalateAfter` times.
 * - `checkIn`: `after` the ticket is solved, ask whether all is well, unless it was reopened.
 * - `survey`: once per ticket, `after` solved, moved out of `quietHours` in the requester's zone
 *   (default 21:00–08:00).
 * - `escalateOnSla`: an escalation when an SLA clock crosses a warning threshold (`warnAt`) or
 *   breaches (`onBreach`), from `Sla.evaluate`.
 * - `grace`: how long a timed action may wait past its time before it is overdue (default PT1H).
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const spec: FollowUp.FollowUpPolicySpec = {
 *   acknowledge: { within: "PT15M" },
 *   keepInformed: { every: "PT4H" },
 *   promises: { remindBefore: "PT1H" },
 *   chases: { escalateAfter: 2 },
 *   checkIn: { after: "PT27H" },
 *   survey: { kind: "csat", after: "PT2H", quietHours: { from: "21:00", to: "08:00" } },
 *   escalateOnSla: { warnAt: true, onBreach: true },
 * }
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface FollowUpPolicySpec {
  /**
   * When the policy applies, on the ticket as it is at `now` (`FollowUp.plan` takes an ordered
   * list of policies and applies the first that matches). Names are checked against the desk
   * vocabulary; no predicates.
   */
  readonly when?: When | undefined
  readonly acknowledge?: { readonly within: DurationInput; readonly hours?: Hours } | undefined
  readonly keepInformed?: { readonly every: DurationInput; readonly hours?: Hours } | undefined
  readonly promises?: { readonly remindBefore: DurationInput } | undefined
  readonly chases?: { readonly escalateAfter: number } | undefined
  readonly checkIn?: { readonly after: DurationInput; readonly hours?: Hours } | undefined
  readonly survey?:
    | {
        readonly kind: SurveyKind
        readonly after: DurationInput
        readonly hours?: Hours
        readonly quietHours?: { readonly from: string; readonly to: string }
      }
    | undefined
  readonly escalateOnSla?: { readonly warnAt?: boolean; readonly onBreach?: boolean } | undefined
  readonly grace?: DurationInput | undefined
}

/**
 * A validated follow-up policy (durations in milliseconds), ready for `FollowUp.plan`.
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * const policy: FollowUp.FollowUpPolicy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
 * policy.acknowledge?.withinMs // => 900_000
 * ```
 * @since 0.1.0
 * @category Policies
 */
export interface FollowUpPolicy {
  readonly when: When | undefined
  readonly acknowledge: { readonly withinMs: number; readonly hours: Hours } | undefined
  readonly keepInformed: { readonly everyMs: number; readonly hours: Hours } | undefined
  readonly promises: { readonly remindBeforeMs: number } | undefined
  readonly chases: { readonly escalateAfter: number } | undefined
  readonly checkIn: { readonly afterMs: number; readonly hours: Hours } | undefined
  readonly survey:
    | {
        readonly kind: SurveyKind
        readonly afterMs: number
        readonly hours: Hours
        /** Local "HH:MM" bounds of the night in the requester's zone (from > to spans midnight). */
        readonly quietHours: { readonly from: string; readonly to: string }
      }
    | undefined
  readonly escalateOnSla: { readonly warnAt: boolean; readonly onBreach: boolean } | undefined
  readonly graceMs: number
}

const duration = z.union([z.number(), z.string()])
/** Longer follow-up intervals are mistakes (and would reach past the years calendars compute in). */
const MAX_MS = 3650 * 86_400_000
const hours = z.optional(z.enum(["business", "calendar"]))
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

/**
 * The zod schema of a {@link FollowUpPolicySpec} (structure and unknown keys; durations are
 * checked by {@link policy}).
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * FollowUp.FollowUpPolicySpecSchema.safeParse({ acknowledge: { within: "PT15M", extra: 1 } }).success // => false
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const FollowUpPolicySpecSchema = z.strictObject({
  when: z.optional(WhenSchema),
  acknowledge: z.optional(z.strictObject({ within: duration, hours })),
  keepInformed: z.optional(z.strictObject({ every: duration, hours })),
  promises: z.optional(z.strictObject({ remindBefore: duration })),
  chases: z.optional(z.strictObject({ escalateAfter: z.number().check(z.int(), z.gte(1)) })),
  checkIn: z.optional(z.strictObject({ after: duration, hours })),
  survey: z.optional(
    z.strictObject({
      kind: z.enum(surveyKinds),
      after: duration,
      hours,
      quietHours: z.optional(
        z.strictObject({
          from: z.string().check(z.regex(HHMM, "must be HH:MM")),
          to: z.string().check(z.regex(HHMM, "must be HH:MM")),
        }),
      ),
    }),
  ),
  escalateOnSla: z.optional(
    z.strictObject({ warnAt: z.optional(z.boolean()), onBreach: z.optional(z.boolean()) }),
  ),
  grace: z.optional(duration),
})

/**
 * Options for {@link policy} and {@link decodePolicy}.
 *
 * @example
 * ```ts
 * import { FollowUp, Ticket } from "servicekit"
 * const options: FollowUp.FollowUpPolicyOptions = { vocabulary: Ticket.vocabulary({ channels: ["email", "whatsapp"] }) }
 * ```
 * @since 0.2.0
 * @category Policies
 */
export interface FollowUpPolicyOptions {
  /** The desk's vocabulary (default: the built-in words), which `when` must use. */
  readonly vocabulary?: Vocabulary | undefined
}

/**
 * Checks untrusted input (parsed JSON) and makes a follow-up policy from it, without throwing.
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * import * as Result from "effect/Result"
 * const decoded = FollowUp.decodePolicy({ keepInformed: { every: "P1M" } })
 * Result.isFailure(decoded) && decoded.failure.issues[0]?.path // => "keepInformed.every"
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const decodePolicy = (
  input: unknown,
  options: FollowUpPolicyOptions = {},
): Result.Result<FollowUpPolicy, InvalidFollowUpPolicy> => {
  const vocabulary =
    (typeof options === "object" && options !== null ? options.vocabulary : undefined) ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    return Result.fail(
      new InvalidFollowUpPolicy([
        {
          path: "(options).vocabulary",
          message: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
        },
      ]),
    )
  const deep =
    typeof input === "object" && input !== null && Object.hasOwn(input, "when")
      ? tooDeep((input as { when?: unknown }).when, "when")
      : undefined
  if (deep !== undefined)
    return Result.fail(
      new InvalidFollowUpPolicy([
        { path: deep, message: `conditions nest deeper than ${MAX_WHEN_DEPTH} levels` },
      ]),
    )
  const parsed = FollowUpPolicySpecSchema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success) return Result.fail(new InvalidFollowUpPolicy(toValidationIssues(parsed.error.issues)))
  const spec = parsed.data
  const issues: Array<ValidationIssue> = []
  const ms = (value: DurationInput, path: string, allowZero = false): number => {
    try {
      const n = toMillis(value, path)
      if (n < 0 || (n === 0 && !allowZero)) issues.push({ path, message: "must be a positive duration" })
      if (n > MAX_MS) issues.push({ path, message: "must be at most 10 years" })
      return n
    } catch (e) {
      issues.push({ path, message: (e as Error).message.replace(/^[^:]*: /, "") })
      return 0
    }
  }
  whenIssues(spec.when, "when", vocabulary, issues)
  const predicate = predicateIn(spec.when, "when")
  if (predicate !== undefined)
    issues.push({ path: predicate, message: "a follow-up policy's condition cannot use predicates" })
  const made: FollowUpPolicy = {
    when: spec.when,
    acknowledge: spec.acknowledge && {
      withinMs: ms(spec.acknowledge.within, "acknowledge.within"),
      hours: spec.acknowledge.hours ?? "business",
    },
    keepInformed: spec.keepInformed && {
      everyMs: ms(spec.keepInformed.every, "keepInformed.every"),
      hours: spec.keepInformed.hours ?? "business",
    },
    promises: spec.promises && {
      remindBeforeMs: ms(spec.promises.remindBefore, "promises.remindBefore", true),
    },
    chases: spec.chases && { escalateAfter: spec.chases.escalateAfter },
    checkIn: spec.checkIn && {
      afterMs: ms(spec.checkIn.after, "checkIn.after", true),
      hours: spec.checkIn.hours ?? "business",
    },
    survey: spec.survey && {
      kind: spec.survey.kind,
      afterMs: ms(spec.survey.after, "survey.after", true),
      hours: spec.survey.hours ?? "business",
      quietHours: spec.survey.quietHours ?? { from: "21:00", to: "08:00" },
    },
    escalateOnSla: spec.escalateOnSla && {
      warnAt: spec.escalateOnSla.warnAt ?? true,
      onBreach: spec.escalateOnSla.onBreach ?? true,
    },
    graceMs: spec.grace === undefined ? 3_600_000 : ms(spec.grace, "grace", true),
  }
  if (made.survey && made.survey.quietHours.from === made.survey.quietHours.to)
    issues.push({ path: "survey.quietHours", message: "from and to must differ" })
  if (issues.length > 0) return Result.fail(new InvalidFollowUpPolicy(issues))
  validPolicies.add(made)
  return Result.succeed(made)
}

/** Policies made by {@link decodePolicy}: `plan` refuses look-alikes that skipped validation. */
const validPolicies = new WeakSet<FollowUpPolicy>()

/**
 * Whether `value` is a follow-up policy made with {@link policy} or {@link decodePolicy}.
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * FollowUp.isPolicy(FollowUp.policy({ acknowledge: { within: "PT15M" } })) // => true
 * FollowUp.isPolicy({ graceMs: 0 }) // => false
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const isPolicy = (value: unknown): value is FollowUpPolicy =>
  typeof value === "object" && value !== null && validPolicies.has(value as FollowUpPolicy)

/**
 * Makes a follow-up policy. Throws {@link InvalidFollowUpPolicy} naming every bad field.
 *
 * @example
 * ```ts
 * import { FollowUp } from "servicekit"
 * const policy = FollowUp.policy({
 *   acknowledge: { within: "PT15M" },
 *   keepInformed: { every: "PT4H" },
 *   promises: { remindBefore: "PT1H" },
 *   checkIn: { after: "PT27H" },
 * })
 * policy.keepInformed?.everyMs // => 14_400_000
 * ```
 * @since 0.1.0
 * @category Policies
 */
export const policy = (spec: FollowUpPolicySpec, options?: FollowUpPolicyOptions): FollowUpPolicy => {
  const decoded = decodePolicy(spec, options)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}
