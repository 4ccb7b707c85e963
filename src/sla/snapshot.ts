import * as Result from "effect/Result"
import * as z from "zod/mini"
import { describe, isRecord } from "../internal/describe.js"
import { isInRange } from "../internal/instant.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { builtinVocabulary, type Vocabulary } from "../ticket/index.js"
import { ticketFromJson, ticketToJson } from "../ticket/json.js"
import { builtinClocks, type ClockDefinition } from "./clock.js"
import { InvalidSnapshot } from "./errors.js"
import { type CycleState, checkState, initial, madeFrom, type SlaState } from "./fold.js"

/**
 * One cycle of one clock in a {@link SlaSnapshot}: a {@link CycleState} with `null` for the
 * instants it does not have yet.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const cycle: Sla.CycleSnapshot = {
 *   cycle: 1, startedAt: Date.UTC(2025, 5, 3, 8), segments: [], runningSince: Date.UTC(2025, 5, 3, 8),
 *   stoppedAt: null, stoppedBySolve: false, cancelled: false,
 * }
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export interface CycleSnapshot {
  readonly cycle: number
  readonly startedAt: number
  readonly segments: ReadonlyArray<number>
  readonly runningSince: number | null
  readonly stoppedAt: number | null
  readonly stoppedBySolve: boolean
  readonly cancelled: boolean
}

/**
 * The JSON form of an {@link SlaState} (see {@link snapshot}): what a store keeps beside a
 * ticket's head row so that a load folds only the events after it. Plain JSON (instants in UTC
 * epoch milliseconds), versioned (`format`, `version`), and tied to the clock definitions it was
 * folded with: `clocks` lists each one's metric and a fingerprint of its definition, and
 * {@link restore} refuses a snapshot whose clocks differ from those it is given.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const json: Sla.SlaSnapshot = Sla.snapshot(Sla.initial())
 * json.format // => "servicekit/sla-state"
 * json.clocks.length // => 7
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export interface SlaSnapshot {
  readonly format: "servicekit/sla-state"
  readonly version: 1
  /** Per clock definition (in order), its metric and the fingerprint of its definition. */
  readonly clocks: ReadonlyArray<{ readonly metric: string; readonly fingerprint: string }>
  /** The ticket state, instants in epoch milliseconds (`{ exists: false, version }` before the opening). */
  readonly ticket: { readonly [key: string]: unknown }
  /** Per clock definition (same order), its cycles. */
  readonly cycles: ReadonlyArray<ReadonlyArray<CycleSnapshot>>
}

const FORMAT = "servicekit/sla-state"
const VERSION = 1

const instant = z.number().check(z.refine(isInRange, { error: "must be whole epoch milliseconds in range" }))

const CycleSnapshotSchema = z.strictObject({
  cycle: z.int().check(z.minimum(1)),
  startedAt: instant,
  segments: z.array(instant),
  runningSince: z.nullable(instant),
  stoppedAt: z.nullable(instant),
  stoppedBySolve: z.boolean(),
  cancelled: z.boolean(),
})

/**
 * The zod schema of an {@link SlaSnapshot}'s shape (keys, types, instants in range). {@link restore}
 * checks this and more: the version, the clocks against the definitions given, the ticket state,
 * the order of each cycle's segments.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * Sla.SlaSnapshotSchema.safeParse(Sla.snapshot(Sla.initial())).success // => true
 * Sla.SlaSnapshotSchema.safeParse({ format: "servicekit/sla-state", version: 2 }).success // => false
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export const SlaSnapshotSchema: z.ZodMiniType<SlaSnapshot, unknown> = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  clocks: z.array(z.strictObject({ metric: z.string(), fingerprint: z.string() })),
  ticket: z.record(z.string(), z.unknown()),
  cycles: z.array(z.array(CycleSnapshotSchema)),
})

/** FNV-1a over the UTF-16 units of `text`, from `seed`, as 8 hex digits. */
const fnv = (text: string, seed: number): string => {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, "0")
}

const fingerprints = new WeakMap<ClockDefinition, string>()

/**
 * A fingerprint of what a clock definition does: its data form when it was made from one (the
 * built-in clocks are), else its metric, options and the source text of its functions — which
 * cannot see the values a function closes over: change those and rename the metric, or drop the
 * snapshots. 16 hex digits (two FNV-1a hashes).
 */
const fingerprintOf = (d: ClockDefinition): string => {
  let print = fingerprints.get(d)
  if (print === undefined) {
    const fns = [d.start, d.stop, d.pauseWhile, d.cancel, d.reset].map((f) =>
      f === undefined ? null : String(f),
    )
    const text = JSON.stringify([
      d.metric,
      d.cycles,
      d.resumeOnReopen === true,
      d.spec === undefined ? fns : d.spec,
    ])
    print = fnv(text, 0x811c9dc5) + fnv(text, 0x01234567)
    fingerprints.set(d, print)
  }
  return print
}

const cycleToJson = (c: CycleState): CycleSnapshot => ({
  cycle: c.cycle,
  startedAt: c.startedAt,
  segments: c.segments.slice(),
  runningSince: c.runningSince ?? null,
  stoppedAt: c.stoppedAt ?? null,
  stoppedBySolve: c.stoppedBySolve,
  cancelled: c.cancelled,
})

/**
 * The JSON form of an SLA state (from {@link initial}, {@link step} or {@link restore}), to keep
 * beside the ticket's events and {@link restore} later instead of folding the history again.
 * `JSON.stringify` it as it is. O(size of the state): the ticket, and every cycle's segments.
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const state = Sla.step(Sla.initial(), {
 *   type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email", priority: "normal", requester: { id: "c-1" },
 * })
 * const json = Sla.snapshot(state)
 * json.ticket.openedAt // => Date.UTC(2025, 5, 3, 8)
 * json.cycles[0] // => [{ cycle: 1, startedAt: Date.UTC(2025, 5, 3, 8), segments: [], runningSince: Date.UTC(2025, 5, 3, 8), stoppedAt: null, stoppedBySolve: false, cancelled: false }]
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export const snapshot = (state: SlaState): SlaSnapshot => {
  checkState(state)
  return {
    format: FORMAT,
    version: VERSION,
    clocks: state.definitions.map((d) => ({ metric: d.metric, fingerprint: fingerprintOf(d) })),
    ticket: ticketToJson(state.ticket),
    cycles: state.cycles.map((list) => list.map(cycleToJson)),
  }
}

/**
 * Options of {@link restore}: the clock definitions and vocabulary the state is to be folded on
 * with (the same as `Sla.initial`'s; default: the built-in clocks and words).
 *
 * @example
 * ```ts
 * import { Sla } from "servicekit"
 * const options: Sla.RestoreOptions = { clocks: Sla.builtinClocks }
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export interface RestoreOptions {
  readonly clocks?: ReadonlyArray<ClockDefinition> | undefined
  readonly vocabulary?: Vocabulary | undefined
}

const fail = (field: string, reason: string) => Result.fail(new InvalidSnapshot({ field, reason }))

/** What is wrong with the cycles of one clock (numbering, segment order), as [path, reason]. */
const cyclesProblem = (
  list: ReadonlyArray<CycleSnapshot>,
  path: string,
): readonly [string, string] | undefined => {
  for (let k = 0; k < list.length; k++) {
    const c = list[k]!
    const at = `${path}[${k}]`
    if (c.cycle !== k + 1)
      return [`${at}.cycle`, `must be ${k + 1} (cycles count from 1 in order), received ${c.cycle}`]
    const s = c.segments
    if (s.length % 2 !== 0) return [`${at}.segments`, "must hold [start, end) pairs (an even count)"]
    // Histories need not be in time order, so only what every fold keeps is checked: each
    // segment ends after it starts, and a stopped cycle does not run.
    for (let i = 1; i < s.length; i += 2)
      if (s[i]! <= s[i - 1]!) return [`${at}.segments[${i}]`, "must end after its start"]
    if (c.runningSince !== null && c.stoppedAt !== null)
      return [`${at}.runningSince`, "must be null on a stopped cycle"]
    if (k < list.length - 1 && c.stoppedAt === null)
      return [`${at}.stoppedAt`, "must be set: only a clock's last cycle may still run"]
  }
  return undefined
}

/**
 * Reads an SLA state back from its JSON form (see {@link snapshot}), checking everything: the
 * format and version, the shape ({@link SlaSnapshotSchema}), the clocks against `options.clocks`
 * (same metrics in the same order, same fingerprints: a snapshot folded with other definitions is
 * refused, never applied to these), the ticket state against `options.vocabulary`, and each
 * cycle's numbering and segment order. Fails with {@link InvalidSnapshot} naming the bad field;
 * a caller that meets one folds the whole history again. Fold the events after the snapshot onto
 * the state with {@link step}, then `evaluateState`. O(size of the snapshot).
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * import * as Result from "effect/Result"
 * const opened = Sla.step(Sla.initial(), {
 *   type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T07:00:00Z"),
 *   channel: "email", priority: "normal", requester: { id: "c-1" },
 * })
 * const stored = JSON.stringify(Sla.snapshot(opened))
 * const restored = Sla.restore(JSON.parse(stored))
 * const state = Result.getOrThrow(restored)
 * const later = Sla.step(state, { type: "AgentReplied", ticketId: "T-1", at: new Date("2025-06-05T07:30:00Z"), agentId: "a-1" })
 * const status = Sla.evaluateState(later, {
 *   policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })],
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-05T10:00:00Z"),
 * })
 * status.clocks[0]?.status // => "achieved"
 * ```
 * @since 0.3.0
 * @category Snapshots
 */
export const restore = (
  json: unknown,
  options: RestoreOptions = {},
): Result.Result<SlaState, InvalidSnapshot> => {
  const definitions = options.clocks ?? builtinClocks
  const vocabulary = options.vocabulary ?? builtinVocabulary
  // Checks the definitions and the vocabulary as `initial` does (a misuse throws).
  initial(definitions, { vocabulary })
  if (!isRecord(json)) return fail("", `must be an SLA snapshot (Sla.snapshot), received ${describe(json)}`)
  if (json.format !== FORMAT)
    return fail("format", `must be ${JSON.stringify(FORMAT)}, received ${describe(json.format)}`)
  if (json.version !== VERSION)
    return fail(
      "version",
      `must be ${VERSION} (the only snapshot version), received ${describe(json.version)}`,
    )
  const parsed = SlaSnapshotSchema.safeParse(json, { error: messageFor, jitless: true })
  if (!parsed.success) {
    const issue = toValidationIssues(parsed.error.issues)[0]!
    return fail(issue.path, issue.message)
  }
  const s = parsed.data
  if (s.clocks.length !== definitions.length)
    return fail(
      "clocks",
      `were ${s.clocks.length} clock definitions, not the ${definitions.length} given: fold the history again`,
    )
  for (let i = 0; i < definitions.length; i++) {
    const d = definitions[i]!
    const c = s.clocks[i]!
    if (c.metric !== d.metric)
      return fail(
        `clocks[${i}].metric`,
        `is ${describe(c.metric)}, the definition given is ${describe(d.metric)}`,
      )
    if (c.fingerprint !== fingerprintOf(d))
      return fail(
        `clocks[${i}].fingerprint`,
        `the definition of ${describe(d.metric)} changed since the snapshot was taken: fold the history again`,
      )
  }
  if (s.cycles.length !== definitions.length)
    return fail("cycles", `must hold one list per clock (${definitions.length}), received ${s.cycles.length}`)
  for (let i = 0; i < s.cycles.length; i++) {
    const problem = cyclesProblem(s.cycles[i]!, `cycles[${i}]`)
    if (problem !== undefined) return fail(problem[0], problem[1])
  }
  const ticket = ticketFromJson(s.ticket, "ticket", vocabulary)
  if (Array.isArray(ticket)) return fail(ticket[0], ticket[1])
  const t = ticket as Exclude<typeof ticket, ReadonlyArray<string>>
  if (!t.exists && s.cycles.some((list) => list.length > 0))
    return fail("cycles", "must be empty before the ticket is opened")
  const cycles = s.cycles.map((list) =>
    list.map(
      (c): CycleState => ({
        cycle: c.cycle,
        startedAt: c.startedAt,
        segments: c.segments.slice(),
        runningSince: c.runningSince ?? undefined,
        stoppedAt: c.stoppedAt ?? undefined,
        stoppedBySolve: c.stoppedBySolve,
        cancelled: c.cancelled,
      }),
    ),
  )
  return Result.succeed(madeFrom(t, definitions, cycles, vocabulary))
}
