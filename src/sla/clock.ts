import * as Result from "effect/Result"
import { describe } from "../internal/describe.js"
import {
  type OpenedTicket,
  type TicketEvent,
  type TicketEventType,
  type TicketStatus,
  ticketStatuses,
} from "../ticket/index.js"
import {
  builtinClockSpecs,
  type ClockOptions,
  type ClockSpec,
  compileClock,
  decodeClock,
} from "./clock-spec.js"
import { InvalidClock } from "./errors.js"
import { eventTypes } from "./event-types.js"

/**
 * A condition on one event, seen with the ticket as it was before and as it is after the event.
 * Read what it needs during the call and keep no reference to the tickets: `Sla.evaluate` folds in
 * place and reuses their objects for later events.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const customerWrote: Sla.EventCondition = (event) => event.type === "CustomerMessaged"
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export type EventCondition = (event: TicketEvent, before: OpenedTicket, after: OpenedTicket) => boolean

/**
 * A condition on the ticket's state (after an event), e.g. "while pending".
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const waitingOnCustomer: Sla.StateCondition = (ticket) => ticket.status === "pending"
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export type StateCondition = (ticket: OpenedTicket) => boolean

/**
 * How an SLA clock behaves, as conditions over events and ticket state (the Jira-style
 * definition). Every built-in metric is one of these; integrators add their own.
 *
 * - `start`: an event that starts a cycle when none is active (never on a solved or closed ticket).
 * - `stop`: an event that stops the active cycle. Solving or closing the ticket stops every
 *   clock anyway.
 * - `pauseWhile`: the running cycle accrues nothing while the ticket is in such a state.
 * - `cycles`: `"single"` clocks run once per ticket; `"repeating"` clocks start a new cycle on
 *   each start event after the previous one stopped (the same event may stop one cycle and
 *   start the next, as a reply does for periodic updates).
 * - `resumeOnReopen`: when a solved ticket is reopened, the cycle that solving stopped resumes
 *   (cumulative clocks such as resolution); otherwise the clock waits for its own start event.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * // Time from a customer chase ("any news?") to the next public agent reply.
 * const chaseResponse = Sla.clock({
 *   metric: "chaseResponse",
 *   start: Sla.on("CustomerChased"),
 *   stop: Sla.on("AgentReplied"),
 *   cycles: "repeating",
 * })
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export interface ClockDefinition {
  /** The metric's name, as used in policy targets. */
  readonly metric: string
  /** Starts a cycle when no cycle is active. */
  readonly start: EventCondition
  /** Stops the active cycle. */
  readonly stop: EventCondition
  /** While true, the running cycle accrues nothing. */
  readonly pauseWhile?: StateCondition | undefined
  /** One cycle per ticket, or a new one on each start event. */
  readonly cycles: "single" | "repeating"
  /** Whether a reopen resumes the cycle that solving stopped. */
  readonly resumeOnReopen?: boolean | undefined
  /**
   * Cancels the active cycle: it stops counting and is reported `cancelled`, neither achieved nor
   * breached (ServiceNow's cancel condition). A repeating clock may start again on its start event.
   */
  readonly cancel?: EventCondition | undefined
  /**
   * Resets the active cycle: it is reported `cancelled` and a new cycle starts at the reset event
   * (ServiceNow's reset condition), single clocks included.
   */
  readonly reset?: EventCondition | undefined
  /** The data form this definition was made from (see `Sla.ClockSpec`), when it was made from one. */
  readonly spec?: ClockSpec | undefined
}

/**
 * Defines an SLA clock: from its data form (a {@link ClockSpec}, which can be stored as JSON;
 * compiled as {@link decodeClock} does, names checked against `options.vocabulary`), or with
 * functions as the escape hatch (the shape is checked and the definition returned). Throws
 * {@link InvalidClock} naming the bad field.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const onHoldTime = Sla.clock({
 *   metric: "onHoldTime",
 *   start: { on: "StatusChanged", when: { status: ["onHold"] } },
 *   stop: { on: "StatusChanged", when: { not: { status: ["onHold"] } } },
 *   cycles: "repeating",
 * })
 * onHoldTime.metric // => "onHoldTime"
 * const chaseResponse = Sla.clock({
 *   metric: "chaseResponse",
 *   start: Sla.on("CustomerChased"),
 *   stop: (event) => event.type === "AgentReplied",
 *   cycles: "repeating",
 * })
 * chaseResponse.spec // => undefined
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const clock = (definition: ClockDefinition | ClockSpec, options?: ClockOptions): ClockDefinition => {
  const d = definition as { start?: unknown } | null
  if (typeof d === "object" && d !== null && typeof d.start !== "function") {
    const decoded = decodeClock(definition, options)
    if (Result.isFailure(decoded)) throw decoded.failure
    return decoded.success
  }
  const problem = clockProblem(definition)
  if (problem !== undefined) throw new InvalidClock({ field: `clock${problem[0]}`, reason: problem[1] })
  return definition as ClockDefinition
}

/** What is wrong with a clock definition, as [path below it, reason]; undefined when nothing. */
export const clockProblem = (definition: unknown): readonly [string, string] | undefined => {
  if (typeof definition !== "object" || definition === null)
    return ["", `must be { metric, start, stop, cycles }, received ${describe(definition)}`]
  const d = definition as Record<string, unknown>
  if (typeof d.metric !== "string" || d.metric === "")
    return [".metric", `must be a non-empty string, received ${describe(d.metric)}`]
  for (const key of ["start", "stop"] as const)
    if (typeof d[key] !== "function") return [`.${key}`, `must be a function, received ${describe(d[key])}`]
  for (const key of ["pauseWhile", "cancel", "reset"] as const)
    if (d[key] !== undefined && typeof d[key] !== "function")
      return [`.${key}`, `must be a function when given, received ${describe(d[key])}`]
  if (d.cycles !== "single" && d.cycles !== "repeating")
    return [".cycles", `must be "single" or "repeating", received ${describe(d.cycles)}`]
  if (d.resumeOnReopen !== undefined && typeof d.resumeOnReopen !== "boolean")
    return [".resumeOnReopen", `must be a boolean when given, received ${describe(d.resumeOnReopen)}`]
  return undefined
}

/**
 * An event condition: events of type `type`, optionally narrowed by `and`.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const publicReply = Sla.on("AgentReplied")
 * const toPending = Sla.on("StatusChanged", (e) => e.type === "StatusChanged" && e.status === "pending")
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const on = (type: TicketEventType, and?: EventCondition): EventCondition => {
  if (!eventTypes.has(type))
    throw new InvalidClock({ field: "type", reason: `${describe(type)} is not a ticket event type` })
  if (and !== undefined && typeof and !== "function")
    throw new InvalidClock({
      field: "and",
      reason: `must be a function when given, received ${describe(and)}`,
    })
  return (event, before, after) => event.type === type && (and === undefined || and(event, before, after))
}

/**
 * A state condition: the ticket's status is one of `statuses`.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const waiting = Sla.statusIn("pending", "onHold")
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const statusIn = (...statuses: ReadonlyArray<TicketStatus>): StateCondition => {
  for (let i = 0; i < statuses.length; i++)
    if (!ticketStatuses.includes(statuses[i]!))
      throw new InvalidClock({
        field: `statuses[${i}]`,
        reason: `must be one of ${ticketStatuses.join(", ")}, received ${describe(statuses[i])}`,
      })
  const set = new Set(statuses)
  return (ticket) => set.has(ticket.status)
}

/**
 * The seven built-in metrics (Zendesk's semantics), each an ordinary {@link ClockDefinition}
 * made from its data form in {@link builtinClockSpecs}:
 *
 * | metric | starts | stops | pauses | cycles |
 * | --- | --- | --- | --- | --- |
 * | firstReply | opened by the customer | first public agent reply | never | one |
 * | nextReply | oldest unanswered customer message after the first reply | next public reply | never | one per round |
 * | periodicUpdate | a public agent reply | the next public reply | never | one per reply |
 * | pausableUpdate | a public agent reply | the next public reply | while pending | one per reply |
 * | requesterWait | opened | solved | while pending | resumes on reopen |
 * | agentWork | opened | solved | while pending or on hold | resumes on reopen |
 * | resolution | opened | solved | never | resumes on reopen |
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.builtinClocks.map((c) => c.metric)
 * // => ["firstReply", "nextReply", "periodicUpdate", "pausableUpdate", "requesterWait", "agentWork", "resolution"]
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const builtinClocks: ReadonlyArray<ClockDefinition> = builtinClockSpecs.map((spec) =>
  compileClock(spec),
)

/**
 * The names of the built-in metrics.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const metric: Sla.BuiltinMetric = "firstReply"
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export type BuiltinMetric =
  | "firstReply"
  | "nextReply"
  | "periodicUpdate"
  | "pausableUpdate"
  | "requesterWait"
  | "agentWork"
  | "resolution"

/**
 * The built-in metric names, in the order clocks are reported.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.builtinMetrics.includes("resolution") // => true
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const builtinMetrics: ReadonlyArray<BuiltinMetric> = [
  "firstReply",
  "nextReply",
  "periodicUpdate",
  "pausableUpdate",
  "requesterWait",
  "agentWork",
  "resolution",
]
