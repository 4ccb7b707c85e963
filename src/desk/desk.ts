import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Automation from "../automation/index.js"
import * as FollowUp from "../followup/index.js"
import type { ServiceLevel } from "../followup/service-level.js"
import * as ServiceLevels from "../followup/service-level.js"
import { describe } from "../internal/describe.js"
import { instantProblem } from "../internal/instant.js"
import * as Sla from "../sla/index.js"
import {
  builtinVocabulary,
  decide,
  type OpenedTicket,
  replay,
  type TicketCommand,
  type TicketError,
  type TicketEvent,
  Vocabulary,
} from "../ticket/index.js"
import { type Automated, automate } from "./automations.js"
import {
  type ConcurrencyConflict,
  DeliveryFailed,
  InvalidDeskInput,
  StoreFailure,
  TicketNotFound,
} from "./errors.js"
import { retryConflicts, retryWhile } from "./retry.js"
import { type Appended, type Claim, FollowUpSink, type StoredTicket, TicketStore } from "./store.js"
import { ticketLocks } from "./ticket-locks.js"

/**
 * A ticket command as given to {@link Desk}: any `Ticket` command without `ticketId` (the Desk
 * takes it from its argument) and with `at` optional (default: the Desk's `Clock` now).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const reply: Desk.DeskCommand = { type: "ReplyToCustomer", agentId: "a-1" }
 * ```
 * @since 0.1.0
 * @category Desk
 */
export type DeskCommand = TicketCommand extends infer C
  ? C extends TicketCommand
    ? Omit<C, "ticketId" | "at"> & { readonly at?: Date }
    : never
  : never

/**
 * Options of {@link Desk} `execute`: an idempotency key makes a redelivered command (a retried
 * HTTP request, a queue redelivery) append nothing and answer as the first delivery did.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const options: Desk.ExecuteOptions = { idempotencyKey: "webhook-81f2" }
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface ExecuteOptions {
  readonly idempotencyKey?: string | undefined
}

/**
 * A ticket seen through the Desk at `Clock` now: its state and version, the SLA evaluation, the
 * follow-up plan, and when it next needs attention.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const due = (view: Desk.TicketView) => view.followUps.tasks.filter((t) => t.state === "due")
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface TicketView {
  readonly ticketId: string
  /** The name of the service level the ticket is served under. */
  readonly serviceLevel: string
  readonly version: number
  readonly ticket: OpenedTicket
  readonly sla: Sla.SlaStatus
  readonly followUps: FollowUp.FollowUpPlan
  /** The automation firings due now and when the next may be (none without `config.automations`). */
  readonly automations: Automation.AutomationPlan
  readonly nextDueAt: Date | undefined
}

/**
 * What one {@link Desk} `tick` did: the tickets it claimed, the follow-ups it sent (each once:
 * recorded as `FollowUpSent` with the task id as idempotency key), the automation rules that
 * acted (each firing once: recorded as `AutomationApplied` with the firing id as idempotency key),
 * and what failed.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const summary = (r: Desk.TickReport) => `${r.sent.length} sent, ${r.failed.length} failed`
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface TickReport {
  readonly at: Date
  readonly claimed: ReadonlyArray<string>
  readonly sent: ReadonlyArray<FollowUp.FollowUpTask>
  readonly automated: ReadonlyArray<Automated>
  readonly failed: ReadonlyArray<TickFailure>
}

/**
 * Something a tick could not do: deliver a task or an automation's message (`taskId`; retried a
 * minute later), serve a ticket at all (no `taskId`: its history could not be read or evaluated;
 * retried when the claim's lease runs out), or stop its automation rules from undoing each other
 * (`loop`: the ticket is parked, served again once a command changes it).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const failure: Desk.TickFailure = { ticketId: "T-1", taskId: "T-1/acknowledge", reason: "SMTP 451" }
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface TickFailure {
  readonly ticketId: string
  readonly taskId: string | undefined
  readonly reason: string
  /** The rules that kept firing, when that is the failure. */
  readonly loop?: Automation.AutomationLoop | undefined
}

/** How long a failed delivery or ticket waits before the next try. */
const RETRY_MS = 60_000

/**
 * The Desk's configuration: the service level (calendar, SLA policies, follow-up policy) and how
 * the Desk works — `maxAttempts` per command under write conflicts (default 5), `batchSize`
 * tickets per tick (default 100), `leaseMs` a claim holds a ticket (default 5 minutes).
 *
 * @example
 * ```ts
 * import { Calendar, type Desk, FollowUp, ServiceLevel } from "servicekit"
 * const config: Desk.DeskConfig = {
 *   serviceLevel: ServiceLevel.make({
 *     name: "Standard", calendar: Calendar.always, channels: ["email"], sla: [],
 *     followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
 *   }),
 * }
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface DeskConfig {
  /** The service level, or a function choosing one per ticket (e.g. by the requester's tier). */
  readonly serviceLevel: ServiceLevel | ((ticket: OpenedTicket) => ServiceLevel)
  /** Named tests the SLA policies' `when.predicate` may use. */
  readonly predicates?: Sla.Predicates | undefined
  /**
   * The desk's vocabulary (channels, priorities, custom statuses, fields; default: the built-in
   * words): commands are decided and histories read against it.
   */
  readonly vocabulary?: Vocabulary | undefined
  /** Attempts per command under write conflicts (default 5). */
  readonly maxAttempts?: number | undefined
  /** Tickets one tick claims at most (default 100). */
  readonly batchSize?: number | undefined
  /** How long a claim holds a ticket, in ms (default 5 minutes). */
  readonly leaseMs?: number | undefined
  /**
   * The desk's automation rules (made with `Automation.rules` against the same vocabulary): each
   * tick applies the firings due, one at a time, each once. Time conditions count in the
   * ticket's service-level calendar.
   */
  readonly automations?: Automation.RuleSet | undefined
  /** Firings one ticket may have in one tick before its rules count as a loop (default 10). */
  readonly automationLimit?: number | undefined
  /**
   * How long the sink may take to deliver one follow-up or message, in ms (default 2 minutes): a
   * delivery that does not answer in time fails with `DeliveryFailed` and is tried again later,
   * so a sink that hangs never holds up a tick, its interruption, or the Promise facade's `dispose`.
   */
  readonly deliveryTimeoutMs?: number | undefined
  /** How many claimed tickets one tick serves at once (default 8): a slow ticket does not hold up the others. */
  readonly tickConcurrency?: number | undefined
}

/**
 * The errors `execute` may fail with: the ticket's own refusals (`Ticket.TicketError`), a conflict
 * that outlasted `maxAttempts`, a store failure, or malformed input.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const retryable = (e: Desk.ExecuteError) => e._tag === "ConcurrencyConflict" || e._tag === "StoreFailure"
 * ```
 * @since 0.1.0
 * @category Desk
 */
export type ExecuteError = TicketError | ConcurrencyConflict | StoreFailure | InvalidDeskInput

/**
 * What the {@link Desk} service offers (see its description).
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const statusOf = (desk: Desk.DeskService) => desk.status("T-1")
 * ```
 * @since 0.1.0
 * @category Desk
 */
export interface DeskService {
  /** Runs a command on a ticket: load, decide, append at the loaded version (retried on conflict). */
  readonly execute: (
    ticketId: string,
    command: DeskCommand,
    options?: ExecuteOptions,
  ) => Effect.Effect<Appended, ExecuteError>
  /** The ticket, its SLA evaluation and follow-up plan at `Clock` now. */
  readonly status: (
    ticketId: string,
  ) => Effect.Effect<TicketView, TicketNotFound | StoreFailure | InvalidDeskInput>
  /** Claims due tickets and sends each follow-up whose time has come, once. */
  readonly tick: () => Effect.Effect<TickReport, StoreFailure | InvalidDeskInput>
}

/**
 * The application service: runs commands against the store under concurrency, shows a ticket's
 * SLA and follow-ups, and sends what falls due. Time comes from Effect's `Clock` (tests use
 * `TestClock`); storage from {@link TicketStore}; delivery from {@link FollowUpSink}.
 *
 * - `execute(ticketId, command, options)`: load → `Ticket.decide` → append at the loaded version;
 *   on `ConcurrencyConflict` it reloads and decides again, up to `maxAttempts` times. Updates the
 *   due index from the SLA's `nextChangeAt` and the plan's `nextDueAt`.
 * - `status(ticketId)`: the {@link TicketView} at now.
 * - `tick()`: claims due tickets, sends each follow-up whose time has come once through the sink
 *   (a timed action once due; an owed reply — acknowledgement, update — once overdue, i.e. when no
 *   agent gave it in time) and records `FollowUpSent`, and sets each ticket's next due time.
 *   Sending and recording a follow-up are one step that an interruption waits for: an interrupted
 *   tick records every delivery the sink completed and loses nothing; the tickets it had not
 *   reached are released at once. A delivery cut off (by `deliveryTimeoutMs`, or by an
 *   interruption while the sink is still working) is not recorded and is sent again on a later
 *   tick: deliveries are at least once, and the task's id is the sink's key to drop a repeat. A command on a claimed ticket moves its due time, not
 *   its claim. A tick serves `tickConcurrency` tickets at once (default 8) and bounds each delivery
 *   by `deliveryTimeoutMs` (default 2 minutes): a sink that hangs fails that delivery, which is
 *   tried again later, and holds up neither the other tickets nor an interruption. With
 *   `automations`, it then applies the ticket's due rule firings, each once.
 *
 * @example
 * ```ts
 * import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * const level = ServiceLevel.make({
 *   name: "Standard", calendar: Calendar.always, channels: ["email"], sla: [],
 *   followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
 * })
 * const live = Desk.Desk.layer({ serviceLevel: level }).pipe(
 *   Layer.provide(Layer.mergeAll(Desk.memoryStore(), Desk.recordingSink().layer)),
 * )
 * const program = Effect.gen(function* () {
 *   const desk = yield* Desk.Desk
 *   yield* desk.execute("T-1", { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } })
 *   return (yield* desk.status("T-1")).ticket.status
 * })
 * Effect.runSync(Effect.provide(program, live)) // => "new"
 * ```
 * @since 0.1.0
 * @category Desk
 */
export class Desk extends Context.Service<Desk, DeskService>()("servicekit/desk/Desk") {
  /**
   * The Desk over a {@link TicketStore} and a {@link FollowUpSink}. Fails with
   * `InvalidDeskInput` naming the bad configuration entry.
   */
  static readonly layer = (
    config: DeskConfig,
  ): Layer.Layer<Desk, InvalidDeskInput, TicketStore | FollowUpSink> =>
    Layer.effect(
      Desk,
      Effect.gen(function* () {
        const settings = yield* checkConfig(config)
        const store = yield* TicketStore
        const sink = yield* FollowUpSink
        return makeDesk(settings, store, sink)
      }),
    )
}

interface Settings {
  readonly automations: Automation.RuleSet | undefined
  readonly automationLimit: number
  readonly deliveryTimeoutMs: number
  readonly tickConcurrency: number
  readonly level: ServiceLevel | ((ticket: OpenedTicket) => ServiceLevel)
  readonly predicates: Sla.Predicates | undefined
  readonly vocabulary: Vocabulary
  readonly maxAttempts: number
  readonly batchSize: number
  readonly leaseMs: number
}

const positiveInteger = (
  value: unknown,
  field: string,
  fallback: number,
): Effect.Effect<number, InvalidDeskInput> =>
  value === undefined
    ? Effect.succeed(fallback)
    : typeof value === "number" && Number.isSafeInteger(value) && value > 0
      ? Effect.succeed(value)
      : Effect.fail(new InvalidDeskInput({ field, reason: "must be a positive integer" }))

/** @internal Checks a configuration (the Promise facade checks it before the first call). */
export const checkConfig = (config: DeskConfig): Effect.Effect<Settings, InvalidDeskInput> =>
  Effect.gen(function* () {
    if (typeof config !== "object" || config === null)
      return yield* new InvalidDeskInput({ field: "config", reason: "must be { serviceLevel, … }" })
    for (const key of Object.keys(config))
      if (
        ![
          "serviceLevel",
          "predicates",
          "vocabulary",
          "maxAttempts",
          "batchSize",
          "leaseMs",
          "automations",
          "automationLimit",
          "deliveryTimeoutMs",
          "tickConcurrency",
        ].includes(key)
      )
        return yield* new InvalidDeskInput({ field: `config.${key}`, reason: "is not a Desk option" })
    try {
      if (typeof config.serviceLevel !== "function") ServiceLevels.make(config.serviceLevel)
    } catch (e) {
      const field = (e as { field?: unknown }).field
      return yield* new InvalidDeskInput({
        field:
          typeof field === "string" && !field.startsWith("(")
            ? `config.serviceLevel.${field}`
            : "config.serviceLevel",
        reason: e instanceof Error ? ((e as { reason?: string }).reason ?? e.message) : String(e),
      })
    }
    if (
      config.predicates !== undefined &&
      (typeof config.predicates !== "object" || config.predicates === null)
    )
      return yield* new InvalidDeskInput({
        field: "config.predicates",
        reason: "must be { name: (ticket) => boolean }",
      })
    for (const [name, test] of Object.entries(config.predicates ?? {}))
      if (typeof test !== "function")
        return yield* new InvalidDeskInput({
          field: `config.predicates.${name}`,
          reason: "must be a function (ticket) => boolean",
        })
    if (config.vocabulary !== undefined && !(config.vocabulary instanceof Vocabulary))
      return yield* new InvalidDeskInput({
        field: "config.vocabulary",
        reason: "must be a vocabulary made with Ticket.vocabulary",
      })
    if (config.automations !== undefined && !Automation.isRuleSet(config.automations))
      return yield* new InvalidDeskInput({
        field: "config.automations",
        reason: "must be a rule list made with Automation.rules or Automation.decodeRules",
      })
    if (
      config.automations !== undefined &&
      config.automations.vocabulary !== (config.vocabulary ?? builtinVocabulary)
    )
      return yield* new InvalidDeskInput({
        field: "config.automations",
        reason:
          "were checked against another vocabulary than the Desk's (give Automation.rules the same one)",
      })
    return {
      automations: config.automations,
      automationLimit: yield* positiveInteger(config.automationLimit, "config.automationLimit", 10),
      deliveryTimeoutMs: yield* positiveInteger(
        config.deliveryTimeoutMs,
        "config.deliveryTimeoutMs",
        120_000,
      ),
      tickConcurrency: yield* positiveInteger(config.tickConcurrency, "config.tickConcurrency", 8),
      level: config.serviceLevel,
      predicates: config.predicates,
      vocabulary: config.vocabulary ?? builtinVocabulary,
      maxAttempts: yield* positiveInteger(config.maxAttempts, "config.maxAttempts", 5),
      batchSize: yield* positiveInteger(config.batchSize, "config.batchSize", 100),
      leaseMs: yield* positiveInteger(config.leaseMs, "config.leaseMs", 300_000),
    }
  })

const checkTicketId = (ticketId: unknown): Effect.Effect<string, InvalidDeskInput> =>
  typeof ticketId === "string" && ticketId !== ""
    ? Effect.succeed(ticketId)
    : Effect.fail(new InvalidDeskInput({ field: "ticketId", reason: "must be a non-empty string" }))

const checkOptions = (options: unknown): Effect.Effect<string | undefined, InvalidDeskInput> => {
  if (options === undefined) return Effect.succeed(undefined)
  if (typeof options !== "object" || options === null)
    return Effect.fail(new InvalidDeskInput({ field: "options", reason: "must be { idempotencyKey? }" }))
  const key = (options as ExecuteOptions).idempotencyKey
  if (key !== undefined && (typeof key !== "string" || key === ""))
    return Effect.fail(
      new InvalidDeskInput({ field: "options.idempotencyKey", reason: "must be a non-empty string" }),
    )
  return Effect.succeed(key)
}

/**
 * The tasks the Desk sends at `now`: those whose due time has come (a timed action that is due, an
 * owed reply that is overdue: the automatic acknowledgement or update goes out when no agent gave
 * it in time), each once — a task already recorded as sent is never sent again.
 */
const toSend = (
  ticket: OpenedTicket,
  plan: FollowUp.FollowUpPlan,
  now: number,
): Array<FollowUp.FollowUpTask> => {
  const sent = new Set(ticket.followUpsSent.map((f) => f.taskId))
  return plan.tasks.filter(
    (t) => (t.state === "due" || t.state === "overdue") && t.dueAt.getTime() <= now && !sent.has(t.id),
  )
}

/** Service levels a level function returned that were checked already. */
const checkedLevels = new WeakSet<ServiceLevel>()

/** The ticket's service level; a level function's answer is checked once per distinct level. */
const levelFor = (s: Settings, ticket: OpenedTicket): Effect.Effect<ServiceLevel, InvalidDeskInput> => {
  if (typeof s.level !== "function") return Effect.succeed(s.level)
  const choose = s.level
  return Effect.suspend(() => {
    let level: ServiceLevel
    try {
      level = choose(ticket)
      if (!checkedLevels.has(level)) {
        ServiceLevels.make(level)
        checkedLevels.add(level)
      }
    } catch (e) {
      return Effect.fail(
        new InvalidDeskInput({
          field: "config.serviceLevel",
          reason: `for ticket ${JSON.stringify(ticket.id)} the function did not return a service level (${e instanceof Error ? e.message : String(e)})`,
        }),
      )
    }
    return Effect.succeed(level)
  })
}

/**
 * What the pure modules refused while looking at a stored history: a predicate the configuration
 * lacks (or that throws) is the configuration's fault; a malformed stored event is the store's.
 */
const refusal = (ticketId: string, e: unknown): InvalidDeskInput | StoreFailure => {
  if (e instanceof Sla.UnknownPredicate)
    return new InvalidDeskInput({ field: "config.predicates", reason: e.message })
  const field = (e as { field?: unknown }).field
  const reason = (e as { reason?: unknown }).reason
  if (typeof field === "string" && field.startsWith("events"))
    return new StoreFailure({
      operation: "load",
      reason: `the stored history of ticket ${JSON.stringify(ticketId)} is malformed: ${field}: ${String(reason)}`,
      cause: e,
    })
  return new InvalidDeskInput({
    field: "config",
    reason: `evaluating ticket ${JSON.stringify(ticketId)} failed: ${e instanceof Error ? e.message : String(e)}`,
  })
}

/** The ticket's SLA and follow-ups at `now`, and when it next needs attention. */
const viewOf = (
  s: Settings,
  ticketId: string,
  version: number,
  events: ReadonlyArray<TicketEvent>,
  now: number,
): Effect.Effect<TicketView | undefined, InvalidDeskInput | StoreFailure> =>
  Effect.gen(function* () {
    const ticket = replay(events, s.vocabulary)
    if (!ticket.exists) return undefined
    const level = yield* levelFor(s, ticket)
    const predicates = s.predicates !== undefined ? { predicates: s.predicates } : {}
    const evaluated = yield* Effect.try({
      try: () => {
        const sla = Sla.evaluate(events, {
          policies: level.sla,
          calendar: level.calendar,
          now,
          vocabulary: s.vocabulary,
          ...predicates,
        })
        const followUps = FollowUp.plan(events, {
          policy: level.followUp,
          calendar: level.calendar,
          now,
          sla: { policies: level.sla, status: sla, vocabulary: s.vocabulary, ...predicates },
          vocabulary: s.vocabulary,
        })
        const automations =
          s.automations === undefined
            ? noAutomation
            : Automation.plan(events, {
                rules: s.automations,
                calendar: level.calendar,
                now,
                sla: { policies: level.sla, status: sla, ...predicates },
                followUp: { policy: level.followUp, plan: followUps },
              })
        return { sla, followUps, automations }
      },
      catch: (e) => refusal(ticketId, e),
    })
    const { sla, followUps, automations } = evaluated
    const next = Math.min(
      sla.nextChangeAt?.getTime() ?? Number.POSITIVE_INFINITY,
      followUps.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY,
      automations.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY,
      // Tasks to send and firings to apply wait for the next tick: the ticket is due now.
      toSend(ticket, followUps, now).length > 0 || automations.due.length > 0
        ? now
        : Number.POSITIVE_INFINITY,
    )
    return {
      ticketId,
      serviceLevel: level.name,
      version,
      ticket,
      sla,
      followUps,
      automations,
      nextDueAt: next === Number.POSITIVE_INFINITY ? undefined : new Date(next),
    }
  })

const noAutomation: Automation.AutomationPlan = Object.freeze({
  due: Object.freeze([]),
  nextDueAt: undefined,
})

/**
 * A delivery bounded in time: one that does not answer within `ms` fails with `DeliveryFailed`
 * (the sink's work is interrupted, even inside the uninterruptible send-and-record step).
 */
const timed = (
  delivery: Effect.Effect<void, DeliveryFailed>,
  id: string,
  ms: number,
): Effect.Effect<void, DeliveryFailed> =>
  Effect.interruptible(delivery).pipe(
    Effect.timeoutOrElse({
      duration: ms,
      orElse: () =>
        Effect.fail(new DeliveryFailed({ taskId: id, reason: `the sink did not answer within ${ms} ms` })),
    }),
  )

/** A command as the Desk runs it: the caller's `at`, or `undefined` to stamp the Clock's time per attempt. */
type Pending = { readonly command: DeskCommand; readonly ticketId: string }

const makeDesk = (
  s: Settings,
  store: TicketStore["Service"],
  sink: FollowUpSink["Service"],
): Desk["Service"] => {
  const loadOrEmpty = (ticketId: string) =>
    store
      .load(ticketId)
      .pipe(
        Effect.catchTag("TicketNotFound", () =>
          Effect.succeed({ version: 0, events: [] as ReadonlyArray<TicketEvent> }),
        ),
      )

  /** Sets the due index from the ticket's history at `now`, as of its version. */
  const reschedule = (
    ticketId: string,
    events: ReadonlyArray<TicketEvent>,
    version: number,
    now: number,
    claim: string | undefined,
  ) =>
    Effect.flatMap(viewOf(s, ticketId, version, events, now), (view) =>
      store.setNextDue(ticketId, view?.nextDueAt?.getTime(), version, claim),
    )

  /**
   * One try: load, probe the key, decide, append at the loaded version, set the due time. With a
   * claim token (a tick's record), every write is fenced by it.
   */
  const attempt = (p: Pending, key: string | undefined, claim: string | undefined) =>
    Effect.gen(function* () {
      const loaded = yield* loadOrEmpty(p.ticketId)
      // The Clock is read per attempt: a retry after a conflict stamps the time it runs at.
      const now = yield* Clock.currentTimeMillis
      if (key !== undefined) {
        // An append of no events appends nothing and records no key: it answers whether this
        // key was used, so a redelivered command gets its original result, not a new decision.
        const probe = yield* store.append(p.ticketId, loaded.version, [], { idempotencyKey: key, claim })
        if (probe.duplicate) {
          // The first delivery may have failed between its append and its due-time update.
          yield* reschedule(p.ticketId, loaded.events, loaded.version, now, claim)
          return probe
        }
      }
      const command = {
        ...p.command,
        ticketId: p.ticketId,
        at: p.command.at ?? new Date(now),
      } as TicketCommand
      const decision = decide(replay(loaded.events, s.vocabulary), command, s.vocabulary)
      if (Result.isFailure(decision)) return yield* Effect.fail(decision.failure)
      const events = decision.success
      if (events.length === 0) return { version: loaded.version, events, duplicate: false }
      // Everything that may refuse the command (the service level included) runs before the append.
      const version = loaded.version + events.length
      const view = yield* viewOf(s, p.ticketId, version, [...loaded.events, ...events], now)
      const appended = yield* store.append(
        p.ticketId,
        loaded.version,
        events,
        key === undefined && claim === undefined ? undefined : { idempotencyKey: key, claim },
      )
      yield* store.setNextDue(p.ticketId, view?.nextDueAt?.getTime(), version, claim)
      return appended
    })

  /** One writer per ticket in this process: its commands and records do not conflict with each other. */
  const serially = ticketLocks()

  /**
   * A command as the ticket's only writer in this process; a conflict with another process makes
   * it load and decide again after a jittered pause, up to `maxAttempts` tries in all.
   */
  const run = (p: Pending, key: string | undefined, claim?: string) =>
    serially(p.ticketId, retryConflicts(attempt(p, key, claim), s.maxAttempts))

  const execute = (ticketId: string, command: DeskCommand, options?: ExecuteOptions) =>
    Effect.gen(function* () {
      const id = yield* checkTicketId(ticketId)
      const key = yield* checkOptions(options)
      if (typeof command !== "object" || command === null)
        return yield* new InvalidDeskInput({
          field: "command",
          reason: "must be a ticket command { type, … }",
        })
      if ("ticketId" in command && (command as { ticketId?: unknown }).ticketId !== id)
        return yield* new InvalidDeskInput({
          field: "command.ticketId",
          reason: `names another ticket than ${JSON.stringify(id)} (leave it out: the Desk sets it)`,
        })
      const at: unknown = (command as { at?: unknown }).at
      if (at !== undefined) {
        const problem =
          at instanceof Date ? instantProblem(at) : `must be a Date when given, received ${describe(at)}`
        if (problem !== undefined)
          return yield* new InvalidDeskInput({ field: "command.at", reason: problem })
      }
      const now = yield* Clock.currentTimeMillis
      // A command from the future would make every command stamped by the Clock until then a
      // "time went backwards": refuse it here.
      if (command.at instanceof Date && command.at.getTime() > now)
        return yield* new InvalidDeskInput({
          field: "command.at",
          reason: `${command.at.toISOString()} is later than the Desk's clock (${new Date(now).toISOString()})`,
        })
      return yield* run({ command, ticketId: id }, key).pipe(
        // Only a fenced append (a tick's record) can lose a claim: from a command it is the
        // store breaking its contract.
        Effect.catchTag("ClaimLost", (e) =>
          Effect.fail(new StoreFailure({ operation: "append", reason: e.message, cause: e })),
        ),
      )
    })

  const status = (ticketId: string) =>
    Effect.gen(function* () {
      const id = yield* checkTicketId(ticketId)
      const loaded = yield* store.load(id)
      const now = yield* Clock.currentTimeMillis
      const view = yield* viewOf(s, id, loaded.version, loaded.events, now)
      if (view === undefined) return yield* new TicketNotFound({ ticketId: id })
      return view
    })

  /**
   * The ticket as the store has it now, confirmed under the claim: an empty append at the version
   * in hand, fenced by the claim token, fails with `ClaimLost` if another worker holds the ticket
   * and with a conflict if the history moved on (then it is loaded again).
   */
  const confirm = (ticketId: string, claim: string, inHand: StoredTicket) =>
    Effect.gen(function* () {
      let current = inHand
      for (let tries = 1; ; tries++) {
        const probe = yield* Effect.result(store.append(ticketId, current.version, [], { claim }))
        if (Result.isSuccess(probe)) return current
        if (probe.failure._tag !== "ConcurrencyConflict" || tries >= s.maxAttempts)
          return yield* Effect.fail(probe.failure)
        current = yield* loadOrEmpty(ticketId)
      }
    })

  /**
   * Sends one task and records it (stamped when the delivery is done), as one step that an
   * interruption waits for. Before the send, the history is checked in the store under the claim:
   * the task must still be owed there (not recorded by another worker, not cancelled by a
   * command) and recordable (the ticket not closed or merged). Answers the history after the
   * record as far as it is known, or `undefined` when the task was no longer owed.
   */
  const deliver = (ticketId: string, claim: string, inHand: StoredTicket, task: FollowUp.FollowUpTask) =>
    Effect.uninterruptible(
      Effect.gen(function* () {
        const current = yield* confirm(ticketId, claim, inHand)
        const now = yield* Clock.currentTimeMillis
        if (current !== inHand) {
          const view = yield* viewOf(s, ticketId, current.version, current.events, now)
          const owed = view === undefined ? [] : toSend(view.ticket, view.followUps, now)
          if (!owed.some((t) => t.id === task.id)) return { sent: false, current } as const
        }
        const command: DeskCommand = { type: "RecordFollowUpSent", taskId: task.id, kind: task.kind }
        const check = decide(
          replay(current.events, s.vocabulary),
          { ...command, ticketId, at: new Date(now) } as TicketCommand,
          s.vocabulary,
        )
        if (Result.isFailure(check))
          return yield* new DeliveryFailed({
            taskId: task.id,
            reason: `not recordable: ${check.failure.message}`,
          })
        yield* timed(sink.send(task), task.id, s.deliveryTimeoutMs)
        // The task went out: its record is worth a few tries through a passing store failure (the
        // key makes a record that was stored but answered with a failure a duplicate, not a second
        // event). A record that still fails leaves the task owed: sent again later, at least once.
        const record = run({ command, ticketId }, `followup:${task.id}`, claim)
        const appended = yield* retryWhile(record, s.maxAttempts, (e) => e._tag === "StoreFailure").pipe(
          Effect.catch((e) =>
            Effect.fail(
              e._tag === "StoreFailure" || e._tag === "ClaimLost"
                ? e
                : new StoreFailure({
                    operation: "append",
                    reason: `recording ${task.id}: ${e.message}`,
                    cause: e,
                  }),
            ),
          ),
        )
        // If other writers appended in between, this version is wrong and the next confirm loads.
        const after: StoredTicket = {
          version: current.version + appended.events.length,
          events: [...current.events, ...appended.events],
        }
        return { sent: true, current: after } as const
      }),
    )

  const runner = (claim: string) => ({
    claim,
    vocabulary: s.vocabulary,
    maxAttempts: s.maxAttempts,
    limit: s.automationLimit,
    store,
    notify:
      sink.notify === undefined
        ? undefined
        : (n: Automation.Notification) => timed(sink.notify!(n), n.id, s.deliveryTimeoutMs),
    load: loadOrEmpty,
    serially,
    due: (
      ticketId: string,
      loaded: { readonly version: number; readonly events: ReadonlyArray<TicketEvent> },
      now: number,
    ) =>
      Effect.map(
        viewOf(s, ticketId, loaded.version, loaded.events, now),
        (view) => view?.automations.due ?? [],
      ),
  })

  /** One claimed ticket: send what is due, apply the automation firings due, then set its next due time. */
  const serve = (
    { ticketId, token }: Claim,
    now: number,
    sent: Array<FollowUp.FollowUpTask>,
    automated: Array<Automated>,
    failed: Array<TickFailure>,
  ) =>
    Effect.gen(function* () {
      const loaded = yield* loadOrEmpty(ticketId)
      const view = yield* viewOf(s, ticketId, loaded.version, loaded.events, now)
      const owed = view === undefined ? [] : toSend(view.ticket, view.followUps, now)
      let retryAt = Number.POSITIVE_INFINITY
      let recorded = 0
      let current = loaded
      for (const task of owed) {
        const outcome = yield* Effect.result(deliver(ticketId, token, current, task))
        if (Result.isSuccess(outcome)) {
          current = outcome.success.current
          if (outcome.success.sent) {
            sent.push(task)
            recorded++
          }
        } else if (outcome.failure._tag === "DeliveryFailed") {
          // A delivery that failed leaves its task owed: try again after a while, not at once.
          retryAt = now + RETRY_MS
          failed.push({ ticketId, taskId: task.id, reason: outcome.failure.reason })
        } else return yield* Effect.fail(outcome.failure)
      }
      let parked = false
      if (
        view !== undefined &&
        s.automations !== undefined &&
        (recorded > 0 || view.automations.due.length > 0)
      ) {
        const before = automated.length
        const outcome = yield* automate(runner(token), ticketId, automated)
        recorded += automated.length - before
        if (outcome._tag === "DeliveryFailed") {
          retryAt = now + RETRY_MS
          failed.push({ ticketId, taskId: outcome.failure.taskId, reason: outcome.failure.reason })
        } else if (outcome._tag === "Loop") {
          parked = true
          failed.push({ ticketId, taskId: undefined, reason: outcome.loop.message, loop: outcome.loop })
        }
      }
      // Only the tick's own records changed the ticket since it was loaded (a command meanwhile
      // writes its own, newer due time, which this one cannot overwrite): reload only then, and
      // look at it as of the Clock now, since the records were stamped with it.
      const fresh = recorded === 0 && current === loaded ? loaded : yield* loadOrEmpty(ticketId)
      const later = recorded === 0 ? now : Math.max(now, yield* Clock.currentTimeMillis)
      const next = fresh === loaded ? view : yield* viewOf(s, ticketId, fresh.version, fresh.events, later)
      const due = Math.min(next?.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY, retryAt)
      // Due again at once would mean a task that could not be sent: leave it a moment. Rules that
      // loop park the ticket until a command changes it.
      const at =
        parked || due === Number.POSITIVE_INFINITY ? undefined : due <= later ? later + RETRY_MS : due
      yield* store.setNextDue(ticketId, at, fresh.version, token)
    })

  const tick = () =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const claimed = yield* store.claimDue(now, s.batchSize, s.leaseMs)
      // Each ticket is served on its own, `tickConcurrency` at a time, into its own slot, so the
      // report lists tickets in claim order whatever order they finish in. One that fails is
      // reported and the others go on. A served (or interrupted) ticket is released; a failed one
      // keeps its claim, whose lease is the pause before the next try.
      const slots = claimed.map(() => ({
        sent: [] as Array<FollowUp.FollowUpTask>,
        automated: [] as Array<Automated>,
        failed: [] as Array<TickFailure>,
      }))
      const unserved = new Set(claimed)
      yield* Effect.forEach(
        claimed,
        (claim, k) =>
          Effect.gen(function* () {
            const slot = slots[k]!
            const outcome = yield* Effect.result(serve(claim, now, slot.sent, slot.automated, slot.failed))
            unserved.delete(claim)
            if (Result.isSuccess(outcome)) yield* Effect.ignore(store.release(claim.ticketId, claim.token))
            else
              slot.failed.push({
                ticketId: claim.ticketId,
                taskId: undefined,
                reason: outcome.failure.message,
              })
          }),
        { discard: true, concurrency: s.tickConcurrency },
      ).pipe(
        // An interrupted tick releases the tickets it had not served, so the next tick takes them.
        Effect.onInterrupt(() =>
          Effect.forEach([...unserved], (c) => Effect.ignore(store.release(c.ticketId, c.token)), {
            discard: true,
          }),
        ),
      )
      return {
        at: new Date(now),
        claimed: claimed.map((c) => c.ticketId),
        sent: slots.flatMap((x) => x.sent),
        automated: slots.flatMap((x) => x.automated),
        failed: slots.flatMap((x) => x.failed),
      }
    })

  return { execute, status, tick }
}
