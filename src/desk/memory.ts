import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { TicketEvent } from "../ticket/index.js"
import { DueIndex } from "./due-index.js"
import { ClaimLost, ConcurrencyConflict, TicketNotFound } from "./errors.js"
import { type Appended, TicketStore, type TicketStoreService } from "./store.js"

interface Stream {
  readonly events: Array<TicketEvent>
  /** Idempotency key → the result of the append that used it. */
  readonly keys: Map<string, Appended>
}

/**
 * An in-memory {@link TicketStore}: for tests, demos and single-process apps. Each operation runs
 * synchronously inside one `Effect.sync`, so concurrent fibers see every append and claim as atomic
 * (JavaScript runs one of them at a time). Data lives as long as the layer. Due times are kept in
 * order: `claimDue` costs O(k · log n) for the k tickets it claims among n stored, `setNextDue`
 * and `release` O(log n).
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * import * as Effect from "effect/Effect"
 * const program = Effect.gen(function* () {
 *   const store = yield* Desk.TicketStore
 *   yield* store.setNextDue("T-1", 0, 1)
 *   return yield* store.claimDue(0, 10, 60_000)
 * })
 * Effect.runSync(Effect.provide(program, Desk.memoryStore())) // => [{ ticketId: "T-1", token: "1" }]
 * ```
 * @since 0.1.0
 * @category Adapters
 */
export const memoryStore = (): Layer.Layer<TicketStore> =>
  Layer.sync(TicketStore, () => makeMemoryStore().store)

/**
 * The in-memory store's operations with its due index, so tests can count the index's work.
 * Internal: not exported from the package.
 */
export const makeMemoryStore = (): { readonly store: TicketStoreService; readonly dueIndex: DueIndex } => {
  const streams = new Map<string, Stream>()
  /** Ticket → the version its recorded due time was computed from. */
  const dueVersions = new Map<string, number>()
  /** Due times and claims, ordered so that a claim costs what is due, not what is stored. */
  const dueIndex = new DueIndex()
  const store = TicketStore.of({
    load: (ticketId) =>
      Effect.suspend(() => {
        const stream = streams.get(ticketId)
        return stream === undefined
          ? Effect.fail(new TicketNotFound({ ticketId }))
          : Effect.succeed({ version: stream.events.length, events: structuredClone(stream.events) })
      }),
    append: (ticketId, expectedVersion, events, options) =>
      Effect.suspend((): Effect.Effect<Appended, ConcurrencyConflict | ClaimLost> => {
        const claim = options?.claim
        if (claim !== undefined && !dueIndex.holds(ticketId, claim))
          return Effect.fail(new ClaimLost({ ticketId, token: claim }))
        const stream = streams.get(ticketId)
        const key = options?.idempotencyKey
        const earlier = key === undefined ? undefined : stream?.keys.get(key)
        if (earlier !== undefined)
          return Effect.succeed({ ...earlier, events: structuredClone(earlier.events), duplicate: true })
        const actual = stream?.events.length ?? 0
        if (actual !== expectedVersion)
          return Effect.fail(new ConcurrencyConflict({ ticketId, expectedVersion, actualVersion: actual }))
        // No events: nothing appended, no key recorded (the Desk probes keys this way).
        if (events.length === 0) return Effect.succeed({ version: actual, events: [], duplicate: false })
        const target = stream ?? { events: [], keys: new Map<string, Appended>() }
        if (stream === undefined) streams.set(ticketId, target)
        // Copies in and out, as a database would: a caller changing an event (or its Date) later
        // does not rewrite history.
        const copy = structuredClone(events) as Array<TicketEvent>
        target.events.push(...copy)
        const result: Appended = {
          version: target.events.length,
          events: structuredClone(copy),
          duplicate: false,
        }
        if (key !== undefined) target.keys.set(key, result)
        return Effect.succeed(result)
      }),
    setNextDue: (ticketId, at, version, claim) =>
      Effect.sync(() => {
        // O(log n). A due time from an older version than the recorded one is ignored, and so is
        // one from a worker whose claim is no longer the ticket's.
        if (claim !== undefined && !dueIndex.holds(ticketId, claim)) return
        const known = dueVersions.get(ticketId)
        if (known === undefined || known <= version) {
          dueVersions.set(ticketId, version)
          dueIndex.schedule(ticketId, at)
        }
      }),
    // O(log n).
    release: (ticketId, claim) => Effect.sync(() => dueIndex.release(ticketId, claim)),
    // O((k + m) · log n) for k tickets claimed and m leases lapsed since the last claim (see
    // DueIndex.claim); nothing scales with the tickets stored. Most overdue first, ties by id.
    claimDue: (now, limit, leaseMs) => Effect.sync(() => dueIndex.claim(now, limit, leaseMs)),
  })
  return { store, dueIndex }
}
