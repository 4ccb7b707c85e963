import { describe } from "../internal/describe.js"
import {
  type OpenedTicket,
  type TicketEvent,
  type TicketEventType,
  type TicketStatus,
  ticketStatuses,
} from "../ticket/index.js"
import { InvalidClock } from "./errors.js"

const eventTypeList = [
  "TicketOpened",
  "CustomerMessaged",
  "AgentReplied",
  "NoteAdded",
  "StatusChanged",
  "PriorityChanged",
  "TicketAssigned",
  "PromiseMade",
  "PromiseKept",
  "CustomerChased",
  "SurveyAnswered",
  "TicketMerged",
  "FollowUpSent",
  "TagsAdded",
  "TagsRemoved",
  "FieldSet",
  "FieldCleared",
  "RequesterChanged",
] as const satisfies ReadonlyArray<TicketEventType>
// Compile-time: the list names every event type.
const complete: [Exclude<TicketEventType, (typeof eventTypeList)[number]>] extends [never] ? true : false =
  true
const eventTypes: ReadonlySet<unknown> = new Set(complete ? eventTypeList : [])

/**
 * A condition on one event, seen with the ticket as it was before and as it is after the event.
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
}

/**
 * Defines an SLA clock (checks the definition's shape and returns it).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const onHoldTime = Sla.clock({
 *   metric: "onHoldTime",
 *   start: Sla.on("StatusChanged", (e) => e.type === "StatusChanged" && e.status === "onHold"),
 *   stop: Sla.on("StatusChanged", (e) => e.type === "StatusChanged" && e.status !== "onHold"),
 *   cycles: "repeating",
 * })
 * onHoldTime.metric // => "onHoldTime"
 * ```
 * @since 0.1.0
 * @category Clocks
 */
export const clock = (definition: ClockDefinition): ClockDefinition => {
  const problem = clockProblem(definition)
  if (problem !== undefined) throw new InvalidClock({ field: `clock${problem[0]}`, reason: problem[1] })
  return definition
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
  if (d.pauseWhile !== undefined && typeof d.pauseWhile !== "function")
    return [".pauseWhile", `must be a function when given, received ${describe(d.pauseWhile)}`]
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

const never: EventCondition = () => false
const pending = statusIn("pending")

/**
 * The seven built-in metrics (Zendesk's semantics), each an ordinary {@link ClockDefinition}:
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
export const builtinClocks: ReadonlyArray<ClockDefinition> = [
  {
    metric: "firstReply",
    start: on("TicketOpened", (e) => e.type === "TicketOpened" && e.openedBy !== "agent"),
    stop: on("AgentReplied"),
    cycles: "single",
  },
  {
    metric: "nextReply",
    // After the first reply (an agent-opened ticket has none to wait for): the first message
    // of a round starts the clock, later ones in the same round leave it running.
    start: on("CustomerMessaged", (_, before) => before.publicReplyCount > 0 || before.openedBy === "agent"),
    stop: on("AgentReplied"),
    cycles: "repeating",
  },
  { metric: "periodicUpdate", start: on("AgentReplied"), stop: on("AgentReplied"), cycles: "repeating" },
  {
    metric: "pausableUpdate",
    start: on("AgentReplied"),
    stop: on("AgentReplied"),
    pauseWhile: pending,
    cycles: "repeating",
  },
  {
    metric: "requesterWait",
    start: on("TicketOpened"),
    stop: never,
    pauseWhile: pending,
    cycles: "single",
    resumeOnReopen: true,
  },
  {
    metric: "agentWork",
    start: on("TicketOpened"),
    stop: never,
    pauseWhile: statusIn("pending", "onHold"),
    cycles: "single",
    resumeOnReopen: true,
  },
  { metric: "resolution", start: on("TicketOpened"), stop: never, cycles: "single", resumeOnReopen: true },
]

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
