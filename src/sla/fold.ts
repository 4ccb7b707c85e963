import { describe } from "../internal/describe.js"
import { eventProblem } from "../ticket/check.js"
import { stateProblem } from "../ticket/check-state.js"
import { evolveUnchecked as evolve, evolveInto } from "../ticket/evolve.js"
import {
  builtinVocabulary,
  initialState as noTicket,
  type OpenedTicket,
  type TicketEvent,
  type TicketState,
  Vocabulary,
} from "../ticket/index.js"
import { builtinClocks, type ClockDefinition, clockProblem } from "./clock.js"
import { triggerMasks, typeBit } from "./clock-spec.js"
import { InvalidClock, InvalidEvaluation } from "./errors.js"

/**
 * One cycle of one clock, in UTC epoch milliseconds: when it started, the wall-clock segments
 * in which it ran (`[start, end)` pairs, flat), whether it runs now, and when it stopped.
 * Segments are calendar-free, so the same fold serves any calendar and any target.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const cycle: Sla.CycleState = {
 *   cycle: 1, startedAt: Date.UTC(2025, 5, 3, 8), segments: [Date.UTC(2025, 5, 3, 8), Date.UTC(2025, 5, 3, 10)],
 *   runningSince: undefined, stoppedAt: Date.UTC(2025, 5, 3, 10), stoppedBySolve: true, cancelled: false,
 * }
 * ```
 * @since 0.1.0
 * @category Fold
 */
export interface CycleState {
  /** 1 for the first cycle of the metric on this ticket. */
  readonly cycle: number
  readonly startedAt: number
  /** Closed running segments: `[start0, end0, start1, end1, …]`. */
  readonly segments: ReadonlyArray<number>
  /** Start of the open running segment, or `undefined` when paused or stopped. */
  readonly runningSince: number | undefined
  readonly stoppedAt: number | undefined
  /** Stopped because the ticket was solved (so a reopen may resume it). */
  readonly stoppedBySolve: boolean
  /** Stopped by the clock's cancel or reset condition: reported `cancelled`, neither achieved nor breached. */
  readonly cancelled: boolean
}

/**
 * The running SLA state of one ticket: the ticket itself and every cycle of every clock. Keep
 * it in memory beside the event store (it holds `Date`s and functions, so it is not JSON) and
 * {@link step} it with each new event to evaluate without replaying a long history.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const state: Sla.SlaState = Sla.initial()
 * state.ticket.exists // => false
 * ```
 * @since 0.1.0
 * @category Fold
 */
export interface SlaState {
  readonly ticket: TicketState
  readonly definitions: ReadonlyArray<ClockDefinition>
  /** The desk vocabulary `step` checks events against (absent: the built-in words). */
  readonly vocabulary?: Vocabulary | undefined
  /** Per definition (same order), its cycles. */
  readonly cycles: ReadonlyArray<ReadonlyArray<CycleState>>
}

/**
 * An SLA state that `initial` or `step` made: checking one again is an `instanceof`, not a walk
 * of its ticket (a fold of n checked steps would otherwise cost O(n²)), and not a WeakSet entry
 * per step either, which the garbage collector pays for. A state read back from storage is a
 * plain object and gets the full check.
 */
class MadeState implements SlaState {
  /** In a fold in place: a ticket state no one reads again, to write the next one into. */
  spare: OpenedTicket | undefined = undefined
  /** The definitions' trigger masks (see {@link masksOf}). */
  readonly masks: Masks
  constructor(
    public ticket: TicketState,
    readonly definitions: ReadonlyArray<ClockDefinition>,
    readonly cycles: ReadonlyArray<ReadonlyArray<CycleState>>,
    readonly vocabulary: Vocabulary = builtinVocabulary,
    masks?: Masks,
  ) {
    this.masks = masks ?? masksOf(definitions)
  }
}

/** Per definition, the event-type bits its start and stop triggers may fire on (all bits: any). */
interface Masks {
  readonly start: Int32Array
  readonly stop: Int32Array
  /** The events after which the pause condition may answer differently (all bits: any). */
  readonly pause: Int32Array
}

const masksCache = new WeakMap<ReadonlyArray<ClockDefinition>, Masks>()

/**
 * The trigger masks of a definition list, cached per list. A definition made from data fires only
 * on the event types its triggers name, so the fold need not call its conditions on the others.
 */
const masksOf = (definitions: ReadonlyArray<ClockDefinition>): Masks => {
  let masks = masksCache.get(definitions)
  if (masks === undefined) {
    const start = new Int32Array(definitions.length).fill(-1)
    const stop = new Int32Array(definitions.length).fill(-1)
    const pause = new Int32Array(definitions.length).fill(-1)
    definitions.forEach((d, i) => {
      const m = triggerMasks.get(d)
      if (m !== undefined) {
        start[i] = m.start
        stop[i] = m.stop
        pause[i] = m.pause
      }
    })
    masks = { start, stop, pause }
    masksCache.set(definitions, masks)
  }
  return masks
}

/**
 * The SLA state before any event, for the built-in clocks or the `definitions` given, checking
 * events against `options.vocabulary` (the desk's words; default: the built-in ones).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const custom = Sla.initial([...Sla.builtinClocks, Sla.clock({
 *   metric: "chaseResponse", start: Sla.on("CustomerChased"), stop: Sla.on("AgentReplied"), cycles: "repeating",
 * })])
 * custom.definitions.length // => 8
 * ```
 * @since 0.1.0
 * @category Fold
 */
export const initial = (
  definitions: ReadonlyArray<ClockDefinition> = builtinClocks,
  options: { readonly vocabulary?: Vocabulary | undefined } = {},
): SlaState => {
  if (!checked.has(definitions)) checkDefinitions(definitions)
  const vocabulary = options?.vocabulary ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    throw new InvalidEvaluation({
      field: "options.vocabulary",
      reason: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
    })
  return new MadeState(
    noTicket,
    definitions,
    definitions.map(() => []),
    vocabulary,
  )
}

/** Definition lists already checked for duplicate metrics. */
const checked = new WeakSet<ReadonlyArray<ClockDefinition>>()

const checkDefinitions = (definitions: ReadonlyArray<ClockDefinition>): void => {
  if (!Array.isArray(definitions))
    throw new InvalidClock({
      field: "clocks",
      reason: `must be a list of clock definitions, received ${describe(definitions)}`,
    })
  const seen = new Set<string>()
  for (let i = 0; i < definitions.length; i++) {
    const d = definitions[i]!
    const problem = clockProblem(d)
    if (problem !== undefined)
      throw new InvalidClock({ field: `clocks[${i}]${problem[0]}`, reason: problem[1] })
    if (seen.has(d.metric))
      throw new InvalidEvaluation({
        field: "clocks",
        reason: `metric ${JSON.stringify(d.metric)} is defined twice`,
      })
    seen.add(d.metric)
  }
  checked.add(definitions)
}

const isDone = (status: string): boolean => status === "solved" || status === "closed"

/** A cycle the fold may write: its own copy, or (folding in place) the only reference to it. */
type Cycle = { -readonly [K in keyof CycleState]: CycleState[K] } & { segments: Array<number> }
type Working = { -readonly [K in keyof SlaState]: SlaState[K] } & { cycles: Array<Array<Cycle>> }

/** Ends the open running segment, if any (an empty one leaves no trace). */
const pause = (c: Cycle, at: number): void => {
  if (c.runningSince !== undefined && at > c.runningSince) c.segments.push(c.runningSince, at)
  c.runningSince = undefined
}

/** The cycle to write: itself when folding in place, else a copy (segments included). */
const own = (c: CycleState, inPlace: boolean): Cycle =>
  inPlace ? (c as Cycle) : { ...c, segments: c.segments.slice() }

/**
 * The one implementation of the fold. `inPlace` writes into `state` (only for states the
 * caller owns entirely, as `evaluate` does); otherwise every list and cycle it changes is
 * copied first, so earlier states stay valid.
 */
const advance = (state: SlaState, event: TicketEvent, inPlace: boolean): SlaState => {
  const before = state.ticket
  // In place, the state before the previous event is dead: the next one is written over it.
  const spare = inPlace ? (state as MadeState).spare : undefined
  const after =
    spare !== undefined && before.exists
      ? evolveInto(spare, before, event, state)
      : evolve(before, event, inPlace ? state : undefined)
  if (inPlace && before.exists) (state as MadeState).spare = before
  if (!after.exists) {
    if (!inPlace)
      return new MadeState(after, state.definitions, state.cycles, state.vocabulary ?? builtinVocabulary)
    ;(state as Working).ticket = after
    return state
  }
  const prior = before.exists ? before : after
  const at = event.at.getTime()
  const statusChange = event.type === "StatusChanged" && before.exists && before.status !== after.status
  const merged = event.type === "TicketMerged"
  const ending = merged || (statusChange && isDone(after.status) && !isDone(prior.status))
  const reopening = statusChange && isDone(prior.status) && !isDone(after.status)
  const mayStart = !isDone(after.status) && after.mergedInto === undefined
  const definitions = state.definitions
  const masks = state instanceof MadeState ? state.masks : masksOf(definitions)
  const bit = typeBit(event.type)
  let cycles = state.cycles as Array<Array<Cycle>>
  for (let i = 0; i < definitions.length; i++) {
    const def = definitions[i]!
    const list = cycles[i]!
    const last = list[list.length - 1]
    let work: Cycle | undefined
    let active = last !== undefined && last.stoppedAt === undefined
    // A merged ticket's conversation goes on elsewhere: nothing resumes on it.
    if (reopening && def.resumeOnReopen && last?.stoppedBySolve && after.mergedInto === undefined) {
      work = own(last, inPlace)
      work.stoppedAt = undefined
      work.stoppedBySolve = false
      active = true
    }
    // Cancel and reset (ServiceNow's conditions) end the active cycle as cancelled; a reset then
    // starts the next cycle at once, whatever the clock's own start condition says.
    let resetting = false
    let cancelling = false
    const stops = (masks.stop[i]! & bit) !== 0
    if (active && !ending && stops) {
      cancelling = def.cancel?.(event, prior, after) === true
      resetting = !cancelling && def.reset?.(event, prior, after) === true
    }
    if (cancelling || resetting) {
      work ??= own(last!, inPlace)
      pause(work, at)
      work.stoppedAt = at
      work.stoppedBySolve = false
      work.cancelled = true
      active = false
    } else if (active && (ending || (stops && def.stop(event, prior, after)))) {
      work ??= own(last!, inPlace)
      pause(work, at)
      work.stoppedAt = at
      work.stoppedBySolve = ending && !merged
      active = false
    }
    let started: Cycle | undefined
    if (
      !active &&
      mayStart &&
      (resetting ||
        ((def.cycles === "repeating" || list.length === 0) &&
          (masks.start[i]! & bit) !== 0 &&
          def.start(event, prior, after)))
    ) {
      started = {
        cycle: list.length + 1,
        startedAt: at,
        segments: [],
        runningSince: undefined,
        stoppedAt: undefined,
        stoppedBySolve: false,
        cancelled: false,
      }
      active = true
    }
    // A cycle going on as it was (not started, resumed or stopped here) keeps its running state
    // unless the event can change the pause condition's answer.
    if (active && (started !== undefined || work !== undefined || (masks.pause[i]! & bit) !== 0)) {
      const runs = def.pauseWhile === undefined || !def.pauseWhile(after)
      const current = started ?? work ?? last!
      if (runs !== (current.runningSince !== undefined)) {
        if (current !== started) work ??= own(last!, inPlace)
        const w = started ?? work!
        if (runs) w.runningSince = at
        else pause(w, at)
      }
    }
    if (work === undefined && started === undefined) continue
    if (inPlace) {
      if (started) list.push(started)
      continue
    }
    const copy = list.slice()
    if (work) copy[copy.length - 1] = work
    if (started) copy.push(started)
    if (cycles === state.cycles) cycles = cycles.slice()
    cycles[i] = copy
  }
  if (!inPlace) return new MadeState(after, definitions, cycles, state.vocabulary ?? builtinVocabulary, masks)
  ;(state as Working).ticket = after
  return state
}

/**
 * A fresh state for the concatenated clock lists of several agreements (each list checked by the
 * caller with {@link checkClocks}; a metric may appear once per agreement).
 */
export const freshCombined = (definitions: ReadonlyArray<ClockDefinition>): SlaState =>
  new MadeState(
    noTicket,
    definitions,
    definitions.map(() => []),
  )

/**
 * A state made from parts read back from a snapshot (checked by the caller): the caller's alone to
 * write into, like a fresh one, so a fold may go on from it in place.
 */
export const madeFrom = (
  ticket: TicketState,
  definitions: ReadonlyArray<ClockDefinition>,
  cycles: ReadonlyArray<ReadonlyArray<CycleState>>,
  vocabulary: Vocabulary,
): SlaState => new MadeState(ticket, definitions, cycles, vocabulary)

/** Throws unless `definitions` is a list of clock definitions, each metric once (cached per list). */
export const checkClocks = (definitions: ReadonlyArray<ClockDefinition>): void => {
  if (!checked.has(definitions)) checkDefinitions(definitions)
}

/** Applies one checked event to a state the caller owns entirely (see {@link freshCombined}). */
export const advanceInPlace = (state: SlaState, event: TicketEvent): void => {
  advance(state, event, true)
}

/** Folds `events` into a fresh state in place (for `evaluate`, which never shows intermediate states). */
export const foldFresh = (
  events: Iterable<TicketEvent>,
  definitions: ReadonlyArray<ClockDefinition> | undefined,
  accept: (event: TicketEvent, index: number) => boolean,
): SlaState => {
  // `initial` makes new lists every call, so this state is the caller's alone to write into.
  const fresh = initial(definitions) as Working
  let i = 0
  for (const event of events) if (accept(event, i++)) advance(fresh, event, true)
  return fresh
}

/**
 * Applies one event to the SLA state: starts, pauses, resumes and stops cycles per each clock's
 * definition. Solving (or closing, or merging) stops every clock; a reopen resumes the clocks
 * that resume on reopen. Pure, and independent of calendars and policies.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const state = Sla.step(Sla.initial(), {
 *   type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email", priority: "normal", requester: { id: "c-1" },
 * })
 * state.cycles[0]?.length // => 1
 * ```
 * @since 0.1.0
 * @category Fold
 */
export const step = (state: SlaState, event: TicketEvent): SlaState => {
  checkState(state)
  const problem = eventProblem(event, state.vocabulary ?? builtinVocabulary)
  if (problem !== undefined) throw new InvalidEvaluation({ field: `event${problem[0]}`, reason: problem[1] })
  return advance(state, event, false)
}

/** Throws unless `state` is an SLA state (from `initial` or `step`), naming its bad field. */
export const checkState = (state: SlaState): void => {
  if (state instanceof MadeState) return
  if (
    typeof state !== "object" ||
    state === null ||
    !Array.isArray(state.definitions) ||
    !checked.has(state.definitions) ||
    !Array.isArray(state.cycles) ||
    state.cycles.length !== state.definitions.length
  )
    throw new InvalidEvaluation({
      field: "state",
      reason: "must be an SLA state from Sla.initial or Sla.step",
    })
  if (state.vocabulary !== undefined && !(state.vocabulary instanceof Vocabulary))
    throw new InvalidEvaluation({
      field: "state.vocabulary",
      reason: "must be a vocabulary made with Ticket.vocabulary",
    })
  const ticketProblem = stateProblem(state.ticket, "state.ticket", state.vocabulary ?? builtinVocabulary)
  if (ticketProblem !== undefined)
    throw new InvalidEvaluation({ field: ticketProblem[0], reason: ticketProblem[1] })
}
