/**
 * The Desk's fault run: several workers (Desk instances) share one store for simulated days of a
 * support desk while the store and the sink fail on purpose, then a quiet spell without faults.
 * Counted at the end, each of which must be zero:
 *
 * - **owed but unsent**: a follow-up whose time has come, not recorded as sent, after the quiet
 *   spell (every worker ticked until nothing was due);
 * - **sent twice without cause**: a delivery of a task delivered before, where nothing explains the
 *   repeat: no injected fault touched that ticket between the earlier delivery and its record,
 *   and the sink did not fail after delivering it (a delivery whose record failed is owed again:
 *   at least once is the contract, and the task id is the sink's key to drop the repeat);
 * - **lost**: a command the client saw accepted that is not in the store, or a follow-up recorded
 *   as sent that the sink never delivered.
 *
 * Time is a `TestClock` moved in 5-minute steps; randomness is a seeded PRNG, so a run is the same
 * every time for a seed (up to the interleaving of the workers' fibers). Used by
 * `bench/desk-faults.bench.ts` (the figures of docs/scaling.md) and, small, by
 * `test/desk/faults.test.ts`.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
import { seeded } from "./harness.js"

export interface FaultRunOptions {
  readonly workers: number
  readonly days: number
  readonly ticketsPerDay: number
  /** Chance that a store operation fails before it runs (nothing done). */
  readonly storeFailBefore: number
  /** Chance that a store operation fails after it ran (done, but the caller sees a failure). */
  readonly storeFailAfter: number
  /** Chance that a delivery fails (nothing delivered). */
  readonly sinkFailBefore: number
  /** Chance that a delivery fails after the message went out (delivered, reported failed). */
  readonly sinkFailAfter: number
  readonly seed: number
}

export interface FaultRunResult {
  readonly workers: number
  readonly days: number
  readonly tickets: number
  readonly commandsAccepted: number
  readonly commandsRefused: number
  readonly deliveries: number
  readonly tasksDelivered: number
  readonly storeFaults: number
  readonly sinkFaults: number
  readonly repeatsWithCause: number
  readonly owedButUnsent: number
  readonly sentTwiceWithoutCause: number
  readonly lost: number
}

const T0 = Date.UTC(2025, 5, 2, 0, 0)
const STEP_MS = 5 * 60_000

const level = ServiceLevel.make({
  name: "Fault run",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({
    acknowledge: { within: "PT15M" },
    keepInformed: { every: "PT4H" },
    checkIn: { after: "PT6H" },
    survey: { kind: "csat", after: "PT12H" },
  }),
})

/** Everything the run observes, shared by the workers' store and sinks. */
class Ledger {
  storeFaults = 0
  sinkFaults = 0
  deliveries = 0
  repeatsWithCause = 0
  sentTwiceWithoutCause = 0
  /** Task id → deliveries. */
  readonly delivered = new Map<string, number>()
  /** Ticket → its tasks delivered and not yet recorded. */
  readonly unrecorded = new Map<string, Set<string>>()
  /** Tasks whose repeat an injected fault explains. */
  readonly caused = new Set<string>()

  /** A fault touched the ticket: its deliveries not yet recorded may be repeated. */
  faultOn(ticketId: string | undefined): void {
    if (ticketId === undefined) return
    for (const task of this.unrecorded.get(ticketId) ?? []) this.caused.add(task)
  }

  deliver(ticketId: string, taskId: string): void {
    this.deliveries++
    const before = this.delivered.get(taskId) ?? 0
    if (before > 0) {
      if (this.caused.has(taskId)) this.repeatsWithCause++
      else this.sentTwiceWithoutCause++
    }
    this.caused.delete(taskId)
    this.delivered.set(taskId, before + 1)
    const pending = this.unrecorded.get(ticketId) ?? new Set<string>()
    pending.add(taskId)
    this.unrecorded.set(ticketId, pending)
  }

  recorded(ticketId: string, taskId: string): void {
    this.unrecorded.get(ticketId)?.delete(taskId)
  }
}

/** The memory store, failing before or after an operation at the given rates. */
const faultyStore = (ledger: Ledger, rand: () => number, o: FaultRunOptions, on: { faults: boolean }) =>
  Layer.effect(
    Desk.TicketStore,
    Effect.gen(function* () {
      const inner = yield* Desk.TicketStore
      const inject = <A, E>(
        operation: string,
        ticketId: string | undefined,
        effect: Effect.Effect<A, E>,
        after?: (a: A) => void,
      ): Effect.Effect<A, E | Desk.StoreFailure> =>
        Effect.suspend(() => {
          const fault = (when: string) => {
            ledger.storeFaults++
            ledger.faultOn(ticketId)
            return Effect.fail(new Desk.StoreFailure({ operation, reason: `injected ${when}` }))
          }
          if (on.faults && rand() < o.storeFailBefore) return fault("before")
          return Effect.flatMap(effect, (a) => {
            after?.(a)
            return on.faults && rand() < o.storeFailAfter ? fault("after") : Effect.succeed(a)
          })
        })
      return Desk.TicketStore.of({
        load: (ticketId) => inject("load", ticketId, inner.load(ticketId)),
        append: (ticketId, expected, events, options) =>
          inject("append", ticketId, inner.append(ticketId, expected, events, options), (appended) => {
            for (const e of appended.events)
              if (e.type === "FollowUpSent") ledger.recorded(ticketId, e.taskId)
          }),
        setNextDue: (ticketId, at, version, claim) =>
          inject("setNextDue", ticketId, inner.setNextDue(ticketId, at, version, claim)),
        release: (ticketId, claim) => inject("release", ticketId, inner.release(ticketId, claim)),
        claimDue: (now, limit, leaseMs) => inject("claimDue", undefined, inner.claimDue(now, limit, leaseMs)),
      })
    }),
  )

const faultySink = (ledger: Ledger, rand: () => number, o: FaultRunOptions, on: { faults: boolean }) =>
  Layer.succeed(Desk.FollowUpSink, {
    send: (task) =>
      Effect.suspend(() => {
        if (on.faults && rand() < o.sinkFailBefore) {
          ledger.sinkFaults++
          return Effect.fail(new Desk.DeliveryFailed({ taskId: task.id, reason: "injected before" }))
        }
        ledger.deliver(task.ticketId, task.id)
        if (on.faults && rand() < o.sinkFailAfter) {
          ledger.sinkFaults++
          ledger.caused.add(task.id)
          return Effect.fail(new Desk.DeliveryFailed({ taskId: task.id, reason: "injected after" }))
        }
        return Effect.void
      }),
  })

/** Runs the simulation (it provides its own TestClock). */
export const faultRun = (o: FaultRunOptions): Promise<FaultRunResult> => {
  const rand = seeded(o.seed)
  const faultRand = seeded(o.seed ^ 0x5eed)
  const ledger = new Ledger()
  const on = { faults: true }
  const program = Effect.gen(function* () {
    yield* TestClock.setTime(T0)
    const shared = yield* Layer.build(Desk.memoryStore())
    const store = yield* Effect.provide(Desk.TicketStore.use(Effect.succeed), shared)
    const faulty = faultyStore(ledger, faultRand, o, on).pipe(Layer.provide(Layer.succeedContext(shared)))
    const desks: Array<Desk.DeskService> = []
    for (let w = 0; w < o.workers; w++)
      desks.push(
        yield* Effect.provide(
          Desk.Desk.use(Effect.succeed),
          Desk.Desk.layer({ serviceLevel: level, leaseMs: 30 * 60_000, batchSize: 50 }).pipe(
            Layer.provide(Layer.merge(faulty, faultySink(ledger, faultRand, o, on))),
          ),
        ),
      )
    const accepted = new Map<string, number>()
    let refused = 0
    let tickets = 0
    let commandNo = 0
    const open: Array<string> = []
    /** A client that retries with one idempotency key until the command is accepted or refused. */
    const client = (ticketId: string, command: Desk.DeskCommand, note?: string) =>
      Effect.gen(function* () {
        const key = `cmd-${++commandNo}`
        for (let attempt = 0; attempt < 50; attempt++) {
          const desk = desks[Math.floor(rand() * desks.length)]!
          const outcome = yield* Effect.result(desk.execute(ticketId, command, { idempotencyKey: key }))
          if (outcome._tag === "Success") {
            if (note !== undefined) accepted.set(note, (accepted.get(note) ?? 0) + 1)
            return true
          }
          const tag = outcome.failure._tag
          if (tag !== "StoreFailure" && tag !== "ConcurrencyConflict") {
            refused++
            return false
          }
        }
        throw new Error(`command ${key} on ${ticketId} was never accepted in 50 tries`)
      })
    const steps = (o.days * 24 * 3_600_000) / STEP_MS
    const opensPerStep = (o.ticketsPerDay * STEP_MS) / (24 * 3_600_000)
    const tickAll = Effect.forEach(desks, (desk) => Effect.ignore(desk.tick()), {
      concurrency: "unbounded",
      discard: true,
    })
    for (let step = 0; step < steps; step++) {
      const work: Array<Effect.Effect<unknown>> = []
      let opens = Math.floor(opensPerStep) + (rand() < opensPerStep % 1 ? 1 : 0)
      while (opens-- > 0) {
        const id = `T-${++tickets}`
        open.push(id)
        work.push(
          client(id, {
            type: "OpenTicket",
            channel: "email",
            priority: "normal",
            requester: { id: `c-${tickets}` },
          }),
        )
      }
      // A few commands on tickets opened earlier: notes (counted for loss), replies, status changes.
      for (let k = 0; k < 3 && open.length > 0; k++) {
        const id = open[Math.floor(rand() * open.length)]!
        const r = rand()
        if (r < 0.4) work.push(client(id, { type: "AddInternalNote", agentId: "a-1" }, id))
        else if (r < 0.6) work.push(client(id, { type: "ReceiveCustomerMessage" }))
        else if (r < 0.75) work.push(client(id, { type: "ChangeStatus", status: "open" }))
        else if (r < 0.9) work.push(client(id, { type: "ChangeStatus", status: "solved" }))
        else work.push(client(id, { type: "ReplyToCustomer", agentId: "a-1" }))
      }
      yield* Effect.all(work, { concurrency: "unbounded", discard: true })
      yield* tickAll
      yield* TestClock.adjust(STEP_MS)
    }
    // The quiet spell: no faults; every worker ticks until nothing is claimed (at most a day).
    on.faults = false
    for (let step = 0; step < (24 * 3_600_000) / STEP_MS; step++) {
      yield* TestClock.adjust(STEP_MS)
      yield* tickAll
    }
    // The counts.
    let owedButUnsent = 0
    let lost = 0
    const now = T0 + (steps + (24 * 3_600_000) / STEP_MS) * STEP_MS
    for (const id of open) {
      const loaded = yield* Effect.result(store.load(id))
      if (loaded._tag === "Failure") continue // never opened: its OpenTicket was refused
      const view = yield* desks[0]!.status(id)
      const notes = loaded.success.events.filter((e) => e.type === "NoteAdded").length
      lost += Math.max(0, (accepted.get(id) ?? 0) - notes)
      const sent = new Set(view.ticket.followUpsSent.map((f) => f.taskId))
      for (const f of view.ticket.followUpsSent) if (!ledger.delivered.has(f.taskId)) lost++
      for (const t of view.followUps.tasks)
        if ((t.state === "due" || t.state === "overdue") && t.dueAt.getTime() <= now && !sent.has(t.id))
          owedButUnsent++
    }
    return {
      workers: o.workers,
      days: o.days,
      tickets,
      commandsAccepted: commandNo - refused,
      commandsRefused: refused,
      deliveries: ledger.deliveries,
      tasksDelivered: ledger.delivered.size,
      storeFaults: ledger.storeFaults,
      sinkFaults: ledger.sinkFaults,
      repeatsWithCause: ledger.repeatsWithCause,
      owedButUnsent,
      sentTwiceWithoutCause: ledger.sentTwiceWithoutCause,
      lost,
    } satisfies FaultRunResult
  })
  return Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(TestClock.layer())))
}
