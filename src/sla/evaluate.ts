// The engine's unchecked arithmetic: every instant here comes from checked events and `now`.
import { add as addOpen, nextOpening, between as openBetween } from "../calendar/engine.js"
import * as Calendar from "../calendar/index.js"
import { describe } from "../internal/describe.js"
import { epochMsOf, instantProblem } from "../internal/instant.js"
import { eventProblem, otherTicketProblem } from "../ticket/check.js"
import { builtinVocabulary, type OpenedTicket, type TicketEvent, Vocabulary } from "../ticket/index.js"
import { type AgreementsOptions, type AgreementsStatus, planOf } from "./agreements.js"
import type { ClockDefinition } from "./clock.js"
import { InvalidEvaluation } from "./errors.js"
import {
  advanceInPlace,
  type CycleState,
  checkState,
  foldFresh,
  freshCombined,
  type SlaState,
} from "./fold.js"
import { isPolicy, type Policy, type Target } from "./policy.js"
import type { ClockStatus, EvaluateOptions, SlaStatus, Warning } from "./status.js"
import { holds, type Predicates } from "./when.js"

/**
 * Evaluates a ticket's SLA clocks at `now` from its event history: folds the events (in the
 * order given; those after `now` are ignored) with {@link step}, then {@link evaluateState}.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const status = Sla.evaluate(
 *   [
 *     { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T07:00:00Z"),
 *       channel: "email", priority: "normal", requester: { id: "c-1" } },
 *     { type: "AgentReplied", ticketId: "T-1", at: new Date("2025-06-05T07:30:00Z"), agentId: "a-1" },
 *   ],
 *   {
 *     policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })],
 *     calendar: Calendar.always,
 *     now: new Date("2025-06-05T10:00:00Z"),
 *   },
 * )
 * status.clocks[0]?.status // => "achieved"
 * status.clocks[0]?.elapsedMs // => 1_800_000
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export const evaluate: {
  (events: Iterable<TicketEvent>, options: EvaluateOptions): SlaStatus
  (events: Iterable<TicketEvent>, options: AgreementsOptions): AgreementsStatus
} = ((events: Iterable<TicketEvent>, options: EvaluateOptions | AgreementsOptions) =>
  typeof options === "object" && options !== null && "agreements" in options
    ? evaluateAgreements(events, options)
    : evaluateOne(events, options as EvaluateOptions)) as never

const evaluateOne = (events: Iterable<TicketEvent>, options: EvaluateOptions): SlaStatus => {
  const now = checkedNow(options)
  checkIterable(events)
  const vocabulary = vocabularyOf(options.vocabulary)
  const state = foldFresh(events, options.clocks, accepting(vocabulary, now))
  return statusOf(state, options, now)
}

/**
 * The check of each event of one evaluated history: refuses a malformed event or another ticket's
 * (InvalidEvaluation naming `events[i]…`), and accepts the events up to `now`.
 */
const accepting = (vocabulary: Vocabulary, now: number) => {
  let ticketId: string | undefined
  return (event: TicketEvent, i: number): boolean => {
    const problem =
      eventProblem(event, vocabulary) ?? otherTicketProblem(event.ticketId, ticketId, "evaluate")
    if (problem !== undefined)
      throw new InvalidEvaluation({ field: `events[${i}]${problem[0]}`, reason: problem[1] })
    ticketId ??= event.ticketId
    return event.at.getTime() <= now
  }
}

const vocabularyOf = (vocabulary: unknown): Vocabulary => {
  if (vocabulary === undefined) return builtinVocabulary
  if (vocabulary instanceof Vocabulary) return vocabulary
  throw new InvalidEvaluation({
    field: "vocabulary",
    reason: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
  })
}

const nowOf = (now: unknown): number => {
  const problem = instantProblem(now as Date)
  if (problem !== undefined) throw new InvalidEvaluation({ field: "now", reason: problem })
  return epochMsOf(now as Date)
}

const checkPredicates = (predicates: unknown): void => {
  if (predicates !== undefined && (typeof predicates !== "object" || predicates === null))
    throw new InvalidEvaluation({
      field: "predicates",
      reason: `must be an object of named tests, received ${describe(predicates)}`,
    })
}

/**
 * Several agreements in one fold (their clock lists concatenated), then each agreement's status
 * over its own slice. O(events × clocks of all agreements), like one agreement with that many clocks.
 */
const evaluateAgreements = (events: Iterable<TicketEvent>, options: AgreementsOptions): AgreementsStatus => {
  for (const key of ["policies", "calendar", "clocks"])
    if ((options as unknown as Record<string, unknown>)[key] !== undefined)
      throw new InvalidEvaluation({
        field: key,
        reason: "belongs to each agreement: give either agreements, or policies and calendar, not both",
      })
  const now = nowOf(options.now)
  checkPredicates(options.predicates)
  const vocabulary = vocabularyOf(options.vocabulary)
  const plan = planOf(options.agreements, vocabulary)
  checkIterable(events)
  const state = freshCombined(plan.combined)
  const held = plan.holds.map((h) => h === undefined)
  const accept = accepting(vocabulary, now)
  let i = 0
  for (const event of events) {
    if (!accept(event, i++)) continue
    advanceInPlace(state, event)
    const ticket = state.ticket
    if (ticket.exists)
      for (let k = 0; k < held.length; k++) if (!held[k] && plan.holds[k]!(ticket)) held[k] = true
  }
  const ticket = state.ticket
  let next = Number.POSITIVE_INFINITY
  const statuses = plan.names.map((name, k): [string, SlaStatus] => {
    const a = plan.agreements[k]!
    const status =
      !ticket.exists || !held[k]
        ? noPolicy
        : statusIn(
            ticket,
            plan.clocks[k]!,
            state.cycles,
            plan.offsets[k]!,
            a.policies,
            a.calendar,
            options.predicates,
            now,
          )
    if (status.nextChangeAt !== undefined && status.nextChangeAt.getTime() < next)
      next = status.nextChangeAt.getTime()
    return [name, status]
  })
  return {
    agreements: Object.fromEntries(statuses),
    nextChangeAt: next === Number.POSITIVE_INFINITY ? undefined : new Date(next),
  }
}

const checkIterable = (events: unknown): void => {
  if (typeof (events as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function")
    throw new InvalidEvaluation({
      field: "events",
      reason: `must be a list of ticket events, received ${describe(events)}`,
    })
}

const checkedNow = (options: EvaluateOptions): number => {
  if (typeof options !== "object" || options === null)
    throw new InvalidEvaluation({ field: "options", reason: "must be { policies, calendar, now }" })
  const now = nowOf(options.now)
  if (!(options.calendar instanceof Calendar.Calendar) && typeof options.calendar !== "function")
    throw new InvalidEvaluation({
      field: "calendar",
      reason: `must be a calendar made with Calendar.make, or a function choosing one per ticket, received ${describe(options.calendar)}`,
    })
  checkPredicates(options.predicates)
  if (!Array.isArray(options.policies))
    throw new InvalidEvaluation({
      field: "policies",
      reason: "must be a list of policies made with Sla.policy",
    })
  for (let i = 0; i < options.policies.length; i++)
    if (!isPolicy(options.policies[i]))
      throw new InvalidEvaluation({
        field: `policies[${i}]`,
        reason: "is not a policy made with Sla.policy or Sla.decodePolicy",
      })
  return now
}

/**
 * Evaluates a running SLA state (see {@link step}) at `now`. The state must hold no event after
 * `now`. Use it when a store keeps the SLA state beside the events.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const state = Sla.step(Sla.initial(), {
 *   type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T07:00:00Z"),
 *   channel: "email", priority: "normal", requester: { id: "c-1" },
 * })
 * const status = Sla.evaluateState(state, {
 *   policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })],
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-05T07:45:00Z"),
 * })
 * status.clocks[0]?.dueAt // => new Date("2025-06-05T08:00:00Z")
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export const evaluateState = (state: SlaState, options: EvaluateOptions): SlaStatus => {
  const now = checkedNow(options)
  checkState(state)
  if (options.clocks !== undefined && options.clocks !== state.definitions)
    throw new InvalidEvaluation({
      field: "clocks",
      reason: "differ from the definitions the state was folded with (Sla.initial(clocks))",
    })
  return statusOf(state, options, now)
}

/** Policies whose targets were checked against a list of clock definitions. */
const covered = new WeakMap<Policy, WeakSet<ReadonlyArray<ClockDefinition>>>()

const checkCovered = (policy: Policy, definitions: ReadonlyArray<ClockDefinition>): void => {
  if (covered.get(policy)?.has(definitions)) return
  for (const byMetric of Object.values(policy.targets))
    for (const metric of Object.keys(byMetric ?? {}))
      if (!definitions.some((d) => d.metric === metric))
        throw new InvalidEvaluation({
          field: "clocks",
          reason: `policy ${JSON.stringify(policy.id)} targets ${JSON.stringify(metric)}, which no clock defines`,
        })
  const set = covered.get(policy) ?? new WeakSet()
  set.add(definitions)
  covered.set(policy, set)
}

const statusOf = (state: SlaState, options: EvaluateOptions, now: number): SlaStatus => {
  const ticket = state.ticket
  if (!ticket.exists) return noPolicy
  return statusIn(
    ticket,
    state.definitions,
    state.cycles,
    0,
    options.policies,
    options.calendar,
    options.predicates,
    now,
  )
}

const noPolicy: SlaStatus = Object.freeze({
  policyId: null,
  clocks: Object.freeze([]),
  nextChangeAt: undefined,
})

/**
 * The status of one agreement: its first matching policy's targets over the cycles of its clock
 * definitions `clocks`, which sit at `offset` in `cycles` (0 for a lone agreement).
 */
const statusIn = (
  ticket: OpenedTicket,
  clocks: ReadonlyArray<ClockDefinition>,
  cycles: ReadonlyArray<ReadonlyArray<CycleState>>,
  offset: number,
  policies: ReadonlyArray<Policy>,
  calendarOption: EvaluateOptions["calendar"],
  predicates: Predicates | undefined,
  now: number,
): SlaStatus => {
  let policy: Policy | undefined
  for (const p of policies)
    if (holds(p.when, ticket, predicates)) {
      policy = p
      break
    }
  if (policy === undefined) return { policyId: null, clocks: [], nextChangeAt: undefined }
  checkCovered(policy, clocks)
  const targets = policy.targets[ticket.priority] ?? {}
  const business = typeof calendarOption === "function" ? calendarOption(ticket) : calendarOption
  if (!(business instanceof Calendar.Calendar))
    throw new InvalidEvaluation({
      field: "calendar",
      reason: `the function returned ${describe(business)} for ticket ${describe(ticket.id)}, not a calendar made with Calendar.make`,
    })
  const statuses: Array<ClockStatus> = []
  let next = Number.POSITIVE_INFINITY
  for (let i = 0; i < clocks.length; i++) {
    const metric = clocks[i]!.metric
    const target = Object.hasOwn(targets, metric) ? targets[metric] : undefined
    if (target === undefined) continue
    const calendar = target.hours === "calendar" ? Calendar.always : business
    const list = cycles[offset + i]!
    for (let k = 0; k < list.length; k++) {
      statuses.push(clockAt(metric, list[k]!, target, policy.warnAt, calendar, now))
      if (clockNextChange < next) next = clockNextChange
    }
  }
  return {
    policyId: policy.id,
    clocks: statuses,
    nextChangeAt: next === Number.POSITIVE_INFINITY ? undefined : new Date(next),
  }
}

const noWarnings: ReadonlyArray<Warning> = Object.freeze([])

const unreachedLists = new WeakMap<ReadonlyArray<number>, ReadonlyArray<Warning>>()

/** The warnings of a stopped clock that reached none of `warnAt`: frozen, made once per list. */
const unreached = (warnAt: ReadonlyArray<number>): ReadonlyArray<Warning> => {
  let list = unreachedLists.get(warnAt)
  if (list === undefined) {
    list = Object.freeze(warnAt.map((threshold) => Object.freeze({ threshold, reached: false })))
    unreachedLists.set(warnAt, list)
  }
  return list
}

/** The earliest instant after `now` at which the clock `clockAt` last built changes (no tuple per clock). */
let clockNextChange = Number.POSITIVE_INFINITY

/**
 * One cycle's figures in `calendar`; sets {@link clockNextChange} to the next instant after `now`
 * at which they change. Each status shape is one object literal (no properties added later).
 */
const clockAt = (
  metric: string,
  c: CycleState,
  target: Target,
  warnAt: ReadonlyArray<number>,
  calendar: Calendar.Calendar,
  now: number,
): ClockStatus => {
  const goal = target.ms
  const engine = calendar.engine
  const warningCount = warnAt.length
  // The instants the running total reached the first warning threshold (the common single
  // threshold needs no array), the others, and the target (NaN: not yet).
  let reached0 = Number.NaN
  const reachedMore = warningCount > 1 ? new Array<number>(warningCount).fill(Number.NaN) : undefined
  let targetReachedAt = Number.NaN
  let elapsed = 0
  const segments = c.segments
  const running = c.runningSince !== undefined
  const count = segments.length + (running ? 2 : 0)
  for (let k = 0; k < count; k += 2) {
    const from = k < segments.length ? segments[k]! : (c.runningSince as number)
    const to = k < segments.length ? segments[k + 1]! : now
    const d = openBetween(engine, from, to)
    if (d > 0) {
      if (Number.isNaN(targetReachedAt) && elapsed + d >= goal)
        targetReachedAt = addOpen(engine, from, goal - elapsed)
      if (warningCount > 0 && Number.isNaN(reached0) && elapsed + d >= warnAt[0]! * goal)
        reached0 = addOpen(engine, from, warnAt[0]! * goal - elapsed)
      if (reachedMore !== undefined)
        for (let w = 1; w < warningCount; w++) {
          const threshold = warnAt[w]! * goal
          if (Number.isNaN(reachedMore[w]!) && elapsed + d >= threshold)
            reachedMore[w] = addOpen(engine, from, threshold - elapsed)
        }
    }
    elapsed += d
  }
  const breached = elapsed > goal
  const remaining = goal - elapsed
  let nextChange = Number.POSITIVE_INFINITY
  let warnings = noWarnings
  if (
    warningCount > 0 &&
    !running &&
    Number.isNaN(reached0) &&
    (reachedMore === undefined || reachedMore.every(Number.isNaN))
  )
    // A stopped clock that reached no threshold (most are answered early): one shared, frozen list.
    warnings = unreached(warnAt)
  else if (warningCount > 0) {
    const list: Array<Warning> = []
    for (let w = 0; w < warningCount; w++) {
      const threshold = warnAt[w]!
      const at = w === 0 ? reached0 : reachedMore![w]!
      if (!Number.isNaN(at)) list.push({ threshold, reached: true, at: new Date(at) })
      else if (!running) list.push({ threshold, reached: false })
      else {
        const future = addOpen(engine, now, threshold * goal - elapsed)
        if (future > now && future < nextChange) nextChange = future
        list.push({ threshold, reached: false, at: new Date(future) })
      }
    }
    warnings = list
  }
  const cycle = c.cycle
  const startedAt = new Date(c.startedAt)
  let status: ClockStatus
  if (c.cancelled)
    status = {
      metric,
      cycle,
      status: "cancelled",
      startedAt,
      elapsedMs: elapsed,
      targetMs: goal,
      remainingMs: remaining,
      warnings,
      stoppedAt: new Date(c.stoppedAt as number),
    }
  else if (breached) {
    status =
      c.stoppedAt !== undefined
        ? {
            metric,
            cycle,
            status: "breached",
            startedAt,
            elapsedMs: elapsed,
            targetMs: goal,
            remainingMs: remaining,
            warnings,
            stoppedAt: new Date(c.stoppedAt),
            breachedAt: new Date(targetReachedAt),
          }
        : {
            metric,
            cycle,
            status: "breached",
            startedAt,
            elapsedMs: elapsed,
            targetMs: goal,
            remainingMs: remaining,
            warnings,
            breachedAt: new Date(targetReachedAt),
          }
  } else if (c.stoppedAt !== undefined) {
    status = {
      metric,
      cycle,
      status: "achieved",
      startedAt,
      elapsedMs: elapsed,
      targetMs: goal,
      remainingMs: remaining,
      warnings,
      stoppedAt: new Date(c.stoppedAt),
    }
  } else if (running) {
    const dueAt = addOpen(engine, now, remaining)
    status = {
      metric,
      cycle,
      status: "running",
      startedAt,
      elapsedMs: elapsed,
      targetMs: goal,
      remainingMs: remaining,
      warnings,
      dueAt: new Date(dueAt),
    }
    // Due now: it breaches with the next millisecond of open time.
    const breachAt = dueAt > now ? dueAt : (nextOpening(engine, now + 1) ?? Number.POSITIVE_INFINITY)
    if (breachAt < nextChange) nextChange = breachAt
  } else
    status = {
      metric,
      cycle,
      status: "paused",
      startedAt,
      elapsedMs: elapsed,
      targetMs: goal,
      remainingMs: remaining,
      warnings,
    }
  clockNextChange = nextChange
  return status
}
