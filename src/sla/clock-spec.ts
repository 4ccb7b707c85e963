// Clock definitions as data: start / stop / pause / cancel / reset conditions over events and the
// ticket's state, so that an admin screen can store a custom clock as JSON. The built-in metrics
// are defined in this same form. Each spec compiles once into an ordinary `ClockDefinition`.
import * as Result from "effect/Result"
import * as z from "zod/mini"
import { describe } from "../internal/describe.js"
import { messageFor, toValidationIssues, type ValidationIssue } from "../internal/issues.js"
import { builtinVocabulary, type TicketEventType, Vocabulary } from "../ticket/index.js"
import type { ClockDefinition, EventCondition } from "./clock.js"
import { InvalidClock } from "./errors.js"
import { eventTypeList, typeBit } from "./event-types.js"
import { MAX_WHEN_DEPTH, tooDeep, type When, WhenSchema } from "./when.js"
import { predicateIn, whenIssues } from "./when-check.js"
import { changesOn } from "./when-deps.js"
import { matcherOf } from "./when-match.js"

/**
 * An event condition as data: an event of type `on` (one type or a list), after which the ticket
 * matches `when`, and before which it matched `before` (both optional).
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const toVendor: Sla.Trigger = { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } }
 * const firstContact: Sla.Trigger = { on: "CustomerMessaged", before: { counts: { customerMessages: { equals: 0 } } } }
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export interface Trigger {
  readonly on: TicketEventType | ReadonlyArray<TicketEventType>
  /** A condition on the ticket after the event. */
  readonly when?: When | undefined
  /** A condition on the ticket before the event. */
  readonly before?: When | undefined
}

/**
 * One trigger, or a list of them (any one fires).
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const anyReply: Sla.Triggers = [{ on: "AgentReplied" }, { on: "StatusChanged", when: { status: ["solved"] } }]
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export type Triggers = Trigger | ReadonlyArray<Trigger>

/**
 * A clock definition as data (JSON), like Jira Service Management's start / pause / stop
 * conditions and ServiceNow's cancel and reset conditions. {@link decodeClock} (or `Sla.clock`)
 * compiles it into a {@link ClockDefinition}; every built-in metric is one of these
 * ({@link builtinClockSpecs}).
 *
 * - `start`: starts a cycle when none is active (never on a solved, closed or merged ticket).
 * - `stop`: stops the active cycle (achieved or breached). Solving or closing stops every clock.
 * - `pauseWhile`: while the ticket matches it, the running cycle accrues nothing.
 * - `cancel`: the active cycle stops counting and is reported `cancelled`.
 * - `reset`: the active cycle is reported `cancelled` and a new one starts at the reset event.
 * - `cycles`, `resumeOnReopen`: as in {@link ClockDefinition}.
 *
 * Conditions here may not use `predicate` (a clock is folded without the predicates `evaluate`
 * gets); a test that needs code belongs in the function form.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const vendorWait: Sla.ClockSpec = {
 *   metric: "vendorWait",
 *   start: { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } },
 *   stop: { on: "StatusChanged", when: { not: { customStatus: ["awaitingVendor"] } } },
 *   cancel: { on: "TagsAdded", when: { tags: { any: ["vendor-not-needed"] } } },
 *   cycles: "repeating",
 * }
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export interface ClockSpec {
  readonly metric: string
  readonly start: Triggers
  readonly stop?: Triggers | undefined
  readonly pauseWhile?: When | undefined
  readonly cancel?: Triggers | undefined
  readonly reset?: Triggers | undefined
  readonly cycles: "single" | "repeating"
  readonly resumeOnReopen?: boolean | undefined
}

const TriggerSchema = z.strictObject({
  on: z.union([z.enum(eventTypeList), z.array(z.enum(eventTypeList)).check(z.minLength(1))], {
    error: (issue) =>
      `must be a ticket event type (${eventTypeList.join(", ")}) or a non-empty list of them, received ${describe(issue.input)}`,
  }),
  when: z.optional(WhenSchema),
  before: z.optional(WhenSchema),
})
const TriggerListSchema = z.array(TriggerSchema).check(z.minLength(1))
const TriggersSchema = z.union([TriggerSchema, TriggerListSchema])

/**
 * The zod schema of a {@link ClockSpec}: its structure and unknown keys (the names its
 * conditions use are checked against the desk vocabulary by {@link decodeClock}).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.ClockSpecSchema.safeParse({ metric: "x", start: { on: "AgentReplied" }, cycles: "single" }).success // => true
 * Sla.ClockSpecSchema.safeParse({ metric: "x", start: { on: "Replied" }, cycles: "single" }).success // => false
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export const ClockSpecSchema: z.ZodMiniType<ClockSpec, unknown> = z.strictObject({
  metric: z.string().check(z.minLength(1)),
  start: TriggersSchema,
  stop: z.optional(TriggersSchema),
  pauseWhile: z.optional(WhenSchema),
  cancel: z.optional(TriggersSchema),
  reset: z.optional(TriggersSchema),
  cycles: z.enum(["single", "repeating"]),
  resumeOnReopen: z.optional(z.boolean()),
}) as unknown as z.ZodMiniType<ClockSpec, unknown>

const replied = { on: "AgentReplied" } as const satisfies Trigger
const opened = { on: "TicketOpened" } as const satisfies Trigger

/**
 * The seven built-in metrics in their data form: what `Sla.builtinClocks` is compiled from, and
 * a starting point for a desk's own clocks.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.builtinClockSpecs.find((c) => c.metric === "agentWork")?.pauseWhile // => { status: ["pending", "onHold"] }
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export const builtinClockSpecs: ReadonlyArray<ClockSpec> = [
  {
    metric: "firstReply",
    start: { on: "TicketOpened", when: { openedBy: ["customer"] } },
    stop: replied,
    cycles: "single",
  },
  {
    metric: "nextReply",
    // After the first reply (an agent-opened ticket has none to wait for): the first message
    // of a round starts the clock, later ones in the same round leave it running.
    start: {
      on: "CustomerMessaged",
      before: { any: [{ counts: { publicReplies: { gte: 1 } } }, { openedBy: ["agent"] }] },
    },
    stop: replied,
    cycles: "repeating",
  },
  { metric: "periodicUpdate", start: replied, stop: replied, cycles: "repeating" },
  {
    metric: "pausableUpdate",
    start: replied,
    stop: replied,
    pauseWhile: { status: ["pending"] },
    cycles: "repeating",
  },
  {
    metric: "requesterWait",
    start: opened,
    pauseWhile: { status: ["pending"] },
    cycles: "single",
    resumeOnReopen: true,
  },
  {
    metric: "agentWork",
    start: opened,
    pauseWhile: { status: ["pending", "onHold"] },
    cycles: "single",
    resumeOnReopen: true,
  },
  { metric: "resolution", start: opened, cycles: "single", resumeOnReopen: true },
]

const never: EventCondition = () => false

/**
 * The event types each part of a compiled definition reacts to, as bit masks over
 * {@link typeBit}: the fold skips a trigger whose mask lacks the event's bit.
 */
export interface TriggerMasks {
  /** Start and reset triggers. */
  readonly start: number
  /** Stop, cancel and reset triggers. */
  readonly stop: number
  /** The events after which the pause condition may answer differently (see `changesOn`). */
  readonly pause: number
}

/** Definitions compiled from data, with their trigger masks (function-form ones have none). */
export const triggerMasks = new WeakMap<ClockDefinition, TriggerMasks>()

export { typeBit }

const maskOf = (types: ReadonlyArray<string>): number => types.reduce((m, t) => m | typeBit(t), 0)

const listOf = (t: Triggers | undefined): ReadonlyArray<Trigger> =>
  t === undefined ? [] : Array.isArray(t) ? t : [t as Trigger]

const typesOf = (t: Triggers | undefined): ReadonlyArray<string> =>
  listOf(t).flatMap((x) => (typeof x.on === "string" ? [x.on] : x.on))

// Clock conditions never name predicates (decodeClock refuses them), so matchers get the ticket alone.
const compileTrigger = (t: Trigger): EventCondition => {
  const after = t.when === undefined ? undefined : matcherOf(t.when)
  const before = t.before === undefined ? undefined : matcherOf(t.before)
  if (typeof t.on === "string") {
    const type = t.on
    if (before === undefined)
      return after === undefined ? (e) => e.type === type : (e, _, a) => e.type === type && after(a)
    if (after === undefined) return (e, b) => e.type === type && before(b)
    return (e, b, a) => e.type === type && after(a) && before(b)
  }
  const types = new Set<string>(t.on)
  return (e, b, a) =>
    types.has(e.type) && (after === undefined || after(a)) && (before === undefined || before(b))
}

const compileTriggers = (t: Triggers | undefined): EventCondition | undefined => {
  const list = listOf(t).map(compileTrigger)
  if (list.length === 0) return undefined
  if (list.length === 1) return list[0]
  return (e, b, a) => list.some((c) => c(e, b, a))
}

/** A definition from a spec already validated (the built-ins, or `decodeClock`'s output). */
export const compileClock = (spec: ClockSpec): ClockDefinition => {
  const pause = spec.pauseWhile === undefined ? undefined : matcherOf(spec.pauseWhile)
  const definition: ClockDefinition = {
    metric: spec.metric,
    start: compileTriggers(spec.start) ?? never,
    stop: compileTriggers(spec.stop) ?? never,
    pauseWhile: pause,
    cycles: spec.cycles,
    resumeOnReopen: spec.resumeOnReopen === true,
    cancel: compileTriggers(spec.cancel),
    reset: compileTriggers(spec.reset),
    spec,
  }
  triggerMasks.set(definition, {
    start: maskOf([...typesOf(spec.start), ...typesOf(spec.reset)]),
    stop: maskOf([...typesOf(spec.stop), ...typesOf(spec.cancel), ...typesOf(spec.reset)]),
    pause: spec.pauseWhile === undefined ? 0 : changesOn(spec.pauseWhile),
  })
  return definition
}

/** Every condition of a spec with its path (`start[1].when`, `pauseWhile` …). */
const conditionsOf = (spec: ClockSpec): Array<[When, string]> => {
  const out: Array<[When, string]> = []
  for (const key of ["start", "stop", "cancel", "reset"] as const) {
    const value = spec[key]
    const many = Array.isArray(value)
    listOf(value).forEach((t, i) => {
      const at = many ? `${key}[${i}]` : key
      if (t.when !== undefined) out.push([t.when, `${at}.when`])
      if (t.before !== undefined) out.push([t.before, `${at}.before`])
    })
  }
  if (spec.pauseWhile !== undefined) out.push([spec.pauseWhile, "pauseWhile"])
  return out
}

/**
 * Options for {@link decodeClock}.
 *
 * @example
 * ```ts
 * import { Sla, Ticket } from "servicekit"
 * const options: Sla.ClockOptions = { vocabulary: Ticket.vocabulary({ statuses: { awaitingVendor: "onHold" } }) }
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export interface ClockOptions {
  /** The desk's vocabulary (default: the built-in words), which the conditions' names must be in. */
  readonly vocabulary?: Vocabulary | undefined
}

const refuse = (path: string, message: string): Result.Result<ClockDefinition, InvalidClock> =>
  Result.fail(new InvalidClock({ field: path === "" ? "clock" : `clock.${path}`, reason: message }))

/**
 * Checks a clock definition in its data form (parsed JSON) and compiles it, without throwing. The
 * failure names the first bad field (`clock.start.when.customStatus[0]`, `clock.cycles` …),
 * including names the desk vocabulary does not have.
 *
 * @example
 * ```ts
 * import { Sla, Ticket } from "servicekit"
 * import * as Result from "effect/Result"
 * const desk = Ticket.vocabulary({ statuses: { awaitingVendor: "onHold" } })
 * const vendorWait = Sla.decodeClock({
 *   metric: "vendorWait",
 *   start: { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } },
 *   stop: { on: "StatusChanged", when: { not: { customStatus: ["awaitingVendor"] } } },
 *   cycles: "repeating",
 * }, { vocabulary: desk })
 * Result.isSuccess(vendorWait) // => true
 * const typo = Sla.decodeClock({ metric: "x", start: { on: "StatusChanged", when: { customStatus: ["awaitingVendr"] } }, cycles: "single" }, { vocabulary: desk })
 * Result.isFailure(typo) && typo.failure.field // => "clock.start.when.customStatus[0]"
 * ```
 * @since 0.2.0
 * @category Clocks
 */
export const decodeClock = (
  input: unknown,
  options: ClockOptions = {},
): Result.Result<ClockDefinition, InvalidClock> => {
  if (typeof options !== "object" || options === null)
    return Result.fail(
      new InvalidClock({
        field: "options",
        reason: `must be { vocabulary? }, received ${describe(options)}`,
      }),
    )
  const vocabulary = options.vocabulary ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    return Result.fail(
      new InvalidClock({
        field: "options.vocabulary",
        reason: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
      }),
    )
  if (typeof input === "object" && input !== null)
    for (const key of ["pauseWhile", "start", "stop", "cancel", "reset"]) {
      const value = (input as Record<string, unknown>)[key]
      for (const [i, t] of (Array.isArray(value) ? value : [value]).entries()) {
        const at = Array.isArray(value) ? `${key}[${i}]` : key
        const deep =
          key === "pauseWhile"
            ? tooDeep(value, key)
            : typeof t === "object" && t !== null
              ? (tooDeep((t as Trigger).when, `${at}.when`) ?? tooDeep((t as Trigger).before, `${at}.before`))
              : undefined
        if (deep !== undefined) return refuse(deep, `conditions nest deeper than ${MAX_WHEN_DEPTH} levels`)
        if (key === "pauseWhile") break
      }
    }
  // A union reports only "Invalid input" at its root: each trigger is parsed on its own first, as
  // one trigger or a list, so that a bad field inside one is named by its path.
  if (typeof input === "object" && input !== null)
    for (const key of ["start", "stop", "cancel", "reset"]) {
      const value = (input as Record<string, unknown>)[key]
      if (value === undefined) continue
      const schema = Array.isArray(value) ? TriggerListSchema : TriggerSchema
      const triggers = schema.safeParse(value, { error: messageFor, jitless: true })
      if (!triggers.success) {
        const first = toValidationIssues(triggers.error.issues)[0]!
        const at =
          first.path === ""
            ? key
            : first.path.startsWith("[")
              ? `${key}${first.path}`
              : `${key}.${first.path}`
        return refuse(at, first.message)
      }
    }
  const parsed = ClockSpecSchema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success) {
    const first = toValidationIssues(parsed.error.issues)[0]!
    return refuse(first.path, first.message)
  }
  const spec = parsed.data
  const issues: Array<ValidationIssue> = []
  for (const [when, path] of conditionsOf(spec)) {
    const predicate = predicateIn(when, path)
    if (predicate !== undefined)
      issues.push({
        path: predicate,
        message: "a clock's conditions cannot use predicates (use the function form of Sla.clock)",
      })
    whenIssues(when, path, vocabulary, issues)
  }
  if (issues.length > 0) return refuse(issues[0]!.path, issues[0]!.message)
  return Result.succeed(compileClock(spec))
}
