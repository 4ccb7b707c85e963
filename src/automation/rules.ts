import * as Result from "effect/Result"
import * as z from "zod/mini"
import { type DurationInput, toMillis } from "../calendar/duration.js"
import { type TaskKind, taskKinds } from "../followup/plan.js"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues, type ValidationIssue } from "../internal/issues.js"
import { MAX_WHEN_DEPTH, tooDeep, type When, WhenSchema } from "../sla/when.js"
import { predicateIn, whenIssues } from "../sla/when-check.js"
import { fieldValueProblem, undeclared } from "../ticket/desk-vocabulary.js"
import {
  builtinVocabulary,
  type FieldValue,
  type Priority,
  type TicketStatus,
  ticketStatuses,
  Vocabulary,
} from "../ticket/index.js"
import { InvalidAutomation } from "./errors.js"

/**
 * Which hours a time condition counts: the desk's business hours (the plan's calendar, the
 * default) or every hour of the day.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const hours: Automation.Hours = "calendar"
 * ```
 * @since 0.2.0
 * @category Rules
 */
export type Hours = "business" | "calendar"

/**
 * A time condition: at least `atLeast` (milliseconds or an ISO-8601 duration such as `"PT18H"`)
 * has passed in `hours` (default business hours).
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const fourDays: Automation.ElapsedSpec = { atLeast: "P4D", hours: "calendar" }
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface ElapsedSpec {
  readonly atLeast: DurationInput
  readonly hours?: Hours | undefined
}

/**
 * When a rule acts. Every part given must hold (all of them); a part left out holds.
 *
 * - `ticket`: a condition on the ticket now, as SLA policies write them (tags, fields, status,
 *   custom status, group, assignee, priority, tier, organization, counts such as `chases`, with
 *   `all` / `any` / `not`).
 * - `inStatus`: the ticket has been in its current status (its custom status when it has one,
 *   else its category) for at least this long.
 * - `noReply`: no public reply `from` the agent (default), the customer, or anyone, for at
 *   least this long (counted from the opening when there was none).
 * - `sla`: a running or paused SLA clock (of `metric`, or any) has `breached`, or is `warned`: it
 *   reached the warning threshold `threshold` (one of its policy's `warnAt`; default: any).
 * - `followUp`: a follow-up task of `kind` is `overdue` (default) or `due`.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const pendingTwoDays: Automation.RuleWhenSpec = {
 *   ticket: { status: ["pending"] },
 *   inStatus: { atLeast: "PT18H" },
 * }
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface RuleWhenSpec {
  readonly ticket?: When | undefined
  readonly inStatus?: ElapsedSpec | undefined
  readonly noReply?:
    | (ElapsedSpec & { readonly from?: "agent" | "customer" | "anyone" | undefined })
    | undefined
  readonly sla?:
    | {
        readonly metric?: string | undefined
        readonly state: "warned" | "breached"
        readonly threshold?: number | undefined
      }
    | undefined
  readonly followUp?: { readonly kind: TaskKind; readonly state?: "due" | "overdue" | undefined } | undefined
}

/**
 * What a rule does, in order. The ticket actions become ticket commands (`setPriority` →
 * `ChangePriority` …); `raisePriority` moves the priority `steps` (default 1) up the desk's
 * priority order (lowest first), and does nothing at the top; `setStatus` names a status
 * category or a custom status of the desk. `notify` sends a message through the Desk's sink,
 * to the customer or to the desk, of a `kind` the desk names ("pendingReminder", "leadAlert").
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const escalate: ReadonlyArray<Automation.Action> = [
 *   { do: "raisePriority" },
 *   { do: "addTags", tags: ["sla-breached"] },
 *   { do: "notify", to: "desk", kind: "leadAlert", message: "first reply breached" },
 * ]
 * ```
 * @since 0.2.0
 * @category Rules
 */
export type Action =
  | { readonly do: "setPriority"; readonly priority: Priority }
  | { readonly do: "raisePriority"; readonly steps?: number | undefined }
  | { readonly do: "assign"; readonly agent?: string | undefined; readonly group?: string | undefined }
  | { readonly do: "addTags"; readonly tags: ReadonlyArray<string> }
  | { readonly do: "removeTags"; readonly tags: ReadonlyArray<string> }
  | { readonly do: "setField"; readonly field: string; readonly value: FieldValue }
  | { readonly do: "clearField"; readonly field: string }
  | { readonly do: "setStatus"; readonly status: string }
  | {
      readonly do: "notify"
      readonly to: "customer" | "desk"
      readonly kind: string
      readonly message?: string | undefined
    }

/**
 * One automation rule as data: an `id` (unique in its list; it names the rule's firings), when
 * it acts, and what it does.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const closeSolved: Automation.RuleSpec = {
 *   id: "close-solved",
 *   when: { ticket: { status: ["solved"] }, inStatus: { atLeast: "P4D", hours: "calendar" } },
 *   actions: [{ do: "setStatus", status: "closed" }],
 * }
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface RuleSpec {
  readonly id: string
  readonly description?: string | undefined
  readonly when: RuleWhenSpec
  readonly actions: ReadonlyArray<Action>
}

/**
 * A time condition as the plan reads it: the least time in milliseconds, and its hours.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const fourDays: Automation.Elapsed = { ms: 4 * 86_400_000, hours: "calendar" }
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface Elapsed {
  /** The least time, in ms. */
  readonly ms: number
  readonly hours: Hours
}

/**
 * A checked rule: its spec with durations in milliseconds.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * const [rule] = Automation.rules([{ id: "close", when: { inStatus: { atLeast: "P4D", hours: "calendar" } },
 *   actions: [{ do: "setStatus", status: "closed" }] }]).rules
 * rule?.when.inStatus?.ms // => 345_600_000
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface Rule {
  readonly id: string
  readonly description?: string | undefined
  readonly when: {
    readonly ticket?: When | undefined
    readonly inStatus?: Elapsed | undefined
    readonly noReply?: (Elapsed & { readonly from: "agent" | "customer" | "anyone" }) | undefined
    readonly sla?: RuleWhenSpec["sla"]
    readonly followUp?: { readonly kind: TaskKind; readonly state: "due" | "overdue" } | undefined
  }
  readonly actions: ReadonlyArray<Action>
}

/**
 * An ordered, checked list of rules (made with {@link rules} or {@link decodeRules}) and the
 * desk vocabulary they were checked against.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * const none: Automation.RuleSet = Automation.rules([])
 * none.rules.length // => 0
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface RuleSet {
  readonly rules: ReadonlyArray<Rule>
  readonly vocabulary: Vocabulary
}

/**
 * Options of {@link rules} and {@link decodeRules}: the desk's vocabulary, against which the
 * rules' names (priorities, statuses, fields…) are checked (default: the built-in words).
 *
 * @example
 * ```ts
 * import { Automation, Ticket } from "servicekit"
 * const options: Automation.RulesOptions = { vocabulary: Ticket.vocabulary({ priorities: ["P4", "P3", "P2", "P1"] }) }
 * ```
 * @since 0.2.0
 * @category Rules
 */
export interface RulesOptions {
  readonly vocabulary?: Vocabulary | undefined
}

const text = z.string().check(z.minLength(1))
const duration = z.union([z.number(), z.string()], {
  error: (issue) => `expected milliseconds or an ISO-8601 duration, received ${describe(issue.input)}`,
})
const hours = z.optional(z.enum(["business", "calendar"]))
const elapsed = { atLeast: duration, hours }

const ActionSchema = z.discriminatedUnion("do", [
  z.strictObject({ do: z.literal("setPriority"), priority: text }),
  z.strictObject({
    do: z.literal("raisePriority"),
    steps: z.optional(z.number().check(z.int(), z.positive())),
  }),
  z.strictObject({ do: z.literal("assign"), agent: z.optional(text), group: z.optional(text) }),
  z.strictObject({ do: z.literal("addTags"), tags: z.array(text).check(z.minLength(1)) }),
  z.strictObject({ do: z.literal("removeTags"), tags: z.array(text).check(z.minLength(1)) }),
  z.strictObject({
    do: z.literal("setField"),
    field: text,
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
      error: (issue) =>
        `expected a string, a number, a boolean, an ISO-8601 date-time or a list of strings, received ${describe(issue.input)}`,
    }),
  }),
  z.strictObject({ do: z.literal("clearField"), field: text }),
  z.strictObject({ do: z.literal("setStatus"), status: text }),
  z.strictObject({
    do: z.literal("notify"),
    to: z.enum(["customer", "desk"]),
    kind: text,
    message: z.optional(z.string()),
  }),
])

/**
 * The zod schema of one rule as JSON (structure and unknown keys; names are checked against the
 * desk vocabulary by {@link rules} and {@link decodeRules}).
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * Automation.RuleSpecSchema.safeParse({ id: "r", when: {}, actions: [{ do: "raisePriority" }] }).success // => true
 * Automation.RuleSpecSchema.safeParse({ id: "r", when: {}, actions: [{ do: "explode" }] }).success // => false
 * ```
 * @since 0.2.0
 * @category Rules
 */
export const RuleSpecSchema: z.ZodMiniType<RuleSpec> = z.strictObject({
  id: text,
  description: z.optional(z.string()),
  when: z.strictObject({
    ticket: z.optional(WhenSchema),
    inStatus: z.optional(z.strictObject(elapsed)),
    noReply: z.optional(
      z.strictObject({ ...elapsed, from: z.optional(z.enum(["agent", "customer", "anyone"])) }),
    ),
    sla: z.optional(
      z.strictObject({
        metric: z.optional(text),
        state: z.enum(["warned", "breached"]),
        threshold: z.optional(z.number().check(z.gt(0), z.lt(1))),
      }),
    ),
    followUp: z.optional(
      z.strictObject({ kind: z.enum(taskKinds), state: z.optional(z.enum(["due", "overdue"])) }),
    ),
  }),
  actions: z.array(ActionSchema).check(z.minLength(1)),
}) as unknown as z.ZodMiniType<RuleSpec>

const RulesSchema = z.array(RuleSpecSchema)

/** The longest time condition: ten years. */
const MAX_MS = 10 * 366 * 86_400_000

/** Rule sets made by {@link decodeRules}: the plan refuses look-alikes that skipped the checks. */
const made = new WeakSet<RuleSet>()

/**
 * Decodes a rule list from JSON (or any unknown value) and checks it against the desk
 * vocabulary: every bad field is named in the failure's `issues`, by path (`rules[2].actions[0].priority`).
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * import { Result } from "effect"
 * const decoded = Automation.decodeRules([{ id: "p1", when: {}, actions: [{ do: "setPriority", priority: "P1" }] }])
 * Result.isFailure(decoded) && decoded.failure.issues[0]?.path // => "rules[0].actions[0].priority"
 * ```
 * @since 0.2.0
 * @category Rules
 */
export const decodeRules = (
  input: unknown,
  options: RulesOptions = {},
): Result.Result<RuleSet, InvalidAutomation> => {
  const vocabulary =
    (typeof options === "object" && options !== null ? options.vocabulary : undefined) ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    return Result.fail(
      new InvalidAutomation([
        {
          path: "(options).vocabulary",
          message: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
        },
      ]),
    )
  if (Array.isArray(input))
    for (let i = 0; i < input.length; i++) {
      const when: unknown = (input[i] as { when?: { ticket?: unknown } } | null)?.when
      const deep =
        typeof when === "object" && when !== null && Object.hasOwn(when, "ticket")
          ? tooDeep((when as { ticket?: unknown }).ticket, `rules[${i}].when.ticket`)
          : undefined
      if (deep !== undefined)
        return Result.fail(
          new InvalidAutomation([
            { path: deep, message: `conditions nest deeper than ${MAX_WHEN_DEPTH} levels` },
          ]),
        )
    }
  const parsed = RulesSchema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success)
    return Result.fail(
      new InvalidAutomation(
        toValidationIssues(parsed.error.issues).map((issue) => ({
          ...issue,
          path: issue.path === "" ? "rules" : `rules${issue.path.startsWith("[") ? "" : "."}${issue.path}`,
        })),
      ),
    )
  const issues: Array<ValidationIssue> = []
  const seen = new Set<string>()
  const list = parsed.data.map((spec, i) => checked(spec, `rules[${i}]`, vocabulary, seen, issues))
  if (issues.length > 0) return Result.fail(new InvalidAutomation(issues))
  const set: RuleSet = { rules: list, vocabulary }
  made.add(set)
  return Result.succeed(set)
}

const elapsedOf = (spec: ElapsedSpec, path: string, issues: Array<ValidationIssue>): Elapsed => {
  let ms = 0
  try {
    ms = toMillis(spec.atLeast, `${path}.atLeast`)
    if (ms <= 0) issues.push({ path: `${path}.atLeast`, message: "must be a positive duration" })
    else if (ms > MAX_MS) issues.push({ path: `${path}.atLeast`, message: "must be at most 10 years" })
  } catch (e) {
    issues.push({ path: `${path}.atLeast`, message: (e as Error).message.replace(/^[^:]*: /, "") })
  }
  return { ms, hours: spec.hours ?? "business" }
}

/** One rule checked against the vocabulary (issues pushed by path), with its durations in ms. */
const checked = (
  spec: RuleSpec,
  path: string,
  vocabulary: Vocabulary,
  seen: Set<string>,
  issues: Array<ValidationIssue>,
): Rule => {
  if (seen.has(spec.id))
    issues.push({ path: `${path}.id`, message: `${JSON.stringify(spec.id)} names two rules` })
  seen.add(spec.id)
  if (spec.id.includes("/"))
    issues.push({
      path: `${path}.id`,
      message: "must not contain '/' (it separates the parts of a firing's id)",
    })
  const w = spec.when
  whenIssues(w.ticket, `${path}.when.ticket`, vocabulary, issues)
  const predicate = predicateIn(w.ticket, `${path}.when.ticket`)
  if (predicate !== undefined)
    issues.push({ path: predicate, message: "an automation rule's condition cannot use predicates" })
  for (let k = 0; k < spec.actions.length; k++)
    actionIssues(spec.actions[k]!, `${path}.actions[${k}]`, vocabulary, issues)
  return {
    id: spec.id,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    when: {
      ...(w.ticket === undefined ? {} : { ticket: w.ticket }),
      ...(w.inStatus === undefined
        ? {}
        : { inStatus: elapsedOf(w.inStatus, `${path}.when.inStatus`, issues) }),
      ...(w.noReply === undefined
        ? {}
        : {
            noReply: {
              ...elapsedOf(w.noReply, `${path}.when.noReply`, issues),
              from: w.noReply.from ?? "agent",
            },
          }),
      ...(w.sla === undefined ? {} : { sla: w.sla }),
      ...(w.followUp === undefined
        ? {}
        : { followUp: { kind: w.followUp.kind, state: w.followUp.state ?? "overdue" } }),
    },
    actions: spec.actions,
  }
}

const isCategory = (name: string): name is TicketStatus =>
  (ticketStatuses as ReadonlyArray<string>).includes(name)

const actionIssues = (
  action: Action,
  path: string,
  vocabulary: Vocabulary,
  issues: Array<ValidationIssue>,
): void => {
  switch (action.do) {
    case "setPriority":
      if (!vocabulary.isPriority(action.priority))
        issues.push({
          path: `${path}.priority`,
          message: `expected a priority of the desk (${vocabulary.priorities.join(", ")}), received ${JSON.stringify(action.priority)}`,
        })
      return
    case "assign":
      if (action.agent === undefined && action.group === undefined)
        issues.push({ path, message: "must name an agent, a group or both" })
      return
    case "setStatus":
      if (!isCategory(action.status) && vocabulary.categoryOf(action.status) === undefined)
        issues.push({
          path: `${path}.status`,
          message: `expected a status category (${ticketStatuses.join(", ")}) or ${undeclared("custom status", Object.keys(vocabulary.statuses))}, received ${JSON.stringify(action.status)}`,
        })
      else if (action.status === "new")
        issues.push({ path: `${path}.status`, message: 'a ticket cannot be set back to "new"' })
      return
    case "setField":
    case "clearField": {
      const type = vocabulary.fieldType(action.field)
      if (
        type === undefined &&
        vocabulary !== builtinVocabulary &&
        Object.keys(vocabulary.fields).length > 0
      ) {
        issues.push({
          path: `${path}.field`,
          message: `${undeclared("field", Object.keys(vocabulary.fields))}, received ${JSON.stringify(action.field)}`,
        })
        return
      }
      if (action.do === "setField") {
        const problem = fieldValueProblem(action.value, type)
        if (problem !== undefined) issues.push({ path: `${path}.value`, message: problem })
      }
      return
    }
    default:
      return
  }
}

/**
 * Makes a checked rule list. Throws {@link InvalidAutomation} naming every bad field.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * const set = Automation.rules([
 *   { id: "close-solved", when: { ticket: { status: ["solved"] }, inStatus: { atLeast: "P4D", hours: "calendar" } },
 *     actions: [{ do: "setStatus", status: "closed" }] },
 * ])
 * set.rules[0]?.id // => "close-solved"
 * ```
 * @since 0.2.0
 * @category Rules
 */
export const rules = (specs: ReadonlyArray<RuleSpec>, options?: RulesOptions): RuleSet => {
  const decoded = decodeRules(specs, options)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}

/**
 * Whether `value` is a rule list made with {@link rules} or {@link decodeRules}.
 *
 * @example
 * ```ts
 * import { Automation } from "servicekit"
 * Automation.isRuleSet(Automation.rules([])) // => true
 * Automation.isRuleSet({ rules: [] }) // => false
 * ```
 * @since 0.2.0
 * @category Rules
 */
export const isRuleSet = (value: unknown): value is RuleSet =>
  typeof value === "object" && value !== null && made.has(value as RuleSet)
