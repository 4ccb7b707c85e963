import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { TicketEvent } from "../ticket/index.js"
import { ConcurrencyConflict, TicketNotFound } from "./errors.js"
import { type Appended, TicketStore } from "./store.js"

interface Stream {
  readonly events: Array<TicketEvent>
  /** Idempotency key → the result of the append that used it. */
  readonly keys: Map<string, Appended>
}

/**
 * An in-memory {@link TicketStore}: for tests, demos and single-process apps. Each operation runs
 * synchronously inside one `Effect.sync`, so concurrent fibers see every append and claim as atomic
 * (JavaScript runs one of them at a time). Data lives as long as the layer.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * import * as Effect from "effect/Effect"
 * const program = Effect.gen(function* () {
 *   const store = yield* Desk.TicketStore
 *   return yield* store.claimDue(0, 10, 60_000)
 * })
 * Effect.runSync(Effect.provide(program, Desk.memoryStore())) // => []
 * ```
 * @since 0.1.0
 * @category Adapters
 */
export const memoryStore = (): Layer.Layer<TicketStore> =>
  Layer.sync(TicketStore, () => {
    const streams = new Map<string, Stream>()
    /** Ticket → its due time (`undefined`: never) and the version it was computed from. */
    const due = new Map<string, { readonly at: number | undefined; readonly version: number }>()
    /** Ticket → the instant its claim lapses. */
    const claims = new Map<string, number>()
    return TicketStore.of({
      load: (ticketId) =>
        Effect.suspend(() => {
          const stream = streams.get(ticketId)
          return stream === undefined
            ? Effect.fail(new TicketNotFound({ ticketId }))
            : Effect.succeed({ version: stream.events.length, events: structuredClone(stream.events) })
        }),
      append: (ticketId, expectedVersion, events, options) =>
        Effect.suspend(() => {
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
      setNextDue: (ticketId, at, version) =>
        Effect.sync(() => {
          const known = due.get(ticketId)
          if (known === undefined || known.version <= version) due.set(ticketId, { at, version })
        }),
      release: (ticketId) =>
        Effect.sync(() => {
          claims.delete(ticketId)
        }),
      claimDue: (now, limit, leaseMs) =>
        Effect.sync(() => {
          const ready: Array<readonly [string, number]> = []
          for (const [ticketId, { at }] of due)
            if (at !== undefined && at <= now && (claims.get(ticketId) ?? Number.NEGATIVE_INFINITY) <= now)
              ready.push([ticketId, at])
          // Most overdue first, ties by id: deterministic for tests and fair to the oldest.
          ready.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          const claimed = ready.slice(0, Math.max(0, limit)).map(([ticketId]) => ticketId)
          for (const ticketId of claimed) claims.set(ticketId, now + leaseMs)
          return claimed
        }),
    })
  })
